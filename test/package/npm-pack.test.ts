/**
 * The npm package as users get it: `npm pack` builds and packs only what the CLI needs, the tarball
 * installs into an empty project without the network, and `npx private-ecr check` runs there.
 */
import * as assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const repo = path.resolve(__dirname, '../..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const quietNpm = { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' };

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', env: quietNpm, maxBuffer: 64 * 1024 * 1024 });
}

describe('npm package', function () {
  this.timeout(180000);
  let work: string;
  let tarball: string;
  let packed: string[];
  let consumer: string;

  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'private-ecr-pack-'));
    const pack = run(npm, ['pack', '--json', '--pack-destination', work], repo);
    assert.equal(pack.status, 0, pack.stderr);
    // Lifecycle scripts print to stdout before the JSON array.
    const json = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('\n[') + 1 || pack.stdout.indexOf('['))) as Array<{
      filename: string;
      files: Array<{ path: string }>;
    }>;
    tarball = path.join(work, json[0].filename);
    packed = json[0].files.map((f) => f.path);
    consumer = path.join(work, 'consumer');
    fs.mkdirSync(consumer);
    fs.writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    const install = run(npm, ['install', '--offline', '--no-audit', '--no-fund', tarball], consumer);
    assert.equal(install.status, 0, `npm install of the tarball failed:\n${install.stdout}\n${install.stderr}`);
    fs.cpSync(path.join(repo, 'examples'), path.join(consumer, 'examples'), { recursive: true });
  });
  after(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('holds the CLI, its bundles, the rule docs and the project texts, and nothing else', () => {
    for (const required of [
      'bin/private-ecr.js',
      'dist/cli.js',
      'dist/main.wasm.gz',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      'docs/rules.md',
      'package.json',
    ]) {
      assert.ok(packed.includes(required), `${required} missing from the tarball`);
    }
    assert.ok(
      packed.some((p) => p.startsWith('docs/rules/') && p.endsWith('.md')),
      'rule pages missing',
    );
    const unexpected = packed.filter(
      (p) => !/^(bin\/|dist\/|docs\/rules(\.md|\/)|README\.md$|LICENSE$|CHANGELOG\.md$|package\.json$)/.test(p),
    );
    assert.deepEqual(unexpected, []);
    assert.ok(
      !packed.some((p) => p.startsWith('src/') || p.startsWith('test/') || p.endsWith('.map')),
      'sources, tests or source maps were packed',
    );
  });

  it('runs `npx private-ecr check` in the installing project: the broken example fails with findings', () => {
    const check = run(
      npm,
      ['exec', '--offline', '--no', '--', 'private-ecr', 'check', 'examples/article-broken', '--format', 'json'],
      consumer,
    );
    assert.equal(check.status, 1, check.stderr);
    const result = JSON.parse(check.stdout) as { version: number; findings: Array<{ ruleId: string; severity: string; file: string }> };
    assert.equal(result.version, 1);
    const ids = new Set(result.findings.map((f) => f.ruleId));
    for (const id of ['ecr-dkr-endpoint', 's3-gateway-endpoint']) assert.ok(ids.has(id), `${id} not reported: ${[...ids].join(', ')}`);
    assert.ok(
      result.findings.every((f) => f.file === null || f.file.startsWith('examples/article-broken/')),
      'paths are relative to the folder the CLI ran in',
    );
  });

  it('passes the article example there (exit 0) and prints the version the package carries', () => {
    const check = run(npm, ['exec', '--offline', '--no', '--', 'private-ecr', 'check', 'examples/article', '--format', 'json'], consumer);
    assert.equal(check.status, 0, `${check.stdout}\n${check.stderr}`);
    const version = run(npm, ['exec', '--offline', '--no', '--', 'private-ecr', '--version'], consumer);
    const manifest = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string };
    assert.equal(version.stdout.trim(), manifest.version);
  });
});
