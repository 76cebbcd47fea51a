/**
 * Bodies of the HCL parser: a file's or a block's attributes and nested blocks, one per line (or
 * a single-line block), with the "already set" check. `HclParser` is the complete parser.
 */
import type { Attribute, Block, Body, BodyItem, Expression, Range } from './ast';
import { endOffsetOf, startOffsetOf } from './positions';
import { MAX_NESTING_DEPTH, QUOTE, COMMA, EQ, LBRACE, RBRACE, exact } from './scanner';
import { TemplateParser } from './templates';

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

export class HclParser extends TemplateParser {
  constructor(text: string) {
    super(text);
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
    return { items: exact(items), range: this.range(start, this.length) };
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

  // ---------------------------------------------------------------- bodies

  /** Parses attributes and blocks until EOF or (inside a block) an unmatched `}`, which is left unconsumed. */
  protected parseBodyItems(items: BodyItem[], insideBlock: boolean): void {
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

  /** Parses one attribute or block starting at an identifier. */
  protected parseBodyItem(items: BodyItem[], seen: AttributeNames, insideBlock: boolean, singleLine: boolean): void {
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
      const attribute: Attribute = {
        kind: 'attribute',
        name,
        nameRange,
        expr,
        range: this.range(startOffsetOf(nameRange), endOffsetOf(expr.range)),
      };
      const previous = seen.addOrGet(attribute);
      if (previous) {
        this.error(
          `The argument "${name}" was already set at line ${previous.nameRange.start.line + 1}; each argument may be set only once`,
          nameStart,
          nameEnd,
        );
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
  protected expectEndOfItem(kind: 'argument' | 'block', insideBlock: boolean, allowCloseBrace: boolean): void {
    this.skipTrivia();
    if (this.atEndOfLine()) return;
    const p = this.pos;
    const c = this.text.charCodeAt(p);
    if (c === RBRACE && allowCloseBrace) return;
    const message =
      c === COMMA
        ? `Unexpected ',' after the ${kind}: arguments and blocks are separated by newlines, not commas`
        : c === RBRACE && insideBlock
          ? `Expected a newline before '}': only a single-line block may close on the line of its ${kind}`
          : `Expected a newline after the ${kind} definition, found ${this.describeAt(p)}`;
    this.skipRestOfLine(insideBlock);
    this.error(message, p, Math.max(p + 1, this.trimmedEnd(p, this.pos)));
  }

  protected parseBlock(items: BodyItem[], type: string, typeRange: Range, insideBlock: boolean, parentSingleLine: boolean): void {
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
            this.error(
              'Block labels must be plain strings: template interpolations and directives are not allowed here',
              startOffsetOf(part.range),
              endOffsetOf(part.range),
            );
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
      this.error(
        message,
        this.atEndOfLine() ? startOffsetOf(typeRange) : openStart,
        this.atEndOfLine() ? endOffsetOf(typeRange) : openStart + 1,
      );
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
      labels: exact(labels),
      labelRanges: exact(labelRanges),
      body: { items: exact(bodyItems), range: this.range(endOffsetOf(openBraceRange), startOffsetOf(closeBraceRange)) },
      openBraceRange,
      closeBraceRange,
      range: this.range(startOffsetOf(typeRange), endOffsetOf(closeBraceRange)),
    };
    items.push(block);
    if (closed) this.expectEndOfItem('block', insideBlock, parentSingleLine);
  }

  /** `type { name = value }` on one line: at most one argument, closed on the same line. */
  protected parseSingleLineBody(items: BodyItem[], openStart: number): void {
    const p = this.pos;
    if (this.isIdentStartAt(p)) {
      this.parseBodyItem(items, new AttributeNames(), true, true);
      const last = items[items.length - 1];
      if (last && last.kind === 'block') {
        this.error(
          'A single-line block cannot contain a nested block; put the nested block on its own lines',
          startOffsetOf(last.range),
          endOffsetOf(last.range),
        );
      }
    } else {
      const message = this.isInvalidCharAt(p)
        ? this.invalidCharMessage(p)
        : `Expected an argument or a block definition, found ${this.describeAt(p)}`;
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
}
