import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diskFileWriter, writeFilesSafely, type FileWriter } from '../../../src/core/fixes/file-writer';
import { removeTree, writeTree } from '../support/temp-module';
import { BOM, check, REPO, snapshot } from './helpers';

/** The real disk, except that writing the temporary copy of `fullFile` runs out of space half way. */
function diskFullOn(fullFile: string): FileWriter {
  return {
    ...diskFileWriter,
    createFile(temp, bytes, mode) {
      if (path.basename(temp).startsWith(`.${path.basename(fullFile)}.`)) {
        // Half the bytes reach the disk, then the device is full.
        fs.writeFileSync(temp, bytes.subarray(0, bytes.length >> 1), { mode });
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      }
      diskFileWriter.createFile(temp, bytes, mode);
    },
  };
}

/** The real disk, except that renaming over `failFile` is refused. */
function renameFailsOn(failFile: string): FileWriter {
  return {
    ...diskFileWriter,
    rename(from, to) {
      if (to === failFile) throw Object.assign(new Error('EACCES: permission denied, rename'), { code: 'EACCES' });
      diskFileWriter.rename(from, to);
    },
  };
}

function brokenExample(): string {
  const dir = writeTree({});
  fs.cpSync(path.join(REPO, 'examples', 'article-broken'), dir, { recursive: true });
  return dir;
}

describe('--fix writes atomically (issue #8, item 2)', () => {
  it('a full disk while preparing one file leaves every file untouched, names each, exits 2', async () => {
    const dir = brokenExample();
    try {
      const before = snapshot(dir);
      const r = await check([dir, '--fix'], { writer: diskFullOn(path.join(dir, 'endpoints.tf')) });
      assert.equal(r.code, 2);
      assert.deepEqual(snapshot(dir), before, 'no file changed and no temporary file left behind');
      assert.match(r.stderr, /the fixes could not all be written \(0 of \d+ files written\)/);
      assert.match(r.stderr, /endpoints\.tf: not changed \(cannot write its new content: no space left on device \(ENOSPC\)\)/);
      for (const name of ['ecs.tf', 'network.tf']) {
        if (before.has(name)) assert.match(r.stderr, new RegExp(`${name.replace('.', '\\.')}: not changed`));
      }
      assert.doesNotMatch(r.stderr, /^fixed: /m, 'nothing claims to be fixed');
      // The findings are still printed.
      assert.match(r.stdout, /error ecr-dkr-endpoint/);
    } finally {
      removeTree(dir);
    }
  });

  it('a failed rename reports which files were written and which were not', async () => {
    const dir = brokenExample();
    try {
      const before = snapshot(dir);
      const target = fs.realpathSync(path.join(dir, 'network.tf'));
      const r = await check([dir, '--fix'], { writer: renameFailsOn(target) });
      assert.equal(r.code, 2);
      const after = snapshot(dir);
      assert.deepEqual(after.get('network.tf'), before.get('network.tf'));
      assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort(), 'no temporary file left');
      assert.match(r.stderr, /network\.tf: not changed \(cannot replace it: permission denied \(EACCES\)\)/);
      for (const line of r.stderr.split('\n').filter((l) => /^ {2}\S+\.tf: written/.test(l))) {
        const name = line.trim().split(':')[0];
        assert.notDeepEqual(after.get(path.basename(name)), before.get(path.basename(name)), `${name} says written`);
      }
    } finally {
      removeTree(dir);
    }
  });

  it('never leaves a partly written file: the original or the whole new text', () => {
    const dir = writeTree({ 'a.tf': 'old a\n', 'b.tf': 'old b\n' });
    try {
      const texts = new Map([
        [path.join(dir, 'a.tf'), 'new a\n'],
        [path.join(dir, 'b.tf'), 'new b\n'],
      ]);
      const result = writeFilesSafely(texts, new Map(), diskFullOn(path.join(dir, 'b.tf')));
      assert.equal(result.ok, false);
      assert.deepEqual(
        result.files.map((f) => [path.basename(f.file), f.state]),
        [
          ['a.tf', 'unchanged'],
          ['b.tf', 'unchanged'],
        ],
      );
      assert.equal(fs.readFileSync(path.join(dir, 'a.tf'), 'utf8'), 'old a\n');
      assert.equal(fs.readFileSync(path.join(dir, 'b.tf'), 'utf8'), 'old b\n');
      assert.deepEqual(fs.readdirSync(dir).sort(), ['a.tf', 'b.tf']);
      const ok = writeFilesSafely(texts, new Map());
      assert.equal(ok.ok, true);
      assert.equal(fs.readFileSync(path.join(dir, 'b.tf'), 'utf8'), 'new b\n');
    } finally {
      removeTree(dir);
    }
  });

  it('keeps a BOM and the permission bits, and refuses a file changed meanwhile', () => {
    const dir = writeTree({ 'a.tf': Buffer.concat([BOM, Buffer.from('old\n')]), 'b.tf': 'old\n' });
    try {
      const a = path.join(dir, 'a.tf');
      const b = path.join(dir, 'b.tf');
      fs.chmodSync(a, 0o640);
      const result = writeFilesSafely(new Map([[a, 'new\n']]), new Map([[a, 'old\n']]));
      assert.equal(result.ok, true);
      assert.deepEqual(fs.readFileSync(a), Buffer.concat([BOM, Buffer.from('new\n')]));
      assert.equal(fs.statSync(a).mode & 0o777, 0o640);
      const stale = writeFilesSafely(new Map([[b, 'new\n']]), new Map([[b, 'what we read\n']]));
      assert.equal(stale.ok, false);
      assert.match(stale.files[0].reason ?? '', /changed on disk/);
      assert.equal(fs.readFileSync(b, 'utf8'), 'old\n');
    } finally {
      removeTree(dir);
    }
  });

  it('a temporary file that cannot be removed is named', () => {
    const dir = writeTree({ 'a.tf': 'old\n' });
    try {
      const a = path.join(dir, 'a.tf');
      const writer: FileWriter = {
        ...diskFullOn(a),
        remove() {
          throw Object.assign(new Error('EIO'), { code: 'EIO' });
        },
      };
      const result = writeFilesSafely(new Map([[a, 'new\n']]), new Map(), writer);
      assert.equal(result.ok, false);
      assert.ok(result.files[0].leftover && fs.existsSync(result.files[0].leftover), JSON.stringify(result.files));
      assert.equal(fs.readFileSync(a, 'utf8'), 'old\n');
    } finally {
      removeTree(dir);
    }
  });
});
