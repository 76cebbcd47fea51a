/**
 * Writes the message id and severity of every expected finding into the rule fixtures' expected.json
 * (matched by rule, file and range), so the fixture test asserts them. Run after adding fixtures whose
 * expected.json lists only positions: `npx tsx scripts/backfill-fixture-ids.ts`. Entries it cannot match
 * are left as they are (the fixture test reports them).
 */
import * as fs from 'fs';
import * as path from 'path';
import { findingsOf, listFixtureCases, toExpected, type ExpectedFinding } from '../test/unit/rules/fixture-runner';

/** JSON on one line with a space after every comma and colon outside strings, as the fixtures are written. */
function spaced(json: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    out += c;
    if (inString) {
      if (c === '\\') out += json[++i];
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === ',' || c === ':') out += ' ';
  }
  return out;
}

let updated = 0;
for (const fixture of listFixtureCases()) {
  if (fixture.kind !== 'invalid') continue;
  const file = path.join(fixture.dir, 'expected.json');
  if (!fs.existsSync(file)) continue;
  const text = fs.readFileSync(file, 'utf8');
  const data = JSON.parse(text) as { findings: ExpectedFinding[] } & Record<string, unknown>;
  let actual: ExpectedFinding[];
  try {
    actual = findingsOf(fixture.dir, fixture.ruleId).map((f) => toExpected(f, fixture.dir));
  } catch (error) {
    process.stderr.write(`skipped ${path.relative(process.cwd(), fixture.dir)}: ${(error as Error).message}\n`);
    continue;
  }
  let changed = false;
  data.findings = data.findings.map((w) => {
    const a = actual.find((x) => x.ruleId === w.ruleId && x.file === w.file && JSON.stringify(x.range) === JSON.stringify(w.range));
    if (!a) return w;
    const next: ExpectedFinding = { ...w };
    if (a.messageId && w.messageId !== a.messageId) next.messageId = a.messageId;
    if (a.severity && w.severity !== a.severity) next.severity = a.severity;
    if (next.messageId !== w.messageId || next.severity !== w.severity) changed = true;
    return next;
  });
  if (!changed) continue;
  // One finding per line, as the fixtures are written.
  const lines = data.findings.map((f) => `    ${spaced(JSON.stringify(f))}`);
  const rest = Object.keys(data).filter((k) => k !== 'findings');
  const extra = rest.map((k) => `,\n  "${k}": ${JSON.stringify(data[k])}`).join('');
  fs.writeFileSync(file, `{\n  "findings": [\n${lines.join(',\n')}\n  ]${extra}\n}\n`);
  updated++;
}
process.stdout.write(`updated ${updated} expected.json files\n`);
