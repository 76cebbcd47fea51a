/**
 * Keeps the analysis of the open workspace current: which roots a file belongs to, the text of
 * open editors laid over the disk, a parse cache so a keystroke re-parses one file, debounced
 * re-analysis of the affected roots, and a generation counter so an older result never replaces
 * a newer one.
 */
import * as nodePath from 'path';
import * as vscode from 'vscode';
import { analyzeRoot } from '../core/analyze';
import { addTerraformSyntaxMessages } from '../core/hcl/terraform-messages';
import type { Finding } from '../core/findings';
import { ParseCache } from '../core/model/loader';
import { DiskReader, OverlayReader, type SourceReader } from '../core/model/source';
import { ModuleGraph } from '../core/workspace';
import type { AnalysisSettings } from './settings';

/** Findings of one root, with the document versions they were computed from. */
export interface RootResult {
  root: string;
  findings: Finding[];
  /** Version of each open document the analysis read (for stale-fix detection). */
  versions: Map<string, number>;
  generation: number;
  durationMs: number;
}

/** True for documents the extension analyses. */
export function isTerraformDocument(document: vscode.TextDocument): boolean {
  return document.uri.scheme === 'file' && (document.languageId === 'terraform' || document.fileName.endsWith('.tf'));
}

/** The analysis state of the workspace. */
export class AnalysisService implements vscode.Disposable {
  readonly cache = new ParseCache();
  private readonly disk = new DiskReader();
  private graph: ModuleGraph;
  private readonly results = new Map<string, RootResult>();
  private readonly timers = new Map<string, { timer: NodeJS.Timeout }>();
  private generation = 0;
  private refining = 0;
  private readonly changeEmitter = new vscode.EventEmitter<RootResult>();
  /** Fires after a root has been analysed. */
  readonly onDidAnalyze = this.changeEmitter.event;
  /** Duration of the most recent analysis in milliseconds (for benchmarks). */
  lastDurationMs = 0;

  constructor(private settings: () => AnalysisSettings) {
    this.graph = this.makeGraph();
  }

  private makeGraph(): ModuleGraph {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    return new ModuleGraph(folders, this.disk, this.cache);
  }

  /**
   * Rebuilds the module graph (folders changed, module calls changed, files created or deleted).
   * Results computed under the old graph may belong to roots that no longer exist (a child module
   * analysed alone before its root was known): drop them, and re-check the open files.
   */
  invalidateGraph(): void {
    this.graph = this.makeGraph();
    const current = new Set<string>(this.settings().scope === 'workspace' ? this.graph.roots() : []);
    for (const document of vscode.workspace.textDocuments) {
      if (!isTerraformDocument(document)) continue;
      for (const root of this.rootsForFile(document.uri.fsPath)) current.add(root);
    }
    // Keep results of roots that still exist (no flicker); drop the others; re-check the current ones.
    for (const root of [...this.results.keys()]) if (!current.has(root)) this.results.delete(root);
    for (const root of current) this.scheduleRoot(root, 0);
  }

  /** The reader that sees unsaved editor text. */
  reader(): SourceReader {
    const overlay = new Map<string, string>();
    for (const document of vscode.workspace.textDocuments) {
      if (isTerraformDocument(document) || document.fileName.endsWith('.json') || document.fileName.endsWith('.tfvars')) {
        if (document.isDirty || isTerraformDocument(document)) overlay.set(document.uri.fsPath, document.getText());
      }
    }
    return new OverlayReader(this.disk, overlay);
  }

  /** Every root module of the workspace. */
  workspaceRoots(): string[] {
    return this.graph.roots();
  }

  /** The roots whose analysis covers a file. */
  rootsForFile(path: string): string[] {
    return this.graph.rootsFor(nodePath.dirname(path));
  }

  /** Schedules analysis of the roots covering `path` after the debounce delay (0 = next tick). */
  schedule(path: string, delayMs: number): void {
    for (const root of this.rootsForFile(path)) this.scheduleRoot(root, delayMs);
  }

  /** Schedules one root; a later call for the same root replaces the pending one. */
  scheduleRoot(root: string, delayMs: number): void {
    const existing = this.timers.get(root);
    if (existing) {
      clearTimeout(existing.timer);
    }
    const entry = { timer: undefined as unknown as NodeJS.Timeout };
    entry.timer = setTimeout(() => {
      if (this.timers.get(root) === entry) this.timers.delete(root);
      try {
        this.analyzeNow(root);
      } catch (error) {
        void vscode.window.showErrorMessage(`Private ECR: analysis of ${root} failed: ${(error as Error).message}`);
      }
    }, delayMs);
    this.timers.set(root, entry);
  }

  /** Analyses one root immediately and records the result (unless a newer one exists). */
  analyzeNow(root: string): RootResult {
    const generation = ++this.generation;
    const versions = new Map<string, number>();
    for (const document of vscode.workspace.textDocuments) if (isTerraformDocument(document)) versions.set(document.uri.fsPath, document.version);
    const started = performance.now();
    const findings = analyzeRoot(root, { reader: this.reader(), cache: this.cache, severities: this.settings().severities });
    const durationMs = performance.now() - started;
    this.lastDurationMs = durationMs;
    const result: RootResult = { root, findings, versions, generation, durationMs };
    const previous = this.results.get(root);
    if (!previous || previous.generation < generation) {
      this.results.set(root, result);
      this.changeEmitter.fire(result);
    }
    if (findings.some((f) => f.ruleId === 'hcl-syntax')) void this.addTerraformMessages(result);
    return result;
  }

  /** Adds HashiCorp's wording to syntax findings (asynchronously), unless a newer result replaced this one meanwhile. */
  private async addTerraformMessages(result: RootResult): Promise<void> {
    const reader = this.reader();
    this.refining++;
    try {
      const findings = await addTerraformSyntaxMessages(result.findings, (path) => {
        const read = reader.readText(path);
        return 'text' in read ? read.text : undefined;
      });
      if (this.results.get(result.root) !== result) return;
      const refined = { ...result, findings };
      this.results.set(result.root, refined);
      this.changeEmitter.fire(refined);
    } finally {
      this.refining--;
    }
  }

  /** Every current result. */
  allResults(): RootResult[] {
    return [...this.results.values()];
  }

  /** Forgets a root's result. */
  forget(root: string): void {
    this.results.delete(root);
  }

  /** Resolves when no analysis is scheduled or running. */
  async idle(): Promise<void> {
    while (this.timers.size > 0 || this.refining > 0) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Stops timers. */
  dispose(): void {
    for (const entry of this.timers.values()) clearTimeout(entry.timer);
    this.timers.clear();
    this.changeEmitter.dispose();
  }
}
