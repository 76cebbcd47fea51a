// The browser bundle's stand-ins for Node modules (src/web/node-shims/) agree with Node where the core uses them,
// and the in-memory copy of a workspace reads like the disk.
import * as assert from 'node:assert/strict';
import * as nodePath from 'node:path';
import fc from 'fast-check';
import { Buffer as WebBufferStatics, type WebBuffer } from '../../../src/web/node-shims/buffer';
import * as webPath from '../../../src/web/node-shims/path';
import * as webFs from '../../../src/web/node-shims/fs';
import * as nodeCrypto from 'node:crypto';
import { createHash, createPrivateKey } from '../../../src/web/node-shims/crypto';
import { getHeapStatistics, gunzipSync } from '../../../src/web/node-shims/unavailable';
import { Stop } from '../../../src/core/model/functions/support';
import { MemoryReader, MemoryTree } from '../../../src/web/memory-tree';

const segment = fc.constantFrom('a', 'b', 'mod', '..', '.', '', 'x.tf', 'envs');
const pathText = fc
  .tuple(fc.boolean(), fc.array(segment, { maxLength: 6 }))
  .map(([absolute, parts]) => (absolute ? '/' : '') + parts.join('/'));

describe('web bundle: path stand-in', () => {
  it('agrees with Node\u2019s POSIX path for join, normalize, dirname, basename, extname, isAbsolute', () => {
    fc.assert(
      fc.property(pathText, pathText, (a, b) => {
        assert.equal(webPath.join(a, b), nodePath.posix.join(a, b), `join(${a}, ${b})`);
        assert.equal(webPath.normalize(a), nodePath.posix.normalize(a), `normalize(${a})`);
        assert.equal(webPath.dirname(a), nodePath.posix.dirname(a), `dirname(${a})`);
        assert.equal(webPath.basename(a), nodePath.posix.basename(a), `basename(${a})`);
        assert.equal(webPath.extname(a), nodePath.posix.extname(a), `extname(${a})`);
        assert.equal(webPath.isAbsolute(a), nodePath.posix.isAbsolute(a));
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with Node\u2019s POSIX path for resolve and relative on absolute paths (a browser has no working folder)', () => {
    const absolute = pathText.map((p) => `/${p}`);
    fc.assert(
      fc.property(absolute, pathText, absolute, (a, b, c) => {
        assert.equal(webPath.resolve(a, b), nodePath.posix.resolve(a, b), `resolve(${a}, ${b})`);
        assert.equal(webPath.relative(a, c), nodePath.posix.relative(a, c), `relative(${a}, ${c})`);
      }),
      { numRuns: 2000 },
    );
    assert.equal(webPath.resolve('relative/x'), '/relative/x');
  });
});

describe('web bundle: Buffer stand-in', () => {
  const encodings = ['utf8', 'hex', 'base64', 'base64url', 'latin1', 'utf16le'] as const;
  it('encodes and decodes text as Node\u2019s Buffer does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constantFrom(...encodings), (text, encoding) => {
        const ours = WebBufferStatics.from(text, 'utf8');
        assert.deepEqual([...ours], [...Buffer.from(text, 'utf8')]);
        assert.equal(
          ours.toString(encoding),
          Buffer.from(text, 'utf8').toString(encoding),
          `toString(${encoding}) of ${JSON.stringify(text)}`,
        );
        const encoded = Buffer.from(text, 'utf8').toString(encoding);
        if (encoding !== 'latin1' && encoding !== 'utf16le')
          assert.deepEqual([...WebBufferStatics.from(encoded, encoding)], [...Buffer.from(encoded, encoding)]);
        assert.deepEqual([...WebBufferStatics.from(text, 'utf16le').swap16()], [...Buffer.from(text, 'utf16le').swap16()]);
      }),
      { numRuns: 1000 },
    );
    assert.deepEqual([...WebBufferStatics.concat([WebBufferStatics.from('ab'), WebBufferStatics.alloc(2)])], [97, 98, 0, 0]);
    assert.equal((WebBufferStatics.from([0xde, 0xad]).subarray(1) as WebBuffer).toString('hex'), 'ad');
  });
});

describe('web bundle: crypto stand-in', () => {
  it('md5, sha1, sha256 and sha512 digests equal Node’s, across block boundaries', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.string({ maxLength: 80 }),
        fc.constantFrom('md5', 'sha1', 'sha256', 'sha512'),
        (bytes, text, algorithm) => {
          assert.equal(
            createHash(algorithm).update(bytes).digest('hex'),
            nodeCrypto.createHash(algorithm).update(bytes).digest('hex'),
            `${algorithm} of ${bytes.length} bytes`,
          );
          assert.equal(
            createHash(algorithm).update(text, 'utf8').digest('base64'),
            nodeCrypto.createHash(algorithm).update(text, 'utf8').digest('base64'),
          );
          assert.deepEqual(
            [...createHash(algorithm).update(bytes).update(text, 'utf8').digest()],
            [...nodeCrypto.createHash(algorithm).update(bytes).update(text, 'utf8').digest()],
          );
        },
      ),
      { numRuns: 400 },
    );
    for (const length of [55, 56, 63, 64, 111, 112, 127, 128, 1000]) {
      const bytes = new Uint8Array(length).fill(0x61);
      for (const algorithm of ['md5', 'sha1', 'sha256', 'sha512'])
        assert.equal(
          createHash(algorithm).update(bytes).digest('hex'),
          nodeCrypto.createHash(algorithm).update(bytes).digest('hex'),
          `${algorithm} of ${length} bytes`,
        );
    }
  });
});

describe('web bundle: what a browser cannot compute is unknown, with the reason', () => {
  it('RSA, gzip and other hashes stop the function call as unknown; the heap reads 0', () => {
    for (const call of [() => createHash('sha3-256'), () => createPrivateKey(), () => gunzipSync()]) {
      assert.throws(
        call,
        (error: unknown) =>
          error instanceof Stop && error.value.kind === 'unknown' && /not computed in the browser build/.test(error.value.reason),
      );
    }
    assert.equal(getHeapStatistics().used_heap_size, 0);
  });
});

describe('web bundle: the in-memory copy of a workspace', () => {
  const tree = new MemoryTree();
  tree.writeFile('/ws/root/main.tf', new TextEncoder().encode('resource "aws_vpc" "main" {}\n'));
  tree.writeFile('/ws/root/defs.json', new TextEncoder().encode('{"a":1}'));
  tree.writeFile('/ws/modules/net/main.tf', new TextEncoder().encode('variable "x" {}\n'));
  tree.writeFile('/ws/root/bin.tf', new Uint8Array([0, 1, 2]));
  tree.addDir('/ws/empty');

  it('reads, lists and resolves like the disk reader', () => {
    const reader = new MemoryReader(tree);
    assert.deepEqual(reader.readText('/ws/root/main.tf'), { text: 'resource "aws_vpc" "main" {}\n' });
    assert.match((reader.readText('/ws/root/bin.tf') as { error: string }).error, /binary/);
    assert.deepEqual(reader.readText('/ws/nope.tf'), { error: 'no such file or folder' });
    assert.deepEqual(reader.listDir('/ws'), { files: [], dirs: ['/ws/empty', '/ws/modules', '/ws/root'] });
    assert.deepEqual(reader.listDir('/ws/root'), { files: ['/ws/root/bin.tf', '/ws/root/defs.json', '/ws/root/main.tf'], dirs: [] });
    assert.equal(reader.realPath('/ws/root/../modules/net'), '/ws/modules/net');
    assert.equal(reader.realPath('/ws/missing'), undefined);
    assert.ok(reader.isDirectory('/ws/empty'));
  });

  it('serves file() and fileset() through the fs stand-in, and refuses writes', () => {
    webFs.useMemoryTree(tree);
    assert.equal(webFs.readFileSync('/ws/root/defs.json', 'utf8'), '{"a":1}');
    assert.ok(webFs.statSync('/ws/root').isDirectory());
    assert.equal(webFs.statSync('/ws/root/defs.json').size, 7);
    assert.deepEqual(
      (webFs.readdirSync('/ws/root', { withFileTypes: true }) as Array<{ name: string }>).map((e) => e.name),
      ['bin.tf', 'defs.json', 'main.tf'],
    );
    const fd = webFs.openSync('/ws/root/defs.json');
    const chunk = new Uint8Array(4);
    assert.equal(webFs.readSync(fd, chunk, 0, 4, null), 4);
    assert.equal(webFs.readSync(fd, chunk, 0, 4, null), 3);
    webFs.closeSync(fd);
    assert.throws(
      () => webFs.statSync('/ws/none'),
      (error: { code?: string }) => error.code === 'ENOENT',
    );
    assert.throws(webFs.writeFileSync, (error: { code?: string }) => error.code === 'ENOSYS');
    tree.remove('/ws/root/defs.json');
    assert.equal(webFs.existsSync('/ws/root/defs.json'), false);
  });
});
