import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzePaths } from '../../../src/core/analyze';
import { guardedOutput } from '../../../src/cli/process-output';
import { check, REPO } from '../fixes-safety/helpers';
import { removeTree, writeTree } from '../support/temp-module';

const TSX = require.resolve('tsx/cjs');
const BROKEN = path.join(REPO, 'examples', 'article-broken');
const SYNTAX = 'resource "aws_vpc" "main" {\n  cidr_block = \n}\n';

/** Runs the real CLI entry (src/cli.ts, as bin/private-ecr.js runs dist/cli.js) in a child process. */
function cliArgs(...args: string[]): string[] {
  return ['-r', TSX, path.join(REPO, 'src', 'cli.ts'), ...args];
}

describe('exit codes tell the truth (issue #8)', () => {
  it('a rule that fails (internal-error finding) gives exit 2 with the other findings printed', async () => {
    const failing: typeof analyzePaths = (paths, options) => {
      const real = analyzePaths(paths, options);
      const crash = {
        ruleId: 'internal-error',
        severity: 'warning' as const,
        message: 'Rule endpoint-subnets failed on this configuration: boom. Please report this.',
        file: null,
        range: null,
        resource: null,
        module: '',
      };
      return { ...real, findings: [...real.findings, crash] };
    };
    const r = await check([path.join(REPO, 'examples', 'article')], { analyze: failing });
    assert.equal(r.code, 2);
    assert.match(r.stdout, /internal-error Rule endpoint-subnets failed/);
    assert.match(r.stderr, /private-ecr: internal error: Rule endpoint-subnets failed/);
    assert.match(r.stderr, /results above are incomplete/);
  });

  it('the Terraform wording step throwing: findings still printed, exit 2', async () => {
    const dir = writeTree({ 'main.tf': SYNTAX });
    try {
      const r = await check([dir], {
        syntaxMessages: () => {
          throw new Error('hcl2json crashed: stack overflow');
        },
      });
      assert.equal(r.code, 2);
      assert.match(r.stdout, /error hcl-syntax/);
      assert.match(r.stderr, /Terraform's syntax check \(hcl2json\) failed: hcl2json crashed: stack overflow/);
    } finally {
      removeTree(dir);
    }
  });

  it('the Terraform wording step rejecting or reporting failures: exit 2', async () => {
    const dir = writeTree({ 'main.tf': SYNTAX });
    try {
      const rejected = await check([dir], { syntaxMessages: () => Promise.reject(new Error('wasm exited')) });
      assert.equal(rejected.code, 2);
      assert.match(rejected.stdout, /error hcl-syntax/);
      const reported = await check([dir], {
        syntaxMessages: async (findings) => ({
          findings,
          failures: [{ file: path.join(dir, 'main.tf'), message: 'hcl2json stopped: out of memory' }],
        }),
      });
      assert.equal(reported.code, 2);
      assert.match(reported.stdout, /error hcl-syntax/);
      assert.match(reported.stderr, /main\.tf: hcl2json stopped: out of memory/);
      const fine = await check([dir], { syntaxMessages: async (findings) => findings });
      assert.equal(fine.code, 1, 'a plain syntax error is exit 1');
    } finally {
      removeTree(dir);
    }
  });

  it('the Terraform wording step dying without an answer: findings printed, exit 2 (real process)', () => {
    const dir = writeTree({ 'main.tf': SYNTAX });
    try {
      const r = spawnSync(process.execPath, ['-r', TSX, path.join(REPO, 'test/unit/support/stalled-check.ts'), dir], {
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stdout, /error hcl-syntax/);
      assert.match(r.stderr, /failed: it stopped without answering/);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    } finally {
      removeTree(dir);
    }
  });

  it('a broken pipe on stdout: one line on stderr, exit 2, no stack trace (real process)', async () => {
    const child = spawn(process.execPath, cliArgs('check', BROKEN, '--format', 'sarif'), { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // Read nothing: close our end at once, as `| head -c 0` would.
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 2, stderr);
    assert.match(stderr, /^private-ecr: cannot write the results to standard output: the reader closed the pipe \(EPIPE\)$/m);
    assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
  });

  it('a full disk on stdout: exit 2 with a clear line (real process, /dev/full)', function () {
    if (!fs.existsSync('/dev/full')) this.skip();
    const fd = fs.openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, cliArgs('check', BROKEN, '--format', 'json'), {
        stdio: ['ignore', fd, 'pipe'],
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /cannot write the results to standard output: no space left on device \(ENOSPC\)/);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    } finally {
      fs.closeSync(fd);
    }
  });

  it('guardedOutput stops writing to a broken stream and reports once', () => {
    const writes: string[] = [];
    const errors: string[] = [];
    const stdout = Object.assign(new EventEmitter(), { write: (t: string) => writes.push(t) });
    const stderr = Object.assign(new EventEmitter(), { write: (t: string) => errors.push(t) });
    let failures = 0;
    const { out, failed } = guardedOutput(stdout, stderr, () => failures++);
    out.stdout('one');
    stdout.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    stdout.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    out.stdout('two');
    assert.deepEqual(writes, ['one']);
    assert.equal(failed(), true);
    assert.equal(failures, 1);
    assert.equal(errors.length, 1);
    const throwing = Object.assign(new EventEmitter(), {
      write: () => {
        throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
      },
    });
    const second = guardedOutput(throwing, stderr);
    second.out.stdout('x');
    assert.equal(second.failed(), true);
    assert.match(errors[1], /no space left on device/);
  });
});
