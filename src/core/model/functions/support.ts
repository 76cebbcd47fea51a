/**
 * What every function family shares: the call context, Terraform's argument conversions (strings,
 * numbers, bools, lists, maps, with its rules for mixing element types), and the two ways a call
 * stops early. Implementations throw `Stop` through `fail` (Terraform would report an error) or
 * `pending` (an argument is not known yet); `callFunction` turns both into an unknown value, so no
 * caller ever sees an exception.
 */
import type { Expression } from '../../hcl/ast';
import type { ModuleInstance } from '../config';
import type { Scope } from '../evaluator';
import { NULL, str, type ListValue, type ObjectValue, type UnknownValue, type Value } from '../values';

/** What an implementation gets besides its arguments. */
export interface CallContext {
  name: string;
  module: ModuleInstance;
  argExprs: Expression[];
  /** The scope of the call (templates evaluate in a child of it); absent when called outside the evaluator. */
  scope?: Scope;
}

/** A function implementation: arguments already evaluated. */
export type Implementation = (args: Value[], context: CallContext) => Value;

/** How a function treats unknown arguments before it runs. */
export interface FunctionSpec {
  fn: Implementation;
  /** Runs even when an argument is unknown (the function looks at unknowns itself). */
  allowUnknown?: boolean;
  /** Returns a reference argument unchanged rather than unknown (`tostring(aws_vpc.main.id)`). */
  passRefs?: boolean;
  /** Marks of the arguments are not passed on (issensitive, nonsensitive, sensitive set their own). */
  ownMarks?: boolean;
}

/** Thrown inside implementations; carries the unknown value the call becomes. */
export class Stop extends Error {
  constructor(readonly value: UnknownValue) {
    super(value.reason);
  }
}

/** Stops the call as Terraform's error would: the value is unknown and marked as an error (so `try()` moves on). */
export function fail(reason: string): never {
  throw new Stop({ kind: 'unknown', reason, error: true });
}

/** Stops the call because something it needs is not known before apply. */
export function pending(value: Value, what = 'an argument'): never {
  if (value.kind === 'unknown')
    throw new Stop(value.error ? { kind: 'unknown', reason: value.reason, error: true } : { kind: 'unknown', reason: value.reason });
  if (value.kind === 'ref')
    throw new Stop({ kind: 'unknown', reason: `${value.target.address}.${value.attribute} is known only after apply` });
  throw new Stop({ kind: 'unknown', reason: `${what} is not known` });
}

export const list = (items: Value[]): ListValue => ({ kind: 'list', items });
/** A number result; not-a-number and infinities are errors in Terraform. */
export const num = (value: number): Value =>
  Number.isFinite(value) ? { kind: 'number', value } : fail('the result is not a finite number');
export const bool = (value: boolean): Value => ({ kind: 'bool', value });
export const object = (entries: Iterable<[string, Value]>): ObjectValue => ({ kind: 'object', entries: new Map(entries) });
export { NULL, str };

/** True for values not known before apply. */
export function isPending(value: Value): boolean {
  return value.kind === 'unknown' || value.kind === 'ref';
}

/** A number as Terraform prints it: plain decimal digits, no exponent (`1e21` is `1000000000000000000000`). */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN';
  if (Object.is(n, -0)) return '-0';
  if (n === 0) return '0';
  const s = String(n);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, lead, frac = '', expText] = m;
  const exp = Number(expText);
  const digits = lead + frac;
  if (exp >= 0)
    return (
      sign +
      (digits.length <= exp + 1 ? digits + '0'.repeat(exp + 1 - digits.length) : digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1))
    );
  return sign + '0.' + '0'.repeat(-exp - 1) + digits;
}

/** How JSON, YAML and HCL all write a number, a bool and null. */
export function plainScalarText(value: Extract<Value, { kind: 'number' | 'bool' | 'null' }>): string {
  if (value.kind === 'number') return numberText(value.value);
  if (value.kind === 'bool') return value.value ? 'true' : 'false';
  return 'null';
}

const SHARED_ESCAPES = new Map([
  ['"', '\\"'],
  ['\\', '\\\\'],
  ['\n', '\\n'],
  ['\r', '\\r'],
  ['\t', '\\t'],
]);

/**
 * `text` in double quotes with the escapes JSON, YAML and HCL share (`\"`, `\\`, `\n`, `\r`, `\t`);
 * `other` gives the escape of any other character (its code point and the next character are
 * passed, for sequences such as HCL's `${`), or undefined to keep it as it is.
 */
export function quoteText(text: string, other: (ch: string, code: number, next: string | undefined) => string | undefined): string {
  const chars = Array.from(text);
  let out = '"';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    out += SHARED_ESCAPES.get(ch) ?? other(ch, ch.codePointAt(0)!, chars[i + 1]) ?? ch;
  }
  return out + '"';
}

const NUMBER_TEXT = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** The string Terraform converts a value to, failing (error) or pending (unknown) as Terraform would. */
export function asText(value: Value | undefined, what = 'argument'): string {
  if (!value) fail(`missing ${what}`);
  switch (value.kind) {
    case 'string':
      return value.value;
    case 'number':
      return numberText(value.value);
    case 'bool':
      return value.value ? 'true' : 'false';
    case 'null':
      return fail(`${what} must not be null`);
    case 'json':
      return jsonTextOf(value);
    case 'unknown':
    case 'ref':
      return pending(value, what);
    default:
      return fail(`${what} must be a string, not a ${value.kind === 'list' ? 'list' : 'map or object'}`);
  }
}

let jsonText: (value: Value) => string = () => fail('jsonencode text');
/** Lets the encoding family provide `jsonencode`'s text without an import cycle. */
export function provideJsonText(fn: (value: Value) => string): void {
  jsonText = fn;
}
function jsonTextOf(value: Value): string {
  return jsonText(value.kind === 'json' ? value.value : value);
}

/** The number Terraform converts a value to (numeric strings count). */
export function asNum(value: Value | undefined, what = 'argument'): number {
  if (!value) fail(`missing ${what}`);
  switch (value.kind) {
    case 'number':
      return value.value;
    case 'string':
      if (NUMBER_TEXT.test(value.value)) return Number(value.value);
      return fail(`${what} is a string that is not a number`);
    case 'null':
      return fail(`${what} must not be null`);
    case 'unknown':
    case 'ref':
      return pending(value, what);
    default:
      return fail(`${what} must be a number`);
  }
}

/** A whole number argument. */
export function asInt(value: Value | undefined, what = 'argument'): number {
  const n = asNum(value, what);
  if (!Number.isInteger(n)) fail(`${what} must be a whole number`);
  return n;
}

/** The bool Terraform converts a value to ("true"/"false" strings count). */
export function asBoolean(value: Value | undefined, what = 'argument'): boolean {
  if (!value) fail(`missing ${what}`);
  switch (value.kind) {
    case 'bool':
      return value.value;
    case 'string':
      if (value.value === 'true') return true;
      if (value.value === 'false') return false;
      return fail(`${what} is a string that is not a bool`);
    case 'null':
      return fail(`${what} must not be null`);
    case 'unknown':
    case 'ref':
      return pending(value, what);
    default:
      return fail(`${what} must be a bool`);
  }
}

/** The elements of a list, set or tuple argument. */
export function asItems(value: Value | undefined, what = 'argument'): Value[] {
  if (!value) fail(`missing ${what}`);
  if (value.kind === 'list') return value.items;
  if (value.kind === 'null') fail(`${what} must not be null`);
  if (isPending(value)) pending(value, what);
  return fail(`${what} must be a list or set`);
}

/** The entries of a map or object argument. */
export function asEntries(value: Value | undefined, what = 'argument'): Map<string, Value> {
  if (!value) fail(`missing ${what}`);
  if (value.kind === 'object') return value.entries;
  if (value.kind === 'null') fail(`${what} must not be null`);
  if (isPending(value)) pending(value, what);
  return fail(`${what} must be a map or object`);
}

/** Fails unless the call has between `min` and `max` arguments. */
export function arity(args: Value[], min: number, max = min): void {
  if (args.length < min || args.length > max)
    fail(
      `wrong number of arguments (${args.length}; ${min === max ? min : max === Infinity ? `at least ${min}` : `${min} to ${max}`} expected)`,
    );
}

/** Fails with pending when the value has an unknown anywhere inside it. */
export function requireKnown(value: Value, seen = new Set<Value>()): void {
  if (isPending(value)) pending(value);
  if (seen.has(value)) return;
  seen.add(value);
  if (value.kind === 'list') value.items.forEach((i) => requireKnown(i, seen));
  else if (value.kind === 'object') for (const v of value.entries.values()) requireKnown(v, seen);
  else if (value.kind === 'json') requireKnown(value.value, seen);
}

/** A key identifying a value for equality (Terraform compares by value and type). */
export function valueKey(value: Value): string {
  switch (value.kind) {
    case 'string':
      return 's' + JSON.stringify(value.value);
    case 'number':
      return 'n' + numberText(value.value);
    case 'bool':
      return value.value ? 'T' : 'F';
    case 'null':
      return 'N';
    case 'list':
      return '[' + value.items.map(valueKey).join(',') + ']';
    case 'object':
      return (
        '{' +
        [...value.entries.keys()]
          .sort()
          .map((k) => JSON.stringify(k) + ':' + valueKey(value.entries.get(k)!))
          .join(',') +
        '}'
      );
    case 'json':
      return 'j' + valueKey(value.value);
    case 'ref':
      return `r${value.target.fullAddress}.${value.attribute}`;
    case 'unknown':
      return pending(value);
  }
}

// --- Terraform's type unification, for functions whose parameters are lists, sets or maps of one element type ---

type Shape = 'string' | 'number' | 'bool' | 'any' | { list: Shape } | { object: Map<string, Shape> };

function shapeOf(value: Value): Shape {
  switch (value.kind) {
    case 'string':
    case 'number':
    case 'bool':
      return value.kind;
    case 'json':
      return 'string';
    case 'list':
      return { list: unifyShapes(value.items.map(shapeOf)) ?? fail('list elements of mixed types') };
    case 'object': {
      const entries = new Map<string, Shape>();
      for (const [k, v] of value.entries) entries.set(k, shapeOf(v));
      return { object: entries };
    }
    default:
      return 'any';
  }
}

/** The common shape of several, as cty unifies types (string wins over number and bool); undefined when there is none. */
function unifyShapes(shapes: Shape[]): Shape | undefined {
  let result: Shape = 'any';
  for (const shape of shapes) {
    const u = unifyTwo(result, shape);
    if (u === undefined) return undefined;
    result = u;
  }
  return result;
}

function unifyTwo(a: Shape, b: Shape): Shape | undefined {
  if (a === 'any') return b;
  if (b === 'any') return a;
  if (typeof a === 'string' && typeof b === 'string') {
    if (a === b) return a;
    if (a === 'string' || b === 'string') return 'string';
    return undefined;
  }
  if (typeof a === 'string' || typeof b === 'string') return undefined;
  if ('list' in a && 'list' in b) {
    const inner = unifyTwo(a.list, b.list);
    return inner === undefined ? undefined : { list: inner };
  }
  if ('object' in a && 'object' in b) {
    if (a.object.size !== b.object.size || [...a.object.keys()].some((k) => !b.object.has(k))) return undefined;
    const entries = new Map<string, Shape>();
    for (const [k, s] of a.object) {
      const u = unifyTwo(s, b.object.get(k)!);
      if (u === undefined) return undefined;
      entries.set(k, u);
    }
    return { object: entries };
  }
  return undefined;
}

function convertTo(value: Value, shape: Shape): Value {
  if (shape === 'any' || value.kind === 'null' || isPending(value)) return value;
  if (shape === 'string')
    return value.kind === 'string' ? value : { ...str(asText(value)), ...(value.marks ? { marks: value.marks } : {}) };
  if (shape === 'number' || shape === 'bool') return value;
  if ('list' in shape && value.kind === 'list') return { ...value, items: value.items.map((i) => convertTo(i, shape.list)) };
  if ('object' in shape && value.kind === 'object')
    return { ...value, entries: new Map([...value.entries].map(([k, v]) => [k, convertTo(v, shape.object.get(k) ?? 'any')])) };
  return value;
}

/** Converts the elements to one common type, as passing a tuple to a `list(any)` parameter does (`[1, "a"]` → `["1", "a"]`). */
export function unifyItems(items: Value[], what = 'elements'): Value[] {
  const shape = unifyShapes(items.map(shapeOf));
  if (shape === undefined) fail(`${what} have no common type`);
  return items.map((i) => convertTo(i, shape));
}

/** Orders set elements as Terraform does: strings by text, numbers by value, false before true; others as given. */
export function sortSet(items: Value[]): Value[] {
  const rank = (v: Value) => (v.kind === 'number' ? 0 : v.kind === 'string' ? 1 : v.kind === 'bool' ? 2 : 3);
  return [...items].sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    if (ra !== rb || ra === 3) return ra - rb;
    if (a.kind === 'number' && b.kind === 'number') return a.value - b.value;
    if (a.kind === 'string' && b.kind === 'string') return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
    if (a.kind === 'bool' && b.kind === 'bool') return Number(a.value) - Number(b.value);
    return 0;
  });
}

/** The elements as a set: unified to one type, duplicates dropped, in Terraform's set order. Unknown elements make the set unknown (its size is not known); references stay. */
export function toSetItems(items: Value[], what = 'elements'): Value[] {
  const unified = unifyItems(items, what);
  const seen = new Set<string>();
  const out: Value[] = [];
  for (const item of unified) {
    if (item.kind === 'unknown') pending(item);
    if (item.kind !== 'ref') requireKnown(item);
    const key = valueKey(item);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return sortSet(out);
}

/** Entries sorted by key, as Terraform iterates maps and objects. */
export function sortedEntries(entries: Map<string, Value>): Array<[string, Value]> {
  return [...entries.keys()].sort().map((k) => [k, entries.get(k)!]);
}

/** Characters of a string as Terraform counts them (grapheme clusters: `é` written as e + accent is one). */
export function graphemes(text: string): string[] {
  const Segmenter = (
    Intl as unknown as {
      Segmenter?: new (locale?: string, options?: { granularity: string }) => { segment(s: string): Iterable<{ segment: string }> };
    }
  ).Segmenter;
  if (Segmenter) return [...new Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].map((s) => s.segment);
  return [...text];
}
