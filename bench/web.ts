/**
 * Benchmark of the browser build (prints figures; asserts nothing):
 *  1. the size of dist/web/extension.js, plain and minified, raw and gzipped (what vscode.dev downloads);
 *  2. the core as bundled for the browser (src/web/node-shims/, files in a MemoryTree) against the Node
 *     build reading the disk, on every rule fixture, best of 3 rounds each, as a ratio. Both run in this
 *     Node process (the same V8 as Chromium's web worker), so the ratio is the cost of the stand-ins.
 *
 *   npx tsx bench/web.ts
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import * as esbuild from 'esbuild';
import { analyzePaths } from '../src/core/analyze';
import { caseOptions, listFixtureCases } from '../test/unit/rules/fixture-runner';

type WebEntry = typeof import('../test/unit/web/support/parity-entry');

const repo = path.resolve(__dirname, '..');

function filesUnder(dir: string): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) Object.assign(out, filesUnder(full));
    else if (entry.isFile()) out[full] = new Uint8Array(fs.readFileSync(full));
  }
  return out;
}

function best(rounds: number, run: () => void): number {
  let fastest = Infinity;
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    run();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}

async function main(): Promise<void> {
  const build = (await import(pathToFileURL(path.join(repo, 'scripts', 'build.mjs')).href)) as {
    buildWeb(options: { minify?: boolean; outDir: string }): Promise<{ bytes: number; gzipBytes: number }>;
    webBundleOptions(): esbuild.BuildOptions;
  };
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'private-ecr-bench-web-'));
  try {
    for (const minify of [false, true]) {
      const { bytes, gzipBytes } = await build.buildWeb({ minify, outDir: path.join(scratch, minify ? 'min' : 'plain') });
      console.log(
        `dist/web/extension.js${minify ? ' (minified, as packaged)' : ''}: ${(bytes / 1024).toFixed(1)} KiB, ${(gzipBytes / 1024).toFixed(1)} KiB gzipped`,
      );
    }
    const outfile = path.join(scratch, 'core.cjs');
    await esbuild.build({
      ...build.webBundleOptions(),
      entryPoints: [path.join(repo, 'test', 'unit', 'web', 'support', 'parity-entry.ts')],
      outfile,
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const web = require(outfile) as WebEntry;
    const cases = listFixtureCases().map((fixture) => ({
      dir: fixture.dir,
      options: caseOptions(fixture.dir),
      files: filesUnder(fixture.dir),
    }));
    const nodeMs = best(3, () => cases.forEach((c) => analyzePaths([c.dir], c.options)));
    const webMs = best(3, () => cases.forEach((c) => web.analyzeInMemory(c.files, [c.dir], c.options)));
    console.log(
      `${cases.length} rule fixtures: Node build reading the disk ${nodeMs.toFixed(0)} ms, browser-bundled core reading memory ${webMs.toFixed(0)} ms (ratio ${(webMs / nodeMs).toFixed(2)}, best of 3)`,
    );
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

void main();
