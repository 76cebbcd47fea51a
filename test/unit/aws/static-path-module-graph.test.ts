// The static path never loads the AWS SDK: `check` and extension activation load no `@aws-sdk/*` module and
// not the live bundle; only `verify` does. Asserted on the module graph (the bundles' metafiles and the
// modules a child process actually loads), never on time.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const moduleUnderTest = path.join(repoRoot, 'test', 'integration', 'workspaces', 'foundation', 'fargate-missing-ecr-dkr');

/** A preload that appends every module file Node resolves to the file named by MODULE_LOG. */
const hookSource = `
const Module = require('node:module');
const fs = require('node:fs');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const file = resolve.call(this, request, ...rest);
  fs.appendFileSync(process.env.MODULE_LOG, file + '\\n');
  return file;
};
`;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  loaded: string[];
}

describe('static path module graph (no AWS SDK before verify)', function () {
  this.timeout(120000);
  let scratch = '';
  let outDir = '';
  let hook = '';
  let metafiles: Record<string, { inputs: Record<string, unknown> }> = {};
  let logCount = 0;

  before(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'private-ecr-graph-'));
    outDir = path.join(scratch, 'dist');
    hook = path.join(scratch, 'hook.cjs');
    fs.writeFileSync(hook, hookSource);
    // The same build as `npm run build` (scripts/build.mjs), into a scratch folder.
    const metaFile = path.join(scratch, 'meta.json');
    const script = `import { buildDist } from ${JSON.stringify(path.join(repoRoot, 'scripts', 'build.mjs'))};
const { metafiles } = await buildDist({ outDir: ${JSON.stringify(outDir)} });
(await import('node:fs')).writeFileSync(${JSON.stringify(metaFile)}, JSON.stringify(metafiles));`;
    const build = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(build.status, 0, `build failed: ${build.stderr}`);
    metafiles = JSON.parse(fs.readFileSync(metaFile, 'utf8'));
  });

  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  function run(args: string[], preload: string[] = []): Run {
    const log = path.join(scratch, `modules-${logCount++}.log`);
    fs.writeFileSync(log, '');
    const child = spawnSync(process.execPath, [...preload.flatMap((p) => ['--require', p]), '--require', hook, ...args], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, MODULE_LOG: log, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    return {
      status: child.status,
      stdout: child.stdout,
      stderr: child.stderr,
      loaded: fs.readFileSync(log, 'utf8').split('\n').filter(Boolean),
    };
  }

  const sdkInputs = (name: string) => Object.keys(metafiles[name].inputs).filter((input) => input.includes('node_modules/@aws-sdk/'));
  const awsSourceInputs = (name: string) =>
    Object.keys(metafiles[name].inputs).filter((input) => input.startsWith('src/aws/') || input === 'src/cli/verify.ts');

  it('bundles the AWS SDK and the verify code only into live.js', () => {
    for (const name of ['cli', 'extension', 'analysis-worker']) {
      assert.deepEqual(sdkInputs(name), [], `${name}.js bundles AWS SDK modules`);
      assert.deepEqual(awsSourceInputs(name), [], `${name}.js bundles the live check's AWS code`);
    }
    assert.ok(
      sdkInputs('live').some((input) => input.includes('@aws-sdk/client-ec2/')),
      'live.js bundles the EC2 client',
    );
    assert.ok(awsSourceInputs('live').includes('src/cli/verify.ts'), 'live.js bundles the verify command');
  });

  it('`check` from dist/cli.js never loads dist/live.js; `verify` does', () => {
    const check = run([path.join(outDir, 'cli.js'), 'check', moduleUnderTest]);
    assert.equal(check.status, 1, check.stderr);
    assert.match(check.stdout, /ecr-dkr-endpoint/);
    assert.ok(check.loaded.length > 0, 'the hook recorded nothing');
    assert.deepEqual(
      check.loaded.filter((file) => file === path.join(outDir, 'live.js') || file.includes('@aws-sdk')),
      [],
    );

    const verify = run([path.join(outDir, 'cli.js'), 'verify', '--help']);
    assert.equal(verify.status, 0, verify.stderr);
    assert.ok(verify.loaded.includes(path.join(outDir, 'live.js')), `verify did not load live.js: ${verify.loaded.join(', ')}`);
  });

  it('`check` from source loads no @aws-sdk module; `verify` does', () => {
    const program = (command: string[]) =>
      `require(${JSON.stringify(path.join(repoRoot, 'src', 'cli.ts'))}).main(${JSON.stringify(command)}, { stdout() {}, stderr() {} }).then((code) => { process.exitCode = code; });`;
    const check = run(['-e', program(['check', moduleUnderTest])], ['tsx/cjs']);
    assert.equal(check.status, 1, check.stderr);
    const sourceFiles = check.loaded.filter((file) => file.startsWith(path.join(repoRoot, 'src') + path.sep));
    assert.ok(
      sourceFiles.some((file) => file.endsWith(path.join('src', 'core', 'analyze.ts'))),
      'the check path was not loaded',
    );
    assert.deepEqual(
      check.loaded.filter((file) => file.includes(`${path.sep}@aws-sdk${path.sep}`) || file.endsWith(path.join('src', 'live.ts'))),
      [],
    );

    const verify = run(['-e', program(['verify', '--help'])], ['tsx/cjs']);
    assert.equal(verify.status, 0, verify.stderr);
    assert.ok(
      verify.loaded.some((file) => file.includes(`${path.sep}@aws-sdk${path.sep}client-ec2${path.sep}`)),
      'verify did not load the EC2 client',
    );
  });
});
