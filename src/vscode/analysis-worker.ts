/**
 * The analysis, off the extension host's thread: a worker that keeps its own parse cache and the
 * unsaved text of open editors, and analyses one root module per request. Large files (10 MB) then
 * never hold up the extension host — other extensions' completions, hovers and commands keep running.
 * No `vscode` here: the worker sees only plain messages.
 */
import { parentPort } from 'worker_threads';
import { analyzeRoot, type RootInputs } from '../core/analyze';
import { DEFAULT_ROOT_BUDGET } from '../core/budget';
import type { Finding, Severity } from '../core/findings';
import { ParseCache } from '../core/model/loader';
import { DiskReader, OverlayReader } from '../core/model/source';

/** A request: analyse `root`, after updating the editor texts the worker holds. */
export interface WorkerRequest {
  id: number;
  root: string;
  /** Texts of open documents that changed since the last request. */
  changed: Array<[string, string]>;
  /** Documents that are no longer open (read from disk again). */
  closed: string[];
  severities: Record<string, Severity | 'off'>;
  /** The analysis budget in ms (a root over it answers with an internal-error finding); memory is bounded by the worker's resource limits. */
  budgetMs?: number;
  /** TF_VAR_ values and variable files (core/variables.ts), TF_DATA_DIR, which module calls to follow. */
  inputs?: RootInputs;
}

/** The answer to one request. */
export type WorkerResponse = { id: number; findings: Finding[]; durationMs: number } | { id: number; error: string };

const overlay = new Map<string, string>();
const cache = new ParseCache();
const disk = new DiskReader();

parentPort?.on('message', (request: WorkerRequest) => {
  for (const [path, text] of request.changed) overlay.set(path, text);
  for (const path of request.closed) overlay.delete(path);
  const started = performance.now();
  try {
    const budget = request.budgetMs !== undefined ? { ...DEFAULT_ROOT_BUDGET, timeMs: request.budgetMs } : undefined;
    const findings = analyzeRoot(request.root, { ...request.inputs, reader: new OverlayReader(disk, overlay), cache, severities: request.severities, budget });
    const response: WorkerResponse = { id: request.id, findings, durationMs: performance.now() - started };
    parentPort!.postMessage(response);
  } catch (error) {
    parentPort!.postMessage({ id: request.id, error: (error as Error).stack ?? String(error) } satisfies WorkerResponse);
  }
});
