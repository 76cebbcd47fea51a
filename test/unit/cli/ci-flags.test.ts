/**
 * The CI doors of `check` through its public surface (exit codes, stdout, files written): several
 * outputs in one run, --fail-on and --max-warnings, --exclude, --chdir, the .private-ecr.json settings
 * file under the command line's flags, baselines, and --help.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli';

const repo = path.resolve(__dirname, '../../..');

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('check: CI flags', function () {
  this.timeout(60000);
  const startDir = process.cwd();
  let work: string;

  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'private-ecr-ci-'));
    fs.mkdirSync(path.join(work, '.git'));
    fs.cpSync(path.join(repo, 'examples', 'article-broken'), path.join(work, 'infra'), { recursive: true });
    fs.cpSync(path.join(repo, 'examples', 'article'), path.join(work, 'good'), { recursive: true });
    process.chdir(work);
  });
  afterEach(() => {
    process.chdir(startDir);
    fs.rmSync(work, { recursive: true, force: true });
  });

  const json = async (args: string[]) => {
    const result = await run([...args, '--format', 'json']);
    return {
      ...result,
      findings: (JSON.parse(result.stdout) as { findings: Array<{ ruleId: string; severity: string; file: string }> }).findings,
    };
  };

  it('check --help and verify --help print their usage and exit 0', async () => {
    const check = await run(['check', '--help']);
    assert.equal(check.code, 0);
    assert.match(check.stdout, /^Usage: private-ecr check/);
    assert.match(check.stdout, /--max-warnings/);
    const verify = await run(['verify', '--help']);
    assert.equal(verify.code, 0);
    assert.match(verify.stdout, /verify/);
  });

  it('writes each --format to the -o file after it and the rest to stdout', async () => {
    const result = await run([
      'check',
      'infra',
      '--format',
      'github',
      '--format',
      'sarif',
      '-o',
      'out/results.sarif',
      '--format',
      'junit',
      '--output',
      'out/junit.xml',
    ]);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /^::error file=infra\/[a-z_]+\.tf,line=\d+,col=\d+/m);
    const sarif = JSON.parse(fs.readFileSync(path.join(work, 'out', 'results.sarif'), 'utf8')) as {
      runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }> }> }>;
    };
    assert.ok(sarif.runs[0].results.length > 0);
    assert.equal(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.match(fs.readFileSync(path.join(work, 'out', 'junit.xml'), 'utf8'), /<testsuites name="private-ecr"/);
  });

  it('SARIF URIs stay repository-relative when run from a sub-folder', async () => {
    process.chdir(path.join(work, 'infra'));
    await run(['check', '.', '--format', 'sarif', '-o', path.join(work, 'r.sarif')]);
    const sarif = JSON.parse(fs.readFileSync(path.join(work, 'r.sarif'), 'utf8')) as {
      runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }>;
    };
    assert.match(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, /^infra\//);
  });

  it('refuses two machine formats on stdout and -o without a format', async () => {
    assert.equal((await run(['check', 'infra', '--format', 'json', '--format', 'sarif'])).code, 2);
    const orphan = await run(['check', 'infra', '-o', 'x.json']);
    assert.equal(orphan.code, 2);
    assert.match(orphan.stderr, /needs a --format before it/);
  });

  it('--fail-on and --max-warnings decide the exit status', async () => {
    // Only the warning-level rule: no errors remain.
    const onlyWarnings = [
      'check',
      'infra',
      '--rule',
      'exec-ssmmessages-endpoint',
      '--rule',
      'vpc-dhcp-dns',
      '--rule',
      'image-registry',
      '--severity',
      'image-registry=warning',
    ];
    const base = await json(onlyWarnings);
    const warnings = base.findings.filter((f) => f.severity === 'warning').length;
    assert.ok(warnings > 0, 'the case needs warnings');
    assert.equal(base.code, 0);
    assert.equal((await json([...onlyWarnings, '--fail-on', 'warning'])).code, 1);
    assert.equal((await json([...onlyWarnings, '--max-warnings', String(warnings)])).code, 0);
    assert.equal((await json([...onlyWarnings, '--max-warnings', String(warnings - 1)])).code, 1);
    assert.equal((await run(['check', 'infra', '--fail-on', 'fatal'])).code, 2);
  });

  it('--exclude drops findings of matching files and folders', async () => {
    const all = await json(['check', '.']);
    assert.ok(all.findings.some((f) => f.file.startsWith('infra/')));
    const excluded = await json(['check', '.', '--exclude', 'infra/**']);
    assert.ok(!excluded.findings.some((f) => f.file?.startsWith('infra/')));
    const byName = await json(['check', '.', '--exclude', 'ecs.tf']);
    assert.ok(!byName.findings.some((f) => f.file?.endsWith('/ecs.tf')));
    assert.ok(byName.findings.length > 0);
  });

  it('--chdir runs from another folder', async () => {
    process.chdir(startDir);
    const result = await json(['check', 'infra', '--chdir', work]);
    assert.equal(result.code, 1);
    assert.ok(result.findings.every((f) => f.file === null || f.file.startsWith('infra/')));
    assert.equal((await run(['check', '--chdir', path.join(work, 'nope')])).code, 2);
  });

  it('.private-ecr.json sets severities, excludes and var files; command-line flags win', async () => {
    const before = await json(['check', 'infra']);
    const ids = new Set(before.findings.map((f) => f.ruleId));
    assert.ok(ids.has('image-registry'));
    fs.writeFileSync(path.join(work, 'prod.tfvars'), '# no values needed\n');
    fs.writeFileSync(
      path.join(work, '.private-ecr.json'),
      JSON.stringify({ rules: { 'image-registry': 'off', 'execution-role': 'warning' }, exclude: ['good/**'], varFiles: ['prod.tfvars'] }),
    );
    const configured = await json(['check', '.']);
    assert.ok(!configured.findings.some((f) => f.ruleId === 'image-registry'));
    assert.ok(configured.findings.filter((f) => f.ruleId === 'execution-role').every((f) => f.severity === 'warning'));
    assert.ok(!configured.findings.some((f) => f.file?.startsWith('good/')));
    const overridden = await json(['check', '.', '--severity', 'image-registry=error']);
    assert.ok(overridden.findings.some((f) => f.ruleId === 'image-registry' && f.severity === 'error'));
    const ignored = await json(['check', '.', '--no-config']);
    assert.ok(ignored.findings.some((f) => f.ruleId === 'image-registry'));
    // Found from a sub-folder too, up to the repository root.
    process.chdir(path.join(work, 'infra'));
    const fromSub = await json(['check', '.']);
    assert.ok(!fromSub.findings.some((f) => f.ruleId === 'image-registry'));
  });

  it('a broken settings file is a usage error that names it', async () => {
    fs.writeFileSync(path.join(work, '.private-ecr.json'), '{"rules": {"no-such-rule": "off"}}');
    const unknownRule = await run(['check', 'infra']);
    assert.equal(unknownRule.code, 2);
    assert.match(unknownRule.stderr, /\.private-ecr\.json: unknown rule "no-such-rule"/);
    fs.writeFileSync(path.join(work, '.private-ecr.json'), '{"rules": ');
    const invalid = await run(['check', 'infra']);
    assert.equal(invalid.code, 2);
    assert.match(invalid.stderr, /is not valid JSON/);
    const missing = await run(['check', 'infra', '--config', 'absent.json']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read the config file .*absent\.json: no such file/);
  });

  it('a baseline hides known findings, counts them, and still reports new ones', async () => {
    const written = await run(['check', 'infra', '--write-baseline', 'baseline.json']);
    assert.equal(written.code, 1);
    assert.match(written.stderr, /wrote \d+ findings to the baseline baseline\.json/);
    const quiet = await json(['check', 'infra', '--baseline', 'baseline.json']);
    assert.equal(quiet.code, 0);
    assert.deepEqual(quiet.findings, []);
    assert.match(quiet.stderr, /\d+ findings are in the baseline baseline\.json and not shown; 0 new/);
    // Moving code (lines added above) keeps old findings baselined.
    for (const name of fs.readdirSync(path.join(work, 'infra')).filter((n) => n.endsWith('.tf'))) {
      const file = path.join(work, 'infra', name);
      fs.writeFileSync(file, '# moved down\n\n' + fs.readFileSync(file, 'utf8'));
    }
    assert.equal((await json(['check', 'infra', '--baseline', 'baseline.json'])).findings.length, 0);
    // Findings the baseline does not hold are new: record one rule's findings, check with all rules.
    const partial = await run(['check', 'infra', '--rule', 'image-registry', '--write-baseline', 'partial.json']);
    const recorded = (JSON.parse(fs.readFileSync(path.join(work, 'partial.json'), 'utf8')) as { findings: unknown[] }).findings.length;
    assert.ok(recorded > 0, partial.stderr);
    const all = await json(['check', 'infra']);
    const fresh = await json(['check', 'infra', '--baseline', 'partial.json']);
    assert.equal(fresh.findings.length, all.findings.length - recorded);
    assert.ok(!fresh.findings.some((f) => f.ruleId === 'image-registry'));
    assert.equal(fresh.code, 1);
    assert.equal((await run(['check', 'infra', '--baseline', 'nope.json'])).code, 2);
  });
});

describe('.private-ecr.json schema', () => {
  it('is current with the rule registry (regenerate: npx tsx scripts/gen-config-schema.ts)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { configSchema } = require('../../../scripts/gen-config-schema') as { configSchema: () => object };
    const onDisk = JSON.parse(fs.readFileSync(path.join(repo, 'schemas', 'private-ecr.schema.json'), 'utf8')) as object;
    assert.deepEqual(onDisk, configSchema());
  });
  it('is contributed to VS Code for .private-ecr.json files', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as {
      contributes: { jsonValidation?: Array<{ fileMatch: string | string[]; url: string }> };
    };
    const entry = (manifest.contributes.jsonValidation ?? []).find((v) => [v.fileMatch].flat().includes('.private-ecr.json'));
    assert.ok(entry, 'no jsonValidation entry for .private-ecr.json');
    assert.ok(fs.existsSync(path.join(repo, entry.url)));
  });
});
