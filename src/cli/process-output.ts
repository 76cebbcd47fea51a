/**
 * The CLI's standard output and error streams, made safe: when stdout cannot be written (a closed
 * pipe such as `| head -1`, a full disk), the run ends with exit status 2 and one clear line on
 * stderr instead of a stack trace; nothing more is written to the broken stream.
 */
import type { Output } from './output';

/** The exit status of a run whose output could not be written. */
export const OUTPUT_FAILED_EXIT = 2;

/** A stream the CLI writes to (process.stdout and process.stderr, or stand-ins in tests). */
export interface WritableLike {
  write(text: string): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** Describes a stream error in a few words. */
function describeStreamError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'EPIPE') return 'the reader closed the pipe (EPIPE)';
  if (code === 'ENOSPC') return 'no space left on device (ENOSPC)';
  if (code === 'EDQUOT') return 'disk quota exceeded (EDQUOT)';
  if (code === 'EIO') return 'input/output error (EIO)';
  if (typeof code === 'string') return `${(error as Error).message}`;
  return error instanceof Error ? error.message : String(error);
}

/** Guards two streams; `failed()` says whether stdout broke (the caller must then exit with 2). */
export function guardedOutput(
  stdout: WritableLike,
  stderr: WritableLike,
  onFailure: () => void = () => {},
): { out: Output; failed(): boolean } {
  let stdoutBroken = false;
  let stderrBroken = false;
  const errLine = (text: string) => {
    if (stderrBroken) return;
    try {
      stderr.write(text);
    } catch {
      stderrBroken = true;
    }
  };
  const stdoutFailed = (error: unknown) => {
    if (stdoutBroken) return;
    stdoutBroken = true;
    errLine(`private-ecr: cannot write the results to standard output: ${describeStreamError(error)}\n`);
    onFailure();
  };
  stdout.on('error', stdoutFailed);
  stderr.on('error', () => {
    stderrBroken = true;
  });
  const out: Output = {
    stdout(text) {
      if (stdoutBroken) return;
      try {
        stdout.write(text);
      } catch (error) {
        stdoutFailed(error);
      }
    },
    stderr: errLine,
  };
  return { out, failed: () => stdoutBroken };
}
