import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { renderTemplateForModule } from '../../../src/core/fixes/module-snippets';
import { Configuration } from '../../../src/core/model/config';
import { ParseCache } from '../../../src/core/model/loader';
import { DiskReader } from '../../../src/core/model/source';
import { listFixtureCases } from '../rules/fixture-runner';
import { PARTIAL_MODULE } from '../support/partial-module';
import { removeTree, writeTree } from '../support/temp-module';
import { usesOnlyLocalModules, validateConfigurations } from '../support/terraform-validate';

/** The rules whose fixes write security group rules (in the group's own style): their fixed/ outputs must be valid Terraform. */
const RULES = ['endpoint-sg-ingress', 'task-sg-egress', 'sg-mixed-rule-styles'];

/** A case with its fixed/ files laid over it, in a temp folder. */
function fixedConfiguration(dir: string): string {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), 'pecr-fixed-'));
  fs.cpSync(dir, target, {
    recursive: true,
    filter: (src) => path.basename(src) !== 'expected.json' && !src.startsWith(path.join(dir, 'fixed')),
  });
  fs.cpSync(path.join(dir, 'fixed'), target, { recursive: true });
  return target;
}

describe('fixed/ outputs of the security group fixes, and the full set rendered for a module', function () {
  this.timeout(300_000);
  const cases = listFixtureCases().filter(
    (c) => RULES.includes(c.ruleId) && c.kind === 'invalid' && fs.existsSync(path.join(c.dir, 'fixed')),
  );

  it('pass terraform validate (AWS provider from the local mirror)', () => {
    const configurations = new Map<string, string>();
    const skipped: string[] = [];
    try {
      for (const c of cases) {
        const name = `${c.ruleId}__${c.name}`.replace(/[^A-Za-z0-9_]/g, '_');
        const dir = fixedConfiguration(c.dir);
        if (usesOnlyLocalModules(dir)) configurations.set(name, dir);
        else {
          skipped.push(`${c.ruleId}/${c.name}`);
          removeTree(dir);
        }
      }
      // Registry modules cannot be installed offline; those cases are named, never silently dropped.
      if (skipped.length > 0) console.log(`      not validated (registry module source): ${skipped.join(', ')}`);
      assert.ok(configurations.size >= 10, `only ${configurations.size} fixed cases to validate`);
      // The full snippet set completed for a module that has part of it already (no second declaration, references to what is there).
      const partial = writeTree({ 'main.tf': PARTIAL_MODULE });
      const fullSet = renderTemplateForModule(
        'private-ecr-full-set',
        new Configuration(partial, new DiskReader(), new ParseCache()).root,
      ).text;
      removeTree(partial);
      configurations.set('module_snippet_full_set', writeTree({ 'main.tf': PARTIAL_MODULE, 'private_ecr.tf': fullSet }));
      const result = validateConfigurations(configurations);
      assert.deepEqual(result.problems, []);
      assert.ok(result.valid);
    } finally {
      for (const dir of configurations.values()) removeTree(dir);
    }
  });
});
