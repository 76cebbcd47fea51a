/** The manifest's settings stay in step with the rule registry (see scripts/gen-manifest-settings.ts). */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { withGeneratedSettings } from '../../../scripts/gen-manifest-settings';
import { allRuleMetas } from '../../../src/core/rules/registry';

const manifestFile = path.resolve(__dirname, '../../../package.json');

describe('manifest settings', () => {
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { contributes: { configuration: { properties: Record<string, { properties?: Record<string, unknown>; additionalProperties?: unknown; scope?: string; order?: number }> } } };
  const properties = manifest.contributes.configuration.properties;

  it('are current (regenerate: npx tsx scripts/gen-manifest-settings.ts)', () => {
    const regenerated = withGeneratedSettings(JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, unknown>);
    assert.deepEqual(JSON.parse(fs.readFileSync(manifestFile, 'utf8')), regenerated);
  });
  it('list every rule id under privateEcr.rules and reject unknown ids', () => {
    const rules = properties['privateEcr.rules'];
    assert.deepEqual(Object.keys(rules.properties ?? {}).sort(), allRuleMetas().map((m) => m.id).sort());
    assert.equal(rules.additionalProperties, false);
  });
  it('give analysis settings resource scope and every setting an order', () => {
    for (const name of ['privateEcr.enable', 'privateEcr.run', 'privateEcr.rules']) assert.equal(properties[name].scope, 'resource', name);
    for (const [name, schema] of Object.entries(properties)) assert.equal(typeof schema.order, 'number', name);
  });
});
