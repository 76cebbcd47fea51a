/**
 * `TF_DATA_DIR` (Terraform's "Environment Variables" page): when set and non-empty, `terraform init`
 * writes the data folder there instead of `.terraform`, a relative value being relative to the root
 * module it runs in (also with `-chdir`). The real `terraform init` installs a `git::file://` module
 * with TF_DATA_DIR relative, relative through `-chdir`, and absolute; the checker must find the
 * modules.json it wrote (from the CLI's environment, and as the editor passes it), not take the
 * installed code for a root of its own, and never fix the installed copy.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli';
import { analyzePaths } from '../../../src/core/analyze';
import { findProviderMirror } from '../support/terraform-validate';

const FIXTURE = path.resolve(__dirname, '../../fixtures/rules/endpoint-private-dns/invalid/explicit-false/fixed/main.tf');

function run(command: string, args: string[], cwd: string, extraEnv: Record<string, string> = {}): void {
  const env: NodeJS.ProcessEnv = { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', ...extraEnv };
  if (!extraEnv.TF_DATA_DIR) delete env.TF_DATA_DIR;
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 120_000, env });
  if (result.error) throw result.error;
  assert.equal(result.status, 0, `${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
}

function lines(text: string, from: number, to: number): string {
  return (
    text
      .split('\n')
      .slice(from - 1, to)
      .join('\n') + '\n'
  );
}

describe('TF_DATA_DIR: where terraform init put modules.json', function () {
  this.timeout(240_000);
  let work: string;
  let bare: string;
  let mainTf: string;

  before(() => {
    findProviderMirror(); // fail early, with a clear message, when the mirror is missing
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'pecr-datadir-'));
    const base = fs.readFileSync(FIXTURE, 'utf8');
    // The child module: the fixture's endpoints wired through variables, ecr.dkr with private DNS off.
    const child = path.join(work, 'child');
    fs.mkdirSync(child);
    const endpoints = lines(base, 98, 130).replace(/(ecr\.dkr"\n(?:.*\n){3}\s*private_dns_enabled = )true/, '$1false');
    assert.match(endpoints, /private_dns_enabled = false/);
    fs.writeFileSync(
      path.join(child, 'main.tf'),
      ['vpc_id', 'region', 'subnet_ids', 'security_group_ids', 'route_table_ids'].map((v) => `variable "${v}" {}\n`).join('\n') +
        '\n' +
        endpoints
          .replace(/aws_vpc\.main\.id/g, 'var.vpc_id')
          .replace(/\[aws_subnet\.private_a\.id, aws_subnet\.private_b\.id\]/g, 'var.subnet_ids')
          .replace(/\[aws_security_group\.vpc_endpoint\.id\]/g, 'var.security_group_ids')
          .replace(/\[aws_route_table\.private\.id\]/g, 'var.route_table_ids'),
    );
    const git = (...args: string[]) =>
      run('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=test', '-c', 'init.defaultBranch=main', ...args], child);
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'endpoints module');
    git('tag', 'v1');
    bare = path.join(work, 'endpoints.git');
    run('git', ['clone', '-q', '--bare', child, bare], work);
    mainTf =
      lines(base, 1, 97) +
      lines(base, 131, base.split('\n').length) +
      `\nmodule "app" {\n  source = "git::file://${bare}?ref=v1"\n\n  vpc_id             = aws_vpc.main.id\n  region             = var.region\n  subnet_ids         = [aws_subnet.private_a.id, aws_subnet.private_b.id]\n  security_group_ids = [aws_security_group.vpc_endpoint.id]\n  route_table_ids    = [aws_route_table.private.id]\n}\n`;
  });

  after(() => fs.rmSync(work, { recursive: true, force: true }));

  /** A fresh root initialised by the real terraform with TF_DATA_DIR set (from `cwd`, with -chdir when it differs). */
  function initialised(name: string, tfDataDir: string, from?: string): string {
    const root = path.join(work, name, 'root');
    fs.mkdirSync(root, { recursive: true });
    fs.writeFileSync(path.join(root, 'main.tf'), mainTf);
    const cwd = from ? path.join(root, from) : root;
    fs.mkdirSync(cwd, { recursive: true });
    const chdir = cwd === root ? [] : [`-chdir=${path.relative(cwd, root)}`];
    run('terraform', [...chdir, 'init', '-backend=false', '-input=false', '-no-color', `-plugin-dir=${findProviderMirror()}`], cwd, {
      TF_DATA_DIR: tfDataDir,
    });
    return root;
  }

  /** Asserts the installed module was read through the manifest in `dataDir` and its copy is never fixed. */
  function assertInstalledRead(root: string, tfDataDir: string, dataDir: string): void {
    const manifest = JSON.parse(fs.readFileSync(path.join(dataDir, 'modules', 'modules.json'), 'utf8')) as {
      Modules: Array<{ Key: string; Dir: string }>;
    };
    const installedDir = path.resolve(root, manifest.Modules.find((m) => m.Key === 'app')!.Dir);
    assert.ok(installedDir.startsWith(dataDir + path.sep), `${installedDir} is under ${dataDir}`);
    const { findings, coverage, roots } = analyzePaths([path.dirname(root)], { tfDataDir });
    assert.deepEqual(roots, [root], 'the installed copy is not a root of its own');
    assert.deepEqual(
      findings.filter((f) => f.ruleId === 'module-not-installed' || f.ruleId === 'module-source').map((f) => f.message),
      [],
    );
    assert.ok(coverage.files.includes(path.join(installedDir, 'main.tf')), JSON.stringify(coverage.files));
    const dns = findings.filter((f) => f.ruleId === 'endpoint-private-dns');
    assert.equal(dns.length, 1, JSON.stringify(findings.map((f) => [f.ruleId, f.file])));
    assert.equal(dns[0].file, path.join(installedDir, 'main.tf'));
    assert.equal(dns[0].fixes, undefined, 'no fix edits the installed copy: init would overwrite it');
  }

  it('relative to the root: TF_DATA_DIR=tfdata', () => {
    const root = initialised('relative', 'tfdata');
    assert.ok(!fs.existsSync(path.join(root, '.terraform', 'modules')));
    // Without TF_DATA_DIR the module is not installed, as Terraform would see it.
    const before = analyzePaths([root]);
    assert.equal(before.findings.filter((f) => f.ruleId === 'module-not-installed').length, 1);
    assert.deepEqual(before.roots, [root], 'tfdata/modules is not taken for a root even without TF_DATA_DIR');
    assertInstalledRead(root, 'tfdata', path.join(root, 'tfdata'));
  });

  it('relative to the root, not to the folder terraform -chdir was run from', () => {
    const root = initialised('chdir', '../data-chdir', 'sub/dir');
    const dataDir = path.resolve(root, '../data-chdir');
    assert.ok(fs.existsSync(path.join(dataDir, 'modules', 'modules.json')), 'terraform resolved the data folder against the root');
    assertInstalledRead(root, '../data-chdir', dataDir);
  });

  it('absolute, outside the root', () => {
    const dataDir = path.join(work, 'absolute-data');
    const root = initialised('absolute', dataDir);
    assertInstalledRead(root, dataDir, dataDir);
  });

  it('the CLI reads TF_DATA_DIR from its environment', async () => {
    const root = path.join(work, 'relative', 'root');
    const saved = process.env.TF_DATA_DIR;
    const check = async () => {
      let stdout = '';
      const code = await main(['check', root, '--format', 'json'], { stdout: (t) => (stdout += t), stderr: (t) => (stdout += t) });
      return { code, json: JSON.parse(stdout) as { findings: Array<{ ruleId: string }>; coverage: { files: string[] } } };
    };
    try {
      process.env.TF_DATA_DIR = 'tfdata';
      const withDataDir = await check();
      assert.deepEqual(
        withDataDir.json.findings.filter((f) => f.ruleId === 'module-not-installed'),
        [],
      );
      assert.ok(
        withDataDir.json.coverage.files.some((f) => f.endsWith(path.join('tfdata', 'modules', 'app', 'main.tf'))),
        JSON.stringify(withDataDir.json.coverage),
      );
      process.env.TF_DATA_DIR = '';
      const empty = await check();
      assert.equal(
        empty.json.findings.filter((f) => f.ruleId === 'module-not-installed').length,
        1,
        'an empty TF_DATA_DIR means .terraform',
      );
    } finally {
      if (saved === undefined) delete process.env.TF_DATA_DIR;
      else process.env.TF_DATA_DIR = saved;
    }
  });
});
