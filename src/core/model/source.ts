/**
 * How the core reads the files of a configuration. The command line reads the disk; the editor
 * lays the unsaved text of open documents over it. Decoding problems (binary, not UTF-8, too
 * large) are reported as messages, never thrown.
 */
import * as fs from 'fs';
import * as nodePath from 'path';

/** The text of a file, or why it could not be read. */
export type ReadResult = { text: string } | { error: string };

/** The entries of a folder, or why it could not be listed. */
export type ListResult = { files: string[]; dirs: string[] } | { error: string };

/** Read access to a tree of files. Paths are absolute. */
export interface SourceReader {
  readText(path: string): ReadResult;
  listDir(path: string): ListResult;
  /** The canonical path (symlinks resolved), or undefined when the path does not exist. */
  realPath(path: string): string | undefined;
  isDirectory(path: string): boolean;
}

/** Files larger than this are not parsed (a message says so). */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** Decodes file bytes as UTF-8 text, refusing binary data and invalid encodings with a clear message. */
export function decodeSource(bytes: Uint8Array): ReadResult {
  if (bytes.length > MAX_FILE_BYTES) {
    return { error: `file is ${(bytes.length / 1048576).toFixed(1)} MB, larger than the ${MAX_FILE_BYTES / 1048576} MB the checker reads` };
  }
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return { error: 'file is UTF-16 encoded; Terraform requires .tf files to be UTF-8 (save it as UTF-8)' };
  }
  const probe = Math.min(bytes.length, 8192);
  for (let i = 0; i < probe; i++) {
    if (bytes[i] === 0) return { error: 'file looks binary (it contains NUL bytes); Terraform reads .tf files as UTF-8 text' };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { error: 'file is not valid UTF-8; Terraform requires .tf files to be UTF-8 encoded' };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text };
}

/** Reads the real file system. */
export class DiskReader implements SourceReader {
  /** Reads and decodes one file. */
  readText(path: string): ReadResult {
    try {
      const stat = fs.statSync(path);
      if (stat.size > MAX_FILE_BYTES) return decodeSource(new Uint8Array(MAX_FILE_BYTES + 1));
      return decodeSource(fs.readFileSync(path));
    } catch (error) {
      return { error: describeFsError(error) };
    }
  }

  /** Lists a folder, sorted by name so results are stable. */
  listDir(path: string): ListResult {
    try {
      const files: string[] = [];
      const dirs: string[] = [];
      for (const entry of fs.readdirSync(path, { withFileTypes: true })) {
        const full = nodePath.join(path, entry.name);
        if (entry.isDirectory()) dirs.push(full);
        else if (entry.isFile()) files.push(full);
        else if (entry.isSymbolicLink()) {
          try {
            const stat = fs.statSync(full);
            if (stat.isDirectory()) dirs.push(full);
            else if (stat.isFile()) files.push(full);
          } catch {
            // A dangling or looping link: skip it, as Terraform would fail to read it too.
          }
        }
      }
      files.sort();
      dirs.sort();
      return { files, dirs };
    } catch (error) {
      return { error: describeFsError(error) };
    }
  }

  /** Resolves symlinks. */
  realPath(path: string): string | undefined {
    try {
      return fs.realpathSync(path);
    } catch {
      return undefined;
    }
  }

  /** True for an existing folder (following links). */
  isDirectory(path: string): boolean {
    try {
      return fs.statSync(path).isDirectory();
    } catch {
      return false;
    }
  }
}

/** Lays in-memory texts (unsaved editor buffers) over another reader. */
export class OverlayReader implements SourceReader {
  constructor(
    private readonly base: SourceReader,
    private readonly overlay: ReadonlyMap<string, string>,
  ) {}

  /** The overlay's text when there is one, else the base reader's. */
  readText(path: string): ReadResult {
    const text = this.overlay.get(path);
    return text !== undefined ? { text } : this.base.readText(path);
  }

  /** The base listing plus overlay files that exist only in memory. */
  listDir(path: string): ListResult {
    const listed = this.base.listDir(path);
    if ('error' in listed) return listed;
    const files = new Set(listed.files);
    for (const file of this.overlay.keys()) if (nodePath.dirname(file) === path) files.add(file);
    return { files: [...files].sort(), dirs: listed.dirs };
  }

  /** Delegates to the base reader. */
  realPath(path: string): string | undefined {
    return this.base.realPath(path) ?? (this.overlay.has(path) ? path : undefined);
  }

  /** Delegates to the base reader. */
  isDirectory(path: string): boolean {
    return this.base.isDirectory(path);
  }
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links (a link loop)';
    case 'EISDIR':
      return 'is a folder';
    default:
      return (error as Error)?.message ?? String(error);
  }
}

/**
 * Reads each file once for the length of one run: finding the roots and analysing them read the same
 * files, and each read decodes the bytes again. Texts are kept (about one byte per byte of source);
 * listings and the other questions go to the base reader. Make one per run: it never sees later writes.
 */
export class ReadOnceReader implements SourceReader {
  private readonly texts = new Map<string, ReadResult>();

  constructor(private readonly base: SourceReader) {}

  readText(path: string): ReadResult {
    let result = this.texts.get(path);
    if (result === undefined) {
      result = this.base.readText(path);
      this.texts.set(path, result);
    }
    return result;
  }

  listDir(path: string): ListResult {
    return this.base.listDir(path);
  }

  realPath(path: string): string | undefined {
    return this.base.realPath(path);
  }

  isDirectory(path: string): boolean {
    return this.base.isDirectory(path);
  }
}
