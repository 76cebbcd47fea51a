/**
 * `.private-ecr.json` chooses which module calls to follow (#15): `modules.follow` with tflint's
 * `call_module_type` meaning (all, local, none) and `modules.skip` by call address. A call not
 * followed is never silent: one module-not-followed info finding and a "Skipped" line, in the CLI's
 * text and JSON output alike; the editor reads the same file through the same core functions.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli';
import { analyzeRoot } from '../../../src/core/analyze';
import { ConfigError, loadConfigFile } from '../../../src/core/config-file';
import { allRuleMetas } from '../../../src/core/rules/registry';

const repo = path.resolve(__dirname, '../../..');
const RULE_IDS = new Set(allRuleMetas().map((m) => m.id));

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('.private-ecr.json: which module calls to follow', function () {
  this.timeout(60000);
  const startDir = process.cwd();
  let work: string;
  let root: string;

  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'private-ecr-modules-'));
    fs.mkdirSync(path.join(work, '.git'));
    root = path.join(work, 'infra');
    // The article example: a root calling ./modules/network (module.network) and ./modules/private-ecr-app (module.app).
    fs.cpSync(path.join(repo, 'examples', 'article'), root, { recursive: true });
    process.chdir(work);
  });
  afterEach(() => {
    process.chdir(startDir);
    fs.rmSync(work, { recursive: true, force: true });
  });

  const settings = (value: unknown) => fs.writeFileSync(path.join(work, '.private-ecr.json'), JSON.stringify(value));

  it('follows every call by default', async () => {
    const r = await run(['check', 'infra', '--format', 'json']);
    const doc = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; severity: string }>; coverage: { modules: number } };
    assert.deepEqual(
      doc.findings.filter((f) => f.severity === 'error' || f.ruleId === 'module-not-followed'),
      [],
      r.stdout,
    );
    assert.equal(doc.coverage.modules, 3);
    assert.equal(r.code, 0, r.stdout + r.stderr);
  });

  it('modules.skip: the call is not followed, with one info finding and a Skipped line in text and JSON', async () => {
    settings({ modules: { skip: ['module.app'] } });
    const text = await run(['check', 'infra']);
    assert.match(
      text.stdout,
      /info module-not-followed Module "app" \(source "\.\/modules\/private-ecr-app"\) is not followed, so its resources were not checked: the settings file lists module\.app in modules\.skip\./,
    );
    assert.match(text.stdout, /Skipped 1:\n {2}infra: module\.app: not followed: the settings file lists module\.app in modules\.skip\n/);
    const json = await run(['check', 'infra', '--format', 'json']);
    const doc = JSON.parse(json.stdout) as {
      findings: Array<{ ruleId: string; severity: string; file: string }>;
      coverage: { skipped: Array<{ what: string; reason: string }> };
    };
    const info = doc.findings.filter((f) => f.ruleId === 'module-not-followed');
    assert.equal(info.length, 1);
    assert.equal(info[0].severity, 'info');
    assert.equal(info[0].file, path.join('infra', 'main.tf'));
    assert.ok(
      doc.coverage.skipped.some((s) => s.what === 'module.app' && /modules\.skip/.test(s.reason)),
      JSON.stringify(doc.coverage),
    );
    assert.ok(
      !(doc as unknown as { coverage: { files: string[] } }).coverage.files.some((f) => f.includes('private-ecr-app')),
      'module.app was not read',
    );
  });

  it('modules.follow "none" and "local" as tflint’s call_module_type', async () => {
    settings({ modules: { follow: 'none' } });
    const none = JSON.parse((await run(['check', 'infra', '--format', 'json'])).stdout) as {
      findings: Array<{ ruleId: string; message: string }>;
    };
    assert.deepEqual(
      none.findings.filter((f) => f.ruleId === 'module-not-followed').map((f) => f.message.replace(/:.*/, '')),
      [
        'Module "network" (source "./modules/network") is not followed, so its resources were not checked',
        'Module "app" (source "./modules/private-ecr-app") is not followed, so its resources were not checked',
      ],
    );
    settings({ modules: { follow: 'local' } });
    const local = JSON.parse((await run(['check', 'infra', '--format', 'json'])).stdout) as {
      findings: Array<{ ruleId: string; severity: string }>;
    };
    assert.deepEqual(
      local.findings.filter((f) => f.ruleId === 'module-not-followed' || f.severity === 'error'),
      [],
      'local calls are followed with "local"',
    );
  });

  it('the editor’s core path (loadConfigFile + analyzeRoot) gives the same finding', () => {
    settings({ modules: { skip: ['module.app'] } });
    const config = loadConfigFile(path.join(work, '.private-ecr.json'), RULE_IDS);
    assert.deepEqual(config.modules, { follow: 'all', skip: ['module.app'] });
    const findings = analyzeRoot(root, { modules: config.modules });
    assert.equal(findings.filter((f) => f.ruleId === 'module-not-followed').length, 1);
  });

  it('a wrong modules setting is a usage error naming the file and the setting', async () => {
    for (const [value, message] of [
      [{ modules: { follow: 'remote' } }, /"modules\.follow" must be "all", "local" or "none"/],
      [{ modules: { skip: ['app'] } }, /"modules\.skip" entry "app" is not a module address such as "module\.legacy"/],
      [{ modules: { skip: 'module.app' } }, /"modules\.skip" must be a list of module addresses/],
      [{ modules: { ignore: [] } }, /unknown setting "modules\.ignore" \(known: follow, skip\)/],
      [{ modules: ['module.x'] }, /"modules" must be an object/],
    ] as const) {
      settings(value);
      assert.throws(
        () => loadConfigFile(path.join(work, '.private-ecr.json'), RULE_IDS),
        (e: unknown) => e instanceof ConfigError && message.test(e.message),
      );
      const r = await run(['check', 'infra']);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.match(r.stderr, /\.private-ecr\.json/);
    }
  });

  it('accepts addresses with instance keys and nested calls', () => {
    settings({ modules: { follow: 'local', skip: ['module.app[0].module.db', 'module.x["a"]'] } });
    assert.deepEqual(loadConfigFile(path.join(work, '.private-ecr.json'), RULE_IDS).modules, {
      follow: 'local',
      skip: ['module.app[0].module.db', 'module.x["a"]'],
    });
  });
});
