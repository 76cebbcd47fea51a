/**
 * Proof that a parser change keeps its output: prints one line per file — the path and a SHA-256 of the
 * parser's output for it (the syntax tree with every range resolved to line, column and offset, the
 * comments and the diagnostics) — for every .tf, .tofu and .tf.json under the given folders (the
 * repository when none is given). Run it before and after a change and `diff` the two outputs: no line
 * may differ. `--dump <file>` prints one file's resolved output instead, to see what a difference is.
 *
 *   npx tsx scripts/parser-snapshot.ts [folder...] > before.txt
 *   npx tsx scripts/parser-snapshot.ts --dump path/to/file.tf
 *
 * The output is normalised so that it does not depend on how ranges are stored: a range (any object with
 * `start` and `end` positions, plain or computed on read) is written as its two resolved positions, and
 * object keys are sorted, so a tree with compact ranges and one with plain ranges print the same.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { HclFile } from '../src/core/hcl/ast';
import { parseTerraformJson } from '../src/core/hcl/json-config';
import { parseHcl } from '../src/core/hcl/parser';

const repo = path.resolve(__dirname, '..');
const SKIP = new Set(['node_modules', '.git', 'dist', '.tmp', '.vscode-test', 'out']);
/** Keys that may be getters (computed on read) rather than own fields; they are read explicitly. */
const RANGE_KEYS = ['range', 'nameRange', 'typeRange', 'labelRanges', 'openBraceRange', 'closeBraceRange'];

function files(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) files(child, out);
    else if (entry.isFile() && /\.(tf|tofu|tf\.json)$/.test(entry.name)) out.push(child);
  }
  return out;
}

function parse(file: string): HclFile {
  const text = fs.readFileSync(file, 'utf8');
  return file.endsWith('.json') ? parseTerraformJson(text, file) : parseHcl(text, file);
}

function position(p: { line: number; character: number; offset: number }): unknown {
  return [p.line, p.character, p.offset];
}

/** A plain, key-sorted copy of `value` with every range resolved. */
function normalise(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(normalise);
  const object = value as Record<string, unknown>;
  const start = object.start as { line?: unknown } | undefined;
  const end = object.end as { line?: unknown } | undefined;
  if (start && end && typeof start.line === 'number' && typeof end.line === 'number') {
    return { start: position(object.start as never), end: position(object.end as never) };
  }
  const keys = new Set(Object.keys(object));
  for (const key of RANGE_KEYS) if (object[key] !== undefined) keys.add(key);
  const out: Record<string, unknown> = {};
  for (const key of [...keys].sort()) if (object[key] !== undefined) out[key] = normalise(object[key]);
  return out;
}

function output(file: string): string {
  const parsed = parse(file);
  return JSON.stringify(normalise({ body: parsed.body, comments: parsed.comments, errors: parsed.errors }));
}

function main(): void {
  const args = process.argv.slice(2);
  const dump = args.indexOf('--dump');
  if (dump >= 0) {
    process.stdout.write(JSON.stringify(JSON.parse(output(args[dump + 1])), null, 1) + '\n');
    return;
  }
  const roots = args.length > 0 ? args.map((a) => path.resolve(a)) : [repo];
  const lines: string[] = [];
  for (const root of roots) {
    for (const file of files(root).sort()) {
      const digest = createHash('sha256').update(output(file)).digest('hex').slice(0, 32);
      lines.push(`${path.relative(process.cwd(), file)}\t${digest}`);
    }
  }
  process.stdout.write(lines.join('\n') + '\n');
  process.stderr.write(`${lines.length} files\n`);
}

main();
