/**
 * Loads Terraform module folders: every `.tf` file of a folder, parsed, plus the root's
 * `terraform.tfvars` and `*.auto.tfvars`. Parsed files are cached by path and text so the
 * editor's re-analysis after a keystroke only re-parses the file that changed.
 */
import * as nodePath from 'path';
import type { HclFile } from '../hcl/ast';
import { parseHcl } from '../hcl/parser';
import type { SourceReader } from './source';

/** A file of a module that could not be read (binary, not UTF-8, too large, unreadable). */
export interface UnreadableFile {
  path: string;
  message: string;
}

/** The files of one module folder. */
export interface ModuleSource {
  dir: string;
  files: HclFile[];
  /** `terraform.tfvars` then `*.auto.tfvars` in name order, as Terraform reads them. */
  tfvars: HclFile[];
  unreadable: UnreadableFile[];
}

/** Caches parse results by path; a cached tree is reused only while the text is the same. */
export class ParseCache {
  private readonly entries = new Map<string, HclFile>();

  /** Parses `text` unless the same text was parsed for this path before. */
  parse(path: string, text: string): HclFile {
    const cached = this.entries.get(path);
    if (cached && cached.text === text) return cached;
    const parsed = parseHcl(text, path);
    this.entries.set(path, parsed);
    return parsed;
  }

  /** Drops a path (file deleted). */
  forget(path: string): void {
    this.entries.delete(path);
  }

  /** How many files are cached. */
  get size(): number {
    return this.entries.size;
  }
}

/** True for the files Terraform reads as configuration in a module folder. */
export function isConfigurationFile(path: string): boolean {
  const base = nodePath.basename(path);
  return base.endsWith('.tf') && !base.startsWith('.');
}

/** True for variable files Terraform loads automatically in a root module. */
export function isAutoVariablesFile(path: string): boolean {
  const base = nodePath.basename(path);
  return base === 'terraform.tfvars' || base.endsWith('.auto.tfvars');
}

/** Reads and parses one module folder; variable files only for a root (Terraform ignores them in child modules). */
export function loadModuleSource(dir: string, reader: SourceReader, cache: ParseCache, isRoot = true): ModuleSource {
  const source: ModuleSource = { dir, files: [], tfvars: [], unreadable: [] };
  const listed = reader.listDir(dir);
  if ('error' in listed) {
    source.unreadable.push({ path: dir, message: listed.error });
    return source;
  }
  const tfvarsPaths = (isRoot ? listed.files.filter(isAutoVariablesFile) : []).sort((a, b) => {
    // terraform.tfvars first, then *.auto.tfvars in lexical order.
    const ab = nodePath.basename(a) === 'terraform.tfvars' ? 0 : 1;
    const bb = nodePath.basename(b) === 'terraform.tfvars' ? 0 : 1;
    return ab - bb || (a < b ? -1 : a > b ? 1 : 0);
  });
  for (const path of listed.files.filter(isConfigurationFile)) {
    const read = reader.readText(path);
    if ('error' in read) source.unreadable.push({ path, message: read.error });
    else source.files.push(cache.parse(path, read.text));
  }
  for (const path of tfvarsPaths) {
    const read = reader.readText(path);
    if ('error' in read) source.unreadable.push({ path, message: read.error });
    else source.tfvars.push(cache.parse(path, read.text));
  }
  return source;
}

/** Folders never searched for modules. */
const SKIPPED_FOLDERS = new Set(['.terraform', 'node_modules', '.git', '.vscode-test', 'dist', 'out']);

/**
 * Finds every folder under `dir` that holds `.tf` files, without following link loops.
 * Bounded: stops after `limit` folders.
 */
export function findModuleFolders(dir: string, reader: SourceReader, limit = 20000): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const stack = [dir];
  while (stack.length > 0 && found.length < limit) {
    const current = stack.pop()!;
    const real = reader.realPath(current) ?? current;
    if (seen.has(real)) continue;
    seen.add(real);
    const listed = reader.listDir(current);
    if ('error' in listed) continue;
    if (listed.files.some(isConfigurationFile)) found.push(current);
    for (const sub of listed.dirs.slice().reverse()) {
      const base = nodePath.basename(sub);
      if (SKIPPED_FOLDERS.has(base) || base.startsWith('.')) continue;
      stack.push(sub);
    }
  }
  return found.sort();
}
