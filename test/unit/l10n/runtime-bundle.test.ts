/** The editor's runtime strings (vscode.l10n.t) and their bundles in l10n/ (see scripts/gen-l10n-bundle.ts). */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { englishBundle } from '../../../scripts/gen-l10n-bundle';

const root = path.resolve(__dirname, '../../..');
const read = (name: string) => JSON.parse(fs.readFileSync(path.join(root, 'l10n', name), 'utf8')) as Record<string, string>;
const placeholders = (text: string) => [...new Set(text.match(/\{\d+\}/g) ?? [])].sort().join(',');

describe('runtime string bundles (l10n/)', () => {
  it('bundle.l10n.json holds every vscode.l10n.t message of the editor layer (regenerate: npx tsx scripts/gen-l10n-bundle.ts)', () => {
    assert.deepEqual(read('bundle.l10n.json'), englishBundle());
  });

  it('bundle.l10n.ja.json has exactly the same keys', () => {
    const en = Object.keys(read('bundle.l10n.json'));
    const ja = Object.keys(read('bundle.l10n.ja.json'));
    assert.deepEqual({ missing: en.filter((k) => !ja.includes(k)), extra: ja.filter((k) => !en.includes(k)) }, { missing: [], extra: [] });
  });

  it('keeps the placeholders of every message and translates it', () => {
    const ja = read('bundle.l10n.ja.json');
    const problems: string[] = [];
    for (const [key, value] of Object.entries(ja)) {
      if (placeholders(key) !== placeholders(value)) problems.push(`${key}: placeholders {${placeholders(key)}} vs {${placeholders(value)}}`);
      if (!/[\u3040-\u30ff\u4e00-\u9fff]/.test(value)) problems.push(`${key}: not Japanese`);
    }
    assert.deepEqual(problems, []);
  });

  it('is where the manifest says the bundles are', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { l10n?: string };
    assert.equal(manifest.l10n, './l10n');
  });
});
