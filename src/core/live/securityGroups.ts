/**
 * Security group evaluation. Groups only allow, rules of all groups on an interface add up, and answers to
 * allowed connections pass back automatically, so one direction per hop is enough.
 */
import { Ipv4Range, isRangeCoveredBy, parseIpv4Cidr, parseIpv4Cidrs } from '../aws-semantics/cidr';
import { renderLive } from '../l10n/live-format';
import { lt, type LiveText } from '../l10n/live-messages';
import type { SecurityGroupInfo, SecurityGroupPermission } from './types';

/** True when the permission admits TCP on `port` (protocol all, or TCP with the port in range). */
export function permissionAllowsTcpPort(permission: SecurityGroupPermission, port: number): boolean {
  const protocol = permission.protocol.toLowerCase();
  if (protocol === '-1' || protocol === 'all') return true;
  if (protocol !== 'tcp' && protocol !== '6') return false;
  const from = permission.fromPort ?? 0;
  const to = permission.toPort ?? 65535;
  return from <= port && port <= to;
}

/** Who is on the other side of a hop: members of some groups, and/or addresses. */
export interface SecurityGroupPeer {
  /** Groups the peer's network interfaces carry: a rule naming any of them matches. */
  groupIds: string[];
  /** Address ranges the peer may use: rules must cover every one (a rule may cover part, another the rest). */
  ranges: Ipv4Range[];
  /** A prefix list id that stands for the peer (the S3 prefix list): a rule naming it matches. */
  prefixListId?: string | null;
}

/** How a set of groups treats the peer. `needsPrefixLists` lists customer prefix lists whose CIDRs would decide. */
export interface SecurityGroupVerdict {
  allowed: boolean;
  /** The group id and rule text that admitted the traffic, for the "passed" reason. */
  allowedBy: string | null;
  /** The live message `allowedBy` was rendered from. */
  allowedByText: LiveText | null;
  /** Prefix lists referenced by matching rules whose entries were not given; reading them might change a "no". */
  needsPrefixLists: string[];
}

function describePermission(groupId: string, permission: SecurityGroupPermission, peer: string): LiveText {
  const from = permission.fromPort ?? 0;
  const to = permission.toPort ?? 65535;
  const ports = permission.protocol === '-1' ? lt('sg.allTraffic') : `TCP ${from === to ? from : `${from}-${to}`}`;
  return lt('sg.permission', { group: groupId, ports, peer });
}

/** An allowing verdict: the rule that admitted the traffic, in English and as its message. */
function allowedBy(text: LiveText | null): SecurityGroupVerdict {
  return { allowed: true, allowedBy: text ? renderLive(text, 'en') : null, allowedByText: text, needsPrefixLists: [] };
}

/**
 * Decides whether the rules of `groups` in `direction` admit TCP `port` to/from `peer`.
 * `prefixListCidrs` gives known entries of customer prefix lists so their rules can count as CIDRs.
 */
export function evaluateSecurityGroups(
  groups: SecurityGroupInfo[],
  direction: 'ingress' | 'egress',
  port: number,
  peer: SecurityGroupPeer,
  prefixListCidrs: ReadonlyMap<string, string[]> = new Map(),
): SecurityGroupVerdict {
  const coveringRanges: Ipv4Range[] = [];
  const needsPrefixLists = new Set<string>();
  let firstCidrRule: LiveText | null = null;
  for (const group of groups) {
    for (const permission of direction === 'ingress' ? group.ingress : group.egress) {
      if (!permissionAllowsTcpPort(permission, port)) continue;
      const matchedGroup = permission.groupIds.find((groupId) => peer.groupIds.includes(groupId));
      if (matchedGroup) {
        return allowedBy(describePermission(group.groupId, permission, matchedGroup));
      }
      if (peer.prefixListId && permission.prefixListIds.includes(peer.prefixListId)) {
        return allowedBy(describePermission(group.groupId, permission, peer.prefixListId));
      }
      const ranges = parseIpv4Cidrs(permission.cidrs);
      for (const prefixListId of permission.prefixListIds) {
        const cidrs = prefixListCidrs.get(prefixListId);
        if (cidrs) ranges.push(...parseIpv4Cidrs(cidrs));
        else if (prefixListId !== peer.prefixListId) needsPrefixLists.add(prefixListId);
      }
      if (ranges.length > 0) {
        coveringRanges.push(...ranges);
        firstCidrRule ??= describePermission(group.groupId, permission, [...permission.cidrs, ...permission.prefixListIds].join(', '));
      }
    }
  }
  if (peer.ranges.length > 0 && peer.ranges.every((range) => isRangeCoveredBy(range, coveringRanges))) {
    return allowedBy(firstCidrRule);
  }
  return { allowed: false, allowedBy: null, allowedByText: null, needsPrefixLists: [...needsPrefixLists] };
}

/** The range of 0.0.0.0/0, which covers any IPv4 peer. */
export const ANY_IPV4: Ipv4Range = parseIpv4Cidr('0.0.0.0/0') as Ipv4Range;
