/**
 * The analysis, off the extension host's thread: a worker that keeps its own parse cache, the unsaved
 * text of open editors and the workspace's module graph, and answers every question that needs a parse —
 * a root's findings, Terraform's wording of syntax errors (hcl2json's WebAssembly starts here, at most
 * once), which roots cover a folder, fix-all edits, the block under the cursor,
 * the resource snippets rendered for a module. The extension host only
 * keeps books, so a large file or a syntax error never holds up its event loop (other extensions'
 * completions, hovers and commands keep running).
 * No `vscode` here: the worker sees only plain messages.
 */
import * as nodePath from 'path';
import { parentPort } from 'worker_threads';
import { DEFAULT_ROOT_BUDGET } from '../core/budget';
import type { Finding, LineCharacter, Severity, TextEdit, TextRange } from '../core/findings';
import { lineStarts, offsetAt, positionAtOffset, rangeContains } from '../core/fixes/apply';
import { fixAllInMemory, minimalReplacement } from '../core/fixes/fix-all';
import { renderTemplateForModule, type ModuleSnippet } from '../core/fixes/module-snippets';
import { TEMPLATE_IDS } from '../core/fixes/templates';
import { hcl2jsonStarts } from '../core/hcl/hcl2json';
import { addTerraformSyntaxMessages } from '../core/hcl/terraform-messages';
import { IncrementalAnalysis } from '../core/incremental';
import { Configuration } from '../core/model/config';
import { declaredIds, type DeclaredId } from '../core/model/declared-ids';
import { ParseCache, parseConfigurationText } from '../core/model/loader';
import { OverlayReader } from '../core/model/source';
import type { RootInputs } from '../core/analyze';
import { ModuleGraph } from '../core/workspace';

/** The findings fix-all may fix: those of one file, optionally only some rules and one resource (with its instances). */
export interface FixTarget {
  file: string;
  ruleIds?: string[];
  /** A resource address such as `aws_ecs_service.app`; its instances (`aws_ecs_service.app[0]`) count too. */
  resource?: string;
}

/** A top-level block of a file, as the code actions need it. */
export interface BlockOutline {
  type: string;
  labels: string[];
  range: TextRange;
}

/** The questions the worker answers, by kind. */
export type WorkerQuery =
  | {
      kind: 'analyze';
      root: string;
      severities: Record<string, Severity | 'off'>;
      /** The analysis budget in ms (a root over it answers with an internal-error finding); memory is bounded by the worker's resource limits. */
      budgetMs?: number;
      /** TF_VAR_ values and variable files (core/variables.ts), TF_DATA_DIR, which module calls to follow. */
      inputs?: RootInputs;
    }
  /** Terraform's wording (hcl2json) for the syntax findings among `findings`. */
  | { kind: 'word'; findings: Finding[] }
  /** Every root module of the workspace folders. */
  | { kind: 'roots' }
  /** The roots whose module tree includes `dir`. */
  | { kind: 'rootsFor'; dir: string }
  /** The edits that fix what `target` selects, as minimal replacements of the texts the worker holds. */
  | { kind: 'fixAll'; roots: string[]; target: FixTarget; severities: Record<string, Severity | 'off'>; inputs?: RootInputs }
  /** The top-level block of `path` containing a position. */
  | { kind: 'blockAt'; path: string; position: LineCharacter }
  /**
   * Every resource template rendered for the module of `path` (unique names, the module's own wiring),
   * read with the text in `without` (the typed completion prefix) left out; null when `path` cannot be read.
   */
  | { kind: 'moduleSnippets'; path: string; without?: TextRange }
  /** The blocks of the workspace's roots that stand for AWS ids (local state, import blocks, data sources with a literal id). */
  | { kind: 'declaredIds'; ids: string[] };

/** What each kind of query answers. */
export interface WorkerAnswers {
  analyze: { findings: Finding[]; durationMs: number };
  word: { findings: Finding[]; failures: Array<{ file: string; message: string }> };
  roots: string[];
  rootsFor: string[];
  fixAll: { edits: TextEdit[]; problems: string[] };
  blockAt: BlockOutline | null;
  moduleSnippets: ModuleSnippet[] | null;
  declaredIds: DeclaredId[];
}

/** A request: answer `query`, after updating the editor texts and the module graph the worker holds. */
export type WorkerRequest = WorkerQuery & {
  id: number;
  /** Texts of open documents that changed since the last request. */
  changed: Array<[string, string]>;
  /** Documents that are no longer open (read from disk again). */
  closed: string[];
  /** Files the file-system watcher reported created, changed or deleted since the last request (read again). */
  forgotten: string[];
  /** Every root's previous result is to be forgotten (Re-check Workspace). */
  forgetResults?: boolean;
  /** The workspace folders and the graph's generation: the module graph is rebuilt when either changes. */
  graph: { folders: string[]; generation: number };
};

/** What the worker reports with every answer (for tests and the log). */
export interface WorkerStats {
  /** How many times this worker started hcl2json's WebAssembly. */
  hcl2jsonStarts: number;
}

/** The answer to one request. */
export type WorkerResponse = { id: number; answer: unknown; stats: WorkerStats } | { id: number; error: string; stats: WorkerStats };

const overlay = new Map<string, string>();
/** Reads each unchanged file once, keeps the parse cache, and answers a root whose inputs did not change with its previous findings. */
const incremental = new IncrementalAnalysis();
incremental.setOverlay(overlay);
const cache = incremental.cache;
const reader = incremental.reader();
let graph: { key: string; graph: ModuleGraph } | undefined;

function moduleGraph(request: WorkerRequest): ModuleGraph {
  const key = `${request.graph.generation}\u0000${request.graph.folders.join('\u0000')}`;
  if (!graph || graph.key !== key) graph = { key, graph: new ModuleGraph(request.graph.folders, reader, cache) };
  return graph.graph;
}

function textOf(path: string): string | undefined {
  const read = reader.readText(path);
  return 'text' in read ? read.text : undefined;
}

function fixAll(query: Extract<WorkerQuery, { kind: 'fixAll' }>): WorkerAnswers['fixAll'] {
  const { target } = query;
  const forResource = (resource: string | null) =>
    !target.resource || resource === target.resource || (resource?.startsWith(`${target.resource}[`) ?? false);
  const selected = (f: Finding) =>
    f.file === target.file && (!target.ruleIds || target.ruleIds.includes(f.ruleId)) && forResource(f.resource);
  const result = fixAllInMemory(query.roots, reader, selected, { ...query.inputs, severities: query.severities });
  const edits: TextEdit[] = [];
  for (const [file, after] of result.texts) {
    const before = textOf(file);
    if (before === undefined || before === after) continue;
    const change = minimalReplacement(before, after);
    const starts = lineStarts(before);
    edits.push({
      file,
      range: { start: positionAtOffset(starts, change.start), end: positionAtOffset(starts, change.end) },
      newText: change.newText,
    });
  }
  return { edits, problems: result.problems.map((p) => `${p.file ?? ''}: ${p.message}`) };
}

function blockAt(path: string, position: LineCharacter): BlockOutline | null {
  const text = textOf(path);
  if (text === undefined) return null;
  for (const item of cache.parse(path, text).body.items) {
    if (item.kind !== 'block' || !rangeContains(item.range, position)) continue;
    const { start, end } = item.range;
    return {
      type: item.type,
      labels: [...item.labels],
      range: { start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character } },
    };
  }
  return null;
}

/** The shared parse cache, except for one path whose text is only for this question (the cache keeps the real text's parse). */
class OneTextAside extends ParseCache {
  constructor(
    private readonly shared: ParseCache,
    private readonly aside: string,
  ) {
    super();
  }
  override parse(path: string, text: string) {
    return path === this.aside ? parseConfigurationText(text, path) : this.shared.parse(path, text);
  }
}

function moduleSnippets(path: string, without: TextRange | undefined): ModuleSnippet[] | null {
  const text = textOf(path);
  if (text === undefined) return null;
  const edited = without ? text.slice(0, offsetAt(text, without.start)) + text.slice(offsetAt(text, without.end)) : text;
  const configuration = new Configuration(
    nodePath.dirname(path),
    new OverlayReader(reader, new Map([[path, edited]])),
    edited === text ? cache : new OneTextAside(cache, path),
  );
  return TEMPLATE_IDS.map((id) => renderTemplateForModule(id, configuration.root));
}

async function answer(request: WorkerRequest): Promise<unknown> {
  switch (request.kind) {
    case 'analyze': {
      const started = performance.now();
      const budget = request.budgetMs !== undefined ? { ...DEFAULT_ROOT_BUDGET, timeMs: request.budgetMs } : undefined;
      const findings = incremental.analyzeRoot(request.root, { ...request.inputs, severities: request.severities, budget });
      return { findings, durationMs: performance.now() - started } satisfies WorkerAnswers['analyze'];
    }
    case 'word':
      return (await addTerraformSyntaxMessages(request.findings, textOf)) satisfies WorkerAnswers['word'];
    case 'roots':
      return moduleGraph(request).roots() satisfies WorkerAnswers['roots'];
    case 'rootsFor':
      return moduleGraph(request).rootsFor(request.dir) satisfies WorkerAnswers['rootsFor'];
    case 'fixAll':
      return fixAll(request) satisfies WorkerAnswers['fixAll'];
    case 'blockAt':
      return blockAt(request.path, request.position) satisfies WorkerAnswers['blockAt'];
    case 'moduleSnippets':
      return moduleSnippets(request.path, request.without) satisfies WorkerAnswers['moduleSnippets'];
    case 'declaredIds':
      return declaredIds(moduleGraph(request).roots(), request.ids, reader, cache) satisfies WorkerAnswers['declaredIds'];
  }
}

parentPort?.on('message', (request: WorkerRequest) => {
  for (const [path, text] of request.changed) overlay.set(path, text);
  for (const path of request.closed) overlay.delete(path);
  for (const path of request.forgotten) incremental.forget(path);
  if (request.forgetResults) incremental.forgetResults();
  answer(request).then(
    (result) =>
      parentPort!.postMessage({ id: request.id, answer: result, stats: { hcl2jsonStarts: hcl2jsonStarts() } } satisfies WorkerResponse),
    (error: unknown) =>
      parentPort!.postMessage({
        id: request.id,
        error: (error as Error)?.stack ?? String(error),
        stats: { hcl2jsonStarts: hcl2jsonStarts() },
      } satisfies WorkerResponse),
  );
});
