/** What the JUnit and Checkstyle reports share: XML escaping and findings grouped by file. */
import type { Finding } from '../../core/findings';

/** Escapes text for an XML attribute value or element content; drops characters XML 1.0 cannot carry. */
export function escapeXml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
      // Attribute values are whitespace-normalised by XML parsers: keep line breaks and tabs as references.
      .replace(/\n/g, '&#10;')
      .replace(/\r/g, '&#13;')
      .replace(/\t/g, '&#9;')
  );
}

/** Findings by their file as the report names it ("(no file)" for findings about no file), in order. */
export function groupByFile(findings: Finding[], relative: (file: string | null) => string | null): Map<string, Finding[]> {
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) {
    const name = relative(finding.file) ?? '(no file)';
    const list = byFile.get(name) ?? [];
    list.push(finding);
    byFile.set(name, list);
  }
  return byFile;
}
