/**
 * The GitHub Action's entry script run as a runner runs it: INPUT_* variables, GITHUB_WORKSPACE and
 * GITHUB_OUTPUT set, the bundled CLI (dist/, built by `npm run build`) from this checkout.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const repo = path.resolve(__dirname, '../../..');
const entry = path.join(repo, 'scripts', 'github-action.mjs');

function runAction(
  workspace: string,
  inputs: Record<string, string>,
): { code: number | null; stdout: string; outputs: Record<string, string> } {
  const githubOutput = path.join(workspace, 'github-output.txt');
  fs.writeFileSync(githubOutput, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: githubOutput,
    GITHUB_ACTIONS: 'true',
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/-/g, '_').toUpperCase()}`] = value;
  const run = spawnSync(process.execPath, [entry], { cwd: workspace, env, encoding: 'utf8' });
  const outputs = Object.fromEntries(
    fs
      .readFileSync(githubOutput, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return { code: run.status, stdout: run.stdout + run.stderr, outputs };
}

describe('GitHub Action entry', function () {
  this.timeout(60000);
  let workspace: string;
  before(function () {
    if (!fs.existsSync(path.join(repo, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run npm run build first');
  });
  beforeEach(() => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'private-ecr-action-ws-'));
    fs.mkdirSync(path.join(workspace, '.git'));
    fs.cpSync(path.join(repo, 'examples'), path.join(workspace, 'examples'), { recursive: true });
  });
  afterEach(() => fs.rmSync(workspace, { recursive: true, force: true }));

  it('annotates findings, writes the SARIF report and sets the outputs; fails on errors', () => {
    const result = runAction(workspace, { paths: 'examples/article-broken', 'report-file': 'reports/private-ecr.sarif' });
    assert.equal(result.code, 1, result.stdout);
    assert.match(
      result.stdout,
      /^::error file=examples\/article-broken\/[a-z_]+\.tf,line=\d+,col=\d+,endLine=\d+.*,title=private-ecr ecr-dkr-endpoint::/m,
    );
    const report = path.join(workspace, 'reports', 'private-ecr.sarif');
    assert.equal(result.outputs['report-file'], report);
    const sarif = JSON.parse(fs.readFileSync(report, 'utf8')) as {
      version: string;
      runs: Array<{ results: unknown[]; originalUriBaseIds: Record<string, unknown> }>;
    };
    assert.equal(sarif.version, '2.1.0');
    assert.ok('%SRCROOT%' in sarif.runs[0].originalUriBaseIds);
    assert.equal(Number(result.outputs.findings), sarif.runs[0].results.length);
    assert.ok(Number(result.outputs.errors) > 0);
  });

  it('passes the article example and honours fail-on never, report-format and annotations false', () => {
    const clean = runAction(workspace, { paths: 'examples/article' });
    assert.equal(clean.code, 0, clean.stdout);
    assert.equal(clean.outputs.errors, '0');
    const never = runAction(workspace, {
      paths: 'examples/article-broken',
      'fail-on': 'never',
      'report-format': 'junit',
      'report-file': 'junit.xml',
      annotations: 'false',
    });
    assert.equal(never.code, 0, never.stdout);
    assert.doesNotMatch(never.stdout, /^::error /m);
    assert.match(fs.readFileSync(path.join(workspace, 'junit.xml'), 'utf8'), /<testsuites/);
  });

  it('reports a bad input as an error annotation and exit 2', () => {
    const result = runAction(workspace, { 'report-format': 'html' });
    assert.equal(result.code, 2);
    assert.match(result.stdout, /^::error title=private-ecr::report-format must be/m);
  });

  it('action.yml passes every input the entry reads, as INPUT_* variables', () => {
    const action = fs.readFileSync(path.join(repo, 'action.yml'), 'utf8');
    const script = fs.readFileSync(entry, 'utf8');
    const read = [...script.matchAll(/input\('([a-z-]+)'/g)].map((m) => m[1]);
    for (const name of new Set(read)) {
      assert.match(action, new RegExp(`^  ${name}:$`, 'm'), `input ${name} not declared`);
      assert.match(
        action,
        new RegExp(`INPUT_${name.replace(/-/g, '_').toUpperCase()}: \\$\\{\\{ inputs\\.${name} \\}\\}`),
        `input ${name} not passed to the step`,
      );
    }
  });
});
