/**
 * The shapes of Go's WebAssembly runtime (`wasm_exec.js`) and of the hcl2json program that
 * src/core/hcl/hcl2json.ts drives, shared with the starters that load it: Node's
 * (src/core/hcl/hcl2json-start.ts) and the browser build's (src/web/hcl2json-start.ts).
 */

/** Go's runtime, as `new Go()` makes it. */
export interface GoRuntime {
  importObject: object;
  exited: boolean;
  exit: (code: number) => void;
  run(instance: object): Promise<void>;
}

/** hcl2json's parse function, registered by the Go program on `__parse_terraform_config_wasm__`. */
export type Hcl2jsonParse = (filename: string, contents: string, callback: (error: unknown, result: unknown) => void) => unknown;

/** A started Go program. */
export interface GoProgram {
  go: GoRuntime;
  parse: Hcl2jsonParse;
}

/** Receives what the Go program writes to stdout/stderr (a panic's trace), instead of the console. */
export type GoOutput = (text: string) => void;

/** Minimal shape of the WebAssembly API: the project's `lib` setting has no DOM/wasm typings. */
interface WasmApi {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: object }>;
}

/**
 * Runs hcl2json's Go program on the global object `scope` once `wasm_exec.js` has put `Go` on it (the
 * real global object on Node, a private one in the browser), and returns its registered parse function.
 */
export async function runHcl2jsonProgram(scope: Record<string, unknown>, bytes: Uint8Array): Promise<GoProgram> {
  const GoConstructor = scope.Go as new () => GoRuntime;
  const go = new GoConstructor();
  // The stock runtime prints "exit code: N" with console.warn when the program dies; the crash is reported as a result instead.
  go.exit = () => undefined;
  const { instance } = await (scope.WebAssembly as WasmApi).instantiate(bytes, go.importObject);
  // The Go program registers its functions on this object of the global object while `run` starts it.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- filled by the Go program with functions of its own shape
  const registry: Record<string, any> = {};
  scope.__parse_terraform_config_wasm__ = registry;
  void go.run(instance).catch(() => undefined);
  if (typeof registry.parse !== 'function') throw new Error('the hcl2json WebAssembly module did not register its parse function');
  return { go, parse: registry.parse };
}
