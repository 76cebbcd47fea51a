/**
 * Applies text edits to file texts: positions converted from line/character, edits applied from
 * the end so earlier offsets stay valid, overlapping edits skipped (the first one wins).
 */
import type { Finding, LineCharacter, TextEdit } from '../findings';

/** Offset of a line/character position in `text` (clamped to the text). */
export function offsetAt(text: string, position: LineCharacter): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  const lineEnd = text.indexOf('\n', offset);
  const max = lineEnd < 0 ? text.length : lineEnd;
  return Math.min(offset + position.character, max);
}

/** Applies edits to one text. Returns the new text and how many edits were skipped for overlapping. */
export function applyEdits(text: string, edits: TextEdit[]): { text: string; skipped: number } {
  const resolved = edits.map((edit, index) => ({ edit, index, start: offsetAt(text, edit.range.start), end: offsetAt(text, edit.range.end) }));
  // Keep the first edit of any overlapping pair (insertions at the same point are kept in order).
  resolved.sort((a, b) => a.start - b.start || a.index - b.index);
  const kept: typeof resolved = [];
  let skipped = 0;
  let lastEnd = -1;
  for (const r of resolved) {
    if (r.start < lastEnd) {
      skipped++;
      continue;
    }
    kept.push(r);
    lastEnd = Math.max(lastEnd, r.end);
  }
  let out = text;
  for (let i = kept.length - 1; i >= 0; i--) out = out.slice(0, kept[i].start) + kept[i].edit.newText + out.slice(kept[i].end);
  return { text: out, skipped };
}

