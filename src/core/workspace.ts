/**
 * Which root modules a folder belongs to, for the editor: a file of a child module is analysed
 * with the root(s) that call it, so its variables carry the root's values. The module graph is
 * built once per workspace folder and rebuilt when `invalidate()` is called (files created,
 * deleted, or a module call changed).
 */
import * as nodePath from 'path';
import { findRoots, localModuleCalls } from './analyze';
import { findModuleFolders, type ParseCache } from './model/loader';
import type { SourceReader } from './model/source';

/** The module graph of some workspace folders. */
export class ModuleGraph {
  private graph: { roots: string[]; calls: Map<string, string[]> } | null = null;
  private readonly rebuiltFor = new Set<string>();

  constructor(
    private readonly folders: string[],
    private readonly reader: SourceReader,
    private readonly cache: ParseCache,
  ) {}

  /** Forgets the graph (it is rebuilt on next use). */
  invalidate(): void {
    this.graph = null;
    this.rebuiltFor.clear();
  }

  private build(): { roots: string[]; calls: Map<string, string[]> } {
    if (!this.graph) {
      const roots: string[] = [];
      const calls = new Map<string, string[]>();
      for (const folder of this.folders) {
        for (const dir of findModuleFolders(folder, this.reader)) calls.set(this.real(dir), localModuleCalls(dir, this.reader, this.cache));
        for (const root of findRoots(folder, this.reader, this.cache)) if (!roots.includes(root)) roots.push(root);
      }
      this.graph = { roots, calls };
    }
    return this.graph;
  }

  private real(dir: string): string {
    return this.reader.realPath(dir) ?? dir;
  }

  /** Every root module folder of the workspace. */
  roots(): string[] {
    return this.build().roots;
  }

  /** The roots whose module tree includes `dir` (the folder itself when no root calls it). */
  rootsFor(dir: string): string[] {
    let { roots, calls } = this.build();
    const target = this.real(dir);
    // A module folder the graph has not seen (created after it was built): rebuild once, rather
    // than analyse a child module as if it were a root until a file-system event arrives.
    if (!calls.has(target) && !this.rebuiltFor.has(target) && this.folders.some((f) => target.startsWith(this.real(f)))) {
      this.rebuiltFor.add(target);
      this.graph = null;
      ({ roots, calls } = this.build());
    }
    const out: string[] = [];
    for (const root of roots) {
      const seen = new Set<string>();
      const stack = [this.real(root)];
      while (stack.length > 0) {
        const current = stack.pop()!;
        if (seen.has(current)) continue;
        seen.add(current);
        if (current === target) {
          out.push(root);
          break;
        }
        for (const next of calls.get(current) ?? []) stack.push(next);
      }
    }
    return out.length > 0 ? out : [nodePath.resolve(dir)];
  }
}
