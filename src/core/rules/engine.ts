/**
 * Runs rules over one configuration: builds the network and workload views once, collects
 * reports, applies severity overrides and `# private-ecr:ignore` comments, and turns load
 * problems (syntax errors, unreadable files, bad module sources) into findings.
 */
import * as nodePath from 'path';
import { checkBudget, rethrowBudget } from '../budget';
import { toTextRange, type Finding, type Fix, type Severity } from '../findings';
import { parseJson } from '../hcl/json-config';
import { plainRange, SourceRange } from '../hcl/positions';
import { isJsonFile } from '../model/loader';
import type { Configuration, LoadProblem } from '../model/config';
import { Network } from '../model/network';
import { redactMarkedTexts } from '../model/values';
import { findWorkloads } from '../model/workloads';
import { CHECKER_MESSAGES } from './checker-messages';
import { formatMessage, type Rule, type RuleContext } from './types';

/** Per-rule severity overrides; `off` disables a rule. */
export type SeverityOverrides = Record<string, Severity | 'off'>;

/** Options of one run. */
export interface EngineOptions {
  rules: readonly Rule[];
  severities?: SeverityOverrides;
  /** Keep findings an ignore comment suppressed, marked `suppressed` with the comment's reason (for JSON and SARIF). */
  keepSuppressed?: boolean;
}

/**
 * Fix edits as plain data. A syntax-tree range computes its line and column on each read (see
 * hcl/positions.ts); copied once here, an edit keeps its figures when it is cloned to another thread.
 */
function plainEdits(fixes: Fix[]): Fix[] {
  if (!fixes.some((fix) => fix.edits.some((e) => e.range instanceof SourceRange))) return fixes;
  return fixes.map((fix) => ({
    ...fix,
    edits: fix.edits.map((e) => (e.range instanceof SourceRange ? { ...e, range: plainRange(e.range) } : e)),
  }));
}

/**
 * `private-ecr:ignore <id>[,<id>...] <reason>` (above a block or an argument) and
 * `private-ecr:ignore-file <id>[,<id>...] <reason>` (anywhere in a file). `all` stands for every rule.
 */
const IGNORE_PATTERN = /private-ecr:ignore(-file)?\s+([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)(?:\s+([^\n]*?))?\s*(?:\*\/)?\s*$/;

/** Runs the rules on a configuration and returns its findings (unsorted). */
export function runRules(configuration: Configuration, options: EngineOptions): Finding[] {
  const severities = options.severities ?? {};
  const findings: Finding[] = [];
  // Building the module tree records load problems (missing sources, cycles, bad files).
  void configuration.modules;
  for (const problem of configuration.problems) {
    const finding = problemToFinding(problem, severities);
    if (finding) findings.push(finding);
  }
  // Evaluating values while the rules run can record more (a file() the checker would not read).
  const problemsBeforeRules = configuration.problems.length;
  const network = new Network(configuration);
  const workloads = findWorkloads(configuration, network);
  for (const rule of options.rules) {
    const override = severities[rule.meta.id];
    if (override === 'off') continue;
    const context: RuleContext = {
      configuration,
      network,
      workloads,
      report: (report) => {
        const template = rule.meta.messages[report.messageId];
        if (template === undefined) throw new Error(`rule ${rule.meta.id} has no message "${report.messageId}"`);
        findings.push({
          ruleId: rule.meta.id,
          messageId: report.messageId,
          severity: override ?? capSeverity(report.severity ?? rule.meta.defaultSeverity, workloads.length === 0),
          message: redactMarkedTexts(configuration, formatMessage(template, report.data)),
          ...(report.data ? { data: redactData(configuration, report.data) } : {}),
          file: report.location.file,
          range: toTextRange(report.location.range),
          resource: report.resource ? report.resource.address : null,
          module: report.resource ? report.resource.module.path : '',
          related: report.related?.map((r) => ({
            file: r.location.file,
            range: toTextRange(r.location.range),
            message: redactMarkedTexts(configuration, r.message),
          })),
          fixes: safeFixes(report.fixes, configuration),
        });
      },
    };
    checkBudget();
    try {
      rule.check(context);
    } catch (error) {
      rethrowBudget(error);
      // One broken rule must not hide the others' findings; report it as an internal problem.
      findings.push({
        ruleId: 'internal-error',
        severity: 'warning',
        message: `Rule ${rule.meta.id} failed on this configuration: ${(error as Error).message}. Please report this.`,
        file: null,
        range: null,
        resource: null,
        module: '',
      });
    }
  }
  for (const problem of configuration.problems.slice(problemsBeforeRules)) {
    const finding = problemToFinding(problem, severities);
    if (finding) findings.push(finding);
  }
  return applySuppressions(configuration, findings, options.keepSuppressed === true);
}

/** The report's data with every marked text redacted, as the message is (for rendering it in another language). */
function redactData(configuration: Configuration, data: Record<string, string | number>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(data)) out[key] = typeof value === 'string' ? redactMarkedTexts(configuration, value) : value;
  return out;
}

/**
 * Keeps the fixes that are safe to apply. Code `terraform init` installed (under `.terraform/`, or the data folder `TF_DATA_DIR` names) is
 * never edited: init would overwrite it. A fix touching a `.json` file stays only when each of its
 * edits there replaces one whole JSON value with another JSON value (so the file stays valid JSON
 * with its layout); a fix that would write native syntax into JSON is dropped. The finding shows
 * either way.
 */
function safeFixes(fixes: Fix[] | undefined, configuration: Configuration): Fix[] | undefined {
  if (!fixes) return fixes;
  fixes = plainEdits(fixes);
  const dataDir = configuration.dataDir + nodePath.sep;
  const installed = (file: string) => file.split(/[\\/]/).includes('.terraform') || file.startsWith(dataDir);
  if (fixes.some((fix) => fix.edits.some((e) => installed(e.file)))) {
    fixes = fixes.filter((fix) => !fix.edits.some((e) => installed(e.file)));
    if (fixes.length === 0) return undefined;
  }
  if (fixes.every((fix) => fix.edits.every((e) => !isJsonFile(e.file)))) return fixes;
  const texts = new Map<string, string>();
  for (const module of configuration.modules) for (const file of module.files) texts.set(file.path, file.text);
  const offsetOf = (text: string, line: number, character: number) => {
    let offset = 0;
    for (let l = 0; l < line; l++) {
      const next = text.indexOf('\n', offset);
      if (next < 0) return -1;
      offset = next + 1;
    }
    return offset + character;
  };
  const isValue = (text: string) => parseJson(text).value !== undefined;
  const safe = fixes.filter((fix) =>
    fix.edits.every((edit) => {
      if (!isJsonFile(edit.file)) return true;
      const text = texts.get(edit.file);
      if (text === undefined) return false;
      const start = offsetOf(text, edit.range.start.line, edit.range.start.character);
      const end = offsetOf(text, edit.range.end.line, edit.range.end.character);
      return start >= 0 && end > start && isValue(text.slice(start, end)) && isValue(edit.newText);
    }),
  );
  return safe.length > 0 ? safe : undefined;
}

/**
 * With no ECS workload in the configuration, nothing says the endpoints must serve tasks: what the
 * rules find about endpoints and the VPC is advice, at most a warning, never an error.
 */
function capSeverity(severity: Severity, noWorkload: boolean): Severity {
  return noWorkload && severity === 'error' ? 'warning' : severity;
}

function problemToFinding(problem: LoadProblem, severities: SeverityOverrides): Finding | undefined {
  const ruleId = problem.kind === 'syntax' ? 'hcl-syntax' : problem.kind === 'unreadable' ? 'file-unreadable' : problem.kind;
  const override = severities[ruleId];
  if (override === 'off') return undefined;
  const meta = CHECKER_MESSAGES.find((m) => m.id === ruleId)!;
  return {
    ruleId,
    severity: override ?? problem.severity ?? meta.defaultSeverity,
    message: problem.message,
    file: problem.file,
    range: problem.range ? toTextRange(problem.range) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    resource: null,
    module: problem.module,
    related: problem.related
      ? [{ file: problem.related.file, range: toTextRange(problem.related.range), message: problem.related.message }]
      : undefined,
  };
}

/** One ignore comment: the rule ids it names and the reason written after them. */
interface Suppression {
  ids: Set<string>;
  reason: string;
}

function parseSuppression(text: string): { file: boolean; suppression: Suppression } | undefined {
  const m = IGNORE_PATTERN.exec(text);
  if (!m) return undefined;
  const ids = new Set(
    m[2]
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== ''),
  );
  return { file: m[1] === '-file', suppression: { ids, reason: (m[3] ?? '').trim() } };
}

/**
 * Applies ignore comments: a comment on the line(s) directly above a top-level block covers the
 * block, one above an argument or nested block covers that argument or block, and an `ignore-file`
 * comment covers the whole file. Suppressed findings are dropped, or kept marked with the reason.
 */
function applySuppressions(configuration: Configuration, findings: Finding[], keep: boolean): Finding[] {
  const filesByPath = new Map<string, import('../hcl/ast').HclFile>();
  for (const module of configuration.modules) for (const file of module.files) filesByPath.set(file.path, file);
  const cache = new Map<string, { byLine: Map<number, Suppression[]>; wholeFile: Suppression[] }>();
  const suppressionsOf = (path: string) => {
    let entry = cache.get(path);
    if (entry) return entry;
    entry = { byLine: new Map(), wholeFile: [] };
    const file = filesByPath.get(path);
    if (file) {
      const commentsByLine = new Map<number, string>();
      for (const comment of file.comments) {
        const parsed = parseSuppression(comment.text);
        if (parsed?.file) entry.wholeFile.push(parsed.suppression);
        else commentsByLine.set(comment.range.start.line, comment.text);
      }
      const byLine = entry.byLine;
      const visit = (items: import('../hcl/ast').BodyItem[], depth: number) => {
        for (const item of items) {
          const found: Suppression[] = [];
          for (let line = item.range.start.line - 1; commentsByLine.has(line); line--) {
            const parsed = parseSuppression(commentsByLine.get(line)!);
            if (parsed) found.push(parsed.suppression);
          }
          if (found.length > 0) {
            for (let line = item.range.start.line; line <= item.range.end.line; line++)
              byLine.set(line, [...(byLine.get(line) ?? []), ...found]);
          }
          if (item.kind === 'block' && depth < 32) visit(item.body.items, depth + 1);
        }
      };
      visit(file.body.items, 0);
    }
    cache.set(path, entry);
    return entry;
  };
  const out: Finding[] = [];
  for (const finding of findings) {
    let match: Suppression | undefined;
    if (finding.file) {
      const { byLine, wholeFile } = suppressionsOf(finding.file);
      const candidates = [...(finding.range ? (byLine.get(finding.range.start.line) ?? []) : []), ...wholeFile];
      match = candidates.find((s) => s.ids.has(finding.ruleId) || s.ids.has('all'));
    }
    if (!match) out.push(finding);
    else if (keep) out.push({ ...finding, suppressed: { justification: match.reason || 'no reason given' } });
  }
  return out;
}
