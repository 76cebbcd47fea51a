/**
 * hcl2json (HashiCorp's parser in WebAssembly) on hostile input: nesting deep enough to overflow its
 * stack is not given to it, a crash is a typed result (and the next call gets a fresh Go program),
 * and the wording step returns every finding plus the failures, always settling.
 */
import * as assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/findings';
import { bracketDepth, MAX_REFERENCE_BYTES, MAX_REFERENCE_DEPTH, parseWithHcl2json } from '../../../src/core/hcl/hcl2json';
import { addTerraformSyntaxMessages } from '../../../src/core/hcl/terraform-messages';

const DEEP = 3000;

function syntaxFinding(file: string, message: string): Finding {
  return {
    ruleId: 'hcl-syntax',
    severity: 'error',
    message,
    file,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
    resource: null,
    module: '',
  };
}

describe('hcl2json: bounds', function () {
  this.timeout(60_000);

  it('measures bracket depth, stopping past the cap', () => {
    assert.equal(bracketDepth('a = [{ b = (1) }]\n', 10), 3);
    assert.equal(bracketDepth('a = ]]][\n', 10), 1);
    assert.equal(bracketDepth('['.repeat(DEEP), 5), 6);
  });

  it(`does not give hcl2json a file nested ${DEEP} levels deep (it would overflow its stack and leave the Go runtime hung)`, async () => {
    for (const text of [
      `x = ${'['.repeat(DEEP)}1${']'.repeat(DEEP)}\ny = tru e\n`,
      `${'b {\n'.repeat(DEEP)}${'}\n'.repeat(DEEP)}y = tru e\n`,
    ]) {
      const result = await parseWithHcl2json('deep.tf', text);
      assert.deepEqual(result, {
        ok: false,
        message: `not checked by hcl2json: nested more than ${MAX_REFERENCE_DEPTH} levels deep`,
        stage: 'skipped',
      });
    }
    // And it still answers afterwards.
    const after = await parseWithHcl2json('after.tf', 'a = b c\n');
    assert.equal(!after.ok && after.stage, 'parse');
  });

  it('does not give hcl2json a file over the size limit', async () => {
    const result = await parseWithHcl2json('big.tf', `# ${'x'.repeat(MAX_REFERENCE_BYTES)}\n`);
    assert.equal(!result.ok && result.stage, 'skipped');
  });

  it('reports a stack overflow inside hcl2json as a crash, and starts a fresh Go program for the next call', async () => {
    // With the depth limit lifted, 3,000 nested tuples overflow the WebAssembly stack.
    const text = `x = ${'['.repeat(DEEP)}1${']'.repeat(DEEP)}\n`;
    const result = await parseWithHcl2json('deep.tf', text, { maxDepth: Infinity });
    assert.equal(!result.ok && result.stage, 'crash', JSON.stringify(result).slice(0, 300));
    assert.match(!result.ok ? result.message : '', /^hcl2json crashed: Maximum call stack size exceeded/);
    const after = await parseWithHcl2json('after.tf', 'v = 1\n');
    assert.deepEqual(after, { ok: true, json: { v: 1 } });
  });

  it('does not reuse a Go program after a crash (the old one hung on the next deep input)', async () => {
    const crash = await parseWithHcl2json('deep.tf', `x = ${'['.repeat(DEEP)}1${']'.repeat(DEEP)}\n`, { maxDepth: Infinity });
    assert.equal(!crash.ok && crash.stage, 'crash');
    // Before, this call never answered (the promise stayed pending and the CLI exited 0 with no output).
    const blocks = `${'b {\n'.repeat(DEEP)}${'}\n'.repeat(DEEP)}y = tru e\n`;
    const next = await parseWithHcl2json('blocks.tf', blocks, { maxDepth: Infinity, timeoutMs: 20_000 });
    assert.deepEqual(next, {
      ok: false,
      message: 'Missing newline after argument: An argument definition must end with a newline.',
      line: 2 * DEEP + 1,
      column: 9,
      stage: 'parse',
    });
  });

  it('settles with a time-out rather than waiting for an answer forever', async () => {
    const result = await parseWithHcl2json('slow.tf', `x = [${'1, '.repeat(50_000)}1]\n`, { timeoutMs: 1 });
    assert.ok(result.ok || result.stage === 'timeout', JSON.stringify(result).slice(0, 200));
    if (!result.ok) assert.equal(result.message, 'hcl2json did not answer within 0.001 s');
    const after = await parseWithHcl2json('after.tf', 'v = 2\n');
    assert.deepEqual(after, { ok: true, json: { v: 2 } });
  });

  it('returns every finding and no failure when a file is skipped, with Terraform wording for the others', async () => {
    const deep = `x = ${'['.repeat(DEEP)}1${']'.repeat(DEEP)}\ny = tru e\n`;
    const texts = new Map([
      ['/m/deep.tf', deep],
      ['/m/typo.tf', 'y = tru e\n'],
    ]);
    const findings = [
      syntaxFinding('/m/deep.tf', 'Nesting is too deep'),
      syntaxFinding('/m/typo.tf', "Expected a newline after the argument definition, found 'e'"),
    ];
    const worded = await addTerraformSyntaxMessages(findings, (path) => texts.get(path));
    assert.deepEqual(worded.failures, []);
    assert.equal(worded.findings.length, 2);
    assert.equal(worded.findings[0].message, 'Nesting is too deep');
    assert.match(worded.findings[1].message, /\(Terraform, line 1 column 9: Missing newline after argument/);
  });

  it('survives a reader that throws', async () => {
    const worded = await addTerraformSyntaxMessages([syntaxFinding('/m/a.tf', 'bad')], () => {
      throw new Error('EACCES');
    });
    assert.deepEqual(worded, { findings: [syntaxFinding('/m/a.tf', 'bad')], failures: [] });
  });
});
