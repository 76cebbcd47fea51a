/**
 * YAML for `yamldecode` and `yamlencode`, as Terraform's go-yaml based library reads and writes it:
 * block and flow collections, plain/quoted/block scalars, YAML 1.1 booleans (`yes`, `on`) and
 * numbers (`0x10`). Anchors, tags, several documents and complex keys give unknown, not a guess.
 */
import type { Value } from '../values';
import { fail, list, NULL, num, numberText, object, plainScalarText, quoteText, sortedEntries, Stop, str } from './support';

function unsupported(what: string): never {
  throw new Stop({ kind: 'unknown', reason: `YAML with ${what} is not decoded by the checker` });
}

/** Anchors of the document being decoded (`&name`), for aliases (`*name`). */
let anchors = new Map<string, Value>();

function takeAnchor(text: string): [string | undefined, string] {
  const m = /^&([^\s[\]{},]+)(?:\s+|$)([\s\S]*)$/.exec(text);
  return m ? [m[1], m[2]] : [undefined, text];
}

function alias(text: string): Value {
  const value = anchors.get(text.trim().slice(1));
  return value ?? fail('yamldecode: unknown alias');
}

interface Line {
  indent: number;
  text: string;
}

const MAX_DEPTH = 100;

/** A scalar's value by YAML 1.1 resolution, as go-yaml v2 resolves plain scalars. */
function plainScalar(text: string): Value {
  const t = text.trim();
  if (t === '' || t === '~' || t === 'null' || t === 'Null' || t === 'NULL') return NULL;
  if (/^(?:true|True|TRUE|yes|Yes|YES|on|On|ON|y|Y)$/.test(t)) return { kind: 'bool', value: true };
  if (/^(?:false|False|FALSE|no|No|NO|off|Off|OFF|n|N)$/.test(t)) return { kind: 'bool', value: false };
  const plain = t.replace(/_/g, '');
  if (/^[-+]?(?:0|[1-9]\d*)$/.test(plain)) return num(Number(plain));
  if (/^[-+]?0x[0-9a-fA-F]+$/.test(plain)) return num(parseInt(plain.replace('0x', ''), 16));
  if (/^[-+]?0b[01]+$/.test(plain)) return num(parseInt(plain.replace('0b', ''), 2));
  if (/^[-+]?0[0-7]+$/.test(plain)) return num(parseInt(plain, 8));
  if (/^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(plain)) return num(Number(plain));
  if (/^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$/.test(t)) unsupported('infinite or NaN numbers');
  if (t.startsWith('*')) return alias(t);
  if (t.startsWith('&') || t.startsWith('!')) unsupported('anchors or tags here');
  return str(t);
}

function doubleQuoted(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_m, e: string) => {
    const simple: Record<string, string> = {
      n: '\n',
      t: '\t',
      r: '\r',
      '0': '\0',
      '"': '"',
      '\\': '\\',
      '/': '/',
      ' ': ' ',
      a: '\x07',
      b: '\b',
      e: '\x1b',
      f: '\f',
      v: '\v',
      N: '\x85',
      _: '\xa0',
      L: '\u2028',
      P: '\u2029',
    };
    if (e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (e in simple) return simple[e];
    return fail('yamldecode: invalid escape in a double-quoted string');
  });
}

/** Reads flow-style values (`[a, {b: 1}]`) and quoted scalars from a single string. */
class FlowReader {
  pos = 0;
  constructor(private readonly text: string) {}

  value(depth: number): Value {
    if (depth > MAX_DEPTH) unsupported('very deep nesting');
    this.space();
    const c = this.text[this.pos];
    if (c === '[') {
      this.pos++;
      const items: Value[] = [];
      for (;;) {
        this.space();
        if (this.text[this.pos] === ']') {
          this.pos++;
          return list(items);
        }
        items.push(this.value(depth + 1));
        this.space();
        if (this.text[this.pos] === ',') this.pos++;
        else if (this.text[this.pos] !== ']') fail('yamldecode: malformed flow sequence');
      }
    }
    if (c === '{') {
      this.pos++;
      const entries: Array<[string, Value]> = [];
      for (;;) {
        this.space();
        if (this.text[this.pos] === '}') {
          this.pos++;
          return object(entries);
        }
        const key = this.value(depth + 1);
        this.space();
        if (this.text[this.pos] !== ':') fail('yamldecode: malformed flow mapping');
        this.pos++;
        const value = this.value(depth + 1);
        entries.push([keyText(key), value]);
        this.space();
        if (this.text[this.pos] === ',') this.pos++;
        else if (this.text[this.pos] !== '}') fail('yamldecode: malformed flow mapping');
      }
    }
    if (c === '"' || c === "'") return str(this.quoted());
    const start = this.pos;
    while (
      this.pos < this.text.length &&
      !/[,\]}]/.test(this.text[this.pos]) &&
      !(this.text[this.pos] === ':' && /[\s,\]}]/.test(this.text[this.pos + 1] ?? ' '))
    )
      this.pos++;
    return plainScalar(this.text.slice(start, this.pos));
  }

  quoted(): string {
    const q = this.text[this.pos++];
    let body = '';
    for (;;) {
      if (this.pos >= this.text.length) fail('yamldecode: unterminated quoted string');
      const ch = this.text[this.pos++];
      if (q === "'" && ch === "'") {
        if (this.text[this.pos] === "'") {
          body += "'";
          this.pos++;
          continue;
        }
        return body;
      }
      if (q === '"' && ch === '\\') {
        body += ch + this.text[this.pos++];
        continue;
      }
      if (q === '"' && ch === '"') return doubleQuoted(body);
      body += ch;
    }
  }

  space(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }

  rest(): string {
    return this.text.slice(this.pos).trim();
  }
}

function keyText(key: Value): string {
  if (key.kind === 'string') return key.value;
  if (key.kind === 'number') return numberText(key.value);
  if (key.kind === 'bool') return key.value ? 'true' : 'false';
  if (key.kind === 'null') return 'null';
  return unsupported('complex mapping keys');
}

function stripComment(text: string): string {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      if (i === 0 || /[\s[{,:]/.test(text[i - 1])) quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) return text.slice(0, i).trimEnd();
  }
  return text.trimEnd();
}

/** Splits `key: value` at the first `: ` outside quotes; undefined when the text is not a mapping entry. */
function splitKey(text: string): [string, string] | undefined {
  if (text.startsWith('"') || text.startsWith("'")) {
    const reader = new FlowReader(text);
    const key = reader.quoted();
    const rest = text.slice(reader.pos);
    const m = /^\s*:(?:\s+|$)([\s\S]*)$/.exec(rest);
    return m ? [key, m[1]] : undefined;
  }
  if (text.startsWith('[') || text.startsWith('{')) return undefined;
  const m = /^([^#]*?)\s*:(?:\s+|$)([\s\S]*)$/.exec(text);
  if (!m || m[1] === '' || m[1].startsWith('- ') || m[1] === '-') return undefined;
  if (m[1].startsWith('? ')) unsupported('complex mapping keys');
  return [keyText(plainScalar(m[1])), m[2]];
}

class BlockParser {
  private i = 0;

  constructor(
    private readonly lines: Line[],
    private readonly raw: string[],
    private readonly rawIndex: number[],
  ) {}

  parseDocument(): Value {
    if (this.lines.length === 0) fail('yamldecode: empty document');
    const value = this.node(this.lines[0].indent, 0);
    if (this.i < this.lines.length) fail('yamldecode: unexpected content');
    return value;
  }

  private node(indent: number, depth: number): Value {
    if (depth > MAX_DEPTH) unsupported('very deep nesting');
    const line = this.lines[this.i];
    if (!line || line.indent < indent) return NULL;
    if (line.text === '-' || line.text.startsWith('- ')) return this.sequence(line.indent, depth);
    if (splitKey(line.text)) return this.mapping(line.indent, depth);
    this.i++;
    return this.inlineValue(line.text, line.indent, depth);
  }

  private sequence(indent: number, depth: number): Value {
    const items: Value[] = [];
    while (this.i < this.lines.length) {
      const line = this.lines[this.i];
      if (line.indent !== indent || !(line.text === '-' || line.text.startsWith('- '))) break;
      const [anchor, rest] = takeAnchor(line.text.slice(1).replace(/^\s+/, ''));
      if (rest === '') {
        this.i++;
        const item = this.node(indent + 1, depth + 1);
        if (anchor !== undefined) anchors.set(anchor, item);
        items.push(item);
        continue;
      }
      if (anchor !== undefined) {
        this.i++;
        const item = this.inlineValue(rest, indent, depth + 1);
        anchors.set(anchor, item);
        items.push(item);
        continue;
      }
      // `- key: value` or `- - x`: the rest is a node indented past the dash.
      const childIndent = indent + line.text.length - line.text.slice(1).replace(/^\s+/, '').length;
      this.lines[this.i] = { indent: childIndent, text: rest };
      items.push(this.node(childIndent, depth + 1));
    }
    return list(items);
  }

  private mapping(indent: number, depth: number): Value {
    const entries = new Map<string, Value>();
    while (this.i < this.lines.length) {
      const line = this.lines[this.i];
      if (line.indent !== indent) {
        if (line.indent > indent) fail('yamldecode: bad indentation');
        break;
      }
      const kv = splitKey(line.text);
      if (!kv) fail('yamldecode: expected a mapping entry');
      const [key, written] = kv;
      if (key === '<<') unsupported('merge keys');
      const [anchor, rest] = takeAnchor(written);
      this.i++;
      let value: Value;
      if (rest === '') {
        const next = this.lines[this.i];
        if (next && (next.indent > indent || (next.indent === indent && (next.text === '-' || next.text.startsWith('- ')))))
          value = this.node(next.indent, depth + 1);
        else value = NULL;
      } else value = this.inlineValue(rest, indent, depth);
      if (anchor !== undefined) anchors.set(anchor, value);
      if (entries.has(key)) fail('yamldecode: duplicate mapping key');
      entries.set(key, value);
    }
    return object(entries);
  }

  private inlineValue(text: string, indent: number, depth: number): Value {
    if (/^[|>]/.test(text)) return this.blockScalar(text, indent);
    if (text.startsWith('*')) return alias(text);
    if (text.startsWith('&') || text.startsWith('!')) unsupported('anchors or tags here');
    if (text.startsWith('[') || text.startsWith('{') || text.startsWith('"') || text.startsWith("'")) {
      // A flow value may continue on more-indented lines.
      let whole = text;
      while (this.i < this.lines.length && this.lines[this.i].indent > indent && !balanced(whole)) whole += ' ' + this.lines[this.i++].text;
      const reader = new FlowReader(whole);
      const value = reader.value(depth);
      if (reader.rest() !== '') fail('yamldecode: unexpected text after a value');
      return value;
    }
    // A plain scalar may be folded over more-indented lines.
    let whole = text;
    while (this.i < this.lines.length && this.lines[this.i].indent > indent && !splitKey(this.lines[this.i].text))
      whole += ' ' + this.lines[this.i++].text;
    return plainScalar(whole);
  }

  private blockScalar(header: string, indent: number): Value {
    const m = /^([|>])([-+]?)(\d?)([-+]?)\s*$/.exec(header);
    if (!m) fail('yamldecode: malformed block scalar header');
    const folded = m[1] === '>';
    const chomp = m[2] || m[4];
    // Block scalars keep their raw lines (blank ones too): read them from the raw text.
    const body: string[] = [];
    let blockIndent = -1;
    let r = this.rawIndex[this.i - 1] + 1;
    for (; r < this.raw.length; r++) {
      const rawLine = this.raw[r];
      if (rawLine.trim() === '') {
        body.push('');
        continue;
      }
      const ind = rawLine.length - rawLine.trimStart().length;
      if (blockIndent < 0) blockIndent = ind;
      if (ind < blockIndent || ind <= indent) break;
      body.push(rawLine.slice(blockIndent));
    }
    while (this.i < this.lines.length && this.rawIndex[this.i] < r) this.i++;
    let trailing = 0;
    while (body.length > 0 && body[body.length - 1] === '') {
      body.pop();
      trailing++;
    }
    let text = folded
      ? body.reduce((acc, l, k) => (k === 0 ? l : acc + (l === '' || body[k - 1] === '' ? '\n' : ' ') + l), '')
      : body.join('\n');
    if (body.length === 0) return str('');
    if (chomp === '-') return str(text);
    text += '\n';
    if (chomp === '+') text += '\n'.repeat(trailing);
    return str(text);
  }
}

function balanced(text: string): boolean {
  let depth = 0;
  let quote: string | undefined;
  for (const c of text) {
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
  }
  return depth <= 0 && !quote;
}

/** Decodes one YAML document. */
export function yamlDecode(text: string): Value {
  const raw = text.replace(/\r\n/g, '\n').split('\n');
  const lines: Line[] = [];
  const rawIndex: number[] = [];
  let started = false;
  for (let r = 0; r < raw.length; r++) {
    const rawLine = raw[r];
    if (rawLine.includes('\t') && /^\s*\t/.test(rawLine)) fail('yamldecode: tabs in indentation');
    const stripped = stripComment(rawLine);
    if (stripped.trim() === '') continue;
    if (/^%/.test(stripped)) unsupported('directives');
    if (/^---(\s|$)/.test(stripped)) {
      if (started) unsupported('several documents');
      started = true;
      const rest = stripped.slice(3).trim();
      if (rest === '') continue;
      lines.push({ indent: 0, text: rest });
      rawIndex.push(r);
      continue;
    }
    if (/^\.\.\.(\s|$)/.test(stripped)) break;
    started = true;
    lines.push({ indent: stripped.length - stripped.trimStart().length, text: stripped.trim() });
    rawIndex.push(r);
  }
  anchors = new Map();
  try {
    return new BlockParser(lines, raw, rawIndex).parseDocument();
  } finally {
    anchors = new Map();
  }
}

// --- yamlencode ---

function quoteYaml(text: string): string {
  return quoteText(text, (_ch, c) => (c < 0x20 || c === 0x7f ? '\\x' + c.toString(16).padStart(2, '0') : undefined));
}

function scalarYaml(value: Value, indent: string): string {
  switch (value.kind) {
    case 'string': {
      const v = value.value;
      // YAML's literal block style cannot carry control characters, so such strings stay quoted.
      // eslint-disable-next-line no-control-regex
      if (v.includes('\n') && !/[\x00-\x08\x0b-\x1f\x7f]/.test(v) && !/^\s/.test(v) && !/ \n|\n /.test(v.replace(/\n+$/, ''))) {
        const trailing = /\n+$/.exec(v)?.[0].length ?? 0;
        const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
        const body = v.replace(/\n+$/, '').split('\n');
        return (
          `|${chomp}\n` +
          body.map((l) => (l === '' ? '' : indent + '  ' + l)).join('\n') +
          '\n' +
          (trailing > 1 ? '\n'.repeat(trailing - 1) : '')
        );
      }
      return quoteYaml(v);
    }
    case 'number':
    case 'bool':
    case 'null':
      return plainScalarText(value);
    case 'json':
      return quoteYaml(JSON.stringify(value.value));
    default:
      return unsupported('unknown values');
  }
}

function isEmptyCollection(value: Value): boolean {
  return (value.kind === 'list' && value.items.length === 0) || (value.kind === 'object' && value.entries.size === 0);
}

function blockYaml(value: Value, indent: string, depth: number): string {
  if (depth > MAX_DEPTH) unsupported('very deep nesting');
  if (value.kind === 'list') {
    if (value.items.length === 0) return '[]\n';
    return value.items.map((item) => indent + '- ' + nestedYaml(item, indent + '  ', depth)).join('');
  }
  if (value.kind === 'object') {
    if (value.entries.size === 0) return '{}\n';
    return sortedEntries(value.entries)
      .map(([k, v]) => indent + quoteYaml(k) + ':' + valueAfterKey(v, indent, depth))
      .join('');
  }
  const s = scalarYaml(value, indent);
  return s.endsWith('\n') ? s : s + '\n';
}

function valueAfterKey(value: Value, indent: string, depth: number): string {
  if (isEmptyCollection(value)) return ' ' + (value.kind === 'list' ? '[]' : '{}') + '\n';
  if (value.kind === 'list') return '\n' + blockYaml(value, indent, depth + 1);
  if (value.kind === 'object') return '\n' + blockYaml(value, indent + '  ', depth + 1);
  const s = scalarYaml(value, indent);
  return ' ' + (s.endsWith('\n') ? s : s + '\n');
}

/** A value after `- `: the first line inline, the rest indented. */
function nestedYaml(value: Value, indent: string, depth: number): string {
  if (isEmptyCollection(value)) return (value.kind === 'list' ? '[]' : '{}') + '\n';
  if (value.kind === 'list' || value.kind === 'object') {
    const text = blockYaml(value, indent, depth + 1);
    return text.slice(indent.length);
  }
  const s = scalarYaml(value, indent.slice(2));
  return s.endsWith('\n') ? s : s + '\n';
}

/** Encodes a value as Terraform's yamlencode does. */
export function yamlEncode(value: Value): string {
  if (value.kind === 'list' || value.kind === 'object') return blockYaml(value, '', 0);
  const s = scalarYaml(value, '');
  if (value.kind === 'string') return s.endsWith('\n') ? s : s + '\n';
  return s + '\n...\n';
}
