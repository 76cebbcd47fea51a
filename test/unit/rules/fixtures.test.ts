/**
 * The one runner of the rule fixtures (as eslint's RuleTester is for eslint's rules): every case
 * under test/fixtures/rules/<id>/{valid,invalid}/<case>/ is analysed as the CLI analyses a folder.
 * - valid: no finding of the rule;
 * - invalid: exactly the findings of expected.json (file, range, resource, message id, severity);
 * - fixed/: applying the rule's fixes gives each file of fixed/ byte for byte, `terraform fmt`
 *   clean where the original was, touches no other file, and leaves the rule quiet.
 * A rule that throws becomes an internal-error finding, which fails any case (fixture-runner.ts).
 * Each rule of the catalog has at least three valid and three invalid cases and a docs page.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CHECKER_MESSAGES } from '../../../src/core/rules/checker-messages';
import { RULES } from '../../../src/core/rules/registry';
import { applyRuleFixes, copyCase, findingsOf, listFixtureCases, toExpected, type ExpectedFinding } from './fixture-runner';

const REPO = path.resolve(__dirname, '../../..');

/** True when `terraform fmt` would leave the text unchanged (terraform on PATH needs no providers for this). */
function isFmtClean(text: string): boolean {
  const formatted = execFileSync('terraform', ['fmt', '-'], { input: text, encoding: 'utf8', stdio: ['pipe', 'pipe', 'ignore'] });
  return formatted === text;
}

function sortKey(f: ExpectedFinding): string {
  return `${f.file}:${String(f.range[0][0]).padStart(6, '0')}:${String(f.range[0][1]).padStart(6, '0')}:${f.ruleId}`;
}

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('rule fixtures', () => {
  const cases = listFixtureCases();
  it('exist', () => assert.ok(cases.length > 0, 'no fixtures found under test/fixtures/rules'));

  describe('coverage', () => {
    const count = (id: string, kind: 'valid' | 'invalid') => cases.filter((c) => c.ruleId === id && c.kind === kind).length;
    for (const rule of RULES) {
      it(`${rule.meta.id} has at least 3 valid and 3 invalid cases, and a docs page`, () => {
        assert.ok(count(rule.meta.id, 'valid') >= 3, `${rule.meta.id}/valid has ${count(rule.meta.id, 'valid')} cases`);
        assert.ok(count(rule.meta.id, 'invalid') >= 3, `${rule.meta.id}/invalid has ${count(rule.meta.id, 'invalid')} cases`);
        assert.ok(fs.existsSync(path.join(REPO, 'docs', 'rules', `${rule.meta.id}.md`)), `docs/rules/${rule.meta.id}.md is missing`);
      });
    }
    for (const meta of CHECKER_MESSAGES) {
      it(`checker message ${meta.id} has an invalid case and a docs page`, () => {
        assert.ok(count(meta.id, 'invalid') >= 1, `${meta.id} has no invalid case`);
        assert.ok(fs.existsSync(path.join(REPO, 'docs', 'rules', `${meta.id}.md`)), `docs/rules/${meta.id}.md is missing`);
      });
    }
    it('every fixture folder names a rule or checker message', () => {
      const known = new Set<string>([...RULES.map((r) => r.meta.id), ...CHECKER_MESSAGES.map((m) => m.id)]);
      assert.deepEqual(
        [...new Set(cases.map((c) => c.ruleId))].filter((id) => !known.has(id)),
        [],
      );
    });
  });

  for (const fixture of cases) {
    describe(`${fixture.ruleId} ${fixture.kind}/${fixture.name}`, () => {
      if (fixture.kind === 'valid') {
        it('has no finding of the rule', () => {
          const findings = findingsOf(fixture.dir, fixture.ruleId);
          assert.deepEqual(
            findings.map((f) => `${f.message} @ ${f.file}:${f.range?.start.line}`),
            [],
          );
        });
        return;
      }
      it('has exactly the expected findings', () => {
        const expectedPath = path.join(fixture.dir, 'expected.json');
        assert.ok(fs.existsSync(expectedPath), `missing ${expectedPath}`);
        const expected = (JSON.parse(fs.readFileSync(expectedPath, 'utf8')) as { findings: ExpectedFinding[] }).findings;
        assert.ok(expected.length > 0, 'an invalid case must expect a finding');
        const actual = findingsOf(fixture.dir, fixture.ruleId).map((f) => toExpected(f, fixture.dir));
        const pick = (f: ExpectedFinding) => ({ ruleId: f.ruleId, file: f.file, range: f.range });
        const byPosition = (a: ExpectedFinding, b: ExpectedFinding) => sortKey(a).localeCompare(sortKey(b));
        const want = [...expected].sort(byPosition);
        assert.deepEqual(actual.map(pick).sort(byPosition), want.map(pick));
        for (const w of want) {
          const same = (a: ExpectedFinding) => a.file === w.file && JSON.stringify(a.range) === JSON.stringify(w.range);
          if (w.messageId !== undefined)
            assert.ok(
              actual.some((a) => same(a) && a.messageId === w.messageId),
              `expected message id ${w.messageId} for the finding at ${w.file}:${w.range[0][0]}`,
            );
          if (w.severity !== undefined)
            assert.ok(
              actual.some((a) => same(a) && a.severity === w.severity),
              `expected severity ${w.severity} for the finding at ${w.file}:${w.range[0][0]}`,
            );
          if (w.resource !== undefined)
            assert.ok(
              actual.some((a) => same(a) && a.resource === w.resource),
              `expected resource ${w.resource} for the finding at ${w.file}:${w.range[0][0]}`,
            );
        }
      });
      const fixedDir = path.join(fixture.dir, 'fixed');
      if (fs.existsSync(fixedDir)) {
        it('is fixed by its quick fixes, byte for byte, fmt-clean, touching no other file, and then quiet', () => {
          const work = copyCase(fixture.dir);
          try {
            const applied = applyRuleFixes(work, fixture.ruleId);
            assert.ok(applied > 0, 'no fix was offered');
            for (const expectedFile of walk(fixedDir)) {
              const rel = path.relative(fixedDir, expectedFile);
              const got = fs.readFileSync(path.join(work, rel), 'utf8');
              assert.equal(got, fs.readFileSync(expectedFile, 'utf8'), `${rel} after the fixes`);
              const originalPath = path.join(fixture.dir, rel);
              const wasClean = () => !fs.existsSync(originalPath) || isFmtClean(fs.readFileSync(originalPath, 'utf8'));
              if (/\.(tf|tofu)$/.test(rel) && wasClean()) assert.ok(isFmtClean(got), `${rel} is not terraform fmt clean after the fix`);
            }
            for (const file of walk(work)) {
              const rel = path.relative(work, file);
              if (!fs.existsSync(path.join(fixedDir, rel)))
                assert.equal(
                  fs.readFileSync(file, 'utf8'),
                  fs.readFileSync(path.join(fixture.dir, rel), 'utf8'),
                  `${rel} changed, but fixed/ has no copy of it`,
                );
            }
            assert.deepEqual(
              findingsOf(work, fixture.ruleId).map((f) => f.message),
              [],
              'the rule still reports after its fixes',
            );
          } finally {
            fs.rmSync(work, { recursive: true, force: true });
          }
        });
      }
    });
  }
});
