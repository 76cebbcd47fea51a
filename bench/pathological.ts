/**
 * The time of the largest pathological inputs, as a ratio to a plain configuration of the same size:
 * `npx tsx bench/pathological.ts`. Each input is written to a temporary folder and checked the way
 * `private-ecr check` does (parse, model, rules); the plain file is ordinary resources repeated to the
 * same number of bytes. A ratio near 1 means the input costs what its size costs.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzePaths } from '../src/core/analyze';
import { median, percentile } from './support/stats';

type Files = Record<string, string>;

const PLAIN_BLOCK = `resource "aws_vpc_endpoint" "ecr_dkr" {
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.\${var.region}.ecr.dkr"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = aws_subnet.private[*].id
  security_group_ids  = [aws_security_group.endpoints.id]
}
`;

/** Ordinary resources (each with its own name) up to `bytes` bytes. */
function plain(bytes: number): string {
  let out = '';
  for (let i = 0; out.length < bytes; i++) out += PLAIN_BLOCK.replace('"ecr_dkr"', `"e${i}"`);
  return out.slice(0, Math.max(0, out.lastIndexOf('\n}\n') + 3)) || out;
}

function localsDag(n: number): string {
  const lines = ['locals {', '  a0 = "x"'];
  for (let i = 1; i < n; i++) lines.push(`  a${i} = [local.a${i - 1}, local.a${i - 1}]`);
  lines.push(
    '}',
    `resource "aws_vpc_endpoint" "e" {\n  vpc_id             = "vpc-1"\n  service_name       = "com.amazonaws.us-east-1.ecr.dkr"\n  subnet_ids         = local.a${n - 1} != null ? local.a${n - 1} : []\n  security_group_ids = distinct(flatten(local.a${n - 1}))\n}`,
  );
  return lines.join('\n') + '\n';
}

const fanCall = (source: string) => `module "m" {\n  source = "${source}"\n  count  = 1000\n}\n`;

/** The inputs of issue #8, at their largest. */
const INPUTS: Array<{ name: string; files: Files }> = [
  { name: 'nested [{ unclosed, 128 bytes (was 21 s)', files: { 'main.tf': `a = ${'[{'.repeat(62)}\n` } },
  { name: 'nested [{ unclosed, 1 MB', files: { 'main.tf': `a = ${'[{'.repeat(512 * 1024)}\n` } },
  { name: 'objects with broken keys, 1 MB', files: { 'main.tf': `a = ${'{ [ x y\n'.repeat(128 * 1024)}\n` } },
  { name: 'tuples 3,000 deep + a typo', files: { 'main.tf': `locals {\n  x = ${'['.repeat(3000)}1${']'.repeat(3000)}\n}\ny = tru e\n` } },
  { name: 'blocks 3,000 deep', files: { 'main.tf': `${'b {\n'.repeat(3000)}${'}\n'.repeat(3000)}` } },
  { name: 'splats 30,000 deep', files: { 'main.tf': `x = y${'[*]'.repeat(30000)}\n` } },
  { name: 'binary chain of 300,000 operators', files: { 'main.tf': `locals {\n  x = 1${' + 1'.repeat(300000)}\n}\n` } },
  { name: 'DAG of 43 locals (2^42 leaves)', files: { 'main.tf': localsDag(43) } },
  {
    name: 'module count = 1000, three levels',
    files: {
      'main.tf': fanCall('./a'),
      'a/main.tf': fanCall('./b'),
      'a/b/main.tf': fanCall('./c'),
      'a/b/c/main.tf': PLAIN_BLOCK.replace('{\n', '{\n  count = 1000\n'),
    },
  },
];

function write(files: Files): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pecr-bench-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** `runs` timed analyses of the folder, in ms. */
function time(dir: string, runs: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    analyzePaths([dir]);
    times.push(performance.now() - start);
  }
  return times;
}

const rows: string[][] = [['input', 'bytes', 'ms: min / median / p90', 'plain ms: median', 'ratio of medians']];
for (const input of INPUTS) {
  const bytes = Object.values(input.files).reduce((n, t) => n + Buffer.byteLength(t), 0);
  const dir = write(input.files);
  const plainDir = write({ 'main.tf': plain(Math.max(bytes, PLAIN_BLOCK.length)) });
  try {
    time(dir, 1); // warm-up (JIT, file cache)
    time(plainDir, 1);
    const times = time(dir, 5);
    const ms = median(times);
    const plainMs = median(time(plainDir, 5));
    rows.push([
      input.name,
      String(bytes),
      `${Math.min(...times).toFixed(1)} / ${ms.toFixed(1)} / ${percentile(times, 0.9).toFixed(1)}`,
      plainMs.toFixed(1),
      (ms / plainMs).toFixed(2),
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(plainDir, { recursive: true, force: true });
  }
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
for (const row of rows) console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
