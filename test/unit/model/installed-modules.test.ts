/**
 * Remote modules installed by the real `terraform init`: a bare git repository in a temporary
 * folder holds a child module; the root calls it as `git::file:///…?ref=v1`; after
 * `terraform init -backend=false -plugin-dir=<the AWS provider mirror>` the checker must read the
 * code through the `.terraform/modules/modules.json` Terraform wrote, and before it, say that the
 * module is not installed.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzePaths } from '../../../src/core/analyze';

const FIXTURE = path.resolve(__dirname, '../../fixtures/rules/endpoint-private-dns/invalid/explicit-false/fixed/main.tf');

/** The folder holding the AWS provider as a filesystem mirror (`registry.terraform.io/hashicorp/aws/...`). */
function findProviderMirror(): string {
  const candidates = [
    process.env.TF_PLUGIN_MIRROR,
    '/opt/tf-plugins',
    path.join(os.homedir(), '.terraform.d', 'plugins'),
    '/usr/share/terraform/plugins',
    '/usr/local/share/terraform/plugins',
  ];
  for (const candidate of candidates) {
    if (candidate && fs.existsSync(path.join(candidate, 'registry.terraform.io', 'hashicorp', 'aws'))) return candidate;
  }
  throw new Error(
    `No AWS provider mirror found (looked in ${candidates.filter(Boolean).join(', ')}). Install terraform-provider-aws as a filesystem mirror there, or set TF_PLUGIN_MIRROR.`,
  );
}

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' },
  });
  if (result.error) throw result.error;
  assert.equal(result.status, 0, `${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** Lines [from, to] (1-based, inclusive) of a text. */
function lines(text: string, from: number, to: number): string {
  return (
    text
      .split('\n')
      .slice(from - 1, to)
      .join('\n') + '\n'
  );
}

describe('remote modules installed by terraform init', function () {
  this.timeout(180_000);
  let work: string;
  let root: string;
  let bare: string;

  before(() => {
    findProviderMirror(); // fail early, with a clear message, when the mirror is missing
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'pecr-init-'));
    const base = fs.readFileSync(FIXTURE, 'utf8');
    // The child module: the endpoints of the fixture without ecr.dkr, wired through variables,
    // plus a local submodule (installed as app.inner next to it).
    const endpoints = lines(base, 98, 106) + lines(base, 116, 130);
    const child = path.join(work, 'child');
    fs.mkdirSync(path.join(child, 'inner'), { recursive: true });
    fs.writeFileSync(
      path.join(child, 'main.tf'),
      ['vpc_id', 'region', 'subnet_ids', 'security_group_ids', 'route_table_ids'].map((v) => `variable "${v}" {}\n`).join('\n') +
        '\nmodule "inner" {\n  source = "./inner"\n}\n\n' +
        endpoints
          .replace(/aws_vpc\.main\.id/g, 'var.vpc_id')
          .replace(/\[aws_subnet\.private_a\.id, aws_subnet\.private_b\.id\]/g, 'var.subnet_ids')
          .replace(/\[aws_security_group\.vpc_endpoint\.id\]/g, 'var.security_group_ids')
          .replace(/\[aws_route_table\.private\.id\]/g, 'var.route_table_ids'),
    );
    fs.writeFileSync(path.join(child, 'inner', 'main.tf'), 'output "name" {\n  value = "inner"\n}\n');
    const git = (...args: string[]) =>
      run('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=test', '-c', 'init.defaultBranch=main', ...args], child);
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'endpoints module');
    git('tag', 'v1');
    bare = path.join(work, 'endpoints.git');
    run('git', ['clone', '-q', '--bare', child, bare], work);
    root = path.join(work, 'root');
    fs.mkdirSync(root);
    const withoutEndpoints = lines(base, 1, 97) + lines(base, 131, base.split('\n').length);
    fs.writeFileSync(
      path.join(root, 'main.tf'),
      withoutEndpoints +
        `\nmodule "app" {\n  source = "git::file://${bare}?ref=v1"\n\n  vpc_id             = aws_vpc.main.id\n  region             = var.region\n  subnet_ids         = [aws_subnet.private_a.id, aws_subnet.private_b.id]\n  security_group_ids = [aws_security_group.vpc_endpoint.id]\n  route_table_ids    = [aws_route_table.private.id]\n}\n`,
    );
  });

  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it('says the module is not installed before terraform init, and checks nothing of it', () => {
    const { findings, coverage } = analyzePaths([root]);
    const notInstalled = findings.filter((f) => f.ruleId === 'module-not-installed');
    assert.equal(notInstalled.length, 1);
    assert.equal(notInstalled[0].severity, 'info');
    assert.match(
      notInstalled[0].message,
      /Module "app" \(source "git::file:\/\/.*\?ref=v1"\) is not installed, so its resources were not checked: run terraform init/,
    );
    assert.equal(
      notInstalled[0].range?.start.line,
      fs
        .readFileSync(path.join(root, 'main.tf'), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('git::file://')),
    );
    assert.ok(
      coverage.skipped.some((s) => s.what === 'module.app' && /not installed/.test(s.reason)),
      JSON.stringify(coverage.skipped),
    );
  });

  it('reads the installed code through the modules.json terraform init wrote', () => {
    run('terraform', ['init', '-backend=false', '-input=false', '-no-color', `-plugin-dir=${findProviderMirror()}`], root);
    const manifest = JSON.parse(fs.readFileSync(path.join(root, '.terraform', 'modules', 'modules.json'), 'utf8')) as {
      Modules: Array<{ Key: string; Dir: string }>;
    };
    assert.deepEqual(manifest.Modules.map((m) => m.Key).sort(), ['', 'app', 'app.inner']);
    const { findings, coverage } = analyzePaths([root]);
    assert.deepEqual(
      findings.filter((f) => f.ruleId === 'module-not-installed' || f.ruleId === 'module-source').map((f) => f.message),
      [],
    );
    // The installed module has ecr.api, logs and s3 but no ecr.dkr: exactly that is reported.
    const endpointFindings = findings.filter((f) => /endpoint$/.test(f.ruleId) && f.severity === 'error').map((f) => f.ruleId);
    assert.deepEqual(endpointFindings, ['ecr-dkr-endpoint']);
    const installedDir = path.join(root, manifest.Modules.find((m) => m.Key === 'app')!.Dir);
    assert.ok(coverage.files.includes(path.join(installedDir, 'main.tf')), 'the installed main.tf is among the files read');
    assert.ok(coverage.files.includes(path.join(installedDir, 'inner', 'main.tf')), 'the installed submodule (app.inner) is read too');
    assert.equal(coverage.modules, 3);
    // No fix edits the installed copy: init would overwrite it.
    for (const finding of findings)
      for (const fix of finding.fixes ?? [])
        for (const edit of fix.edits) assert.ok(!edit.file.includes(`${path.sep}.terraform${path.sep}`), `${fix.title} edits ${edit.file}`);
  });

  it('reports a module whose source changed since init as not installed', () => {
    const mainTf = path.join(root, 'main.tf');
    const text = fs.readFileSync(mainTf, 'utf8');
    fs.writeFileSync(mainTf, text.replace('?ref=v1', '?ref=v2'));
    try {
      const finding = analyzePaths([root]).findings.find((f) => f.ruleId === 'module-not-installed');
      assert.ok(finding, 'no module-not-installed finding');
      assert.match(finding.message, /was installed from "git::file:\/\/.*\?ref=v1", not from this source/);
    } finally {
      fs.writeFileSync(mainTf, text);
    }
  });
});
