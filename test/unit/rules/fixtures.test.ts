import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyRuleFixes, copyCase, findingsOf, listFixtureCases, toExpected, type ExpectedFinding } from './fixture-runner';

/** True when `terraform fmt` would leave the text unchanged (terraform on PATH needs no providers for this). */
function isFmtClean(text: string): boolean {
  const formatted = execFileSync('terraform', ['fmt', '-'], { input: text, encoding: 'utf8', stdio: ['pipe', 'pipe', 'ignore'] });
  return formatted === text;
}

function sortKey(f: ExpectedFinding): string {
  return `${f.file}:${String(f.range[0][0]).padStart(6, '0')}:${String(f.range[0][1]).padStart(6, '0')}:${f.ruleId}`;
}

describe('rule fixtures', () => {
  const cases = listFixtureCases();
  it('exist', () => assert.ok(cases.length > 0, 'no fixtures found under test/fixtures/rules'));
  for (const fixture of cases) {
    describe(`${fixture.ruleId} ${fixture.kind}/${fixture.name}`, () => {
      if (fixture.kind === 'valid') {
        it('has no finding of the rule', () => {
          const findings = findingsOf(fixture.dir, fixture.ruleId);
          assert.deepEqual(findings.map((f) => `${f.message} @ ${f.file}:${f.range?.start.line}`), []);
        });
        return;
      }
      it('has exactly the expected findings', () => {
        const expectedPath = path.join(fixture.dir, 'expected.json');
        assert.ok(fs.existsSync(expectedPath), `missing ${expectedPath}`);
        const expected = (JSON.parse(fs.readFileSync(expectedPath, 'utf8')) as { findings: ExpectedFinding[] }).findings;
        const actual = findingsOf(fixture.dir, fixture.ruleId).map((f) => toExpected(f, fixture.dir));
        const pick = (f: ExpectedFinding) => ({ ruleId: f.ruleId, file: f.file, range: f.range });
        const byPosition = (a: ExpectedFinding, b: ExpectedFinding) => sortKey(a).localeCompare(sortKey(b));
        const want = [...expected].sort(byPosition);
        assert.deepEqual(actual.map(pick).sort(byPosition), want.map(pick));
        for (const w of want) {
          const same = (a: ExpectedFinding) => a.file === w.file && JSON.stringify(a.range) === JSON.stringify(w.range);
          if (w.messageId !== undefined) assert.ok(actual.some((a) => same(a) && a.messageId === w.messageId), `expected message id ${w.messageId} for the finding at ${w.file}:${w.range[0][0]}`);
          if (w.severity !== undefined) assert.ok(actual.some((a) => same(a) && a.severity === w.severity), `expected severity ${w.severity} for the finding at ${w.file}:${w.range[0][0]}`);
          if (w.resource === undefined) continue;
          assert.ok(
            actual.some((a) => a.file === w.file && JSON.stringify(a.range) === JSON.stringify(w.range) && a.resource === w.resource),
            `expected resource ${w.resource} for the finding at ${w.file}:${w.range[0][0]}`,
          );
        }
      });
      const fixedDir = path.join(fixture.dir, 'fixed');
      if (fs.existsSync(fixedDir)) {
        it('is fixed by its quick fixes, byte for byte, fmt-clean', () => {
          const work = copyCase(fixture.dir);
          try {
            const applied = applyRuleFixes(work, fixture.ruleId);
            assert.ok(applied > 0, 'no fix was offered');
            const walk = (dir: string): string[] =>
              fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
            for (const expectedFile of walk(fixedDir)) {
              const rel = path.relative(fixedDir, expectedFile);
              const got = fs.readFileSync(path.join(work, rel), 'utf8');
              assert.equal(got, fs.readFileSync(expectedFile, 'utf8'), `${rel} after the fixes`);
              const original = fs.readFileSync(path.join(fixture.dir, rel), 'utf8');
              if (rel.endsWith('.tf') && isFmtClean(original)) assert.ok(isFmtClean(got), `${rel} is not terraform fmt clean after the fix`);
            }
            assert.deepEqual(findingsOf(work, fixture.ruleId).map((f) => f.message), [], 'the rule still reports after its fixes');
          } finally {
            fs.rmSync(work, { recursive: true, force: true });
          }
        });
      }
    });
  }
});
