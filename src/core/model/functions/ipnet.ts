/**
 * IP network functions for IPv4 and IPv6 (addresses as BigInt): cidrhost, cidrnetmask,
 * cidrsubnet, cidrsubnets (allocated as Terraform does, each subnet after the previous one,
 * aligned), and OpenTofu's cidrcontains. Addresses print as Go's `net.IP` prints them.
 */
import { arity, asInt, asText, fail, list, str, type FunctionSpec } from './support';

interface Prefix {
  /** The address as written (host bits kept). */
  address: bigint;
  bits: number;
  v6: boolean;
}

const width = (p: { v6: boolean }) => (p.v6 ? 128 : 32);

function parseV4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let out = 0n;
  for (const part of parts) {
    if (!/^(?:0|[1-9]\d{0,2})$/.test(part) || Number(part) > 255) return undefined;
    out = (out << 8n) + BigInt(part);
  }
  return out;
}

function parseV6(text: string): bigint | undefined {
  let tail: bigint | undefined;
  let body = text;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    tail = parseV4(v4[1]);
    if (tail === undefined) return undefined;
    body = text.slice(0, -v4[1].length) + '0:0';
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] === '' ? [] : halves[0].split(':');
  const rest = halves.length === 2 ? (halves[1] === '' ? [] : halves[1].split(':')) : [];
  const groups = halves.length === 2 ? [...head, ...Array(8 - head.length - rest.length).fill('0'), ...rest] : head;
  if (groups.length !== 8 || (halves.length === 2 && head.length + rest.length > 7)) return undefined;
  let out = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    out = (out << 16n) + BigInt(parseInt(g, 16));
  }
  if (tail !== undefined) out = (out & ~0xffffffffn) | tail;
  return out;
}

function parsePrefix(text: string): Prefix {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text);
  if (!m) return fail('not a CIDR prefix');
  const v6 = m[1].includes(':');
  const address = v6 ? parseV6(m[1]) : parseV4(m[1]);
  const bits = Number(m[2]);
  if (address === undefined || bits > (v6 ? 128 : 32)) return fail('not a valid CIDR prefix');
  return { address, bits, v6 };
}

function networkOf(p: Prefix): bigint {
  const hostBits = BigInt(width(p) - p.bits);
  return (p.address >> hostBits) << hostBits;
}

function formatAddress(address: bigint, v6: boolean): string {
  if (!v6) return [24n, 16n, 8n, 0n].map((s) => String((address >> s) & 255n)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => Number((address >> BigInt(112 - 16 * i)) & 0xffffn));
  if (groups.slice(0, 6).every((g, i) => (i < 5 ? g === 0 : g === 0xffff))) return formatAddress(address & 0xffffffffn, false);
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return hex.slice(0, bestStart).join(':') + '::' + hex.slice(bestStart + bestLength).join(':');
}

const MAPPED_V4 = 0xffffn << 32n;

function cidrText(address: bigint, bits: number, v6: boolean): string {
  // Go prints an IPv4-mapped IPv6 prefix (::ffff:a.b.c.d/n, n >= 96) as the IPv4 prefix.
  if (v6 && bits >= 96 && address >> 32n === 0xffffn) return `${formatAddress(address - MAPPED_V4, false)}/${bits - 96}`;
  return `${formatAddress(address, v6)}/${bits}`;
}

function subnet(prefix: Prefix, newbits: number, netnum: bigint): string {
  const bits = prefix.bits + newbits;
  if (newbits < 0) fail('cidrsubnet: newbits must not be negative');
  if (bits > width(prefix)) fail('cidrsubnet: not enough address bits for the new prefix');
  if (netnum < 0n || netnum >= 1n << BigInt(newbits)) fail('cidrsubnet: netnum does not fit in newbits');
  return cidrText(networkOf(prefix) + (netnum << BigInt(width(prefix) - bits)), bits, prefix.v6);
}

/** IP network functions by name. */
export const IPNET_FUNCTIONS: Record<string, FunctionSpec> = {
  cidrsubnet: {
    fn: (args) => {
      arity(args, 3);
      return str(subnet(parsePrefix(asText(args[0], 'prefix')), asInt(args[1], 'newbits'), BigInt(asInt(args[2], 'netnum'))));
    },
  },
  cidrsubnets: {
    fn: (args) => {
      if (args.length < 1) fail('cidrsubnets needs a prefix');
      const prefix = parsePrefix(asText(args[0], 'prefix'));
      const start = networkOf(prefix);
      const end = start + (1n << BigInt(width(prefix) - prefix.bits)) - 1n;
      let currentLast = start - 1n;
      const out = args.slice(1).map((a) => {
        const newbits = asInt(a, 'newbits');
        if (newbits < 1) fail('cidrsubnets: each newbits must be at least 1');
        const bits = prefix.bits + newbits;
        if (bits > width(prefix)) fail('cidrsubnets: not enough address bits');
        const size = 1n << BigInt(width(prefix) - bits);
        const next = ((currentLast + size) / size) * size;
        if (next < start || next + size - 1n > end) fail('cidrsubnets: not enough remaining address space');
        currentLast = next + size - 1n;
        return str(cidrText(next, bits, prefix.v6));
      });
      return list(out);
    },
  },
  cidrhost: {
    fn: (args) => {
      arity(args, 2);
      const prefix = parsePrefix(asText(args[0], 'prefix'));
      const hostnum = BigInt(asInt(args[1], 'hostnum'));
      const size = 1n << BigInt(width(prefix) - prefix.bits);
      const offset = hostnum < 0n ? size + hostnum : hostnum;
      if (offset < 0n || offset >= size) fail('cidrhost: host number out of range');
      return str(formatAddress(networkOf(prefix) + offset, prefix.v6));
    },
  },
  cidrnetmask: {
    fn: (args) => {
      arity(args, 1);
      const prefix = parsePrefix(asText(args[0], 'prefix'));
      if (prefix.v6) fail('cidrnetmask works on IPv4 prefixes only');
      const mask = prefix.bits === 0 ? 0n : ((1n << BigInt(prefix.bits)) - 1n) << BigInt(32 - prefix.bits);
      return str(formatAddress(mask, false));
    },
  },
  cidrcontains: {
    fn: (args) => {
      arity(args, 2);
      const prefix = parsePrefix(asText(args[0], 'prefix'));
      const text = asText(args[1], 'address');
      const inner = text.includes('/')
        ? parsePrefix(text)
        : {
            address: (text.includes(':') ? parseV6(text) : parseV4(text)) ?? fail('not an IP address'),
            bits: text.includes(':') ? 128 : 32,
            v6: text.includes(':'),
          };
      if (inner.v6 !== prefix.v6) fail('cidrcontains: mixed IPv4 and IPv6');
      const start = networkOf(prefix);
      const end = start + (1n << BigInt(width(prefix) - prefix.bits)) - 1n;
      const innerStart = networkOf(inner);
      const innerEnd = innerStart + (1n << BigInt(width(inner) - inner.bits)) - 1n;
      return { kind: 'bool', value: inner.bits >= prefix.bits && innerStart >= start && innerEnd <= end };
    },
  },
};
