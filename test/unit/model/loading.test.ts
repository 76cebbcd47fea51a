/**
 * How a module's files are gathered: duplicates reported with both places, `.tofu` twins shadowing
 * `.tf` files (and saying so), override files merged, and variable files that cannot be read.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { analyzePaths } from '../../../src/core/analyze';
import { addTerraformSyntaxMessages } from '../../../src/core/hcl/terraform-messages';
import { isConfigurationFile, isOverrideFile, orderVariableFiles, selectConfigurationFiles } from '../../../src/core/model/loader';

const fixtures = path.resolve(__dirname, '../../fixtures/rules');

describe('loading module files', () => {
  it('names both declarations of a duplicate address', () => {
    const dir = path.join(fixtures, 'duplicate-block/invalid/tf-and-json');
    const finding = analyzePaths([dir]).findings.find((f) => f.ruleId === 'duplicate-block');
    assert.ok(finding);
    assert.equal(path.basename(finding.file!), 'main.tf');
    assert.match(finding.message, /already declared at extra\.tf\.json:4/);
    assert.deepEqual(
      finding.related?.map((r) => [path.basename(r.file), r.range.start.line, r.range.start.character]),
      [['extra.tf.json', 3, 6]],
    );
  });

  it('reads x.tofu instead of x.tf and lists the shadowed file as skipped', () => {
    const dir = path.join(fixtures, 'ecr-dkr-endpoint/valid/tofu-shadows-tf');
    const { coverage } = analyzePaths([dir]);
    assert.deepEqual(
      coverage.files.map((f) => path.basename(f)),
      ['main.tofu'],
    );
    assert.deepEqual(
      coverage.skipped.map((s) => [path.basename(s.what), s.reason]),
      [['main.tf', 'shadowed by main.tofu (OpenTofu reads only the .tofu file)']],
    );
  });

  it('classifies configuration, override and variable files as Terraform and OpenTofu do', () => {
    for (const name of ['main.tf', 'main.tf.json', 'main.tofu', 'main.tofu.json', 'override.tf'])
      assert.ok(isConfigurationFile(`/m/${name}`), name);
    for (const name of ['.hidden.tf', 'main.tf~', 'terraform.tfvars', 'x.json', '.tf']) assert.ok(!isConfigurationFile(`/m/${name}`), name);
    for (const name of ['override.tf', 'override.tf.json', 'a_override.tofu', 'b_override.tofu.json'])
      assert.ok(isOverrideFile(`/m/${name}`), name);
    assert.ok(!isOverrideFile('/m/overrides.tf'));
    const selected = selectConfigurationFiles([
      '/m/z_override.tf',
      '/m/a.tf',
      '/m/a.tofu',
      '/m/b.tf.json',
      '/m/b.tofu.json',
      '/m/override.tf',
      '/m/c.tf',
    ]);
    assert.deepEqual(selected.primary, ['/m/a.tofu', '/m/b.tofu.json', '/m/c.tf']);
    assert.deepEqual(selected.overrides, ['/m/override.tf', '/m/z_override.tf']);
    assert.deepEqual(orderVariableFiles(['/r/b.auto.tfvars.json', '/r/terraform.tfvars.json', '/r/a.auto.tfvars', '/r/terraform.tfvars']), [
      '/r/terraform.tfvars',
      '/r/terraform.tfvars.json',
      '/r/a.auto.tfvars',
      '/r/b.auto.tfvars.json',
    ]);
  });

  it('points at the override file for an argument it replaced', () => {
    const dir = path.join(fixtures, 'endpoint-private-dns/invalid/override-turns-off');
    const finding = analyzePaths([dir]).findings.find((f) => f.ruleId === 'endpoint-private-dns');
    assert.ok(finding);
    assert.equal(path.basename(finding.file!), 'override.tf');
    assert.equal(finding.fixes, undefined, 'no fix on a block whose parts are in two files');
  });

  it('reports a variable file that cannot be read', () => {
    const dir = path.join(fixtures, 'endpoint-private-dns/valid/var-after-var-file');
    const missing = path.join(dir, 'envs', 'missing.tfvars');
    const finding = analyzePaths([dir], { variables: { cli: [{ file: missing }] } }).findings.find((f) => f.ruleId === 'file-unreadable');
    assert.ok(finding);
    assert.match(finding.message, /Cannot read the variable file .*missing\.tfvars: no such file or folder/);
  });

  it('keeps the JSON parser message for syntax errors in JSON files (hcl2json reads native syntax only)', async () => {
    const dir = path.join(fixtures, 'hcl-syntax/invalid/invalid-json');
    const findings = analyzePaths([dir]).findings.filter((f) => f.ruleId === 'hcl-syntax');
    const worded = await addTerraformSyntaxMessages(findings, (file) => fs.readFileSync(file, 'utf8'));
    assert.deepEqual(worded.failures, []);
    assert.deepEqual(
      worded.findings.map((f) => f.message),
      ["Invalid JSON: expected ',' or '}' after a property, found '\"'"],
    );
  });
});
