/**
 * Benchmark of `check` on a plan next to `check` on the sources (prints figures; asserts nothing):
 *  1. the examples: their sources, and their plans from test/fixtures/plans (made by real Terraform against moto);
 *  2. a 500-module tree: examples/article's root with its two module calls repeated 250 times, as sources, and
 *     as a plan-shaped document generated from the article's real plan (its two module instances repeated the same way).
 *
 *   npx tsx bench/plan.ts [--copies 250] [--runs 5]
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyzePaths } from '../src/core/analyze';
import { analyzePlanText } from '../src/core/plan/check';
import { machine, summarize } from './support/stats';

/** The parts of a plan JSON this bench copies. */
interface PlanShape {
  configuration: { root_module: { module_calls: Record<string, unknown> } };
  planned_values: { root_module: { child_modules: unknown[] } };
  resource_changes: unknown[];
  [key: string]: unknown;
}

const repo = path.resolve(__dirname, '..');
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const copies = arg('copies', 250);
const runs = arg('runs', 5);

interface Timing {
  /** Median of the steady runs. */
  ms: number;
  min: number;
  p90: number;
  /** The first run (JIT warm-up, file cache), not part of the steady figures. */
  warmupMs: number;
  findings: number;
}

/** One warm-up run, then `runs` steady runs. */
function time(fn: () => number): Timing {
  const times: number[] = [];
  let findings = 0;
  for (let i = 0; i <= runs; i++) {
    const start = process.hrtime.bigint();
    findings = fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const steady = summarize(times.slice(1));
  return { ms: steady.median, min: steady.min, p90: steady.p90, warmupMs: times[0], findings };
}

/** `12.3 ms (min 11.0, p90 14.1; first 30.2)`. */
function cell(t: Timing, digits: number): string {
  return `${t.ms.toFixed(digits)} ms (min ${t.min.toFixed(digits)}, p90 ${t.p90.toFixed(digits)}; first ${t.warmupMs.toFixed(digits)})`;
}

function planCheck(text: string, file: string, sources?: string): number {
  const result = analyzePlanText(text, file, { sourceDir: sources });
  if ('error' in result) throw new Error(result.error);
  return result.findings.length;
}

const rows: string[][] = [['What', 'Sources', 'Plan (no sources)', 'Plan + sources', 'Findings (sources / plan)']];

for (const name of ['article', 'article-broken']) {
  const dir = path.join(repo, 'examples', name);
  const planFile = path.join(repo, 'test/fixtures/plans', `examples_${name.replace(/-/g, '_')}.json`);
  const text = fs.readFileSync(planFile, 'utf8');
  const sources = time(() => analyzePaths([dir]).findings.length);
  const plan = time(() => planCheck(text, planFile));
  const planWithSources = time(() => planCheck(text, planFile, dir));
  rows.push([
    `examples/${name}`,
    cell(sources, 1),
    cell(plan, 1),
    cell(planWithSources, 1),
    `${sources.findings} / ${planWithSources.findings}`,
  ]);
}

// The 500-module tree, as sources.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pecr-bench-plan-'));
try {
  const article = path.join(repo, 'examples/article');
  fs.cpSync(path.join(article, 'modules'), path.join(work, 'modules'), { recursive: true });
  fs.copyFileSync(path.join(article, 'variables.tf'), path.join(work, 'variables.tf'));
  fs.copyFileSync(path.join(article, 'terraform.tfvars'), path.join(work, 'terraform.tfvars'));
  const main = fs.readFileSync(path.join(article, 'main.tf'), 'utf8');
  const head = main.slice(0, main.indexOf('module "network"'));
  const calls = main.slice(main.indexOf('module "network"'));
  let text = head;
  for (let i = 0; i < copies; i++)
    text +=
      calls
        .replace(/module "network"/, `module "network_${i}"`)
        .replace(/module "app"/, `module "app_${i}"`)
        .replace(/module\.network\./g, `module.network_${i}.`) + '\n';
  fs.writeFileSync(path.join(work, 'main.tf'), text);

  // The same tree as a plan: the article's real plan with its module instances and configuration repeated.
  const plan = JSON.parse(fs.readFileSync(path.join(repo, 'test/fixtures/plans/examples_article.json'), 'utf8')) as PlanShape;
  const renameModule = (value: unknown, from: string, to: string): unknown =>
    JSON.parse(JSON.stringify(value).split(`"${from}.`).join(`"${to}.`).split(`"${from}"`).join(`"${to}"`));
  const childModules: unknown[] = [];
  const changes: unknown[] = [];
  const moduleCalls: Record<string, unknown> = {};
  const baseCalls = plan.configuration.root_module.module_calls;
  for (let i = 0; i < copies; i++) {
    for (const m of plan.planned_values.root_module.child_modules as Array<{ address: string }>) {
      const name = m.address.slice('module.'.length);
      const copy = renameModule(m, `module.${name}`, `module.${name}_${i}`);
      childModules.push(copy);
    }
    for (const c of plan.resource_changes as Array<{ address: string }>) {
      let copy: unknown = c;
      for (const name of Object.keys(baseCalls)) copy = renameModule(copy, `module.${name}`, `module.${name}_${i}`);
      changes.push(copy);
    }
    for (const [name, call] of Object.entries(baseCalls)) {
      const copy: unknown = JSON.parse(
        JSON.stringify(call)
          .split('"module.network.')
          .join(`"module.network_${i}.`)
          .split('"module.network"')
          .join(`"module.network_${i}"`),
      );
      moduleCalls[`${name}_${i}`] = copy;
    }
  }
  plan.planned_values.root_module.child_modules = childModules;
  plan.resource_changes = changes;
  plan.configuration.root_module.module_calls = moduleCalls;
  const planText = JSON.stringify(plan);
  const planFile = path.join(work, 'plan.json');
  fs.writeFileSync(planFile, planText);

  const sources = time(() => analyzePaths([work]).findings.length);
  const fromPlan = time(() => planCheck(planText, planFile));
  const withSources = time(() => planCheck(planText, planFile, work));
  rows.push([
    `${copies * 2} modules (${(planText.length / 1048576).toFixed(1)} MB of plan JSON)`,
    cell(sources, 0),
    cell(fromPlan, 0),
    cell(withSources, 0),
    `${sources.findings} / ${withSources.findings}`,
  ]);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c])).join('  '));
console.log(`(median, min and p90 of ${runs} steady runs after one warm-up run, in-process; ${machine()})`);
