/**
 * Before/after proof that a change keeps the checker's findings: runs `private-ecr check --format json`
 * of two builds on every fixture case (with the case's options.json as --var/--var-file/TF_VAR_), its
 * fixed/ output, every example, and once on the whole fixture and example tree, and diffs the JSON.
 *
 *   npx tsx scripts/compare-json.ts                 base = main, built in a temporary worktree;
 *                                                   after = this checkout (built with scripts/build.mjs)
 *   npx tsx scripts/compare-json.ts --base <ref>    any commit, branch or tag as the base
 *   npx tsx scripts/compare-json.ts --base-cli <dist/cli.js> --cli <dist/cli.js>   two ready builds
 *
 * Exit 0 when every output is byte-identical (after a stable key order), 1 with the differences listed.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const repo = path.resolve(__dirname, '..');

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** A run of the CLI: arguments, extra environment and the folder it runs in. */
interface Case {
  label: string;
  cwd: string;
  args: string[];
  env: Record<string, string>;
}

interface Options {
  variables?: { cli?: Array<{ name?: string; value?: string; file?: string }>; env?: Record<string, string> };
}

const CONFIG_EXTENSIONS = ['.tf', '.tf.json', '.tofu', '.tofu.json'];

function hasConfiguration(dir: string): boolean {
  return fs.readdirSync(dir).some((name) => CONFIG_EXTENSIONS.some((ext) => name.endsWith(ext)));
}

/** Folders holding an expected.json (fixture cases), below `dir`. */
function fixtureCases(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const child = path.join(dir, entry.name);
    if (fs.existsSync(path.join(child, 'expected.json'))) out.push(child);
    else fixtureCases(child, out);
  }
  return out;
}

function caseFor(dir: string): Case {
  const args = ['check', '--format', 'json', '.'];
  const env: Record<string, string> = {};
  const optionsFile = path.join(dir, 'options.json');
  if (fs.existsSync(optionsFile)) {
    const options = JSON.parse(fs.readFileSync(optionsFile, 'utf8')) as Options;
    for (const v of options.variables?.cli ?? []) {
      if (v.file !== undefined) args.push('--var-file', v.file);
      else args.push('--var', `${v.name}=${v.value}`);
    }
    for (const [name, value] of Object.entries(options.variables?.env ?? {})) env[`TF_VAR_${name}`] = value;
  }
  return { label: path.relative(repo, dir) || '.', cwd: dir, args, env };
}

function allCases(): Case[] {
  const cases: Case[] = [];
  for (const dir of fixtureCases(path.join(repo, 'test', 'fixtures'))) {
    if (hasConfiguration(dir)) cases.push(caseFor(dir));
    const fixed = path.join(dir, 'fixed');
    if (fs.existsSync(fixed) && hasConfiguration(fixed)) cases.push(caseFor(fixed));
  }
  const examples = path.join(repo, 'examples');
  for (const name of fs.readdirSync(examples).sort()) {
    const dir = path.join(examples, name);
    if (fs.statSync(dir).isDirectory()) cases.push(caseFor(dir));
  }
  cases.push({
    label: 'whole tree: test/fixtures examples',
    cwd: repo,
    args: ['check', '--format', 'json', 'test/fixtures', 'examples'],
    env: {},
  });
  return cases;
}

/** JSON with object keys sorted, so a different insertion order is not a difference. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = canonical((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

function run(cli: string, c: Case): string {
  const result = spawnSync(process.execPath, [cli, ...c.args], {
    cwd: c.cwd,
    env: { ...process.env, ...c.env, NO_COLOR: '1' },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  let body: string;
  try {
    body = JSON.stringify(canonical(JSON.parse(result.stdout)), null, 1);
  } catch {
    body = `(not JSON) ${result.stdout}`;
  }
  return `exit ${result.status}\n${body}\nstderr: ${result.stderr}`;
}

/** The first differing lines of two outputs, for the report. */
function firstDifference(a: string, b: string): string {
  const la = a.split('\n');
  const lb = b.split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return `line ${i + 1}:\n  before: ${la[i] ?? '(end)'}\n  after:  ${lb[i] ?? '(end)'}`;
  }
  return '(identical)';
}

function buildBase(ref: string): { cli: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compare-json-'));
  execFileSync('git', ['worktree', 'add', '--detach', dir, ref], { cwd: repo, stdio: 'ignore' });
  const cleanup = () => {
    try {
      execFileSync('git', ['worktree', 'remove', '--force', dir], { cwd: repo, stdio: 'ignore' });
    } catch {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    fs.symlinkSync(fs.realpathSync(path.join(repo, 'node_modules')), path.join(dir, 'node_modules'));
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: dir, stdio: 'ignore' });
  } catch (error) {
    cleanup();
    throw error;
  }
  return { cli: path.join(dir, 'dist', 'cli.js'), cleanup };
}

function main(): void {
  let baseCli = flag('base-cli');
  let cleanup = () => {};
  if (!baseCli) {
    const ref = flag('base') ?? 'main';
    console.log(`building ${ref} in a temporary worktree...`);
    const base = buildBase(ref);
    baseCli = base.cli;
    cleanup = base.cleanup;
  }
  let cli = flag('cli');
  if (!cli) {
    console.log('building this checkout...');
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repo, stdio: 'ignore' });
    cli = path.join(repo, 'dist', 'cli.js');
  }
  try {
    const cases = allCases();
    const differences: string[] = [];
    let findings = 0;
    for (const c of cases) {
      const before = run(path.resolve(baseCli), c);
      const after = run(path.resolve(cli), c);
      const count = (after.match(/"ruleId"/g) ?? []).length;
      findings += count;
      if (before !== after) differences.push(`${c.label}: ${firstDifference(before, after)}`);
    }
    console.log(`${cases.length} runs compared (${findings} findings in the new build's output): ${differences.length} differ`);
    for (const d of differences) console.log(`DIFFERENT ${d}`);
    process.exitCode = differences.length === 0 ? 0 : 1;
  } finally {
    cleanup();
  }
}

main();
