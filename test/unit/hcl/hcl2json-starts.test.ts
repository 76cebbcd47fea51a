// hcl2json (HashiCorp's HCL as WebAssembly, used only to word syntax errors as Terraform does) costs
// nothing when no file has a syntax error, and starts at most once per process when several have:
// the real CLI runs in a child process whose WebAssembly.instantiate is counted by a preload.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { removeTree, writeTree } from '../support/temp-module';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

/**
 * Counts instantiations of Go WebAssembly programs (their imports carry the Go runtime module, \`go\` (\`gojs\` in newer Go); tsx's
 * own lexer is WebAssembly too and is not counted) and notes whether Go's runtime glue was loaded; writes both at exit.
 */
const countingPreload = `
const fs = require('node:fs');
let instantiations = 0;
const instantiate = WebAssembly.instantiate;
WebAssembly.instantiate = function (...args) {
  const imports = args[1];
  if (imports && typeof imports === 'object' && ('gojs' in imports || 'go' in imports)) instantiations++;
  return instantiate.apply(this, args);
};
process.on('exit', () => {
  const runtimeLoaded = Object.keys(require.cache).some((file) => file.includes('hcl2json') && file.endsWith('wasm_exec.js'));
  fs.writeFileSync(process.env.WASM_COUNT_FILE, JSON.stringify({ instantiations, runtimeLoaded }));
});
`;

interface CheckRun {
  status: number | null;
  stdout: string;
  stderr: string;
  instantiations: number;
  runtimeLoaded: boolean;
}

describe('hcl2json starts (one WebAssembly start per process at most)', function () {
  this.timeout(120_000);
  let scratch = '';
  let preload = '';
  const trees: string[] = [];

  before(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'pecr-wasm-count-'));
    preload = path.join(scratch, 'count-wasm.cjs');
    fs.writeFileSync(preload, countingPreload);
  });
  after(() => {
    fs.rmSync(scratch, { recursive: true, force: true });
    trees.forEach(removeTree);
  });

  function check(paths: string[]): CheckRun {
    const countFile = path.join(scratch, `count-${Math.random().toString(36).slice(2)}.json`);
    const program = `let text = '';
require(${JSON.stringify(path.join(repoRoot, 'src', 'cli.ts'))})
  .main(['check', ...${JSON.stringify(paths)}], { stdout(s) { text += s; }, stderr(s) { process.stderr.write(s); } })
  .then((code) => { process.stdout.write(text); process.exitCode = code; });`;
    const child = spawnSync(process.execPath, ['--require', 'tsx/cjs', '--require', preload, '-e', program], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, WASM_COUNT_FILE: countFile },
    });
    const counted = JSON.parse(fs.readFileSync(countFile, 'utf8')) as { instantiations: number; runtimeLoaded: boolean };
    return { status: child.status, stdout: child.stdout, stderr: child.stderr, ...counted };
  }

  it('never loads or starts hcl2json when no file has a syntax error', () => {
    const run = check([path.join(repoRoot, 'examples', 'article-broken')]);
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /ecr-dkr-endpoint/);
    assert.doesNotMatch(run.stdout, /hcl-syntax/);
    assert.equal(run.instantiations, 0, 'hcl2json was instantiated without a syntax error');
    assert.equal(run.runtimeLoaded, false, "Go's wasm runtime was loaded without a syntax error");
  });

  it('starts hcl2json once for syntax errors in several files of several roots', () => {
    const tree = writeTree({
      'one/main.tf': 'resource "aws_vpc" "main" {\n  cidr_block =\n}\n',
      'one/other.tf': 'variable "x" {\n  default = [1, 2\n}\n',
      'two/main.tf': 'locals {\n  a = 1 +\n}\n',
      'three/ok.tf': 'locals {\n  fine = true\n}\n',
    });
    trees.push(tree);
    const run = check([tree]);
    assert.equal(run.status, 1, run.stderr);
    const worded = run.stdout.split('\n').filter((line) => line.includes('hcl-syntax') && line.includes('(Terraform'));
    for (const file of ['one/main.tf', 'one/other.tf', 'two/main.tf']) {
      assert.ok(
        worded.some((line) => line.includes(file)),
        `no Terraform wording for ${file} in:\n${run.stdout}`,
      );
    }
    assert.equal(run.instantiations, 1, `hcl2json was instantiated ${run.instantiations} times`);
  });
});
