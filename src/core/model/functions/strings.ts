/**
 * String functions. Terraform counts characters as grapheme clusters on NFC-normalised text,
 * case-maps one character at a time (Go's `strings.ToUpper`), formats with Go's verbs and matches
 * with RE2: the helpers below follow those rules. Patterns the checker cannot translate to a
 * JavaScript regular expression give unknown, never a guess.
 */
import { renderTemplateText } from './templates';
import { jsonEncodeText } from './encoding';
import {
  arity,
  asBoolean,
  asInt,
  asItems,
  asNum,
  asText,
  fail,
  graphemes,
  isPending,
  list,
  NULL,
  numberText,
  object,
  pending,
  Stop,
  str,
  unifyItems,
  type FunctionSpec,
} from './support';
import type { Value } from '../values';

const nfc = (s: string) => s.normalize('NFC');

function stringFn(fn: (s: string) => string): FunctionSpec {
  return {
    fn: (args) => {
      arity(args, 1);
      return str(fn(asText(args[0], 'string')));
    },
  };
}

/** Go's per-character case mapping: a character whose mapping would be several characters is kept. */
function mapCase(text: string, upper: boolean): string {
  let out = '';
  for (const ch of text) {
    const mapped = upper ? ch.toUpperCase() : ch.toLowerCase();
    const points = [...mapped];
    out += points.length === 1 ? mapped : upper ? ch : points[0];
  }
  return out;
}

function isTitleSeparator(ch: string): boolean {
  if (/^[A-Za-z0-9_]$/.test(ch)) return false;
  if (ch.charCodeAt(0) < 0x80) return true;
  if (/^[\p{L}\p{Nd}]$/u.test(ch)) return false;
  return /^\s$/u.test(ch);
}

function title(text: string): string {
  let prev = ' ';
  let out = '';
  for (const ch of text) {
    out += isTitleSeparator(prev) ? mapCase(ch, true) : ch;
    prev = ch;
  }
  return out;
}

// --- RE2 patterns as JavaScript regular expressions ---

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

/** Translates an RE2 pattern; unknown (not an error) when it uses syntax that has no faithful translation. */
export function compileRe2(pattern: string, global: boolean): RegExp {
  let flags = global ? 'gu' : 'u';
  let source = pattern;
  // Flags that apply to the whole pattern: at its start, or after nothing but anchors.
  const lead = /^((?:\^|\\A)*)\(\?([imsU]+)\)/.exec(source);
  if (lead) {
    if (lead[2].includes('U')) untranslatable();
    for (const f of lead[2]) if (!flags.includes(f)) flags += f;
    source = lead[1] + source.slice(lead[0].length);
  }
  if (/\(\?[imsU-]+[:)]/.test(source) || source.includes('\\Q') || source.includes('\\C')) untranslatable();
  source = source
    .replace(/\(\?P</g, '(?<')
    .replace(/\[:(\^?)([a-z]+):\]/g, (_m, neg: string, name: string) => {
      const cls = POSIX_CLASSES[name];
      if (!cls || neg) untranslatable();
      return cls;
    })
    .replace(/\\A/g, flags.includes('m') ? untranslatable() : '^')
    .replace(/\\z/g, flags.includes('m') ? untranslatable() : '$')
    .replace(/\\p([A-Z])/g, '\\p{$1}')
    .replace(/\\P([A-Z])/g, '\\P{$1}');
  try {
    return new RegExp(source, flags);
  } catch {
    try {
      return new RegExp(source, flags.replace('u', ''));
    } catch {
      return fail('invalid regular expression');
    }
  }
}

function untranslatable(): never {
  throw new Stop({ kind: 'unknown', reason: 'a regular expression the checker cannot translate from RE2' });
}

/** Successive non-overlapping matches, ignoring empty matches that touch the previous match (Go's rule). */
function allMatches(re: RegExp, text: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  let prevEnd = -1;
  for (let guard = 0; guard <= text.length + 1; guard++) {
    const m = re.exec(text);
    if (!m) break;
    const end = m.index + m[0].length;
    if (m[0] === '') {
      if (m.index !== prevEnd) out.push(m);
      re.lastIndex = m.index + (text.codePointAt(m.index)! > 0xffff ? 2 : 1);
      if (m.index >= text.length) break;
    } else {
      out.push(m);
      prevEnd = end;
    }
  }
  return out;
}

function matchResult(m: RegExpExecArray): Value {
  const group = (g: string | undefined): Value => (g === undefined ? NULL : str(g));
  if (m.groups && Object.keys(m.groups).length > 0)
    return object(
      Object.keys(m.groups)
        .sort()
        .map((k) => [k, group(m.groups![k])]),
    );
  if (m.length === 1) return str(m[0]);
  return list(m.slice(1).map(group));
}

/** Expands `$1`, `${1}`, `$name`, `${name}` and `$$` in a replacement as Go's Regexp.Expand does. */
function expand(template: string, m: RegExpExecArray): string {
  return template.replace(
    /\$(\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g,
    (whole, _all, braced: string | undefined, bare: string | undefined) => {
      if (whole === '$$') return '$';
      const name = braced ?? bare!;
      if (/^\d+$/.test(name)) return m[Number(name)] ?? '';
      return m.groups?.[name] ?? '';
    },
  );
}

function replaceRegex(text: string, re: RegExp, replacement: string): string {
  let out = '';
  let last = 0;
  for (const m of allMatches(re, text)) {
    out += text.slice(last, m.index) + expand(replacement, m);
    last = m.index + m[0].length;
  }
  return out + text.slice(last);
}

function replacePlain(text: string, search: string, replacement: string): string {
  if (search === '') {
    const points = [...text];
    return replacement + points.map((p) => p + replacement).join('');
  }
  return text.split(search).join(replacement);
}

// --- Go's fmt verbs, as cty's format() uses them ---

/** A number as Go's `%v`/`%g` prints it (shortest digits; exponent form from 1e+06 and below 1e-04). */
export function goShortest(n: number): string {
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const [mantissa, expText] = n.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 21 || (exp >= 6 && mantissa.replace(/[-.]/g, '').length <= exp)) {
    return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return numberText(n);
}

function goExponent(n: number, precision: number, upper: boolean): string {
  const [m, e] = n.toExponential(precision).split('e');
  const exp = Number(e);
  const text = `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return upper ? text.toUpperCase() : text;
}

interface Verb {
  flags: string;
  width?: number;
  precision?: number;
  verb: string;
}

function pad(text: string, spec: Verb, numeric: boolean): string {
  const width = spec.width ?? 0;
  const length = graphemes(text).length;
  if (length >= width) return text;
  if (spec.flags.includes('-')) return text + ' '.repeat(width - length);
  if (numeric && spec.flags.includes('0')) {
    const sign = /^[-+ ]/.test(text) ? text[0] : '';
    return sign + '0'.repeat(width - length) + text.slice(sign.length);
  }
  return ' '.repeat(width - length) + text;
}

function signed(text: string, negative: boolean, flags: string): string {
  if (negative) return '-' + text;
  if (flags.includes('+')) return '+' + text;
  if (flags.includes(' ')) return ' ' + text;
  return text;
}

function formatOne(spec: Verb, value: Value | undefined): string {
  if (!value) return fail('too few arguments for the format string');
  if (isPending(value)) pending(value);
  const verb = spec.verb;
  if (value.kind === 'null') {
    if (verb === 'v') throw new Stop({ kind: 'unknown', reason: 'format() of null with %v' });
    return fail('null argument in format()');
  }
  switch (verb) {
    case 'v': {
      if (spec.flags.includes('#')) return pad(jsonEncodeText(value), spec, false);
      if (value.kind === 'number') return pad(goShortest(value.value), spec, true);
      if (value.kind === 'list' || value.kind === 'object') return pad(jsonEncodeText(value), spec, false);
      return pad(asText(value), spec, false);
    }
    case 's': {
      let text = asText(value);
      if (spec.precision !== undefined) text = graphemes(text).slice(0, spec.precision).join('');
      return pad(text, spec, false);
    }
    case 'q': {
      if (value.kind !== 'string') fail('%q needs a string');
      return pad(JSON.stringify(value.value).replace(/\\u007f/g, '\\x7f'), spec, false);
    }
    case 't':
      return pad(asBoolean(value) ? 'true' : 'false', spec, false);
    case 'd':
    case 'b':
    case 'o':
    case 'x':
    case 'X': {
      const n = asNum(value);
      if (!Number.isInteger(n)) fail(`%${verb} needs a whole number`);
      const radix = verb === 'd' ? 10 : verb === 'b' ? 2 : verb === 'o' ? 8 : 16;
      let digits = BigInt(Math.abs(n)).toString(radix);
      if (verb === 'X') digits = digits.toUpperCase();
      if (spec.flags.includes('#') && verb !== 'd')
        digits = (verb === 'b' ? '0b' : verb === 'o' ? '0' : verb === 'x' ? '0x' : '0X') + digits;
      return pad(signed(digits, n < 0, spec.flags), spec, true);
    }
    case 'e':
    case 'E': {
      const n = asNum(value);
      return pad(signed(goExponent(Math.abs(n), spec.precision ?? 6, verb === 'E'), n < 0, spec.flags), spec, true);
    }
    case 'f':
    case 'F': {
      const n = asNum(value);
      return pad(signed(Math.abs(n).toFixed(spec.precision ?? 6), n < 0 || Object.is(n, -0), spec.flags), spec, true);
    }
    case 'g':
    case 'G': {
      const n = asNum(value);
      const text = spec.precision === undefined ? goShortest(Math.abs(n)) : String(Number(Math.abs(n).toPrecision(spec.precision)));
      return pad(signed(verb === 'G' ? text.toUpperCase() : text, n < 0, spec.flags), spec, true);
    }
    default:
      return fail(`unsupported format verb %${verb}`);
  }
}

const VERB = /%(?:(%)|\[(\d+)\]([-+# 0]*)(\d*)(?:\.(\d*))?([a-zA-Z])|([-+# 0]*)(\d*)(?:\.(\d*))?(?:\[(\d+)\])?([a-zA-Z]))/g;

/** Go-style formatting of `args` by `spec`. */
export function formatText(spec: string, args: Value[]): string {
  let next = 0;
  let out = '';
  let last = 0;
  VERB.lastIndex = 0;
  for (let m = VERB.exec(spec); m; m = VERB.exec(spec)) {
    out += spec.slice(last, m.index);
    last = m.index + m[0].length;
    if (m[1]) {
      out += '%';
      continue;
    }
    const index = m[2] ?? m[10];
    const flags = m[3] ?? m[7] ?? '';
    const width = m[4] || m[8];
    const precision = m[5] ?? m[9];
    const verb = m[6] ?? m[11];
    if (index !== undefined) next = Number(index) - 1;
    out += formatOne(
      { flags, width: width ? Number(width) : undefined, precision: precision === undefined ? undefined : Number(precision || '0'), verb },
      args[next],
    );
    next++;
  }
  const rest = spec.slice(last);
  if (rest.includes('%')) fail('unfinished format verb');
  if (next < args.length && !/%\[\d+\]/.test(spec)) fail('too many arguments for the format string');
  return out + rest;
}

function substr(text: string, offset: number, length: number): string {
  const chars = graphemes(nfc(text));
  let start = offset;
  if (start < 0) start = Math.max(0, chars.length + start);
  if (start > chars.length) return '';
  if (length < -1) fail('length must be -1 or more');
  const end = length === -1 ? chars.length : Math.min(chars.length, start + length);
  return chars.slice(start, end).join('');
}

/** String functions by name. */
export const STRING_FUNCTIONS: Record<string, FunctionSpec> = {
  upper: stringFn((s) => mapCase(s, true)),
  lower: stringFn((s) => mapCase(s, false)),
  title: stringFn(title),
  strrev: stringFn((s) => graphemes(nfc(s)).reverse().join('')),
  chomp: stringFn((s) => s.replace(/(?:\r\n|\r|\n)+$/, '')),
  trimspace: stringFn((s) => s.replace(/^[\s\u0085]+|[\s\u0085]+$/gu, '')),
  indent: {
    fn: (args) => {
      arity(args, 2);
      const spaces = asInt(args[0], 'spaces');
      return str(asText(args[1], 'string').replace(/\n/g, '\n' + ' '.repeat(Math.max(0, spaces))));
    },
  },
  startswith: { fn: (args) => (arity(args, 2), { kind: 'bool', value: asText(args[0]).startsWith(asText(args[1])) }) },
  endswith: { fn: (args) => (arity(args, 2), { kind: 'bool', value: asText(args[0]).endsWith(asText(args[1])) }) },
  strcontains: { fn: (args) => (arity(args, 2), { kind: 'bool', value: asText(args[0]).includes(asText(args[1])) }) },
  trimprefix: {
    fn: (args) => {
      arity(args, 2);
      const [s, p] = [asText(args[0]), asText(args[1])];
      return str(s.startsWith(p) ? s.slice(p.length) : s);
    },
  },
  trimsuffix: {
    fn: (args) => {
      arity(args, 2);
      const [s, p] = [asText(args[0]), asText(args[1])];
      return str(p !== '' && s.endsWith(p) ? s.slice(0, s.length - p.length) : s);
    },
  },
  trim: {
    fn: (args) => {
      arity(args, 2);
      const chars = [...asText(args[0])];
      const cut = new Set([...asText(args[1], 'characters')]);
      let a = 0;
      let b = chars.length;
      while (a < b && cut.has(chars[a])) a++;
      while (b > a && cut.has(chars[b - 1])) b--;
      return str(chars.slice(a, b).join(''));
    },
  },
  substr: {
    fn: (args) => {
      arity(args, 3);
      return str(substr(asText(args[0]), asInt(args[1], 'offset'), asInt(args[2], 'length')));
    },
  },
  split: {
    fn: (args) => {
      arity(args, 2);
      const sep = asText(args[0], 'separator');
      const text = asText(args[1], 'string');
      if (sep === '') return list([...text].map(str));
      return list(text.split(sep).map(str));
    },
  },
  join: {
    fn: (args) => {
      if (args.length < 2) fail('join needs a separator and at least one list');
      const sep = asText(args[0], 'separator');
      const parts: string[] = [];
      for (const arg of args.slice(1)) for (const item of asItems(arg, 'list')) parts.push(asText(item, 'list element'));
      return str(parts.join(sep));
    },
  },
  replace: {
    fn: (args) => {
      arity(args, 3);
      const [text, search, replacement] = [asText(args[0]), asText(args[1], 'substring'), asText(args[2], 'replacement')];
      if (search.length > 1 && search.startsWith('/') && search.endsWith('/'))
        return str(replaceRegex(text, compileRe2(search.slice(1, -1), true), replacement));
      return str(replacePlain(text, search, replacement));
    },
  },
  regex: {
    fn: (args) => {
      arity(args, 2);
      const re = compileRe2(asText(args[0], 'pattern'), false);
      const m = re.exec(asText(args[1]));
      if (!m) fail('the pattern does not match the string');
      return matchResult(m);
    },
  },
  regexall: {
    fn: (args) => {
      arity(args, 2);
      const re = compileRe2(asText(args[0], 'pattern'), true);
      return list(allMatches(re, asText(args[1])).map(matchResult));
    },
  },
  format: {
    fn: (args) => {
      if (args.length < 1) fail('format needs a format string');
      return str(formatText(asText(args[0], 'format'), args.slice(1)));
    },
  },
  formatlist: {
    fn: (args) => {
      if (args.length < 1) fail('formatlist needs a format string');
      const spec = asText(args[0], 'format');
      const rest = args.slice(1);
      let length: number | undefined;
      for (const arg of rest) {
        if (arg.kind === 'list') {
          if (length !== undefined && length !== arg.items.length) fail('formatlist lists of different lengths');
          length = arg.items.length;
        } else if (arg.kind === 'null') fail('null argument in formatlist()');
      }
      if (length === undefined) length = 1;
      const out: Value[] = [];
      for (let i = 0; i < length; i++)
        out.push(
          str(
            formatText(
              spec,
              rest.map((a) => (a.kind === 'list' ? unifyItems(a.items)[i] : a)),
            ),
          ),
        );
      return list(out);
    },
  },
  templatestring: {
    fn: (args, context) => {
      arity(args, 2);
      const first = context.argExprs[0];
      if (first && first.type !== 'variable' && first.type !== 'getAttr' && first.type !== 'index')
        fail('templatestring needs a reference to a string, not a literal template');
      return renderTemplateText(asText(args[0], 'template'), args[1], context, 'templatestring()');
    },
  },
};
