/**
 * Renders our syntax tree in the JSON shape that `@cdktf/hcl2json` produces, so the two parsers
 * can be compared on real files (the parity tests) and so code written against hcl2json's
 * shape can run on our parser.
 *
 * hcl2json's rules, reproduced here:
 * - blocks nest by type, then by each label, and end in an array of bodies; a body's blocks are
 *   converted first and its attributes then overwrite keys of the same name;
 * - numbers, booleans and null become JSON values, `-1` and `!true` are folded;
 * - quoted strings and heredocs become strings, with literal `${` / `%{` written back escaped
 *   as `$${` / `%%{`, interpolations written as `${<source text>}`, and `%{if}` / `%{for}`
 *   directives re-rendered in a normalised form;
 * - a string that is exactly one interpolation takes the value of the interpolated expression;
 * - tuples and objects are converted element by element;
 * - any other expression becomes `${<its exact source text>}`.
 */
import type { Body, Block, Expression, HclFile, LiteralExpr, Range, TemplateExpr, TemplatePart } from './ast';

/** Thrown where hcl2json itself would fail to convert a file that parses (e.g. a block both with and without labels). */
export class Hcl2jsonShapeError extends Error {
  override name = 'Hcl2jsonShapeError';
}

/** Our tree in hcl2json's JSON shape (see the module comment for the rules). */
export function toHcl2jsonShape(file: HclFile): JsonObject {
  return new ShapeConverter(file.text).convertBody(file.body);
}

/** A JSON value as hcl2json prints it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

type JsonObject = { [key: string]: Json };

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sets a key without ever touching the prototype (a key may be `__proto__`). */
function setKey(target: JsonObject, key: string, value: Json): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function hasKey(target: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(target, key);
}

/** hcl2json writes literal text back in template syntax, so `${` and `%{` must stay escaped. */
function escapeTemplateText(value: string): string {
  if (value.indexOf('{') < 0) return value;
  // Replacement functions, because `$` is special in replacement strings.
  return value.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/** A number as go-cty prints it in a string: plain decimal notation, never an exponent. */
export function ctyNumberToString(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return Math.abs(value) < 1e21 ? String(value) : BigInt(value).toString();
  const text = String(value);
  const match = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign, whole, fraction = '', exponentText] = match;
  const exponent = Number(exponentText);
  const digits = whole + fraction;
  const pointAt = whole.length + exponent;
  if (pointAt <= 0) return `${sign}0.${'0'.repeat(-pointAt)}${digits}`;
  if (pointAt >= digits.length) return sign + digits + '0'.repeat(pointAt - digits.length);
  return `${sign}${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
}

class ShapeConverter {
  constructor(private readonly text: string) {}

  convertBody(body: Body): JsonObject {
    const out: JsonObject = {};
    for (const item of body.items) {
      if (item.kind === 'block') this.convertBlock(item, out);
    }
    for (const item of body.items) {
      if (item.kind === 'attribute') setKey(out, item.name, this.convertExpression(item.expr));
    }
    return out;
  }

  private convertBlock(block: Block, root: JsonObject): void {
    let out = root;
    let key = block.type;
    for (const label of block.labels) {
      if (hasKey(out, key)) {
        const inner = out[key];
        if (!isPlainObject(inner)) throw new Hcl2jsonShapeError(`Unable to convert Block to JSON: ${block.type}.${block.labels.join('.')}`);
        out = inner;
      } else {
        const inner: JsonObject = {};
        setKey(out, key, inner);
        out = inner;
      }
      key = label;
    }
    const value = this.convertBody(block.body);
    if (hasKey(out, key)) {
      const current = out[key];
      if (!Array.isArray(current))
        throw new Hcl2jsonShapeError(`invalid HCL detected for "${block.type}" block, cannot have blocks with and without labels`);
      current.push(value);
    } else {
      setKey(out, key, [value]);
    }
  }

  /** The source text of a range, with hcl2json's habit of taking a following `)` along. */
  private rangeSource(range: Range): string {
    let end = range.end.offset;
    if (this.text.charCodeAt(end) === 41 /* ) */) end++;
    return this.text.slice(range.start.offset, end);
  }

  private wrap(expr: Expression): string {
    return '${' + this.rangeSource(expr.range) + '}';
  }

  convertExpression(expr: Expression): Json {
    switch (expr.type) {
      case 'literal':
        return expr.value;
      case 'unary':
        return this.convertUnary(expr.op, expr.operand, expr);
      case 'template':
        if (isPassthrough(expr)) return this.convertExpression((expr.parts[0] as { expr: Expression }).expr);
        return this.convertTemplate(expr);
      case 'tuple':
        return expr.items.map((item) => this.convertExpression(item));
      case 'object': {
        const out: JsonObject = {};
        for (const item of expr.items) setKey(out, this.convertKey(item.key), this.convertExpression(item.value));
        return out;
      }
      default:
        return this.wrap(expr);
    }
  }

  private convertUnary(op: '!' | '-', operand: Expression, whole: Expression): Json {
    if (operand.type !== 'literal') return this.wrap(whole);
    if (op === '-' && typeof operand.value === 'number') return -operand.value;
    if (op === '!' && typeof operand.value === 'boolean') return !operand.value;
    throw new Hcl2jsonShapeError(`Invalid operand for unary '${op}': ${this.rangeSource(whole.range)}`);
  }

  /** An object key: a bare name or static traversal as written, anything else as a string part. */
  private convertKey(key: Expression): string {
    if (key.type === 'literal' && typeof key.value === 'string') return this.rangeSource(key.range);
    if (isStaticTraversal(key)) return this.rangeSource(key.range);
    return this.convertStringPart(key);
  }

  /** An expression embedded in a string (an interpolation, or a nested template). */
  private convertStringPart(expr: Expression): string {
    switch (expr.type) {
      case 'literal':
        return literalToString(expr);
      case 'template':
        if (isPassthrough(expr)) return this.convertStringPart((expr.parts[0] as { expr: Expression }).expr);
        return this.convertTemplate(expr);
      case 'conditional':
        return this.renderConditional(
          this.rangeSource(expr.condition.range),
          this.convertStringPart(expr.trueExpr),
          this.convertStringPart(expr.falseExpr),
        );
      default:
        return this.wrap(expr);
    }
  }

  private renderConditional(condition: string, whenTrue: string, whenFalse: string): string {
    return `%{if ${condition}}${whenTrue}${whenFalse.length > 0 ? `%{else}${whenFalse}` : ''}%{endif}`;
  }

  /** Literal text, interpolations and directive blocks, concatenated the way hcl2json does. */
  private convertTemplate(template: TemplateExpr): string {
    interface Frame {
      keyword: 'root' | 'if' | 'for';
      header: string;
      body: string;
      elseBody: string | null;
    }
    const stack: Frame[] = [{ keyword: 'root', header: '', body: '', elseBody: null }];
    const append = (s: string): void => {
      const top = stack[stack.length - 1];
      if (top.elseBody !== null) top.elseBody += s;
      else top.body += s;
    };
    for (const part of template.parts) {
      if (part.kind === 'text') {
        append(escapeTemplateText(part.value));
      } else if (part.kind === 'interpolation') {
        append(this.convertStringPart(part.expr));
      } else {
        const directive = parseDirectiveText(part);
        if (directive.keyword === 'if') {
          stack.push({ keyword: 'if', header: directive.rest, body: '', elseBody: null });
        } else if (directive.keyword === 'for') {
          stack.push({ keyword: 'for', header: directive.rest, body: '', elseBody: null });
        } else if (directive.keyword === 'else') {
          const top = stack[stack.length - 1];
          if (top.keyword !== 'if') throw new Hcl2jsonShapeError('%{else} without %{if}');
          top.elseBody = '';
        } else if (directive.keyword === 'endif' || directive.keyword === 'endfor') {
          const top = stack.pop();
          if (!top || top.keyword !== (directive.keyword === 'endif' ? 'if' : 'for'))
            throw new Hcl2jsonShapeError(`unbalanced %{${directive.keyword}}`);
          append(top.keyword === 'if' ? this.renderConditional(top.header, top.body, top.elseBody ?? '') : renderFor(top.header, top.body));
        } else {
          throw new Hcl2jsonShapeError(`unknown directive ${part.text}`);
        }
      }
    }
    if (stack.length !== 1) throw new Hcl2jsonShapeError('unclosed template directive');
    return stack[0].body;
  }
}

/** HCL's "template wrap": a string that is exactly one interpolation stands for that expression. */
function isPassthrough(template: TemplateExpr): boolean {
  return template.parts.length === 1 && template.parts[0].kind === 'interpolation';
}

/** A traversal HCL resolves statically: a name followed by attributes and literal indexes. */
function isStaticTraversal(expr: Expression): boolean {
  switch (expr.type) {
    case 'variable':
      return true;
    case 'getAttr':
      return isStaticTraversal(expr.object);
    case 'index': {
      const key = expr.key;
      const literalKey = key.type === 'literal' || (key.type === 'template' && key.parts.length === 1 && key.parts[0].kind === 'text');
      return literalKey && isStaticTraversal(expr.object);
    }
    default:
      return false;
  }
}

function literalToString(expr: LiteralExpr): string {
  const value = expr.value;
  if (value === null) return 'null';
  if (typeof value === 'number') return ctyNumberToString(value);
  return String(value);
}

/** `%{ for k, v in coll ~}` → keyword `for`, rest `k, v in coll`; `%{if x}` → `if`, `x`. */
function parseDirectiveText(part: Extract<TemplatePart, { kind: 'directive' }>): { keyword: string; rest: string } {
  let inner = part.text.slice(2); // drop `%{`
  if (inner.endsWith('}')) inner = inner.slice(0, -1);
  inner = inner.trim();
  if (inner.startsWith('~')) inner = inner.slice(1);
  if (inner.endsWith('~')) inner = inner.slice(0, -1);
  inner = inner.trim();
  const match = /^([A-Za-z_][A-Za-z0-9_-]*)([\s\S]*)$/.exec(inner);
  if (!match) return { keyword: '', rest: '' };
  return { keyword: match[1], rest: match[2].trim() };
}

/** hcl2json's rendering of `%{for}`: `%{for k, v in <collection source>}body%{endfor}`. */
function renderFor(header: string, body: string): string {
  const match =
    /^([^\s,]+)\s*(?:,\s*([^\s,]+)\s*)?\s+in\s+([\s\S]*)$/.exec(header) ?? /^([^\s,]+)\s*,\s*([^\s,]+)\s+in\s+([\s\S]*)$/.exec(header);
  if (!match) throw new Hcl2jsonShapeError(`malformed %{for ${header}}`);
  const [, first, second, collection] = match;
  const variables = second ? `${first}, ${second}` : first;
  return `%{for ${variables} in ${collection.trim()}}${body}%{endfor}`;
}
