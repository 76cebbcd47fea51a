/**
 * Terraform's JSON configuration syntax (`*.tf.json`, `*.tofu.json`, `*.tfvars.json`), read into the
 * same tree `parser.ts` produces for native syntax, so every rule and fix works on it unchanged.
 *
 * A small JSON parser keeps the position of every property and value; the Terraform mapping then
 * follows the "JSON Configuration Syntax" page: block types with their labels as nested object
 * keys, a block given as an object or as an array of objects, `"//"` comment properties, and every
 * string value parsed as a template (`"${aws_vpc.main.id}"`), with ranges pointing back into the
 * JSON text. Without provider schemas, a property of a resource body whose value is an object (or
 * an array of objects) is read as a nested block, except the meta-arguments and known map
 * arguments such as `tags`; that is what the rules need (`ingress`, `route`, `statement`...).
 * Never throws: invalid JSON gives one syntax diagnostic at the JSON parser's position.
 */
import type {
  Attribute,
  Block,
  Body,
  BodyItem,
  Expression,
  HclFile,
  ObjectItem,
  Position,
  Range,
  SyntaxDiagnostic,
  TemplateExpr,
} from './ast';
import { parseHcl } from './parser';
import { plainRange, SourceRange } from './positions';

/** Nesting deeper than this is refused as invalid (one diagnostic), so hostile input cannot overflow the stack. */
const MAX_JSON_DEPTH = 200;

/** A JSON value with its source range. */
export type JsonNode =
  | { kind: 'object'; properties: JsonProperty[]; range: Range }
  | { kind: 'array'; items: JsonNode[]; range: Range }
  | {
      kind: 'string';
      value: string;
      range: Range;
      /** offset in the source of each UTF-16 unit of `value`, plus one past the end */ offsets: number[] | null;
    }
  | { kind: 'number'; value: number; range: Range }
  | { kind: 'boolean'; value: boolean; range: Range }
  | { kind: 'null'; range: Range };

/** One `"key": value` of an object. */
export interface JsonProperty {
  key: string;
  keyNode: Extract<JsonNode, { kind: 'string' }>;
  value: JsonNode;
  range: Range;
}

/** The result of parsing JSON text: the value, or the first error and where it is. */
export type JsonParseResult = { value: JsonNode; error?: undefined } | { value?: undefined; error: SyntaxDiagnostic };

/** Maps offsets of a text to line/character positions. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  /** The position of an offset (clamped to the text). */
  at(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo], offset: o };
  }
}

class JsonError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Parses JSON text (RFC 8259) keeping ranges. Never throws. */
export function parseJson(text: string, lines = new LineIndex(text)): JsonParseResult {
  let i = 0;
  const n = text.length;
  const range = (start: number, end: number): Range => ({ start: lines.at(start), end: lines.at(end) });
  const skipSpace = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const describe = (at: number) => (at >= n ? 'the end of the file' : `'${text[at]}'`);
  const parseString = (): Extract<JsonNode, { kind: 'string' }> => {
    const start = i;
    i++; // opening quote
    let value = '';
    let offsets: number[] | null = null;
    let chunkStart = i;
    while (true) {
      if (i >= n) throw new JsonError('Invalid JSON: unterminated string', start);
      const c = text.charCodeAt(i);
      if (c === 34) break;
      if (c < 0x20)
        throw new JsonError('Invalid JSON: control character (such as a line break) inside a string; write it as an escape like \\n', i);
      if (c !== 92) {
        i++;
        continue;
      }
      // An escape: from here on, keep the source offset of every character of the value.
      if (!offsets) {
        offsets = [];
        for (let k = start + 1; k < i; k++) offsets.push(k);
      } else for (let k = chunkStart; k < i; k++) offsets.push(k);
      value += text.slice(chunkStart, i);
      const escStart = i;
      const e = text[i + 1];
      let decoded: string;
      if (e === 'u') {
        const hex = text.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new JsonError('Invalid JSON: \\u must be followed by four hexadecimal digits', i);
        decoded = String.fromCharCode(parseInt(hex, 16));
        i += 6;
      } else {
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e === undefined || !(e in simple)) throw new JsonError(`Invalid JSON: unknown escape \\${e ?? ''} in a string`, i);
        decoded = simple[e];
        i += 2;
      }
      value += decoded;
      offsets.push(escStart);
      chunkStart = i;
    }
    if (offsets) {
      for (let k = chunkStart; k < i; k++) offsets.push(k);
      offsets.push(i);
      value += text.slice(chunkStart, i);
    } else value = text.slice(start + 1, i);
    i++; // closing quote
    return { kind: 'string', value, range: range(start, i), offsets };
  };
  const parseValue = (depth: number): JsonNode => {
    skipSpace();
    if (depth > MAX_JSON_DEPTH) throw new JsonError(`Invalid JSON: nested more than ${MAX_JSON_DEPTH} levels deep`, i);
    const start = i;
    const c = text[i];
    if (c === '{') {
      i++;
      const properties: JsonProperty[] = [];
      skipSpace();
      if (text[i] === '}') {
        i++;
        return { kind: 'object', properties, range: range(start, i) };
      }
      while (true) {
        skipSpace();
        if (text[i] !== '"') throw new JsonError(`Invalid JSON: expected a property name in double quotes, found ${describe(i)}`, i);
        const keyNode = parseString();
        skipSpace();
        if (text[i] !== ':') throw new JsonError(`Invalid JSON: expected ':' after the property name, found ${describe(i)}`, i);
        i++;
        const value = parseValue(depth + 1);
        properties.push({ key: keyNode.value, keyNode, value, range: { start: keyNode.range.start, end: value.range.end } });
        skipSpace();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return { kind: 'object', properties, range: range(start, i) };
        }
        throw new JsonError(`Invalid JSON: expected ',' or '}' after a property, found ${describe(i)}`, i);
      }
    }
    if (c === '[') {
      i++;
      const items: JsonNode[] = [];
      skipSpace();
      if (text[i] === ']') {
        i++;
        return { kind: 'array', items, range: range(start, i) };
      }
      while (true) {
        items.push(parseValue(depth + 1));
        skipSpace();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return { kind: 'array', items, range: range(start, i) };
        }
        throw new JsonError(`Invalid JSON: expected ',' or ']' after an array element, found ${describe(i)}`, i);
      }
    }
    if (c === '"') return parseString();
    const m = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
    m.lastIndex = i;
    if (c === '-' || (c >= '0' && c <= '9')) {
      const found = m.exec(text);
      if (!found) throw new JsonError('Invalid JSON: malformed number', i);
      i += found[0].length;
      return { kind: 'number', value: Number(found[0]), range: range(start, i) };
    }
    for (const [word, node] of [
      ['true', { kind: 'boolean', value: true }],
      ['false', { kind: 'boolean', value: false }],
      ['null', { kind: 'null' }],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return { ...node, range: range(start, i) } as JsonNode;
      }
    }
    throw new JsonError(`Invalid JSON: expected a value, found ${describe(i)}`, i);
  };
  try {
    const value = parseValue(0);
    skipSpace();
    if (i < n) throw new JsonError(`Invalid JSON: unexpected ${describe(i)} after the end of the document`, i);
    return { value };
  } catch (error) {
    if (error instanceof JsonError) {
      const at = lines.at(error.offset);
      const end = lines.at(Math.min(error.offset + 1, text.length));
      return { error: { message: error.message, range: { start: at, end: end.line === at.line ? end : at } } };
    }
    // RangeError from a pathological input: still a clear message, never a crash.
    return { error: { message: `Invalid JSON: ${(error as Error).message}`, range: { start: lines.at(0), end: lines.at(0) } } };
  }
}

/** How many labels each top-level block type has in Terraform's language. */
const TOP_LEVEL_LABELS: Record<string, number> = {
  resource: 2,
  data: 2,
  ephemeral: 2,
  module: 1,
  variable: 1,
  output: 1,
  provider: 1,
  check: 1,
  locals: 0,
  terraform: 0,
  moved: 0,
  import: 0,
  removed: 0,
};

/** Properties of resource-like bodies that are arguments even when their value is an object or a list of objects. */
const ARGUMENT_NAMES = new Set([
  'count',
  'for_each',
  'depends_on',
  'provider',
  'providers',
  'tags',
  'tags_all',
  'triggers',
  'triggers_replace',
  'variables',
  'parameters',
  'labels',
  'annotations',
  'metadata',
  'environment_variables',
]);

/** Nested block types that take one label. */
const LABELLED_NESTED: Record<string, number> = { dynamic: 1, provisioner: 1, backend: 1 };

/** How the properties of a body are read: as arguments only, or nested blocks where the value is an object. */
type BodyMode = 'arguments' | 'blocks' | { blocks: Set<string> };

function modeFor(blockType: string): BodyMode {
  switch (blockType) {
    case 'module':
    case 'locals':
    case 'lifecycle':
    case 'required_providers':
    case 'backend':
    case 'moved':
    case 'import':
    case 'removed':
      return 'arguments';
    case 'variable':
      return { blocks: new Set(['validation']) };
    case 'output':
      return { blocks: new Set(['precondition']) };
    case 'terraform':
      return { blocks: new Set(['required_providers', 'backend', 'cloud']) };
    default:
      return 'blocks';
  }
}

/** Reads JSON configuration (`*.tf.json`) into the native syntax tree. Never throws. */
export function parseTerraformJson(text: string, path: string): HclFile {
  const converter = new Converter(text);
  const errors = converter.errors;
  const parsed = parseJson(text, converter.lines);
  const fileRange = { start: converter.lines.at(0), end: converter.lines.at(text.length) };
  if (parsed.error) return { path, text, body: { items: [], range: fileRange }, comments: [], errors: [parsed.error] };
  const root = parsed.value;
  if (root.kind !== 'object') {
    errors.push({ message: 'A Terraform JSON file must contain one object at its top level.', range: root.range });
    return { path, text, body: { items: [], range: fileRange }, comments: [], errors };
  }
  const items: BodyItem[] = [];
  for (const property of root.properties) {
    if (property.key === '//') continue;
    const labels = TOP_LEVEL_LABELS[property.key];
    if (labels === undefined) {
      errors.push({
        message: `Unsupported block type "${property.key}": Terraform's JSON syntax does not know it at the top level.`,
        range: property.keyNode.range,
      });
      continue;
    }
    converter.blocks(property, labels, items);
  }
  return { path, text, body: { items, range: fileRange }, comments: [], errors };
}

/** Reads a JSON variables file (`*.tfvars.json`): each property is an attribute. Never throws. */
export function parseTfvarsJson(text: string, path: string): HclFile {
  const converter = new Converter(text);
  const parsed = parseJson(text, converter.lines);
  const fileRange = { start: converter.lines.at(0), end: converter.lines.at(text.length) };
  if (parsed.error) return { path, text, body: { items: [], range: fileRange }, comments: [], errors: [parsed.error] };
  if (parsed.value.kind !== 'object') {
    return {
      path,
      text,
      body: { items: [], range: fileRange },
      comments: [],
      errors: [{ message: 'A variables JSON file must contain one object at its top level.', range: parsed.value.range }],
    };
  }
  const items: BodyItem[] = parsed.value.properties.map((p) => converter.attribute(p));
  return { path, text, body: { items, range: fileRange }, comments: [], errors: converter.errors };
}

class Converter {
  readonly lines: LineIndex;
  readonly errors: SyntaxDiagnostic[] = [];

  constructor(readonly text: string) {
    this.lines = new LineIndex(text);
  }

  /** The blocks of one `"type": {...}` property, after descending `labelCount` levels of label keys. */
  blocks(
    property: JsonProperty,
    labelCount: number,
    out: BodyItem[],
    labels: Array<{ value: string; range: Range }> = [],
    typeProperty = property,
  ): void {
    const value = property.value;
    if (labels.length < labelCount) {
      if (value.kind !== 'object') {
        this.errors.push({
          message: `"${typeProperty.key}" needs an object whose keys are its ${labelCount === 2 ? 'type and name labels' : 'name label'}.`,
          range: value.range,
        });
        return;
      }
      for (const inner of value.properties) {
        if (inner.key === '//') continue;
        this.blocks(inner, labelCount, out, [...labels, { value: inner.key, range: inner.keyNode.range }], typeProperty);
      }
      return;
    }
    const bodies = value.kind === 'array' ? value.items : [value];
    for (const body of bodies) {
      if (body.kind !== 'object') {
        this.errors.push({ message: `The body of a "${typeProperty.key}" block must be a JSON object.`, range: body.range });
        continue;
      }
      out.push(this.block(typeProperty, labels, labelCount === 0 ? property : undefined, body));
    }
  }

  private block(
    typeProperty: JsonProperty,
    labels: Array<{ value: string; range: Range }>,
    typeKey: JsonProperty | undefined,
    body: Extract<JsonNode, { kind: 'object' }>,
  ): Block {
    // Where "this block" points: its innermost key (the resource name, or the block type when unlabelled).
    const typeRange = labels.length > 0 ? labels[labels.length - 1].range : (typeKey ?? typeProperty).keyNode.range;
    const open = body.range.start;
    const close = body.range.end;
    const beforeClose = this.lines.at(close.offset - 1);
    return {
      kind: 'block',
      type: typeProperty.key,
      typeRange,
      labels: labels.map((l) => l.value),
      labelRanges: labels.map((l) => l.range),
      body: this.body(body, modeFor(typeProperty.key)),
      openBraceRange: { start: open, end: this.lines.at(open.offset + 1) },
      closeBraceRange: { start: beforeClose, end: close },
      range: { start: typeRange.start, end: close },
    };
  }

  private body(node: Extract<JsonNode, { kind: 'object' }>, mode: BodyMode): Body {
    const items: BodyItem[] = [];
    for (const property of node.properties) {
      if (property.key === '//') continue;
      const nestedLabels = LABELLED_NESTED[property.key];
      const isBlock =
        mode !== 'arguments' &&
        (mode === 'blocks' ? !ARGUMENT_NAMES.has(property.key) : mode.blocks.has(property.key)) &&
        (property.value.kind === 'object' ||
          (property.value.kind === 'array' && property.value.items.length > 0 && property.value.items.every((v) => v.kind === 'object')));
      if (isBlock) this.blocks(property, nestedLabels ?? 0, items);
      else items.push(this.attribute(property));
    }
    return { items, range: node.range };
  }

  /** `"name": value` as an attribute. */
  attribute(property: JsonProperty): Attribute {
    return {
      kind: 'attribute',
      name: property.key,
      nameRange: property.keyNode.range,
      expr: this.expression(property.value),
      range: property.range,
    };
  }

  /** A JSON value as an expression: strings are templates, arrays tuples, objects object expressions. */
  expression(node: JsonNode): Expression {
    switch (node.kind) {
      case 'string':
        return this.template(node);
      case 'number':
      case 'boolean':
        return { type: 'literal', value: node.value, range: node.range };
      case 'null':
        return { type: 'literal', value: null, range: node.range };
      case 'array':
        return { type: 'tuple', items: node.items.map((item) => this.expression(item)), range: node.range };
      case 'object': {
        const items: ObjectItem[] = node.properties.map((p) => ({
          key: this.template(p.keyNode),
          value: this.expression(p.value),
          range: p.range,
        }));
        return { type: 'object', items, range: node.range };
      }
    }
  }

  /** A JSON string as a template, its parts' ranges pointing into the JSON text. */
  template(node: Extract<JsonNode, { kind: 'string' }>): TemplateExpr {
    const value = node.value;
    const inner: Range = { start: this.lines.at(node.range.start.offset + 1), end: this.lines.at(node.range.end.offset - 1) };
    if (!value.includes('${') && !value.includes('%{')) {
      return {
        type: 'template',
        parts: value.length > 0 ? [{ kind: 'text', value, range: inner }] : [],
        heredoc: false,
        range: node.range,
      };
    }
    // Parse the unescaped value as the content of a heredoc (no escapes other than $${ and %%{, as
    // in a JSON template), then move every position back to where its character is in the JSON.
    const marker = 'PECR_JSON_TEMPLATE_END';
    const prefix = `x = <<${marker}\n`;
    const parsed = parseHcl(`${prefix}${value}\n${marker}\n`, '');
    const attr = parsed.body.items[0];
    const sourceOffset = (index: number) => {
      const k = Math.max(0, Math.min(index, value.length));
      return node.offsets ? node.offsets[k] : node.range.start.offset + 1 + k;
    };
    const moved = new Set<Position>();
    const move = (p: Position) => {
      if (moved.has(p)) return;
      moved.add(p);
      const at = this.lines.at(sourceOffset(p.offset - prefix.length));
      p.line = at.line;
      p.character = at.character;
      p.offset = at.offset;
    };
    const walk = (x: unknown) => {
      if (!x || typeof x !== 'object') return;
      const o = x as Record<string, unknown>;
      if (!Array.isArray(x) && typeof o.offset === 'number' && typeof o.line === 'number' && typeof o.character === 'number') {
        move(o as unknown as Position);
        return;
      }
      // The parser's compact ranges compute positions from its own text: give each a plain copy to move.
      for (const key in o) {
        if (o[key] instanceof SourceRange) o[key] = plainRange(o[key] as SourceRange);
        walk(o[key]);
      }
    };
    for (const error of parsed.errors) {
      const range = plainRange(error.range);
      walk(range);
      this.errors.push({ message: error.message, range });
    }
    if (!attr || attr.kind !== 'attribute' || attr.expr.type !== 'template') {
      return { type: 'template', parts: [{ kind: 'text', value, range: inner }], heredoc: false, range: node.range };
    }
    const parts = attr.expr.parts;
    // The heredoc's content ends with the newline before its marker: drop it.
    const last = parts[parts.length - 1];
    if (last && last.kind === 'text' && last.value.endsWith('\n')) {
      if (last.value.length === 1) parts.pop();
      else {
        last.value = last.value.slice(0, -1);
        last.range = { start: last.range.start, end: { line: 0, character: 0, offset: prefix.length + value.length } };
      }
    }
    walk(parts);
    return { type: 'template', parts, heredoc: false, range: node.range };
  }
}
