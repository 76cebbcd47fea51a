// The browser bundle builds without Node built-ins, AWS SDK code or hcl2json's Node loader, and the check that says so fails
// on a bundle that has them.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

interface Metafile {
  inputs: Record<string, unknown>;
  outputs: Record<string, { imports?: Array<{ path: string; external?: boolean }> }>;
}
interface BuildScript {
  buildWeb(options: { outDir: string }): Promise<{ metafile: Metafile; bytes: number }>;
  checkWebBundle(metafile: Metafile, text: string): string[];
}
const buildScript = pathToFileURL(path.join(__dirname, '..', '..', '..', 'scripts', 'build.mjs')).href;
const loadBuildScript = () => import(buildScript) as Promise<BuildScript>;

describe('web bundle: dist/web/extension.js', function () {
  this.timeout(120_000);
  let outDir: string;
  before(() => (outDir = mkdtempSync(path.join(os.tmpdir(), 'private-ecr-web-build-'))));
  after(() => rmSync(outDir, { recursive: true, force: true }));

  it('builds for the browser with no Node module left, and names it in package.json', async () => {
    const { buildWeb, checkWebBundle } = await loadBuildScript();
    const { metafile, bytes } = await buildWeb({ outDir });
    const text = readFileSync(path.join(outDir, 'web', 'extension.js'), 'utf8');
    assert.deepEqual(checkWebBundle(metafile, text), []);
    assert.ok(bytes > 0);
    const inputs = Object.keys(metafile.inputs);
    assert.ok(
      inputs.some((input) => input.endsWith('src/core/rules/registry.ts')),
      'the rules are in the web bundle',
    );
    assert.ok(
      inputs.some((input) => input.endsWith('src/web/node-shims/path.ts')),
      'path comes from the stand-in',
    );
    assert.ok(
      !inputs.some((input) => /src\/vscode\/(analysis-worker|analysis-service\.ts|verify)/.test(input)),
      'no worker thread and no live check in the web bundle',
    );
    // hcl2json: the browser starter and Go's runtime (wrapped by the build), not the Node starter or the package's loader.
    assert.ok(
      inputs.some((input) => input.endsWith('src/web/hcl2json-start.ts')),
      'hcl2json starts through the browser starter',
    );
    assert.ok(!inputs.some((input) => input.endsWith('src/core/hcl/hcl2json-start.ts')), 'the Node starter is in the web bundle');
    assert.match(text, /function runWasmExec\(globalThis\w*, self\w*, window\w*, global\w*\)/, "Go's runtime is not wrapped");
    const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
    assert.equal(manifest.browser, './dist/web/extension.js');
    assert.equal(manifest.capabilities.virtualWorkspaces.supported, 'limited');
  });

  it('the check names a Node import, a run-time require, AWS SDK code and hcl2json', async () => {
    const { checkWebBundle } = await loadBuildScript();
    const metafile = {
      inputs: { 'node_modules/@aws-sdk/client-ec2/dist/index.js': {}, 'src/core/hcl/hcl2json-start.ts': {} },
      outputs: {
        'dist/web/extension.js': {
          imports: [
            { path: 'fs', external: true },
            { path: 'vscode', external: true },
          ],
        },
      },
    };
    const problems = checkWebBundle(metafile, 'const v = require("vscode"); const c = require("crypto");');
    assert.equal(problems.length, 4, problems.join('\n'));
    assert.match(problems.join('\n'), /imports "fs"/);
    assert.match(problems.join('\n'), /requires "crypto"/);
    assert.match(problems.join('\n'), /AWS SDK/);
    assert.match(problems.join('\n'), /hcl2json/);
  });
});
