/**
 * Fix-all on a module that declares one address twice (`duplicate-block`, which Terraform refuses):
 * no file of that module is edited, as for a module with a syntax error (#8), because which
 * declaration a fix should edit, or whether an added block declares an address a third time, is not known.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixAllInMemory } from '../../../src/core/fixes/fix-all';
import { DiskReader } from '../../../src/core/model/source';
import { removeTree, writeTree } from '../support/temp-module';
import { check, REPO, snapshot } from './helpers';

/** The broken example plus a second declaration of aws_ecs_cluster.main in another file. */
function duplicated(dir: string): string {
  fs.cpSync(path.join(REPO, 'examples', 'article-broken'), dir, { recursive: true });
  const extra = path.join(dir, 'cluster.tf');
  fs.writeFileSync(extra, 'resource "aws_ecs_cluster" "main" {\n  name = "other"\n}\n');
  return extra;
}

describe('fix-all on a module with a duplicate-block error', () => {
  const dirs: string[] = [];
  const tree = () => {
    const dir = writeTree({});
    dirs.push(dir);
    return dir;
  };
  after(() => dirs.forEach(removeTree));

  it('edits no file of the module, and says why for each file a fix would have edited', () => {
    const dir = tree();
    duplicated(dir);
    const result = fixAllInMemory([dir], new DiskReader(), () => true);
    assert.deepEqual([...result.texts.keys()], []);
    assert.deepEqual(result.applied, []);
    const files = result.problems
      .filter((p) => p.kind === 'duplicate-block')
      .map((p) => path.basename(p.file!))
      .sort();
    assert.ok(files.length > 0, JSON.stringify(result.problems));
    for (const problem of result.problems.filter((p) => p.kind === 'duplicate-block')) {
      assert.match(
        problem.message,
        /(it declares|cluster\.tf in the same module declares|ecs\.tf in the same module declares) a block address twice \(duplicate-block\)/,
      );
    }
    assert.ok(!result.problems.some((p) => p.kind === 'not-removed' || p.kind === 'round-limit'), JSON.stringify(result.problems));
  });

  it('still refuses when the caller turned the duplicate-block finding off', () => {
    const dir = tree();
    duplicated(dir);
    const result = fixAllInMemory([dir], new DiskReader(), () => true, { severities: { 'duplicate-block': 'off' } });
    assert.deepEqual([...result.texts.keys()], []);
    assert.ok(
      result.problems.some((p) => p.kind === 'duplicate-block'),
      JSON.stringify(result.problems),
    );
  });

  it('--fix leaves every file byte for byte as it was and names the reason', async () => {
    const dir = tree();
    duplicated(dir);
    const before = snapshot(dir);
    const r = await check([dir, '--fix']);
    assert.deepEqual(snapshot(dir), before);
    assert.match(r.stderr, /not fixed: .*\.tf: .*a block address twice \(duplicate-block\)/);
    assert.match(r.stderr, /0 fixes applied/);
    assert.equal(r.code, 1, r.stderr);
  });

  it('still fixes a well-formed module next to it', async () => {
    const dir = tree();
    fs.cpSync(path.join(REPO, 'examples', 'article-broken'), path.join(dir, 'good'), { recursive: true });
    duplicated(path.join(dir, 'dup'));
    const dupBefore = snapshot(path.join(dir, 'dup'));
    const goodBefore = snapshot(path.join(dir, 'good'));
    const r = await check([dir, '--fix']);
    assert.deepEqual(snapshot(path.join(dir, 'dup')), dupBefore);
    assert.notDeepEqual(snapshot(path.join(dir, 'good')), goodBefore, r.stderr);
  });
});
