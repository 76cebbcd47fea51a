/** IPv4 CIDR arithmetic for security group and network ACL checks. Addresses are unsigned 32-bit numbers. */

/** An inclusive range of IPv4 addresses. */
export interface Ipv4Range {
  first: number;
  last: number;
}

/** Parses `a.b.c.d/n` (or a bare address as /32); null for IPv6 or malformed text. */
export function parseIpv4Cidr(cidr: string): Ipv4Range | null {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(cidr.trim());
  if (!match) return null;
  const octets = match.slice(1, 5).map(Number);
  if (octets.some((octet) => octet > 255)) return null;
  const prefixLength = match[5] === undefined ? 32 : Number(match[5]);
  if (prefixLength > 32) return null;
  const address = ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
  const blockSize = 2 ** (32 - prefixLength);
  const first = Math.floor(address / blockSize) * blockSize;
  return { first, last: first + blockSize - 1 };
}

/** Formats an address number as dotted quad. */
export function formatIpv4(address: number): string {
  return [address >>> 24, (address >>> 16) & 255, (address >>> 8) & 255, address & 255].join('.');
}

/** True when `outer` contains every address of `inner`. */
export function rangeContains(outer: Ipv4Range, inner: Ipv4Range): boolean {
  return outer.first <= inner.first && inner.last <= outer.last;
}

/** True when every address of `target` lies in at least one of `covering` (their union may be needed). */
export function isRangeCoveredBy(target: Ipv4Range, covering: Ipv4Range[]): boolean {
  const sorted = [...covering].sort((a, b) => a.first - b.first);
  let nextUncovered = target.first;
  for (const range of sorted) {
    if (range.first > nextUncovered) break;
    if (range.last >= nextUncovered) nextUncovered = range.last + 1;
    if (nextUncovered > target.last) return true;
  }
  return nextUncovered > target.last;
}

/** Parses the IPv4 CIDRs of a list, dropping IPv6 and malformed entries. */
export function parseIpv4Cidrs(cidrs: readonly string[]): Ipv4Range[] {
  return cidrs.map(parseIpv4Cidr).filter((range): range is Ipv4Range => range !== null);
}

/** The 4th address of the VPC's primary CIDR (base + 2): the Route 53 Resolver, a.k.a. AmazonProvidedDNS. */
export function amazonDnsAddress(vpcCidr: string): string | null {
  const range = parseIpv4Cidr(vpcCidr);
  return range ? formatIpv4(range.first + 2) : null;
}
