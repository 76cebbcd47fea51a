/**
 * Findings cross a thread boundary in the editor (the analysis worker posts them). The parser's ranges
 * compute line and column when read (getters, which structured cloning drops): a syntax-tree range
 * that leaked into a finding, its related locations or its fix edits would arrive without them. So
 * findings must be plain data that clones to a strictly equal value.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzePaths } from '../../../src/core/analyze';

const repo = path.resolve(__dirname, '../../..');

describe('findings as data', () => {
  it('clone (structuredClone, as postMessage does) to equal values, fix edits included', () => {
    const dirs = ['examples/article-broken', 'test/fixtures/rules/endpoint-private-dns/invalid/unset'].map((d) => path.join(repo, d));
    const { findings } = analyzePaths(dirs);
    const edits = findings.flatMap((f) => f.fixes ?? []).flatMap((fix) => fix.edits);
    assert.ok(edits.length > 0, 'the inputs have fixes');
    // Strict: a class instance (a syntax-tree range) in a finding would clone to a plain object and differ.
    assert.deepStrictEqual(structuredClone(findings), findings);
    for (const edit of structuredClone(edits)) {
      assert.equal(typeof edit.range.start.line, 'number');
      assert.equal(typeof edit.range.end.character, 'number');
    }
  });
});
