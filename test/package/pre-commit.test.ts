/**
 * The pre-commit hook as a team adopts it: a git repository whose .pre-commit-config.yaml points at
 * this repository (`repo: <local path>`, `language_version: system`), run by the real `pre-commit`.
 */
import * as assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const repo = path.resolve(__dirname, '../..');

/** The environment of a developer's shell: without the npm_* variables npm sets for scripts such as this test run. */
function shellEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...shellEnvironment(), npm_config_fund: 'false', npm_config_audit: 'false', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
}

function git(cwd: string, ...args: string[]): string {
  const result = run('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'commit.gpgsign=false', ...args], cwd);
  assert.equal(result.status, 0, `git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

describe('pre-commit hook', function () {
  this.timeout(600000);
  let work: string;
  let preCommitHome: string;
  let revision: string;

  before(function () {
    const version = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
    if (version.error || version.status !== 0) {
      throw new Error('pre-commit is not on PATH: install it (Debian: apt-get install -y pre-commit); .ci/run does this.');
    }
    // pre-commit clones the hook repository at a revision: the commit checked out here.
    revision = git(repo, 'rev-parse', 'HEAD');
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'private-ecr-precommit-'));
    preCommitHome = path.join(work, 'pre-commit-home');
  });
  after(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  function project(name: string, example: string): string {
    const dir = path.join(work, name);
    fs.cpSync(path.join(repo, 'examples', example), path.join(dir, 'infra'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, '.pre-commit-config.yaml'),
      [
        'repos:',
        `  - repo: ${repo}`,
        `    rev: ${revision}`,
        '    hooks:',
        '      - id: private-ecr-check',
        '        language_version: system',
        '',
      ].join('\n'),
    );
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'infra');
    return dir;
  }

  it('fails the commit check on the broken example and prints the findings', () => {
    const dir = project('broken', 'article-broken');
    const result = run('pre-commit', ['run', '--all-files', '--color', 'never'], dir, { PRE_COMMIT_HOME: preCommitHome });
    assert.equal(result.status, 1, `${result.stdout}\n${result.stderr}`);
    assert.match(result.stdout, /Private ECR Pull\.+Failed/);
    assert.match(result.stdout, /infra\/[a-z_]+\.tf:\d+:\d+ error ecr-dkr-endpoint /);
  });

  it('passes on the article example', () => {
    const dir = project('article', 'article');
    const result = run('pre-commit', ['run', '--all-files', '--color', 'never'], dir, { PRE_COMMIT_HOME: preCommitHome });
    assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
    assert.match(result.stdout, /Private ECR Pull\.+Passed/);
  });

  it('is skipped when a commit touches no Terraform file', () => {
    const dir = path.join(work, 'broken');
    fs.writeFileSync(path.join(dir, 'NOTES.md'), 'notes\n');
    git(dir, 'add', 'NOTES.md');
    const result = run('pre-commit', ['run', '--color', 'never'], dir, { PRE_COMMIT_HOME: preCommitHome });
    assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
    assert.match(result.stdout, /Private ECR Pull\.+\(no files to check\)Skipped/);
  });
});
