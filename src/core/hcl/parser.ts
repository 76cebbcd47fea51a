/**
 * An error-tolerant parser for Terraform's native HCL syntax, producing the tree in `ast.ts`.
 *
 * It reads characters directly (no separate token array): HCL is context-sensitive enough
 * (templates, heredocs, newline-significant bodies and objects) that a scanner-less recursive
 * descent is both the simplest and the fastest shape. Every loop consumes input or stops,
 * nesting is capped, the number of diagnostics is capped, and the parser never throws.
 */
import type {
  Attribute,
  Block,
  Body,
  BodyItem,
  BinaryOperator,
  Comment,
  Expression,
  ForExpr,
  HclFile,
  InvalidExpr,
  Range,
  SplatExpr,
  SyntaxDiagnostic,
  TemplateExpr,
  TemplatePart,
} from './ast';
import { LineMap, SourceRange, endOffsetOf, startOffsetOf } from './positions';

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

/** Parses the text of one `.tf` file. Never throws; syntax problems are returned in `errors`. */
export function parseHcl(text: string, path: string): HclFile {
  return parseHclCountingWork(text, path).file;
}

/** `parseHcl`, plus the number of terms the parser read (re-reads after error recovery included): the measure of its work. */
export function parseHclCountingWork(text: string, path: string): { file: HclFile; terms: number } {
  const parser = new HclParser(text);
  const body = parser.parseFile();
  return { file: { path, text, body, comments: parser.comments, errors: parser.errors }, terms: parser.termCount };
}

// Character codes. Plain numeric constants: V8 inlines them and they survive any TS transpiler.
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const BANG = 33;
const QUOTE = 34;
const HASH = 35;
const DOLLAR = 36;
const PERCENT = 37;
const AMP = 38;
const APOSTROPHE = 39;
const LPAREN = 40;
const RPAREN = 41;
const STAR = 42;
const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const SLASH = 47;
const DIGIT0 = 48;
const DIGIT9 = 57;
const COLON = 58;
const LT = 60;
const EQ = 61;
const GT = 62;
const QUESTION = 63;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const UNDERSCORE = 95;
const LBRACE = 123;
const PIPE = 124;
const RBRACE = 125;
const TILDE = 126;
const BOM = 0xfeff;
const REPLACEMENT_CHAR = 0xfffd;

const IDENT_START = new Uint8Array(128);
const IDENT_PART = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === UNDERSCORE;
  IDENT_START[c] = letter ? 1 : 0;
  IDENT_PART[c] = letter || (c >= DIGIT0 && c <= DIGIT9) || c === MINUS ? 1 : 0;
}
/** Block types that only appear at the top level of a Terraform file (used for error recovery). */
const TOP_LEVEL_BLOCK_TYPES = new Set(['resource', 'data', 'module', 'variable', 'output', 'locals', 'provider', 'terraform', 'moved', 'import', 'removed', 'check']);
const UNICODE_ID_START = /^\p{ID_Start}$/u;
const UNICODE_ID_CONTINUE = /^\p{ID_Continue}$/u;

// Binary operators, indexed by an operator id; precedence levels follow HCL (higher binds tighter).
const OPERATOR_NAMES: BinaryOperator[] = ['||', '&&', '==', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%'];
const OPERATOR_LEVELS = [0, 1, 2, 2, 3, 3, 3, 3, 4, 4, 5, 5, 5];
const OP_OR = 0;
const OP_AND = 1;
const OP_EQ = 2;
const OP_NE = 3;
const OP_LT = 4;
const OP_LE = 5;
const OP_GT = 6;
const OP_GE = 7;
const OP_ADD = 8;
const OP_SUB = 9;
const OP_MUL = 10;
const OP_DIV = 11;
const OP_MOD = 12;

/** Whitespace as Go's `unicode.IsSpace` sees it: HCL's template strip markers and heredoc indentation use it. */
function isUnicodeSpace(c: number): boolean {
  if (c <= 0xff) return c === SPACE || (c >= TAB && c <= CR) || c === 0x85 || c === 0xa0;
  return c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

function trimLeadingSpace(value: string): string {
  let i = 0;
  while (i < value.length && isUnicodeSpace(value.charCodeAt(i))) i++;
  return i === 0 ? value : value.slice(i);
}

function trimTrailingSpace(value: string): string {
  let i = value.length;
  while (i > 0 && isUnicodeSpace(value.charCodeAt(i - 1))) i--;
  return i === value.length ? value : value.slice(0, i);
}

function isDigit(c: number): boolean {
  return c >= DIGIT0 && c <= DIGIT9;
}

function isHexDigit(c: number): boolean {
  return (c >= DIGIT0 && c <= DIGIT9) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** A literal run of template text before strip markers, heredoc indentation and merging are applied. */
interface TextSegment {
  kind: 'segment';
  value: string;
  start: number;
  end: number;
}

type TemplateElement = TextSegment | TemplatePart;

/** Open `%{if}` / `%{for}` directives of one template, for nesting checks. */
interface DirectiveFrame {
  keyword: 'if' | 'for';
  sawElse: boolean;
  start: number;
}

/**
 * The attributes of one body, for the "already set" check. Most bodies are small, so a list is
 * scanned until it grows; a Map per body would dominate the allocation of small blocks.
 */
class AttributeNames {
  private list: Attribute[] | undefined;
  private map: Map<string, Attribute> | undefined;

  /** Records `attribute` unless its name is taken; returns the earlier attribute of that name, if any. */
  addOrGet(attribute: Attribute): Attribute | undefined {
    const name = attribute.name;
    if (this.map) {
      const previous = this.map.get(name);
      if (!previous) this.map.set(name, attribute);
      return previous;
    }
    const list = this.list ?? (this.list = []);
    for (let i = 0; i < list.length; i++) if (list[i].name === name) return list[i];
    list.push(attribute);
    if (list.length > 16) {
      this.map = new Map(list.map((a) => [a.name, a]));
      this.list = undefined;
    }
    return undefined;
  }
}

class HclParser {
  readonly errors: SyntaxDiagnostic[] = [];
  readonly comments: Comment[] = [];
  private readonly text: string;
  private readonly length: number;
  private readonly lines: LineMap;
  private pos = 0;
  private depth = 0;
  private newlinesSignificant = true;
  private tooDeepReported = false;
  /** Terms parsed so far, and the count past which recovery no longer steps back (see MAX_TERMS_PER_CHAR). */
  private terms = 0;
  private readonly termLimit: number;

  get termCount(): number {
    return this.terms;
  }

  constructor(text: string) {
    this.text = text;
    this.length = text.length;
    this.lines = new LineMap(text);
    this.termLimit = MAX_TERMS_PER_CHAR * text.length + 4096;
  }

  parseFile(): Body {
    const start = 0;
    const binaryAt = this.findBinaryContent();
    if (binaryAt >= 0) {
      this.error('This file looks binary (it contains NUL characters or invalid UTF-8), so it was not parsed', binaryAt, binaryAt + 1);
      return { items: [], range: this.range(start, this.length) };
    }
    const items: BodyItem[] = [];
    this.parseBodyItems(items, false);
    return { items, range: this.range(start, this.length) };
  }

  /** The offset of the first NUL, or of the first U+FFFD when there are many of them; -1 for text. */
  private findBinaryContent(): number {
    const text = this.text;
    const nul = text.indexOf('\0');
    if (nul >= 0) return nul;
    let first = -1;
    let count = 0;
    let i = text.indexOf('\ufffd');
    while (i >= 0 && count < 64) {
      if (first < 0) first = i;
      count++;
      i = text.indexOf('\ufffd', i + 1);
    }
    // A few replacement characters are plausible in a comment; many mean undecodable bytes.
    if (count >= 64 || (count >= 4 && count * 100 >= text.length)) return first;
    return -1;
  }

  // ---------------------------------------------------------------- positions and diagnostics

  private range(start: number, end: number): Range {
    return new SourceRange(this.lines, start, end);
  }

  private lineNumberOf(offset: number): number {
    return this.lines.lineOf(offset) + 1;
  }

  private error(message: string, start: number, end: number): void {
    const count = this.errors.length;
    if (count >= MAX_DIAGNOSTICS) {
      if (count === MAX_DIAGNOSTICS) {
        this.errors.push({ message: `Too many syntax errors; only the first ${MAX_DIAGNOSTICS} are reported`, range: this.range(start, start) });
      }
      return;
    }
    const length = this.length;
    this.errors.push({ message, range: this.range(Math.min(start, length), Math.min(Math.max(end, start), length)) });
  }

  /** A short human description of the character at `offset`, for messages. */
  private describeAt(offset: number): string {
    if (offset >= this.length) return 'the end of the file';
    const c = this.text.charCodeAt(offset);
    if (c === LF || c === CR) return 'the end of the line';
    const cp = this.text.codePointAt(offset)!;
    return `'${String.fromCodePoint(cp)}'`;
  }

  /** Characters that can start no HCL token at all. */
  private isInvalidCharAt(offset: number): boolean {
    const c = this.text.charCodeAt(offset);
    if (c < 128) {
      return c === 64 /* @ */ || c === 96 /* ` */ || c === 94 /* ^ */ || c === 59 /* ; */ || c === BACKSLASH ||
        c === APOSTROPHE || c === DOLLAR || c === 0x7f || (c < SPACE && c !== TAB && c !== LF && c !== CR);
    }
    return !this.isIdentStartAt(offset) && c !== BOM;
  }

  private invalidCharMessage(offset: number): string {
    const c = this.text.charCodeAt(offset);
    if (c === APOSTROPHE) return "Invalid character \"'\": strings use double quotes (\"...\")";
    if (c < SPACE || c === 0x7f) return `Invalid control character U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
    return `Invalid character ${this.describeAt(offset)}`;
  }

  // ---------------------------------------------------------------- trivia

  /**
   * Skips spaces, tabs, carriage returns and block comments; also newlines and line comments
   * where newlines mean nothing (inside brackets, parentheses, interpolations, `for`).
   */
  private skipTrivia(): void {
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
  private skipTriviaAndNewlines(): void {
    this.withNewlines(false, () => this.skipTrivia());
  }

  /**
   * Runs `parse` with newlines significant (bodies, objects) or not (brackets, parentheses,
   * interpolations), then restores the mode of the enclosing construct: the one place that saves it.
   */
  private withNewlines<T>(significant: boolean, parse: () => T): T {
    const saved = this.newlinesSignificant;
    this.newlinesSignificant = significant;
    try {
      return parse();
    } finally {
      this.newlinesSignificant = saved;
    }
  }

  /** Records the line comment at `start`; returns the offset of its terminating newline (or the end). */
  private readLineComment(start: number): number {
    const text = this.text;
    let end = text.indexOf('\n', start);
    if (end < 0) end = this.length;
    const contentEnd = end > start && text.charCodeAt(end - 1) === CR ? end - 1 : end;
    this.comments.push({ text: text.slice(start, contentEnd), range: this.range(start, contentEnd) });
    return end;
  }

  /** Records the block comment at `start`; returns the offset just after it. */
  private readBlockComment(start: number): number {
    const close = this.text.indexOf('*/', start + 2);
    const end = close < 0 ? this.length : close + 2;
    this.comments.push({ text: this.text.slice(start, end), range: this.range(start, end) });
    if (close < 0) this.error("Unterminated comment: '/*' has no matching '*/'", start, start + 2);
    return end;
  }

  /** True when the rest of the line holds nothing but trivia. */
  private atEndOfLine(): boolean {
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
  private rewindTo(offset: number): void {
    if (offset < this.pos && this.terms > this.termLimit && !this.onlySpacesBetween(offset, this.pos)) return;
    this.pos = offset;
    const comments = this.comments;
    while (comments.length > 0 && startOffsetOf(comments[comments.length - 1].range) >= offset) comments.pop();
  }

  /** Scans only [start, end): `indexOf` from `start` could run to a far newline on every call (quadratic on one long line). */
  private hasNewlineBetween(start: number, end: number): boolean {
    const text = this.text;
    const stop = Math.min(end, this.length);
    for (let p = start; p < stop; p++) if (text.charCodeAt(p) === LF) return true;
    return false;
  }

  /** True when [start, end) is a short run of whitespace (a step back over it re-reads nothing). */
  private onlySpacesBetween(start: number, end: number): boolean {
    if (end - start > 256) return false;
    for (let p = start; p < end; p++) if (!isUnicodeSpace(this.text.charCodeAt(p))) return false;
    return true;
  }

  /**
   * Recovery heuristic for a missing closer: a Terraform top-level block header (`resource "x" ...`,
   * `module "m" {` ...) starting in column 0 inside an open block, object or list almost always
   * means the construct above it was never closed. Formatted Terraform indents nested blocks.
   */
  private atTopLevelBlockStart(): boolean {
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

  // ---------------------------------------------------------------- identifiers

  private isIdentStartAt(offset: number): boolean {
    const c = this.text.charCodeAt(offset);
    if (c < 128) return IDENT_START[c] === 1;
    if (!(c >= 128)) return false; // NaN: end of text
    const cp = this.text.codePointAt(offset)!;
    return UNICODE_ID_START.test(String.fromCodePoint(cp));
  }

  private identifierEnd(offset: number): number {
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
  private atKeyword(word: string): boolean {
    const p = this.pos;
    return this.text.startsWith(word, p) && this.isIdentStartAt(p) && this.identifierEnd(p) === p + word.length;
  }

  // ---------------------------------------------------------------- error recovery helpers

  /**
   * Skips the rest of a malformed line, keeping brackets and strings balanced on that line.
   * Stops before the newline, before a line comment, and (when `stopAtCloseBrace`) before an
   * unmatched `}` so that the enclosing block can still close.
   */
  private skipRestOfLine(stopAtCloseBrace: boolean): void {
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
  private skipQuotedTemplate(start: number): number {
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
  private skipQuotedOnLine(start: number): number {
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
  private skipToEndOfConstruct(stopAtSeparators = true): void {
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
  private skipToCloser(closer: number): boolean {
    this.skipToEndOfConstruct(false);
    if (this.pos < this.length && this.text.charCodeAt(this.pos) === closer) {
      this.pos++;
      return true;
    }
    return false;
  }


  private reportTooDeep(offset: number): void {
    if (this.tooDeepReported) return;
    this.tooDeepReported = true;
    this.error(`Nesting is too deep (more than ${MAX_NESTING_DEPTH} levels); the innermost part was skipped`, offset, Math.min(offset + 1, this.length));
  }

  /** Stands in for an expression nested beyond the cap: skips it without recursing. */
  private skipTooDeepExpression(): InvalidExpr {
    const start = this.pos;
    this.reportTooDeep(start);
    this.skipToEndOfConstruct();
    return this.invalid(start, this.pos);
  }

  /** A bracketed term at the nesting cap: skipped as a whole (to its matching closer) without recursing. */
  private skipTooDeepTerm(): InvalidExpr {
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

  private invalid(start: number, end: number): InvalidExpr {
    return { type: 'invalid', range: this.range(start, end) };
  }

  // ---------------------------------------------------------------- bodies

  /** Parses attributes and blocks until EOF or (inside a block) an unmatched `}`, which is left unconsumed. */
  private parseBodyItems(items: BodyItem[], insideBlock: boolean): void {
    const seen = new AttributeNames();
    for (;;) {
      this.skipTriviaAndNewlines();
      const p = this.pos;
      if (p >= this.length) return;
      const c = this.text.charCodeAt(p);
      if (c === RBRACE) {
        if (insideBlock) return;
        this.error("Unexpected '}': there is no open block to close", p, p + 1);
        this.pos = p + 1;
        continue;
      }
      if (insideBlock && this.atTopLevelBlockStart()) return;
      if (this.isIdentStartAt(p)) {
        this.parseBodyItem(items, seen, insideBlock, false);
      } else {
        const message = this.isInvalidCharAt(p)
          ? this.invalidCharMessage(p)
          : `Expected an argument or a block definition, found ${this.describeAt(p)}`;
        this.skipRestOfLine(insideBlock);
        this.error(message, p, Math.max(p + 1, this.trimmedEnd(p, this.pos)));
      }
      if (this.pos === p) this.pos = p + 1; // cannot happen, but a stuck loop must be impossible
    }
  }

  /** The end of [start, end) without trailing spaces. */
  private trimmedEnd(start: number, end: number): number {
    let e = end;
    while (e > start) {
      const c = this.text.charCodeAt(e - 1);
      if (c !== SPACE && c !== TAB && c !== CR) break;
      e--;
    }
    return e;
  }

  /** Parses one attribute or block starting at an identifier. */
  private parseBodyItem(items: BodyItem[], seen: AttributeNames, insideBlock: boolean, singleLine: boolean): void {
    const nameStart = this.pos;
    const nameEnd = this.identifierEnd(nameStart);
    const name = this.text.slice(nameStart, nameEnd);
    const nameRange = this.range(nameStart, nameEnd);
    this.pos = nameEnd;
    this.skipTrivia();
    const p = this.pos;
    const c = this.text.charCodeAt(p);
    if (c === EQ && this.text.charCodeAt(p + 1) !== EQ) {
      this.pos = p + 1;
      this.skipTrivia();
      let expr: Expression;
      if (this.atEndOfLine() || this.text.charCodeAt(this.pos) === RBRACE) {
        this.error(`Expected an expression after '=' for the argument "${name}"`, p, p + 1);
        expr = this.invalid(this.pos, this.pos);
      } else {
        expr = this.parseExpression();
      }
      const attribute: Attribute = { kind: 'attribute', name, nameRange, expr, range: this.range(startOffsetOf(nameRange), endOffsetOf(expr.range)) };
      const previous = seen.addOrGet(attribute);
      if (previous) {
        this.error(`The argument "${name}" was already set at line ${previous.nameRange.start.line + 1}; each argument may be set only once`, nameStart, nameEnd);
      }
      items.push(attribute);
      this.expectEndOfItem('argument', insideBlock, singleLine);
      return;
    }
    if (c === QUOTE || c === LBRACE || this.isIdentStartAt(p)) {
      this.parseBlock(items, name, nameRange, insideBlock, singleLine);
      return;
    }
    const message = this.atEndOfLine()
      ? `Expected '=' after "${name}" to set an argument, or labels and '{' to open a block`
      : this.isInvalidCharAt(p)
        ? this.invalidCharMessage(p)
        : `Unexpected ${this.describeAt(p)} after "${name}": expected '=' or a block`;
    this.error(message, this.atEndOfLine() ? nameStart : p, this.atEndOfLine() ? nameEnd : p + 1);
    this.skipRestOfLine(insideBlock);
  }

  /** After an attribute or block: the line must end here (or, in a single-line block, the block must close). */
  private expectEndOfItem(kind: 'argument' | 'block', insideBlock: boolean, allowCloseBrace: boolean): void {
    this.skipTrivia();
    if (this.atEndOfLine()) return;
    const p = this.pos;
    const c = this.text.charCodeAt(p);
    if (c === RBRACE && allowCloseBrace) return;
    const message = c === COMMA
      ? `Unexpected ',' after the ${kind}: arguments and blocks are separated by newlines, not commas`
      : c === RBRACE && insideBlock
        ? `Expected a newline before '}': only a single-line block may close on the line of its ${kind}`
        : `Expected a newline after the ${kind} definition, found ${this.describeAt(p)}`;
    this.skipRestOfLine(insideBlock);
    this.error(message, p, Math.max(p + 1, this.trimmedEnd(p, this.pos)));
  }

  private parseBlock(items: BodyItem[], type: string, typeRange: Range, insideBlock: boolean, parentSingleLine: boolean): void {
    const labels: string[] = [];
    const labelRanges: Range[] = [];
    for (;;) {
      const p = this.pos;
      const c = this.text.charCodeAt(p);
      if (c === QUOTE) {
        const template = this.parseQuotedTemplate();
        let label = '';
        for (const part of template.parts) {
          if (part.kind === 'text') {
            label += part.value;
          } else {
            this.error('Block labels must be plain strings: template interpolations and directives are not allowed here', startOffsetOf(part.range), endOffsetOf(part.range));
          }
        }
        labels.push(label);
        labelRanges.push(template.range);
      } else if (c !== LBRACE && this.isIdentStartAt(p)) {
        const end = this.identifierEnd(p);
        labels.push(this.text.slice(p, end));
        labelRanges.push(this.range(p, end));
        this.pos = end;
      } else {
        break;
      }
      this.skipTrivia();
    }

    const openStart = this.pos;
    if (this.text.charCodeAt(openStart) !== LBRACE) {
      // `cidr_block "10.0.0.0/16"` inside a block is almost always an argument missing its `=`.
      const looksLikeArgument = insideBlock && labels.length === 1 && this.atEndOfLine();
      const message = looksLikeArgument
        ? `Expected '=' after "${type}" to set the argument (or '{' on the same line to open a block "${type}")`
        : this.atEndOfLine()
          ? `Expected '{' to open the block "${type}" on the same line`
          : `Expected '{' to open the block "${type}", found ${this.describeAt(openStart)}`;
      this.error(message, this.atEndOfLine() ? startOffsetOf(typeRange) : openStart, this.atEndOfLine() ? endOffsetOf(typeRange) : openStart + 1);
      this.skipRestOfLine(insideBlock);
      return;
    }
    const openBraceRange = this.range(openStart, openStart + 1);
    this.pos = openStart + 1;
    const bodyItems: BodyItem[] = [];

    if (this.depth >= MAX_NESTING_DEPTH) {
      this.reportTooDeep(openStart);
      this.skipToEndOfConstruct(false);
    } else {
      this.depth++;
      this.skipTrivia();
      const first = this.pos;
      if (!this.atEndOfLine() && this.text.charCodeAt(first) !== RBRACE) {
        this.parseSingleLineBody(bodyItems, openStart);
      } else if (this.text.charCodeAt(first) !== RBRACE) {
        this.parseBodyItems(bodyItems, true);
      }
      this.depth--;
    }

    let closeBraceRange: Range;
    const closeStart = this.pos;
    const closed = closeStart < this.length && this.text.charCodeAt(closeStart) === RBRACE;
    if (closed) {
      closeBraceRange = this.range(closeStart, closeStart + 1);
      this.pos = closeStart + 1;
    } else {
      this.error(`Expected '}' to close the block opened at line ${openBraceRange.start.line + 1}`, openStart, openStart + 1);
      // At the end of the text, or where recovery decided the next top-level block begins.
      closeBraceRange = this.range(closeStart, closeStart);
    }
    const block: Block = {
      kind: 'block',
      type,
      typeRange,
      labels,
      labelRanges,
      body: { items: bodyItems, range: this.range(endOffsetOf(openBraceRange), startOffsetOf(closeBraceRange)) },
      openBraceRange,
      closeBraceRange,
      range: this.range(startOffsetOf(typeRange), endOffsetOf(closeBraceRange)),
    };
    items.push(block);
    if (closed) this.expectEndOfItem('block', insideBlock, parentSingleLine);
  }

  /** `type { name = value }` on one line: at most one argument, closed on the same line. */
  private parseSingleLineBody(items: BodyItem[], openStart: number): void {
    const p = this.pos;
    if (this.isIdentStartAt(p)) {
      this.parseBodyItem(items, new AttributeNames(), true, true);
      const last = items[items.length - 1];
      if (last && last.kind === 'block') {
        this.error('A single-line block cannot contain a nested block; put the nested block on its own lines', startOffsetOf(last.range), endOffsetOf(last.range));
      }
    } else {
      const message = this.isInvalidCharAt(p) ? this.invalidCharMessage(p) : `Expected an argument or a block definition, found ${this.describeAt(p)}`;
      this.skipRestOfLine(true);
      this.error(message, p, Math.max(p + 1, this.trimmedEnd(p, this.pos)));
    }
    this.skipTrivia();
    if (this.pos < this.length && this.text.charCodeAt(this.pos) === RBRACE) return;
    this.error(
      `A single-line block must hold at most one argument and close with '}' on the same line (block opened at line ${this.lineNumberOf(openStart)})`,
      openStart,
      openStart + 1,
    );
    // Recover by reading the rest as an ordinary multi-line body.
    this.parseBodyItems(items, true);
  }

  // ---------------------------------------------------------------- expressions

  private parseExpression(): Expression {
    if (this.depth >= MAX_NESTING_DEPTH) return this.skipTooDeepExpression();
    this.depth++;
    let expr = this.parseBinary(0);
    this.skipTrivia();
    if (this.text.charCodeAt(this.pos) === QUESTION) {
      this.pos++;
      this.skipTrivia();
      const trueExpr = this.parseOperand("after '?' in the conditional expression");
      this.skipTrivia();
      let falseExpr: Expression;
      if (this.text.charCodeAt(this.pos) === COLON) {
        this.pos++;
        this.skipTrivia();
        falseExpr = this.parseOperand("after ':' in the conditional expression");
      } else {
        this.error(`Expected ':' in the conditional expression, found ${this.describeAt(this.pos)}`, this.pos, Math.min(this.pos + 1, this.length));
        falseExpr = this.invalid(this.pos, this.pos);
      }
      expr = { type: 'conditional', condition: expr, trueExpr, falseExpr, range: this.range(startOffsetOf(expr.range), endOffsetOf(falseExpr.range)) };
    }
    this.depth--;
    return expr;
  }

  /** An expression that must be present (a missing one is reported with `where` in the message). */
  private parseOperand(where: string): Expression {
    if (this.atEndOfLine() && this.newlinesSignificant) {
      this.error(`Expected an expression ${where}`, this.pos, this.pos);
      return this.invalid(this.pos, this.pos);
    }
    return this.parseExpression();
  }

  private parseBinary(minLevel: number): Expression {
    let left = this.parseUnary();
    for (;;) {
      this.skipTrivia();
      const op = this.peekBinaryOperator();
      if (op < 0 || OPERATOR_LEVELS[op] < minLevel) return left;
      const opName = OPERATOR_NAMES[op];
      this.pos += opName.length;
      this.skipTrivia();
      if (this.atEndOfLine() && this.newlinesSignificant) {
        this.error(`Expected an expression after '${opName}'`, this.pos, this.pos);
        const right = this.invalid(this.pos, this.pos);
        return { type: 'binary', op: opName, left, right, range: this.range(startOffsetOf(left.range), endOffsetOf(right.range)) };
      }
      const right = this.parseBinary(OPERATOR_LEVELS[op] + 1);
      left = { type: 'binary', op: opName, left, right, range: this.range(startOffsetOf(left.range), endOffsetOf(right.range)) };
    }
  }

  /** The binary operator at the current position, as an index into OPERATOR_NAMES, or -1. */
  private peekBinaryOperator(): number {
    const text = this.text;
    const p = this.pos;
    const c = text.charCodeAt(p);
    const next = text.charCodeAt(p + 1);
    switch (c) {
      case PIPE: return next === PIPE ? OP_OR : -1;
      case AMP: return next === AMP ? OP_AND : -1;
      case EQ: return next === EQ ? OP_EQ : -1;
      case BANG: return next === EQ ? OP_NE : -1;
      case LT: return next === EQ ? OP_LE : next === LT ? -1 : OP_LT;
      case GT: return next === EQ ? OP_GE : OP_GT;
      case PLUS: return OP_ADD;
      case MINUS: return OP_SUB;
      case STAR: return OP_MUL;
      case SLASH: return next === SLASH || next === STAR ? -1 : OP_DIV;
      case PERCENT: return OP_MOD;
      default: return -1;
    }
  }

  private parseUnary(): Expression {
    const p = this.pos;
    const c = this.text.charCodeAt(p);
    if (c === MINUS || (c === BANG && this.text.charCodeAt(p + 1) !== EQ)) {
      if (this.depth >= MAX_NESTING_DEPTH) return this.skipTooDeepExpression();
      const start = p;
      this.depth++;
      this.pos = p + 1;
      this.skipTrivia();
      const operand = this.atEndOfLine() && this.newlinesSignificant
        ? this.missingExpression(`after '${c === MINUS ? '-' : '!'}'`)
        : this.parseUnary();
      this.depth--;
      return { type: 'unary', op: c === MINUS ? '-' : '!', operand, range: this.range(start, endOffsetOf(operand.range)) };
    }
    return this.parsePostfix(this.parseTerm());
  }

  private missingExpression(where: string): InvalidExpr {
    this.error(`Expected an expression ${where}`, this.pos, this.pos);
    return this.invalid(this.pos, this.pos);
  }

  private parseTerm(): Expression {
    const text = this.text;
    const p = this.pos;
    this.terms++;
    const c = text.charCodeAt(p);
    if (c >= DIGIT0 && c <= DIGIT9) return this.parseNumber();
    if (this.depth >= MAX_NESTING_DEPTH - 1 && (c === LBRACKET || c === LBRACE || c === LPAREN || c === QUOTE || c === LT)) {
      return this.skipTooDeepTerm();
    }
    if (!this.newlinesSignificant && this.atTopLevelBlockStart()) {
      this.error('Expected an expression, found the start of a new top-level block', p, this.identifierEnd(p));
      // Step back before the line break so that the enclosing constructs see the line end.
      let back = p;
      while (back > 0 && isUnicodeSpace(text.charCodeAt(back - 1))) back--;
      this.rewindTo(back);
      return this.invalid(back, back);
    }
    switch (c) {
      case QUOTE: return this.parseQuotedTemplate();
      case LBRACKET: return this.parseTupleOrFor();
      case LBRACE: return this.parseObjectOrFor();
      case LPAREN: return this.parseParenthesized();
      case LT:
        if (text.charCodeAt(p + 1) === LT) return this.parseHeredoc();
        break;
      default:
        if (this.isIdentStartAt(p)) return this.parseIdentifierTerm();
    }
    if (p < this.length && this.isInvalidCharAt(p)) {
      this.error(this.invalidCharMessage(p), p, p + 1);
      const cp = text.codePointAt(p)!;
      this.pos = p + (cp > 0xffff ? 2 : 1);
      return this.invalid(p, this.pos);
    }
    const visible = p < this.length && c !== LF && c !== CR;
    this.error(`Expected an expression, found ${this.describeAt(p)}`, p, visible ? p + 1 : p);
    return this.invalid(p, p);
  }

  private parseNumber(): Expression {
    const text = this.text;
    const start = this.pos;
    let p = start;
    while (isDigit(text.charCodeAt(p))) p++;
    if (text.charCodeAt(p) === DOT) {
      const after = text.charCodeAt(p + 1);
      if (isDigit(after)) {
        p += 2;
        while (isDigit(text.charCodeAt(p))) p++;
      } else if ((after === 101 || after === 69) && this.exponentDigitsAt(p + 2) > 0) {
        p++; // HCL accepts `1.e5`
      }
    }
    const e = text.charCodeAt(p);
    if (e === 101 || e === 69) {
      const digitsAt = this.exponentDigitsAt(p + 1);
      if (digitsAt > 0) {
        p = digitsAt;
        while (isDigit(text.charCodeAt(p))) p++;
      }
    }
    this.pos = p;
    return { type: 'literal', value: Number(text.slice(start, p)), range: this.range(start, p) };
  }

  /** After an `e`: the offset of the first exponent digit (past an optional sign), or -1. */
  private exponentDigitsAt(offset: number): number {
    let q = offset;
    const sign = this.text.charCodeAt(q);
    if (sign === PLUS || sign === MINUS) q++;
    return isDigit(this.text.charCodeAt(q)) ? q : -1;
  }

  private parseIdentifierTerm(): Expression {
    const start = this.pos;
    const end = this.identifierEnd(start);
    const name = this.text.slice(start, end);
    const startPos = start;
    const endPos = end;
    this.pos = end;
    this.skipTrivia();
    const c = this.text.charCodeAt(this.pos);
    if (c === LPAREN || (c === COLON && this.text.charCodeAt(this.pos + 1) === COLON)) {
      return this.parseCall(name, start, startPos, endPos);
    }
    const range = this.range(startPos, endPos);
    if (name === 'true') return { type: 'literal', value: true, range };
    if (name === 'false') return { type: 'literal', value: false, range };
    if (name === 'null') return { type: 'literal', value: null, range };
    return { type: 'variable', name, range };
  }

  /** `name(args)` or `provider::ns::name(args)`; the current position is at `(` or `::`. */
  private parseCall(firstName: string, start: number, startPos: number, firstEnd: number): Expression {
    let name = firstName;
    let nameEnd = firstEnd;
    while (this.text.charCodeAt(this.pos) === COLON && this.text.charCodeAt(this.pos + 1) === COLON) {
      this.pos += 2;
      this.skipTrivia();
      const p = this.pos;
      if (!this.isIdentStartAt(p)) {
        this.error(`Expected a function name after '::', found ${this.describeAt(p)}`, p, Math.min(p + 1, this.length));
        return this.invalid(start, p);
      }
      const end = this.identifierEnd(p);
      name += '::' + this.text.slice(p, end);
      nameEnd = end;
      this.pos = end;
      this.skipTrivia();
    }
    const nameRange = this.range(startPos, nameEnd);
    const open = this.pos;
    if (this.text.charCodeAt(open) !== LPAREN) {
      this.error(`Expected '(' after the function name "${name}"`, open, Math.min(open + 1, this.length));
      return this.invalid(start, open);
    }
    this.pos = open + 1;
    const args: Expression[] = [];
    let expandFinal = false;
    let end = -1;
    this.withNewlines(false, () => {
      for (;;) {
        const lastEnd = this.pos;
        this.skipTrivia();
        const p = this.pos;
        if (p >= this.length || this.atTopLevelBlockStart()) {
          this.error(`Expected ')' to close the call to "${name}" opened at line ${this.lineNumberOf(open)}`, open, open + 1);
          this.rewindTo(lastEnd);
          break;
        }
        if (this.text.charCodeAt(p) === RPAREN) {
          end = p + 1;
          break;
        }
        const arg = this.parseExpression();
        args.push(arg);
        this.skipTrivia();
        const q = this.pos;
        const c = this.text.charCodeAt(q);
        if (c === DOT && this.text.startsWith('...', q)) {
          expandFinal = true;
          this.pos = q + 3;
          this.skipTrivia();
          if (this.text.charCodeAt(this.pos) === RPAREN) {
            end = this.pos + 1;
          } else {
            this.error("Expected ')' after '...': only the last argument can be expanded", this.pos, Math.min(this.pos + 1, this.length));
            if (this.skipToCloser(RPAREN)) end = this.pos;
            else end = -2;
          }
          break;
        }
        if (c === COMMA) {
          this.pos = q + 1;
          continue;
        }
        if (c === RPAREN) {
          end = q + 1;
          break;
        }
        const outcome = this.recoverInList(RPAREN, endOffsetOf(arg.range), open, `the call to "${name}"`, 'argument');
        if (outcome === 'continue') continue;
        if (outcome === 'closed') end = this.pos + 1;
        break;
      }
    });
    if (end >= 0) {
      this.pos = end;
    } else {
      end = args.length > 0 ? endOffsetOf(args[args.length - 1].range) : open + 1;
      if (end > this.pos) end = this.pos;
    }
    return { type: 'call', name, nameRange, args, expandFinal, range: this.range(startPos, end) };
  }

  /**
   * After a list item not followed by `,` or the closer: reports it and resynchronises.
   * If the offending text starts on a later line, the list was most likely left unclosed.
   */
  private recoverInList(closer: number, itemEnd: number, open: number, what: string, itemWord: string): 'continue' | 'closed' | 'unclosed' {
    const p = this.pos;
    const closerChar = String.fromCharCode(closer);
    if (p >= this.length || this.hasNewlineBetween(itemEnd, p)) {
      this.error(`Expected '${closerChar}' to close ${what} opened at line ${this.lineNumberOf(open)}`, open, open + 1);
      // Give the following lines back to the enclosing body: they most likely belong there.
      this.rewindTo(itemEnd);
      return 'unclosed';
    }
    this.error(
      this.isInvalidCharAt(p) ? this.invalidCharMessage(p) : `Expected ',' or '${closerChar}' after the ${itemWord}, found ${this.describeAt(p)}`,
      p,
      p + 1,
    );
    this.withNewlines(true, () => this.skipToEndOfConstruct()); // resynchronise within the line only
    const q = this.pos;
    const c = this.text.charCodeAt(q);
    if (c === COMMA) {
      this.pos = q + 1;
      return 'continue';
    }
    if (c === closer) return 'closed';
    return 'unclosed';
  }

  private parseParenthesized(): Expression {
    const open = this.pos;
    const start = open;
    this.pos = open + 1;
    return this.withNewlines(false, () => {
      this.skipTrivia();
      let inner: Expression;
      if (this.text.charCodeAt(this.pos) === RPAREN) {
        this.error("Expected an expression inside '( )'", this.pos, this.pos + 1);
        inner = this.invalid(this.pos, this.pos);
      } else {
        inner = this.parseExpression();
      }
      this.skipTrivia();
      let end: number;
      if (this.text.charCodeAt(this.pos) === RPAREN) {
        end = this.pos + 1;
        this.pos = end;
      } else {
        this.error(`Expected ')' to close the parenthesis opened at line ${this.lineNumberOf(open)}, found ${this.describeAt(this.pos)}`, open, open + 1);
        end = endOffsetOf(inner.range);
        if (this.hasNewlineBetween(end, this.pos)) this.rewindTo(end);
        else if (this.skipToCloser(RPAREN)) end = this.pos;
      }
      return { type: 'paren', expr: inner, range: this.range(start, end) };
    });
  }

  private parseTupleOrFor(): Expression {
    const open = this.pos;
    const start = open;
    this.pos = open + 1;
    return this.withNewlines(false, () => {
      this.skipTrivia();
      let result: Expression;
      if (this.atKeyword('for')) {
        result = this.parseForBody(open, start, false);
      } else {
        const items: Expression[] = [];
        let end = -1;
        let lastEnd = this.pos;
        for (;;) {
          lastEnd = this.pos;
          this.skipTrivia();
          const p = this.pos;
          if (p >= this.length) {
            this.error(`Expected ']' to close the tuple opened at line ${this.lineNumberOf(open)}`, open, open + 1);
            break;
          }
          const c = this.text.charCodeAt(p);
          if (c === RBRACKET) {
            end = p + 1;
            break;
          }
          if (c === RBRACE || c === RPAREN || this.atTopLevelBlockStart()) {
            this.error(`Expected ']' to close the tuple opened at line ${this.lineNumberOf(open)}, found ${this.describeAt(p)}`, open, open + 1);
            if (c !== RBRACE && c !== RPAREN) this.rewindTo(lastEnd);
            break;
          }
          const item = this.parseExpression();
          items.push(item);
          this.skipTrivia();
          const q = this.pos;
          const d = this.text.charCodeAt(q);
          if (d === COMMA) {
            this.pos = q + 1;
            continue;
          }
          if (d === RBRACKET) {
            end = q + 1;
            break;
          }
          const outcome = this.recoverInList(RBRACKET, endOffsetOf(item.range), open, 'the tuple', 'item');
          if (outcome === 'continue') continue;
          if (outcome === 'closed') end = this.pos + 1;
          break;
        }
        if (end >= 0) this.pos = end;
        else end = Math.min(this.pos, items.length > 0 ? endOffsetOf(items[items.length - 1].range) : open + 1);
        result = { type: 'tuple', items, range: this.range(start, end) };
      }
      return result;
    });
  }

  private parseObjectOrFor(): Expression {
    const open = this.pos;
    const start = open;
    this.pos = open + 1;
    this.skipTriviaAndNewlines();
    if (this.atKeyword('for')) return this.withNewlines(false, () => this.parseForBody(open, start, true));
    return this.withNewlines(true, () => {
      const items: Array<{ key: Expression; value: Expression; range: Range }> = [];
      let end = -1;
      // The end of what this object has read as its own: its items, and lines it reported and skipped.
      // Recovery never gives text before it back to the enclosing constructs (they would read it again).
      let consumed = open + 1;
      for (;;) {
        this.skipTriviaAndNewlines();
        const p = this.pos;
        if (p >= this.length) {
          this.error(`Expected '}' to close the object opened at line ${this.lineNumberOf(open)}`, open, open + 1);
          break;
        }
        const c = this.text.charCodeAt(p);
        if (c === RBRACE) {
          end = p + 1;
          break;
        }
        if (c === RBRACKET || c === RPAREN) {
          this.error(`Expected '}' to close the object opened at line ${this.lineNumberOf(open)}, found ${this.describeAt(p)}`, open, open + 1);
          break;
        }
        if (this.atTopLevelBlockStart()) {
          this.error(`Expected '}' to close the object opened at line ${this.lineNumberOf(open)}`, open, open + 1);
          this.rewindTo(consumed);
          break;
        }
        if (c === COMMA) {
          this.error("Unexpected ',': expected an object key", p, p + 1);
          this.pos = p + 1;
          continue;
        }
        let key = this.parseExpression();
        if (key.type === 'variable') key = { type: 'literal', value: key.name, range: key.range };
        this.skipTrivia();
        const q = this.pos;
        const d = this.text.charCodeAt(q);
        if (!((d === EQ && this.text.charCodeAt(q + 1) !== EQ) || d === COLON)) {
          this.skipRestOfLine(true);
          this.error(`Expected '=' or ':' after the object key, found ${this.describeAt(q)}`, q, Math.max(q + 1, this.trimmedEnd(q, this.pos)));
          if (this.pos === p) this.pos = p + 1;
          consumed = Math.max(consumed, this.trimmedEnd(p, this.pos));
          continue;
        }
        this.pos = q + 1;
        this.skipTrivia();
        const value = this.atEndOfLine() || this.text.charCodeAt(this.pos) === RBRACE
          ? this.missingExpression("after the object key's '='")
          : this.parseExpression();
        items.push({ key, value, range: this.range(startOffsetOf(key.range), endOffsetOf(value.range)) });
        consumed = Math.max(consumed, endOffsetOf(value.range));
        this.skipTrivia();
        const r = this.pos;
        const e = this.text.charCodeAt(r);
        if (e === COMMA) {
          this.pos = r + 1;
        } else if (!(this.atEndOfLine() || e === RBRACE)) {
          this.skipRestOfLine(true);
          this.error(`Expected a newline or ',' after the object item, found ${this.describeAt(r)}`, r, Math.max(r + 1, this.trimmedEnd(r, this.pos)));
        }
      }
      if (end >= 0) this.pos = end;
      else end = Math.min(this.pos, consumed);
      return { type: 'object', items, range: this.range(start, end) };
    });
  }

  /** The part of a `for` expression after `[` or `{`; the current position is at the `for` keyword. */
  private parseForBody(open: number, start: number, isObject: boolean): Expression {
    const closer = isObject ? RBRACE : RBRACKET;
    const fail = (message: string): Expression => {
      this.error(message, this.pos, Math.min(this.pos + 1, this.length));
      this.skipToCloser(closer);
      return this.invalid(open, this.pos);
    };
    this.pos += 3;
    this.skipTrivia();
    if (!this.isIdentStartAt(this.pos)) return fail(`Expected a variable name after 'for', found ${this.describeAt(this.pos)}`);
    let end = this.identifierEnd(this.pos);
    let valueVar = this.text.slice(this.pos, end);
    let keyVar: string | undefined;
    this.pos = end;
    this.skipTrivia();
    if (this.text.charCodeAt(this.pos) === COMMA) {
      this.pos++;
      this.skipTrivia();
      if (!this.isIdentStartAt(this.pos)) return fail(`Expected a second variable name after ',', found ${this.describeAt(this.pos)}`);
      end = this.identifierEnd(this.pos);
      keyVar = valueVar;
      valueVar = this.text.slice(this.pos, end);
      this.pos = end;
      this.skipTrivia();
    }
    if (!this.atKeyword('in')) return fail(`Expected 'in' after the 'for' variables, found ${this.describeAt(this.pos)}`);
    this.pos += 2;
    this.skipTrivia();
    const collection = this.parseExpression();
    this.skipTrivia();
    if (this.text.charCodeAt(this.pos) !== COLON) return fail(`Expected ':' after the 'for' collection, found ${this.describeAt(this.pos)}`);
    this.pos++;
    this.skipTrivia();
    let keyExpr: Expression | undefined;
    if (isObject) {
      keyExpr = this.parseExpression();
      this.skipTrivia();
      if (!this.text.startsWith('=>', this.pos)) return fail(`Expected '=>' after the key of an object 'for', found ${this.describeAt(this.pos)}`);
      this.pos += 2;
      this.skipTrivia();
    }
    const valueExpr = this.parseExpression();
    this.skipTrivia();
    let grouping = false;
    if (this.text.startsWith('...', this.pos)) {
      if (!isObject) return fail("Grouping '...' is only allowed in an object 'for' expression ({for ...})");
      grouping = true;
      this.pos += 3;
      this.skipTrivia();
    }
    let condition: Expression | undefined;
    if (this.atKeyword('if')) {
      this.pos += 2;
      this.skipTrivia();
      condition = this.parseExpression();
      this.skipTrivia();
    }
    if (this.text.charCodeAt(this.pos) !== closer) {
      return fail(`Expected '${isObject ? '}' : ']'}' to close the 'for' expression opened at line ${this.lineNumberOf(open)}, found ${this.describeAt(this.pos)}`);
    }
    this.pos++;
    const result: ForExpr = {
      type: 'for',
      valueVar,
      collection,
      valueExpr,
      grouping,
      isObject,
      range: this.range(start, this.pos),
    };
    if (keyVar !== undefined) result.keyVar = keyVar;
    if (keyExpr) result.keyExpr = keyExpr;
    if (condition) result.condition = condition;
    return result;
  }

  /** Attribute access, indexing and splats after a term. */
  private parsePostfix(term: Expression): Expression {
    let expr = term;
    const text = this.text;
    for (;;) {
      this.skipTrivia();
      const p = this.pos;
      const c = text.charCodeAt(p);
      if (c === DOT) {
        const next = text.charCodeAt(p + 1);
        if (next === DOT) return expr; // `...` belongs to the caller
        this.pos = p + 1;
        this.skipTrivia();
        const q = this.pos;
        const d = text.charCodeAt(q);
        if (d === STAR) {
          this.pos = q + 1;
          expr = this.parseAttributeSplat(expr);
          continue;
        }
        if (isDigit(d)) {
          const key = this.parseLegacyIndexKey();
          expr = { type: 'index', object: expr, key, range: this.range(startOffsetOf(expr.range), endOffsetOf(key.range)) };
          continue;
        }
        if (this.isIdentStartAt(q)) {
          const end = this.identifierEnd(q);
          const nameRange = this.range(q, end);
          this.pos = end;
          expr = { type: 'getAttr', object: expr, name: text.slice(q, end), nameRange, range: this.range(startOffsetOf(expr.range), endOffsetOf(nameRange)) };
          continue;
        }
        this.error(`Expected an attribute name after '.', found ${this.describeAt(q)}`, p, p + 1);
        return expr;
      }
      if (c === LBRACKET) {
        expr = this.parseIndexOrSplat(expr);
        continue;
      }
      return expr;
    }
  }

  /** The digits after `.` in the legacy `a.0` index form. */
  private parseLegacyIndexKey(): Expression {
    const text = this.text;
    const start = this.pos;
    let p = start;
    while (isDigit(text.charCodeAt(p))) p++;
    this.pos = p;
    if (text.charCodeAt(p) === DOT && isDigit(text.charCodeAt(p + 1))) {
      this.error('Chained legacy indexes like `.0.1` are not allowed; write [0][1] instead', start, p + 2);
    }
    return { type: 'literal', value: Number(text.slice(start, p)), range: this.range(start, p) };
  }

  /** After `.*`: the attribute-only splat takes the following `.name` / `.0` steps. */
  private parseAttributeSplat(object: Expression): Expression {
    const text = this.text;
    const traversal: SplatExpr['traversal'] = [];
    let end = this.pos;
    for (;;) {
      this.skipTrivia();
      const p = this.pos;
      if (text.charCodeAt(p) !== DOT || text.charCodeAt(p + 1) === DOT) break;
      this.pos = p + 1;
      this.skipTrivia();
      const q = this.pos;
      const d = text.charCodeAt(q);
      if (isDigit(d)) {
        const key = this.parseLegacyIndexKey();
        traversal.push({ kind: 'index', key });
        end = endOffsetOf(key.range);
      } else if (this.isIdentStartAt(q)) {
        const nameEnd = this.identifierEnd(q);
        traversal.push({ kind: 'attr', name: text.slice(q, nameEnd) });
        this.pos = nameEnd;
        end = nameEnd;
      } else if (d === STAR) {
        this.error('A splat (*) cannot be used inside another attribute-only splat (.*); use [*] instead', q, q + 1);
        this.pos = q + 1;
        end = q + 1;
      } else {
        this.error(`Expected an attribute name after '.', found ${this.describeAt(q)}`, p, p + 1);
        break;
      }
    }
    return { type: 'splat', object, full: false, traversal, range: this.range(startOffsetOf(object.range), end) };
  }

  /** `[key]` or `[*]` after a term; the current position is at `[`. */
  private parseIndexOrSplat(object: Expression): Expression {
    const open = this.pos;
    this.pos = open + 1;
    const fullSplat = this.withNewlines(false, () => {
      this.skipTrivia();
      if (this.text.charCodeAt(this.pos) === STAR) {
        const star = this.pos;
        this.pos++;
        this.skipTrivia();
        if (this.text.charCodeAt(this.pos) === RBRACKET) {
          this.pos++;
          return true;
        }
        this.error("Expected ']' after '[*'", this.pos, Math.min(this.pos + 1, this.length));
        this.pos = star;
      }
      return false;
    });
    // The splat's traversal is read in the enclosing construct's mode.
    if (fullSplat) return this.parseFullSplat(object, this.pos);
    return this.withNewlines(false, () => {
      const key = this.text.charCodeAt(this.pos) === RBRACKET
        ? this.missingExpression("inside '[ ]'")
        : this.parseExpression();
      this.skipTrivia();
      let end: number;
      if (this.text.charCodeAt(this.pos) === RBRACKET) {
        end = this.pos + 1;
        this.pos = end;
      } else {
        this.error(`Expected ']' to close the index opened at line ${this.lineNumberOf(open)}, found ${this.describeAt(this.pos)}`, open, open + 1);
        end = endOffsetOf(key.range);
        if (this.hasNewlineBetween(end, this.pos)) this.rewindTo(end);
        else if (this.skipToCloser(RBRACKET)) end = this.pos;
      }
      return { type: 'index', object, key, range: this.range(startOffsetOf(object.range), end) };
    });
  }

  /** After `[*]`: the full splat takes the following `.name`, `.0` and `[key]` steps. */
  private parseFullSplat(object: Expression, starEnd: number): Expression {
    const text = this.text;
    const traversal: SplatExpr['traversal'] = [];
    let end = starEnd;
    for (;;) {
      this.skipTrivia();
      const p = this.pos;
      const c = text.charCodeAt(p);
      if (c === DOT) {
        if (text.charCodeAt(p + 1) === DOT) break;
        this.pos = p + 1;
        this.skipTrivia();
        const q = this.pos;
        const d = text.charCodeAt(q);
        if (isDigit(d)) {
          const key = this.parseLegacyIndexKey();
          traversal.push({ kind: 'index', key });
          end = endOffsetOf(key.range);
          continue;
        }
        if (this.isIdentStartAt(q)) {
          const nameEnd = this.identifierEnd(q);
          traversal.push({ kind: 'attr', name: text.slice(q, nameEnd) });
          this.pos = nameEnd;
          end = nameEnd;
          continue;
        }
        if (d === STAR) {
          // A nested splat starts a new splat over this one (the tree has no nested-splat form).
          this.pos = q + 1;
          const outer: Expression = { type: 'splat', object, full: true, traversal, range: this.range(startOffsetOf(object.range), end) };
          return this.nestedSplat(outer, () => this.parseAttributeSplat(outer));
        }
        this.error(`Expected an attribute name after '.', found ${this.describeAt(q)}`, p, p + 1);
        break;
      }
      if (c === LBRACKET) {
        let q = p + 1;
        while (text.charCodeAt(q) === SPACE || text.charCodeAt(q) === TAB) q++;
        if (text.charCodeAt(q) === STAR) {
          const inner: Expression = { type: 'splat', object, full: true, traversal, range: this.range(startOffsetOf(object.range), end) };
          return this.nestedSplat(inner, () => this.parseIndexOrSplat(inner));
        }
        const indexed = this.parseIndexOrSplat(object);
        if (indexed.type === 'index') {
          traversal.push({ kind: 'index', key: indexed.key });
          end = endOffsetOf(indexed.range);
        }
        continue;
      }
      break;
    }
    return { type: 'splat', object, full: true, traversal, range: this.range(startOffsetOf(object.range), end) };
  }

  /** A splat over a splat nests the tree (and the recursion) one level: counted like brackets, skipped past the cap. */
  private nestedSplat(inner: Expression, parse: () => Expression): Expression {
    if (this.depth >= MAX_NESTING_DEPTH) {
      this.reportTooDeep(this.pos);
      this.skipToEndOfConstruct();
      return { type: 'invalid', range: this.range(startOffsetOf(inner.range), this.pos) };
    }
    this.depth++;
    const result = parse();
    this.depth--;
    return result;
  }

  // ---------------------------------------------------------------- templates

  private parseQuotedTemplate(): TemplateExpr {
    const text = this.text;
    const length = this.length;
    const start = this.pos;
    const startPos = start;
    let p = start + 1;
    // Fast path: a plain string with no escapes, interpolations or directives.
    for (;;) {
      const c = text.charCodeAt(p);
      if (c === QUOTE) {
        const parts: TemplatePart[] = p > start + 1
          ? [{ kind: 'text', value: text.slice(start + 1, p), range: this.range(start + 1, p) }]
          : [];
        this.pos = p + 1;
        return { type: 'template', parts, heredoc: false, range: this.range(startPos, p + 1) };
      }
      if (c === BACKSLASH || c === DOLLAR || c === PERCENT || c === LF || p >= length) break;
      p++;
    }

    const elements: TemplateElement[] = [];
    const frames: DirectiveFrame[] = [];
    let segmentStart = start + 1;
    let chunkStart = segmentStart;
    let value = '';
    let stripNext = false;
    p = segmentStart;
    let end: number;
    for (;;) {
      const c = p < length ? text.charCodeAt(p) : -1;
      if (c === QUOTE || c === LF || c === -1) {
        // An unterminated string ends before the line break (and its `\r`).
        const contentEnd = c === LF && p > chunkStart && text.charCodeAt(p - 1) === CR ? p - 1 : p;
        if (contentEnd > segmentStart) {
          this.pushSegment(elements, value + text.slice(chunkStart, contentEnd), segmentStart, contentEnd, stripNext);
        }
        if (c === QUOTE) {
          end = p + 1;
        } else {
          this.error('Unterminated string: a quoted string must end with \'"\' on the same line (use a heredoc for multi-line text)', start, Math.max(contentEnd, start + 1));
          end = contentEnd;
        }
        break;
      }
      if (c === BACKSLASH) {
        value += text.slice(chunkStart, p);
        p = this.readEscape(p);
        value += this.lastEscapeValue;
        chunkStart = p;
        continue;
      }
      if ((c === DOLLAR || c === PERCENT) && text.charCodeAt(p + 1) === LBRACE) {
        if (p > segmentStart) this.pushSegment(elements, value + text.slice(chunkStart, p), segmentStart, p, stripNext);
        this.pos = p;
        stripNext = c === DOLLAR ? this.parseInterpolation(elements, false) : this.parseDirective(elements, frames, false);
        p = this.pos;
        segmentStart = p;
        chunkStart = p;
        value = '';
        continue;
      }
      if ((c === DOLLAR || c === PERCENT) && text.charCodeAt(p + 1) === c && text.charCodeAt(p + 2) === LBRACE) {
        // `$${` and `%%{` are escapes for a literal `${` / `%{`.
        value += text.slice(chunkStart, p) + (c === DOLLAR ? '${' : '%{');
        p += 3;
        chunkStart = p;
        continue;
      }
      p++;
    }
    this.checkUnclosedDirectives(frames);
    this.pos = end;
    return { type: 'template', parts: this.meldSegments(elements), heredoc: false, range: this.range(startPos, end) };
  }

  private lastEscapeValue = '';

  /** Decodes the backslash escape at `offset` into `lastEscapeValue`; returns the offset after it. */
  private readEscape(offset: number): number {
    const text = this.text;
    const c = text.charCodeAt(offset + 1);
    switch (c) {
      case 110: this.lastEscapeValue = '\n'; return offset + 2; // n
      case 116: this.lastEscapeValue = '\t'; return offset + 2; // t
      case 114: this.lastEscapeValue = '\r'; return offset + 2; // r
      case QUOTE: this.lastEscapeValue = '"'; return offset + 2;
      case BACKSLASH: this.lastEscapeValue = '\\'; return offset + 2;
      case 117: // u
      case 85: { // U
        const digits = c === 117 ? 4 : 8;
        let q = offset + 2;
        while (q < offset + 2 + digits && isHexDigit(text.charCodeAt(q))) q++;
        const code = q === offset + 2 + digits ? parseInt(text.slice(offset + 2, q), 16) : -1;
        if (code < 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
          this.error(`Invalid escape sequence: '\\${String.fromCharCode(c)}' must be followed by ${digits} hexadecimal digits of a Unicode character`, offset, q);
          this.lastEscapeValue = text.slice(offset, q);
          return q;
        }
        this.lastEscapeValue = String.fromCodePoint(code);
        return q;
      }
      default: {
        if (offset + 1 >= this.length || c === LF) {
          this.lastEscapeValue = '\\';
          return offset + 1;
        }
        const shown = String.fromCodePoint(text.codePointAt(offset + 1)!);
        this.error(`Invalid escape sequence '\\${shown}': valid ones are \\n \\r \\t \\" \\\\ \\uNNNN \\UNNNNNNNN`, offset, offset + 1 + shown.length);
        this.lastEscapeValue = shown;
        return offset + 1 + shown.length;
      }
    }
  }

  /** Adds a literal text segment, applying a pending `~}` strip marker. */
  private pushSegment(elements: TemplateElement[], value: string, start: number, end: number, stripLeading: boolean): void {
    elements.push({ kind: 'segment', value: stripLeading ? trimLeadingSpace(value) : value, start, end });
  }

  /** Applies `${~` to the literal segment just before an interpolation or directive. */
  private stripPreviousSegment(elements: TemplateElement[]): void {
    const last = elements[elements.length - 1];
    if (last && last.kind === 'segment') last.value = trimTrailingSpace(last.value);
  }

  /** `${ expr }` at the current position; returns whether it ended with the `~}` strip marker. */
  private parseInterpolation(elements: TemplateElement[], inHeredoc: boolean): boolean {
    const text = this.text;
    const start = this.pos;
    const startPos = start;
    this.pos = start + 2;
    if (text.charCodeAt(this.pos) === TILDE) {
      this.pos++;
      this.stripPreviousSegment(elements);
    }
    let expr: Expression | undefined;
    const stripNext = this.withNewlines(false, () => {
      this.skipTrivia();
      const first = text.charCodeAt(this.pos);
      if (first === RBRACE || (first === TILDE && text.charCodeAt(this.pos + 1) === RBRACE) || this.pos >= this.length) {
        expr = this.missingExpression("inside '${ }'");
      } else {
        expr = this.parseExpression();
      }
      this.skipTrivia();
      return this.closeTemplateSequence(start, 'interpolation', inHeredoc);
    });
    elements.push({ kind: 'interpolation', expr: expr!, range: this.range(startPos, this.pos) });
    return stripNext;
  }

  /** Expects `}` or `~}` closing `${` / `%{`; returns whether the strip marker was present. */
  private closeTemplateSequence(start: number, what: string, inHeredoc: boolean): boolean {
    const text = this.text;
    let strip = false;
    let p = this.pos;
    if (text.charCodeAt(p) === TILDE) {
      strip = true;
      p++;
    }
    if (text.charCodeAt(p) === RBRACE) {
      this.pos = p + 1;
      return strip;
    }
    this.error(`Expected '}' to close the ${what} opened with '${text.slice(start, start + 2)}', found ${this.describeAt(this.pos)}`, start, start + 2);
    // Resynchronise at the next `}` on this line; stop at the end of a quoted string or the line.
    const length = this.length;
    while (p < length) {
      const c = text.charCodeAt(p);
      if (c === RBRACE) {
        this.pos = p + 1;
        return false;
      }
      if (c === LF || (c === QUOTE && !inHeredoc)) break;
      p++;
    }
    this.pos = p;
    return false;
  }

  /** `%{ if ... }`, `%{ for ... }`, `%{ else }`, `%{ endif }`, `%{ endfor }`; kept as raw text parts. */
  private parseDirective(elements: TemplateElement[], frames: DirectiveFrame[], inHeredoc: boolean): boolean {
    const text = this.text;
    const start = this.pos;
    const startPos = start;
    this.pos = start + 2;
    if (text.charCodeAt(this.pos) === TILDE) {
      this.pos++;
      this.stripPreviousSegment(elements);
    }
    const stripNext = this.withNewlines(false, () => {
      this.skipTrivia();
      const wordStart = this.pos;
      const wordEnd = this.isIdentStartAt(wordStart) ? this.identifierEnd(wordStart) : wordStart;
      const keyword = text.slice(wordStart, wordEnd);
      this.pos = wordEnd;
      switch (keyword) {
        case 'if':
          this.skipTrivia();
          this.parseExpression();
          frames.push({ keyword: 'if', sawElse: false, start });
          break;
        case 'for': {
          this.skipTrivia();
          let ok = this.isIdentStartAt(this.pos);
          if (ok) {
            this.pos = this.identifierEnd(this.pos);
            this.skipTrivia();
            if (text.charCodeAt(this.pos) === COMMA) {
              this.pos++;
              this.skipTrivia();
              ok = this.isIdentStartAt(this.pos);
              if (ok) this.pos = this.identifierEnd(this.pos);
              this.skipTrivia();
            }
          }
          if (ok && this.atKeyword('in')) {
            this.pos += 2;
            this.skipTrivia();
            this.parseExpression();
          } else {
            this.error("Invalid '%{for}' directive: expected '%{for name in collection}' or '%{for key, value in collection}'", start, Math.max(this.pos, start + 2));
          }
          frames.push({ keyword: 'for', sawElse: false, start });
          break;
        }
        case 'else': {
          const top = frames[frames.length - 1];
          if (!top || top.keyword !== 'if' || top.sawElse) {
            this.error("'%{else}' without a matching '%{if}'", start, wordEnd);
          } else {
            top.sawElse = true;
          }
          break;
        }
        case 'endif':
        case 'endfor': {
          const wanted = keyword === 'endif' ? 'if' : 'for';
          const top = frames[frames.length - 1];
          if (!top || top.keyword !== wanted) {
            this.error(`'%{${keyword}}' without a matching '%{${wanted}}'`, start, wordEnd);
          } else {
            frames.pop();
          }
          break;
        }
        default:
          this.error(
            keyword ? `Unknown template directive '%{${keyword}}': expected if, else, endif, for or endfor` : "Expected a directive keyword after '%{' (use '%%{' for a literal '%{')",
            start,
            Math.max(wordEnd, start + 2),
          );
      }
      this.skipTrivia();
      return this.closeTemplateSequence(start, 'directive', inHeredoc);
    });
    elements.push({ kind: 'directive', text: text.slice(start, this.pos), range: this.range(startPos, this.pos) });
    return stripNext;
  }

  private checkUnclosedDirectives(frames: DirectiveFrame[]): void {
    for (const frame of frames) {
      this.error(`'%{${frame.keyword}}' has no matching '%{end${frame.keyword}}'`, frame.start, frame.start + 2);
    }
  }

  /** Merges consecutive literal segments into one text part each. */
  private meldSegments(elements: TemplateElement[]): TemplatePart[] {
    const parts: TemplatePart[] = [];
    let i = 0;
    while (i < elements.length) {
      const element = elements[i];
      if (element.kind !== 'segment') {
        parts.push(element);
        i++;
        continue;
      }
      let value = element.value;
      let j = i + 1;
      let last = element;
      while (j < elements.length) {
        const next = elements[j];
        if (next.kind !== 'segment') break;
        value += next.value;
        last = next;
        j++;
      }
      parts.push({ kind: 'text', value, range: this.range(element.start, last.end) });
      i = j;
    }
    return parts;
  }

  /** `<<EOT` or `<<-EOT` heredoc; the current position is at `<<`. */
  private parseHeredoc(): Expression {
    const text = this.text;
    const length = this.length;
    const start = this.pos;
    const startPos = start;
    let p = start + 2;
    const flush = text.charCodeAt(p) === MINUS;
    if (flush) p++;
    if (!this.isIdentStartAt(p)) {
      this.error("Expected a heredoc marker after '<<', as in <<EOT", start, p);
      this.pos = p;
      return this.invalid(start, p);
    }
    const markerEnd = this.identifierEnd(p);
    const marker = text.slice(p, markerEnd);
    let q = markerEnd;
    if (text.charCodeAt(q) === CR) q++;
    if (text.charCodeAt(q) !== LF) {
      this.error(`The heredoc marker '${text.slice(start, markerEnd)}' must be followed directly by a newline`, start, markerEnd);
      this.pos = markerEnd;
      return this.invalid(start, markerEnd);
    }
    p = q + 1;

    const elements: TemplateElement[] = [];
    const frames: DirectiveFrame[] = [];
    let stripNext = false;
    let atLineStart = true;
    let end = -1;
    for (;;) {
      if (p >= length) {
        this.error(`Unterminated heredoc: expected a line containing only '${marker}' to end the heredoc opened at line ${this.lineNumberOf(startPos)}`, start, markerEnd);
        end = length;
        break;
      }
      if (atLineStart) {
        const closeEnd = this.matchHeredocMarker(p, marker);
        if (closeEnd >= 0) {
          end = closeEnd;
          break;
        }
      }
      atLineStart = false;
      const segmentStart = p;
      let chunkStart = p;
      let value = '';
      let c = -1;
      while (p < length) {
        c = text.charCodeAt(p);
        if (c === LF) {
          p++;
          atLineStart = true;
          break;
        }
        if ((c === DOLLAR || c === PERCENT) && text.charCodeAt(p + 1) === LBRACE) break;
        if ((c === DOLLAR || c === PERCENT) && text.charCodeAt(p + 1) === c && text.charCodeAt(p + 2) === LBRACE) {
          value += text.slice(chunkStart, p) + (c === DOLLAR ? '${' : '%{');
          p += 3;
          chunkStart = p;
          continue;
        }
        p++;
      }
      if (p > segmentStart) {
        this.pushSegment(elements, value + text.slice(chunkStart, p), segmentStart, p, stripNext);
        stripNext = false;
      }
      if (!atLineStart && p < length) {
        this.pos = p;
        stripNext = c === DOLLAR ? this.parseInterpolation(elements, true) : this.parseDirective(elements, frames, true);
        p = this.pos;
      }
    }
    this.checkUnclosedDirectives(frames);
    if (flush) this.flushHeredocIndentation(elements);
    this.pos = end;
    return { type: 'template', parts: this.meldSegments(elements), heredoc: true, range: this.range(startPos, end) };
  }

  /** If the line at `offset` is the closing marker (surrounding spaces allowed), the offset after the marker; else -1. */
  private matchHeredocMarker(offset: number, marker: string): number {
    const text = this.text;
    let p = offset;
    while (text.charCodeAt(p) === SPACE || text.charCodeAt(p) === TAB) p++;
    if (!text.startsWith(marker, p)) return -1;
    const markerEnd = p + marker.length;
    let q = markerEnd;
    while (text.charCodeAt(q) === SPACE || text.charCodeAt(q) === TAB || text.charCodeAt(q) === CR) q++;
    return q >= this.length || text.charCodeAt(q) === LF ? markerEnd : -1;
  }

  /**
   * `<<-` heredocs: removes the smallest indentation found at the start of any non-blank line,
   * the way HCL does (a line starting with an interpolation counts as unindented).
   */
  private flushHeredocIndentation(elements: TemplateElement[]): void {
    let minSpaces = Number.MAX_SAFE_INTEGER;
    let newline = true;
    const adjust: TextSegment[] = [];
    for (const element of elements) {
      if (newline) {
        newline = false;
        let spaces: number;
        if (element.kind === 'segment') {
          const value = element.value;
          let i = 0;
          while (i < value.length && isUnicodeSpace(value.charCodeAt(i))) i++;
          if (i === value.length && value.endsWith('\n')) {
            spaces = Number.MAX_SAFE_INTEGER; // a blank line does not count
          } else {
            spaces = i;
            adjust.push(element);
          }
        } else {
          spaces = 0;
        }
        if (spaces < minSpaces) minSpaces = spaces;
      }
      if (element.kind === 'segment' && element.value.endsWith('\n')) newline = true;
    }
    if (minSpaces === 0 || minSpaces === Number.MAX_SAFE_INTEGER) return;
    for (const segment of adjust) segment.value = segment.value.slice(minSpaces);
  }
}
