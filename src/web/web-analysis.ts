/**
 * The analysis in the browser (vscode.dev, github.dev, the web worker extension host of code-server):
 * the files of each workspace folder (or of a lone document's folder) are read once through
 * `vscode.workspace.fs` into a MemoryTree, kept current from file events and saves, and the
 * synchronous core runs on that copy with the open documents' text laid over it. There are no
 * worker threads in a web extension host: each root is analysed in its own task (time-slicing
 * between roots and between reads), under a time budget, so one large module cannot keep the host
 * busy for long and the other extensions' requests are served in between.
 */
import * as vscode from 'vscode';
import { analyzeRoot } from '../core/analyze';
import type { Finding, LineCharacter, Severity, TextEdit } from '../core/findings';
import { lineStarts, positionAtOffset, rangeContains } from '../core/fixes/apply';
import { addTerraformSyntaxMessages } from '../core/hcl/terraform-messages';
import { fixAllInMemory, minimalReplacement } from '../core/fixes/fix-all';
import type { RootInputs } from '../core/analyze';
import { ParseCache } from '../core/model/loader';
import { OverlayReader, type SourceReader } from '../core/model/source';
import { ModuleGraph } from '../core/workspace';
import type { RootResult } from '../vscode/analysis-service';
import type { BlockOutline, FixTarget, WorkerAnswers } from '../vscode/analysis-worker';
import type { Locations } from '../vscode/locations';
import type { AnalysisSettings } from '../vscode/settings';
import { variableInputsFor } from '../vscode/settings';
import { MemoryReader, MemoryTree } from './memory-tree';
import { useMemoryTree } from './node-shims/fs';
import { posix } from './node-shims/path';

/** Files the analysis may read: configuration, variable files, and what `file()`/`templatefile()` usually read. */
export const SNAPSHOT_FILE =
  /\.(tf|tofu|tf\.json|tofu\.json|tfvars|tfvars\.json|json|tpl|tftpl|tmpl|ya?ml|txt|sh|cfg|conf|ini|toml|xml|pem)$/i;
/** Folders never read (version control, packages, tool caches). `.terraform` is read: it holds installed modules. */
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules', '.terragrunt-cache', '.venv', '__pycache__']);
/** At most this many files are copied per folder tree; past it the copy stops and the log says so. */
export const MAX_SNAPSHOT_FILES = 5000;
/** Files larger than this are not copied (the core's own reading limit for file() is 4 MB). */
const MAX_SNAPSHOT_FILE_BYTES = 16 * 1024 * 1024;
/** Time allowed per root in the browser (the whole extension host is one thread there). */
const WEB_ROOT_BUDGET = { timeMs: 30_000, heapBytes: Number.POSITIVE_INFINITY };

/** URI schemes whose documents are not files of a workspace. */
const NON_FILE_SCHEMES = new Set(['output', 'git', 'vscode-scm', 'untitled', 'vscode-notebook-cell', 'debug', 'private-ecr']);

/** True for documents the browser build analyses: Terraform files on any file system. */
export function isWebTerraformDocument(document: vscode.TextDocument): boolean {
  if (NON_FILE_SCHEMES.has(document.uri.scheme)) return false;
  const name = document.uri.path;
  return ['terraform', 'opentofu'].includes(document.languageId) || /\.(tf|tofu)(\.json)?$/.test(name);
}

/** Maps the core's paths (a URI's path) to URIs: each copied folder remembers its URI. */
export class WebLocations implements Locations {
  /** Copied folders: path → URI, longest path first when looked up. */
  private readonly bases = new Map<string, vscode.Uri>();

  constructor(private readonly tree: MemoryTree) {}

  /** Records that the folder at `uri` is copied under its path. */
  addBase(uri: vscode.Uri): string {
    const path = posix.resolve(uri.path);
    if (!this.bases.has(path)) this.bases.set(path, uri);
    return path;
  }

  /** Folder paths copied so far. */
  basePaths(): string[] {
    return [...this.bases.keys()];
  }

  /** The copied folder that holds `path`, if any. */
  baseOf(path: string): string | undefined {
    let best: string | undefined;
    for (const base of this.bases.keys()) {
      if ((path === base || path.startsWith(base.endsWith('/') ? base : `${base}/`)) && (!best || base.length > best.length)) best = base;
    }
    return best;
  }

  uriOf(path: string): vscode.Uri {
    const base = this.baseOf(path);
    const template = base ? this.bases.get(base)! : vscode.workspace.workspaceFolders?.[0]?.uri;
    return template ? template.with({ path }) : vscode.Uri.file(path);
  }

  pathOf(uri: vscode.Uri): string {
    return posix.resolve(uri.path);
  }

  readText(path: string): string | undefined {
    const open = vscode.workspace.textDocuments.find((d) => this.pathOf(d.uri) === path);
    if (open) return open.getText();
    const file = this.tree.file(path);
    return file ? new TextDecoder('utf-8').decode(file.bytes) : undefined;
  }
}

/** The analysis state of the browser window. */
export class WebAnalysisService implements vscode.Disposable {
  readonly cache = new ParseCache();
  readonly tree = new MemoryTree();
  readonly locations = new WebLocations(this.tree);
  private readonly memory = new MemoryReader(this.tree);
  private graph: ModuleGraph;
  private readonly loading = new Map<string, Promise<void>>();
  private readonly results = new Map<string, RootResult>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly queue: string[] = [];
  private running = false;
  private pendingReads = 0;
  /** Syntax findings being given Terraform's wording (hcl2json) right now. */
  private refining = 0;
  private generation = 0;
  private readonly changeEmitter = new vscode.EventEmitter<RootResult>();
  /** Fires after a root has been analysed. */
  readonly onDidAnalyze = this.changeEmitter.event;
  /** Duration of the most recent analysis in milliseconds. */
  lastDurationMs = 0;

  constructor(
    private readonly settings: (path?: string) => AnalysisSettings,
    private readonly log: { info(message: string): void; warn(message: string): void },
  ) {
    // file(), fileset() and .private-ecr.json read this copy through the bundle's `fs` stand-in.
    useMemoryTree(this.tree);
    this.graph = new ModuleGraph([], this.memory, this.cache);
  }

  /**
   * Copies the folder tree of `folder` through workspace.fs (once; later calls wait for the same copy).
   * Unreadable entries are skipped and logged; the copy stops at MAX_SNAPSHOT_FILES files.
   */
  load(folder: vscode.Uri): Promise<void> {
    const path = posix.resolve(folder.path);
    const covering = this.locations.baseOf(path);
    if (covering !== undefined) return this.loading.get(covering) ?? Promise.resolve();
    this.locations.addBase(folder);
    const started = performance.now();
    const loaded = this.copyTree(folder).then((count) => {
      this.log.info(
        `read ${count} file(s) under ${folder.toString()} through workspace.fs in ${(performance.now() - started).toFixed(0)} ms`,
      );
      this.rebuildGraph();
    });
    this.loading.set(path, loaded);
    this.pendingReads++;
    return loaded.finally(() => this.pendingReads--);
  }

  private async copyTree(root: vscode.Uri): Promise<number> {
    let count = 0;
    const folders: vscode.Uri[] = [root];
    this.tree.addDir(root.path);
    while (folders.length > 0) {
      const folder = folders.shift()!;
      let entries: Array<[string, vscode.FileType]>;
      try {
        entries = await vscode.workspace.fs.readDirectory(folder);
      } catch (error) {
        this.log.warn(`cannot list ${folder.toString()}: ${(error as Error).message}`);
        continue;
      }
      const files: vscode.Uri[] = [];
      for (const [name, type] of entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
        const child = vscode.Uri.joinPath(folder, name);
        if (type & vscode.FileType.Directory) {
          if (SKIPPED_FOLDERS.has(name)) continue;
          this.tree.addDir(child.path);
          folders.push(child);
        } else if (type & vscode.FileType.File && SNAPSHOT_FILE.test(name)) files.push(child);
      }
      for (let i = 0; i < files.length; i += 16) {
        const batch = files.slice(i, i + 16);
        if (count + batch.length > MAX_SNAPSHOT_FILES) {
          this.log.warn(
            `stopped copying ${root.toString()} at ${MAX_SNAPSHOT_FILES} files: modules beyond them are not analysed in the browser`,
          );
          return count;
        }
        await Promise.all(batch.map(async (uri) => (await this.readInto(uri)) && count++));
      }
    }
    return count;
  }

  /** Reads one file into the copy; false when it is unreadable or too large (then it is left out). */
  private async readInto(uri: vscode.Uri): Promise<boolean> {
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > MAX_SNAPSHOT_FILE_BYTES) {
        this.log.warn(`${uri.toString()} is larger than ${MAX_SNAPSHOT_FILE_BYTES / 1048576} MB: not read in the browser`);
        return false;
      }
      this.tree.writeFile(uri.path, await vscode.workspace.fs.readFile(uri));
      return true;
    } catch (error) {
      this.log.warn(`cannot read ${uri.toString()}: ${(error as Error).message}`);
      return false;
    }
  }

  /** A file was created or changed: re-read it (if it lies in a copied folder) and re-check its roots. */
  async fileChanged(uri: vscode.Uri, structural: boolean): Promise<void> {
    const path = this.locations.pathOf(uri);
    if (this.locations.baseOf(path) === undefined || !SNAPSHOT_FILE.test(path)) return;
    this.pendingReads++;
    try {
      await this.readInto(uri);
    } finally {
      this.pendingReads--;
    }
    if (structural) this.rebuildGraph();
    this.schedule(path, 0);
  }

  /** A file or folder was deleted. */
  fileDeleted(uri: vscode.Uri): void {
    const path = this.locations.pathOf(uri);
    if (this.locations.baseOf(path) === undefined) return;
    this.tree.remove(path);
    this.rebuildGraph();
    this.schedule(path, 0);
  }

  /** A document was saved: the copy takes its text (a file system without events is kept current this way). */
  documentSaved(document: vscode.TextDocument): void {
    const path = this.locations.pathOf(document.uri);
    if (this.locations.baseOf(path) === undefined) return;
    const isNew = this.tree.file(path) === undefined;
    this.tree.writeFile(path, new TextEncoder().encode(document.getText()));
    if (isNew || /\bmodule\s/.test(document.getText())) this.rebuildGraph();
  }

  /** Rebuilds the module graph over every copied folder; drops results of roots that no longer exist. */
  rebuildGraph(): void {
    this.graph = new ModuleGraph(this.locations.basePaths(), this.memory, this.cache);
    const current = new Set(this.settings().scope === 'workspace' ? this.graph.roots() : []);
    for (const document of vscode.workspace.textDocuments) {
      if (isWebTerraformDocument(document)) for (const root of this.rootsForFile(this.locations.pathOf(document.uri))) current.add(root);
    }
    for (const root of [...this.results.keys()]) if (!current.has(root)) this.results.delete(root);
    for (const root of current) this.scheduleRoot(root, 0);
  }

  /** The reader that sees unsaved editor text over the copy. */
  reader(): SourceReader {
    const open = new Map<string, string>();
    for (const document of vscode.workspace.textDocuments) {
      if (isWebTerraformDocument(document) || /\.(json|tfvars)$/.test(document.uri.path))
        open.set(this.locations.pathOf(document.uri), document.getText());
    }
    return new OverlayReader(this.memory, open);
  }

  /** Every root module of the copied folders. */
  workspaceRoots(): string[] {
    return this.graph.roots();
  }

  /** The roots whose analysis covers a file. */
  rootsForFile(path: string): string[] {
    return this.graph.rootsFor(posix.dirname(path));
  }

  /** Schedules the roots covering `path`. */
  schedule(path: string, delayMs: number): void {
    for (const root of this.rootsForFile(path)) this.scheduleRoot(root, delayMs);
  }

  /** Schedules one root; a later call replaces the pending one. */
  scheduleRoot(root: string, delayMs: number): void {
    const existing = this.timers.get(root);
    if (existing) clearTimeout(existing);
    this.timers.set(
      root,
      setTimeout(() => {
        this.timers.delete(root);
        if (!this.queue.includes(root)) this.queue.push(root);
        this.drain();
      }, delayMs),
    );
  }

  /** Analyses queued roots one per task, yielding to the host between them. */
  private drain(): void {
    if (this.running) return;
    const root = this.queue.shift();
    if (root === undefined) return;
    this.running = true;
    setTimeout(() => {
      try {
        this.analyse(root);
      } catch (error) {
        this.log.warn(`analysis of ${root} failed: ${(error as Error).stack ?? error}`);
      } finally {
        this.running = false;
        this.drain();
      }
    }, 0);
  }

  private analyse(root: string): void {
    const generation = ++this.generation;
    const versions = new Map<string, number>();
    for (const document of vscode.workspace.textDocuments)
      if (isWebTerraformDocument(document)) versions.set(this.locations.pathOf(document.uri), document.version);
    const started = performance.now();
    const findings: Finding[] = analyzeRoot(root, {
      reader: this.reader(),
      cache: this.cache,
      severities: this.settings(root).severities,
      variables: variableInputsFor(root, (path) => this.locations.uriOf(path)),
      budget: WEB_ROOT_BUDGET,
    });
    const durationMs = performance.now() - started;
    this.lastDurationMs = durationMs;
    const result: RootResult = { root, findings: placeOrphans(findings, root, [...versions.keys()]), versions, generation, durationMs };
    this.results.set(root, result);
    this.changeEmitter.fire(result);
    if (result.findings.some((f) => f.ruleId === 'hcl-syntax')) void this.addTerraformMessages(result);
  }

  /**
   * Adds HashiCorp's wording to syntax findings, as the desktop's worker does (hcl2json's WebAssembly
   * starts on the first syntax error, in this host with a private global object: src/web/hcl2json-start.ts),
   * unless a newer result replaced this one meanwhile. Without it the findings keep this checker's wording.
   */
  private async addTerraformMessages(result: RootResult): Promise<void> {
    this.refining++;
    try {
      const reader = this.reader();
      const { findings, failures } = await addTerraformSyntaxMessages(result.findings, (path) => {
        const read = reader.readText(path);
        return 'text' in read ? read.text : undefined;
      });
      for (const failure of failures) this.log.warn(`Terraform's syntax check of ${failure.file} failed: ${failure.message}`);
      if (this.results.get(result.root) !== result) return;
      const refined = { ...result, findings };
      this.results.set(result.root, refined);
      this.changeEmitter.fire(refined);
    } catch (error) {
      this.log.warn(`Terraform's syntax check in ${result.root} failed: ${(error as Error).message}`);
    } finally {
      this.refining--;
    }
  }

  /**
   * The edits that fix what `target` selects (fix-all, "add endpoints for this service"), computed here
   * from the copy and the open documents: the same answer the desktop's worker gives.
   */
  async fixAll(
    target: FixTarget,
    severities: Record<string, Severity | 'off'>,
    inputs: (root: string) => RootInputs,
  ): Promise<WorkerAnswers['fixAll']> {
    const roots = this.rootsForFile(target.file);
    const reader = this.reader();
    const forResource = (resource: string | null) =>
      !target.resource || resource === target.resource || (resource?.startsWith(`${target.resource}[`) ?? false);
    const selected = (f: Finding) =>
      f.file === target.file && (!target.ruleIds || target.ruleIds.includes(f.ruleId)) && forResource(f.resource);
    const result = fixAllInMemory(roots, reader, selected, { ...inputs(roots[0] ?? target.file), severities });
    const edits: TextEdit[] = [];
    for (const [file, after] of result.texts) {
      const read = reader.readText(file);
      if (!('text' in read) || read.text === after) continue;
      const change = minimalReplacement(read.text, after);
      const starts = lineStarts(read.text);
      edits.push({
        file,
        range: { start: positionAtOffset(starts, change.start), end: positionAtOffset(starts, change.end) },
        newText: change.newText,
      });
    }
    return { edits, problems: result.problems.map((p) => `${p.file ?? ''}: ${p.message}`) };
  }

  /** The top-level block of a file that contains a position, from the document's current text. */
  async blockAt(path: string, position: LineCharacter): Promise<BlockOutline | null> {
    const read = this.reader().readText(path);
    if (!('text' in read)) return null;
    for (const item of this.cache.parse(path, read.text).body.items) {
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

  /** Every current result. */
  allResults(): RootResult[] {
    return [...this.results.values()];
  }

  /** Resolves when nothing is being read, scheduled or analysed. */
  async idle(): Promise<void> {
    while (this.pendingReads > 0 || this.timers.size > 0 || this.queue.length > 0 || this.running || this.refining > 0) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.queue.length = 0;
    this.changeEmitter.dispose();
  }
}

/** A finding about no file (a root over its time budget) is shown on the root's open files, as on the desktop. */
function placeOrphans(findings: Finding[], root: string, openPaths: string[]): Finding[] {
  const orphans = findings.filter((f) => !f.file);
  if (orphans.length === 0) return findings;
  const targets = openPaths.filter((p) => posix.dirname(p) === root);
  if (targets.length === 0) return findings;
  const placed = orphans.flatMap((f) =>
    targets.map((file) => ({ ...f, file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } })),
  );
  return [...findings.filter((f) => f.file), ...placed];
}
