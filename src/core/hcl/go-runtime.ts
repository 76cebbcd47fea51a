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
