/**
 * HashiCorp's own HCL parser (Go, compiled to WebAssembly, shipped by `@cdktf/hcl2json`).
 * This is the only module that touches that package. It is the reference our parser is
 * checked against, and a second opinion the CLI can ask for.
 *
 * The package's own JS loader reads `main.wasm.gz` from `<its __dirname>/../main.wasm.gz`,
 * starts loading at import time, and on a missing file leaves an unhandled rejection plus a
 * polling loop that never ends. Inside an esbuild bundle its `__dirname` is the bundle's folder,
 * so it would look one folder above `dist/`. We therefore start the Go program ourselves with
 * the package's stock `wasm_exec.js` runtime, lazily, from a wasm file we locate:
 * `<this bundle's folder>/main.wasm.gz` first (copy it into `dist/` when bundling), then the
 * installed package's own copy.
 */
import * as fs from 'fs';
import * as nodePath from 'path';
import * as zlib from 'zlib';

/**
 * hcl2json's JSON for a file, or its first error with a 1-based line and column when it gives one.
 * `stage` says what failed: HCL syntax (`parse`), the conversion of a valid file to JSON
 * (`convert`, e.g. `!1` or a block used both with and without labels), or the wasm itself (`load`).
 */
export type Hcl2jsonResult =
  | { ok: true; json: any }
  | { ok: false; message: string; line?: number; column?: number; stage: 'parse' | 'convert' | 'load' };

/** The file name of the compressed WebAssembly module, as shipped in the package root. */
export const HCL2JSON_WASM_FILE = 'main.wasm.gz';

/** Parses `text` with HashiCorp's HCL parser and converts it to JSON; never rejects. */
export async function parseWithHcl2json(path: string, text: string): Promise<Hcl2jsonResult> {
  let bridge: GoBridge;
  try {
    bridge = await getBridge();
  } catch (error) {
    return { ok: false, message: `hcl2json is not available: ${errorMessage(error)}`, stage: 'load' };
  }
  let output: string;
  try {
    output = await callParse(bridge, path, text);
  } catch (error) {
    if (bridge.go.exited) {
      // The Go program died (a panic); start a fresh one next time.
      if (bridgePromise && currentBridge === bridge) bridgePromise = undefined;
      return { ok: false, message: `hcl2json crashed: ${errorMessage(error)}`, stage: 'load' };
    }
    const raw = errorMessage(error);
    return { ok: false, ...parseHcl2jsonError(raw, path), stage: raw.startsWith('parse config:') ? 'parse' : 'convert' };
  }
  try {
    return { ok: true, json: JSON.parse(output) };
  } catch (error) {
    return { ok: false, message: `hcl2json returned invalid JSON: ${errorMessage(error)}`, stage: 'convert' };
  }
}

/**
 * Turns hcl2json's error text, such as
 * `parse config: [a.tf:2,6-3,1: Invalid expression; Expected the start of an expression ...]`,
 * into the first diagnostic's message (`Invalid expression: Expected ...`) and its 1-based start.
 */
export function parseHcl2jsonError(raw: string, filename: string): { message: string; line?: number; column?: number } {
  let text = raw.trim();
  const parsePrefix = 'parse config: [';
  if (text.startsWith(parsePrefix)) {
    text = text.slice(parsePrefix.length);
    if (text.endsWith(']')) text = text.slice(0, -1);
  }
  // Conversion errors come wrapped in "convert to HCL: convert file: ...: " prefixes.
  text = text.replace(/^(?:convert[^:]*: )+/, '');
  const marker = `${filename}:`;
  const at = text.indexOf(marker);
  if (at >= 0) {
    const located = /^(\d+),(\d+)(?:-\d+(?:,\d+)?)?: /.exec(text.slice(at + marker.length));
    if (located) {
      let rest = text.slice(at + marker.length + located[0].length);
      // Several diagnostics are joined with spaces; keep the first.
      const next = findNextDiagnostic(rest, marker);
      if (next >= 0) rest = rest.slice(0, next);
      return { message: cleanSummary(rest), line: Number(located[1]), column: Number(located[2]) };
    }
  }
  return { message: cleanSummary(text) };
}

function findNextDiagnostic(text: string, marker: string): number {
  let from = 0;
  for (;;) {
    const i = text.indexOf(` ${marker}`, from);
    if (i < 0) return -1;
    if (/^\d+,\d+/.test(text.slice(i + 1 + marker.length))) return i;
    from = i + 1;
  }
}

/** HCL renders a diagnostic as `Summary; Detail.`; we show `Summary: Detail.`. */
function cleanSummary(text: string): string {
  const trimmed = text.trim();
  const separator = trimmed.indexOf('; ');
  return separator > 0 ? `${trimmed.slice(0, separator)}: ${trimmed.slice(separator + 2)}` : trimmed;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ---------------------------------------------------------------- the Go program

// Minimal shapes of the WebAssembly API and Go's runtime: the project's `lib` setting has no DOM/wasm typings.
type WasmInstance = object;
interface WasmApi {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: WasmInstance }>;
}

interface GoRuntime {
  importObject: object;
  exited: boolean;
  run(instance: WasmInstance): Promise<void>;
}

interface GoBridge {
  go: GoRuntime;
  parse: (filename: string, contents: string, callback: (error: unknown, result: unknown) => void) => unknown;
}

let bridgePromise: Promise<GoBridge> | undefined;
let currentBridge: GoBridge | undefined;

function getBridge(): Promise<GoBridge> {
  if (!bridgePromise) {
    const started = startBridge();
    bridgePromise = started;
    // A failed start is retried on the next call (the wasm file may appear later).
    started.catch(() => {
      if (bridgePromise === started) bridgePromise = undefined;
    });
  }
  return bridgePromise;
}

/** Where the compressed wasm may be: next to this (bundled) module, then inside the installed package. */
export function hcl2jsonWasmCandidates(): string[] {
  const candidates = [nodePath.join(__dirname, HCL2JSON_WASM_FILE)];
  try {
    candidates.push(nodePath.join(nodePath.dirname(require.resolve('@cdktf/hcl2json/package.json')), HCL2JSON_WASM_FILE));
  } catch {
    // Not installed (a packaged extension): only the bundled copy can be used.
  }
  return candidates;
}

async function startBridge(): Promise<GoBridge> {
  const candidates = hcl2jsonWasmCandidates();
  const wasmPath = candidates.find((candidate) => fs.existsSync(candidate));
  if (!wasmPath) throw new Error(`${HCL2JSON_WASM_FILE} not found (looked in ${candidates.join(', ')})`);
  const globals = globalThis as Record<string, any>;
  // Go's runtime writes panics through globalThis.fs; the real module sends them to stderr, not stdout.
  if (!globals.fs) globals.fs = fs;
  // The stock Go runtime glue: defines globalThis.Go. A literal path, so esbuild bundles it.
  require('@cdktf/hcl2json/wasm/wasm_exec.js');
  const GoConstructor = globals.Go as new () => GoRuntime;
  const go = new GoConstructor();
  const bytes = zlib.gunzipSync(await fs.promises.readFile(wasmPath));
  const { instance } = await (globals.WebAssembly as WasmApi).instantiate(bytes, go.importObject);
  // The Go program registers its functions on this global object while `run` starts it.
  const registry: Record<string, any> = {};
  globals.__parse_terraform_config_wasm__ = registry;
  void go.run(instance).catch(() => undefined);
  if (typeof registry.parse !== 'function') throw new Error('the hcl2json WebAssembly module did not register its parse function');
  const bridge: GoBridge = { go, parse: registry.parse };
  currentBridge = bridge;
  return bridge;
}

function callParse(bridge: GoBridge, filename: string, contents: string): Promise<string> {
  return new Promise((resolve, reject) => {
    try {
      bridge.parse(filename, contents, (error, result) => {
        if (error) reject(new Error(String(error)));
        else resolve(String(result));
      });
    } catch (error) {
      reject(error);
    }
  });
}
