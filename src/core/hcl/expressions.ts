/**
 * Expressions of the HCL parser: operators by precedence, terms (literals, names, calls, tuples,
 * objects, `for`), and the postfix traversals (attributes, indexes, splats). Quoted templates and
 * heredocs are read by templates.ts, through the two abstract methods.
 */
import type { BinaryOperator, Expression, ForExpr, InvalidExpr, Range, SplatExpr, TemplateExpr } from './ast';
import { endOffsetOf, startOffsetOf } from './positions';
import {
  HclScanner,
  MAX_NESTING_DEPTH,
  exact,
  TAB,
  LF,
  CR,
  SPACE,
  BANG,
  QUOTE,
  PERCENT,
  AMP,
  LPAREN,
  RPAREN,
  STAR,
  PLUS,
  COMMA,
  MINUS,
  DOT,
  SLASH,
  DIGIT0,
  DIGIT9,
  COLON,
  LT,
  EQ,
  GT,
  QUESTION,
  LBRACKET,
  RBRACKET,
  LBRACE,
  PIPE,
  RBRACE,
  isUnicodeSpace,
  isDigit,
} from './scanner';

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

export abstract class ExpressionParser extends HclScanner {
  /** A quoted string at the current position (`"`). */
  protected abstract parseQuotedTemplate(): TemplateExpr;
  /** A heredoc at the current position (`<<`). */
  protected abstract parseHeredoc(): Expression;

  // ---------------------------------------------------------------- expressions

  protected parseExpression(): Expression {
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
        this.error(
          `Expected ':' in the conditional expression, found ${this.describeAt(this.pos)}`,
          this.pos,
          Math.min(this.pos + 1, this.length),
        );
        falseExpr = this.invalid(this.pos, this.pos);
      }
      expr = {
        type: 'conditional',
        condition: expr,
        trueExpr,
        falseExpr,
        range: this.range(startOffsetOf(expr.range), endOffsetOf(falseExpr.range)),
      };
    }
    this.depth--;
    return expr;
  }

  /** An expression that must be present (a missing one is reported with `where` in the message). */
  protected parseOperand(where: string): Expression {
    if (this.atEndOfLine() && this.newlinesSignificant) {
      this.error(`Expected an expression ${where}`, this.pos, this.pos);
      return this.invalid(this.pos, this.pos);
    }
    return this.parseExpression();
  }

  protected parseBinary(minLevel: number): Expression {
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
  protected peekBinaryOperator(): number {
    const text = this.text;
    const p = this.pos;
    const c = text.charCodeAt(p);
    const next = text.charCodeAt(p + 1);
    switch (c) {
      case PIPE:
        return next === PIPE ? OP_OR : -1;
      case AMP:
        return next === AMP ? OP_AND : -1;
      case EQ:
        return next === EQ ? OP_EQ : -1;
      case BANG:
        return next === EQ ? OP_NE : -1;
      case LT:
        return next === EQ ? OP_LE : next === LT ? -1 : OP_LT;
      case GT:
        return next === EQ ? OP_GE : OP_GT;
      case PLUS:
        return OP_ADD;
      case MINUS:
        return OP_SUB;
      case STAR:
        return OP_MUL;
      case SLASH:
        return next === SLASH || next === STAR ? -1 : OP_DIV;
      case PERCENT:
        return OP_MOD;
      default:
        return -1;
    }
  }

  protected parseUnary(): Expression {
    const p = this.pos;
    const c = this.text.charCodeAt(p);
    if (c === MINUS || (c === BANG && this.text.charCodeAt(p + 1) !== EQ)) {
      if (this.depth >= MAX_NESTING_DEPTH) return this.skipTooDeepExpression();
      const start = p;
      this.depth++;
      this.pos = p + 1;
      this.skipTrivia();
      const operand =
        this.atEndOfLine() && this.newlinesSignificant ? this.missingExpression(`after '${c === MINUS ? '-' : '!'}'`) : this.parseUnary();
      this.depth--;
      return { type: 'unary', op: c === MINUS ? '-' : '!', operand, range: this.range(start, endOffsetOf(operand.range)) };
    }
    return this.parsePostfix(this.parseTerm());
  }

  protected missingExpression(where: string): InvalidExpr {
    this.error(`Expected an expression ${where}`, this.pos, this.pos);
    return this.invalid(this.pos, this.pos);
  }

  protected parseTerm(): Expression {
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
      case QUOTE:
        return this.parseQuotedTemplate();
      case LBRACKET:
        return this.parseTupleOrFor();
      case LBRACE:
        return this.parseObjectOrFor();
      case LPAREN:
        return this.parseParenthesized();
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

  protected parseNumber(): Expression {
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
  protected exponentDigitsAt(offset: number): number {
    let q = offset;
    const sign = this.text.charCodeAt(q);
    if (sign === PLUS || sign === MINUS) q++;
    return isDigit(this.text.charCodeAt(q)) ? q : -1;
  }

  protected parseIdentifierTerm(): Expression {
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
  protected parseCall(firstName: string, start: number, startPos: number, firstEnd: number): Expression {
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
    return { type: 'call', name, nameRange, args: exact(args), expandFinal, range: this.range(startPos, end) };
  }

  /**
   * After a list item not followed by `,` or the closer: reports it and resynchronises.
   * If the offending text starts on a later line, the list was most likely left unclosed.
   */
  protected recoverInList(
    closer: number,
    itemEnd: number,
    open: number,
    what: string,
    itemWord: string,
  ): 'continue' | 'closed' | 'unclosed' {
    const p = this.pos;
    const closerChar = String.fromCharCode(closer);
    if (p >= this.length || this.hasNewlineBetween(itemEnd, p)) {
      this.error(`Expected '${closerChar}' to close ${what} opened at line ${this.lineNumberOf(open)}`, open, open + 1);
      // Give the following lines back to the enclosing body: they most likely belong there.
      this.rewindTo(itemEnd);
      return 'unclosed';
    }
    this.error(
      this.isInvalidCharAt(p)
        ? this.invalidCharMessage(p)
        : `Expected ',' or '${closerChar}' after the ${itemWord}, found ${this.describeAt(p)}`,
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

  protected parseParenthesized(): Expression {
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
        this.error(
          `Expected ')' to close the parenthesis opened at line ${this.lineNumberOf(open)}, found ${this.describeAt(this.pos)}`,
          open,
          open + 1,
        );
        end = endOffsetOf(inner.range);
        if (this.hasNewlineBetween(end, this.pos)) this.rewindTo(end);
        else if (this.skipToCloser(RPAREN)) end = this.pos;
      }
      return { type: 'paren', expr: inner, range: this.range(start, end) };
    });
  }

  protected parseTupleOrFor(): Expression {
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
        let lastEnd: number;
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
            this.error(
              `Expected ']' to close the tuple opened at line ${this.lineNumberOf(open)}, found ${this.describeAt(p)}`,
              open,
              open + 1,
            );
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
        result = { type: 'tuple', items: exact(items), range: this.range(start, end) };
      }
      return result;
    });
  }

  protected parseObjectOrFor(): Expression {
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
          this.error(
            `Expected '}' to close the object opened at line ${this.lineNumberOf(open)}, found ${this.describeAt(p)}`,
            open,
            open + 1,
          );
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
          this.error(
            `Expected '=' or ':' after the object key, found ${this.describeAt(q)}`,
            q,
            Math.max(q + 1, this.trimmedEnd(q, this.pos)),
          );
          if (this.pos === p) this.pos = p + 1;
          consumed = Math.max(consumed, this.trimmedEnd(p, this.pos));
          continue;
        }
        this.pos = q + 1;
        this.skipTrivia();
        const value =
          this.atEndOfLine() || this.text.charCodeAt(this.pos) === RBRACE
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
          this.error(
            `Expected a newline or ',' after the object item, found ${this.describeAt(r)}`,
            r,
            Math.max(r + 1, this.trimmedEnd(r, this.pos)),
          );
        }
      }
      if (end >= 0) this.pos = end;
      else end = Math.min(this.pos, consumed);
      return { type: 'object', items: exact(items), range: this.range(start, end) };
    });
  }

  /** The part of a `for` expression after `[` or `{`; the current position is at the `for` keyword. */
  protected parseForBody(open: number, start: number, isObject: boolean): Expression {
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
    if (this.text.charCodeAt(this.pos) !== COLON)
      return fail(`Expected ':' after the 'for' collection, found ${this.describeAt(this.pos)}`);
    this.pos++;
    this.skipTrivia();
    let keyExpr: Expression | undefined;
    if (isObject) {
      keyExpr = this.parseExpression();
      this.skipTrivia();
      if (!this.text.startsWith('=>', this.pos))
        return fail(`Expected '=>' after the key of an object 'for', found ${this.describeAt(this.pos)}`);
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
      return fail(
        `Expected '${isObject ? '}' : ']'}' to close the 'for' expression opened at line ${this.lineNumberOf(open)}, found ${this.describeAt(this.pos)}`,
      );
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
  protected parsePostfix(term: Expression): Expression {
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
          expr = {
            type: 'getAttr',
            object: expr,
            name: text.slice(q, end),
            nameRange,
            range: this.range(startOffsetOf(expr.range), endOffsetOf(nameRange)),
          };
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
  protected parseLegacyIndexKey(): Expression {
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
  protected parseAttributeSplat(object: Expression): Expression {
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
  protected parseIndexOrSplat(object: Expression): Expression {
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
      const key = this.text.charCodeAt(this.pos) === RBRACKET ? this.missingExpression("inside '[ ]'") : this.parseExpression();
      this.skipTrivia();
      let end: number;
      if (this.text.charCodeAt(this.pos) === RBRACKET) {
        end = this.pos + 1;
        this.pos = end;
      } else {
        this.error(
          `Expected ']' to close the index opened at line ${this.lineNumberOf(open)}, found ${this.describeAt(this.pos)}`,
          open,
          open + 1,
        );
        end = endOffsetOf(key.range);
        if (this.hasNewlineBetween(end, this.pos)) this.rewindTo(end);
        else if (this.skipToCloser(RBRACKET)) end = this.pos;
      }
      return { type: 'index', object, key, range: this.range(startOffsetOf(object.range), end) };
    });
  }

  /** After `[*]`: the full splat takes the following `.name`, `.0` and `[key]` steps. */
  protected parseFullSplat(object: Expression, starEnd: number): Expression {
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
  protected nestedSplat(inner: Expression, parse: () => Expression): Expression {
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
}
