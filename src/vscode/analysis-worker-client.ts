/**
 * Talks to the analysis worker (src/vscode/analysis-worker.ts), which answers every question that needs
 * a parse (analysis, Terraform's wording, the module graph, fix-all, the block at a position): sends each
 * open document's text only when its version changed since the worker last saw it. Each request has a
 * time limit and the worker a memory limit: a request that times out, or a worker that dies (out of
 * memory, a crash), fails the request with a clear reason and the worker is started afresh for the next
 * one (with every open document sent again, and its module graph rebuilt). The request is never re-run
 * on the caller's thread.
 */
import { Worker, type ResourceLimits } from 'worker_threads';
import type { Finding, LineCharacter, Severity, TextRange } from '../core/findings';
import type { RootInputs } from '../core/analyze';
import type { FixTarget, WorkerAnswers, WorkerQuery, WorkerRequest, WorkerResponse, WorkerStats } from './analysis-worker';

/** An open document as the analysis needs it. */
export interface OpenDocument {
  path: string;
  version: number;
  text(): string;
}

/** Limits of the worker. */
export interface WorkerLimits {
  /** A request not answered within this many milliseconds fails, and the worker is restarted. */
  requestTimeoutMs: number;
  /** Memory limits of the worker thread (its heap); past them the worker dies and the request fails. */
  resourceLimits: ResourceLimits;
}

/** Default limits: far above a real analysis (a 10 MB file takes about 2 s), far below a hung editor. */
export const DEFAULT_WORKER_LIMITS: WorkerLimits = {
  requestTimeoutMs: 60_000,
  resourceLimits: { maxOldGenerationSizeMb: 2048, maxYoungGenerationSizeMb: 64 },
};

/**
 * Why a request failed: it timed out, or the worker died or failed while it ran; `restarted`: the
 * request was only queued behind the one that failed (it may be sent again to the new worker).
 */
export class AnalysisWorkerError extends Error {
  constructor(
    message: string,
    readonly reason: 'timeout' | 'exited' | 'error' | 'restarted',
  ) {
    super(message);
    this.name = 'AnalysisWorkerError';
  }
}

interface Pending {
  resolve: (answer: unknown) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

/** A worker that analyses root modules. */
export class AnalysisWorkerClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** The version of each document the worker holds. */
  private readonly sent = new Map<string, number>();
  /** How many times the worker was started (for tests and the log). */
  starts = 0;
  /** What the worker last reported about itself (hcl2json starts), for tests. */
  stats: WorkerStats = { hcl2jsonStarts: 0 };
  /** The workspace folders of the module graph, and its generation (bumped by invalidateGraph). */
  private graph = { folders: [] as string[], generation: 0 };
  /** Files changed on disk since the last request, and whether every previous result is to be forgotten. */
  private forgotten = new Set<string>();
  private forgetResultsNext = false;

  constructor(
    private readonly script: string,
    private readonly log: (message: string) => void,
    private readonly limits: WorkerLimits = DEFAULT_WORKER_LIMITS,
  ) {}

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script, { resourceLimits: this.limits.resourceLimits });
    this.starts++;
    worker.on('message', (response: WorkerResponse) => {
      const waiter = this.pending.get(response.id);
      if (!waiter) return;
      this.pending.delete(response.id);
      clearTimeout(waiter.timer);
      this.stats = response.stats;
      if ('error' in response) waiter.reject(new AnalysisWorkerError(response.error, 'error'));
      else waiter.resolve(response.answer);
    });
    worker.on('error', (error) => {
      this.log(`analysis worker failed: ${error.stack ?? error.message}`);
      const outOfMemory = (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.fail(
        worker,
        outOfMemory
          ? `the analysis ran out of memory (limit ${this.limits.resourceLimits.maxOldGenerationSizeMb} MB)`
          : `the analysis worker failed: ${error.message}`,
        'error',
      );
    });
    worker.on('exit', (code) => this.fail(worker, `the analysis worker exited (code ${code})`, 'exited'));
    this.worker = worker;
    return worker;
  }

  /**
   * Forgets `worker` and fails every request it held; the next request starts a new worker. The
   * culprit (the timed-out request, else the oldest: the worker answers in order) fails with the
   * reason; the requests queued behind it fail as `restarted`.
   */
  private fail(worker: Worker, reason: string, kind: AnalysisWorkerError['reason'], culpritId?: number): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.sent.clear();
    const culprit = culpritId ?? Math.min(...this.pending.keys());
    for (const [id, waiter] of this.pending) {
      clearTimeout(waiter.timer);
      waiter.reject(
        id === culprit
          ? new AnalysisWorkerError(reason, kind)
          : new AnalysisWorkerError(`${reason} while another module was being analysed`, 'restarted'),
      );
    }
    this.pending.clear();
    void worker.terminate();
  }

  /** Sets the workspace folders whose module graph the worker keeps (rebuilt when they change). */
  setFolders(folders: string[]): void {
    this.graph = { folders: [...folders], generation: this.graph.generation + 1 };
  }

  /** Tells the worker (with the next request) that a file changed on disk: it is read again, and no root answers from its previous result. */
  fileChanged(path: string): void {
    this.forgotten.add(path);
  }

  /** Makes the worker analyse every root afresh on its next requests (Re-check Workspace). */
  forgetResults(): void {
    this.forgetResultsNext = true;
  }

  /** Makes the worker rebuild the module graph on its next question about it (files created or deleted, module calls changed). */
  invalidateGraph(): void {
    this.graph = { folders: this.graph.folders, generation: this.graph.generation + 1 };
  }

  /** Analyses one root with the given open documents laid over the disk. Rejects with AnalysisWorkerError on a time-out or a dead worker. */
  analyze(
    root: string,
    documents: OpenDocument[],
    severities: Record<string, Severity | 'off'>,
    inputs: RootInputs = {},
  ): Promise<WorkerAnswers['analyze']> {
    // The worker's own budget ends the analysis a little before the time limit, with a finding instead of a restart.
    return this.request(
      { kind: 'analyze', root, severities, inputs, budgetMs: Math.max(1, Math.floor(this.limits.requestTimeoutMs * 0.8)) },
      documents,
    );
  }

  /** Terraform's wording (hcl2json, in the worker) for the syntax findings among `findings`. */
  word(findings: Finding[], documents: OpenDocument[]): Promise<WorkerAnswers['word']> {
    return this.request({ kind: 'word', findings }, documents);
  }

  /** Every root module of the workspace folders. */
  roots(documents: OpenDocument[]): Promise<string[]> {
    return this.request({ kind: 'roots' }, documents);
  }

  /** The roots whose module tree includes the folder `dir` (the folder itself when no root calls it). */
  rootsFor(dir: string, documents: OpenDocument[]): Promise<string[]> {
    return this.request({ kind: 'rootsFor', dir }, documents);
  }

  /** The edits that fix what `target` selects in `roots`, against the texts sent with this request. */
  fixAll(
    roots: string[],
    target: FixTarget,
    documents: OpenDocument[],
    severities: Record<string, Severity | 'off'>,
    inputs: RootInputs = {},
  ): Promise<WorkerAnswers['fixAll']> {
    return this.request({ kind: 'fixAll', roots, target, severities, inputs }, documents);
  }

  /** The top-level block of `path` that contains `position`, or null. */
  blockAt(path: string, position: LineCharacter, documents: OpenDocument[]): Promise<WorkerAnswers['blockAt']> {
    return this.request({ kind: 'blockAt', path, position }, documents);
  }

  /** Every resource template rendered for the module of `path`, read without the text in `without` (the typed prefix); null when `path` cannot be read. */
  moduleSnippets(path: string, without: TextRange | undefined, documents: OpenDocument[]): Promise<WorkerAnswers['moduleSnippets']> {
    return this.request({ kind: 'moduleSnippets', path, without }, documents);
  }

  /** The blocks of the workspace's roots that stand for these AWS ids (see core/model/declared-ids.ts). */
  declaredIds(ids: string[], documents: OpenDocument[]): Promise<WorkerAnswers['declaredIds']> {
    return this.request({ kind: 'declaredIds', ids }, documents);
  }

  private request<K extends WorkerQuery['kind']>(
    query: Extract<WorkerQuery, { kind: K }>,
    documents: OpenDocument[],
  ): Promise<WorkerAnswers[K]> {
    const worker = this.start();
    const open = new Set(documents.map((d) => d.path));
    const changed: Array<[string, string]> = [];
    for (const document of documents) {
      if (this.sent.get(document.path) === document.version) continue;
      changed.push([document.path, document.text()]);
      this.sent.set(document.path, document.version);
    }
    const closed = [...this.sent.keys()].filter((path) => !open.has(path));
    for (const path of closed) this.sent.delete(path);
    const id = this.nextId++;
    const request = {
      ...query,
      id,
      changed,
      closed,
      forgotten: [...this.forgotten],
      forgetResults: this.forgetResultsNext,
      graph: this.graph,
    } as WorkerRequest;
    this.forgotten.clear();
    this.forgetResultsNext = false;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        if (!this.pending.has(id)) return;
        const seconds = this.limits.requestTimeoutMs / 1000;
        this.log(
          `the analysis worker did not answer a ${query.kind} request${'root' in query ? ` for ${query.root}` : ''} within ${seconds} s; restarting it`,
        );
        this.fail(worker, `the analysis did not finish within ${seconds} s`, 'timeout', id);
      }, this.limits.requestTimeoutMs);
      this.pending.set(id, { resolve: resolve as (answer: unknown) => void, reject, timer });
      worker.postMessage(request);
    });
  }

  /** Stops the worker. */
  dispose(): void {
    const worker = this.worker;
    this.worker = undefined;
    for (const waiter of this.pending.values()) clearTimeout(waiter.timer);
    this.pending.clear();
    void worker?.terminate();
  }
}
