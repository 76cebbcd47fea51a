/**
 * `private-ecr check` on a plan: the plan is synthesized into a module (see synthesize.ts), the rules
 * run on it unchanged, and each finding is mapped back to the plan's addresses and, where the root's
 * sources are given and match, to the source file and range of the same block and argument.
 */
import * as nodePath from 'path';
import type { Finding, RelatedLocation, TextRange } from '../findings';
import type { Attribute, Block, Body, HclFile } from '../hcl/ast';
import { parseHcl } from '../hcl/parser';
import { ParseCache, isConfigurationFile } from '../model/loader';
import { Configuration } from '../model/config';
import { DiskReader, type ListResult, type ReadResult, type SourceReader } from '../model/source';
import { runRules, type SeverityOverrides } from '../rules/engine';
import { RULES } from '../rules/registry';
import { recognizePlan, type ConfigModule, type PlanDocument } from './document';
import { synthesizePlan, UNKNOWN_VARIABLE, type SynthBlock, type SynthModule } from './synthesize';

/** Options of a plan check. */
export interface PlanCheckOptions {
  /** The root module folder the plan was made from; findings are mapped to its files when they match. */
  sourceDir?: string;
  reader?: SourceReader;
  ruleIds?: string[];
  severities?: SeverityOverrides;
}

/** The result: findings, or one error saying what the input is when it is not a plan. */
export type PlanCheckResult = { findings: Finding[]; notes: string[]; plan: PlanDocument; synthesized: SynthModule } | { error: string };

/** Serves in-memory files as one folder (the synthesized module). */
class MemoryReader implements SourceReader {
  constructor(
    private readonly dir: string,
    private readonly files: Map<string, string>,
  ) {}
  readText(path: string): ReadResult {
    const text = nodePath.dirname(path) === this.dir ? this.files.get(nodePath.basename(path)) : undefined;
    return text !== undefined ? { text } : { error: 'no such file or folder' };
  }
  listDir(path: string): ListResult {
    if (path !== this.dir) return { error: 'no such file or folder' };
    return { files: [...this.files.keys()].sort().map((f) => nodePath.join(this.dir, f)), dirs: [] };
  }
  realPath(path: string): string | undefined {
    return path === this.dir || Object.hasOwn(this.readText(path), 'text') ? path : undefined;
  }
  isDirectory(path: string): boolean {
    return path === this.dir;
  }
}

/** A step from a block into its body: a nested block (type and index among blocks of that type) or an argument. */
type Step = { block: string; index: number } | { attribute: string };

/** The innermost argument or nested block under `body` containing `range`, as steps, and which of its ranges equals `range`. */
function locate(body: Body, range: TextRange): { steps: Step[]; part: 'whole' | 'name' | 'expr' | 'header' | 'inside' } {
  const within = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) =>
    (r.start.line < range.start.line || (r.start.line === range.start.line && r.start.character <= range.start.character)) &&
    (r.end.line > range.end.line || (r.end.line === range.end.line && r.end.character >= range.end.character));
  const same = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) =>
    r.start.line === range.start.line &&
    r.start.character === range.start.character &&
    r.end.line === range.end.line &&
    r.end.character === range.end.character;
  const counts = new Map<string, number>();
  for (const item of body.items) {
    if (item.kind === 'block') {
      const index = counts.get(item.type) ?? 0;
      counts.set(item.type, index + 1);
      if (!within(item.range)) continue;
      const step: Step = { block: item.type, index };
      if (same(item.range)) return { steps: [step], part: 'whole' };
      if (range.start.line === item.range.start.line && range.end.line === item.range.start.line) return { steps: [step], part: 'header' };
      const inner = locate(item.body, range);
      return { steps: [step, ...inner.steps], part: inner.part };
    }
    if (item.kind === 'attribute' && within(item.range)) {
      const step: Step = { attribute: item.name };
      if (same(item.range)) return { steps: [step], part: 'whole' };
      if (same(item.nameRange)) return { steps: [step], part: 'name' };
      return { steps: [step], part: within(item.expr.range) ? 'expr' : 'inside' };
    }
  }
  return { steps: [], part: 'inside' };
}

/** Follows `steps` from a source block as far as they go; returns the range to report. */
function follow(block: Block, steps: Step[], part: string): TextRange {
  const header = (b: Block): TextRange => ({
    start: pos(b.range.start),
    end: pos((b.labelRanges[b.labelRanges.length - 1] ?? b.typeRange).end),
  });
  let current: Block = block;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    const last = i === steps.length - 1;
    if ('attribute' in step) {
      const attribute = current.body.items.find((x): x is Attribute => x.kind === 'attribute' && x.name === step.attribute);
      if (!attribute) return header(current);
      if (part === 'name') return toRange(attribute.nameRange);
      if (part === 'expr' || part === 'inside') return toRange(attribute.expr.range);
      return toRange(attribute.range);
    }
    const nested = current.body.items.filter((x): x is Block => x.kind === 'block' && x.type === step.block)[step.index];
    if (!nested) return header(current);
    current = nested;
    if (last) return part === 'whole' ? toRange(nested.range) : header(nested);
  }
  return header(current);
}

function pos(p: { line: number; character: number }) {
  return { line: p.line, character: p.character };
}
function toRange(r: { start: { line: number; character: number }; end: { line: number; character: number } }): TextRange {
  return { start: pos(r.start), end: pos(r.end) };
}

/** Finds source blocks by module path (configuration keys) and address, reading the root's sources. */
class SourceIndex {
  private readonly folders = new Map<string, Array<{ file: string; parsed: HclFile }> | null>();
  constructor(
    private readonly rootDir: string,
    private readonly config: ConfigModule | undefined,
    private readonly reader: SourceReader,
    private readonly cache: ParseCache,
  ) {}

  /** The folder of a module path, when every step is a local source. */
  folderOf(path: string[]): string | undefined {
    let dir = this.rootDir;
    let module = this.config;
    for (const step of path) {
      const call = module?.module_calls?.[step];
      if (!call || !(call.source.startsWith('./') || call.source.startsWith('../'))) return undefined;
      dir = nodePath.resolve(dir, call.source);
      module = call.module;
    }
    return dir;
  }

  private filesOf(dir: string): Array<{ file: string; parsed: HclFile }> | null {
    if (!this.folders.has(dir)) {
      const listed = this.reader.listDir(dir);
      if ('error' in listed) this.folders.set(dir, null);
      else {
        const files: Array<{ file: string; parsed: HclFile }> = [];
        for (const file of listed.files.filter(isConfigurationFile)) {
          const read = this.reader.readText(file);
          if ('error' in read) continue;
          files.push({ file, parsed: this.cache.parse(file, read.text) });
        }
        this.folders.set(dir, files);
      }
    }
    return this.folders.get(dir)!;
  }

  /** The source blocks of a plan block: the declaration, then its override blocks (override.tf, *_override.tf) in file order. */
  find(block: SynthBlock): Array<{ file: string; block: Block }> {
    const dir = this.folderOf(block.configPath);
    if (!dir) return [];
    const found: Array<{ file: string; block: Block; override: boolean }> = [];
    for (const { file, parsed } of this.filesOf(dir) ?? []) {
      const override = /(^|_)override\.tf(\.json)?$/.test(nodePath.basename(file));
      for (const item of parsed.body.items) {
        if (item.kind !== 'block') continue;
        const keyword = block.mode === 'data' ? 'data' : 'resource';
        if (item.type === keyword && item.labels[0] === block.type && item.labels[1] === block.name)
          found.push({ file, block: item, override });
      }
    }
    return [...found.filter((f) => !f.override), ...found.filter((f) => f.override)];
  }
}

/**
 * Checks a plan (the text of `terraform show -json <planfile>`, read from `planPath`). Returns one
 * clear error when the JSON is not a plan this checker reads.
 */
export function analyzePlanText(text: string, planPath: string, options: PlanCheckOptions = {}): PlanCheckResult {
  const recognized = recognizePlan(text, nodePath.basename(planPath));
  if ('error' in recognized) return recognized;
  const plan = recognized.plan;
  const synthesized = synthesizePlan(plan);
  const virtualDir = nodePath.resolve(planPath) + '.synthesized';
  const reader = new MemoryReader(virtualDir, synthesized.files);
  const cache = new ParseCache();
  const configuration = new Configuration(virtualDir, reader, cache);
  const rules = options.ruleIds && options.ruleIds.length > 0 ? RULES.filter((r) => options.ruleIds!.includes(r.meta.id)) : RULES;
  const raw = runRules(configuration, { rules, severities: options.severities });

  const notes: string[] = [];
  if (plan.errored) notes.push(`${nodePath.basename(planPath)}: Terraform reported errors while planning; the plan may be incomplete`);
  const parsedSynth = new Map<string, HclFile>();
  const synthFile = (file: string) => {
    const base = nodePath.basename(file);
    if (!parsedSynth.has(base)) parsedSynth.set(base, parseHcl(synthesized.files.get(base) ?? '', base));
    return parsedSynth.get(base)!;
  };
  const blockAt = (file: string, range: TextRange): { block: SynthBlock; ast: Block } | undefined => {
    const base = nodePath.basename(file);
    for (const item of synthFile(file).body.items) {
      if (item.kind !== 'block' || item.labels.length < 2) continue;
      if (item.range.start.line > range.start.line || item.range.end.line < range.end.line) continue;
      const synthAddress = `${item.type === 'data' ? 'data.' : ''}${item.labels[0]}.${item.labels[1]}`;
      const block = blocksByAddress.get(synthAddress);
      if (block && block.file === base) return { block, ast: item };
    }
    return undefined;
  };

  const sources = options.sourceDir
    ? new SourceIndex(
        nodePath.resolve(options.sourceDir),
        plan.configuration?.root_module,
        options.reader ?? new DiskReader(),
        new ParseCache(),
      )
    : undefined;
  const unmatched = new Set<string>();
  const renames = new Map(synthesized.renames);
  const blocksByAddress = new Map(synthesized.blocks.map((b) => [b.synthAddress, b]));
  // The variable that stands for values known only after apply is the plan's wording, not a variable of the sources.
  const afterApply = new RegExp(
    `(?:var\\.${UNKNOWN_VARIABLE} \\()?variable "${UNKNOWN_VARIABLE}" has no value in this configuration\\)?|var\\.${UNKNOWN_VARIABLE}`,
    'g',
  );
  const rename = (message: string) =>
    message.replace(afterApply, 'known only after apply').replace(/(?:data\.)?[A-Za-z0-9_]+\.[A-Za-z0-9_-]+/g, (m) => renames.get(m) ?? m);
  const mapLocation = (
    file: string | null,
    range: TextRange | null,
  ): { file: string | null; range: TextRange | null; block?: SynthBlock } => {
    if (!file || !range || nodePath.dirname(file) !== virtualDir) return { file: nodePath.resolve(planPath), range: null };
    const at = blockAt(file, range);
    if (!at) return { file: nodePath.resolve(planPath), range: null };
    if (sources) {
      const candidates = sources.find(at.block);
      if (candidates.length > 0) {
        const where = locate(at.ast.body, range);
        // The argument's value comes from the last block that sets it (an override file wins over the declaration).
        const first = where.steps[0];
        const sets = (b: Block) =>
          first !== undefined &&
          b.body.items.some((x) =>
            'attribute' in first ? x.kind === 'attribute' && x.name === first.attribute : x.kind === 'block' && x.type === first.block,
          );
        const source = [...candidates].reverse().find((c) => sets(c.block)) ?? candidates[0];
        const isHeader = range.start.line === at.ast.range.start.line && where.steps.length === 0;
        return {
          file: source.file,
          range: isHeader ? follow(source.block, [], 'header') : follow(source.block, where.steps, where.part),
          block: at.block,
        };
      }
      unmatched.add(
        `${at.block.module ? at.block.module + '.' : ''}${at.block.mode === 'data' ? 'data.' : ''}${at.block.type}.${at.block.name}`,
      );
    }
    return { file: nodePath.resolve(planPath), range: null, block: at.block };
  };

  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const finding of raw) {
    const where = mapLocation(finding.file, finding.range);
    const related: RelatedLocation[] = [];
    for (const r of finding.related ?? []) {
      const m = mapLocation(r.file, r.range);
      if (m.file && m.range) related.push({ file: m.file, range: m.range, message: rename(r.message) });
    }
    const resourceBlock = finding.resource ? blocksByAddress.get(finding.resource) : undefined;
    const block = resourceBlock ?? where.block;
    const mapped: Finding = {
      ruleId: finding.ruleId,
      ...(finding.messageId ? { messageId: finding.messageId } : {}),
      severity: finding.severity,
      message: rename(finding.message),
      file: where.file,
      range: where.range,
      resource: block ? block.address : finding.resource ? rename(finding.resource) : null,
      module: block ? block.module : finding.module,
      ...(related.length > 0 ? { related } : {}),
    };
    const key = `${mapped.ruleId}|${mapped.file}|${JSON.stringify(mapped.range)}|${mapped.message}|${mapped.resource}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(mapped);
  }
  if (sources && unmatched.size > 0) {
    const list = [...unmatched].sort();
    notes.push(
      `the plan's configuration does not match the sources in ${options.sourceDir}: ${list.length} block(s) not found there (${list.slice(0, 5).join(', ')}${list.length > 5 ? ', ...' : ''}); those findings name the plan address instead of a source range`,
    );
  }
  findings.sort((a, b) => {
    const fa = `${a.file}|${String(a.range?.start.line ?? -1).padStart(8, '0')}|${String(a.range?.start.character ?? -1).padStart(8, '0')}|${a.module}|${a.resource}|${a.ruleId}`;
    const fb = `${b.file}|${String(b.range?.start.line ?? -1).padStart(8, '0')}|${String(b.range?.start.character ?? -1).padStart(8, '0')}|${b.module}|${b.resource}|${b.ruleId}`;
    return fa < fb ? -1 : fa > fb ? 1 : 0;
  });
  return { findings, notes, plan, synthesized };
}
