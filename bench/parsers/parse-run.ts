/**
 * One measured process of bench/parser.ts (bundled by it and run fresh each time): parses a corpus
 * `1 + passes` times, the first pass being the warm-up, and prints one JSON line with the time and the
 * garbage-collection time of every pass, in wall-clock and in CPU time (all of the process's threads: the
 * collector's helpers too). The trees of a pass are kept until the pass ends (as an
 * analysis keeps them), so the cost of collecting them is part of the figure.
 *
 *   node parse-run.js <corpus.json | folder of .tf files> <ours|hcl2json|tree-sitter> <passes> [tree-sitter folder]
 *
 * corpus.json: `{ "files": [{ "path": "...", "text": "..." }] }`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PerformanceObserver, performance } from 'perf_hooks';
import { parseHcl } from '../../src/core/hcl/parser';
import { parseWithHcl2json } from '../../src/core/hcl/hcl2json';

interface CorpusFile {
  path: string;
  text: string;
}

type Parse = (file: CorpusFile) => unknown;

const NO_LIMITS = { maxBytes: Number.MAX_SAFE_INTEGER, maxDepth: 1_000_000, timeoutMs: 3_600_000 };

/** tree-sitter's HCL grammar from a scratch install (never a project dependency). */
async function treeSitterParser(dir: string): Promise<Parse> {
  const modulePath = path.join(dir, 'node_modules', 'web-tree-sitter', 'tree-sitter.cjs');
  const grammarPath = path.join(dir, 'node_modules', '@tree-sitter-grammars', 'tree-sitter-hcl', 'tree-sitter-hcl.wasm');
  if (!fs.existsSync(modulePath) || !fs.existsSync(grammarPath))
    throw new Error(`web-tree-sitter or tree-sitter-hcl.wasm not found under ${dir}`);
  // A run-time path: the bundler must leave it alone.
  const load = eval('require') as NodeRequire;
  const treeSitter = load(modulePath);
  await treeSitter.Parser.init();
  const language = await treeSitter.Language.load(grammarPath);
  const parser = new treeSitter.Parser();
  parser.setLanguage(language);
  return (file) => {
    const tree = parser.parse(file.text);
    const errors = tree.rootNode.hasError;
    tree.delete();
    return errors;
  };
}

async function main(): Promise<void> {
  const [corpusFile, which, passesArg, treeSitterDir] = process.argv.slice(2);
  // A folder: its files are read (once, inside the process's cost); a JSON file: the corpus as written.
  const files: CorpusFile[] = fs.statSync(corpusFile).isDirectory()
    ? fs
        .readdirSync(corpusFile)
        .sort()
        .map((name) => ({ path: name, text: fs.readFileSync(path.join(corpusFile, name), 'utf8') }))
    : (JSON.parse(fs.readFileSync(corpusFile, 'utf8')) as { files: CorpusFile[] }).files;
  const passes = Number(passesArg);
  let parse: Parse;
  let isAsync = false;
  if (which === 'ours') parse = (f) => parseHcl(f.text, f.path);
  else if (which === 'hcl2json') {
    parse = (f) => parseWithHcl2json(f.path, f.text, NO_LIMITS);
    isAsync = true;
    // The WebAssembly start belongs to no pass.
    await parseWithHcl2json('warmup.tf', 'a = 1\n', NO_LIMITS);
  } else if (which === 'tree-sitter') parse = await treeSitterParser(treeSitterDir);
  else throw new Error(`unknown parser ${which}`);

  const gc: Array<{ start: number; duration: number }> = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gc.push({ start: entry.startTime, duration: entry.duration });
  });
  observer.observe({ entryTypes: ['gc'] });

  const spans: Array<{ start: number; end: number }> = [];
  const cpuMs: number[] = [];
  let failures = 0;
  for (let pass = 0; pass <= passes; pass++) {
    const kept: unknown[] = [];
    const cpu = process.cpuUsage();
    const start = performance.now();
    for (const file of files) {
      const result = isAsync ? await (parse(file) as Promise<{ ok: boolean }>) : parse(file);
      if (isAsync && !(result as { ok: boolean }).ok) failures++;
      kept.push(result);
    }
    spans.push({ start, end: performance.now() });
    const used = process.cpuUsage(cpu);
    cpuMs.push((used.user + used.system) / 1000);
    kept.length = 0;
  }
  // Observer entries arrive asynchronously.
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();
  const gcIn = (span: { start: number; end: number }) =>
    gc.filter((g) => g.start >= span.start && g.start < span.end).reduce((sum, g) => sum + g.duration, 0);
  process.stdout.write(
    JSON.stringify({
      passMs: spans.map((s) => s.end - s.start),
      cpuMs,
      gcMs: spans.map(gcIn),
      failures: failures / (passes + 1),
      heapUsedMb: process.memoryUsage().heapUsed / 1048576,
    }) + '\n',
  );
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
