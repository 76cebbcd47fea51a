/**
 * GitLab Code Quality report (the `codequality` artifact): a JSON array of issues with a description,
 * check name, stable fingerprint, severity and location (path relative to the repository, 1-based line).
 */
import type { Finding, Severity } from '../../core/findings';
import { fingerprint } from './fingerprint';

const SEVERITY: Record<Severity, 'major' | 'minor' | 'info'> = { error: 'major', warning: 'minor', info: 'info' };

/** Renders findings as Code Quality issues. Repeated identical findings get distinct fingerprints, as GitLab requires. */
export function toGitlabCodeQuality(findings: Finding[], relative: (file: string | null) => string | null): string {
  const seen = new Map<string, number>();
  const issues = findings.map((f) => {
    const path = relative(f.file) ?? '.';
    let print = fingerprint(f, relative(f.file));
    const count = seen.get(print) ?? 0;
    seen.set(print, count + 1);
    if (count > 0) print = `${print}-${count}`;
    return {
      type: 'issue',
      description: f.message,
      check_name: f.ruleId,
      categories: ['Bug Risk'],
      fingerprint: print,
      severity: SEVERITY[f.severity],
      location: { path, lines: { begin: (f.range?.start.line ?? 0) + 1, end: (f.range?.end.line ?? f.range?.start.line ?? 0) + 1 } },
    };
  });
  return JSON.stringify(issues, null, 2) + '\n';
}
