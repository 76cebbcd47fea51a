/**
 * Talks to the analysis worker (src/vscode/analysis-worker.ts): sends each open document's text
 * only when its version changed since the worker last saw it, and restarts the worker if it dies.
 */
import { Worker } from 'worker_threads';
import type { Finding, Severity } from '../core/findings';
import type { VariableInputs } from '../core/model/config';
import type { WorkerRequest, WorkerResponse } from './analysis-worker';

/** An open document as the analysis needs it. */
export interface OpenDocument {
  path: string;
  version: number;
  text(): string;
}

/** A worker that analyses root modules. */
export class AnalysisWorkerClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: { findings: Finding[]; durationMs: number }) => void; reject: (e: Error) => void }>();
  /** The version of each document the worker holds. */
  private readonly sent = new Map<string, number>();

  constructor(private readonly script: string, private readonly log: (message: string) => void) {}

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    worker.on('message', (response: WorkerResponse) => {
      const waiter = this.pending.get(response.id);
      if (!waiter) return;
      this.pending.delete(response.id);
      if ('error' in response) waiter.reject(new Error(response.error));
      else waiter.resolve(response);
    });
    const fail = (reason: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.sent.clear();
      for (const waiter of this.pending.values()) waiter.reject(new Error(reason));
      this.pending.clear();
    };
    worker.on('error', (error) => {
      this.log(`analysis worker failed: ${error.stack ?? error.message}`);
      fail(`the analysis worker failed: ${error.message}`);
    });
    worker.on('exit', (code) => fail(`the analysis worker exited (code ${code})`));
    this.worker = worker;
    return worker;
  }

  /** Analyses one root with the given open documents laid over the disk. */
  analyze(root: string, documents: OpenDocument[], severities: Record<string, Severity | 'off'>, variables: VariableInputs = {}): Promise<{ findings: Finding[]; durationMs: number }> {
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
    const request: WorkerRequest = { id, root, changed, closed, severities, variables };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage(request);
    });
  }

  /** Stops the worker. */
  dispose(): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
  }
}
