/**
 * Applies text edits to file texts: positions converted from line/character through one table of
 * line starts, overlapping edits skipped (the first one wins), the new text assembled in one pass
 * (linear in the text plus the edits, however many edits there are). Inserted text follows the
 * file's own conventions: its line endings (CRLF or LF) and its indentation (tabs or spaces).
 */
import type { LineCharacter, TextEdit, TextRange } from '../findings';

/** How a file writes line breaks and indents lines. */
export interface FileConventions {
  eol: '\n' | '\r\n';
  indent: 'spaces' | 'tabs';
}

/** The conventions a text follows: the line ending and the indentation most of its lines use (LF and spaces when none). */
export function detectConventions(text: string): FileConventions {
  let crlf = 0;
  let lf = 0;
  let tabs = 0;
  let spaces = 0;
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (lineStart) {
      if (c === 9) tabs++;
      else if (c === 32) spaces++;
      lineStart = false;
    }
    if (c === 10) {
      if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
      else lf++;
      lineStart = true;
    }
  }
  return { eol: crlf > lf ? '\r\n' : '\n', indent: tabs > spaces ? 'tabs' : 'spaces' };
}

/** The offsets where each line of `text` starts. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Line and character of an offset, given the text's line starts (see {@link lineStarts}). */
export function positionAtOffset(starts: number[], offset: number): LineCharacter {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}

/** True when `position` lies in `range`, both ends included. */
export function rangeContains(range: TextRange, position: LineCharacter): boolean {
  const afterStart =
    position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
  const beforeEnd = position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return afterStart && beforeEnd;
}

/** Offset of a line/character position, given the line starts of `text` (clamped to the line, never between CR and LF). */
function offsetIn(text: string, starts: number[], position: LineCharacter): number {
  if (position.line >= starts.length) return text.length;
  const start = starts[position.line];
  let end = position.line + 1 < starts.length ? starts[position.line + 1] - 1 : text.length;
  if (end > start && text.charCodeAt(end - 1) === 13 && end < text.length) end--;
  return Math.min(start + Math.max(0, position.character), end);
}

/** Offset of a line/character position in `text` (clamped to the text). */
export function offsetAt(text: string, position: LineCharacter): number {
  return offsetIn(text, lineStarts(text), position);
}

/**
 * Rewrites inserted text to a file's conventions: line breaks become the file's, and in a
 * tab-indented file each two leading spaces become a tab. Lines inside heredocs keep their
 * indentation (it is part of the string). `atLineStart` says whether the text begins a line.
 */
export function adaptToConventions(newText: string, conventions: FileConventions, atLineStart: boolean): string {
  let text = newText.indexOf('\r') >= 0 ? newText.replace(/\r\n/g, '\n') : newText;
  if (conventions.indent === 'tabs' && text.indexOf('  ') >= 0) {
    const lines = text.split('\n');
    let heredoc: string | undefined;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (heredoc !== undefined) {
        if (line.trim() === heredoc) heredoc = undefined;
        else continue;
      }
      if (i > 0 || atLineStart) {
        const lead = /^[ \t]*/.exec(line)![0];
        if (lead.includes(' ')) {
          const tabCount = lead.split('\t').length - 1;
          const spaceCount = lead.length - tabCount;
          lines[i] = '\t'.repeat(tabCount + Math.floor(spaceCount / 2)) + ' '.repeat(spaceCount % 2) + line.slice(lead.length);
        }
      }
      const opens = /<<-?([A-Za-z_][A-Za-z0-9_-]*)\s*$/.exec(line);
      if (opens) heredoc = opens[1];
    }
    text = lines.join('\n');
  }
  return conventions.eol === '\r\n' ? text.replace(/\n/g, '\r\n') : text;
}

/**
 * Applies edits to one text. Returns the new text and how many edits were skipped for overlapping.
 * Inserted text is adapted to `conventions` (by default, the text's own).
 */
export function applyEdits(
  text: string,
  edits: TextEdit[],
  conventions: FileConventions = detectConventions(text),
): { text: string; skipped: number } {
  if (edits.length === 0) return { text, skipped: 0 };
  const starts = lineStarts(text);
  const resolved = edits.map((edit, index) => {
    const start = offsetIn(text, starts, edit.range.start);
    const end = Math.max(start, offsetIn(text, starts, edit.range.end));
    return { edit, index, start, end };
  });
  // Keep the first edit of any overlapping pair (insertions at the same point are kept in order).
  resolved.sort((a, b) => a.start - b.start || a.index - b.index);
  const parts: string[] = [];
  let skipped = 0;
  let lastEnd = -1;
  let copied = 0;
  for (const r of resolved) {
    if (r.start < lastEnd) {
      skipped++;
      continue;
    }
    parts.push(text.slice(copied, r.start));
    const atLineStart = r.start === 0 || text.charCodeAt(r.start - 1) === 10;
    parts.push(adaptToConventions(r.edit.newText, conventions, atLineStart));
    copied = r.end;
    lastEnd = Math.max(lastEnd, r.end);
  }
  parts.push(text.slice(copied));
  return { text: parts.join(''), skipped };
}

/** The edits with their inserted text adapted to the conventions of `text` (for editors that apply edits themselves). */
export function adaptEditsToText(text: string, edits: TextEdit[]): TextEdit[] {
  const conventions = detectConventions(text);
  if (conventions.eol === '\n' && conventions.indent === 'spaces') return edits;
  const starts = lineStarts(text);
  return edits.map((edit) => {
    const start = offsetIn(text, starts, edit.range.start);
    const atLineStart = start === 0 || text.charCodeAt(start - 1) === 10;
    return { ...edit, newText: adaptToConventions(edit.newText, conventions, atLineStart) };
  });
}
