/**
 * Templates of the HCL parser: quoted strings with escapes, `${...}` interpolations and `%{...}`
 * directives with their strip markers, and heredocs with their indentation.
 */
import type { Expression, TemplateExpr, TemplatePart } from './ast';
import { ExpressionParser } from './expressions';
import {
  TAB,
  exact,
  LF,
  CR,
  SPACE,
  QUOTE,
  DOLLAR,
  PERCENT,
  COMMA,
  MINUS,
  BACKSLASH,
  LBRACE,
  RBRACE,
  TILDE,
  isUnicodeSpace,
  trimLeadingSpace,
  trimTrailingSpace,
  isHexDigit,
} from './scanner';

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

export abstract class TemplateParser extends ExpressionParser {
  // ---------------------------------------------------------------- templates

  protected parseQuotedTemplate(): TemplateExpr {
    const text = this.text;
    const length = this.length;
    const start = this.pos;
    const startPos = start;
    let p = start + 1;
    // Fast path: a plain string with no escapes, interpolations or directives.
    for (;;) {
      const c = text.charCodeAt(p);
      if (c === QUOTE) {
        const parts: TemplatePart[] =
          p > start + 1 ? [{ kind: 'text', value: text.slice(start + 1, p), range: this.range(start + 1, p) }] : [];
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
          this.error(
            "Unterminated string: a quoted string must end with '\"' on the same line (use a heredoc for multi-line text)",
            start,
            Math.max(contentEnd, start + 1),
          );
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

  protected lastEscapeValue = '';

  /** Decodes the backslash escape at `offset` into `lastEscapeValue`; returns the offset after it. */
  protected readEscape(offset: number): number {
    const text = this.text;
    const c = text.charCodeAt(offset + 1);
    switch (c) {
      case 110:
        this.lastEscapeValue = '\n';
        return offset + 2; // n
      case 116:
        this.lastEscapeValue = '\t';
        return offset + 2; // t
      case 114:
        this.lastEscapeValue = '\r';
        return offset + 2; // r
      case QUOTE:
        this.lastEscapeValue = '"';
        return offset + 2;
      case BACKSLASH:
        this.lastEscapeValue = '\\';
        return offset + 2;
      case 117: // u
      case 85: {
        // U
        const digits = c === 117 ? 4 : 8;
        let q = offset + 2;
        while (q < offset + 2 + digits && isHexDigit(text.charCodeAt(q))) q++;
        const code = q === offset + 2 + digits ? parseInt(text.slice(offset + 2, q), 16) : -1;
        if (code < 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
          this.error(
            `Invalid escape sequence: '\\${String.fromCharCode(c)}' must be followed by ${digits} hexadecimal digits of a Unicode character`,
            offset,
            q,
          );
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
        this.error(
          `Invalid escape sequence '\\${shown}': valid ones are \\n \\r \\t \\" \\\\ \\uNNNN \\UNNNNNNNN`,
          offset,
          offset + 1 + shown.length,
        );
        this.lastEscapeValue = shown;
        return offset + 1 + shown.length;
      }
    }
  }

  /** Adds a literal text segment, applying a pending `~}` strip marker. */
  protected pushSegment(elements: TemplateElement[], value: string, start: number, end: number, stripLeading: boolean): void {
    elements.push({ kind: 'segment', value: stripLeading ? trimLeadingSpace(value) : value, start, end });
  }

  /** Applies `${~` to the literal segment just before an interpolation or directive. */
  protected stripPreviousSegment(elements: TemplateElement[]): void {
    const last = elements[elements.length - 1];
    if (last && last.kind === 'segment') last.value = trimTrailingSpace(last.value);
  }

  /** `${ expr }` at the current position; returns whether it ended with the `~}` strip marker. */
  protected parseInterpolation(elements: TemplateElement[], inHeredoc: boolean): boolean {
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
  protected closeTemplateSequence(start: number, what: string, inHeredoc: boolean): boolean {
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
    this.error(
      `Expected '}' to close the ${what} opened with '${text.slice(start, start + 2)}', found ${this.describeAt(this.pos)}`,
      start,
      start + 2,
    );
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
  protected parseDirective(elements: TemplateElement[], frames: DirectiveFrame[], inHeredoc: boolean): boolean {
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
            this.error(
              "Invalid '%{for}' directive: expected '%{for name in collection}' or '%{for key, value in collection}'",
              start,
              Math.max(this.pos, start + 2),
            );
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
            keyword
              ? `Unknown template directive '%{${keyword}}': expected if, else, endif, for or endfor`
              : "Expected a directive keyword after '%{' (use '%%{' for a literal '%{')",
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

  protected checkUnclosedDirectives(frames: DirectiveFrame[]): void {
    for (const frame of frames) {
      this.error(`'%{${frame.keyword}}' has no matching '%{end${frame.keyword}}'`, frame.start, frame.start + 2);
    }
  }

  /** Merges consecutive literal segments into one text part each. */
  protected meldSegments(elements: TemplateElement[]): TemplatePart[] {
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
    return exact(parts);
  }

  /** `<<EOT` or `<<-EOT` heredoc; the current position is at `<<`. */
  protected parseHeredoc(): Expression {
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
    let end: number;
    for (;;) {
      if (p >= length) {
        this.error(
          `Unterminated heredoc: expected a line containing only '${marker}' to end the heredoc opened at line ${this.lineNumberOf(startPos)}`,
          start,
          markerEnd,
        );
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
  protected matchHeredocMarker(offset: number, marker: string): number {
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
  protected flushHeredocIndentation(elements: TemplateElement[]): void {
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
