/**
 * Keeps the analysis of the open workspace current: debounced re-analysis of the roots a file belongs
 * to, and a generation counter so an older result never replaces a newer one. Bookkeeping only:
 * everything that parses — the analysis, Terraform's wording of syntax errors, the module graph —
 * runs in the analysis worker (analysis-worker.ts), which holds the open editors' text and a parse
 * cache, so a keystroke never stalls the extension host.
 */
import * as nodePath from 'path';
import * as vscode from 'vscode';
import type { Finding, LineCharacter, Severity, TextRange } from '../core/findings';
import type { RootInputs } from '../core/analyze';
import { withoutExcluded } from '../core/config-file';
import { AnalysisWorkerClient, AnalysisWorkerError, type OpenDocument, type WorkerLimits } from './analysis-worker-client';
import type { BlockOutline, FixTarget, WorkerAnswers } from './analysis-worker';
import { projectConfigFor, rootInputsFor, type AnalysisSettings } from './settings';

/** Findings of one root, with the document versions they were computed from. */
export interface RootResult {
  root: string;
  findings: Finding[];
  /** Version of each open document the analysis read (for stale-fix detection). */
  versions: Map<string, number>;
  generation: number;
  durationMs: number;
}

/** The language ids whose documents are Terraform configuration: ours, and the one OpenTofu's official extension gives `.tf`/`.tofu` files. */
export const TERRAFORM_LANGUAGE_IDS = ['terraform', 'opentofu'];

/** True for documents the extension analyses: `.tf`, `.tofu` and their JSON forms. */
export function isTerraformDocument(document: vscode.TextDocument): boolean {
  if (document.uri.scheme !== 'file') return false;
  const name = document.fileName;
  return (
    TERRAFORM_LANGUAGE_IDS.includes(document.languageId) ||
    name.endsWith('.tf') ||
    name.endsWith('.tofu') ||
    name.endsWith('.tf.json') ||
    name.endsWith('.tofu.json')
  );
}

/** The analysis state of the workspace. */
export class AnalysisService implements vscode.Disposable {
  /** The roots of each folder asked about, while the module graph stays the same. */
  private rootsByDir = new Map<string, Promise<string[]>>();
  /** Questions about the module graph not answered yet (idle() waits for them). */
  private resolving = 0;
  private readonly results = new Map<string, RootResult>();
  private readonly timers = new Map<string, { timer: NodeJS.Timeout }>();
  private generation = 0;
  private refining = 0;
  private readonly changeEmitter = new vscode.EventEmitter<RootResult>();
  /** Fires after a root has been analysed. */
  readonly onDidAnalyze = this.changeEmitter.event;
  /** Duration of the most recent analysis in milliseconds (for benchmarks). */
  lastDurationMs = 0;

  private readonly worker: AnalysisWorkerClient;
  private readonly inFlight = new Set<string>();
  private workerFailures = 0;
  private readonly rerun = new Set<string>();
  private readonly latestStarted = new Map<string, number>();

  /**
   * `workerScript`: the bundled analysis worker (dist/analysis-worker.js). A request that times out or
   * kills the worker is reported as failed (the worker restarts); it is never run here, where it would
   * freeze the extension host.
   */
  constructor(
    private settings: (path?: string) => AnalysisSettings,
    workerScript: string,
    private readonly log: (message: string) => void,
    workerLimits?: WorkerLimits,
  ) {
    this.worker = new AnalysisWorkerClient(workerScript, log, workerLimits);
    this.worker.setFolders(workspaceFolderPaths());
  }

  /**
   * Rebuilds the module graph (folders changed, module calls changed, files created or deleted).
   * Results computed under the old graph may belong to roots that no longer exist (a child module
   * analysed alone before its root was known): drop them, and re-check the open files.
   */
  invalidateGraph(): void {
    this.worker.setFolders(workspaceFolderPaths());
    this.rootsByDir = new Map();
    // Results of analyses started from now on belong to the new graph, whatever happens meanwhile.
    const since = this.generation;
    void this.track(async () => {
      const current = new Set<string>(this.settings().scope === 'workspace' ? await this.workspaceRoots() : []);
      for (const document of vscode.workspace.textDocuments) {
        if (!isTerraformDocument(document)) continue;
        for (const root of await this.rootsForFile(document.uri.fsPath)) current.add(root);
      }
      // Keep results of roots that still exist (no flicker); drop the others (unless analysed under the new graph); re-check the current ones.
      for (const [root, result] of [...this.results]) if (!current.has(root) && result.generation <= since) this.results.delete(root);
      for (const root of current) this.scheduleRoot(root, 0);
    });
  }

  /** Runs a question about the module graph, counted as pending work until it settles; a failure is logged. */
  private async track<T>(work: () => Promise<T>): Promise<T | undefined> {
    this.resolving++;
    try {
      return await work();
    } catch (error) {
      this.log(`the module graph could not be read: ${(error as Error).message}`);
      return undefined;
    } finally {
      this.resolving--;
    }
  }

  /** Every root module of the workspace (the worker builds the module graph). */
  async workspaceRoots(): Promise<string[]> {
    return this.worker.roots(this.openDocuments());
  }

  /** The roots whose analysis covers a file (asked once per folder while the module graph stays the same). */
  rootsForFile(path: string): Promise<string[]> {
    const dir = nodePath.dirname(path);
    let roots = this.rootsByDir.get(dir);
    if (!roots) {
      const asked = this.worker.rootsFor(dir, this.openDocuments());
      roots = asked;
      this.rootsByDir.set(dir, asked);
      // A failed question (the worker restarted) is asked again next time.
      asked.catch(() => {
        if (this.rootsByDir.get(dir) === asked) this.rootsByDir.delete(dir);
      });
    }
    return roots;
  }

  /** A file changed on disk (the file-system watcher said so): the worker reads it again and re-analyses what depends on it. */
  fileChanged(path: string): void {
    this.worker.fileChanged(path);
  }

  /** The next analyses start afresh (Re-check Workspace). */
  forgetResults(): void {
    this.worker.forgetResults();
  }

  /** Schedules analysis of the roots covering `path` after the debounce delay (0 = next tick). */
  schedule(path: string, delayMs: number): void {
    void this.track(async () => {
      for (const root of await this.rootsForFile(path)) this.scheduleRoot(root, delayMs);
    });
  }

  /** Schedules every root of the workspace, or those under `folder`. */
  scheduleWorkspace(delayMs: number, folder?: string): void {
    void this.track(async () => {
      for (const root of await this.workspaceRoots())
        if (!folder || root === folder || root.startsWith(folder + nodePath.sep)) this.scheduleRoot(root, delayMs);
    });
  }

  /** The edits that fix what `target` selects, computed in the worker from the open documents' current text. */
  async fixAll(
    target: FixTarget,
    severities: Record<string, Severity | 'off'>,
    inputs: (root: string) => RootInputs,
  ): Promise<WorkerAnswers['fixAll']> {
    const roots = await this.rootsForFile(target.file);
    return this.worker.fixAll(roots, target, this.openDocuments(), severities, inputs(roots[0] ?? target.file));
  }

  /** The top-level block of a file containing a position (parsed in the worker, from the document's current text). */
  blockAt(path: string, position: LineCharacter): Promise<BlockOutline | null> {
    return this.worker.blockAt(path, position, this.openDocuments());
  }

  /** The resource templates rendered for the module of `path` (in the worker), read without the text in `without`. */
  moduleSnippets(path: string, without?: TextRange): Promise<WorkerAnswers['moduleSnippets']> {
    return this.worker.moduleSnippets(path, without, this.openDocuments());
  }

  /** The Terraform blocks of the workspace that stand for AWS ids (state, import blocks, data sources), from the worker. */
  declaredIds(ids: string[]): Promise<WorkerAnswers['declaredIds']> {
    // A root created since the graph was built (its watcher event not handled yet) counts: the worker rebuilds its graph.
    this.worker.invalidateGraph();
    return this.worker.declaredIds(ids, this.openDocuments());
  }

  /** How many times the worker started hcl2json's WebAssembly (for tests: at most once per worker). */
  hcl2jsonStarts(): number {
    return this.worker.stats.hcl2jsonStarts;
  }

  /** Schedules one root; a later call for the same root replaces the pending one. */
  scheduleRoot(root: string, delayMs: number): void {
    const existing = this.timers.get(root);
    if (existing) clearTimeout(existing.timer);
    const entry = { timer: undefined as unknown as NodeJS.Timeout };
    entry.timer = setTimeout(() => {
      if (this.timers.get(root) === entry) this.timers.delete(root);
      void this.run(root);
    }, delayMs);
    this.timers.set(root, entry);
  }

  /** The open documents whose text the analysis reads instead of the disk. */
  openDocuments(): OpenDocument[] {
    const out: OpenDocument[] = [];
    for (const document of vscode.workspace.textDocuments) {
      const relevant =
        isTerraformDocument(document) ||
        (document.isDirty && (document.fileName.endsWith('.json') || document.fileName.endsWith('.tfvars')));
      if (relevant && document.uri.scheme === 'file')
        out.push({ path: document.uri.fsPath, version: document.version, text: () => document.getText() });
    }
    return out;
  }

  /**
   * Analyses one root (in the worker when there is one). One run per root at a time: a request
   * that arrives meanwhile runs once after it, and a result older than the newest started run is dropped.
   */
  private async run(root: string): Promise<void> {
    if (this.inFlight.has(root)) {
      this.rerun.add(root);
      return;
    }
    this.inFlight.add(root);
    try {
      const generation = ++this.generation;
      this.latestStarted.set(root, generation);
      const documents = this.openDocuments();
      const versions = new Map(documents.map((d) => [d.path, d.version]));
      const severities = this.settings(root).severities;
      const inputs = rootInputsFor(root);
      let analysed: { findings: Finding[]; durationMs: number };
      const started = performance.now();
      try {
        analysed = await this.worker.analyze(root, documents, severities, inputs);
      } catch (error) {
        if (error instanceof AnalysisWorkerError && error.reason === 'restarted') {
          // Only queued behind the request that failed: ask the new worker.
          this.rerun.add(root);
          return;
        }
        this.workerFailures++;
        this.log(`analysis of ${root} failed in the worker (the worker was restarted): ${(error as Error).message}`);
        analysed = { findings: [failedAnalysisFinding(root, (error as Error).message)], durationMs: performance.now() - started };
      }
      // Files the shared settings file excludes are not diagnosed, as the CLI drops their findings.
      analysed = {
        ...analysed,
        findings: showInternalErrors(
          withoutExcluded(analysed.findings, projectConfigFor(root)),
          root,
          documents.map((d) => d.path),
        ),
      };
      this.lastDurationMs = analysed.durationMs;
      if (this.latestStarted.get(root) !== generation) return;
      const result: RootResult = { root, findings: analysed.findings, versions, generation, durationMs: analysed.durationMs };
      const previous = this.results.get(root);
      if (!previous || previous.generation < generation) {
        this.results.set(root, result);
        this.changeEmitter.fire(result);
      }
      if (result.findings.some((f) => f.ruleId === 'hcl-syntax')) void this.addTerraformMessages(result);
    } catch (error) {
      this.log(`analysis of ${root} failed: ${(error as Error).stack ?? error}`);
    } finally {
      this.inFlight.delete(root);
      if (this.rerun.delete(root)) void this.run(root);
    }
  }

  /** Adds HashiCorp's wording to syntax findings (in the worker), unless a newer result replaced this one meanwhile. */
  private async addTerraformMessages(result: RootResult): Promise<void> {
    this.refining++;
    try {
      let worded: WorkerAnswers['word'];
      try {
        worded = await this.worker.word(result.findings, this.openDocuments());
      } catch (error) {
        this.log(`Terraform's syntax check in ${result.root} failed: ${(error as Error).message}`);
        return;
      }
      const { findings, failures } = worded;
      // Terraform's wording is an extra: without it the findings keep this checker's wording. Say why in the log.
      for (const failure of failures) this.log(`Terraform's syntax check of ${failure.file} failed: ${failure.message}`);
      if (this.results.get(result.root) !== result) return;
      const refined = { ...result, findings };
      this.results.set(result.root, refined);
      this.changeEmitter.fire(refined);
    } finally {
      this.refining--;
    }
  }

  /** Where analyses run: always the worker thread (a failed request never moves to the extension host). */
  analysisThread(): 'worker' {
    return 'worker';
  }

  /** How many requests failed in the worker (timed out or killed it) since the start. */
  failedRequests(): number {
    return this.workerFailures;
  }

  /** Every current result. */
  allResults(): RootResult[] {
    return [...this.results.values()];
  }

  /** Resolves when no analysis is scheduled or running. */
  async idle(): Promise<void> {
    while (this.timers.size > 0 || this.inFlight.size > 0 || this.refining > 0 || this.resolving > 0) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Stops timers. */
  dispose(): void {
    this.worker.dispose();
    for (const entry of this.timers.values()) clearTimeout(entry.timer);
    this.timers.clear();
    this.changeEmitter.dispose();
  }
}

/** The workspace folders on disk (the module graph's search roots). */
function workspaceFolderPaths(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

/** The finding for a root whose analysis failed in the worker (time-out, out of memory, crash). */
function failedAnalysisFinding(root: string, reason: string): Finding {
  return {
    ruleId: 'internal-error',
    severity: 'error',
    message: vscode.l10n.t(
      'Private ECR Pull could not analyse the module {0}: {1}. Its problems are not shown; the analysis restarts on the next change.',
      root,
      reason,
    ),
    file: null,
    range: null,
    resource: null,
    module: '',
  };
}

/**
 * Internal errors about no file (a root over its budget, a failed request) are shown on the open
 * files of that root, at their first line: the Problems panel only lists findings that have a file.
 */
function showInternalErrors(findings: Finding[], root: string, openPaths: string[]): Finding[] {
  const orphans = findings.filter((f) => f.ruleId === 'internal-error' && !f.file);
  if (orphans.length === 0) return findings;
  const targets = openPaths.filter((p) => nodePath.dirname(p) === root && /\.(tf|tofu)(\.json)?$/.test(p));
  const placed = orphans.flatMap((f) =>
    targets.map((file) => ({ ...f, file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } })),
  );
  return [...findings.filter((f) => !orphans.includes(f)), ...placed, ...(targets.length === 0 ? orphans : [])];
}
