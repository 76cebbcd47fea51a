/**
 * Type conversion functions, `try`/`can`, and the sensitivity functions. `try` skips arguments that
 * failed (unknowns marked as errors) but stops at one that is merely not known yet, as Terraform
 * does; `sensitive`/`nonsensitive` add and remove the `sensitive` mark (values.ts).
 */
import { marksOf, withMarks, type Value } from '../values';
import {
  arity,
  asBoolean,
  asEntries,
  asItems,
  asNum,
  asText,
  fail,
  isPending,
  list,
  NULL,
  num,
  object,
  pending,
  sortedEntries,
  Stop,
  str,
  toSetItems,
  unifyItems,
  type FunctionSpec,
} from './support';

/** 'error' when some part failed, 'pending' when some part is not known yet, else 'known'. */
function state(value: Value, depth = 0, seen = new Set<Value>()): 'error' | 'pending' | 'known' {
  if (value.kind === 'unknown') return value.error ? 'error' : 'pending';
  if (value.kind === 'ref') return 'pending';
  if (depth > 64 || seen.has(value)) return 'known';
  seen.add(value);
  let result: 'pending' | 'known' = 'known';
  const parts =
    value.kind === 'list'
      ? value.items
      : value.kind === 'object' && value.entries.constructor === Map
        ? [...value.entries.values()]
        : value.kind === 'json'
          ? [value.value]
          : [];
  for (const part of parts) {
    const s = state(part, depth + 1, seen);
    if (s === 'error') return 'error';
    if (s === 'pending') result = 'pending';
  }
  return result;
}

function withoutSensitive(value: Value, depth = 0): Value {
  const marks = value.marks?.file !== undefined ? { marks: { file: value.marks.file } } : {};
  const base = { ...value } as Value;
  delete base.marks;
  if (depth > 64) return { ...base, ...marks } as Value;
  switch (base.kind) {
    case 'list':
      return { kind: 'list', items: base.items.map((i) => withoutSensitive(i, depth + 1)), ...marks };
    case 'object':
      if (base.entries.constructor !== Map) return { ...base, ...marks };
      return { kind: 'object', entries: new Map([...base.entries].map(([k, v]) => [k, withoutSensitive(v, depth + 1)])), ...marks };
    case 'json':
      return { kind: 'json', value: withoutSensitive(base.value, depth + 1), ...marks };
    default:
      return { ...base, ...marks } as Value;
  }
}

/** Type conversion functions by name. */
export const TYPECONV_FUNCTIONS: Record<string, FunctionSpec> = {
  tostring: {
    passRefs: true,
    fn: (args) => {
      arity(args, 1);
      const v = args[0];
      if (v.kind === 'null' || v.kind === 'string' || v.kind === 'ref' || v.kind === 'json') return v;
      if (v.kind === 'list' || v.kind === 'object') fail('tostring of a collection');
      return str(asText(v));
    },
  },
  tonumber: {
    fn: (args) => {
      arity(args, 1);
      return args[0].kind === 'null' ? NULL : num(asNum(args[0], 'value'));
    },
  },
  tobool: {
    fn: (args) => {
      arity(args, 1);
      return args[0].kind === 'null' ? NULL : { kind: 'bool', value: asBoolean(args[0], 'value') };
    },
  },
  tolist: {
    fn: (args) => {
      arity(args, 1);
      return args[0].kind === 'null' ? NULL : list(unifyItems(asItems(args[0], 'value')));
    },
  },
  toset: {
    fn: (args) => {
      arity(args, 1);
      return args[0].kind === 'null' ? NULL : list(toSetItems(asItems(args[0], 'value')));
    },
  },
  tomap: {
    fn: (args) => {
      arity(args, 1);
      if (args[0].kind === 'null') return NULL;
      const entries = sortedEntries(asEntries(args[0], 'value'));
      const values = unifyItems(
        entries.map(([, v]) => v),
        'map values',
      );
      return object(entries.map(([k], i) => [k, values[i]]));
    },
  },
  try: {
    allowUnknown: true,
    passRefs: true,
    fn: (args) => {
      if (args.length === 0) fail('try needs at least one argument');
      for (const arg of args) {
        const s = state(arg);
        if (s === 'error') continue;
        if (arg.kind === 'unknown') pending(arg);
        return arg;
      }
      return fail('try: no argument could be evaluated');
    },
  },
  can: {
    allowUnknown: true,
    fn: (args) => {
      arity(args, 1);
      const s = state(args[0]);
      if (s === 'pending') throw new Stop({ kind: 'unknown', reason: 'can() of a value not known before apply' });
      return { kind: 'bool', value: s === 'known' };
    },
  },
  sensitive: {
    allowUnknown: true,
    passRefs: true,
    fn: (args) => (arity(args, 1), withMarks(args[0], { sensitive: true })),
  },
  nonsensitive: {
    allowUnknown: true,
    passRefs: true,
    ownMarks: true,
    fn: (args) => (arity(args, 1), withoutSensitive(args[0])),
  },
  issensitive: {
    allowUnknown: true,
    ownMarks: true,
    fn: (args) => {
      arity(args, 1);
      if (marksOf(args[0])?.sensitive) return { kind: 'bool', value: true };
      if (isPending(args[0])) pending(args[0]);
      return { kind: 'bool', value: false };
    },
  },
  ephemeralasnull: {
    allowUnknown: true,
    passRefs: true,
    fn: (args) => (arity(args, 1), args[0]),
  },
  type: {
    fn: () => {
      throw new Stop({ kind: 'unknown', reason: 'type() exists only in terraform console' });
    },
  },
};
