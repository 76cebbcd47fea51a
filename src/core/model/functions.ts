/**
 * The Terraform functions the checker evaluates. Each returns `unknown` rather than guessing when
 * an argument is unknown; functions not listed here return `unknown` too.
 */
import * as nodePath from 'path';
import type { Expression } from '../hcl/ast';
import type { ModuleInstance } from './config';
import {
  asList,
  asNumber,
  asString,
  decodeJsonValue,
  fromPlain,
  isFullyKnown,
  NULL,
  str,
  toPlain,
  unknown,
  type Value,
} from './values';

type Implementation = (args: Value[], module: ModuleInstance, argExprs: Expression[]) => Value;

const MAX_RANGE = 10000;

const list = (items: Value[]): Value => ({ kind: 'list', items });
const num = (value: number): Value => ({ kind: 'number', value });
const bool = (value: boolean): Value => ({ kind: 'bool', value });

function firstUnknown(args: Value[]): Value | undefined {
  return args.find((a) => a.kind === 'unknown');
}

function stringFunction(fn: (...s: string[]) => string): Implementation {
  return (args) => {
    const strings = args.map(asString);
    if (strings.some((s) => s === undefined)) return firstUnknown(args) ?? unknown('string function with a non-string argument');
    return str(fn(...(strings as string[])));
  };
}

function dedupe(items: Value[]): Value[] {
  const seen = new Set<string>();
  const out: Value[] = [];
  for (const item of items) {
    const key = JSON.stringify(toPlain(item) ?? `?${out.length}`) + item.kind;
    if (item.kind === 'ref') {
      out.push(item);
      continue;
    }
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out;
}

function flatten(value: Value): Value[] | undefined {
  const items = asList(value);
  if (!items) return undefined;
  const out: Value[] = [];
  for (const item of items) {
    if (item.kind === 'list') {
      const inner = flatten(item);
      if (!inner) return undefined;
      out.push(...inner);
    } else if (item.kind === 'unknown') return undefined;
    else out.push(item);
  }
  return out;
}

function readModuleFile(module: ModuleInstance, pathValue: Value): { text: string } | { value: Value } {
  const path = asString(pathValue);
  if (path === undefined) return { value: unknown('file path not known') };
  const base = module.dir ?? '.';
  const full = nodePath.isAbsolute(path) ? path : nodePath.resolve(base, path);
  const read = module.configuration.reader.readText(full);
  if ('error' in read) return { value: unknown(`cannot read ${path}: ${read.error}`) };
  return { text: read.text };
}

/** Substitutes `${name}` (simple variable names only) as templatefile does; unknown on anything richer. */
function renderTemplateFile(text: string, vars: Value): Value {
  let unresolved = false;
  const rendered = text.replace(/\$\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}/g, (_m, name: string) => {
    const v = vars.kind === 'object' ? vars.entries.get(name) : undefined;
    const s = v ? asString(v) : undefined;
    if (s === undefined) {
      unresolved = true;
      return '';
    }
    return s;
  });
  if (unresolved || /\$\{|%\{/.test(rendered.replace(/\$\$\{/g, ''))) return unknown('templatefile with values or directives the checker cannot render');
  return str(rendered.replace(/\$\$\{/g, '${'));
}

/** Parses an IPv4 CIDR into [network as uint32, prefix length]. */
function parseCidr(cidr: string): [number, number] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr.trim());
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const bits = Number(m[5]);
  if (octets.some((o) => o > 255) || bits > 32) return undefined;
  const address = ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return [(address & mask) >>> 0, bits];
}

/** Formats [network, bits] as CIDR text. */
function formatCidr(network: number, bits: number): string {
  return `${network >>> 24}.${(network >>> 16) & 255}.${(network >>> 8) & 255}.${network & 255}/${bits}`;
}

const IMPLEMENTATIONS: Record<string, Implementation> = {
  jsonencode: (args) => (args[0] ? { kind: 'json', value: args[0] } : unknown('jsonencode()')),
  jsondecode: (args) => {
    const decoded = args[0] ? decodeJsonValue(args[0]) : undefined;
    return decoded ?? firstUnknown(args) ?? unknown('jsondecode of text that is not JSON');
  },
  file: (args, module) => {
    const read = readModuleFile(module, args[0] ?? NULL);
    return 'text' in read ? str(read.text) : read.value;
  },
  templatefile: (args, module) => {
    const read = readModuleFile(module, args[0] ?? NULL);
    if (!('text' in read)) return read.value;
    return renderTemplateFile(read.text, args[1] ?? { kind: 'object', entries: new Map() });
  },
  tostring: (args) => (asString(args[0] ?? NULL) !== undefined ? str(asString(args[0])!) : args[0] ?? NULL),
  tonumber: (args) => {
    const n = asNumber(args[0]);
    return n === undefined ? firstUnknown(args) ?? unknown('tonumber') : num(n);
  },
  tobool: (args) => args[0] ?? NULL,
  toset: (args) => {
    const items = asList(args[0]);
    return items ? list(dedupe(items)) : args[0] ?? NULL;
  },
  tolist: (args) => args[0] ?? NULL,
  tomap: (args) => args[0] ?? NULL,
  concat: (args) => {
    const out: Value[] = [];
    for (const arg of args) {
      const items = asList(arg);
      if (!items) return unknown(arg.kind === 'unknown' ? arg.reason : 'concat of a non-list');
      out.push(...items);
    }
    return list(out);
  },
  flatten: (args) => {
    const items = flatten(args[0] ?? NULL);
    return items ? list(items) : unknown('flatten of an unknown list');
  },
  distinct: (args) => {
    const items = asList(args[0]);
    return items ? list(dedupe(items)) : unknown('distinct of an unknown list');
  },
  compact: (args) => {
    const items = asList(args[0]);
    if (!items) return unknown('compact of an unknown list');
    return list(items.filter((i) => !(i.kind === 'null' || (i.kind === 'string' && i.value === ''))));
  },
  merge: (args) => {
    const entries = new Map<string, Value>();
    for (const arg of args) {
      if (arg.kind === 'null') continue;
      if (arg.kind !== 'object') return unknown(arg.kind === 'unknown' ? arg.reason : 'merge of a non-object');
      for (const [k, v] of arg.entries) entries.set(k, v);
    }
    return { kind: 'object', entries };
  },
  lookup: (args) => {
    const [map, key, fallback] = args;
    const k = asString(key);
    if (!map || map.kind !== 'object' || k === undefined) return unknown('lookup in an unknown map');
    return map.entries.get(k) ?? fallback ?? unknown(`lookup: no key "${k}"`);
  },
  element: (args) => {
    const items = asList(args[0]);
    const i = asNumber(args[1]);
    if (!items || i === undefined || items.length === 0) return unknown('element of an unknown list');
    return items[((i % items.length) + items.length) % items.length];
  },
  length: (args) => {
    const v = args[0] ?? NULL;
    if (v.kind === 'list') return num(v.items.length);
    if (v.kind === 'object') return num(v.entries.size);
    if (v.kind === 'string') return num([...v.value].length);
    return unknown('length of an unknown');
  },
  keys: (args) => (args[0]?.kind === 'object' ? list([...args[0].entries.keys()].sort().map(str)) : unknown('keys of an unknown map')),
  values: (args) => {
    const v = args[0];
    if (v?.kind !== 'object') return unknown('values of an unknown map');
    return list([...v.entries.keys()].sort().map((k) => v.entries.get(k)!));
  },
  contains: (args) => {
    const items = asList(args[0]);
    if (!items || !args[1] || !isFullyKnown(args[1]) || !items.every(isFullyKnown)) return unknown('contains with unknowns');
    const wanted = JSON.stringify(toPlain(args[1]));
    return bool(items.some((i) => JSON.stringify(toPlain(i)) === wanted));
  },
  coalesce: (args) => {
    for (const arg of args) {
      if (arg.kind === 'unknown') return arg;
      if (arg.kind === 'null' || (arg.kind === 'string' && arg.value === '')) continue;
      return arg;
    }
    return unknown('coalesce with no non-empty argument');
  },
  coalescelist: (args) => {
    for (const arg of args) {
      if (arg.kind === 'unknown') return arg;
      const items = asList(arg);
      if (items && items.length > 0) return arg;
    }
    return list([]);
  },
  try: (args) => args.find((a) => a.kind !== 'unknown') ?? unknown('try(): no argument could be evaluated'),
  can: (args) => (args[0] && args[0].kind !== 'unknown' ? bool(true) : unknown('can()')),
  one: (args) => {
    const items = asList(args[0]);
    if (!items) return unknown('one() of an unknown');
    return items.length === 0 ? NULL : items.length === 1 ? items[0] : unknown('one() of a list with several elements');
  },
  join: (args) => {
    const sep = asString(args[0]);
    const items = asList(args[1]);
    if (sep === undefined || !items) return unknown('join of unknowns');
    const parts = items.map(asString);
    return parts.some((p) => p === undefined) ? unknown('join of unknowns') : str(parts.join(sep));
  },
  split: (args) => {
    const sep = asString(args[0]);
    const text = asString(args[1]);
    return sep === undefined || text === undefined ? unknown('split of unknowns') : list(text.split(sep).map(str));
  },
  lower: stringFunction((s) => s.toLowerCase()),
  upper: stringFunction((s) => s.toUpperCase()),
  trimspace: stringFunction((s) => s.trim()),
  replace: (args) => {
    const [text, search, replacement] = args.map(asString);
    if (text === undefined || search === undefined || replacement === undefined) return unknown('replace of unknowns');
    if (search.length > 1 && search.startsWith('/') && search.endsWith('/')) return unknown('replace with a regular expression');
    return str(text.split(search).join(replacement));
  },
  format: (args) => {
    const spec = asString(args[0]);
    if (spec === undefined) return unknown('format of an unknown');
    let i = 1;
    let failed = false;
    const out = spec.replace(/%(%|[-+ #0]*\d*(?:\.\d+)?[sdvfqt])/g, (m) => {
      if (m === '%%') return '%';
      const s = asString(args[i++]);
      if (s === undefined) failed = true;
      return m.endsWith('q') ? JSON.stringify(s) : s ?? '';
    });
    return failed ? unknown('format with an unknown argument') : str(out);
  },
  range: (args) => {
    const n = args.map(asNumber);
    if (n.some((x) => x === undefined) || n.length === 0) return unknown('range of unknowns');
    const [start, end, step] = n.length === 1 ? [0, n[0]!, 1] : [n[0]!, n[1]!, n[2] ?? (n[0]! <= n[1]! ? 1 : -1)];
    if (step === 0) return unknown('range with step 0');
    const out: Value[] = [];
    for (let x = start; step > 0 ? x < end : x > end; x += step) {
      if (out.length >= MAX_RANGE) return unknown('range too large');
      out.push(num(x));
    }
    return list(out);
  },
  slice: (args) => {
    const items = asList(args[0]);
    const from = asNumber(args[1]);
    const to = asNumber(args[2]);
    return !items || from === undefined || to === undefined ? unknown('slice of unknowns') : list(items.slice(from, to));
  },
  zipmap: (args) => {
    const ks = asList(args[0]);
    const vs = asList(args[1]);
    if (!ks || !vs) return unknown('zipmap of unknowns');
    const entries = new Map<string, Value>();
    for (let i = 0; i < ks.length; i++) {
      const k = asString(ks[i]);
      if (k === undefined) return unknown('zipmap with an unknown key');
      entries.set(k, vs[i] ?? NULL);
    }
    return { kind: 'object', entries };
  },
  cidrsubnet: (args) => {
    const prefix = asString(args[0]);
    const newbits = asNumber(args[1]);
    const netnum = asNumber(args[2]);
    if (prefix === undefined || newbits === undefined || netnum === undefined) return unknown('cidrsubnet of unknowns');
    const parsed = parseCidr(prefix);
    if (!parsed) return unknown('cidrsubnet of a non-IPv4 prefix');
    const [network, bits] = parsed;
    const total = bits + newbits;
    if (total > 32 || netnum >= 2 ** newbits) return unknown('cidrsubnet out of range');
    return str(formatCidr((network + netnum * 2 ** (32 - total)) >>> 0, total));
  },
  abspath: stringFunction((s) => nodePath.resolve(s)),
  basename: stringFunction((s) => nodePath.basename(s)),
  dirname: stringFunction((s) => nodePath.dirname(s)),
  min: (args) => {
    const n = args.map(asNumber);
    return n.some((x) => x === undefined) ? unknown('min of unknowns') : num(Math.min(...(n as number[])));
  },
  max: (args) => {
    const n = args.map(asNumber);
    return n.some((x) => x === undefined) ? unknown('max of unknowns') : num(Math.max(...(n as number[])));
  },
};

/** Calls a Terraform function by name (`provider::...` functions and unlisted ones give unknown). */
export function callFunction(name: string, args: Value[], module: ModuleInstance, argExprs: Expression[]): Value {
  const implementation = IMPLEMENTATIONS[name];
  if (!implementation) return unknown(`${name}() is not evaluated by the checker`);
  return implementation(args, module, argExprs);
}

/** Re-exported for readers of JSON documents. */
export { fromPlain };
