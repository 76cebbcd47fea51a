/**
 * Talks to the analysis worker (src/vscode/analysis-worker.ts): sends each open document's text
 * only when its version changed since the worker last saw it. Each request has a time limit and
 * the worker a memory limit: a request that times out, or a worker that dies (out of memory, a
 * crash), fails the request with a clear reason and the worker is started afresh for the next one
 * (with every open document sent again). The request is never re-run on the caller's thread.
 */
import { Worker, type ResourceLimits } from 'worker_threads';
import type { Finding, Severity } from '../core/findings';
import type { RootInputs } from '../core/analyze';
import type { WorkerRequest, WorkerResponse } from './analysis-worker';

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
  resolve: (r: { findings: Finding[]; durationMs: number }) => void;
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
      if ('error' in response) waiter.reject(new AnalysisWorkerError(response.error, 'error'));
      else waiter.resolve(response);
    });
    worker.on('error', (error) => {
      this.log(`analysis worker failed: ${error.stack ?? error.message}`);
      const outOfMemory = (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.fail(worker, outOfMemory ? `the analysis ran out of memory (limit ${this.limits.resourceLimits.maxOldGenerationSizeMb} MB)` : `the analysis worker failed: ${error.message}`, 'error');
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
      waiter.reject(id === culprit ? new AnalysisWorkerError(reason, kind) : new AnalysisWorkerError(`${reason} while another module was being analysed`, 'restarted'));
    }
    this.pending.clear();
    void worker.terminate();
  }

  /** Analyses one root with the given open documents laid over the disk. Rejects with AnalysisWorkerError on a time-out or a dead worker. */
  analyze(root: string, documents: OpenDocument[], severities: Record<string, Severity | 'off'>, inputs: RootInputs = {}): Promise<{ findings: Finding[]; durationMs: number }> {
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
    // The worker's own budget ends the analysis a little before the time limit, with a finding instead of a restart.
    const request: WorkerRequest = { id, root, changed, closed, severities, inputs, budgetMs: Math.max(1, Math.floor(this.limits.requestTimeoutMs * 0.8)) };
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        if (!this.pending.has(id)) return;
        const seconds = this.limits.requestTimeoutMs / 1000;
        this.log(`analysis of ${root} did not finish within ${seconds} s; restarting the analysis worker`);
        this.fail(worker, `the analysis did not finish within ${seconds} s`, 'timeout', id);
      }, this.limits.requestTimeoutMs);
      this.pending.set(id, { resolve, reject, timer });
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
