/**
 * GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`): annotations in the
 * job log and on the pull request's changed lines. Escaping follows the runner's rules: `%`, CR and LF
 * everywhere, and also `:` and `,` in property values.
 */
import type { Finding, Severity } from '../../core/findings';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One workflow command per finding. Paths are relative to the workspace, as the runner expects. */
export function toGithubAnnotations(findings: Finding[], relative: (file: string | null) => string | null): string {
  const lines = findings.map((f) => {
    const properties: string[] = [];
    const file = relative(f.file);
    if (file) properties.push(`file=${escapeProperty(file)}`);
    if (f.range) {
      properties.push(`line=${f.range.start.line + 1}`, `col=${f.range.start.character + 1}`);
      properties.push(`endLine=${f.range.end.line + 1}`);
      if (f.range.end.line === f.range.start.line) properties.push(`endColumn=${f.range.end.character + 1}`);
    }
    properties.push(`title=${escapeProperty(`private-ecr ${f.ruleId}`)}`);
    return `::${COMMAND[f.severity]} ${properties.join(',')}::${escapeData(f.message)}`;
  });
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}
