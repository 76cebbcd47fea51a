import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { removeTree, writeTree } from '../support/temp-module';
import { BOM, check, normalize, REPO, toTabs } from './helpers';

/** The broken example with every file saved with a BOM, CRLF line endings and tab indentation. */
function windowsStyleExample(): string {
  const dir = writeTree({});
  fs.cpSync(path.join(REPO, 'examples', 'article-broken'), dir, { recursive: true });
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    fs.writeFileSync(file, Buffer.concat([BOM, Buffer.from(toTabs(fs.readFileSync(file, 'utf8')).replace(/\n/g, '\r\n'))]));
  }
  return dir;
}

describe('--fix keeps each file BOM, line endings and indentation (issue #8, item 4)', () => {
  it('on a BOM + CRLF + tab-indented module', async () => {
    const dir = windowsStyleExample();
    const plain = writeTree({});
    try {
      fs.cpSync(path.join(REPO, 'examples', 'article-broken'), plain, { recursive: true });
      const before = new Map(fs.readdirSync(dir).map((n) => [n, fs.readFileSync(path.join(dir, n))]));
      const r = await check([dir, '--fix']);
      await check([plain, '--fix']);
      let changed = 0;
      for (const name of fs.readdirSync(dir)) {
        const bytes = fs.readFileSync(path.join(dir, name));
        if (!bytes.equals(before.get(name)!)) changed++;
        assert.ok(bytes.subarray(0, 3).equals(BOM), `${name} lost its BOM`);
        const text = bytes.subarray(3).toString('utf8');
        assert.doesNotMatch(text, /(^|[^\r])\n/, `${name} has a lone LF`);
        assert.deepEqual(
          text.split('\r\n').filter((l) => /^ /.test(l)),
          [],
          `${name} has space-indented lines`,
        );
        assert.equal(normalize(text), fs.readFileSync(path.join(plain, name), 'utf8'), `${name}: not the same fix as on the plain module`);
      }
      assert.ok(changed >= 2, r.stderr);
    } finally {
      removeTree(dir);
      removeTree(plain);
    }
  });

  it('a CRLF module with spaces keeps CRLF and spaces', async () => {
    const dir = writeTree({});
    try {
      fs.cpSync(path.join(REPO, 'examples', 'article-broken'), dir, { recursive: true });
      for (const name of fs.readdirSync(dir)) {
        const file = path.join(dir, name);
        fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/\n/g, '\r\n'));
      }
      const r = await check([dir, '--fix']);
      assert.match(r.stderr, /[1-9]\d* fixes applied/);
      for (const name of fs.readdirSync(dir)) {
        const text = fs.readFileSync(path.join(dir, name), 'utf8');
        assert.doesNotMatch(text, /(^|[^\r])\n/, name);
        assert.doesNotMatch(text, /^\t/m, name);
      }
    } finally {
      removeTree(dir);
    }
  });
});
