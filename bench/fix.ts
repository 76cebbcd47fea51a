/**
 * Cost of fixing many findings at once (prints figures; asserts nothing): the private-DNS fixture
 * with N more interface endpoints that lack `private_dns_enabled`, analysed (which computes every
 * finding's fix) and then fixed with fix-all (what `--fix` does, without writing). With fix-all
 * applying every independent fix of a round together, the rounds stay at two whatever N is.
 * Each figure is measured `--warmup` times (reported apart: JIT, file cache) and then `--runs` times,
 * printed as min / median / p90 of the steady runs, in wall-clock and CPU milliseconds of this process.
 *
 *   npx tsx bench/fix.ts [--endpoints 8000] [--runs 5] [--warmup 1]
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyzePaths } from '../src/core/analyze';
import { applyEdits } from '../src/core/fixes/apply';
import { fixAllInMemory } from '../src/core/fixes/fix-all';
import { DiskReader } from '../src/core/model/source';
import { describe, machine } from './support/stats';

const repo = path.resolve(__dirname, '..');
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

const endpoints = arg('endpoints', 8000);
const runs = Math.max(1, arg('runs', 5));
const warmup = Math.max(0, arg('warmup', 1));

/** Runs `fn` warm-up + steady times; prints the steady wall and CPU figures and the warm-up runs apart. Returns the last result. */
function measure<T>(label: string, fn: () => T, digits = 0): T {
  const wall: number[] = [];
  const cpu: number[] = [];
  let result: T | undefined;
  for (let i = 0; i < warmup + runs; i++) {
    const cpuStarted = process.cpuUsage();
    const started = performance.now();
    result = fn();
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpuStarted);
    wall.push(wallMs);
    cpu.push((used.user + used.system) / 1000);
  }
  const warm = wall.slice(0, warmup).map((t) => t.toFixed(digits));
  console.log(`${label}`);
  console.log(`  wall ${describe(wall.slice(warmup), 'ms', digits)}${warm.length ? `; warm-up ${warm.join(', ')} ms` : ''}`);
  console.log(`  CPU  ${describe(cpu.slice(warmup), 'ms', digits)}`);
  return result as T;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pecr-bench-fix-'));
try {
  const source = path.join(repo, 'test/fixtures/rules/endpoint-private-dns/invalid/unset');
  for (const name of ['ecs.tf', 'endpoints.tf', 'network.tf']) fs.copyFileSync(path.join(source, name), path.join(dir, name));
  const parts: string[] = [];
  for (let i = 0; i < endpoints; i++) {
    parts.push(`
resource "aws_vpc_endpoint" "extra_${i}" {
  vpc_id             = aws_vpc.main.id
  service_name       = "com.amazonaws.\${var.region}.ecr.dkr"
  vpc_endpoint_type  = "Interface"
  subnet_ids         = [aws_subnet.private_a.id, aws_subnet.private_b.id]
  security_group_ids = [aws_security_group.vpc_endpoint.id]
}
`);
  }
  fs.appendFileSync(path.join(dir, 'endpoints.tf'), parts.join(''));
  const bytes = fs.statSync(path.join(dir, 'endpoints.tf')).size;
  console.log(machine());
  console.log(`endpoints.tf: ${endpoints + 3} endpoints, ${(bytes / 1048576).toFixed(1)} MB; ${warmup} warm-up + ${runs} steady runs each`);

  const analysis = measure('analysis with fixes computed', () => analyzePaths([dir]));
  const fixable = analysis.findings.filter((f) => f.fixes && f.fixes.length > 0);
  console.log(`  ${fixable.length} fixable findings`);

  // Applying every fix's edits to the file in one pass.
  const file = path.join(dir, 'endpoints.tf');
  const text = fs.readFileSync(file, 'utf8');
  const edits = fixable.flatMap((f) => f.fixes![0].edits).filter((e) => e.file === file);
  measure(`applying ${edits.length} edits in one pass`, () => applyEdits(text, edits), 2);

  let analyses = 0;
  const result = measure('fix-all', () => {
    analyses = 0;
    return fixAllInMemory([dir], new DiskReader(), () => true, {
      analyze: (paths, options) => {
        analyses++;
        return analyzePaths(paths, options);
      },
    });
  });
  console.log(`  ${result.applied.length} fixes applied in ${analyses} analyses, ${result.problems.length} problems (last run)`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
