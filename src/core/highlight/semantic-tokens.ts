/**
 * Highlighting of Terraform's native syntax as semantic tokens, for when no other extension brings a
 * TextMate grammar for the `terraform` language (see docs/snippets.md, "Highlighting"). A linear scan
 * with a small mode stack (code, quoted template, heredoc, interpolation): no parse, no allocation per
 * character, and tokens never span lines (VS Code's semantic tokens are single-line).
 */

/** The token types, in legend order (VS Code's standard semantic token types, so every theme knows them). */
export const HIGHLIGHT_TOKEN_TYPES = [
  'comment',
  'string',
  'number',
  'keyword',
  'type',
  'enumMember',
  'property',
  'function',
  'variable',
  'operator',
] as const;

/** One of the token types above. */
export type HighlightTokenType = (typeof HIGHLIGHT_TOKEN_TYPES)[number];

/** A token on one line: 0-based line and UTF-16 column, length in UTF-16 units. */
export interface HighlightToken {
  line: number;
  character: number;
  length: number;
  type: HighlightTokenType;
}

/** Lines to report, inclusive; the scan still starts at the top so multi-line comments and heredocs are known. */
export interface LineRange {
  startLine: number;
  endLine: number;
}

const KEYWORDS = new Set(['true', 'false', 'null', 'for', 'in', 'if', 'else', 'endif', 'endfor']);
const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '=>', '...', '=', '<', '>', '!', '+', '-', '*', '/', '%', '?', ':'];

type Bracket = 'body' | 'object' | 'expr' | 'interp';

const UNICODE_ID_START = /\p{ID_Start}/u;
const UNICODE_ID_PART = /\p{ID_Continue}/u;
const isAsciiLetter = (code: number) => (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
const isIdentStart = (c: string) => {
  const code = c.charCodeAt(0);
  return isAsciiLetter(code) || (code > 127 && UNICODE_ID_START.test(c));
};
const isIdentPart = (c: string) => {
  const code = c.charCodeAt(0);
  return isAsciiLetter(code) || (code >= 48 && code <= 57) || code === 45 || (code > 127 && UNICODE_ID_PART.test(c));
};
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
/** First characters of the operators, to try them only there. */
const OPERATOR_STARTS = new Set(OPERATORS.map((op) => op[0]));

/** Semantic tokens of a Terraform file (native syntax), optionally only those on `range`'s lines. */
export function highlightTerraform(text: string, range?: LineRange): HighlightToken[] {
  const tokens: HighlightToken[] = [];
  const lastLine = range?.endLine ?? Number.POSITIVE_INFINITY;
  const firstLine = range?.startLine ?? 0;
  let line = 0;
  let lineStart = 0;
  let i = 0;
  const n = text.length;
  /** Open brackets; the bottom is the file's top-level body. */
  const brackets: Bracket[] = ['body'];
  /** Inside a quoted template (the interpolation that opened it is the bracket below). */
  const strings: number[] = [];
  let atStatementStart = true;
  let expectLabels = false;

  const emit = (start: number, end: number, type: HighlightTokenType) => {
    if (end > start && line >= firstLine && line <= lastLine)
      tokens.push({ line, character: start - lineStart, length: end - start, type });
  };
  const newline = (at: number) => {
    line++;
    lineStart = at + 1;
  };
  /** Emits [start, end) as `type`, split at line breaks. */
  const emitSpan = (start: number, end: number, type: HighlightTokenType) => {
    let from = start;
    for (let k = start; k < end; k++) {
      if (text[k] === '\n') {
        emit(from, text[k - 1] === '\r' ? k - 1 : k, type);
        newline(k);
        from = k + 1;
      }
    }
    emit(from, end, type);
  };
  const nextNonBlank = (from: number) => {
    let k = from;
    while (k < n && (text[k] === ' ' || text[k] === '\t')) k++;
    return k;
  };

  /** Scans a quoted template from just after its opening quote; stops after the closing quote or at an interpolation. */
  const scanTemplate = (start = i): 'closed' | 'interp' => {
    while (i < n) {
      const c = text[i];
      if (c === '\\' && i + 1 < n && text[i + 1] !== '\n') i += 2;
      else if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') i += 3;
      else if ((c === '$' || c === '%') && text[i + 1] === '{') {
        emit(start, i, 'string');
        emit(i, i + 2, 'keyword');
        i += 2;
        return 'interp';
      } else if (c === '"') {
        i++;
        emit(start, i, 'string');
        return 'closed';
      } else if (c === '\n' || c === '\r') {
        // An unterminated string ends at the line break, as Terraform reports it.
        emit(start, i, 'string');
        return 'closed';
      } else i++;
    }
    emit(start, i, 'string');
    return 'closed';
  };

  /** Scans a heredoc body from the start of its first line; `marker` ends it on a line of its own. */
  const scanHeredoc = (marker: string) => {
    while (i < n && line <= lastLine) {
      let end = text.indexOf('\n', i);
      if (end === -1) end = n;
      const content = text.slice(i, end).replace(/\r$/, '');
      const trimmed = content.trim();
      emit(i, i + content.length, 'string');
      i = end;
      if (i < n) {
        newline(i);
        i++;
      }
      if (trimmed === marker) return;
    }
  };

  while (i < n && line <= lastLine) {
    const c = text[i];
    const top = brackets[brackets.length - 1];
    if (c === '\n') {
      newline(i);
      i++;
      if (top === 'body') atStatementStart = true;
      expectLabels = false;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\ufeff') {
      i++;
      continue;
    }
    if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      let end = text.indexOf('\n', i);
      if (end === -1) end = n;
      emit(i, text[end - 1] === '\r' ? end - 1 : end, 'comment');
      i = end;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      const end = close === -1 ? n : close + 2;
      emitSpan(i, end, 'comment');
      i = end;
      continue;
    }
    const startsStatement = atStatementStart;
    atStatementStart = false;
    if (c === '"') {
      const labels = expectLabels;
      const start = i;
      i++;
      if (labels) {
        // A block label: the whole quoted name, no interpolation allowed there.
        while (i < n && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
        if (text[i] === '"') i++;
        emit(start, i, 'enumMember');
        continue;
      }
      if (scanTemplate(start) === 'interp') {
        strings.push(brackets.length);
        brackets.push('interp');
      }
      continue;
    }
    const heredoc = c === '<' && text[i + 1] === '<' ? /^<<-?([A-Za-z_][\w-]*)[ \t]*\r?\n/.exec(text.slice(i, i + 256)) : null;
    if (heredoc) {
      emit(i, i + heredoc[0].trimEnd().length, 'string');
      i += heredoc[0].length;
      newline(i - 1);
      scanHeredoc(heredoc[1]);
      atStatementStart = top === 'body';
      continue;
    }
    if (isDigit(c)) {
      const start = i;
      while (isDigit(text[i])) i++;
      if (text[i] === '.' && isDigit(text[i + 1])) {
        i++;
        while (isDigit(text[i])) i++;
      }
      if (
        (text[i] === 'e' || text[i] === 'E') &&
        (isDigit(text[i + 1]) || ((text[i + 1] === '+' || text[i + 1] === '-') && isDigit(text[i + 2])))
      ) {
        i += 2;
        while (isDigit(text[i])) i++;
      }
      emit(start, i, 'number');
      continue;
    }
    if (isIdentStart(c)) {
      const start = i;
      i++;
      while (i < n && isIdentPart(text[i])) i++;
      const word = text.slice(start, i);
      const after = nextNonBlank(i);
      const next = text[after];
      const afterMember = start > 0 && text[start - 1] === '.';
      if (expectLabels) emit(start, i, 'enumMember');
      else if (afterMember) emit(start, i, 'property');
      else if (next === '=' && text[after + 1] !== '=' && text[after + 1] !== '>') emit(start, i, 'property');
      else if (top === 'object' && next === ':') emit(start, i, 'property');
      else if (startsStatement && top === 'body' && (next === '{' || next === '"' || (next !== undefined && isIdentStart(next)))) {
        emit(start, i, 'type');
        expectLabels = true;
      } else if (next === '(') emit(start, i, 'function');
      else if (KEYWORDS.has(word)) emit(start, i, 'keyword');
      else emit(start, i, 'variable');
      continue;
    }
    if (c === '{') {
      brackets.push(expectLabels || (startsStatement && top === 'body') ? 'body' : 'object');
      expectLabels = false;
      atStatementStart = brackets[brackets.length - 1] === 'body';
      i++;
      continue;
    }
    if (c === '[' || c === '(') {
      brackets.push('expr');
      i++;
      continue;
    }
    if (c === '}' || c === ']' || c === ')') {
      const closed = brackets.length > 1 ? brackets.pop() : undefined;
      if (closed === 'interp' && strings[strings.length - 1] === brackets.length) {
        strings.pop();
        emit(i, i + 1, 'keyword');
        i++;
        if (scanTemplate() === 'interp') {
          strings.push(brackets.length);
          brackets.push('interp');
        }
        continue;
      }
      i++;
      continue;
    }
    const operator = OPERATOR_STARTS.has(c) ? OPERATORS.find((op) => text.startsWith(op, i)) : undefined;
    if (operator) {
      emit(i, i + operator.length, 'operator');
      i += operator.length;
      continue;
    }
    i++;
  }
  return tokens;
}
