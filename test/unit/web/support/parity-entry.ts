// Bundled by parity.test.ts the way dist/web/extension.js is (browser platform, src/web/node-shims/): the
// core's analysis and evaluator over an in-memory copy of a folder, as the browser build runs them.
import { analyzePaths, type AnalyzeOptions } from '../../../../src/core/analyze';
import { parseHcl } from '../../../../src/core/hcl/parser';
import { Configuration } from '../../../../src/core/model/config';
import { Scope } from '../../../../src/core/model/evaluator';
import { jsonEncodeText } from '../../../../src/core/model/functions/encoding';
import { ParseCache } from '../../../../src/core/model/loader';
import { marksOf, type Value } from '../../../../src/core/model/values';
import { MemoryReader, MemoryTree } from '../../../../src/web/memory-tree';
import { useMemoryTree } from '../../../../src/web/node-shims/fs';

/** Analyses `paths` over a tree holding exactly `files` (absolute POSIX path → bytes). */
export function analyzeInMemory(files: Record<string, Uint8Array>, paths: string[], options: Omit<AnalyzeOptions, 'reader'>) {
  const tree = new MemoryTree();
  for (const [path, bytes] of Object.entries(files)) tree.writeFile(path, bytes);
  useMemoryTree(tree);
  return analyzePaths(paths, { ...options, reader: new MemoryReader(tree) });
}

/** What the core makes of one expression in the module at `moduleDir` (files in memory): the function table's terms. */
export function evaluateInMemory(
  files: Record<string, Uint8Array>,
  moduleDir: string,
  expressions: string[],
): Array<{ result: 'known' | 'unknown' | 'sensitive'; json?: string }> {
  const tree = new MemoryTree();
  for (const [path, bytes] of Object.entries(files)) tree.writeFile(path, bytes);
  useMemoryTree(tree);
  const configuration = new Configuration(moduleDir, new MemoryReader(tree), new ParseCache());
  return expressions.map((text) => evaluateExpression(configuration, text));
}

/** The same judgement in whichever build runs it (the test calls the Node one directly). */
export function evaluateExpression(
  configuration: Configuration,
  text: string,
): { result: 'known' | 'unknown' | 'sensitive'; json?: string } {
  const file = parseHcl(`x = ${text}\n`, 'expression.tf');
  const item = file.body.items[0];
  if (file.errors.length > 0 || !item || item.kind !== 'attribute') return { result: 'unknown' };
  const value = configuration.evaluator.evaluate(item.expr, Scope.of(configuration.root));
  if (marksOf(value)?.sensitive) return { result: 'sensitive' };
  if (hasUnknown(value)) return { result: 'unknown' };
  return { result: 'known', json: jsonEncodeText(value) };
}

function hasUnknown(value: Value, depth = 0): boolean {
  if (value.kind === 'unknown' || value.kind === 'ref') return true;
  if (depth > 64) return false;
  if (value.kind === 'list') return value.items.some((i) => hasUnknown(i, depth + 1));
  if (value.kind === 'object') return [...value.entries.values()].some((v) => hasUnknown(v, depth + 1));
  if (value.kind === 'json') return hasUnknown(value.value, depth + 1);
  return false;
}
