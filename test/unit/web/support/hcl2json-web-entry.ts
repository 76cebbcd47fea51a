// Bundled by hcl2json-web.test.ts with the browser build's options: hcl2json as dist/web/extension.js has it
// (src/core/hcl/hcl2json.ts driving src/web/hcl2json-start.ts, wasm_exec.js wrapped by the build).
export { hcl2jsonStarts, parseWithHcl2json } from '../../../../src/core/hcl/hcl2json';
export { addTerraformSyntaxMessages } from '../../../../src/core/hcl/terraform-messages';
export { configureHcl2jsonWasm, gunzipInBrowser, privateGlobal, SHARED_GLOBALS } from '../../../../src/web/hcl2json-start';
