/**
 * Writes fixed files safely. Every file is first written in full to a temporary file in its own
 * folder (same file system, same permissions, flushed to disk); only when all of them are ready
 * are they renamed over the originals, each rename being atomic. A failure before the renames
 * leaves every original untouched; a failure during them is reported file by file (written, not
 * changed, temporary copy left behind). A UTF-8 byte order mark the original had is kept, and a
 * file that changed on disk since it was read is not overwritten.
 *
 * The file system is reached through the FileWriter interface so tests can inject failures such
 * as a full disk.
 */
import * as fs from 'fs';
import * as nodePath from 'path';

/** The file operations the safe writer needs. Each throws a Node-style error (with `code`) on failure. */
export interface FileWriter {
  /** The bytes of an existing file. */
  readFile(path: string): Uint8Array;
  /** The permission bits of an existing file. */
  mode(path: string): number;
  /** Creates `path`, which must not exist, with `bytes` and `mode`, and flushes it to disk. */
  createFile(path: string, bytes: Uint8Array, mode: number): void;
  /** Renames `from` over `to` (atomic on one file system). */
  rename(from: string, to: string): void;
  /** Deletes a file. */
  remove(path: string): void;
}

/** The real file system. */
export const diskFileWriter: FileWriter = {
  readFile: (path) => fs.readFileSync(path),
  mode: (path) => fs.statSync(path).mode & 0o7777,
  createFile(path, bytes, mode) {
    const fd = fs.openSync(path, 'wx', mode);
    try {
      let written = 0;
      while (written < bytes.length) written += fs.writeSync(fd, bytes, written, bytes.length - written);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    // The process umask may have narrowed the mode given to open.
    fs.chmodSync(path, mode);
  },
  rename: (from, to) => fs.renameSync(from, to),
  remove: (path) => fs.unlinkSync(path),
};

/** What happened to one file. */
export interface FileWriteOutcome {
  file: string;
  /** `written`: the file has its new content; `unchanged`: it still has its old content. */
  state: 'written' | 'unchanged';
  /** Why it is unchanged when it should have been written. */
  reason?: string;
  /** A temporary file that could not be removed. */
  leftover?: string;
}

/** The result of writing a set of files. */
export interface WriteResult {
  ok: boolean;
  files: FileWriteOutcome[];
}

const UTF8_BOM = new Uint8Array([0xef, 0xbb, 0xbf]);

/** Describes a file-system error in a few words (`no space left on device (ENOSPC)`). */
export function describeWriteError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const words: Record<string, string> = {
    ENOSPC: 'no space left on device',
    EDQUOT: 'disk quota exceeded',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOENT: 'no such file or folder',
    EEXIST: 'a file of that name already exists',
    EIO: 'input/output error',
    EXDEV: 'not on the same file system',
    EISDIR: 'is a folder',
  };
  if (e && typeof e.code === 'string') return `${words[e.code] ?? e.message ?? 'error'} (${e.code})`;
  return e instanceof Error ? e.message : String(error);
}

function startsWithBom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

let counter = 0;

/** A temporary name beside `file` that Terraform does not read (it does not end in .tf). */
function temporaryName(file: string): string {
  counter++;
  const random = Math.random().toString(36).slice(2, 8);
  return nodePath.join(nodePath.dirname(file), `.${nodePath.basename(file)}.private-ecr-${process.pid}-${counter}${random}.tmp`);
}

/**
 * Writes `texts` (path → new text) safely. `originals` (path → the text the changes were computed
 * from, without a byte order mark) guards against overwriting a file someone changed meanwhile.
 */
export function writeFilesSafely(
  texts: ReadonlyMap<string, string>,
  originals: ReadonlyMap<string, string>,
  writer: FileWriter = diskFileWriter,
): WriteResult {
  const files = [...texts.keys()];
  const prepared: Array<{ file: string; temp: string }> = [];
  const outcomes = new Map<string, FileWriteOutcome>();
  const cleanUp = () => {
    for (const { file, temp } of prepared) {
      try {
        writer.remove(temp);
      } catch {
        outcomes.set(file, { ...(outcomes.get(file) ?? { file, state: 'unchanged' }), leftover: temp });
      }
    }
  };
  const result = (ok: boolean): WriteResult => ({ ok, files: files.map((file) => outcomes.get(file) ?? { file, state: 'unchanged' }) });

  // 1. Prepare every file beside its original.
  for (const file of files) {
    let temp: string | undefined;
    let leftover: string | undefined;
    try {
      let current: Uint8Array;
      let mode: number;
      try {
        current = writer.readFile(file);
        mode = writer.mode(file);
      } catch (error) {
        throw new Error(`cannot read it again before writing: ${describeWriteError(error)}`, { cause: error });
      }
      const bom = startsWithBom(current);
      const original = originals.get(file);
      if (original !== undefined) {
        const now = Buffer.from(bom ? current.subarray(3) : current).toString('utf8');
        if (now !== original) throw new Error('it changed on disk while the fixes were computed');
      }
      const body = Buffer.from(texts.get(file)!, 'utf8');
      const bytes = bom ? Buffer.concat([UTF8_BOM, body]) : body;
      temp = temporaryName(file);
      try {
        writer.createFile(temp, bytes, mode);
      } catch (error) {
        // A partly written temporary file must not stay behind.
        try {
          writer.remove(temp);
        } catch (removeError) {
          if ((removeError as NodeJS.ErrnoException)?.code !== 'ENOENT') leftover = temp;
        }
        throw new Error(`cannot write its new content: ${describeWriteError(error)}`, { cause: error });
      }
      prepared.push({ file, temp });
    } catch (error) {
      outcomes.set(file, { file, state: 'unchanged', reason: (error as Error).message, ...(leftover ? { leftover } : {}) });
      for (const other of files) {
        if (!outcomes.has(other))
          outcomes.set(other, {
            file: other,
            state: 'unchanged',
            reason: `not written because ${nodePath.basename(file)} could not be prepared`,
          });
      }
      cleanUp();
      return result(false);
    }
  }

  // 2. Every new content is on disk: swap them in.
  for (let i = 0; i < prepared.length; i++) {
    const { file, temp } = prepared[i];
    try {
      writer.rename(temp, file);
      outcomes.set(file, { file, state: 'written' });
    } catch (error) {
      outcomes.set(file, { file, state: 'unchanged', reason: `cannot replace it: ${describeWriteError(error)}` });
      for (const rest of prepared.slice(i + 1)) {
        outcomes.set(rest.file, {
          file: rest.file,
          state: 'unchanged',
          reason: `not written because replacing ${nodePath.basename(file)} failed`,
        });
      }
      const remaining = prepared.slice(i);
      prepared.length = 0;
      prepared.push(...remaining);
      cleanUp();
      return result(false);
    }
  }
  return result(true);
}
