/**
 * Loads and starts hcl2json's Go WebAssembly in the browser build (it replaces
 * src/core/hcl/hcl2json-start.ts there, with the same exports; scripts/build.mjs swaps them), so syntax
 * errors read as on the desktop: the same Go program, driven by the same src/core/hcl/hcl2json.ts.
 *
 * The web worker extension host is shared by every web extension, and Go's wasm_exec.js installs
 * `Go`, `fs` and `process` on the global object (a global `process` makes other extensions believe
 * they run in Node). So the runtime runs with a private global object (`privateGlobal`): the build wraps
 * wasm_exec.js in a function whose `globalThis`, `self`, `window` and `global` are that object, which
 * carries only what the runtime and the Go program read. The Go program's `js.Global()` is that object
 * too, so its parse function is registered there. Nothing is added to the worker's global object.
 *
 * The module (dist/main.wasm.gz) is read through `vscode.workspace.fs` by the loader the browser entry
 * installs (`configureHcl2jsonWasm`) and gunzipped with `DecompressionStream`; nothing is read before a
 * file has a syntax error.
 */
import runWasmExec from '@cdktf/hcl2json/wasm/wasm_exec.js';
import { runHcl2jsonProgram, type GoOutput, type GoProgram } from '../core/hcl/go-runtime';

/**
 * What the private global object takes from the real one: the checks and calls of wasm_exec.js
 * (crypto, performance, TextEncoder/TextDecoder, console, timers) and the constructors Go's
 * syscall/js reads through `js.Global()` (Object, Array, Uint8Array, Date, ...).
 */
export const SHARED_GLOBALS = [
  'Object',
  'Array',
  'ArrayBuffer',
  'DataView',
  'Uint8Array',
  'Int8Array',
  'Uint16Array',
  'Int16Array',
  'Uint32Array',
  'Int32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
  'String',
  'Number',
  'Boolean',
  'Symbol',
  'Date',
  'Error',
  'TypeError',
  'Promise',
  'JSON',
  'Math',
  'Reflect',
  'Function',
  'crypto',
  'performance',
  'TextEncoder',
  'TextDecoder',
  'console',
  'setTimeout',
  'clearTimeout',
  'WebAssembly',
] as const;

/**
 * A fresh private global object for one Go runtime: the SHARED_GLOBALS of `host` (bound where they are
 * functions of the host, such as `setTimeout`) and `global`, a reference to itself; nothing else.
 * wasm_exec.js adds its `fs` and `process` stand-ins and `Go` to it.
 */
export function privateGlobal(host: object = globalThis): Record<string, unknown> {
  const source = host as Record<string, unknown>;
  const scope: Record<string, unknown> = {};
  for (const name of SHARED_GLOBALS) {
    const value = source[name];
    if (value === undefined) continue;
    // Timers must be called on the global object they belong to; constructors and namespaces are taken as they are.
    scope[name] = typeof value === 'function' && (name === 'setTimeout' || name === 'clearTimeout') ? value.bind(host) : value;
  }
  // hcl2json's Go program finds its registry on `global` of its global object (Node's self-reference, absent in a web worker).
  scope.global = scope;
  return scope;
}

/** Reads the compressed module (the browser entry reads dist/main.wasm.gz through vscode.workspace.fs). */
export type WasmLoader = () => Promise<Uint8Array>;

let loader: WasmLoader | undefined;

/** Says where the compressed module comes from; until then hcl2json reports itself unavailable (and the parser's wording stays). */
export function configureHcl2jsonWasm(load: WasmLoader | undefined): void {
  loader = load;
}

/** Minimal shapes of the web APIs used (the project's `lib` setting has no DOM typings). */
interface WebStreams {
  Blob: new (parts: Uint8Array[]) => { stream(): unknown };
  Response: new (body: unknown) => { arrayBuffer(): Promise<ArrayBuffer> };
  DecompressionStream: new (format: 'gzip') => unknown;
}
/** Gunzips with the host's `DecompressionStream` (no zlib in a web worker). */
export async function gunzipInBrowser(compressed: Uint8Array): Promise<Uint8Array> {
  const web = globalThis as unknown as WebStreams;
  if (typeof web.DecompressionStream !== 'function') throw new Error('DecompressionStream is not available in this host');
  const stream = (new web.Blob([compressed]).stream() as { pipeThrough(transform: unknown): unknown }).pipeThrough(
    new web.DecompressionStream('gzip'),
  );
  return new Uint8Array(await new web.Response(stream).arrayBuffer());
}

/** The uncompressed WebAssembly module; rejects when no loader is configured or it fails. */
export async function loadHcl2jsonWasm(): Promise<Uint8Array> {
  if (!loader) throw new Error('no WebAssembly loader is configured in the browser build');
  return gunzipInBrowser(await loader());
}

/** Instantiates the module and runs the Go program, with its own private global object, until it has registered its parse function. */
export async function startGoProgram(bytes: Uint8Array, output: GoOutput): Promise<GoProgram> {
  const scope = privateGlobal();
  runWasmExec(scope, scope, scope, scope);
  // The runtime's own fs stand-in prints Go's stdout/stderr with console.log: keep it for the crash message instead.
  const goFs = scope.fs as { writeSync(fd: number, buffer: Uint8Array): number };
  const decoder = new TextDecoder();
  goFs.writeSync = (_fd, buffer) => {
    output(decoder.decode(buffer));
    return buffer.length;
  };
  return runHcl2jsonProgram(scope, bytes);
}
