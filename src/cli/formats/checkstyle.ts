/**
 * Checkstyle XML (the format Jenkins' warnings-ng, reviewdog and many CI dashboards read): one `<file>`
 * per file with findings, one `<error>` per finding, 1-based line and column, `source` naming the rule.
 */
import type { Finding, Severity } from '../../core/findings';
import { escapeXml, groupByFile } from './xml';

const SEVERITY: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'info' };

/** Renders findings as a Checkstyle 4.3 report. Findings without a file are reported under the name "(no file)". */
export function toCheckstyle(findings: Finding[], relative: (file: string | null) => string | null): string {
  const byFile = groupByFile(findings, relative);
  const lines = ['<?xml version="1.0" encoding="utf-8"?>', '<checkstyle version="4.3">'];
  for (const [name, list] of byFile) {
    lines.push(`  <file name="${escapeXml(name)}">`);
    for (const f of list) {
      const line = (f.range?.start.line ?? 0) + 1;
      const column = (f.range?.start.character ?? 0) + 1;
      lines.push(
        `    <error line="${line}" column="${column}" severity="${SEVERITY[f.severity]}" message="${escapeXml(f.message)}" source="private-ecr.${escapeXml(f.ruleId)}"/>`,
      );
    }
    lines.push('  </file>');
  }
  lines.push('</checkstyle>');
  return lines.join('\n') + '\n';
}
