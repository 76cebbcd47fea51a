import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixAllInMemory } from '../../../src/core/fixes/fix-all';
import { DiskReader } from '../../../src/core/model/source';
import { removeTree, writeTree } from '../support/temp-module';
import { check, REPO, snapshot } from './helpers';

/** The broken example with endpoints.tf cut right after `egress` (as while typing). */
function cutExample(): { dir: string; cutFile: string } {
  const dir = writeTree({});
  fs.cpSync(path.join(REPO, 'examples', 'article-broken'), dir, { recursive: true });
  const cutFile = path.join(dir, 'endpoints.tf');
  const text = fs.readFileSync(cutFile, 'utf8');
  fs.writeFileSync(cutFile, text.slice(0, text.indexOf('egress') + 'egress'.length));
  return { dir, cutFile };
}

describe('fix-all on a file that ends inside an unclosed block (issue #8, item 1)', () => {
  it('applies no fix to that file, says so, and stops', () => {
    const { dir, cutFile } = cutExample();
    try {
      const result = fixAllInMemory([dir], new DiskReader(), () => true);
      assert.ok(!result.texts.has(cutFile), 'the cut file must not be changed');
      const problem = result.problems.find((p) => p.file === cutFile);
      assert.equal(problem?.kind, 'syntax-error');
      assert.ok(!result.problems.some((p) => p.kind === 'not-removed' || p.kind === 'round-limit'), JSON.stringify(result.problems));
    } finally {
      removeTree(dir);
    }
  });

  it('--fix leaves the cut file byte for byte as it was', async () => {
    const { dir, cutFile } = cutExample();
    try {
      const before = fs.readFileSync(cutFile);
      const r = await check([dir, '--fix']);
      assert.deepEqual(fs.readFileSync(cutFile), before);
      assert.match(r.stderr, /not fixed: .*endpoints\.tf: it has syntax errors/);
      assert.equal(r.code, 1, r.stderr);
      assert.doesNotMatch(fs.readFileSync(path.join(dir, 'network.tf'), 'utf8'), /\}resource/);
    } finally {
      removeTree(dir);
    }
  });

  it('applies no fix to the other files of that module either (what the cut file declares is unknown)', async () => {
    const { dir } = cutExample();
    try {
      const before = snapshot(dir);
      const r = await check([dir, '--fix']);
      assert.deepEqual(snapshot(dir), before);
      assert.match(r.stderr, /not fixed: .*ecs\.tf: endpoints\.tf in the same module has syntax errors/);
      assert.match(r.stderr, /0 fixes applied/);
    } finally {
      removeTree(dir);
    }
  });

  it('fixes a well-formed module next to the broken one', async () => {
    const dir = writeTree({});
    try {
      fs.cpSync(path.join(REPO, 'examples', 'article-broken'), path.join(dir, 'good'), { recursive: true });
      fs.cpSync(path.join(REPO, 'examples', 'article-broken'), path.join(dir, 'cut'), { recursive: true });
      const cutFile = path.join(dir, 'cut', 'endpoints.tf');
      const text = fs.readFileSync(cutFile, 'utf8');
      fs.writeFileSync(cutFile, text.slice(0, text.indexOf('egress') + 'egress'.length));
      const cutBefore = snapshot(path.join(dir, 'cut'));
      const goodBefore = snapshot(path.join(dir, 'good'));
      const r = await check([dir, '--fix']);
      assert.deepEqual(snapshot(path.join(dir, 'cut')), cutBefore);
      assert.notDeepEqual(snapshot(path.join(dir, 'good')), goodBefore, r.stderr);
    } finally {
      removeTree(dir);
    }
  });
});
