/**
 * Collection functions. Lists, sets and tuples share one value shape here; where Terraform converts
 * a tuple to a list or set of one element type (`distinct([1, "1"])` is `["1"]`), `unifyItems` does
 * the same, and set results come back in Terraform's set order. Elements that are not known stay in
 * place where the result's shape does not depend on them (`length([var.x])` is 1).
 */
import type { Value } from '../values';
import {
  arity,
  asBoolean,
  asEntries,
  asInt,
  asItems,
  asNum,
  asText,
  fail,
  graphemes,
  isPending,
  list,
  NULL,
  num,
  object,
  pending,
  requireKnown,
  sortedEntries,
  str,
  toSetItems,
  unifyItems,
  valueKey,
  type FunctionSpec,
} from './support';

const MAX_ELEMENTS = 100_000;

function flattenInto(items: Value[], out: Value[], depth: number): void {
  if (depth > 100) fail('flatten: nesting too deep');
  for (const item of items) {
    if (item.kind === 'list') flattenInto(item.items, out, depth + 1);
    else if (item.kind === 'unknown') pending(item, 'an element that may be a list');
    else out.push(item);
    if (out.length > MAX_ELEMENTS) fail('flatten: too many elements');
  }
}

function knownKeys(items: Value[]): string[] {
  return items.map((i) => {
    requireKnown(i);
    return valueKey(i);
  });
}

/** Collection functions by name. */
export const COLLECTION_FUNCTIONS: Record<string, FunctionSpec> = {
  length: {
    fn: (args) => {
      arity(args, 1);
      const v = args[0];
      if (v.kind === 'list') return num(v.items.length);
      if (v.kind === 'object') return num(v.entries.size);
      if (v.kind === 'null') fail('length of null');
      if (v.kind === 'string' || v.kind === 'json') return num(graphemes(asText(v).normalize('NFC')).length);
      return fail('length of a number or bool');
    },
  },
  alltrue: {
    fn: (args) => {
      arity(args, 1);
      for (const item of asItems(args[0], 'list')) {
        if (isPending(item)) pending(item);
        if (item.kind === 'null') return { kind: 'bool', value: false };
        if (!asBoolean(item, 'element')) return { kind: 'bool', value: false };
      }
      return { kind: 'bool', value: true };
    },
  },
  anytrue: {
    fn: (args) => {
      arity(args, 1);
      let unknownSeen: Value | undefined;
      for (const item of asItems(args[0], 'list')) {
        if (isPending(item)) {
          unknownSeen ??= item;
          continue;
        }
        if (item.kind === 'null') continue;
        if (asBoolean(item, 'element')) return { kind: 'bool', value: true };
      }
      if (unknownSeen) pending(unknownSeen);
      return { kind: 'bool', value: false };
    },
  },
  chunklist: {
    fn: (args) => {
      arity(args, 2);
      const items = unifyItems(asItems(args[0], 'list'));
      const size = asInt(args[1], 'size');
      if (size < 0) fail('chunklist size must not be negative');
      if (size === 0) return list([list(items)]);
      const out: Value[] = [];
      for (let i = 0; i < items.length; i += size) out.push(list(items.slice(i, i + size)));
      return list(out);
    },
  },
  coalesce: {
    allowUnknown: true,
    passRefs: true,
    fn: (args) => {
      if (args.length === 0) fail('coalesce needs at least one argument');
      const unified = unifyItems(args, 'arguments');
      for (const arg of unified) {
        if (isPending(arg)) {
          if (arg.kind === 'ref') return arg;
          pending(arg);
        }
        if (arg.kind === 'null' || (arg.kind === 'string' && arg.value === '')) continue;
        return arg;
      }
      return fail('coalesce: no non-null, non-empty argument');
    },
  },
  coalescelist: {
    allowUnknown: true,
    fn: (args) => {
      if (args.length === 0) fail('coalescelist needs at least one argument');
      for (const arg of args) {
        if (isPending(arg)) pending(arg);
        if (asItems(arg, 'argument').length > 0) return arg;
      }
      return fail('coalescelist: every list is empty');
    },
  },
  compact: {
    fn: (args) => {
      arity(args, 1);
      const items = unifyItems(asItems(args[0], 'list'));
      const out: Value[] = [];
      for (const item of items) {
        if (item.kind === 'null') continue;
        if (isPending(item)) pending(item);
        const text = asText(item, 'element');
        if (text !== '') out.push(str(text));
      }
      return list(out);
    },
  },
  concat: {
    fn: (args) => {
      if (args.length === 0) fail('concat needs at least one list');
      const out: Value[] = [];
      for (const arg of args) out.push(...asItems(arg, 'argument'));
      if (out.length > MAX_ELEMENTS) fail('concat: too many elements');
      return list(out);
    },
  },
  contains: {
    fn: (args) => {
      arity(args, 2);
      // Terraform compares each element as it is (no conversion): contains([1, 2], "1") is false.
      const items = asItems(args[0], 'list');
      requireKnown(args[1]);
      const wanted = valueKey(args[1]);
      let unknownSeen: Value | undefined;
      for (const item of items) {
        if (isPending(item)) {
          unknownSeen ??= item;
          continue;
        }
        requireKnown(item);
        if (valueKey(item) === wanted) return { kind: 'bool', value: true };
      }
      if (unknownSeen) pending(unknownSeen);
      return { kind: 'bool', value: false };
    },
  },
  distinct: {
    fn: (args) => {
      arity(args, 1);
      const items = unifyItems(asItems(args[0], 'list'));
      const seen = new Set<string>();
      const out: Value[] = [];
      for (const item of items) {
        if (item.kind === 'unknown') pending(item);
        if (item.kind !== 'ref') requireKnown(item);
        const key = valueKey(item);
        if (!seen.has(key)) {
          seen.add(key);
          out.push(item);
        }
      }
      return list(out);
    },
  },
  element: {
    fn: (args) => {
      arity(args, 2);
      const items = asItems(args[0], 'list');
      const index = asInt(args[1], 'index');
      if (index < 0) fail('element index must not be negative');
      if (items.length === 0) fail('element of an empty list');
      return items[index % items.length];
    },
  },
  flatten: {
    fn: (args) => {
      arity(args, 1);
      const out: Value[] = [];
      flattenInto(asItems(args[0], 'list'), out, 0);
      return list(out);
    },
  },
  index: {
    fn: (args) => {
      arity(args, 2);
      const items = unifyItems(asItems(args[0], 'list'));
      const wanted = knownKeys([args[1]])[0];
      for (let i = 0; i < items.length; i++) {
        if (isPending(items[i])) pending(items[i]);
        if (knownKeys([items[i]])[0] === wanted) return num(i);
      }
      return fail('index: the value is not in the list');
    },
  },
  keys: {
    fn: (args) => {
      arity(args, 1);
      return list(
        [...asEntries(args[0], 'map')]
          .map(([k]) => k)
          .sort()
          .map(str),
      );
    },
  },
  values: {
    fn: (args) => {
      arity(args, 1);
      return list(sortedEntries(asEntries(args[0], 'map')).map(([, v]) => v));
    },
  },
  lookup: {
    // The default may be unknown: it matters only when the key is missing.
    allowUnknown: true,
    passRefs: true,
    fn: (args) => {
      arity(args, 2, 3);
      if (isPending(args[0])) pending(args[0]);
      if (isPending(args[1])) pending(args[1]);
      const entries = asEntries(args[0], 'map');
      const key = asText(args[1], 'key');
      const found = entries.get(key);
      if (found !== undefined && entries.has(key)) return found;
      if (args.length === 3) return args[2];
      return fail('lookup: the key is not in the map and there is no default');
    },
  },
  matchkeys: {
    fn: (args) => {
      arity(args, 3);
      const values = asItems(args[0], 'values');
      const keys = asItems(args[1], 'keys');
      if (values.length !== keys.length) fail('matchkeys: values and keys differ in length');
      const unified = unifyItems([...keys, ...asItems(args[2], 'search set')]);
      const search = new Set(knownKeys(unified.slice(keys.length)));
      const keyIds = knownKeys(unified.slice(0, keys.length));
      return list(values.filter((_, i) => search.has(keyIds[i])));
    },
  },
  merge: {
    fn: (args) => {
      const entries = new Map<string, Value>();
      for (const arg of args) {
        if (arg.kind === 'null') continue;
        for (const [k, v] of asEntries(arg, 'argument')) entries.set(k, v);
      }
      return object(sortedEntries(entries));
    },
  },
  one: {
    fn: (args) => {
      arity(args, 1);
      const items = asItems(args[0], 'list');
      if (items.length === 0) return NULL;
      if (items.length === 1) return items[0];
      return fail('one: more than one element');
    },
  },
  range: {
    fn: (args) => {
      arity(args, 1, 3);
      const n = args.map((a) => asNum(a, 'range argument'));
      const [start, end] = n.length === 1 ? [0, n[0]] : [n[0], n[1]];
      const step = n.length === 3 ? n[2] : start <= end ? 1 : -1;
      if (step === 0) fail('range step must not be zero');
      if ((start < end && step < 0) || (start > end && step > 0)) fail('range step goes the wrong way');
      const out: Value[] = [];
      for (let x = start; step > 0 ? x < end : x > end; x += step) {
        if (out.length >= 1024) fail('range: more than 1024 elements');
        out.push(num(x));
      }
      return list(out);
    },
  },
  reverse: { fn: (args) => (arity(args, 1), list([...asItems(args[0], 'list')].reverse())) },
  slice: {
    fn: (args) => {
      arity(args, 3);
      const items = asItems(args[0], 'list');
      const start = asInt(args[1], 'start index');
      const end = asInt(args[2], 'end index');
      if (start < 0 || end > items.length || start > end) fail('slice indices out of range');
      return list(items.slice(start, end));
    },
  },
  sort: {
    fn: (args) => {
      arity(args, 1);
      const texts = asItems(args[0], 'list').map((item) => {
        if (isPending(item)) pending(item);
        return asText(item, 'element');
      });
      return list(texts.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(str));
    },
  },
  sum: {
    fn: (args) => {
      arity(args, 1);
      const items = asItems(args[0], 'list');
      if (items.length === 0) fail('sum of an empty list');
      return num(items.map((i) => asNum(i, 'element')).reduce((a, b) => a + b, 0));
    },
  },
  transpose: {
    fn: (args) => {
      arity(args, 1);
      const out = new Map<string, Value[]>();
      for (const [key, value] of sortedEntries(asEntries(args[0], 'map'))) {
        for (const item of asItems(value, 'map value')) {
          const text = asText(item, 'element');
          const group = out.get(text) ?? [];
          group.push(str(key));
          out.set(text, group);
        }
      }
      return object([...out.keys()].sort().map((k) => [k, list(out.get(k)!)]));
    },
  },
  zipmap: {
    fn: (args) => {
      arity(args, 2);
      const keys = asItems(args[0], 'keys');
      const values = asItems(args[1], 'values');
      if (keys.length !== values.length) fail('zipmap: keys and values differ in length');
      const entries = new Map<string, Value>();
      keys.forEach((k, i) => entries.set(asText(k, 'key'), values[i]));
      return object(sortedEntries(entries));
    },
  },
  setproduct: {
    fn: (args) => {
      if (args.length < 1) fail('setproduct needs at least one set');
      const sets = args.map((a) => unifyItems(asItems(a, 'set')));
      let product: Value[][] = [[]];
      for (const set of sets) {
        const next: Value[][] = [];
        for (const prefix of product) for (const item of set) next.push([...prefix, item]);
        if (next.length > MAX_ELEMENTS) fail('setproduct: too many elements');
        product = next;
      }
      return list(product.map(list));
    },
  },
  setunion: {
    fn: (args) => {
      if (args.length < 1) fail('setunion needs at least one set');
      return list(toSetItems(args.flatMap((a) => asItems(a, 'set'))));
    },
  },
  setintersection: {
    fn: (args) => {
      if (args.length < 1) fail('setintersection needs at least one set');
      const all = toSetItems(args.flatMap((a) => asItems(a, 'set')));
      const sets = args.map((a) => new Set(toSetItems(unifyWith(all, asItems(a, 'set'))).map(valueKey)));
      return list(all.filter((item) => sets.every((s) => s.has(valueKey(item)))));
    },
  },
  setsubtract: {
    fn: (args) => {
      arity(args, 2);
      const all = toSetItems([...asItems(args[0], 'set'), ...asItems(args[1], 'set')]);
      const first = new Set(toSetItems(unifyWith(all, asItems(args[0], 'set'))).map(valueKey));
      const second = new Set(toSetItems(unifyWith(all, asItems(args[1], 'set'))).map(valueKey));
      return list(all.filter((item) => first.has(valueKey(item)) && !second.has(valueKey(item))));
    },
  },
};

/** `items` converted to the common type of `reference` and `items`. */
function unifyWith(reference: Value[], items: Value[]): Value[] {
  return unifyItems([...reference, ...items]).slice(reference.length);
}
