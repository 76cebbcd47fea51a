/**
 * JUnit XML (GitLab merge-request test reports, Jenkins, Azure Pipelines): one `<testsuite>` per file with
 * findings, one failing `<testcase>` per finding; a clean run is one passing test case, so a consumer
 * sees that the check ran rather than an empty report.
 */
import type { Finding } from '../../core/findings';
import { escapeXml, groupByFile } from './xml';

/** Renders findings as a JUnit report. `checked` names what was checked, for the clean-run test case. */
export function toJunit(
  findings: Finding[],
  relative: (file: string | null) => string | null,
  checked = 'Terraform configuration',
): string {
  const byFile = groupByFile(findings, relative);
  const failures = findings.length;
  const tests = Math.max(1, failures);
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<testsuites name="private-ecr" tests="${tests}" failures="${failures}" errors="0">`,
  ];
  if (failures === 0) {
    lines.push(`  <testsuite name="private-ecr" tests="1" failures="0" errors="0" skipped="0">`);
    lines.push(`    <testcase classname="private-ecr" name="${escapeXml(`no findings in ${checked}`)}"/>`);
    lines.push('  </testsuite>');
  }
  for (const [name, list] of byFile) {
    lines.push(`  <testsuite name="${escapeXml(name)}" tests="${list.length}" failures="${list.length}" errors="0" skipped="0">`);
    for (const f of list) {
      const line = (f.range?.start.line ?? 0) + 1;
      const column = (f.range?.start.character ?? 0) + 1;
      const where = `${name}:${line}:${column}`;
      lines.push(
        `    <testcase classname="private-ecr.${escapeXml(f.ruleId)}" name="${escapeXml(`${where} ${f.ruleId}${f.resource ? ` ${f.resource}` : ''}`)}" file="${escapeXml(name)}" line="${line}">`,
      );
      lines.push(
        `      <failure type="${f.severity}" message="${escapeXml(f.message)}">${escapeXml(`${where} ${f.severity} ${f.ruleId}\n${f.message}`)}</failure>`,
      );
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}
