/**
 * The web bundle's `fs`: the few synchronous reads the core makes outside its SourceReader
 * (`file()`, `fileset()`, `templatefile()`, the shared `.private-ecr.json`), answered from the
 * MemoryTree the web layer filled through `vscode.workspace.fs`. Everything else, and every
 * write, fails with ENOSYS: the browser build never writes files (fixes are workspace edits).
 * scripts/build.mjs maps `fs` here for dist/web/ only.
 */
import { MemoryTree } from '../memory-tree';
import { resolve } from './path';

let tree = new MemoryTree();

/** The tree the stand-in reads (the web layer's snapshot of the workspace). */
export function useMemoryTree(next: MemoryTree): void {
  tree = next;
}

class FsError extends Error {
  constructor(
    readonly code: string,
    syscall: string,
    path?: string,
  ) {
    super(
      `${code}: ${syscall}${path === undefined ? '' : ` '${path}'`}${code === 'ENOSYS' ? ' is not available in the browser build' : ''}`,
    );
  }
}

class Stats {
  readonly dev = 1;
  constructor(
    private readonly kind: 'file' | 'dir',
    readonly size: number,
    readonly mtimeMs: number,
    readonly ino: number,
  ) {}
  isFile(): boolean {
    return this.kind === 'file';
  }
  isDirectory(): boolean {
    return this.kind === 'dir';
  }
  isSymbolicLink(): boolean {
    return false;
  }
}

class Dirent {
  constructor(
    readonly name: string,
    private readonly dir: boolean,
  ) {}
  isFile(): boolean {
    return !this.dir;
  }
  isDirectory(): boolean {
    return this.dir;
  }
  isSymbolicLink(): boolean {
    return false;
  }
}

/** Stable inode numbers per path, so the open-then-recheck in file() holds. */
const inodes = new Map<string, number>();
function inodeOf(path: string): number {
  let ino = inodes.get(path);
  if (ino === undefined) inodes.set(path, (ino = inodes.size + 1));
  return ino;
}

export const constants = { O_RDONLY: 0, O_NONBLOCK: 0, O_NOFOLLOW: 0 };

export function statSync(path: string): Stats {
  const normal = resolve(path);
  const file = tree.file(normal);
  if (file) return new Stats('file', file.bytes.length, file.version, inodeOf(normal));
  if (tree.isDir(normal)) return new Stats('dir', 0, 0, inodeOf(normal));
  throw new FsError('ENOENT', 'stat', path);
}

export const lstatSync = statSync;

export function existsSync(path: string): boolean {
  const normal = resolve(path);
  return tree.file(normal) !== undefined || tree.isDir(normal);
}

export function realpathSync(path: string): string {
  if (!existsSync(path)) throw new FsError('ENOENT', 'realpath', path);
  return resolve(path);
}

export function readFileSync(path: string, encoding?: string | { encoding?: string }): Uint8Array | string {
  const file = tree.file(resolve(path));
  if (!file) throw new FsError(tree.isDir(resolve(path)) ? 'EISDIR' : 'ENOENT', 'open', path);
  const wanted = typeof encoding === 'string' ? encoding : encoding?.encoding;
  return wanted ? new TextDecoder('utf-8').decode(file.bytes) : file.bytes;
}

export function readdirSync(path: string, options?: { withFileTypes?: boolean }): Array<string | Dirent> {
  const entries = tree.entries(path);
  if (!entries) throw new FsError(tree.file(resolve(path)) ? 'ENOTDIR' : 'ENOENT', 'scandir', path);
  return options?.withFileTypes ? entries.map((e) => new Dirent(e.name, e.isDir)) : entries.map((e) => e.name);
}

/** Open files: a descriptor reads a fixed copy of the bytes. */
const open = new Map<number, { path: string; bytes: Uint8Array; position: number }>();
let nextFd = 3;

export function openSync(path: string): number {
  const normal = resolve(path);
  const file = tree.file(normal);
  if (!file) throw new FsError(tree.isDir(normal) ? 'EISDIR' : 'ENOENT', 'open', path);
  const fd = nextFd++;
  open.set(fd, { path: normal, bytes: file.bytes, position: 0 });
  return fd;
}

function descriptor(fd: number) {
  const entry = open.get(fd);
  if (!entry) throw new FsError('EBADF', 'read');
  return entry;
}

export function fstatSync(fd: number): Stats {
  const entry = descriptor(fd);
  return new Stats('file', entry.bytes.length, 0, inodeOf(entry.path));
}

export function readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number | null): number {
  const entry = descriptor(fd);
  const start = position ?? entry.position;
  const chunk = entry.bytes.subarray(start, start + length);
  buffer.set(chunk, offset);
  if (position === null) entry.position += chunk.length;
  return chunk.length;
}

export function closeSync(fd: number): void {
  open.delete(fd);
}

function unavailable(name: string): () => never {
  return () => {
    throw new FsError('ENOSYS', name);
  };
}

export const writeFileSync = unavailable('writeFileSync');
export const writeSync = unavailable('writeSync');
export const write = unavailable('write');
export const renameSync = unavailable('renameSync');
export const unlinkSync = unavailable('unlinkSync');
export const chmodSync = unavailable('chmodSync');
export const fsyncSync = unavailable('fsyncSync');
export const mkdirSync = unavailable('mkdirSync');
export const promises = { readFile: unavailable('promises.readFile') };
