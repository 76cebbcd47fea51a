import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../../src/cli';
import { removeTree, writeTree } from '../support/temp-module';

const repo = path.resolve(__dirname, '../../..');

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('private-ecr check', () => {
  const cwd = process.cwd();
  before(() => process.chdir(repo));
  after(() => process.chdir(cwd));

  it('passes the article example (exit 0) and prints a summary', async () => {
    const r = await run(['check', 'examples/article']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /0 error/);
  });

  it('fails the broken example (exit 1) with compiler-style lines', async () => {
    const r = await run(['check', 'examples/article-broken']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^examples\/article-broken\/ecs\.tf:\d+:\d+ error ecr-dkr-endpoint /m);
  });

  it('writes the JSON contract', async () => {
    const r = await run(['check', 'examples/article-broken', '--format', 'json']);
    const json = JSON.parse(r.stdout);
    assert.equal(json.version, 1);
    const dkr = json.findings.find((f: { ruleId: string }) => f.ruleId === 'ecr-dkr-endpoint');
    assert.deepEqual(Object.keys(dkr).slice(0, 7), ['ruleId', 'severity', 'message', 'file', 'range', 'resource', 'module']);
    assert.equal(dkr.file, 'examples/article-broken/ecs.tf');
    assert.equal(dkr.resource, 'aws_ecs_service.app');
    assert.equal(dkr.module, '');
    assert.equal(typeof dkr.messageId, 'string', 'findings carry their message id (an added field)');
    assert.equal(typeof dkr.range.start.line, 'number');
    assert.equal(typeof dkr.range.end.character, 'number');
  });

  it('writes SARIF 2.1.0 with rule help and URLs', async () => {
    const r = await run(['check', 'examples/article-broken', '--format=sarif']);
    const sarif = JSON.parse(r.stdout);
    assert.equal(sarif.version, '2.1.0');
    const run0 = sarif.runs[0];
    const rule = run0.tool.driver.rules.find((x: { id: string }) => x.id === 'ecr-dkr-endpoint');
    assert.match(rule.helpUri, /docs\/rules\.md#ecr-dkr-endpoint$/);
    assert.ok(rule.help.text.length > 20);
    const result = run0.results.find((x: { ruleId: string }) => x.ruleId === 'ecr-dkr-endpoint');
    assert.equal(result.level, 'error');
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'examples/article-broken/ecs.tf');
    assert.ok(result.locations[0].physicalLocation.region.startLine >= 1);
    assert.equal(run0.tool.driver.rules[result.ruleIndex].id, 'ecr-dkr-endpoint');
  });

  it('filters by --rule and overrides severity', async () => {
    const only = JSON.parse((await run(['check', 'examples/article-broken', '--rule', 'ecr-dkr-endpoint', '--format', 'json'])).stdout);
    assert.deepEqual([...new Set(only.findings.map((f: { ruleId: string }) => f.ruleId))], ['ecr-dkr-endpoint']);
    const r = await run(['check', 'examples/article-broken', '--rule', 'ecr-dkr-endpoint', '--severity', 'ecr-dkr-endpoint=warning']);
    assert.equal(r.code, 0, 'a warning is not an error');
    const off = JSON.parse(
      (await run(['check', 'examples/article-broken', '--severity', 'ecr-dkr-endpoint=off', '--format', 'json'])).stdout,
    );
    assert.ok(!off.findings.some((f: { ruleId: string }) => f.ruleId === 'ecr-dkr-endpoint'));
  });

  it('gives one clear line and exit 2 for usage errors', async () => {
    for (const args of [
      ['check', 'no/such/dir'],
      ['check', '--bogus'],
      ['check', '--rule', 'nope'],
      ['frobnicate'],
      ['check', '--format', 'xml'],
    ]) {
      const r = await run(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr.split('\n')[0], /^private-ecr: /);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
  });

  it('--fix applies every fix, then re-checks', async () => {
    const dir = writeTree({});
    try {
      fs.cpSync(path.join(repo, 'examples', 'article-broken'), dir, { recursive: true });
      const before = await run(['check', dir, '--format', 'json']);
      const fixable = JSON.parse(before.stdout).findings.filter((f: { fixes?: unknown[] }) => f.fixes).length;
      assert.ok(fixable >= 5, `expected several fixable findings, got ${fixable}`);
      const r = await run(['check', dir, '--fix', '--format', 'json']);
      assert.match(r.stderr, /fixes applied/);
      const after = JSON.parse(r.stdout).findings;
      assert.ok(
        !after.some((f: { fixes?: unknown[] }) => f.fixes),
        JSON.stringify(after.filter((f: { fixes?: unknown[] }) => f.fixes).map((f: { ruleId: string }) => f.ruleId)),
      );
      assert.ok(after.length < JSON.parse(before.stdout).findings.length);
    } finally {
      removeTree(dir);
    }
  });
});
