/**
 * Parser throughput on generated, realistic Terraform (~1 MB and ~10 MB): our parser,
 * HashiCorp's parser through @cdktf/hcl2json (Go → WebAssembly), and, when TREE_SITTER_DIR
 * points at a folder with web-tree-sitter@0.25.10 and @tree-sitter-grammars/tree-sitter-hcl@1.2.0
 * installed, tree-sitter's HCL grammar.
 *
 *   npx tsx bench/parser.ts
 *   TREE_SITTER_DIR=/tmp/ts-bench npx tsx bench/parser.ts
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseHcl } from '../src/core/hcl/parser';
import { parseWithHcl2json } from '../src/core/hcl/hcl2json';
import { generateTerraform } from './parsers/generate-terraform';

interface Measurement {
  parser: string;
  size: string;
  megabytesPerSecond: number;
  millis: number;
  note: string;
}

const MEGABYTE = 1024 * 1024;

/** Runs `run` until at least `minMillis` have passed (and at least `minRuns` times); returns the best time. */
async function bestTime(run: () => unknown, minRuns: number, minMillis: number): Promise<number> {
  let best = Infinity;
  const started = performance.now();
  for (let i = 0; i < minRuns || performance.now() - started < minMillis; i++) {
    const t0 = performance.now();
    await run();
    const elapsed = performance.now() - t0;
    if (elapsed < best) best = elapsed;
    if (i > 50) break;
  }
  return best;
}

function record(results: Measurement[], parser: string, text: string, millis: number, note = ''): void {
  const bytes = Buffer.byteLength(text, 'utf8');
  results.push({ parser, size: `${(bytes / MEGABYTE).toFixed(1)} MB`, megabytesPerSecond: bytes / MEGABYTE / (millis / 1000), millis, note });
}

/** tree-sitter's HCL grammar, loaded from a scratch install (never a project dependency). */
async function loadTreeSitter(dir: string): Promise<((text: string) => unknown) | string> {
  // The CommonJS build, by file path: the package's "exports" map does not apply to absolute requires.
  const modulePath = path.join(dir, 'node_modules', 'web-tree-sitter', 'tree-sitter.cjs');
  const grammarPath = path.join(dir, 'node_modules', '@tree-sitter-grammars', 'tree-sitter-hcl', 'tree-sitter-hcl.wasm');
  if (!fs.existsSync(modulePath) || !fs.existsSync(grammarPath)) return `web-tree-sitter or tree-sitter-hcl.wasm not found under ${dir}`;
  // eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any -- an optional package found at run time
  const treeSitter = require(modulePath) as any;
  await treeSitter.Parser.init();
  const language = await treeSitter.Language.load(grammarPath);
  const parser = new treeSitter.Parser();
  parser.setLanguage(language);
  return (text: string) => {
    const tree = parser.parse(text);
    const errors = tree.rootNode.hasError;
    tree.delete();
    return errors;
  };
}

async function main(): Promise<void> {
  const inputs = [
    { label: '1 MB', text: generateTerraform(1 * MEGABYTE) },
    { label: '10 MB', text: generateTerraform(10 * MEGABYTE) },
  ];
  const results: Measurement[] = [];

  for (const { text } of inputs) {
    const file = parseHcl(text, 'bench.tf');
    if (file.errors.length > 0) throw new Error(`generated text has syntax errors: ${file.errors[0].message}`);
    const millis = await bestTime(() => parseHcl(text, 'bench.tf'), 3, 3000);
    record(results, 'ours (src/core/hcl/parser.ts)', text, millis, `${file.body.items.length} top-level items`);
  }

  await parseWithHcl2json('warmup.tf', 'a = 1\n');
  for (const { text } of inputs) {
    const probe = await parseWithHcl2json('bench.tf', text);
    if (!probe.ok) throw new Error(`hcl2json failed on the generated text: ${probe.message}`);
    const millis = await bestTime(() => parseWithHcl2json('bench.tf', text), 2, 2000);
    record(results, '@cdktf/hcl2json (Go/wasm, incl. JSON)', text, millis, 'parse + convert + JSON.parse');
  }

  const treeSitterDir = process.env.TREE_SITTER_DIR;
  if (!treeSitterDir) {
    console.log('tree-sitter: skipped (set TREE_SITTER_DIR to a folder with web-tree-sitter@0.25.10 and @tree-sitter-grammars/tree-sitter-hcl@1.2.0)');
  } else {
    const treeSitter = await loadTreeSitter(treeSitterDir);
    if (typeof treeSitter === 'string') {
      console.log(`tree-sitter: skipped (${treeSitter})`);
    } else {
      for (const { text } of inputs) {
        const hasErrors = treeSitter(text);
        const millis = await bestTime(() => treeSitter(text), 2, 2000);
        record(results, 'tree-sitter-hcl 1.2.0 (web-tree-sitter 0.25.10)', text, millis, hasErrors ? 'tree has ERROR nodes' : 'tree only, no AST');
      }
    }
  }

  // The figures are wall-clock best-of-N; a busy machine (load average above the core count) lowers all of them.
  const load = os.loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(`node ${process.version}, ${os.cpus().length} cores, load average ${load}; ${inputs.map((i) => `${i.label}: ${i.text.length} chars`).join(', ')}`);
  console.table(results.map((r) => ({ parser: r.parser, size: r.size, 'MB/s': Number(r.megabytesPerSecond.toFixed(1)), ms: Math.round(r.millis), note: r.note })));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
