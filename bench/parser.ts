/**
 * Sustained parser throughput, garbage collection included, in a fresh process per run.
 *
 * Two corpora of about 10 MB each:
 *  - "fixtures": every .tf of test/fixtures and examples that parses cleanly (real configurations as people
 *    write them), repeated until the size is reached, parsed as separate files;
 *  - "generated": bench/parsers/generate-terraform.ts, one large file of typical resources;
 *  - with `--corpus <dir>`, also "real": the .tf and .tofu files under that folder, in path order, until the size is
 *    reached (repeated only when the folder holds less). The folder is not part of the repository: build it from
 *    public modules, e.g. `git clone --depth 1` terraform-aws-modules/terraform-aws-{vpc,ecs,eks,rds,iam,s3-bucket,
 *    security-group,alb,lambda,...}, cloudposse/terraform-aws-components and
 *    terraform-google-modules/terraform-google-kubernetes-engine into one folder (about 13 MB of .tf).
 *
 * Each run is a new process (bench/parsers/parse-run.ts, bundled with esbuild as dist/ is): one warm-up pass,
 * then `--passes` passes whose trees stay alive until the pass ends. A run's sustained figure is its steady
 * bytes over its steady time, in CPU time (steady on a shared machine) and by the wall clock; the report gives min / median / p90 over the runs, the warm-up pass apart, and
 * the share of the steady time spent in garbage collection. Ratios are of medians measured in this run:
 * against HashiCorp's parser through @cdktf/hcl2json (Go → WebAssembly, including its JSON), and the CPU of
 * one fresh process reading and parsing the fixture corpus against `terraform fmt -check` on the same files
 * and against `node -e 0`.
 *
 *   npx tsx bench/parser.ts [--runs 5] [--passes 5] [--mb 10] [--hcl2json-runs 3] [--skip-hcl2json] [--corpus <dir>]
 *     [--only fixtures|generated|real] [--skip-once]   (one corpus only; without the single-pass comparison)
 *   TREE_SITTER_DIR=/tmp/ts-bench npx tsx bench/parser.ts   (also tree-sitter's HCL grammar, when installed there)
 */
import { spawnSync } from 'child_process';
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';
import { parseHcl } from '../src/core/hcl/parser';
import { generateTerraform } from './parsers/generate-terraform';
import { describe, machine, median, runNode } from './support/stats';

const repo = path.resolve(__dirname, '..');
const work = path.join(repo, 'bench', '.tmp', 'parser');
const MEGABYTE = 1024 * 1024;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

interface CorpusFile {
  path: string;
  text: string;
}

function tfFiles(dir: string, out: string[] = [], tofu = false): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '.git' && entry.name !== 'node_modules') tfFiles(child, out, tofu);
    } else if (entry.isFile() && (entry.name.endsWith('.tf') || (tofu && entry.name.endsWith('.tofu')))) out.push(child);
  }
  return out;
}

/** The .tf and .tofu files under `dir` (a corpus of real modules kept outside the repository), to `bytes`. */
function folderCorpus(dir: string, bytes: number): CorpusFile[] {
  const sources = tfFiles(dir, [], true)
    .sort()
    .map((file) => ({ path: path.relative(dir, file), text: fs.readFileSync(file, 'utf8') }))
    .filter((file) => file.text.length > 0);
  if (sources.length === 0) throw new Error(`--corpus ${dir}: no .tf or .tofu files there`);
  const files: CorpusFile[] = [];
  let size = 0;
  for (let round = 0; size < bytes; round++) {
    for (const source of sources) {
      files.push({ path: `${round}/${source.path}`, text: source.text });
      size += Buffer.byteLength(source.text);
      if (size >= bytes) break;
    }
  }
  return files;
}

/** Clean fixture and example files, repeated (in a stable order) to `bytes`. */
function fixtureCorpus(bytes: number): CorpusFile[] {
  const sources = [...tfFiles(path.join(repo, 'test', 'fixtures')), ...tfFiles(path.join(repo, 'examples'))]
    .sort()
    .map((file) => ({ path: path.relative(repo, file), text: fs.readFileSync(file, 'utf8') }))
    .filter((file) => file.text.length > 0 && parseHcl(file.text, file.path).errors.length === 0);
  const files: CorpusFile[] = [];
  let size = 0;
  for (let round = 0; size < bytes; round++) {
    for (const source of sources) {
      files.push({ path: `${round}/${source.path}`, text: source.text });
      size += Buffer.byteLength(source.text);
      if (size >= bytes) break;
    }
  }
  return files;
}

function byteSize(files: CorpusFile[]): number {
  return files.reduce((sum, f) => sum + Buffer.byteLength(f.text), 0);
}

interface RunResult {
  passMs: number[];
  cpuMs: number[];
  gcMs: number[];
  failures: number;
}

interface Series {
  steadyMbps: number[];
  steadyCpuMbps: number[];
  warmupMbps: number[];
  gcShare: number[];
  rssMb: number[];
  failures: number;
}

function measure(runner: string, corpusPath: string, bytes: number, parser: string, runs: number, passes: number): Series {
  const series: Series = { steadyMbps: [], steadyCpuMbps: [], warmupMbps: [], gcShare: [], rssMb: [], failures: 0 };
  for (let run = 0; run < runs; run++) {
    const cost = runNode([runner, corpusPath, parser, String(passes), process.env.TREE_SITTER_DIR ?? '']);
    if (cost.status !== 0) throw new Error(`${parser} run failed (exit ${cost.status}): ${cost.stderr}`);
    const result = JSON.parse(cost.stdout) as RunResult;
    const mb = bytes / MEGABYTE;
    const steadyMs = result.passMs.slice(1).reduce((a, b) => a + b, 0);
    const steadyGc = result.gcMs.slice(1).reduce((a, b) => a + b, 0);
    series.warmupMbps.push(mb / (result.passMs[0] / 1000));
    series.steadyMbps.push((mb * passes) / (steadyMs / 1000));
    series.steadyCpuMbps.push((mb * passes) / (result.cpuMs.slice(1).reduce((a, b) => a + b, 0) / 1000));
    series.gcShare.push((100 * steadyGc) / steadyMs);
    series.rssMb.push(cost.maxRssMb);
    series.failures = Math.max(series.failures, result.failures);
  }
  return series;
}

function report(label: string, s: Series): void {
  console.log(`  ${label}`);
  console.log(`    sustained, per CPU second ${describe(s.steadyCpuMbps, 'MB/s')}`);
  console.log(`    sustained, wall clock ${describe(s.steadyMbps, 'MB/s')}`);
  console.log(`    warm-up pass ${describe(s.warmupMbps, 'MB/s')}`);
  console.log(`    GC share of the steady time ${describe(s.gcShare, '%')}; peak RSS ${describe(s.rssMb, 'MB', 0)}`);
  if (s.failures > 0) console.log(`    (${s.failures} files per pass were not parsed)`);
}

/** User + system CPU of a non-node command, from bash's `times` (children's line). */
function commandCpuMs(command: string): number {
  const result = spawnSync('bash', ['-c', `${command} >/dev/null 2>&1; times`], { encoding: 'utf8' });
  const lines = result.stdout.trim().split('\n');
  const children = lines[lines.length - 1].split(/\s+/);
  const seconds = (text: string) => {
    const m = /(\d+)m([\d.]+)s/.exec(text);
    return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  };
  return (seconds(children[0]) + seconds(children[1])) * 1000;
}

async function main(): Promise<void> {
  const runs = option('runs', 5);
  const passes = option('passes', 5);
  const mb = option('mb', 10);
  const hcl2jsonRuns = option('hcl2json-runs', 3);
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });

  const runner = path.join(work, 'parse-run.js');
  await esbuild.build({
    entryPoints: [path.join(__dirname, 'parsers', 'parse-run.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    outfile: runner,
    logLevel: 'error',
  });

  const corpora = [
    { name: 'fixtures', files: fixtureCorpus(mb * MEGABYTE) },
    { name: 'generated', files: [{ path: 'generated.tf', text: generateTerraform(mb * MEGABYTE) }] },
  ];
  const corpusAt = process.argv.indexOf('--corpus');
  if (corpusAt >= 0) {
    const dir = path.resolve(process.argv[corpusAt + 1] ?? '');
    corpora.push({ name: `real (${dir})`, files: folderCorpus(dir, mb * MEGABYTE) });
  }
  const only = process.argv.indexOf('--only');
  const selected = only >= 0 ? corpora.filter((c) => c.name.startsWith(process.argv[only + 1])) : corpora;
  console.log(`${machine()}; ${runs} fresh processes per parser, 1 warm-up + ${passes} steady passes each`);
  for (const corpus of selected) {
    const file = path.join(work, `${corpus.name.split(' ')[0]}.json`);
    fs.writeFileSync(file, JSON.stringify({ files: corpus.files }));
    const bytes = byteSize(corpus.files);
    console.log(`\n${corpus.name}: ${(bytes / MEGABYTE).toFixed(1)} MB in ${corpus.files.length} files`);
    const ours = measure(runner, file, bytes, 'ours', runs, passes);
    report('ours (src/core/hcl/parser.ts)', ours);
    if (!process.argv.includes('--skip-hcl2json')) {
      const theirs = measure(runner, file, bytes, 'hcl2json', hcl2jsonRuns, Math.max(1, Math.min(passes, 2)));
      report('@cdktf/hcl2json 0.21 (HashiCorp hcl in Go/WebAssembly, parse + convert + JSON.parse)', theirs);
      console.log(
        `    ratio: ours is ${(median(ours.steadyCpuMbps) / median(theirs.steadyCpuMbps)).toFixed(1)}x hcl2json's sustained throughput per CPU second, ${(median(ours.steadyMbps) / median(theirs.steadyMbps)).toFixed(1)}x by the wall clock (medians)`,
      );
    }
    if (process.env.TREE_SITTER_DIR)
      report('tree-sitter-hcl (tree only, no AST)', measure(runner, file, bytes, 'tree-sitter', runs, passes));
  }

  if (process.argv.includes('--skip-once')) return;
  // One fresh process that reads and parses the fixture corpus once, against terraform fmt on the same files.
  const dir = path.join(work, 'fixtures-tree');
  fs.mkdirSync(dir, { recursive: true });
  corpora[0].files.forEach((f, i) => fs.writeFileSync(path.join(dir, `f${String(i).padStart(5, '0')}.tf`), f.text));
  const oursCpu: number[] = [];
  const bareCpu: number[] = [];
  const terraformCpu: number[] = [];
  const hasTerraform = spawnSync('terraform', ['version'], { stdio: 'ignore' }).status === 0;
  for (let run = 0; run < runs; run++) {
    bareCpu.push(runNode(['-e', '0']).cpuMs);
    oursCpu.push(runNode([runner, dir, 'ours', '0']).cpuMs);
    if (hasTerraform) terraformCpu.push(commandCpuMs(`terraform fmt -check -no-color ${dir}`));
  }
  console.log(`\none fresh process reading and parsing the fixture corpus once (${corpora[0].files.length} files), CPU:`);
  console.log(`  node -e 0            ${describe(bareCpu, 'ms', 0)}`);
  console.log(`  ours                 ${describe(oursCpu, 'ms', 0)}  = ${(median(oursCpu) / median(bareCpu)).toFixed(1)}x node -e 0`);
  if (hasTerraform) {
    console.log(`  terraform fmt -check ${describe(terraformCpu, 'ms', 0)}  (Go hclwrite: parse and format)`);
    console.log(`  ratio: terraform fmt / ours = ${(median(terraformCpu) / median(oursCpu)).toFixed(1)}x`);
  } else {
    console.log('  terraform: not on PATH, skipped');
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
