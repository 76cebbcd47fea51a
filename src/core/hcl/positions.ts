/**
 * Compact source ranges. The parser stores two offsets per range and one table of line starts per
 * file; the line and column of an end are computed only when someone asks for them (a finding, a
 * fix, a diagnostic), so a syntax tree costs one small object per range instead of three.
 */
import type { Position, Range } from './ast';

/** The offsets at which the lines of one text start, and the offset → line/column lookup. */
export class LineMap {
  private readonly starts: Int32Array;
  private readonly count: number;
  /** The last line found: lookups mostly come in text order, so the next one is usually at or near it. */
  private lastLine = 0;

  constructor(text: string) {
    let count = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
    const starts = new Int32Array(count);
    let line = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts[line++] = i + 1;
    this.starts = starts;
    this.count = count;
  }

  /** The 0-based line holding `offset`. */
  lineOf(offset: number): number {
    const starts = this.starts;
    let line = this.lastLine;
    if (starts[line] <= offset && (line + 1 === this.count || starts[line + 1] > offset)) return line;
    let low = 0;
    let high = this.count - 1;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    line = low;
    this.lastLine = line;
    return line;
  }

  positionAt(offset: number): Position {
    const line = this.lineOf(offset);
    return { line, character: offset - this.starts[line], offset };
  }
}

/**
 * The line map of a range, under a symbol key: walkers that visit a tree's values (`Object.values`),
 * `JSON.stringify` and structured cloning see only the two offsets, never the table.
 */
const LINES = Symbol('lines');

/** A `Range` of two offsets; `start` and `end` are made on each read (plain objects, fresh every time). */
export class SourceRange implements Range {
  readonly [LINES]: LineMap;
  readonly startOffset: number;
  readonly endOffset: number;

  constructor(lines: LineMap, startOffset: number, endOffset: number) {
    this[LINES] = lines;
    this.startOffset = startOffset;
    this.endOffset = endOffset;
  }

  get start(): Position {
    return this[LINES].positionAt(this.startOffset);
  }

  get end(): Position {
    return this[LINES].positionAt(this.endOffset);
  }

  /** The same JSON as a plain range. */
  toJSON(): Range {
    return { start: this.start, end: this.end };
  }
}

/** The start offset of any range (compact or plain) without making a position. */
export function startOffsetOf(range: Range): number {
  return range instanceof SourceRange ? range.startOffset : range.start.offset;
}

/** The end offset of any range (compact or plain) without making a position. */
export function endOffsetOf(range: Range): number {
  return range instanceof SourceRange ? range.endOffset : range.end.offset;
}

/** A plain-object copy of `range` (for data that crosses a thread boundary, where getters do not survive). */
export function plainRange(range: Range): Range {
  return { start: range.start, end: range.end };
}
