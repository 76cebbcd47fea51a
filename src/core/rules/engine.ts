/**
 * Runs rules over one configuration: builds the network and workload views once, collects
 * reports, applies severity overrides and `# private-ecr:ignore` comments, and turns load
 * problems (syntax errors, unreadable files, bad module sources) into findings.
 */
import type { Range } from '../hcl/ast';
import type { Finding, Severity, TextRange } from '../findings';
import type { Configuration, LoadProblem } from '../model/config';
import { Network } from '../model/network';
import { findWorkloads } from '../model/workloads';
import { CHECKER_MESSAGES } from './checker-messages';
import { formatMessage, type Rule, type RuleContext } from './types';

/** Per-rule severity overrides; `off` disables a rule. */
export type SeverityOverrides = Record<string, Severity | 'off'>;

/** Options of one run. */
export interface EngineOptions {
  rules: Rule[];
  severities?: SeverityOverrides;
}

/** Converts a syntax-tree range to the findings' line/character range. */
export function toTextRange(range: Range): TextRange {
  return { start: { line: range.start.line, character: range.start.character }, end: { line: range.end.line, character: range.end.character } };
}

const IGNORE_PATTERN = /private-ecr:ignore\s+([a-z0-9-]+)/g;

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
          severity: override ?? report.severity ?? rule.meta.defaultSeverity,
          message: formatMessage(template, report.data),
          file: report.location.file,
          range: toTextRange(report.location.range),
          resource: report.resource ? report.resource.address : null,
          module: report.resource ? report.resource.module.path : '',
          related: report.related?.map((r) => ({ file: r.location.file, range: toTextRange(r.location.range), message: r.message })),
          fixes: report.fixes,
        });
      },
    };
    try {
      rule.check(context);
    } catch (error) {
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
  return applySuppressions(configuration, findings);
}

function problemToFinding(problem: LoadProblem, severities: SeverityOverrides): Finding | undefined {
  const ruleId = problem.kind === 'syntax' ? 'hcl-syntax' : problem.kind === 'unreadable' ? 'file-unreadable' : 'module-source';
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
  };
}

/** Drops findings whose block has `# private-ecr:ignore <rule-id> <reason>` on the line(s) just above it. */
function applySuppressions(configuration: Configuration, findings: Finding[]): Finding[] {
  const filesByPath = new Map<string, import('../hcl/ast').HclFile>();
  for (const module of configuration.modules) for (const file of module.files) filesByPath.set(file.path, file);
  const ignoredCache = new Map<string, Map<number, Set<string>>>();
  const ignoredRulesAbove = (path: string): Map<number, Set<string>> => {
    let map = ignoredCache.get(path);
    if (map) return map;
    map = new Map();
    const file = filesByPath.get(path);
    if (file) {
      // For each top-level block, gather the ignore comments on the lines directly above it.
      const commentsByLine = new Map<number, string>();
      for (const comment of file.comments) commentsByLine.set(comment.range.start.line, comment.text);
      for (const item of file.body.items) {
        const ids = new Set<string>();
        for (let line = item.range.start.line - 1; commentsByLine.has(line); line--) {
          for (const m of commentsByLine.get(line)!.matchAll(IGNORE_PATTERN)) ids.add(m[1]);
        }
        if (ids.size > 0) for (let line = item.range.start.line; line <= item.range.end.line; line++) map.set(line, ids);
      }
    }
    ignoredCache.set(path, map);
    return map;
  };
  return findings.filter((finding) => {
    if (!finding.file || !finding.range) return true;
    const ids = ignoredRulesAbove(finding.file).get(finding.range.start.line);
    return !(ids && (ids.has(finding.ruleId) || ids.has('all')));
  });
}
