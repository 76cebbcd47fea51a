/**
 * Network ACL evaluation: entries are tried in rule-number order, the first that matches a packet decides,
 * and a packet no entry matches is denied (the `*` rule, which moto omits for custom ACLs, so it is modelled here).
 */
import { formatIpv4, Ipv4Range, parseIpv4Cidr } from './cidr';

/** One network ACL entry. Protocol is the IANA number as a string (`6` TCP) or `-1`. */
export interface NetworkAclEntryInfo {
  ruleNumber: number;
  egress: boolean;
  protocol: string;
  action: 'allow' | 'deny';
  cidr: string | null;
  ipv6Cidr: string | null;
  fromPort: number | null;
  toPort: number | null;
}

/** A network ACL with the subnets it is associated with. */
export interface NetworkAclInfo {
  networkAclId: string;
  vpcId: string;
  isDefault: boolean;
  subnetIds: string[];
  entries: NetworkAclEntryInfo[];
}

/** Inclusive TCP port range. */
export interface PortRange {
  from: number;
  to: number;
}

/** TCP 443: what tasks send to endpoints and S3. */
export const HTTPS_PORT: PortRange = { from: 443, to: 443 };

/** The ephemeral ports the answers come back to (the range AWS recommends opening in network ACLs). */
export const EPHEMERAL_PORTS: PortRange = { from: 1024, to: 65535 };

/** The outcome of one direction of TCP traffic through one ACL. */
export interface NetworkAclVerdict {
  allowed: boolean;
  /** The rule number that denies part of the traffic, or null for the implicit deny. Null when allowed. */
  denyingRuleNumber: number | null;
  /** A sample of the denied traffic, e.g. `10.0.2.0-10.0.2.255 port 1024-2047`. Null when allowed. */
  deniedSample: string | null;
}

const tcpProtocolNumber = '6';

function entryMatchesTcp(entry: NetworkAclEntryInfo): boolean {
  const protocol = entry.protocol.toLowerCase();
  return protocol === '-1' || protocol === 'all' || protocol === tcpProtocolNumber || protocol === 'tcp';
}

function entryPorts(entry: NetworkAclEntryInfo): PortRange {
  const protocol = entry.protocol.toLowerCase();
  if (protocol === '-1' || protocol === 'all') return { from: 0, to: 65535 };
  return { from: entry.fromPort ?? 0, to: entry.toPort ?? 65535 };
}

/** Splits [first, last] at every boundary that falls inside it; each piece is either inside or outside every rule. */
function elementaryPieces(first: number, last: number, boundaries: number[]): Array<[number, number]> {
  const cuts = [...new Set(boundaries.filter((value) => value > first && value <= last))].sort((a, b) => a - b);
  const pieces: Array<[number, number]> = [];
  let start = first;
  for (const cut of cuts) {
    pieces.push([start, cut - 1]);
    start = cut;
  }
  pieces.push([start, last]);
  return pieces;
}

/**
 * Decides whether every TCP packet between the subnet and `peers` on `ports` passes the ACL in one direction.
 * Exact: address and port space are cut into pieces no rule boundary crosses, and each piece is judged on its own.
 */
export function evaluateNetworkAcl(
  acl: NetworkAclInfo,
  direction: 'egress' | 'ingress',
  peers: Ipv4Range[],
  ports: PortRange,
): NetworkAclVerdict {
  const rules = acl.entries
    .filter((entry) => entry.egress === (direction === 'egress') && entryMatchesTcp(entry) && entry.cidr !== null)
    .map((entry) => ({ entry, range: parseIpv4Cidr(entry.cidr as string), ports: entryPorts(entry) }))
    .filter((rule): rule is { entry: NetworkAclEntryInfo; range: Ipv4Range; ports: PortRange } => rule.range !== null)
    .sort((a, b) => a.entry.ruleNumber - b.entry.ruleNumber);
  const addressBoundaries = rules.flatMap((rule) => [rule.range.first, rule.range.last + 1]);
  const portBoundaries = rules.flatMap((rule) => [rule.ports.from, rule.ports.to + 1]);
  const portPieces = elementaryPieces(ports.from, ports.to, portBoundaries);
  for (const peer of peers) {
    for (const [firstAddress, lastAddress] of elementaryPieces(peer.first, peer.last, addressBoundaries)) {
      for (const [firstPort, lastPort] of portPieces) {
        const decidingRule = rules.find(
          (rule) =>
            rule.range.first <= firstAddress &&
            firstAddress <= rule.range.last &&
            rule.ports.from <= firstPort &&
            firstPort <= rule.ports.to,
        );
        // Rule 32767 is AWS's own catch-all deny (listed for default ACLs); report it as the implicit deny.
        if (decidingRule?.entry.action === 'allow') continue;
        const denyingRuleNumber = decidingRule && decidingRule.entry.ruleNumber !== 32767 ? decidingRule.entry.ruleNumber : null;
        const addresses =
          firstAddress === lastAddress ? formatIpv4(firstAddress) : `${formatIpv4(firstAddress)}-${formatIpv4(lastAddress)}`;
        const portText = firstPort === lastPort ? `${firstPort}` : `${firstPort}-${lastPort}`;
        return { allowed: false, denyingRuleNumber, deniedSample: `${addresses} port ${portText}` };
      }
    }
  }
  return { allowed: true, denyingRuleNumber: null, deniedSample: null };
}

/** The ACL a subnet uses: its explicit association, else the VPC's default ACL. */
export function networkAclForSubnet(subnetId: string, acls: NetworkAclInfo[]): NetworkAclInfo | null {
  return acls.find((acl) => acl.subnetIds.includes(subnetId)) ?? acls.find((acl) => acl.isDefault) ?? null;
}
