/**
 * Go's WebAssembly runtime as the browser build sees it: scripts/build.mjs (plugin `web-hcl2json`) wraps
 * the package's wasm_exec.js in a function whose `globalThis`, `self`, `window` and `global` are its
 * parameters, so the runtime installs `Go`, `fs` and `process` on the object it is given.
 * Only src/web/hcl2json-start.ts imports it, and only in the browser build.
 */
declare module '@cdktf/hcl2json/wasm/wasm_exec.js' {
  export default function runWasmExec(globalThis: object, self: object, window: object, global: object): void;
}
