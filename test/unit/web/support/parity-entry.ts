// Bundled by parity.test.ts the way dist/web/extension.js is (browser platform, src/web/node-shims/): the
// core's analysis over an in-memory copy of a folder, as the browser build runs it.
import { analyzePaths, type AnalyzeOptions } from '../../../../src/core/analyze';
import { MemoryReader, MemoryTree } from '../../../../src/web/memory-tree';
import { useMemoryTree } from '../../../../src/web/node-shims/fs';

/** Analyses `paths` over a tree holding exactly `files` (absolute POSIX path → bytes). */
export function analyzeInMemory(files: Record<string, Uint8Array>, paths: string[], options: Omit<AnalyzeOptions, 'reader'>) {
  const tree = new MemoryTree();
  for (const [path, bytes] of Object.entries(files)) tree.writeFile(path, bytes);
  useMemoryTree(tree);
  return analyzePaths(paths, { ...options, reader: new MemoryReader(tree) });
}
