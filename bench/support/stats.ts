/**
 * Statistics and fresh-process measurement shared by the bench scripts. A figure is never a best-of-N:
 * warm-up runs are reported apart from the steady state, and the steady state is given as
 * min / median / p90 over its samples.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The value at `fraction` (0..1) of the sorted samples (nearest rank). */
export function percentile(values: number[], fraction: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))];
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export interface Summary {
  min: number;
  median: number;
  p90: number;
  n: number;
}

export function summarize(values: number[]): Summary {
  return { min: Math.min(...values), median: median(values), p90: percentile(values, 0.9), n: values.length };
}

/** `min 1.2 / median 1.4 / p90 1.9 ms (n=5)`. */
export function describe(values: number[], unit: string, digits = 1): string {
  const s = summarize(values);
  return `min ${s.min.toFixed(digits)} / median ${s.median.toFixed(digits)} / p90 ${s.p90.toFixed(digits)} ${unit} (n=${s.n})`;
}

/** What one fresh process cost, from its own `process.resourceUsage()` at exit. */
export interface ProcessCost {
  status: number | null;
  wallMs: number;
  /** User + system CPU. */
  cpuMs: number;
  /** Peak resident set size. */
  maxRssMb: number;
  stdout: string;
  stderr: string;
}

const USAGE_PRELOAD = path.join(__dirname, 'usage-preload.cjs');

/**
 * Runs `node <args>` in a fresh process with a preload that writes the process's resource usage at exit,
 * so CPU and peak RSS are the child's own (not its parent's, not a wrapper's).
 */
export function runNode(args: string[], options: { cwd?: string; env?: Record<string, string>; nodeArgs?: string[] } = {}): ProcessCost {
  const usageFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-usage-')), 'usage.json');
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [...(options.nodeArgs ?? []), '--require', USAGE_PRELOAD, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env, BENCH_USAGE_FILE: usageFile },
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  let cpuMs = NaN;
  let maxRssMb = NaN;
  try {
    const usage = JSON.parse(fs.readFileSync(usageFile, 'utf8')) as NodeJS.ResourceUsage;
    cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
    maxRssMb = usage.maxRSS / 1024;
  } catch {
    // The child died before its exit handler ran: the figures stay NaN and the status says why.
  }
  fs.rmSync(path.dirname(usageFile), { recursive: true, force: true });
  return { status: result.status, wallMs, cpuMs, maxRssMb, stdout: result.stdout, stderr: result.stderr };
}

/** The machine, for the head of a report: busy machines lower every figure. */
export function machine(): string {
  return `node ${process.version}, ${os.cpus().length} cores, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`;
}
