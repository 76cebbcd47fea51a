/**
 * How `check` prints findings: compiler-style text lines with a summary, the JSON contract
 * (`{"version":1,"findings":[...]}`) or SARIF 2.1.0; paths relative to the current folder.
 */
import * as nodePath from 'path';
import type { Coverage } from '../core/analyze';
import type { Finding, Severity } from '../core/findings';
import type { Language } from '../core/l10n/language';
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

/** What was checked and skipped, paths relative to the current folder (the `coverage` field of JSON and SARIF). */
export function coverageToJson(coverage: Coverage): object {
  return {
    roots: coverage.roots.map((r) => relative(r)),
    modules: coverage.modules,
    files: coverage.files.map((f) => relative(f)),
    skipped: coverage.skipped.map((s) => ({
      what: s.root ? s.what : relative(s.what),
      reason: s.reason,
      ...(s.root ? { root: relative(s.root) } : {}),
    })),
  };
}

/** The JSON contract: `{"version":1,"findings":[...],"coverage":{...}}` (coverage added in a compatible way: only a new field). */
export function findingsToJson(findings: Finding[], coverage?: Coverage): object {
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
      // Added fields come after the version-1 ones.
      ...(f.messageId ? { messageId: f.messageId } : {}),
      ...(f.related && f.related.length > 0
        ? { related: f.related.map((r) => ({ file: relative(r.file), range: r.range, message: r.message })) }
        : {}),
      ...(f.suppressed ? { suppressed: f.suppressed } : {}),
      ...(f.fixes && f.fixes.length > 0
        ? {
            fixes: f.fixes.map((x) => ({
              title: x.title,
              edits: x.edits.map((e) => ({ file: relative(e.file), range: e.range, newText: e.newText })),
            })),
          }
        : {}),
    })),
    ...(coverage ? { coverage: coverageToJson(coverage) } : {}),
  };
}

/** The closing lines of the text output: what was checked, and what was skipped and why. */
export function formatCoverage(coverage: Coverage, language: Language = 'en'): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const ja = language === 'ja';
  const lines = [
    ja
      ? `ルートモジュール ${coverage.roots.length} 個、モジュールインスタンス ${coverage.modules} 個、ファイル ${coverage.files.length} 個をチェックしました。`
      : `Checked ${plural(coverage.roots.length, 'root module')}, ${plural(coverage.modules, 'module instance')}, ${plural(coverage.files.length, 'file')}.`,
  ];
  if (coverage.skipped.length === 0) lines.push(ja ? 'スキップ: なし。' : 'Skipped: nothing.');
  else {
    lines.push(ja ? `スキップ ${coverage.skipped.length} 件:` : `Skipped ${coverage.skipped.length}:`);
    for (const s of coverage.skipped) lines.push(`  ${s.root ? `${relative(s.root)}: ${s.what}` : relative(s.what)}: ${s.reason}`);
  }
  return lines.join('\n') + '\n';
}

/** One `file:line:col severity rule message` line per finding and a count line. */
export function formatText(findings: Finding[], language: Language = 'en'): string {
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
  lines.push(
    language === 'ja'
      ? `${findings.length} 件の問題（エラー ${count('error')}、警告 ${count('warning')}、情報 ${count('info')}）`
      : `${findings.length} finding${findings.length === 1 ? '' : 's'} (${count('error')} error, ${count('warning')} warning, ${count('info')} info)`,
  );
  return lines.join('\n') + '\n';
}

/** The findings in the requested format, ready for stdout; with `coverage`, what was checked and skipped too. */
export function formatFindings(
  findings: Finding[],
  format: 'text' | 'json' | 'sarif',
  version: string,
  coverage?: Coverage,
  language: Language = 'en',
): string {
  if (format === 'json') return JSON.stringify(findingsToJson(findings, coverage), null, 2) + '\n';
  if (format === 'sarif') {
    const sarif = toSarif(findings, version, relative, undefined, language) as { runs: Array<{ properties?: Record<string, unknown> }> };
    if (coverage) for (const run of sarif.runs) run.properties = { ...run.properties, coverage: coverageToJson(coverage) };
    return JSON.stringify(sarif, null, 2) + '\n';
  }
  return formatText(findings, language) + (coverage ? formatCoverage(coverage, language) : '');
}
