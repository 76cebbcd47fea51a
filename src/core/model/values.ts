/**
 * Values the evaluator computes from Terraform expressions. Anything Terraform only knows after
 * `apply` (ids, ARNs) is a `ref` to the resource that will produce it; anything the checker cannot
 * work out is `unknown`, and no rule may raise an error from an unknown.
 */
import { checkBudget } from '../budget';
import type { ResourceInstance } from './config';

export type Value = StringValue | NumberValue | BoolValue | NullValue | ListValue | ObjectValue | RefValue | JsonValue | UnknownValue;

/**
 * Where a value came from, when that must keep it out of messages: `sensitive` for values of
 * `sensitive = true` variables and outputs (and `sensitive()`), `file` for content read by
 * `file()`/`templatefile()` (the call as written, e.g. `file("defs.json")`). Functions and string
 * templates pass marks on to what they compute; rules print such values by origin, never by content.
 */
export interface ValueMarks {
  sensitive?: boolean;
  file?: string;
}

/** Every value may carry marks. */
interface Markable {
  marks?: ValueMarks;
}

export interface StringValue extends Markable {
  kind: 'string';
  value: string;
}
export interface NumberValue extends Markable {
  kind: 'number';
  value: number;
}
export interface BoolValue extends Markable {
  kind: 'bool';
  value: boolean;
}
export interface NullValue extends Markable {
  kind: 'null';
}
/** Tuples, lists and sets alike. */
export interface ListValue extends Markable {
  kind: 'list';
  items: Value[];
}
/** Objects and maps alike; keys keep insertion order. */
export interface ObjectValue extends Markable {
  kind: 'object';
  entries: Map<string, Value>;
}
/** A computed attribute of a managed resource or data source, such as `aws_security_group.x.id`. */
export interface RefValue extends Markable {
  kind: 'ref';
  target: ResourceInstance;
  attribute: string;
}
/** The string `jsonencode(value)` produces, kept structured so references inside stay visible. */
export interface JsonValue extends Markable {
  kind: 'json';
  value: Value;
}
/**
 * Not known before apply or not computable here. `pattern` keeps what is known of a string
 * (`com.amazonaws.*.ecr.dkr` for `"com.amazonaws.${var.region}.ecr.dkr"`), `*` standing for the unknown parts.
 */
export interface UnknownValue extends Markable {
  kind: 'unknown';
  /** True when Terraform would fail here (a function error, a missing attribute): `try()` moves on, `can()` is false. */
  error?: boolean;
  reason: string;
  pattern?: string;
  /** References a string template interpolated (`"${aws_ecr_repository.app.repository_url}:1.0"`), so rules can still see what it points at. */
  refs?: RefValue[];
  /**
   * A collection whose size is not known but whose every element is `each`: the instances of a
   * block with an unknown `count`/`for_each` (`aws_subnet.private[*].id`), decided by what they share.
   */
  each?: Value;
  /**
   * A string template some of whose parts are not known, as its known text pieces and the values
   * of the unknown parts: JSON written in a heredoc or a template file keeps its structure this way
   * (see `decodeJsonValue`), with the unknown parts as unknown leaves.
   */
  template?: Array<string | Value>;
}

export const NULL: NullValue = { kind: 'null' };

/** A string value. */
export function str(value: string): StringValue {
  return { kind: 'string', value };
}

/** An unknown value with the reason the checker could not work it out. */
export function unknown(reason: string, pattern?: string): UnknownValue {
  return pattern === undefined ? { kind: 'unknown', reason } : { kind: 'unknown', reason, pattern };
}

/** True when nothing about the value is unknown (deeply). Each shared value is visited once, so a DAG costs its size, not its tree's. */
export function isFullyKnown(value: Value): boolean {
  return fullyKnown(value, new Set());
}

function fullyKnown(value: Value, seen: Set<Value>): boolean {
  switch (value.kind) {
    case 'unknown':
      return false;
    case 'list':
    case 'object':
    case 'json': {
      if (seen.has(value)) return true;
      seen.add(value);
      if (value.kind === 'list') return value.items.every((item) => fullyKnown(item, seen));
      if (value.kind === 'json') return fullyKnown(value.value, seen);
      for (const v of value.entries.values()) if (!fullyKnown(v, seen)) return false;
      return true;
    }
    default:
      return true;
  }
}

/** The string a value converts to in a template, or undefined when it is not a known primitive. */
export function asString(value: Value | undefined): string | undefined {
  if (!value) return undefined;
  switch (value.kind) {
    case 'string':
      return value.value;
    case 'number':
      return String(value.value);
    case 'bool':
      return value.value ? 'true' : 'false';
    case 'json': {
      const plain = toPlain(value.value);
      return plain === undefined ? undefined : JSON.stringify(plain);
    }
    default:
      return undefined;
  }
}

/** Boolean conversion as Terraform does it ("true"/"false" strings count). Undefined when unknown. */
export function asBool(value: Value | undefined): boolean | undefined {
  if (!value) return undefined;
  if (value.kind === 'bool') return value.value;
  if (value.kind === 'string') {
    if (value.value === 'true') return true;
    if (value.value === 'false') return false;
  }
  return undefined;
}

/** Number conversion as Terraform does it (numeric strings count). Undefined when unknown. */
export function asNumber(value: Value | undefined): number | undefined {
  if (!value) return undefined;
  if (value.kind === 'number') return value.value;
  if (value.kind === 'string' && value.value.trim() !== '' && !Number.isNaN(Number(value.value))) return Number(value.value);
  return undefined;
}

/**
 * The items of a list, or undefined when the value is not a known list. A null is an empty list.
 * A collection of unknown size whose elements are all alike (see `UnknownValue.each`) gives that one element.
 */
export function asList(value: Value | undefined): Value[] | undefined {
  if (!value) return undefined;
  if (value.kind === 'list') return value.items;
  if (value.kind === 'null') return [];
  if (value.kind === 'unknown' && value.each) return [value.each];
  return undefined;
}

/** A collection of unknown size whose every element is `each`. */
export function symbolic(reason: string, each: Value): UnknownValue {
  return { kind: 'unknown', reason, each };
}

/**
 * How many nodes `toPlain` expands at most. Values are shared, not copied (`a1 = [local.a0, local.a0]`
 * ... `a43` is 43 values), but their plain form is a tree: 2^43 nodes. Past this many the value is
 * treated as unknown rather than expanded.
 */
export const MAX_PLAIN_NODES = 100_000;

/** Converts a fully known value into plain JSON data; refs become `"${address.attr}"` strings. Undefined when unknown (or too large, see MAX_PLAIN_NODES). */
export function toPlain(value: Value): unknown {
  return toPlainWithin(value, { left: MAX_PLAIN_NODES });
}

function toPlainWithin(value: Value, budget: { left: number }): unknown {
  if (--budget.left < 0) return undefined;
  checkBudget();
  switch (value.kind) {
    case 'string':
    case 'number':
    case 'bool':
      return value.value;
    case 'null':
      return null;
    case 'list': {
      const out: unknown[] = [];
      for (const item of value.items) {
        const p = toPlainWithin(item, budget);
        if (p === undefined) return undefined;
        out.push(p);
      }
      return out;
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of value.entries) {
        const p = toPlainWithin(v, budget);
        if (p === undefined) return undefined;
        out[k] = p;
      }
      return out;
    }
    case 'json': {
      const p = toPlainWithin(value.value, budget);
      return p === undefined ? undefined : JSON.stringify(p);
    }
    case 'ref':
      return '${' + value.target.address + '.' + value.attribute + '}';
    case 'unknown':
      return undefined;
  }
}

/** Converts parsed JSON data into a value. */
export function fromPlain(data: unknown): Value {
  if (data === null || data === undefined) return NULL;
  if (typeof data === 'string') return str(data);
  if (typeof data === 'number') return { kind: 'number', value: data };
  if (typeof data === 'boolean') return { kind: 'bool', value: data };
  if (Array.isArray(data)) return { kind: 'list', items: data.map(fromPlain) };
  if (typeof data === 'object') {
    const entries = new Map<string, Value>();
    for (const [k, v] of Object.entries(data as Record<string, unknown>)) entries.set(k, fromPlain(v));
    return { kind: 'object', entries };
  }
  return unknown('unsupported JSON value');
}

/**
 * Reads a value as structured data when it is JSON text or a `jsonencode(...)` result:
 * container definitions and policy documents arrive either way.
 */
export function decodeJsonValue(value: Value | undefined): Value | undefined {
  if (!value) return undefined;
  if (value.kind === 'json') return value.value;
  if (value.kind === 'string') {
    try {
      // What is decoded from a sensitive or file-read text is as sensitive as the text.
      return withMarks(fromPlain(JSON.parse(value.value)), value.marks);
    } catch {
      return undefined;
    }
  }
  if (value.kind === 'object' || value.kind === 'list') return value;
  if (value.kind === 'unknown' && value.template) {
    const decoded = decodePartialJson(value.template);
    return decoded && withMarks(decoded, value.marks);
  }
  return undefined;
}

/** The entry of an object value, or undefined. */
export function getEntry(value: Value | undefined, key: string): Value | undefined {
  if (!value || value.kind !== 'object') return undefined;
  return value.entries.get(key);
}

/** Matches `text` against a pattern whose `*` stand for any run of characters. */
export function patternMatches(pattern: string, text: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return pattern === text;
  if (!text.startsWith(parts[0])) return false;
  let pos = parts[0].length;
  for (let i = 1; i < parts.length - 1; i++) {
    const at = text.indexOf(parts[i], pos);
    if (at < 0) return false;
    pos = at + parts[i].length;
  }
  const last = parts[parts.length - 1];
  return text.length - pos >= last.length && text.endsWith(last);
}

/** The marks found anywhere in a value (its own and its elements'), or undefined when none. */
export function marksOf(value: Value | undefined): ValueMarks | undefined {
  let found: ValueMarks | undefined;
  // Values are shared (a local used twice is one object): visit each once, or a DAG of locals would take exponential time.
  const seen = new Set<Value>();
  const visit = (v: Value, depth: number): void => {
    if (seen.has(v)) return;
    seen.add(v);
    if (v.marks) found = unionMarks(found, v.marks);
    if (depth > 64 || (found?.sensitive && found.file)) return;
    if (v.kind === 'list') for (const item of v.items) visit(item, depth + 1);
    else if (v.kind === 'object' && v.entries.constructor === Map) for (const item of v.entries.values()) visit(item, depth + 1);
    else if (v.kind === 'json') visit(v.value, depth + 1);
  };
  if (value) visit(value, 0);
  return found;
}

/** Both sets of marks together. */
export function unionMarks(a: ValueMarks | undefined, b: ValueMarks | undefined): ValueMarks | undefined {
  if (!a) return b;
  if (!b) return a;
  const out: ValueMarks = {};
  if (a.sensitive || b.sensitive) out.sensitive = true;
  const file = a.file ?? b.file;
  if (file !== undefined) out.file = file;
  return out;
}

/** The value with `marks` added to it and to every element inside it (a copy; the input is not changed). */
export function withMarks(value: Value, marks: ValueMarks | undefined): Value {
  if (!marks || (!marks.sensitive && marks.file === undefined)) return value;
  // Shared parts stay shared in the copy (memoised), so marking a DAG of values is linear.
  const copies = new Map<Value, Value>();
  const mark = (v: Value, depth: number): Value => {
    const done = copies.get(v);
    if (done) return done;
    const copy = markOne(v, depth);
    copies.set(v, copy);
    return copy;
  };
  const markOne = (v: Value, depth: number): Value => {
    const own = unionMarks(v.marks, marks);
    switch (v.kind) {
      case 'list':
        return { kind: 'list', items: depth > 64 ? v.items : v.items.map((i) => mark(i, depth + 1)), marks: own };
      case 'object':
        // Lazily resolved objects (var, local, resource types) are marked at the top only.
        if (v.entries.constructor !== Map || depth > 64) return { ...v, marks: own };
        return { kind: 'object', entries: new Map([...v.entries].map(([k, e]) => [k, mark(e, depth + 1)])), marks: own };
      case 'json':
        return { kind: 'json', value: mark(v.value, depth + 1), marks: own };
      default:
        return { ...v, marks: own };
    }
  };
  return mark(value, 0);
}

const markedTexts = new WeakMap<object, Map<string, string>>();
/** Texts shorter than this are not redacted from messages (they would match ordinary words). */
const MIN_REDACTED_LENGTH = 6;

/**
 * Remembers, for one analysis (`owner`, the configuration), the strings inside a marked value, so
 * `redactMarkedTexts` can keep them out of any message a rule builds, even one that forgot the marks.
 */
export function rememberMarkedTexts(owner: object, value: Value): void {
  let texts = markedTexts.get(owner);
  const seen = new Set<Value>();
  const visit = (v: Value, inherited: ValueMarks | undefined, depth: number): void => {
    if (seen.has(v)) return;
    seen.add(v);
    const marks = unionMarks(inherited, v.marks);
    if (depth > 64 || (texts && texts.size > 10_000)) return;
    if (v.kind === 'string' && marks && (marks.sensitive || marks.file !== undefined)) {
      if (!texts) markedTexts.set(owner, (texts = new Map()));
      const replacement = marks.sensitive ? '(sensitive)' : `(from ${marks.file})`;
      for (const text of [v.value, ...v.value.split('\n').map((l) => l.trim())])
        if (text.length >= MIN_REDACTED_LENGTH && !texts.has(text)) texts.set(text, replacement);
    } else if (v.kind === 'list') v.items.forEach((i) => visit(i, marks, depth + 1));
    else if (v.kind === 'object' && v.entries.constructor === Map) for (const e of v.entries.values()) visit(e, marks, depth + 1);
    else if (v.kind === 'json') visit(v.value, marks, depth + 1);
  };
  visit(value, undefined, 0);
}

/** The text with every remembered sensitive or file-read string replaced by where it came from. */
export function redactMarkedTexts(owner: object, text: string): string {
  const texts = markedTexts.get(owner);
  if (!texts || texts.size === 0) return text;
  let out = text;
  // Longest first, so a whole file's text goes before the lines inside it.
  for (const [secret, replacement] of [...texts].sort((a, b) => b[0].length - a[0].length))
    if (out.includes(secret)) out = out.split(secret).join(replacement);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Partly known text: templates with unknown parts, and the JSON written in them.

/**
 * The value of a template whose pieces are text or values: a string when every piece is known,
 * else an unknown that keeps the known text (`pattern`), the references (`refs`) and the pieces
 * (`template`), so JSON written in it can still be decoded.
 */
export function partialText(pieces: Array<string | Value>, reason: string): Value {
  let text = '';
  let pattern = '';
  let known = true;
  const refs: RefValue[] = [];
  const kept: Array<string | Value> = [];
  for (const piece of pieces) {
    const s = typeof piece === 'string' ? piece : asString(piece);
    if (s !== undefined) {
      text += s;
      pattern += s.replace(/\*/g, '');
      if (typeof kept[kept.length - 1] === 'string') kept[kept.length - 1] += s;
      else kept.push(s);
      continue;
    }
    const value = piece as Value;
    known = false;
    pattern += value.kind === 'unknown' && value.pattern !== undefined ? value.pattern : '*';
    if (value.kind === 'ref') refs.push(value);
    else if (value.kind === 'unknown' && value.refs) refs.push(...value.refs);
    kept.push(value);
  }
  if (known) return str(text);
  const result: UnknownValue = { kind: 'unknown', reason, pattern: pattern.replace(/\*+/g, '*'), template: kept };
  if (refs.length > 0) result.refs = refs;
  return result;
}

const HOLE_OPEN = '\uE000';
const HOLE_CLOSE = '\uE001';
const HOLE = /\uE000(\d+)\uE001/g;

/**
 * Decodes JSON written as a template with unknown parts: each unknown part becomes a placeholder
 * (quoted where it stands for a whole JSON value), the text is parsed, and the placeholders become
 * unknown leaves again: a whole string value is the part itself, a string with text around a part
 * is an unknown with a pattern. Undefined when the text is not JSON even so.
 */
export function decodePartialJson(pieces: Array<string | Value>): Value | undefined {
  let text = '';
  let inString = false;
  let escaped = false;
  const holes: Value[] = [];
  for (const piece of pieces) {
    if (typeof piece === 'string') {
      for (const ch of piece) {
        if (escaped) escaped = false;
        else if (ch === '\\' && inString) escaped = true;
        else if (ch === '"') inString = !inString;
      }
      text += piece;
      continue;
    }
    const token = `${HOLE_OPEN}${holes.length}${HOLE_CLOSE}`;
    holes.push(piece);
    text += inString ? token : `"${token}"`;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  const convert = (item: unknown): Value => {
    if (typeof item === 'string') {
      if (!item.includes(HOLE_OPEN)) return str(item);
      const whole = /^\uE000(\d+)\uE001$/.exec(item);
      if (whole) {
        const hole = holes[Number(whole[1])];
        return hole.kind === 'json' ? hole.value : hole;
      }
      const parts: Array<string | Value> = [];
      let last = 0;
      for (const m of item.matchAll(HOLE)) {
        if (m.index! > last) parts.push(item.slice(last, m.index));
        parts.push(holes[Number(m[1])]);
        last = m.index! + m[0].length;
      }
      if (last < item.length) parts.push(item.slice(last));
      return partialText(parts, 'part of a string is not known before apply');
    }
    if (Array.isArray(item)) return { kind: 'list', items: item.map(convert) };
    if (item !== null && typeof item === 'object') {
      const entries = new Map<string, Value>();
      for (const [k, v] of Object.entries(item as Record<string, unknown>)) {
        // A key that is not known cannot be matched by name: leave the entry out.
        if (!k.includes(HOLE_OPEN)) entries.set(k, convert(v));
      }
      return { kind: 'object', entries };
    }
    return fromPlain(item);
  };
  return convert(data);
}
