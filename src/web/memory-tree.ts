/**
 * An in-memory copy of the files the analysis reads, for the browser: the web layer fills it from
 * `vscode.workspace.fs` (asynchronous), and the synchronous core reads it through `MemoryReader`
 * (the core's `SourceReader`) and, for `file()`, `fileset()` and `.private-ecr.json`, through the
 * `fs` stand-in of the web bundle (node-shims/fs.ts). Paths are POSIX and absolute: the path of
 * each file's URI.
 */
import { decodeSource, type ListResult, type ReadResult, type SourceReader } from '../core/model/source';
import { posix } from './node-shims/path';

/** One file of the tree. */
interface MemoryFile {
  bytes: Uint8Array;
  /** Bumped on every write: the stand-in of a modification time. */
  version: number;
}

/** Folders and files, by absolute path. */
export class MemoryTree {
  private readonly files = new Map<string, MemoryFile>();
  private readonly dirs = new Map<string, Set<string>>();
  private clock = 0;

  /** Stores a file (and its parent folders). */
  writeFile(path: string, bytes: Uint8Array): void {
    const normal = posix.resolve(path);
    this.files.set(normal, { bytes, version: ++this.clock });
    this.addDir(posix.dirname(normal));
    this.dirs.get(posix.dirname(normal))!.add(posix.basename(normal));
  }

  /** Records a folder (possibly empty). */
  addDir(path: string): void {
    let current = posix.resolve(path);
    for (;;) {
      if (!this.dirs.has(current)) this.dirs.set(current, new Set());
      const parent = posix.dirname(current);
      if (parent === current) return;
      if (!this.dirs.has(parent)) this.dirs.set(parent, new Set());
      this.dirs.get(parent)!.add(posix.basename(current));
      current = parent;
    }
  }

  /** Forgets a file or a folder with everything under it. */
  remove(path: string): void {
    const normal = posix.resolve(path);
    this.files.delete(normal);
    const prefix = normal.endsWith('/') ? normal : `${normal}/`;
    for (const file of [...this.files.keys()]) if (file.startsWith(prefix)) this.files.delete(file);
    for (const dir of [...this.dirs.keys()]) if (dir === normal || dir.startsWith(prefix)) this.dirs.delete(dir);
    this.dirs.get(posix.dirname(normal))?.delete(posix.basename(normal));
  }

  /** A file's bytes and version, or undefined. */
  file(path: string): MemoryFile | undefined {
    return this.files.get(posix.resolve(path));
  }

  /** True for a recorded folder. */
  isDir(path: string): boolean {
    return this.dirs.has(posix.resolve(path));
  }

  /** The names in a folder, sorted, or undefined when it is not one. */
  entries(path: string): Array<{ name: string; isDir: boolean }> | undefined {
    const normal = posix.resolve(path);
    const names = this.dirs.get(normal);
    if (!names) return undefined;
    return [...names].sort().map((name) => ({ name, isDir: this.dirs.has(posix.join(normal, name)) }));
  }

  /** How many files the tree holds. */
  get size(): number {
    return this.files.size;
  }

  /** How many bytes the files hold. */
  get bytes(): number {
    let total = 0;
    for (const file of this.files.values()) total += file.bytes.length;
    return total;
  }
}

/** The core's reader over a MemoryTree. */
export class MemoryReader implements SourceReader {
  constructor(private readonly tree: MemoryTree) {}

  readText(path: string): ReadResult {
    const file = this.tree.file(path);
    if (file) return decodeSource(file.bytes);
    return { error: this.tree.isDir(path) ? 'is a folder' : 'no such file or folder' };
  }

  listDir(path: string): ListResult {
    const entries = this.tree.entries(path);
    if (!entries) return { error: this.tree.file(path) ? 'not a folder' : 'no such file or folder' };
    const files: string[] = [];
    const dirs: string[] = [];
    for (const entry of entries) (entry.isDir ? dirs : files).push(posix.join(posix.resolve(path), entry.name));
    return { files, dirs };
  }

  realPath(path: string): string | undefined {
    const normal = posix.resolve(path);
    return this.tree.file(normal) || this.tree.isDir(normal) ? normal : undefined;
  }

  isDirectory(path: string): boolean {
    return this.tree.isDir(path);
  }
}
