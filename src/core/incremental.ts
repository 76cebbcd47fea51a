/**
 * The editor's analysis after an edit, proportional to the edit rather than to the root:
 *  - files are read from disk once while they stay unchanged (a cache keyed by path, size, mtime and
 *    inode, checked with one `stat`; `forget(path)` drops an entry when the file-system watcher reports it),
 *    and the same unchanged text comes back as the same string, so the parse cache recognises it at once;
 *  - a root whose every input (each text and folder listing it read, the options) is what it was last
 *    time answers with its previous findings, without any work;
 *  - otherwise the root is analysed again over the warm parse cache.
 * Correctness: the result is always what a from-scratch analysis of the same texts gives (a seeded test
 * applies hundreds of random edits and compares after each).
 */
import * as fs from 'fs';
import { analyzeRoot, type AnalyzeOptions } from './analyze';
import type { Finding } from './findings';
import { ParseCache } from './model/loader';
import { DiskReader, OverlayReader, type ListResult, type ReadResult, type SourceReader } from './model/source';

/** One file's read, remembered with what identifies its version on disk. */
interface CachedRead {
  size: number;
  mtimeMs: number;
  ino: number;
  result: ReadResult;
}

/** A disk reader that reads each file once while it stays unchanged on disk (one `stat` per read checks that). */
export class CachingDiskReader implements SourceReader {
  private readonly reads = new Map<string, CachedRead>();
  private readonly listings = new Map<string, { mtimeMs: number; ino: number; result: ListResult }>();
  /** How many files were actually read from disk (for tests and benchmarks). */
  diskReads = 0;

  constructor(private readonly disk: SourceReader = new DiskReader()) {}

  /** The file's text: from the cache when its size, mtime and inode are unchanged, else read again. */
  readText(path: string): ReadResult {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(path);
    } catch {
      this.reads.delete(path);
      return this.disk.readText(path);
    }
    const cached = this.reads.get(path);
    if (cached && cached.size === stat.size && cached.mtimeMs === stat.mtimeMs && cached.ino === stat.ino) return cached.result;
    this.diskReads++;
    const result = this.disk.readText(path);
    this.reads.set(path, { size: stat.size, mtimeMs: stat.mtimeMs, ino: stat.ino, result });
    return result;
  }

  /** The folder's entries: from the cache while the folder's mtime (changed by creating, deleting or renaming an entry) is the same. */
  listDir(path: string): ListResult {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(path);
    } catch {
      this.listings.delete(path);
      return this.disk.listDir(path);
    }
    const cached = this.listings.get(path);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.ino === stat.ino) return cached.result;
    const result = this.disk.listDir(path);
    this.listings.set(path, { mtimeMs: stat.mtimeMs, ino: stat.ino, result });
    return result;
  }

  /** Delegates (links may change without the folder's mtime changing). */
  realPath(path: string): string | undefined {
    return this.disk.realPath(path);
  }

  /** Delegates. */
  isDirectory(path: string): boolean {
    return this.disk.isDirectory(path);
  }

  /** Forgets what is known about a path (the file-system watcher reported it created, changed or deleted). */
  forget(path: string): void {
    this.reads.delete(path);
    this.listings.delete(path);
  }
}

/** Records every text and listing an analysis reads, so a later analysis can tell whether any input changed. */
class RecordingReader implements SourceReader {
  readonly texts = new Map<string, ReadResult>();
  readonly listings = new Map<string, ListResult>();
  readonly realPaths = new Map<string, string | undefined>();
  readonly directories = new Map<string, boolean>();

  constructor(private readonly base: SourceReader) {}

  readText(path: string): ReadResult {
    const result = this.base.readText(path);
    this.texts.set(path, result);
    return result;
  }

  listDir(path: string): ListResult {
    const result = this.base.listDir(path);
    this.listings.set(path, result);
    return result;
  }

  realPath(path: string): string | undefined {
    const result = this.base.realPath(path);
    this.realPaths.set(path, result);
    return result;
  }

  isDirectory(path: string): boolean {
    const result = this.base.isDirectory(path);
    this.directories.set(path, result);
    return result;
  }
}

function sameRead(a: ReadResult, b: ReadResult): boolean {
  if ('text' in a) return 'text' in b && a.text === b.text;
  return 'error' in b && a.error === b.error;
}

function sameListing(a: ListResult, b: ListResult): boolean {
  if ('error' in a) return 'error' in b && a.error === b.error;
  if ('error' in b) return false;
  return (
    a.files.length === b.files.length &&
    a.dirs.length === b.dirs.length &&
    a.files.every((f, i) => f === b.files[i]) &&
    a.dirs.every((d, i) => d === b.dirs[i])
  );
}

/** What one root's last analysis read, with its findings. */
interface RootMemo {
  key: string;
  inputs: RecordingReader;
  findings: Finding[];
}

/** The analysis options that make up a memo's key (the reader and cache are the analysis's own). */
export type IncrementalOptions = Omit<AnalyzeOptions, 'reader' | 'cache'>;

/** Analyses roots over a disk cache, a parse cache and the editor's unsaved texts, reusing what an edit did not change. */
export class IncrementalAnalysis {
  readonly disk: CachingDiskReader;
  readonly cache = new ParseCache();
  private overlay: ReadonlyMap<string, string> = new Map();
  private readonly memos = new Map<string, RootMemo>();
  /** How many analyses were answered from the memo, and how many ran (for tests and benchmarks). */
  readonly counts = { reused: 0, analysed: 0 };

  constructor(disk: SourceReader = new DiskReader()) {
    this.disk = new CachingDiskReader(disk);
  }

  /** The unsaved editor texts laid over the disk (path → text). */
  setOverlay(overlay: ReadonlyMap<string, string>): void {
    this.overlay = overlay;
  }

  /** The reader the analyses use: the editor's texts over the caching disk reader. */
  reader(): SourceReader {
    return new OverlayReader(this.disk, this.overlay);
  }

  /**
   * Forgets a path reported by the file-system watcher (created, changed, deleted), and every root's
   * memo: `file()` and `templatefile()` read files of any name straight from disk, so a change to one of
   * them must not be answered from a memo.
   */
  forget(path: string): void {
    this.disk.forget(path);
    this.cache.forget(path);
    this.memos.clear();
  }

  /** Forgets every memo (Re-check Workspace); the disk cache stays, checked by `stat`. */
  forgetResults(): void {
    this.memos.clear();
  }

  /** The root's findings: the previous ones when none of its inputs changed, else a fresh analysis over the warm caches. */
  analyzeRoot(root: string, options: IncrementalOptions): Finding[] {
    const reader = this.reader();
    const key = JSON.stringify([
      options.ruleIds ?? null,
      options.severities ?? null,
      options.variables ?? null,
      options.keepSuppressed ?? false,
      options.budget ?? null,
      options.tfDataDir ?? null,
      options.modules ?? null,
    ]);
    const memo = this.memos.get(root);
    if (memo && memo.key === key && this.unchanged(memo.inputs, reader)) {
      this.counts.reused++;
      return memo.findings;
    }
    const inputs = new RecordingReader(reader);
    const findings = analyzeRoot(root, { ...options, reader: inputs, cache: this.cache });
    this.counts.analysed++;
    // A root stopped by its budget is not remembered: the next request tries again.
    if (!findings.some((f) => f.ruleId === 'internal-error' && !f.file)) this.memos.set(root, { key, inputs, findings });
    else this.memos.delete(root);
    return findings;
  }

  private unchanged(inputs: RecordingReader, reader: SourceReader): boolean {
    for (const [path, listing] of inputs.listings) if (!sameListing(listing, reader.listDir(path))) return false;
    for (const [path, read] of inputs.texts) if (!sameRead(read, reader.readText(path))) return false;
    for (const [path, real] of inputs.realPaths) if (reader.realPath(path) !== real) return false;
    for (const [path, isDirectory] of inputs.directories) if (reader.isDirectory(path) !== isDirectory) return false;
    return true;
  }
}
