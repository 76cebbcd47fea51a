/**
 * The scanner of the HCL parser: the text and the position in it, ranges and diagnostics, trivia
 * (spaces, newlines, comments), identifiers, and the skipping that error recovery uses. The
 * newline mode (whether a newline ends an item) is saved and restored in one place, `withNewlines`.
 * Expressions, templates and bodies are read by the classes built on this one (expressions.ts,
 * templates.ts, bodies.ts); parser.ts is the entry point.
 */
import type { Comment, InvalidExpr, Range, SyntaxDiagnostic } from './ast';
import { LineMap, SourceRange, startOffsetOf } from './positions';

/** Deeper nesting than this (blocks, brackets, templates, unary chains) is skipped with one diagnostic. */
export const MAX_NESTING_DEPTH = 200;
/** At most this many diagnostics are kept per file, plus one saying that more were dropped. */
export const MAX_DIAGNOSTICS = 100;
/**
 * Error recovery may step back over text to give lines to an enclosing construct, which then reads
 * them again. Nested recoveries could re-read the same text at every level (2^depth work). The parser
 * counts the terms it parses; past this many per character of input (plus a constant) it stops
 * stepping back, so every character is read a bounded number of times and parsing stays linear.
 */
export const MAX_TERMS_PER_CHAR = 8;

// Character codes. Plain numeric constants: V8 inlines them and they survive any TS transpiler.
export const TAB = 9;
export const LF = 10;
export const CR = 13;
export const SPACE = 32;
export const BANG = 33;
export const QUOTE = 34;
export const HASH = 35;
export const DOLLAR = 36;
export const PERCENT = 37;
export const AMP = 38;
export const APOSTROPHE = 39;
export const LPAREN = 40;
export const RPAREN = 41;
export const STAR = 42;
export const PLUS = 43;
export const COMMA = 44;
export const MINUS = 45;
export const DOT = 46;
export const SLASH = 47;
export const DIGIT0 = 48;
export const DIGIT9 = 57;
export const COLON = 58;
export const LT = 60;
export const EQ = 61;
export const GT = 62;
export const QUESTION = 63;
export const LBRACKET = 91;
export const BACKSLASH = 92;
export const RBRACKET = 93;
export const UNDERSCORE = 95;
export const LBRACE = 123;
export const PIPE = 124;
export const RBRACE = 125;
export const TILDE = 126;
export const BOM = 0xfeff;
export const REPLACEMENT_CHAR = 0xfffd;

export const IDENT_START = new Uint8Array(128);
export const IDENT_PART = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === UNDERSCORE;
  IDENT_START[c] = letter ? 1 : 0;
  IDENT_PART[c] = letter || (c >= DIGIT0 && c <= DIGIT9) || c === MINUS ? 1 : 0;
}
/** Block types that only appear at the top level of a Terraform file (used for error recovery). */
export const TOP_LEVEL_BLOCK_TYPES = new Set([
  'resource',
  'data',
  'module',
  'variable',
  'output',
  'locals',
  'provider',
  'terraform',
  'moved',
  'import',
  'removed',
  'check',
]);
export const UNICODE_ID_START = /^\p{ID_Start}$/u;
export const UNICODE_ID_CONTINUE = /^\p{ID_Continue}$/u;

/** Whitespace as Go's `unicode.IsSpace` sees it: HCL's template strip markers and heredoc indentation use it. */
export function isUnicodeSpace(c: number): boolean {
  if (c <= 0xff) return c === SPACE || (c >= TAB && c <= CR) || c === 0x85 || c === 0xa0;
  return c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

export function trimLeadingSpace(value: string): string {
  let i = 0;
  while (i < value.length && isUnicodeSpace(value.charCodeAt(i))) i++;
  return i === 0 ? value : value.slice(i);
}

export function trimTrailingSpace(value: string): string {
  let i = value.length;
  while (i > 0 && isUnicodeSpace(value.charCodeAt(i - 1))) i--;
  return i === value.length ? value : value.slice(0, i);
}

export function isDigit(c: number): boolean {
  return c >= DIGIT0 && c <= DIGIT9;
}

export function isHexDigit(c: number): boolean {
  return (c >= DIGIT0 && c <= DIGIT9) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/**
 * `list` in an array of exactly its length. An array grown by `push` keeps room for 16 or more elements,
 * and every list of the tree lives as long as the tree: most hold one to three items, so the spare room
 * was most of their memory (and was copied and marked by every collection). Short lists are made by
 * array literals, whose allocation sites V8 can place straight into the old generation.
 */
export function exact<T>(list: T[]): T[] {
  switch (list.length) {
    case 0:
      return [];
    case 1:
      return [list[0]];
    case 2:
      return [list[0], list[1]];
    case 3:
      return [list[0], list[1], list[2]];
    case 4:
      return [list[0], list[1], list[2], list[3]];
    default:
      return list.slice();
  }
}

/** Reads characters directly (no token array); see parser.ts for why. */
export abstract class HclScanner {
  readonly errors: SyntaxDiagnostic[] = [];
  readonly comments: Comment[] = [];
  protected readonly text: string;
  protected readonly length: number;
  protected readonly lines: LineMap;
  protected pos = 0;
  protected depth = 0;
  protected newlinesSignificant = true;
  protected tooDeepReported = false;
  /** Terms parsed so far, and the count past which recovery no longer steps back (see MAX_TERMS_PER_CHAR). */
  protected terms = 0;
  protected readonly termLimit: number;

  get termCount(): number {
    return this.terms;
  }

  protected constructor(text: string) {
    this.text = text;
    this.length = text.length;
    this.lines = new LineMap(text);
    this.termLimit = MAX_TERMS_PER_CHAR * text.length + 4096;
  }

  // ---------------------------------------------------------------- positions and diagnostics

  protected range(start: number, end: number): Range {
    return new SourceRange(this.lines, start, end);
  }

  protected lineNumberOf(offset: number): number {
    return this.lines.lineOf(offset) + 1;
  }

  protected error(message: string, start: number, end: number): void {
    const count = this.errors.length;
    if (count >= MAX_DIAGNOSTICS) {
      if (count === MAX_DIAGNOSTICS) {
        this.errors.push({
          message: `Too many syntax errors; only the first ${MAX_DIAGNOSTICS} are reported`,
          range: this.range(start, start),
        });
      }
      return;
    }
    const length = this.length;
    this.errors.push({ message, range: this.range(Math.min(start, length), Math.min(Math.max(end, start), length)) });
  }

  /** A short human description of the character at `offset`, for messages. */
  protected describeAt(offset: number): string {
    if (offset >= this.length) return 'the end of the file';
    const c = this.text.charCodeAt(offset);
    if (c === LF || c === CR) return 'the end of the line';
    const cp = this.text.codePointAt(offset)!;
    return `'${String.fromCodePoint(cp)}'`;
  }

  /** Characters that can start no HCL token at all. */
  protected isInvalidCharAt(offset: number): boolean {
    const c = this.text.charCodeAt(offset);
    if (c < 128) {
      return (
        c === 64 /* @ */ ||
        c === 96 /* ` */ ||
        c === 94 /* ^ */ ||
        c === 59 /* ; */ ||
        c === BACKSLASH ||
        c === APOSTROPHE ||
        c === DOLLAR ||
        c === 0x7f ||
        (c < SPACE && c !== TAB && c !== LF && c !== CR)
      );
    }
    return !this.isIdentStartAt(offset) && c !== BOM;
  }

  protected invalidCharMessage(offset: number): string {
    const c = this.text.charCodeAt(offset);
    if (c === APOSTROPHE) return 'Invalid character "\'": strings use double quotes ("...")';
    if (c < SPACE || c === 0x7f) return `Invalid control character U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
    return `Invalid character ${this.describeAt(offset)}`;
  }

  // ---------------------------------------------------------------- trivia

  /**
   * Skips spaces, tabs, carriage returns and block comments; also newlines and line comments
   * where newlines mean nothing (inside brackets, parentheses, interpolations, `for`).
   */
  protected skipTrivia(): void {
    const text = this.text;
    const length = this.length;
    let p = this.pos;
    while (p < length) {
      const c = text.charCodeAt(p);
      if (c === SPACE || c === TAB || c === CR) {
        p++;
      } else if (c === LF) {
        if (this.newlinesSignificant) break;
        p++;
      } else if (c === HASH) {
        if (this.newlinesSignificant) break;
        p = this.readLineComment(p);
      } else if (c === SLASH) {
        const next = text.charCodeAt(p + 1);
        if (next === STAR) p = this.readBlockComment(p);
        else if (next === SLASH && !this.newlinesSignificant) p = this.readLineComment(p);
        else break;
      } else if (c === BOM && p === 0) {
        p++;
      } else {
        break;
      }
    }
    this.pos = p;
  }

  /** Skips all trivia including newlines and line comments, whatever the current mode. */
  protected skipTriviaAndNewlines(): void {
    this.withNewlines(false, () => this.skipTrivia());
  }

  /**
   * Runs `parse` with newlines significant (bodies, objects) or not (brackets, parentheses,
   * interpolations), then restores the mode of the enclosing construct: the one place that saves it.
   */
  protected withNewlines<T>(significant: boolean, parse: () => T): T {
    const saved = this.newlinesSignificant;
    this.newlinesSignificant = significant;
    try {
      return parse();
    } finally {
      this.newlinesSignificant = saved;
    }
  }

  /** Records the line comment at `start`; returns the offset of its terminating newline (or the end). */
  protected readLineComment(start: number): number {
    const text = this.text;
    let end = text.indexOf('\n', start);
    if (end < 0) end = this.length;
    const contentEnd = end > start && text.charCodeAt(end - 1) === CR ? end - 1 : end;
    this.comments.push({ text: text.slice(start, contentEnd), range: this.range(start, contentEnd) });
    return end;
  }

  /** Records the block comment at `start`; returns the offset just after it. */
  protected readBlockComment(start: number): number {
    const close = this.text.indexOf('*/', start + 2);
    const end = close < 0 ? this.length : close + 2;
    this.comments.push({ text: this.text.slice(start, end), range: this.range(start, end) });
    if (close < 0) this.error("Unterminated comment: '/*' has no matching '*/'", start, start + 2);
    return end;
  }

  /** True when the rest of the line holds nothing but trivia. */
  protected atEndOfLine(): boolean {
    const p = this.pos;
    if (p >= this.length) return true;
    const c = this.text.charCodeAt(p);
    return c === LF || c === HASH || (c === SLASH && this.text.charCodeAt(p + 1) === SLASH);
  }

  /**
   * Moves back to `offset`, forgetting comments recorded past it so they are not recorded twice.
   * Once the term budget is spent, only a step back over a short run of spaces is still taken: the
   * text already read is not read again, whatever the recovery would have preferred.
   */
  protected rewindTo(offset: number): void {
    if (offset < this.pos && this.terms > this.termLimit && !this.onlySpacesBetween(offset, this.pos)) return;
    this.pos = offset;
    const comments = this.comments;
    while (comments.length > 0 && startOffsetOf(comments[comments.length - 1].range) >= offset) comments.pop();
  }

  /** Scans only [start, end): `indexOf` from `start` could run to a far newline on every call (quadratic on one long line). */
  protected hasNewlineBetween(start: number, end: number): boolean {
    const text = this.text;
    const stop = Math.min(end, this.length);
    for (let p = start; p < stop; p++) if (text.charCodeAt(p) === LF) return true;
    return false;
  }

  /** True when [start, end) is a short run of whitespace (a step back over it re-reads nothing). */
  protected onlySpacesBetween(start: number, end: number): boolean {
    if (end - start > 256) return false;
    for (let p = start; p < end; p++) if (!isUnicodeSpace(this.text.charCodeAt(p))) return false;
    return true;
  }

  /**
   * Recovery heuristic for a missing closer: a Terraform top-level block header (`resource "x" ...`,
   * `module "m" {` ...) starting in column 0 inside an open block, object or list almost always
   * means the construct above it was never closed. Formatted Terraform indents nested blocks.
   */
  protected atTopLevelBlockStart(): boolean {
    const text = this.text;
    const p = this.pos;
    if (p > 0 && text.charCodeAt(p - 1) !== LF) return false;
    const c = text.charCodeAt(p);
    if (!(c >= 97 && c <= 116)) return false; // a..t: the first letters of the keywords below
    const end = this.identifierEnd(p);
    if (!TOP_LEVEL_BLOCK_TYPES.has(text.slice(p, end))) return false;
    let q = end;
    while (text.charCodeAt(q) === SPACE || text.charCodeAt(q) === TAB) q++;
    const next = text.charCodeAt(q);
    return next === QUOTE || next === LBRACE || (q > end && this.isIdentStartAt(q));
  }

  /** The end of [start, end) without trailing spaces. */
  protected trimmedEnd(start: number, end: number): number {
    let e = end;
    while (e > start) {
      const c = this.text.charCodeAt(e - 1);
      if (c !== SPACE && c !== TAB && c !== CR) break;
      e--;
    }
    return e;
  }

  // ---------------------------------------------------------------- identifiers

  protected isIdentStartAt(offset: number): boolean {
    const c = this.text.charCodeAt(offset);
    if (c < 128) return IDENT_START[c] === 1;
    if (!(c >= 128)) return false; // NaN: end of text
    const cp = this.text.codePointAt(offset)!;
    return UNICODE_ID_START.test(String.fromCodePoint(cp));
  }

  protected identifierEnd(offset: number): number {
    const text = this.text;
    const length = this.length;
    let p = offset;
    while (p < length) {
      const c = text.charCodeAt(p);
      if (c < 128) {
        if (IDENT_PART[c] === 1) {
          p++;
          continue;
        }
        return p;
      }
      const cp = text.codePointAt(p)!;
      if (!UNICODE_ID_CONTINUE.test(String.fromCodePoint(cp))) return p;
      p += cp > 0xffff ? 2 : 1;
    }
    return p;
  }

  /** True when the identifier at the current position is exactly `word`. */
  protected atKeyword(word: string): boolean {
    const p = this.pos;
    return this.text.startsWith(word, p) && this.isIdentStartAt(p) && this.identifierEnd(p) === p + word.length;
  }

  // ---------------------------------------------------------------- error recovery helpers

  /**
   * Skips the rest of a malformed line, keeping brackets and strings balanced on that line.
   * Stops before the newline, before a line comment, and (when `stopAtCloseBrace`) before an
   * unmatched `}` so that the enclosing block can still close.
   */
  protected skipRestOfLine(stopAtCloseBrace: boolean): void {
    const text = this.text;
    const length = this.length;
    let p = this.pos;
    let depth = 0;
    while (p < length) {
      const c = text.charCodeAt(p);
      if (c === LF || c === HASH) break;
      if (c === SLASH) {
        const next = text.charCodeAt(p + 1);
        if (next === SLASH) break;
        if (next === STAR) {
          p = this.readBlockComment(p);
          continue;
        }
      } else if (c === QUOTE) {
        p = this.skipQuotedOnLine(p);
        continue;
      } else if (c === LBRACE || c === LBRACKET || c === LPAREN) {
        depth++;
      } else if (c === RBRACE || c === RBRACKET || c === RPAREN) {
        if (depth > 0) depth--;
        else if (c === RBRACE && stopAtCloseBrace) break;
      }
      p++;
    }
    this.pos = p;
  }

  /**
   * From an opening quote, the offset after its closing quote, with interpolations and the strings
   * nested in them skipped as a whole (`"${"${x}"}"`); iterative, so any depth is safe. Stops at the
   * end of the line inside a string (an unterminated one).
   */
  protected skipQuotedTemplate(start: number): number {
    const text = this.text;
    const length = this.length;
    // true: inside a string; false: inside an interpolation or directive (or a brace within one).
    const stack: boolean[] = [true];
    let p = start + 1;
    while (p < length && stack.length > 0) {
      const c = text.charCodeAt(p);
      if (stack[stack.length - 1]) {
        if (c === QUOTE) stack.pop();
        else if (c === LF) return p;
        else if (c === BACKSLASH) p++;
        else if ((c === DOLLAR || c === PERCENT) && text.charCodeAt(p + 1) === LBRACE) {
          if (text.charCodeAt(p - 1) !== c) {
            stack.push(false);
            p++;
          }
        }
      } else if (c === QUOTE) {
        stack.push(true);
      } else if (c === LBRACE) {
        stack.push(false);
      } else if (c === RBRACE) {
        stack.pop();
      }
      p++;
    }
    return p;
  }

  /** From an opening quote, returns the offset after the closing quote, or of the end of the line. */
  protected skipQuotedOnLine(start: number): number {
    const text = this.text;
    const length = this.length;
    let p = start + 1;
    while (p < length) {
      const c = text.charCodeAt(p);
      if (c === QUOTE) return p + 1;
      if (c === LF) return p;
      p += c === BACKSLASH ? 2 : 1;
    }
    return length;
  }

  /**
   * Skips forward over balanced brackets and strings until an unmatched closer, or (when
   * `stopAtSeparators`) a `,` at depth 0 or, where newlines matter, a newline at depth 0.
   * Iterative, so any nesting depth is safe.
   */
  protected skipToEndOfConstruct(stopAtSeparators = true): void {
    const text = this.text;
    const length = this.length;
    let p = this.pos;
    let depth = 0;
    while (p < length) {
      const c = text.charCodeAt(p);
      if (c === LBRACE || c === LBRACKET || c === LPAREN) {
        depth++;
      } else if (c === RBRACE || c === RBRACKET || c === RPAREN) {
        if (depth === 0) break;
        depth--;
      } else if (c === QUOTE) {
        p = this.skipQuotedOnLine(p);
        continue;
      } else if (stopAtSeparators && depth === 0 && (c === COMMA || (c === LF && this.newlinesSignificant))) {
        break;
      }
      p++;
    }
    this.pos = p;
  }

  /**
   * Skips to the closer matching an already-consumed opener and consumes it when it is `closer`;
   * returns whether it was found. An unmatched closer of another kind stops the skip unconsumed.
   */
  protected skipToCloser(closer: number): boolean {
    this.skipToEndOfConstruct(false);
    if (this.pos < this.length && this.text.charCodeAt(this.pos) === closer) {
      this.pos++;
      return true;
    }
    return false;
  }

  protected reportTooDeep(offset: number): void {
    if (this.tooDeepReported) return;
    this.tooDeepReported = true;
    this.error(
      `Nesting is too deep (more than ${MAX_NESTING_DEPTH} levels); the innermost part was skipped`,
      offset,
      Math.min(offset + 1, this.length),
    );
  }

  /** Stands in for an expression nested beyond the cap: skips it without recursing. */
  protected skipTooDeepExpression(): InvalidExpr {
    const start = this.pos;
    this.reportTooDeep(start);
    this.skipToEndOfConstruct();
    return this.invalid(start, this.pos);
  }

  /** A bracketed term at the nesting cap: skipped as a whole (to its matching closer) without recursing. */
  protected skipTooDeepTerm(): InvalidExpr {
    const start = this.pos;
    this.reportTooDeep(start);
    const c = this.text.charCodeAt(start);
    if (c === QUOTE) {
      this.pos = this.skipQuotedTemplate(start);
    } else if (c === LT) {
      this.skipToEndOfConstruct();
    } else {
      this.pos = start + 1;
      this.skipToCloser(c === LBRACKET ? RBRACKET : c === LBRACE ? RBRACE : RPAREN);
    }
    return this.invalid(start, this.pos);
  }

  protected invalid(start: number, end: number): InvalidExpr {
    return { type: 'invalid', range: this.range(start, end) };
  }
}
