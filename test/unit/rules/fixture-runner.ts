/**
 * Runs the rule fixtures under test/fixtures/rules/<rule-id>/{valid,invalid}/<case>/:
 * a valid case must produce no finding of the rule; an invalid case must produce exactly the
 * findings in its expected.json (rule, file, 0-based range, resource); where the case has a
 * fixed/ folder, applying the rule's fixes must turn each file into the one in fixed/, leave the
 * rule silent, and (for files `terraform fmt` accepted before) stay `terraform fmt` clean.
 * A case may hold an options.json giving root variable values as the command line and the
 * environment would (`{"variables": {"env": {"name": "text"}, "cli": [{"file": "envs/prod.tfvars"},
 * {"name": "x", "value": "text"}]}}`, files relative to the case folder), and which module calls to
 * follow as the settings file's `modules` says (`{"modules": {"follow": "local", "skip": ["module.x"]}}`).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyzePaths } from '../../../src/core/analyze';
import type { Finding } from '../../../src/core/findings';
import { fixAllInMemory } from '../../../src/core/fixes/fix-all';
import type { ModuleFollow, VariableInputs } from '../../../src/core/model/config';
import { DiskReader } from '../../../src/core/model/source';

/** Root of the rule fixtures. */
export const FIXTURES_ROOT = path.resolve(__dirname, '../../fixtures/rules');

/** One expected finding as written in expected.json. */
export interface ExpectedFinding {
  ruleId: string;
  file: string;
  /** [[startLine, startCharacter], [endLine, endCharacter]], 0-based. */
  range: [[number, number], [number, number]];
  resource?: string | null;
  module?: string;
  /** The rule's message id the finding was built from. */
  messageId?: string;
  severity?: string;
}

/** A fixture case folder. */
export interface FixtureCase {
  ruleId: string;
  kind: 'valid' | 'invalid';
  name: string;
  dir: string;
}

/** Every fixture case of every rule. */
export function listFixtureCases(): FixtureCase[] {
  const out: FixtureCase[] = [];
  if (!fs.existsSync(FIXTURES_ROOT)) return out;
  for (const ruleId of fs.readdirSync(FIXTURES_ROOT).sort()) {
    for (const kind of ['valid', 'invalid'] as const) {
      const kindDir = path.join(FIXTURES_ROOT, ruleId, kind);
      if (!fs.existsSync(kindDir)) continue;
      for (const name of fs.readdirSync(kindDir).sort()) {
        const dir = path.join(kindDir, name);
        if (fs.statSync(dir).isDirectory()) out.push({ ruleId, kind, name, dir });
      }
    }
  }
  return out;
}

/** Copies a case (without expected.json and fixed/) into a fresh temporary folder. */
export function copyCase(dir: string): string {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), 'pecr-case-'));
  const copy = (from: string, to: string) => {
    for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
      if (from === dir && (entry.name === 'expected.json' || entry.name === 'fixed')) continue;
      const src = path.join(from, entry.name);
      const dst = path.join(to, entry.name);
      if (entry.isDirectory()) {
        fs.mkdirSync(dst);
        copy(src, dst);
      } else fs.copyFileSync(src, dst);
    }
  };
  copy(dir, target);
  return target;
}

/** The variable inputs of a case (its options.json), with paths made absolute. */
export function caseOptions(dir: string): { variables?: VariableInputs; modules?: ModuleFollow } {
  const file = path.join(dir, 'options.json');
  if (!fs.existsSync(file)) return {};
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as { variables?: VariableInputs; modules?: ModuleFollow };
  const variables = raw.variables ?? {};
  return {
    variables: { env: variables.env, cli: variables.cli?.map((item) => ('file' in item ? { file: path.resolve(dir, item.file) } : item)) },
    ...(raw.modules ? { modules: raw.modules } : {}),
  };
}

/** Findings of one rule for a case folder (analysed as Terraform would: roots found inside). */
export function findingsOf(dir: string, ruleId: string): Finding[] {
  const all = analyzePaths([dir], caseOptions(dir)).findings;
  // A rule that throws becomes an internal-error finding: in a fixture that is a failure, never a pass.
  const crashes = all.filter((f) => f.ruleId === 'internal-error');
  if (crashes.length > 0) throw new Error(`internal error while analysing ${dir}: ${crashes.map((f) => f.message).join('; ')}`);
  return all.filter((f) => f.ruleId === ruleId);
}

/** A finding in expected.json form, relative to the case folder. */
export function toExpected(finding: Finding, dir: string): ExpectedFinding {
  return {
    ruleId: finding.ruleId,
    file: path
      .relative(dir, finding.file ?? '')
      .split(path.sep)
      .join('/'),
    range: [
      [finding.range!.start.line, finding.range!.start.character],
      [finding.range!.end.line, finding.range!.end.character],
    ],
    resource: finding.resource,
    module: finding.module,
    ...(finding.messageId ? { messageId: finding.messageId } : {}),
    severity: finding.severity,
  };
}

/** Applies the preferred fixes of the rule's findings (in rounds, see fixAllInMemory) and writes the files. Returns how many were applied. */
export function applyRuleFixes(dir: string, ruleId: string): number {
  const result = fixAllInMemory([dir], new DiskReader(), (f) => f.ruleId === ruleId, caseOptions(dir), 20);
  for (const [file, text] of result.texts) fs.writeFileSync(file, text);
  return result.applied.length;
}
