/**
 * `private-ecr check` with the inputs Terraform takes: --var-file, --var and TF_VAR_ in Terraform's
 * precedence; and what it says about what it checked (a path without configuration is a usage error;
 * text, JSON and SARIF end with / carry what was checked and skipped).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli';

const repo = path.resolve(__dirname, '../../..');
const VAR_CASE = 'test/fixtures/rules/endpoint-private-dns/valid/var-after-var-file';
const PROD = `${VAR_CASE}/envs/prod.tfvars`;

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const privateDnsOff = (stdout: string) => /error endpoint-private-dns Private DNS is off on aws_vpc_endpoint\.logs\./.test(stdout);

describe('private-ecr check: variables and coverage', () => {
  const cwd = process.cwd();
  let empty: string;
  before(() => {
    process.chdir(repo);
    empty = fs.mkdtempSync(path.join(os.tmpdir(), 'pecr-empty-'));
    fs.writeFileSync(path.join(empty, 'README.md'), '# not Terraform\n');
    fs.writeFileSync(path.join(empty, 'terraform.tfvars'), 'a = 1\n');
  });
  after(() => {
    process.chdir(cwd);
    fs.rmSync(empty, { recursive: true, force: true });
  });

  it('treats a path without any configuration as a usage error (exit 2, one clear line)', async () => {
    const r = await run(['check', empty]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(
      r.stderr.split('\n')[0],
      /^private-ecr: no Terraform or OpenTofu configuration \(\*\.tf, \*\.tf\.json, \*\.tofu, \*\.tofu\.json\) in /,
    );
  });

  it('uses the default when no variable is given', async () => {
    const r = await run(['check', VAR_CASE]);
    assert.equal(privateDnsOff(r.stdout), false, r.stdout);
  });

  it('applies --var-file', async () => {
    const r = await run(['check', VAR_CASE, '--var-file', PROD]);
    assert.equal(r.code, 1);
    assert.ok(privateDnsOff(r.stdout), r.stdout);
  });

  it('lets a later --var win over an earlier --var-file, and a later --var-file over an earlier --var', async () => {
    assert.equal(privateDnsOff((await run(['check', VAR_CASE, '--var-file', PROD, '--var', 'logs_private_dns=true'])).stdout), false);
    assert.equal(privateDnsOff((await run(['check', VAR_CASE, '--var=logs_private_dns=true', `--var-file=${PROD}`])).stdout), true);
  });

  it('reads TF_VAR_ from the environment, below --var', async () => {
    const saved = process.env.TF_VAR_logs_private_dns;
    process.env.TF_VAR_logs_private_dns = 'false';
    try {
      assert.equal(privateDnsOff((await run(['check', VAR_CASE])).stdout), true);
      assert.equal(privateDnsOff((await run(['check', VAR_CASE, '--var', 'logs_private_dns=true'])).stdout), false);
    } finally {
      if (saved === undefined) delete process.env.TF_VAR_logs_private_dns;
      else process.env.TF_VAR_logs_private_dns = saved;
    }
  });

  it('names an unreadable --var-file in a usage error', async () => {
    const missing = await run(['check', VAR_CASE, '--var-file', 'envs/missing.tfvars']);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr.split('\n')[0], 'private-ecr: cannot read the variable file envs/missing.tfvars: no such file');
    const folder = await run(['check', VAR_CASE, '--var-file', `${VAR_CASE}/envs`]);
    assert.equal(folder.code, 2);
    assert.match(folder.stderr.split('\n')[0], /cannot read the variable file .*envs: it is a folder$/);
    const malformed = await run(['check', VAR_CASE, '--var', 'no-equals-sign']);
    assert.equal(malformed.code, 2);
    assert.match(malformed.stderr, /--var takes <name>=<value>/);
  });

  it('ends the text output with what was checked and skipped', async () => {
    const r = await run([
      'check',
      'test/fixtures/rules/ecr-dkr-endpoint/valid/tofu-shadows-tf',
      'test/fixtures/rules/module-not-installed/invalid/git-source-not-initialised',
    ]);
    const tail = r.stdout.trimEnd().split('\n').slice(-4);
    assert.deepEqual(tail, [
      'Checked 2 root modules, 3 module instances, 2 files.',
      'Skipped 2:',
      '  test/fixtures/rules/ecr-dkr-endpoint/valid/tofu-shadows-tf/main.tf: shadowed by main.tofu (OpenTofu reads only the .tofu file)',
      '  test/fixtures/rules/module-not-installed/invalid/git-source-not-initialised: module.endpoints: source "git::https://git.example.com/platform/endpoints.git?ref=v1" is not installed (run terraform init)',
    ]);
  });

  it('adds the same facts to JSON as a new top-level field, keeping version 1', async () => {
    const r = await run(['check', 'test/fixtures/rules/ecr-dkr-endpoint/valid/tofu-shadows-tf', '--format', 'json']);
    const json = JSON.parse(r.stdout);
    assert.equal(json.version, 1);
    assert.deepEqual(Object.keys(json), ['version', 'findings', 'coverage']);
    assert.deepEqual(json.coverage, {
      roots: ['test/fixtures/rules/ecr-dkr-endpoint/valid/tofu-shadows-tf'],
      modules: 1,
      files: ['test/fixtures/rules/ecr-dkr-endpoint/valid/tofu-shadows-tf/main.tofu'],
      skipped: [
        {
          what: 'test/fixtures/rules/ecr-dkr-endpoint/valid/tofu-shadows-tf/main.tf',
          reason: 'shadowed by main.tofu (OpenTofu reads only the .tofu file)',
        },
      ],
    });
  });

  it('adds them to SARIF as run properties', async () => {
    const r = await run(['check', 'test/fixtures/rules/module-not-installed/invalid/git-source-not-initialised', '--format', 'sarif']);
    const sarif = JSON.parse(r.stdout);
    const coverage = sarif.runs[0].properties.coverage;
    assert.equal(coverage.modules, 2);
    assert.deepEqual(
      coverage.skipped.map((s: { what: string; root: string }) => [s.what, s.root]),
      [['module.endpoints', 'test/fixtures/rules/module-not-installed/invalid/git-source-not-initialised']],
    );
  });
});
