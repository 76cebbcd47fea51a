/** Reads that may fail without stopping the check: a failure becomes data the checks turn into "unknown". */
import type { ApiFailure } from './result';
import { LiveCallError } from './types';

/** The outcome of one read: its value, or the failure that makes the checks depending on it unknown. */
export type Settled<T> = { ok: true; value: T } | { ok: false; failure: ApiFailure };

/** Awaits a read; fatal errors (credentials, network, cancellation) still throw and stop the whole check. */
export async function settle<T>(pending: Promise<T>, operation: string): Promise<Settled<T>> {
  try {
    return { ok: true, value: await pending };
  } catch (error) {
    if (error instanceof LiveCallError) {
      if (error.fatal) throw error;
      return { ok: false, failure: { operation: error.operation, kind: error.kind, message: error.message } };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, failure: { operation, kind: 'other', message: `${operation} failed: ${message}` } };
  }
}

/** A settled value that has succeeded, for code paths that have already checked `ok`. */
export function valueOrNull<T>(settled: Settled<T>): T | null {
  return settled.ok ? settled.value : null;
}
