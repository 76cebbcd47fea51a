/**
 * Encoding functions: JSON (written as Terraform writes it: keys sorted, `<`, `>`, `&` escaped,
 * numbers in plain decimal), Base64 and text encodings, CSV, URL encoding and YAML (yaml.ts).
 * `base64gzip` is unknown by design: its bytes depend on Go's compressor.
 */
import * as zlib from 'zlib';
import { fromPlain, type Value } from '../values';
import {
  arity,
  asText,
  fail,
  isPending,
  list,
  object,
  plainScalarText,
  pending,
  provideJsonText,
  quoteText,
  requireKnown,
  sortedEntries,
  Stop,
  str,
  type FunctionSpec,
} from './support';
import { yamlDecode, yamlEncode } from './yaml';

const MAX_DECODED = 16 * 1024 * 1024;

function jsonString(text: string): string {
  // Go's encoder also escapes <, > and & (HTML safety) and the JavaScript line separators.
  return quoteText(text, (ch, c) =>
    c < 0x20 || ch === '<' || ch === '>' || ch === '&' || c === 0x2028 || c === 0x2029
      ? '\\u' + c.toString(16).padStart(4, '0')
      : undefined,
  );
}

const MAX_ENCODED = 16 * 1024 * 1024;

/** The text `jsonencode(value)` gives in Terraform; pending when some part is not known; unknown when it would be huge. */
export function jsonEncodeText(value: Value): string {
  const budget = { left: MAX_ENCODED };
  return encodeJson(value, budget);
}

function encodeJson(value: Value, budget: { left: number }): string {
  if ((budget.left -= 8) < 0) throw new Stop({ kind: 'unknown', reason: 'the JSON text would be larger than the checker builds' });
  const recurse = (v: Value) => encodeJson(v, budget);
  switch (value.kind) {
    case 'string':
      budget.left -= value.value.length;
      return jsonString(value.value);
    case 'number':
    case 'bool':
    case 'null':
      return plainScalarText(value);
    case 'list':
      return '[' + value.items.map(recurse).join(',') + ']';
    case 'object':
      return (
        '{' +
        sortedEntries(value.entries)
          .map(([k, v]) => jsonString(k) + ':' + recurse(v))
          .join(',') +
        '}'
      );
    case 'json':
      return jsonString(recurse(value.value));
    default:
      return pending(value);
  }
}
provideJsonText(jsonEncodeText);

/** Decodes JSON text into a value (big numbers beyond a double are not known here). */
export function jsonDecodeText(text: string): Value {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return fail('jsondecode: the text is not valid JSON');
  }
  const check = (d: unknown): void => {
    if (typeof d === 'number' && !Number.isFinite(d))
      throw new Stop({ kind: 'unknown', reason: 'a JSON number too large for the checker' });
    if (Array.isArray(d)) d.forEach(check);
    else if (d && typeof d === 'object') Object.values(d as Record<string, unknown>).forEach(check);
  };
  check(data);
  return fromPlain(data);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function decodeBase64(text: string): Buffer {
  const clean = text.replace(/[\r\n]/g, '');
  if (!BASE64.test(clean)) fail('the text is not valid Base64');
  return Buffer.from(clean, 'base64');
}

function utf8(bytes: Uint8Array, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail(`${what} is not valid UTF-8`);
  }
}

function encodingName(name: string): 'utf8' | 'utf16le' | 'utf16be' | 'latin1' | 'ascii' | undefined {
  const n = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (n === 'utf8') return 'utf8';
  if (n === 'utf16le') return 'utf16le';
  if (n === 'utf16be') return 'utf16be';
  if (n === 'iso88591' || n === 'latin1' || n === 'l1' || n === 'isoir100' || n === 'cp819' || n === 'csisolatin1') return 'latin1';
  if (n === 'usascii' || n === 'ascii' || n === 'ansix341968' || n === 'csascii') return 'ascii';
  return undefined;
}

function unsupportedEncoding(): never {
  throw new Stop({ kind: 'unknown', reason: 'a text encoding the checker does not implement' });
}

function encodeText(text: string, encoding: string): Buffer {
  const kind = encodingName(encoding) ?? unsupportedEncoding();
  if (kind === 'utf8') return Buffer.from(text, 'utf8');
  if (kind === 'utf16le' || kind === 'utf16be') {
    const bytes = Buffer.from(text, 'utf16le');
    if (kind === 'utf16be') bytes.swap16();
    return bytes;
  }
  const limit = kind === 'latin1' ? 0xff : 0x7f;
  for (const ch of text) if (ch.codePointAt(0)! > limit) fail('the string has characters the encoding cannot represent');
  return Buffer.from(text, 'latin1');
}

function decodeText(bytes: Buffer, encoding: string): string {
  const kind = encodingName(encoding) ?? unsupportedEncoding();
  if (kind === 'utf8') return utf8(bytes, 'the decoded text');
  if (kind === 'utf16le' || kind === 'utf16be') {
    if (bytes.length % 2 !== 0) fail('odd number of bytes for UTF-16');
    const copy = Buffer.from(bytes);
    if (kind === 'utf16be') copy.swap16();
    return copy.toString('utf16le');
  }
  if (kind === 'ascii' && bytes.some((b) => b > 0x7f)) fail('bytes outside US-ASCII');
  return bytes.toString('latin1');
}

/** Go's url.QueryEscape. */
function queryEscape(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

function queryUnescape(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '+') bytes.push(0x20);
    else if (c === '%') {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) fail('invalid URL escape');
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(c, 'utf8'));
  }
  return utf8(Uint8Array.from(bytes), 'the decoded text');
}

/** Go's encoding/csv reader (strict quotes, blank lines skipped). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] === '\n')) {
      i += text[i] === '\r' ? 2 : 1;
      continue;
    }
    const row: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= n) fail('csvdecode: unterminated quoted field');
          if (text[i] === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          field += text[i++];
        }
        if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') fail('csvdecode: extraneous text after a quoted field');
      } else {
        while (i < n && text[i] !== ',' && text[i] !== '\n' && !(text[i] === '\r' && text[i + 1] === '\n')) {
          if (text[i] === '"') fail('csvdecode: bare quote in a field');
          field += text[i++];
        }
      }
      row.push(field.replace(/\r\n/g, '\n'));
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '\r') i++;
      if (text[i] === '\n') i++;
      break;
    }
    rows.push(row);
  }
  return rows;
}

/** Encoding functions by name. */
export const ENCODING_FUNCTIONS: Record<string, FunctionSpec> = {
  jsonencode: {
    allowUnknown: true,
    passRefs: true,
    fn: (args) => {
      arity(args, 1);
      return { kind: 'json', value: args[0] };
    },
  },
  jsondecode: {
    fn: (args) => {
      arity(args, 1);
      if (args[0].kind === 'json') return args[0].value;
      return jsonDecodeText(asText(args[0], 'JSON text'));
    },
  },
  base64encode: { fn: (args) => (arity(args, 1), str(Buffer.from(asText(args[0]), 'utf8').toString('base64'))) },
  base64decode: { fn: (args) => (arity(args, 1), str(utf8(decodeBase64(asText(args[0])), 'the decoded text'))) },
  base64gzip: {
    fn: (args) => {
      arity(args, 1);
      asText(args[0]);
      throw new Stop({ kind: 'unknown', reason: 'base64gzip() bytes depend on Go\u2019s compressor' });
    },
  },
  base64gunzip: {
    fn: (args) => {
      arity(args, 1);
      let out: Buffer;
      try {
        out = zlib.gunzipSync(decodeBase64(asText(args[0])), { maxOutputLength: MAX_DECODED });
      } catch (error) {
        // An unknown value (the browser build cannot gunzip) is not bad data.
        if (error instanceof Stop) throw error;
        return fail('base64gunzip: not gzip data');
      }
      return str(utf8(out, 'the decompressed text'));
    },
  },
  textencodebase64: { fn: (args) => (arity(args, 2), str(encodeText(asText(args[0]), asText(args[1], 'encoding')).toString('base64'))) },
  textdecodebase64: { fn: (args) => (arity(args, 2), str(decodeText(decodeBase64(asText(args[0])), asText(args[1], 'encoding')))) },
  urlencode: { fn: (args) => (arity(args, 1), str(queryEscape(asText(args[0])))) },
  urldecode: { fn: (args) => (arity(args, 1), str(queryUnescape(asText(args[0])))) },
  csvdecode: {
    fn: (args) => {
      arity(args, 1);
      const rows = parseCsv(asText(args[0], 'CSV text'));
      if (rows.length === 0) fail('csvdecode: no header row');
      const [header, ...data] = rows;
      if (new Set(header).size !== header.length) fail('csvdecode: duplicate column name');
      return list(
        data.map((row) => {
          if (row.length !== header.length) fail('csvdecode: a row has the wrong number of fields');
          return object(header.map((h, i) => [h, str(row[i])]));
        }),
      );
    },
  },
  yamldecode: { fn: (args) => (arity(args, 1), yamlDecode(asText(args[0], 'YAML text'))) },
  yamlencode: {
    fn: (args) => {
      arity(args, 1);
      if (isPending(args[0])) pending(args[0]);
      requireKnown(args[0]);
      return str(yamlEncode(args[0]));
    },
  },
};
