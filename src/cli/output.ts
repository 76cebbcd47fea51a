/**
 * How `check` prints findings: compiler-style text lines with a summary, the JSON contract
 * (`{"version":1,"findings":[...]}`) or SARIF 2.1.0; paths relative to the current folder.
 */
import * as nodePath from 'path';
import type { Finding, Severity } from '../core/findings';
import { toSarif } from './sarif';

/** Where the CLI writes. */
export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** A path relative to the current folder, with forward slashes. */
export function relative(file: string | null): string | null {
  if (!file) return null;
  const rel = nodePath.relative(process.cwd(), file);
  return (rel === '' ? '.' : rel).split(nodePath.sep).join('/');
}

/** The JSON contract: `{"version":1,"findings":[...]}`. */
export function findingsToJson(findings: Finding[]): object {
  return {
    version: 1,
    findings: findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      file: relative(f.file),
      range: f.range,
      resource: f.resource,
      module: f.module,
      ...(f.related && f.related.length > 0 ? { related: f.related.map((r) => ({ file: relative(r.file), range: r.range, message: r.message })) } : {}),
      ...(f.fixes && f.fixes.length > 0 ? { fixes: f.fixes.map((x) => ({ title: x.title, edits: x.edits.map((e) => ({ file: relative(e.file), range: e.range, newText: e.newText })) })) } : {}),
    })),
  };
}

/** One `file:line:col severity rule message` line per finding and a count line. */
export function formatText(findings: Finding[]): string {
  const lines = findings.map((f) => {
    const address = f.resource ? `${f.module ? f.module + '.' : ''}${f.resource}` : '';
    const where = f.file
      ? f.range
        ? `${relative(f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1}`
        : `${relative(f.file)}${address ? ` (${address})` : ''}`
      : '<no file>';
    return `${where} ${f.severity} ${f.ruleId} ${f.message}`;
  });
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  lines.push(`${findings.length} finding${findings.length === 1 ? '' : 's'} (${count('error')} error, ${count('warning')} warning, ${count('info')} info)`);
  return lines.join('\n') + '\n';
}

/** The findings in the requested format, ready for stdout. */
export function formatFindings(findings: Finding[], format: 'text' | 'json' | 'sarif', version: string): string {
  if (format === 'json') return JSON.stringify(findingsToJson(findings), null, 2) + '\n';
  if (format === 'sarif') return JSON.stringify(toSarif(findings, version, relative), null, 2) + '\n';
  return formatText(findings);
}
