/**
 * A release tag the GitHub Action runs from: scripts/release-action.mjs in a clone of this repository
 * tags a commit that carries dist/, leaves the branch and working tree alone, and a checkout of the tag
 * (as `uses: …@<tag>` gets it, no npm install) runs the action's entry on a broken example.
 */
import * as assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const repo = path.resolve(__dirname, '../..');

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', env });
}

function git(cwd: string, ...args: string[]): string {
  const result = run('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'commit.gpgsign=false', ...args], cwd);
  assert.equal(result.status, 0, `git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

describe('release tag for the GitHub Action (scripts/release-action.mjs)', function () {
  this.timeout(300000);
  let work: string;
  let clone: string;
  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'private-ecr-release-test-'));
    clone = path.join(work, 'clone');
    git(work, 'clone', '-q', '--no-local', repo, clone);
    // The build needs the dependencies; the tagged tree must not (a workflow does not install them).
    fs.symlinkSync(path.join(repo, 'node_modules'), path.join(clone, 'node_modules'), 'dir');
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it('tags HEAD plus the built dist/, without touching the branch, and the tag checkout runs the action', () => {
    const head = git(clone, 'rev-parse', 'HEAD');
    const release = run(process.execPath, ['scripts/release-action.mjs', 'v0.0.0-test'], clone);
    assert.equal(release.status, 0, release.stderr + release.stdout);
    assert.match(release.stdout, /^tagged v0\.0\.0-test at [0-9a-f]{12} \(HEAD [0-9a-f]{12} plus \d+ files of dist\/\)/m);

    // The branch, index and working tree are as they were.
    assert.equal(git(clone, 'rev-parse', 'HEAD'), head);
    assert.equal(git(clone, 'status', '--porcelain', '--untracked-files=no'), '');
    assert.equal(git(clone, 'rev-parse', 'v0.0.0-test^'), head);
    const tagged = git(clone, 'ls-tree', '-r', '--name-only', 'v0.0.0-test').split('\n');
    assert.ok(tagged.includes('dist/cli.js') && tagged.includes('action.yml') && tagged.includes('scripts/github-action.mjs'));
    assert.ok(!tagged.some((f) => f.endsWith('.map') || f.startsWith('node_modules/')), 'no source maps or dependencies in the tag');

    // What the runner checks out for `uses: …@v0.0.0-test`: the tag's tree and nothing else.
    const action = path.join(work, 'action');
    git(clone, 'worktree', 'add', '-q', '--detach', action, 'v0.0.0-test');
    assert.ok(!fs.existsSync(path.join(action, 'node_modules')));
    const workspace = path.join(work, 'workspace');
    fs.mkdirSync(path.join(workspace, '.git'), { recursive: true });
    fs.cpSync(path.join(repo, 'examples', 'article-broken'), path.join(workspace, 'infra'), { recursive: true });
    const githubOutput = path.join(workspace, 'github-output.txt');
    fs.writeFileSync(githubOutput, '');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: githubOutput,
      GITHUB_ACTIONS: 'true',
      INPUT_PATHS: 'infra',
    };
    const result = run(process.execPath, [path.join(action, 'scripts', 'github-action.mjs')], workspace, env);
    assert.equal(result.status, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /^::error file=infra\/[a-z_]+\.tf,line=\d+.*title=private-ecr ecr-dkr-endpoint::/m);
    assert.ok(fs.existsSync(path.join(workspace, 'private-ecr.sarif')));
  });

  it('refuses an existing tag without --force, a bad tag name and a dirty tree', () => {
    const again = run(process.execPath, ['scripts/release-action.mjs', 'v0.0.0-test'], clone);
    assert.equal(again.status, 2);
    assert.match(again.stderr, /tag v0\.0\.0-test exists/);
    const bad = run(process.execPath, ['scripts/release-action.mjs', 'bad..name'], clone);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /not a valid tag name/);
    fs.appendFileSync(path.join(clone, 'README.md'), '\nchanged\n');
    const dirty = run(process.execPath, ['scripts/release-action.mjs', 'v0.0.1-test'], clone);
    assert.equal(dirty.status, 2);
    assert.match(dirty.stderr, /commit or stash your changes first/);
  });
});
