/**
 * The command line's run (no caller cache) reads every file once, although finding the roots and
 * analysing them both need the files, and parses trees per root; its findings are those of a run
 * with one shared parse cache (the editor's way).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzePaths } from '../../../src/core/analyze';
import { ParseCache } from '../../../src/core/model/loader';
import { DiskReader, type SourceReader } from '../../../src/core/model/source';

const repo = path.resolve(__dirname, '../../..');

function countingReader(reads: Map<string, number>): SourceReader {
  const disk = new DiskReader();
  return {
    readText: (p) => {
      reads.set(p, (reads.get(p) ?? 0) + 1);
      return disk.readText(p);
    },
    listDir: (p) => disk.listDir(p),
    realPath: (p) => disk.realPath(p),
    isDirectory: (p) => disk.isDirectory(p),
  };
}

describe('analysis of a tree of roots', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'private-ecr-read-once-'));
    fs.cpSync(path.join(repo, 'examples', 'article'), path.join(dir, 'article'), { recursive: true });
    fs.cpSync(path.join(repo, 'examples', 'article-broken'), path.join(dir, 'broken'), { recursive: true });
    // A root calling a local module: the module's files are read by the root search and by the analysis.
    fs.cpSync(path.join(repo, 'examples', 'article-broken'), path.join(dir, 'wrapped', 'modules', 'app'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'wrapped', 'main.tf'), 'module "app" {\n  source = "./modules/app"\n}\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads each file once and finds what a run with one shared cache finds', () => {
    const reads = new Map<string, number>();
    const result = analyzePaths([dir], { reader: countingReader(reads) });
    assert.deepEqual(
      result.roots.map((r) => path.relative(dir, r)),
      ['article', 'broken', 'wrapped'],
    );
    assert.ok(reads.size > 5, `read ${reads.size} files`);
    assert.deepEqual(
      [...reads].filter(([, n]) => n !== 1),
      [],
      'files read more than once',
    );
    const shared = analyzePaths([dir], { reader: new DiskReader(), cache: new ParseCache() });
    assert.ok(result.findings.length > 0);
    assert.deepEqual(result.findings, shared.findings);
    assert.deepEqual(result.coverage, shared.coverage);
  });
});
