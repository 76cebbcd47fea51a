// hcl2json in the browser build: the same Go program and the same wording as in Node, started once, and
// nothing added to the global object that every web extension of the host shares.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { analyzePaths } from '../../../src/core/analyze';
import type { Finding } from '../../../src/core/findings';
import { parseWithHcl2json } from '../../../src/core/hcl/hcl2json';
import { addTerraformSyntaxMessages } from '../../../src/core/hcl/terraform-messages';
import { SYNTAX_ERROR_FILE, SYNTAX_ERROR_MESSAGE, SYNTAX_ERROR_TEXT } from '../../integration/suites/web/syntax-wording';

interface WebHcl2json {
  parseWithHcl2json: typeof parseWithHcl2json;
  addTerraformSyntaxMessages: typeof addTerraformSyntaxMessages;
  hcl2jsonStarts(): number;
  configureHcl2jsonWasm(load: (() => Promise<Uint8Array>) | undefined): void;
  privateGlobal(host?: object): Record<string, unknown>;
  SHARED_GLOBALS: readonly string[];
  gunzipInBrowser(compressed: Uint8Array): Promise<Uint8Array>;
}

const repoRoot = path.join(__dirname, '..', '..', '..');
const wasmFile = path.join(path.dirname(require.resolve('@cdktf/hcl2json/package.json')), 'main.wasm.gz');

/** Everything the global object has, names and symbols, with whether each is the same value. */
const globalsNow = () => new Map(Reflect.ownKeys(globalThis).map((key) => [key, (globalThis as Record<PropertyKey, unknown>)[key]]));

const BROKEN: Array<[string, string]> = [
  ['broken.tf', 'x =\ny = 1\n'],
  ['unclosed.tf', 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n'],
  ['dir/bad char.tf', 'locals {\n  a = 1 ^ 2\n}\n'],
];

const syntaxFinding = (file: string): Finding =>
  ({
    ruleId: 'hcl-syntax',
    severity: 'error',
    file,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
    message: 'Syntax error (this checker).',
    resource: null,
  }) as unknown as Finding;

describe('web bundle: hcl2json in the browser build', function () {
  this.timeout(120_000);
  let web: WebHcl2json;
  let outDir: string;
  let inputs: string[];
  before(async () => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'private-ecr-web-hcl2json-'));
    const build = (await import(pathToFileURL(path.join(repoRoot, 'scripts', 'build.mjs')).href)) as {
      webBundleOptions(): esbuild.BuildOptions;
    };
    const outfile = path.join(outDir, 'hcl2json-web.cjs');
    const result = await esbuild.build({
      ...build.webBundleOptions(),
      entryPoints: [path.join(__dirname, 'support', 'hcl2json-web-entry.ts')],
      outfile,
      metafile: true,
    });
    inputs = Object.keys(result.metafile.inputs).map((input) => input.split(path.sep).join('/'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle is CommonJS, built just above
    web = require(outfile) as WebHcl2json;
  });
  after(() => {
    web?.configureHcl2jsonWasm(undefined);
    fs.rmSync(outDir, { recursive: true, force: true });
  });

  it("bundles the browser starter and Go's runtime, not the Node starter nor hcl2json's Node loader", () => {
    assert.ok(inputs.includes('src/web/hcl2json-start.ts'), inputs.join('\n'));
    assert.ok(
      inputs.some((input) => input.endsWith('node_modules/@cdktf/hcl2json/wasm/wasm_exec.js')),
      inputs.join('\n'),
    );
    assert.ok(!inputs.includes('src/core/hcl/hcl2json-start.ts'), 'the Node starter is in the bundle');
    assert.ok(!inputs.some((input) => /node_modules\/@cdktf\/hcl2json\/lib\//.test(input)), 'the Node loader is in the bundle');
  });

  it('says hcl2json is unavailable while no loader is configured, and starts nothing', async () => {
    const result = await web.parseWithHcl2json('broken.tf', 'x =\n');
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.stage, 'load');
    assert.match(!result.ok ? result.message : '', /no WebAssembly loader is configured/);
    assert.equal(web.hcl2jsonStarts(), 0);
  });

  it('words syntax errors exactly as the Node build does, from one start, adding no global', async () => {
    let reads = 0;
    web.configureHcl2jsonWasm(async () => {
      reads++;
      return new Uint8Array(fs.readFileSync(wasmFile));
    });
    // Node's own fetch implementation (behind Blob/Response/DecompressionStream) caches a global symbol on first use:
    // use them once before the snapshot, so what is compared is what the browser build itself does.
    assert.deepEqual(new TextDecoder().decode(await web.gunzipInBrowser(new Uint8Array(gzipSync('warm-up')))), 'warm-up');
    const before = globalsNow();
    const browser = [];
    for (const [file, text] of BROKEN) browser.push(await web.parseWithHcl2json(file, text));
    const texts = new Map(BROKEN);
    const findings = BROKEN.map(([file]) => syntaxFinding(file));
    const browserWorded = await web.addTerraformSyntaxMessages(findings, (file) => texts.get(file));
    const after = globalsNow();
    // Nothing added, removed or replaced on the global object (Go, fs, process, __parse_terraform_config_wasm__ ...).
    assert.deepEqual([...after.keys()].filter((key) => !before.has(key)).map(String), [], 'globals added by the browser build');
    assert.deepEqual(
      [...before.keys()].filter((key) => !after.has(key) || !Object.is(after.get(key), before.get(key))).map(String),
      [],
      'globals removed or replaced by the browser build',
    );
    assert.equal(web.hcl2jsonStarts(), 1, 'one WebAssembly start for all calls');
    assert.equal(reads, 1, 'the module is read once');

    // The Node build (it may add its globals: it runs alone in its worker thread) gives the same answers.
    const node = [];
    for (const [file, text] of BROKEN) node.push(await parseWithHcl2json(file, text));
    assert.deepEqual(browser, node);
    for (const result of browser) assert.equal(!result.ok && result.stage, 'parse', JSON.stringify(result));
    const nodeWorded = await addTerraformSyntaxMessages(findings, (file) => texts.get(file));
    assert.deepEqual(browserWorded, nodeWorded);
    assert.match(browserWorded.findings[0].message, /^Syntax error \(this checker\)\. \(Terraform, line 1 column 4: Invalid expression: /);
  });

  it("the web suite's expected syntax-error text is what the Node build (desktop, CLI) shows, and the browser build too", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'private-ecr-web-syntax-'));
    try {
      const file = path.join(dir, SYNTAX_ERROR_FILE);
      fs.writeFileSync(file, SYNTAX_ERROR_TEXT);
      const findings = analyzePaths([dir], {}).findings;
      const read = (p: string) => (p === file ? SYNTAX_ERROR_TEXT : undefined);
      const message = async (add: typeof addTerraformSyntaxMessages) =>
        (await add(findings, read)).findings.filter((f) => f.ruleId === 'hcl-syntax').map((f) => f.message);
      assert.deepEqual(await message(addTerraformSyntaxMessages), [SYNTAX_ERROR_MESSAGE]);
      assert.deepEqual(await message(web.addTerraformSyntaxMessages), [SYNTAX_ERROR_MESSAGE]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('parses valid files to the same JSON as the Node build', async () => {
    const text = 'resource "aws_vpc" "main" {\n  cidr_block = var.cidr\n}\n';
    assert.deepEqual(await web.parseWithHcl2json('main.tf', text), await parseWithHcl2json('main.tf', text));
  });

  it("gives Go's runtime a private global object with only what it reads (a simulated web worker global)", () => {
    const worker = {
      self: undefined as unknown,
      crypto: { getRandomValues: (a: Uint8Array) => a },
      performance: { now: () => 0 },
      TextEncoder,
      TextDecoder,
      Object,
      Uint8Array,
      setTimeout: function (this: unknown) {
        return this;
      },
      importScripts: () => undefined,
      postMessage: () => undefined,
    };
    worker.self = worker;
    const scope = web.privateGlobal(worker);
    assert.deepEqual(Object.keys(scope).sort(), [
      'Object',
      'TextDecoder',
      'TextEncoder',
      'Uint8Array',
      'crypto',
      'global',
      'performance',
      'setTimeout',
    ]);
    for (const key of Object.keys(scope)) assert.ok(key === 'global' || web.SHARED_GLOBALS.includes(key), key);
    assert.equal(scope.global, scope, 'hcl2json finds its registry on global, which is the private object itself');
    assert.equal((scope.setTimeout as () => unknown)(), worker, 'timers stay bound to their own global object');
    assert.equal(scope.process, undefined);
    assert.equal(scope.fs, undefined);
    assert.equal(Object.keys(worker).length, 10, 'the host object is not changed');
  });
});
