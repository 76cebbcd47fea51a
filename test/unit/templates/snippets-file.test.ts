import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TEMPLATES, TEMPLATE_IDS, buildSnippetsFileText, renderSnippetBody } from '../../../src/core/fixes/templates';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const snippetsPath = path.join(repoRoot, 'snippets', 'terraform.code-snippets');

describe('snippets/terraform.code-snippets', () => {
  const committed = readFileSync(snippetsPath, 'utf8');

  it('is exactly what scripts/gen-snippets.mjs generates from the templates (run `npx tsx scripts/gen-snippets.mjs`)', () => {
    assert.equal(committed, buildSnippetsFileText());
  });

  it('has one terraform-scoped snippet per template, keyed by title', () => {
    const file = JSON.parse(committed) as Record<string, { prefix: string; description: string; scope: string; body: string[] }>;
    assert.deepEqual(
      Object.keys(file),
      TEMPLATE_IDS.map((id) => TEMPLATES[id].title),
    );
    for (const id of TEMPLATE_IDS) {
      const entry = file[TEMPLATES[id].title];
      assert.equal(entry.prefix, TEMPLATES[id].snippetPrefix);
      assert.equal(entry.description, TEMPLATES[id].description);
      assert.equal(entry.scope, 'terraform');
      assert.deepEqual(entry.body, renderSnippetBody(id));
    }
  });

  it('is the file package.json contributes for the terraform language', () => {
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      contributes: { snippets: Array<{ language: string; path: string }> };
    };
    const contribution = manifest.contributes.snippets.find((s) => path.resolve(repoRoot, s.path) === snippetsPath);
    assert.ok(contribution, 'package.json does not contribute snippets/terraform.code-snippets');
    assert.equal(contribution.language, 'terraform');
  });
});
