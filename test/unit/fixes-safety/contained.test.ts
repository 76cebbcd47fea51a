import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { outsideGivenPaths } from '../../../src/cli/run-check';
import { removeTree, writeTree } from '../support/temp-module';
import { check, REPO, snapshot } from './helpers';

describe('--fix writes only inside the given paths (issue #8, item 3)', () => {
  it('skips files reached through a folder link that points outside, and says so', async () => {
    const base = writeTree({});
    try {
      const given = path.join(base, 'given');
      const outside = path.join(base, 'outside');
      fs.mkdirSync(given);
      fs.cpSync(path.join(REPO, 'examples', 'article-broken'), outside, { recursive: true });
      fs.symlinkSync(outside, path.join(given, 'linked'), 'dir');
      fs.writeFileSync(path.join(given, 'main.tf'), 'variable "region" {\n  type = string\n}\n');
      const before = snapshot(outside);
      const r = await check([given, '--fix']);
      assert.deepEqual(snapshot(outside), before, 'nothing outside the given folder changed');
      assert.match(r.stderr, /0 fixes applied/);
      // Whether or not the folder walk follows the link, a file reached through it is never written.
      if (/linked\//.test(r.stdout)) {
        assert.match(
          r.stderr,
          /not fixed: .*linked\/endpoints\.tf: it is outside the paths given on the command line \(it is reached through a link to .*outside\/endpoints\.tf\)/,
        );
      }
      const refuse = outsideGivenPaths([given]);
      assert.match(
        refuse(path.join(given, 'linked', 'endpoints.tf')) ?? '',
        /outside the paths given .*reached through a link to .*outside\/endpoints\.tf/,
      );
      assert.equal(refuse(path.join(given, 'main.tf')), undefined);
    } finally {
      removeTree(base);
    }
  });

  it('writes through a file link that stays inside, keeping the link', async () => {
    const dir = writeTree({});
    try {
      fs.cpSync(path.join(REPO, 'examples', 'article-broken'), dir, { recursive: true });
      fs.mkdirSync(path.join(dir, 'store'));
      fs.renameSync(path.join(dir, 'endpoints.tf'), path.join(dir, 'store', 'endpoints.txt'));
      fs.symlinkSync(path.join('store', 'endpoints.txt'), path.join(dir, 'endpoints.tf'));
      const before = fs.readFileSync(path.join(dir, 'store', 'endpoints.txt'), 'utf8');
      const r = await check([dir, '--fix']);
      assert.ok(fs.lstatSync(path.join(dir, 'endpoints.tf')).isSymbolicLink(), 'still a link');
      const after = fs.readFileSync(path.join(dir, 'store', 'endpoints.txt'), 'utf8');
      assert.notEqual(after, before, r.stderr);
      // Edited in place: the fixes now re-align attribute groups near the top (issue #11, item 6), so
      // compare the opening comment and the first block header rather than a fixed number of bytes.
      assert.ok(after.startsWith(before.split('\n').slice(0, 3).join('\n')));
    } finally {
      removeTree(dir);
    }
  });

  it('a single file given: other files of its module are not written', async () => {
    const dir = writeTree({});
    try {
      fs.cpSync(path.join(REPO, 'examples', 'article-broken'), dir, { recursive: true });
      const before = snapshot(dir);
      const r = await check([path.join(dir, 'ecs.tf'), '--fix']);
      const after = snapshot(dir);
      for (const [name, bytes] of before) if (name !== 'ecs.tf') assert.deepEqual(after.get(name), bytes, `${name} changed`);
      assert.match(r.stderr, /not fixed: .*(endpoints|network)\.tf: it is outside the paths given/);
    } finally {
      removeTree(dir);
    }
  });
});
