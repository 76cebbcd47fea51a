// The extension host's thread only keeps books: everything that parses — our parser, the JSON syntax,
// the analysis, fix-all, hcl2json's WebAssembly that words syntax errors — is in the analysis worker's
// bundle and not in dist/extension.js, so no code path on the extension host's thread can load or call
// it (a 400 KB file with a syntax error, re-checked on every keystroke, never stalls its event loop).
// Asserted on the bundles' module graphs (esbuild metafiles of the real build), never on time.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** Inputs that parse Terraform or load hcl2json: none may be bundled into the extension host's bundle. */
const PARSING_INPUTS = [
  'src/core/hcl/parser.ts',
  'src/core/hcl/scanner.ts',
  'src/core/hcl/bodies.ts',
  'src/core/hcl/expressions.ts',
  'src/core/hcl/templates.ts',
  'src/core/hcl/json-config.ts',
  'src/core/hcl/hcl2json.ts',
  'src/core/hcl/terraform-messages.ts',
  'src/core/model/loader.ts',
  'src/core/analyze.ts',
  'src/core/workspace.ts',
  'src/core/fixes/fix-all.ts',
  'src/core/rules/registry.ts',
];

describe('extension host thread: no parser, no hcl2json (module graph)', function () {
  this.timeout(120_000);
  let scratch = '';
  let inputs: Record<string, string[]> = {};

  before(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'pecr-host-graph-'));
    const metaFile = path.join(scratch, 'meta.json');
    // The same build as `npm run build` (scripts/build.mjs), into a scratch folder.
    const script = `import { buildDist } from ${JSON.stringify(path.join(repoRoot, 'scripts', 'build.mjs'))};
const { metafiles } = await buildDist({ outDir: ${JSON.stringify(path.join(scratch, 'dist'))} });
const inputs = Object.fromEntries(Object.entries(metafiles).map(([name, meta]) => [name, Object.keys(meta.inputs)]));
(await import('node:fs')).writeFileSync(${JSON.stringify(metaFile)}, JSON.stringify(inputs));`;
    const build = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(build.status, 0, `build failed: ${build.stderr}`);
    inputs = JSON.parse(fs.readFileSync(metaFile, 'utf8'));
  });
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  const normalised = (name: string) => inputs[name].map((input) => input.split(path.sep).join('/'));
  const isHcl2jsonPackage = (input: string) => /(?:^|\/)node_modules\/@cdktf\/hcl2json\//.test(input);

  it('bundles neither the parser, the analysis nor hcl2json into dist/extension.js', () => {
    const extension = normalised('extension');
    assert.ok(extension.includes('src/extension.ts'), 'the metafile does not list the extension entry');
    assert.ok(extension.includes('src/vscode/analysis-service.ts'), 'the metafile does not list the analysis service');
    assert.deepEqual(
      extension.filter((input) => PARSING_INPUTS.includes(input) || isHcl2jsonPackage(input)),
      [],
    );
  });

  it('bundles them into the analysis worker, where the editor parses', () => {
    const worker = normalised('analysis-worker');
    for (const input of PARSING_INPUTS) assert.ok(worker.includes(input), `dist/analysis-worker.js does not bundle ${input}`);
    assert.ok(worker.some(isHcl2jsonPackage), "dist/analysis-worker.js does not bundle hcl2json's Go runtime glue");
  });
});
