/** The manifest's settings stay in step with the rule registry (see scripts/gen-manifest-settings.ts). */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NLS_FILES, withGeneratedNls, withGeneratedSettings } from '../../../scripts/gen-manifest-settings';
import { allRuleMetas } from '../../../src/core/rules/registry';

const manifestFile = path.resolve(__dirname, '../../../package.json');

describe('manifest settings', () => {
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as {
    contributes: {
      configuration: {
        properties: Record<
          string,
          { properties?: Record<string, unknown>; additionalProperties?: unknown; scope?: string; order?: number }
        >;
      };
    };
  };
  const properties = manifest.contributes.configuration.properties;

  it('are current (regenerate: npx tsx scripts/gen-manifest-settings.ts)', () => {
    const regenerated = withGeneratedSettings(JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, unknown>);
    assert.deepEqual(JSON.parse(fs.readFileSync(manifestFile, 'utf8')), regenerated);
  });
  it('list every rule id under privateEcr.rules and reject unknown ids', () => {
    const rules = properties['privateEcr.rules'];
    assert.deepEqual(
      Object.keys(rules.properties ?? {}).sort(),
      allRuleMetas()
        .map((m) => m.id)
        .sort(),
    );
    assert.equal(rules.additionalProperties, false);
  });
  it('give analysis settings resource scope and every setting an order', () => {
    for (const name of ['privateEcr.enable', 'privateEcr.run', 'privateEcr.rules']) assert.equal(properties[name].scope, 'resource', name);
    for (const [name, schema] of Object.entries(properties)) assert.equal(typeof schema.order, 'number', name);
  });
});

describe('manifest localisation (package.nls.json, package.nls.ja.json)', () => {
  const root = path.dirname(manifestFile);
  const manifestText = fs.readFileSync(manifestFile, 'utf8');
  const used = [...new Set([...manifestText.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]))].sort();
  const read = (name: string) => JSON.parse(fs.readFileSync(path.join(root, name), 'utf8')) as Record<string, string>;

  for (const [language, name] of Object.entries(NLS_FILES) as Array<['en' | 'ja', string]>) {
    it(`${name} has exactly the keys package.json uses`, () => {
      const keys = Object.keys(read(name));
      assert.deepEqual(
        { missing: used.filter((k) => !keys.includes(k)), extra: keys.filter((k) => !used.includes(k)) },
        { missing: [], extra: [] },
      );
    });
    it(`${name} is current (regenerate: npx tsx scripts/gen-manifest-settings.ts)`, () => {
      assert.deepEqual(read(name), withGeneratedNls(read(name), language));
    });
  }

  it('leaves no user-visible manifest string unlocalised', () => {
    const manifest = JSON.parse(manifestText) as {
      capabilities: { untrustedWorkspaces: { description: string } };
      contributes: Record<string, unknown>;
    };
    const literal: string[] = [];
    const visit = (value: unknown, where: string) => {
      if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${where}[${i}]`));
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, `${where}.${k}`);
      else if (
        typeof value === 'string' &&
        /\.(title|name|description|markdownDescription|patternErrorMessage|category|enumDescriptions\[\d+\])$/.test(where) &&
        !/^%[^%]+%$/.test(value)
      )
        literal.push(`${where}: ${value}`);
    };
    visit(manifest.contributes, 'contributes');
    visit(manifest.capabilities, 'capabilities');
    assert.deepEqual(literal, []);
  });

  it('writes the Japanese of every key in Japanese', () => {
    const ja = read('package.nls.ja.json');
    const en = read('package.nls.json');
    // Product names stay as they are.
    const untranslated = Object.keys(en).filter((k) => ja[k] === en[k] && !['Private ECR', 'Private ECR Pull'].includes(en[k]));
    assert.deepEqual(untranslated, []);
  });
});
