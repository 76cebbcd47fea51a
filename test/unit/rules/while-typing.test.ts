/**
 * Regression: while an argument is being typed (`security_group_ids =` with no value yet), the
 * rules whose fixes copy the wiring of an existing endpoint threw ("Template ...: value of
 * "security_group_ids" is empty") and their findings became "internal-error ... Please report this".
 * They must report their findings as usual, without a fix that would copy the unfinished line.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzePaths } from '../../../src/core/analyze';
import { DiskReader, OverlayReader } from '../../../src/core/model/source';

const EXAMPLE = path.resolve(__dirname, '../../../examples/article-broken');
const ENDPOINTS = path.join(EXAMPLE, 'endpoints.tf');

function analyseWithLine(pattern: RegExp, replacement: string) {
  const text = fs.readFileSync(ENDPOINTS, 'utf8');
  const typed = text.replace(pattern, replacement);
  assert.notEqual(typed, text, `the example no longer has ${pattern}`);
  return analyzePaths([EXAMPLE], { reader: new OverlayReader(new DiskReader(), new Map([[ENDPOINTS, typed]])) }).findings;
}

describe('rules while an argument is being typed', () => {
  const before = analyzePaths([EXAMPLE]).findings;

  for (const argument of ['security_group_ids', 'subnet_ids', 'vpc_id']) {
    it(`report their findings, without internal errors, when an endpoint's ${argument} has no value yet`, () => {
      const findings = analyseWithLine(new RegExp(`^(\\s*${argument}\\s*=).*$`, 'm'), '$1');
      assert.deepEqual(
        findings.filter((f) => f.ruleId === 'internal-error').map((f) => f.message),
        [],
      );
      assert.ok(
        findings.some((f) => f.ruleId === 'hcl-syntax'),
        'the missing value is a syntax error',
      );
      // The rules that used to crash here still report what they found before.
      for (const rule of ['logs-endpoint', 'secrets-endpoints', 'exec-ssmmessages-endpoint', 'ecr-dkr-endpoint']) {
        const had = before.filter((f) => f.ruleId === rule).length;
        if (had > 0) assert.equal(findings.filter((f) => f.ruleId === rule).length, had, `${rule} went silent`);
      }
      // No fix copies the empty value into a new resource.
      for (const finding of findings) {
        for (const fix of finding.fixes ?? []) {
          for (const edit of fix.edits) {
            if (!edit.newText.includes('resource "')) continue;
            assert.doesNotMatch(edit.newText, new RegExp(`${argument}\\s*=\\s*\\n`), `${finding.ruleId}: ${fix.title}`);
          }
        }
      }
    });
  }
});
