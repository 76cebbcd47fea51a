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
 * installed package's own copy. Loading and starting it is ./hcl2json-start.ts (Node); the browser
 * build replaces that one module (src/web/hcl2json-start.ts), so everything here serves both.
 */
import type { GoProgram } from './go-runtime';
import { loadHcl2jsonWasm, startGoProgram } from './hcl2json-start';

/**
 * hcl2json's JSON for a file, or its first error with a 1-based line and column when it gives one.
 * `stage` says what failed: HCL syntax (`parse`), the conversion of a valid file to JSON
 * (`convert`, e.g. `!1` or a block used both with and without labels), the wasm itself (`load`),
 * the Go program dying or overflowing its stack (`crash`), no answer within the time limit
 * (`timeout`), or an input not given to it because it is over the size or nesting limit (`skipped`).
 */
export type Hcl2jsonResult =
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- hcl2json's output has no schema; callers read it defensively
  | { ok: true; json: any }
  | { ok: false; message: string; line?: number; column?: number; stage: 'parse' | 'convert' | 'load' | 'crash' | 'timeout' | 'skipped' };

/** The file name of the compressed WebAssembly module, as shipped in the package root. */
export const HCL2JSON_WASM_FILE = 'main.wasm.gz';

/** Larger inputs are not given to hcl2json (it reads well under 1 MB/s). */
export const MAX_REFERENCE_BYTES = 512 * 1024;
/**
 * Inputs with brackets or blocks nested deeper than this are not given to hcl2json: its recursion
 * overflows the WebAssembly stack at a few thousand levels and leaves the Go runtime dead or hung
 * (a later call never answers). Real configurations nest a few levels.
 */
export const MAX_REFERENCE_DEPTH = 100;
/** One call may take this long before it is abandoned and the Go program replaced. */
export const REFERENCE_TIMEOUT_MS = 10_000;

/** Limits of one call (the defaults above; tests lift them to provoke the failures they guard against). */
export interface Hcl2jsonLimits {
  maxBytes: number;
  maxDepth: number;
  timeoutMs: number;
}

/** Parses `text` with HashiCorp's HCL parser and converts it to JSON; never rejects and always settles. */
export async function parseWithHcl2json(path: string, text: string, limits: Partial<Hcl2jsonLimits> = {}): Promise<Hcl2jsonResult> {
  const { maxBytes = MAX_REFERENCE_BYTES, maxDepth = MAX_REFERENCE_DEPTH, timeoutMs = REFERENCE_TIMEOUT_MS } = limits;
  if (text.length > maxBytes) {
    return { ok: false, message: `not checked by hcl2json: larger than ${Math.round(maxBytes / 1024)} KB`, stage: 'skipped' };
  }
  const depth = bracketDepth(text, maxDepth);
  if (depth > maxDepth) {
    return { ok: false, message: `not checked by hcl2json: nested more than ${maxDepth} levels deep`, stage: 'skipped' };
  }
  let bridge: GoBridge;
  try {
    bridge = await getBridge();
  } catch (error) {
    return { ok: false, message: `hcl2json is not available: ${errorMessage(error)}`, stage: 'load' };
  }
  let output: string;
  try {
    output = await withTimeout(callParse(bridge, path, text), timeoutMs);
  } catch (error) {
    if (error instanceof TimedOut) {
      retire(bridge);
      return { ok: false, message: `hcl2json did not answer within ${timeoutMs / 1000} s`, stage: 'timeout' };
    }
    if (bridge.go.exited || !(error instanceof GoError)) {
      // The Go program died (a panic), or JavaScript threw inside it (a stack overflow): its state
      // cannot be trusted any more, so start a fresh one next time.
      retire(bridge);
      const said = bridge.output.trim().split('\n')[0];
      return { ok: false, message: `hcl2json crashed: ${errorMessage(error)}${said ? ` (${said})` : ''}`, stage: 'crash' };
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

/**
 * The deepest nesting of brackets and braces in `text` (strings and comments included: an
 * over-estimate is fine, the answer only decides whether hcl2json is asked). Stops counting past `cap`.
 */
export function bracketDepth(text: string, cap: number): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 123 || c === 91 || c === 40) {
      if (++depth > max) {
        max = depth;
        if (max > cap) return max;
      }
    } else if ((c === 125 || c === 93 || c === 41) && depth > 0) {
      depth--;
    }
  }
  return max;
}

/** An error the Go program reported through its callback (a parse or conversion error), as opposed to one thrown inside it. */
class GoError extends Error {}

class TimedOut extends Error {}

/** Rejects with TimedOut after `ms`; the timer keeps the process alive, so a Go program that never answers cannot end the run silently. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new TimedOut()), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** Drops a Go program that crashed or hung; the next call starts a fresh one. */
function retire(bridge: GoBridge): void {
  if (currentBridge === bridge) {
    bridgePromise = undefined;
    currentBridge = undefined;
  }
}

// ---------------------------------------------------------------- the Go program

interface GoBridge extends GoProgram {
  /** What the Go program wrote to stdout/stderr (a panic's trace), kept short; never printed by us. */
  output: string;
}

/** Go's output is kept for the crash message, up to this many characters. */
const MAX_GO_OUTPUT = 4096;

/** The bridge whose Go program is writing (Go's runtime may write through one shared `fs`). */
let writingBridge: GoBridge | undefined;

/** Keeps what the Go program writes (a panic's goroutine dump, hundreds of lines) for the crash message instead of printing it. */
function captureGoOutput(text: string): void {
  const bridge = writingBridge;
  if (bridge && bridge.output.length < MAX_GO_OUTPUT) bridge.output += text.slice(0, MAX_GO_OUTPUT - bridge.output.length);
}

let bridgePromise: Promise<GoBridge> | undefined;
let currentBridge: GoBridge | undefined;
/** How many times this process (or worker thread) instantiated the WebAssembly module. */
let wasmStarts = 0;

/**
 * How many times the hcl2json WebAssembly module was instantiated in this process or worker thread:
 * 0 until a syntax error needs Terraform's wording, then 1 — a new start only replaces a Go program
 * that crashed or hung. Tests count it; the editor's worker reports it.
 */
export function hcl2jsonStarts(): number {
  return wasmStarts;
}

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

async function startBridge(): Promise<GoBridge> {
  const bytes = await loadHcl2jsonWasm();
  wasmStarts++;
  const program = await startGoProgram(bytes, captureGoOutput);
  const bridge: GoBridge = { ...program, output: '' };
  currentBridge = bridge;
  return bridge;
}

function callParse(bridge: GoBridge, filename: string, contents: string): Promise<string> {
  return new Promise((resolve, reject) => {
    writingBridge = bridge;
    try {
      bridge.parse(filename, contents, (error, result) => {
        if (error) reject(new GoError(String(error)));
        else resolve(String(result));
      });
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
