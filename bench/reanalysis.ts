/**
 * The editor's re-analysis after a one-file edit in a 1.5 MB root (#14 goal 5), as the analysis worker
 * does it: the edited text laid over the disk, the parse cache warm. Prints min/median/p90 of the
 * steady state (warm-up runs left out), in wall-clock and in CPU milliseconds of this thread (steadier on
 * a shared machine), for the plain analysis (every file re-read from disk, the whole root re-evaluated),
 * for the worker's incremental analysis, and for a root the edit did not touch. Figures only.
 *
 *   npx tsx bench/reanalysis.ts [--kb 1536] [--files 24] [--runs 60] [--warmup 10]
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyzeRoot } from '../src/core/analyze';
import { Configuration } from '../src/core/model/config';
import { ParseCache } from '../src/core/model/loader';
import { DiskReader, OverlayReader } from '../src/core/model/source';
import { runRules } from '../src/core/rules/engine';
import { RULES } from '../src/core/rules/registry';
import { IncrementalAnalysis } from '../src/core/incremental';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const targetKb = arg('kb', 1536);
const fileCount = arg('files', 24);
const runs = arg('runs', 60);
const warmup = arg('warmup', 10);

/** A root of `fileCount` files: the network and an ECS service in the first, security groups padding the rest. */
export function writeRoot(dir: string, kb: number, files: number): string[] {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const example = (name: string) => fs.readFileSync(path.join(__dirname, '..', 'examples', 'article-broken', name), 'utf8');
  const paths: string[] = [];
  const first = path.join(dir, 'main.tf');
  fs.writeFileSync(first, `${example('network.tf')}\n${example('ecs.tf')}\n${example('endpoints.tf')}\n`);
  paths.push(first);
  const perFile = Math.ceil((kb * 1024) / (files - 1));
  let index = 0;
  for (let f = 1; f < files; f++) {
    const parts: string[] = [];
    let size = 0;
    while (size < perFile) {
      const block =
        `resource "aws_security_group" "pad_${index}" {\n  name   = "pad-${index}"\n  vpc_id = aws_vpc.main.id\n\n` +
        `  ingress {\n    from_port   = ${1000 + (index % 5000)}\n    to_port     = ${1000 + (index % 5000)}\n    protocol    = "tcp"\n    cidr_blocks = ["10.${index % 250}.0.0/16"]\n  }\n\n` +
        `  tags = {\n    Name  = "pad-${index}"\n    Index = ${index}\n  }\n}\n\n`;
      parts.push(block);
      size += block.length;
      index++;
    }
    const file = path.join(dir, `pad-${String(f).padStart(2, '0')}.tf`);
    fs.writeFileSync(file, parts.join(''));
    paths.push(file);
  }
  return paths;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

function stats(label: string, times: number[]): void {
  const steady = times.slice(warmup).sort((a, b) => a - b);
  const at = (q: number) => steady[Math.min(steady.length - 1, Math.floor(q * steady.length))];
  const warm = times.slice(0, warmup);
  console.log(
    `${label.padEnd(50)} min ${steady[0].toFixed(2).padStart(7)}  median ${at(0.5).toFixed(2).padStart(7)}  p90 ${at(0.9).toFixed(2).padStart(7)} ms` +
      `  (warm-up ${warm.length}: first ${warm[0]?.toFixed(1) ?? '-'} ms)`,
  );
}

function main(): void {
  const dir = path.join(os.tmpdir(), `pecr-bench-reanalysis-${process.pid}`);
  try {
    const files = writeRoot(dir, targetKb, fileCount);
    const bytes = files.reduce((sum, file) => sum + fs.statSync(file).size, 0);
    console.log(
      `root: ${(bytes / 1048576).toFixed(2)} MB in ${files.length} files; ${runs} one-file edits each way, ${warmup} of them warm-up`,
    );
    const edited = files[Math.floor(files.length / 2)];
    const original = fs.readFileSync(edited, 'utf8');
    // One keystroke's worth of change: a tag value in the middle of the edited file.
    const editAt = original.indexOf('Name  = "pad-', Math.floor(original.length / 2));
    const textOf = (run: number) => `${original.slice(0, editAt)}Name  = "x${run}-${original.slice(editAt + 'Name  = "'.length)}`;

    const disk = new DiskReader();
    // Before: the analysis the worker ran until now (disk re-read, whole root re-evaluated).
    {
      const cache = new ParseCache();
      const times: number[] = [];
      const cpu: number[] = [];
      const phases = { load: 0, rules: 0 };
      for (let run = 0; run < runs; run++) {
        const reader = new OverlayReader(disk, new Map([[edited, textOf(run)]]));
        const started = performance.now();
        const cpuStarted = process.cpuUsage();
        analyzeRoot(dir, { reader, cache });
        cpu.push(cpuMs(cpuStarted));
        times.push(performance.now() - started);
        if (run >= warmup) {
          const t0 = performance.now();
          const configuration = new Configuration(dir, reader, cache);
          void configuration.modules;
          const t1 = performance.now();
          runRules(configuration, { rules: RULES });
          phases.load += t1 - t0;
          phases.rules += performance.now() - t1;
        }
      }
      stats('plain analysis (before), wall', times);
      stats('plain analysis (before), CPU', cpu);
      const n = runs - warmup;
      console.log(`  of which loading ${(phases.load / n).toFixed(2)} ms, rules and evaluation ${(phases.rules / n).toFixed(2)} ms (mean)`);
    }
    // After: the worker's incremental analysis (files read once while unchanged on disk, work reused).
    {
      const incremental = new IncrementalAnalysis(disk);
      const times: number[] = [];
      const cpu: number[] = [];
      const untouched: number[] = [];
      for (let run = 0; run < runs; run++) {
        incremental.setOverlay(new Map([[edited, textOf(run)]]));
        const started = performance.now();
        const cpuStarted = process.cpuUsage();
        incremental.analyzeRoot(dir, {});
        cpu.push(cpuMs(cpuStarted));
        times.push(performance.now() - started);
        // The same root asked again with nothing changed (a save, an editor opened or closed): answered from its memo.
        const again = performance.now();
        incremental.analyzeRoot(dir, {});
        untouched.push(performance.now() - again);
      }
      stats('incremental analysis (after), wall', times);
      stats('incremental analysis (after), CPU', cpu);
      // The part no cache can save: parsing the edited file's new text.
      const parseCpu: number[] = [];
      for (let run = 0; run < runs; run++) {
        const cpuStarted = process.cpuUsage();
        new ParseCache().parse(edited, textOf(runs + run));
        parseCpu.push(cpuMs(cpuStarted));
      }
      stats(`  parsing the edited file alone (${(original.length / 1024).toFixed(0)} KB), CPU`, parseCpu);
      stats('same root, nothing changed since (after), wall', untouched);
      console.log(`  files read from disk: ${incremental.disk.diskReads} for ${runs} analyses of ${files.length} files`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) main();
