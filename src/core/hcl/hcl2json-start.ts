/**
 * Loads and starts hcl2json's Go WebAssembly in Node (the CLI and the editor's analysis worker):
 * the compressed module from `<this bundle's folder>/main.wasm.gz` or the installed package, and
 * the package's stock `wasm_exec.js` runtime, which installs `Go` (and, where absent, `fs` and
 * `process`) on the global object of this process or worker thread — which runs nothing else.
 *
 * The browser build replaces this module with src/web/hcl2json-start.ts (same exports), where the
 * global object is shared with other extensions and the runtime therefore gets a private one.
 */
import * as fs from 'fs';
import * as nodePath from 'path';
import * as zlib from 'zlib';
import { runHcl2jsonProgram, type GoOutput, type GoProgram } from './go-runtime';

/** The file name of the compressed WebAssembly module, as shipped in the package root. */
const WASM_FILE = 'main.wasm.gz';

/** Where the compressed wasm may be: next to this (bundled) module, then inside the installed package. */
export function hcl2jsonWasmCandidates(): string[] {
  const candidates = [nodePath.join(__dirname, WASM_FILE)];
  try {
    candidates.push(nodePath.join(nodePath.dirname(require.resolve('@cdktf/hcl2json/package.json')), WASM_FILE));
  } catch {
    // Not installed (a packaged extension): only the bundled copy can be used.
  }
  return candidates;
}

/** The uncompressed WebAssembly module; rejects when no copy is found. */
export async function loadHcl2jsonWasm(): Promise<Uint8Array> {
  const candidates = hcl2jsonWasmCandidates();
  const wasmPath = candidates.find((candidate) => fs.existsSync(candidate));
  if (!wasmPath) throw new Error(`${WASM_FILE} not found (looked in ${candidates.join(', ')})`);
  return zlib.gunzipSync(await fs.promises.readFile(wasmPath));
}

/** The output receiver of the `fs` installed on the global object (installed once; later programs write through it too). */
let globalOutput: GoOutput = () => undefined;

/**
 * The `fs` Go's runtime writes through: files as Node's, but its stdout and stderr (a panic's
 * goroutine dump, hundreds of lines) captured instead of printed over the checker's own output.
 */
function goFileSystem(): object {
  const capture = (buffer: Uint8Array) => globalOutput(Buffer.from(buffer).toString('utf8'));
  const wrapped: Record<string, unknown> = { ...fs };
  wrapped.writeSync = (fd: number, buffer: Uint8Array, ...rest: unknown[]) => {
    if (fd === 1 || fd === 2) {
      capture(buffer);
      return buffer.length;
    }
    return (fs.writeSync as (...args: unknown[]) => number)(fd, buffer, ...rest);
  };
  wrapped.write = (
    fd: number,
    buffer: Uint8Array,
    offset: number,
    length: number,
    position: unknown,
    callback: (error: unknown, written?: number) => void,
  ) => {
    if (fd === 1 || fd === 2) {
      capture(buffer.subarray(offset, offset + length));
      callback(null, length);
      return;
    }
    (fs.write as (...args: unknown[]) => void)(fd, buffer, offset, length, position, callback);
  };
  return wrapped;
}

/** Instantiates the module and runs the Go program until it has registered its parse function. */
export async function startGoProgram(bytes: Uint8Array, output: GoOutput): Promise<GoProgram> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Go's runtime glue reads and writes untyped globals
  const globals = globalThis as Record<string, any>;
  globalOutput = output;
  // Go's runtime writes panics through globalThis.fs: give it one that captures them (see goFileSystem).
  if (!globals.fs || !globals.__privateEcrGoFs) {
    globals.fs = goFileSystem();
    globals.__privateEcrGoFs = true;
  }
  // The stock Go runtime glue: defines globalThis.Go. A literal path, so esbuild bundles it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a side-effect script, bundled by esbuild
  require('@cdktf/hcl2json/wasm/wasm_exec.js');
  return runHcl2jsonProgram(globals, bytes);
}
