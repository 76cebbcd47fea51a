/**
 * Date and time functions over RFC 3339 timestamps, keeping each timestamp's own UTC offset as
 * Terraform does. `timestamp()` and `plantimestamp()` read the clock and are unknown by design.
 */
import { arity, asText, fail, num, Stop, str, type FunctionSpec } from './support';

interface Time {
  /** Milliseconds since the epoch (UTC), fractions kept. */
  epoch: number;
  /** Offset from UTC in minutes; null for `Z`. */
  offset: number | null;
}

function parseTimestamp(text: string): Time {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m) return fail('not an RFC 3339 timestamp');
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > new Date(Date.UTC(year, month, 0)).getUTCDate() ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    fail('not a valid date or time');
  const offset = m[8] === 'Z' ? null : (m[8][0] === '-' ? -1 : 1) * (Number(m[8].slice(1, 3)) * 60 + Number(m[8].slice(4, 6)));
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second, 0);
  const fraction = m[7] ? Number(m[7]) * 1000 : 0;
  return { epoch: utc.getTime() + fraction - (offset ?? 0) * 60_000, offset };
}

/** Broken-down local time of a timestamp in its own offset. */
function fields(t: Time) {
  const d = new Date(Math.floor(t.epoch) + (t.offset ?? 0) * 60_000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth(),
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function offsetText(offset: number | null, colon: boolean): string {
  const o = offset ?? 0;
  const sign = o < 0 ? '-' : '+';
  const a = Math.abs(o);
  return `${sign}${pad(Math.floor(a / 60))}${colon ? ':' : ''}${pad(a % 60)}`;
}

function rfc3339(t: Time): string {
  const f = fields(t);
  return `${pad(f.year, 4)}-${pad(f.month + 1)}-${pad(f.day)}T${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}${t.offset === null ? 'Z' : offsetText(t.offset, true)}`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function formatDate(spec: string, t: Time): string {
  const f = fields(t);
  const hour12 = f.hour % 12 === 0 ? 12 : f.hour % 12;
  const tokens: Record<string, () => string> = {
    YYYY: () => pad(f.year, 4),
    YY: () => pad(f.year % 100),
    MMMM: () => MONTHS[f.month],
    MMM: () => MONTHS[f.month].slice(0, 3),
    MM: () => pad(f.month + 1),
    M: () => String(f.month + 1),
    DD: () => pad(f.day),
    D: () => String(f.day),
    EEEE: () => DAYS[f.weekday],
    EEE: () => DAYS[f.weekday].slice(0, 3),
    hh: () => pad(f.hour),
    h: () => String(f.hour),
    HH: () => pad(hour12),
    H: () => String(hour12),
    AA: () => (f.hour < 12 ? 'AM' : 'PM'),
    aa: () => (f.hour < 12 ? 'am' : 'pm'),
    mm: () => pad(f.minute),
    m: () => String(f.minute),
    ss: () => pad(f.second),
    s: () => String(f.second),
    ZZZZZ: () => offsetText(t.offset, true),
    ZZZZ: () => offsetText(t.offset, false),
    ZZZ: () => (t.offset === null ? 'UTC' : offsetText(t.offset, false)),
    Z: () => (t.offset === null ? 'Z' : offsetText(t.offset, true)),
  };
  let out = '';
  for (let i = 0; i < spec.length; ) {
    const c = spec[i];
    if (c === "'") {
      let j = i + 1;
      let literal = '';
      for (;;) {
        if (j >= spec.length) fail('formatdate: unterminated literal');
        if (spec[j] === "'") {
          if (spec[j + 1] === "'") {
            literal += "'";
            j += 2;
            continue;
          }
          break;
        }
        literal += spec[j++];
      }
      out += i + 1 === j ? "'" : literal;
      i = j + 1;
      continue;
    }
    if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (spec[j] === c) j++;
      const token = spec.slice(i, j);
      const produce = tokens[token];
      if (!produce) fail('formatdate: unsupported format sequence');
      out += produce();
      i = j;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's time.ParseDuration, in milliseconds. */
function parseDuration(text: string): number {
  const m = /^([-+]?)(.*)$/.exec(text)!;
  const body = m[2];
  if (body === '0') return 0;
  if (body === '') fail('invalid duration');
  let total = 0;
  const re = /(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/gy;
  let pos = 0;
  for (let part = re.exec(body); part; part = re.exec(body)) {
    total += Number(part[1]) * UNITS[part[2]];
    pos = re.lastIndex;
  }
  if (pos !== body.length) fail('invalid duration');
  return m[1] === '-' ? -total : total;
}

function clock(name: string): FunctionSpec {
  return {
    fn: (args) => {
      arity(args, 0);
      throw new Stop({ kind: 'unknown', reason: `${name}() reads the clock at plan or apply time` });
    },
  };
}

/** Date and time functions by name. */
export const DATETIME_FUNCTIONS: Record<string, FunctionSpec> = {
  timestamp: clock('timestamp'),
  plantimestamp: clock('plantimestamp'),
  formatdate: { fn: (args) => (arity(args, 2), str(formatDate(asText(args[0], 'format'), parseTimestamp(asText(args[1], 'timestamp'))))) },
  timeadd: {
    fn: (args) => {
      arity(args, 2);
      const t = parseTimestamp(asText(args[0], 'timestamp'));
      return str(rfc3339({ epoch: t.epoch + parseDuration(asText(args[1], 'duration')), offset: t.offset }));
    },
  },
  timecmp: {
    fn: (args) => {
      arity(args, 2);
      const a = parseTimestamp(asText(args[0], 'timestamp')).epoch;
      const b = parseTimestamp(asText(args[1], 'timestamp')).epoch;
      return num(a < b ? -1 : a > b ? 1 : 0);
    },
  },
};
