/** Numeric functions: abs, ceil, floor, log, max, min, parseint, pow, signum. */
import { arity, asInt, asNum, asText, fail, num, type FunctionSpec } from './support';

function unary(fn: (n: number) => number): FunctionSpec {
  return {
    fn: (args) => {
      arity(args, 1);
      return num(fn(asNum(args[0], 'number')));
    },
  };
}

function extreme(pick: (a: number, b: number) => number): FunctionSpec {
  return {
    fn: (args) => {
      if (args.length === 0) fail('needs at least one number');
      return num(args.map((a) => asNum(a, 'number')).reduce((a, b) => pick(a, b)));
    },
  };
}

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Numeric functions by name. */
export const NUMERIC_FUNCTIONS: Record<string, FunctionSpec> = {
  abs: unary(Math.abs),
  ceil: unary(Math.ceil),
  floor: unary(Math.floor),
  signum: {
    fn: (args) => {
      arity(args, 1);
      const n = asInt(args[0], 'number');
      return num(n > 0 ? 1 : n < 0 ? -1 : 0);
    },
  },
  log: {
    fn: (args) => {
      arity(args, 2);
      const n = asNum(args[0], 'number');
      const base = asNum(args[1], 'base');
      const result = Math.log(n) / Math.log(base);
      if (Number.isNaN(result)) fail('log of a negative number');
      if (!Number.isFinite(result)) fail('log result is infinite');
      return num(result);
    },
  },
  pow: {
    fn: (args) => {
      arity(args, 2);
      const result = Math.pow(asNum(args[0], 'base'), asNum(args[1], 'exponent'));
      if (!Number.isFinite(result)) fail('pow result is not a finite number');
      return num(result);
    },
  },
  max: extreme(Math.max),
  min: extreme(Math.min),
  parseint: {
    fn: (args) => {
      arity(args, 2);
      const text = asText(args[0], 'number text');
      const base = asInt(args[1], 'base');
      if (base < 2 || base > 62) fail('base must be a whole number between 2 and 62');
      const m = /^([-+]?)(.+)$/.exec(text);
      if (!m || m[2] === '') fail('not a number in that base');
      const digits = base <= 36 ? m[2].toLowerCase() : m[2];
      const alphabet = base <= 36 ? DIGITS : '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
      let value = 0n;
      for (const c of digits) {
        const d = alphabet.indexOf(c);
        if (d < 0 || d >= base) fail('not a number in that base');
        value = value * BigInt(base) + BigInt(d);
      }
      return num(Number(m[1] === '-' ? -value : value));
    },
  },
};
