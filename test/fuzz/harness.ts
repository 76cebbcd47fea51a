/**
 * The fuzzer: inputs made from the repository's own fixtures and examples (truncated, mutated, or
 * generated from a small Terraform grammar), each parsed, analysed and fixed with fix-all in memory
 * (an overlay over the fixture folder: nothing is written, nothing outside the repository is read).
 * Each input must not throw, must not produce an `internal-error` finding, fix-all must reach a
 * fixed point, and its analysis time must stay under a multiple of a baseline run (a ratio measured
 * on the same machine in the same process, not a fixed number of seconds).
 *
 * Used by test/fuzz/fuzz.test.ts (a bounded run in CI) and scripts/fuzz.ts (long runs).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzePaths } from '../../src/core/analyze';
import type { Finding } from '../../src/core/findings';
import { fixAllInMemory, isInternalFixProblem } from '../../src/core/fixes/fix-all';
import { parseHcl } from '../../src/core/hcl/parser';
import { DiskReader, OverlayReader, type SourceReader } from '../../src/core/model/source';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** A deterministic random source (mulberry32): the same seed gives the same inputs. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** A module folder to start from, and the `.tf` files in it that may be mutated. */
export interface Seed {
  dir: string;
  files: string[];
}

/** Every fixture case and example: folders whose `.tf` files (not under `fixed/`) are the raw material. */
export function collectSeeds(): Seed[] {
  const seeds: Seed[] = [];
  const add = (dir: string) => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
        const full = path.join(d, entry.name);
        if (entry.isDirectory()) {
          if (entry.name !== 'fixed') walk(full);
        } else if (entry.name.endsWith('.tf')) {
          files.push(full);
        }
      }
    };
    walk(dir);
    if (files.length > 0) seeds.push({ dir, files: files.sort() });
  };
  for (const example of fs.readdirSync(path.join(REPO_ROOT, 'examples')).sort()) add(path.join(REPO_ROOT, 'examples', example));
  const rules = path.join(REPO_ROOT, 'test', 'fixtures', 'rules');
  for (const rule of fs.readdirSync(rules).sort()) {
    for (const kind of ['valid', 'invalid']) {
      const kindDir = path.join(rules, rule, kind);
      if (!fs.existsSync(kindDir)) continue;
      for (const name of fs.readdirSync(kindDir).sort()) {
        const caseDir = path.join(kindDir, name);
        if (fs.statSync(caseDir).isDirectory()) add(caseDir);
      }
    }
  }
  return seeds;
}

// ---------------------------------------------------------------- mutations

const TOKENS = [
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  '"',
  '${',
  '%{',
  '}"',
  '<<EOT\n',
  '\nEOT\n',
  '<<-X\n',
  '=',
  '==',
  ',',
  '\n',
  '\r\n',
  '#',
  '//',
  '/*',
  '*/',
  '.',
  '[*]',
  '.*',
  '?',
  ':',
  '=>',
  '...',
  '!',
  '-',
  '+',
  '&&',
  '||',
  ' ',
  '\t',
  '\\',
  '\\"',
  'null',
  'true',
  '0',
  '1e400',
  '-1',
  '443',
  'local.a',
  'var.x',
  'count.index',
  'each.key',
  'each.value',
  'self',
  'path.module',
  'aws_vpc.main.id',
  'module.m.x',
  'data.aws_region.current.name',
  'for',
  'in',
  'if',
  'endif',
  'endfor',
  'else',
  'resource',
  'module',
  'locals',
  'variable',
  'dynamic',
  'content',
  'provider::aws::arn_parse(',
  'jsonencode(',
  'lookup(',
  'merge(',
  'concat(',
  'flatten(',
  'cidrsubnet(',
  'format("%s", ',
  'try(',
  'length(',
  'element(',
  'tolist(',
  'toset(',
  '\u00e9',
  '\u2028',
  '\ufeff',
  '\ud83d\ude00',
  '\u0000',
];

/** Terraform-ish fragments the grammar generator combines. */
const RESOURCE_TYPES = [
  'aws_vpc',
  'aws_subnet',
  'aws_route_table',
  'aws_route_table_association',
  'aws_route',
  'aws_vpc_endpoint',
  'aws_security_group',
  'aws_vpc_security_group_ingress_rule',
  'aws_vpc_security_group_egress_rule',
  'aws_network_acl',
  'aws_ecs_service',
  'aws_ecs_task_definition',
  'aws_iam_role',
  'aws_iam_role_policy_attachment',
  'aws_iam_policy',
  'aws_cloudwatch_log_group',
  'aws_nat_gateway',
  'aws_internet_gateway',
  'aws_vpc_dhcp_options',
  'aws_ecr_repository',
  'aws_secretsmanager_secret',
  'aws_ssm_parameter',
  'aws_vpc_endpoint_route_table_association',
];
const ATTRIBUTES = [
  'vpc_id',
  'subnet_ids',
  'security_group_ids',
  'route_table_ids',
  'service_name',
  'vpc_endpoint_type',
  'private_dns_enabled',
  'cidr_block',
  'cidr_blocks',
  'enable_dns_support',
  'enable_dns_hostnames',
  'from_port',
  'to_port',
  'protocol',
  'prefix_list_ids',
  'launch_type',
  'container_definitions',
  'execution_role_arn',
  'policy',
  'policy_arn',
  'role',
  'count',
  'for_each',
  'image',
  'gateway_id',
  'nat_gateway_id',
  'subnets',
  'security_groups',
  'assign_public_ip',
  'network_mode',
  'requires_compatibilities',
  'tags',
  'name',
  'region',
  'depends_on',
];
const NESTED_BLOCKS = [
  'ingress',
  'egress',
  'network_configuration',
  'route',
  'dynamic "ingress"',
  'content',
  'lifecycle',
  'statement',
  'capacity_provider_strategy',
];

function generateExpression(random: Random, depth: number, names: string[]): string {
  const leaf = (): string => {
    switch (random.int(9)) {
      case 0:
        return `"${random.pick(['com.amazonaws.us-east-1.ecr.dkr', 'com.amazonaws.${var.region}.s3', '10.0.0.0/16', 'Interface', 'Gateway', 'tcp', '0.0.0.0/0', '', '${local.a}'])}"`;
      case 1:
        return String(random.pick([0, 1, 443, 80, -1, 65535, 3]));
      case 2:
        return random.pick(['true', 'false', 'null']);
      case 3:
        return names.length > 0 ? `${random.pick(names)}.${random.pick(['id', 'arn', 'cidr_block', 'name', 'ids'])}` : 'var.x';
      case 4:
        return random.pick([
          'var.vpc_id',
          'var.subnets',
          'local.a',
          'count.index',
          'each.value',
          'data.aws_region.current.name',
          'module.m.out',
        ]);
      case 5:
        return `<<EOT\n${random.pick(['x', '${var.y}', '%{if true}a%{endif}', '{"Version": "2012-10-17"}'])}\nEOT`;
      default:
        return names.length > 0 ? `${random.pick(names)}.id` : '"x"';
    }
  };
  if (depth <= 0) return leaf();
  switch (random.int(10)) {
    case 0:
      return `[${Array.from({ length: random.int(4) }, () => generateExpression(random, depth - 1, names)).join(', ')}]`;
    case 1:
      return `{ ${Array.from({ length: random.int(3) }, () => `${random.pick(ATTRIBUTES)} = ${generateExpression(random, depth - 1, names)}`).join(', ')} }`;
    case 2:
      return `${generateExpression(random, depth - 1, names)} ${random.pick(['==', '!=', '&&', '||', '+', '>'])} ${generateExpression(random, depth - 1, names)}`;
    case 3:
      return `${generateExpression(random, depth - 1, names)} ? ${generateExpression(random, depth - 1, names)} : ${generateExpression(random, depth - 1, names)}`;
    case 4:
      return `${random.pick(['jsonencode', 'tolist', 'toset', 'flatten', 'length', 'concat', 'merge', 'lookup', 'try', 'coalesce', 'distinct', 'element', 'cidrsubnet', 'format'])}(${Array.from({ length: 1 + random.int(3) }, () => generateExpression(random, depth - 1, names)).join(', ')})`;
    case 5:
      return `[for v in ${generateExpression(random, depth - 1, names)} : ${random.pick(['v', 'v.id', 'upper(v)'])}${random.chance(0.3) ? ' if v != null' : ''}]`;
    case 6:
      return `{ for k, v in ${generateExpression(random, depth - 1, names)} : k => v }`;
    case 7:
      return `"\${${generateExpression(random, depth - 1, names)}}-x"`;
    case 8:
      return `${names.length > 0 ? random.pick(names) : 'aws_subnet.a'}[*].id`;
    default:
      return leaf();
  }
}

function generateBody(random: Random, depth: number, names: string[], indent: string): string {
  const lines: string[] = [];
  const count = 1 + random.int(6);
  for (let i = 0; i < count; i++) {
    if (depth > 0 && random.chance(0.2)) {
      lines.push(`${indent}${random.pick(NESTED_BLOCKS)} {`, generateBody(random, depth - 1, names, indent + '  '), `${indent}}`);
    } else {
      lines.push(`${indent}${random.pick(ATTRIBUTES)} = ${generateExpression(random, 1 + random.int(3), names)}`);
    }
  }
  return lines.join('\n');
}

/** A whole file from the grammar: resources, locals, variables and module calls that refer to each other. */
export function generateConfiguration(random: Random): string {
  const names: string[] = [];
  const blocks: string[] = [];
  const count = 2 + random.int(10);
  for (let i = 0; i < count; i++) {
    switch (random.int(6)) {
      case 0:
        blocks.push(`locals {\n  a = ${generateExpression(random, 2, names)}\n  b${i} = ${generateExpression(random, 2, names)}\n}`);
        break;
      case 1:
        blocks.push(
          `variable "${random.pick(['x', 'y', 'vpc_id', 'subnets', 'region'])}" {\n  type    = ${random.pick(['string', 'list(string)', 'any', 'map(string)'])}\n  default = ${generateExpression(random, 1, names)}\n}`,
        );
        break;
      case 2:
        blocks.push(
          `data "${random.pick(['aws_region', 'aws_vpc', 'aws_subnets', 'aws_caller_identity'])}" "current" {\n${generateBody(random, 0, names, '  ')}\n}`,
        );
        break;
      default: {
        const type = random.pick(RESOURCE_TYPES);
        const name = `r${i}`;
        blocks.push(`resource "${type}" "${name}" {\n${generateBody(random, 2, names, '  ')}\n}`);
        names.push(`${type}.${name}`);
      }
    }
  }
  return blocks.join('\n\n') + '\n';
}

/** One mutation of `text`, described for the failure message. */
export function mutate(random: Random, text: string): { text: string; how: string } {
  const at = () => random.int(text.length + 1);
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  switch (random.int(9)) {
    case 0: {
      const cut = at();
      return { text: text.slice(0, cut), how: `truncated at ${cut}` };
    }
    case 1: {
      // Cut right after a `=` (an argument being typed).
      const eqs = [...text.matchAll(/=(?!=)/g)].map((m) => m.index! + 1);
      if (eqs.length === 0) break;
      const cut = random.pick(eqs);
      const lineEnd = text.indexOf('\n', cut);
      return {
        text: text.slice(0, cut) + (random.chance(0.5) ? text.slice(lineEnd < 0 ? text.length : lineEnd) : ''),
        how: `value after = at ${cut} removed`,
      };
    }
    case 2: {
      const start = at();
      const end = Math.min(text.length, start + 1 + random.int(40));
      return { text: text.slice(0, start) + text.slice(end), how: `deleted ${start}-${end}` };
    }
    case 3: {
      const start = at();
      const end = Math.min(text.length, start + 1 + random.int(200));
      return { text: text.slice(0, end) + text.slice(start, end) + text.slice(end), how: `duplicated ${start}-${end}` };
    }
    case 4: {
      const n = 1 + random.int(4);
      let out = text;
      const hows: string[] = [];
      for (let i = 0; i < n; i++) {
        const p = random.int(out.length + 1);
        const token = random.pick(TOKENS);
        out = out.slice(0, p) + token + out.slice(p);
        hows.push(`${JSON.stringify(token)}@${p}`);
      }
      return { text: out, how: `inserted ${hows.join(' ')}` };
    }
    case 5: {
      const a = random.int(lineStarts.length);
      const b = random.int(lineStarts.length);
      const lines = text.split('\n');
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return { text: lines.join('\n'), how: `swapped lines ${a + 1} and ${b + 1}` };
    }
    case 6: {
      const p = at();
      const depth = 1 + random.int(300);
      const open = random.pick(['[', '{', '(', '[{', '"${', 'f(']);
      return { text: text.slice(0, p) + open.repeat(depth) + text.slice(p), how: `${depth} × ${JSON.stringify(open)} at ${p}` };
    }
    case 7: {
      // Replace one attribute value with a generated expression.
      const eqs = [...text.matchAll(/ = /g)].map((m) => m.index! + 3);
      if (eqs.length === 0) break;
      const p = random.pick(eqs);
      const lineEnd = text.indexOf('\n', p);
      const expr = generateExpression(random, 1 + random.int(3), ['aws_vpc.main', 'aws_subnet.private', 'aws_security_group.endpoints']);
      return {
        text: text.slice(0, p) + expr + text.slice(lineEnd < 0 ? text.length : lineEnd),
        how: `value at ${p} replaced by ${JSON.stringify(expr)}`,
      };
    }
    default:
      break;
  }
  const style = random.int(3);
  if (style === 0) return { text: text.replace(/\n/g, '\r\n'), how: 'CRLF line ends' };
  if (style === 1) return { text: '\ufeff' + text, how: 'BOM' };
  return { text: text.replace(/^( {2})+/gm, (m) => '\t'.repeat(m.length / 2)), how: 'tab indentation' };
}

// ---------------------------------------------------------------- running one input

/** One input: the folder it is analysed in, and the texts laid over that folder's files. */
export interface FuzzInput {
  id: number;
  dir: string;
  overlay: Map<string, string>;
  how: string;
}

/** What went wrong with one input (empty when nothing did). */
export interface FuzzFailure {
  input: FuzzInput;
  problem: string;
}

/** Makes input number `id` of a run with seed `seed` (the same pair always gives the same input). */
export function makeInput(seeds: Seed[], seed: number, id: number): FuzzInput {
  const random = new Random(seed * 1_000_003 + id);
  const base = random.pick(seeds);
  const file = random.pick(base.files);
  if (random.chance(0.15)) {
    // A generated file added to the module (next to the real ones).
    const generated = path.join(path.dirname(file), `fuzz_generated_${id}.tf`);
    return {
      id,
      dir: base.dir,
      overlay: new Map([[generated, generateConfiguration(random)]]),
      how: `generated ${path.relative(REPO_ROOT, generated)}`,
    };
  }
  let text = fs.readFileSync(file, 'utf8');
  const hows: string[] = [];
  const rounds = 1 + random.int(3);
  for (let i = 0; i < rounds; i++) {
    const m = mutate(random, text);
    text = m.text;
    hows.push(m.how);
  }
  return { id, dir: base.dir, overlay: new Map([[file, text]]), how: `${path.relative(REPO_ROOT, file)}: ${hows.join('; ')}` };
}

/** Analysis time of the unmutated folder (the median of three runs, in ms), cached per folder. */
export class Baselines {
  private readonly times = new Map<string, number>();
  constructor(private readonly disk: SourceReader) {}
  of(dir: string): number {
    let time = this.times.get(dir);
    if (time === undefined) {
      const runs = [0, 1, 2].map(() => {
        const start = performance.now();
        analyzePaths([dir], { reader: this.disk });
        return performance.now() - start;
      });
      time = runs.sort((a, b) => a - b)[1];
      this.times.set(dir, time);
    }
    return time;
  }
}

/** Options of a run. */
export interface RunOptions {
  seed: number;
  count: number;
  /** Stop starting new inputs after this many milliseconds. */
  timeLimitMs: number;
  /** Per input, the analysis may take at most this multiple of the larger of its folder's baseline and the reference baseline. */
  timeRatio: number;
  onProgress?: (done: number, failures: number) => void;
}

/** The outcome of a run. */
export interface RunResult {
  inputs: number;
  failures: FuzzFailure[];
  elapsedMs: number;
  /** The slowest input as a ratio to its baseline. */
  worstRatio: number;
  referenceMs: number;
}

/** Runs up to `count` inputs (or until the time limit) and collects every failure. */
export function runFuzz(options: RunOptions): RunResult {
  const disk = new DiskReader();
  const seeds = collectSeeds();
  const baselines = new Baselines(disk);
  // The reference: a complete example, so that tiny fixtures do not get a bound of a few microseconds.
  const referenceMs = baselines.of(path.join(REPO_ROOT, 'examples', 'article'));
  const failures: FuzzFailure[] = [];
  const started = performance.now();
  let inputs = 0;
  let worstRatio = 0;
  for (let id = 0; id < options.count; id++) {
    if (performance.now() - started > options.timeLimitMs) break;
    const input = makeInput(seeds, options.seed, id);
    inputs++;
    const problems = checkInput(input, disk, Math.max(baselines.of(input.dir), referenceMs), options.timeRatio);
    for (const problem of problems.problems) failures.push({ input, problem });
    worstRatio = Math.max(worstRatio, problems.ratio);
    options.onProgress?.(inputs, failures.length);
  }
  return { inputs, failures, elapsedMs: performance.now() - started, worstRatio, referenceMs };
}

function describeInternal(findings: Finding[]): string[] {
  return findings.filter((f) => f.ruleId === 'internal-error').map((f) => `internal-error: ${f.message}`);
}

/** Parses, analyses and fixes one input; returns what went wrong and its time ratio. */
export function checkInput(
  input: FuzzInput,
  disk: SourceReader,
  baselineMs: number,
  timeRatio: number,
): { problems: string[]; ratio: number } {
  const problems: string[] = [];
  const reader = new OverlayReader(disk, input.overlay);
  let ratio = 0;
  try {
    for (const [file, text] of input.overlay) parseHcl(text, file);
    const start = performance.now();
    const { findings } = analyzePaths([input.dir], { reader });
    const took = performance.now() - start;
    ratio = took / baselineMs;
    if (ratio > timeRatio)
      problems.push(
        `analysis took ${took.toFixed(0)} ms, ${ratio.toFixed(1)} × the baseline of ${baselineMs.toFixed(1)} ms (bound ${timeRatio} ×)`,
      );
    problems.push(...describeInternal(findings));
    const fixed = fixAllInMemory([input.dir], reader, () => true, {}, 20);
    // Fix-all edits no file of a module with a syntax error or a duplicate address (`duplicate-block`),
    // so those inputs must converge too. Still excused: a syntax error in another module (a child
    // module cut while typing) can hide what a fix in a clean module needs (the VPC, the route
    // tables), so the fix may be applied without removing its finding. For such inputs (a
    // configuration Terraform would reject) fix-all's convergence is not asserted; every other input
    // must reach a fixed point, and no exception, internal error or slow input is excused for any input.
    const rejectedByTerraform = findings.some((f) => f.ruleId === 'hcl-syntax');
    if (!rejectedByTerraform)
      for (const problem of fixed.problems.filter(isInternalFixProblem)) problems.push(`fix-all: ${problem.kind}: ${problem.message}`);
    const after = new OverlayReader(reader, fixed.texts);
    const again = fixAllInMemory([input.dir], after, () => true, {}, 1);
    if (again.applied.length > 0 && !rejectedByTerraform) {
      problems.push(
        `fix-all did not converge: after ${fixed.applied.length} fixes, another round still applied ${again.applied.map((a) => `${a.ruleId} "${a.title}"`).join(', ')}`,
      );
    }
    problems.push(...describeInternal(analyzePaths([input.dir], { reader: after }).findings).map((p) => `after fix-all: ${p}`));
  } catch (error) {
    problems.push(`threw: ${(error as Error).stack ?? String(error)}`);
  }
  return { problems, ratio };
}
