/**
 * nacl-https: network ACLs are stateless and checked by rule number (first match wins, implicit
 * deny). The task subnets' ACLs must let TCP 443 out and TCP 1024-65535 (the answers) in, to and
 * from the endpoint subnets and S3; the endpoint subnets' ACLs the reverse. Traffic inside one
 * subnet does not cross its ACL, so only pairs of different subnets are checked.
 */
import type { Ipv4Range } from '../aws-semantics/cidr';
import { parseIpv4Cidr } from '../aws-semantics/cidr';
import {
  EPHEMERAL_PORTS,
  evaluateNetworkAcl,
  HTTPS_PORT,
  type NetworkAclEntryInfo,
  type NetworkAclInfo,
  type PortRange,
} from '../aws-semantics/networkAcls';
import type { ResourceInstance } from '../model/config';
import { entryKey, NetworkAcls, type TerraformNetworkAcl } from '../model/nacl';
import { asString } from '../model/values';
import type { Workload } from '../model/workloads';
import { describe, privateWorkloads } from './helpers';
import { doubtKey, subnetRange, touchesPublicSpace, usedInterfaceEndpoints, type Doubt } from './network-helpers';
import { defineRule } from './types';
import { nameValue } from './undecided';

/** IPv4 space outside the private (RFC 1918) ranges: where S3's addresses are. */
const PUBLIC_SPACE: Ipv4Range[] = [
  ['0.0.0.0', '9.255.255.255'],
  ['11.0.0.0', '172.15.255.255'],
  ['172.32.0.0', '192.167.255.255'],
  ['192.169.0.0', '255.255.255.255'],
].map(([first, last]) => ({ first: parseIpv4Cidr(first)!.first, last: parseIpv4Cidr(last)!.first }));

/** The side of the connection a subnet is on, and what is checked in its ACL. */
type CheckKind = 'taskOutbound' | 'taskInbound' | 'endpointInbound' | 'endpointOutbound';

const CHECKS: Record<CheckKind, { direction: 'ingress' | 'egress'; ports: PortRange }> = {
  taskOutbound: { direction: 'egress', ports: HTTPS_PORT },
  taskInbound: { direction: 'ingress', ports: EPHEMERAL_PORTS },
  endpointInbound: { direction: 'ingress', ports: HTTPS_PORT },
  endpointOutbound: { direction: 'egress', ports: EPHEMERAL_PORTS },
};

/** Who is on the other side. */
interface AclPeer {
  /** `endpoint subnet aws_subnet.a (10.0.1.0/24)` or `S3 (public addresses)`. */
  label: string;
  /** What the rule to add should name: a CIDR, or 0.0.0.0/0 for S3. */
  cidr: string;
  ranges: Ipv4Range[];
  s3: boolean;
}

function coversPorts(entry: NetworkAclEntryInfo, ports: PortRange): boolean {
  if (entry.fromPort === null || entry.toPort === null) return true;
  return entry.fromPort <= ports.from && ports.to <= entry.toPort;
}

function isTcp(entry: NetworkAclEntryInfo): boolean {
  return ['-1', 'all', 'tcp', '6'].includes(entry.protocol);
}

/**
 * True when some allow entry could pass part of the public space on the ports, i.e. it is not wholly
 * shadowed by a lower-numbered deny. S3's ranges are not known here, so such an ACL is left alone.
 */
function somePublicAllowed(info: NetworkAclInfo, direction: 'ingress' | 'egress', ports: PortRange): boolean {
  const entries = info.entries
    .filter((e) => e.egress === (direction === 'egress') && isTcp(e) && e.cidr !== null)
    .sort((a, b) => a.ruleNumber - b.ruleNumber);
  for (const entry of entries) {
    if (entry.action !== 'allow') continue;
    const range = parseIpv4Cidr(entry.cidr!);
    if (!range || !touchesPublicSpace(range)) continue;
    if (entry.fromPort !== null && entry.toPort !== null && (entry.toPort < ports.from || entry.fromPort > ports.to)) continue;
    const shadowed = entries.some((deny) => {
      if (deny.action !== 'deny' || deny.ruleNumber >= entry.ruleNumber) return false;
      const denyRange = parseIpv4Cidr(deny.cidr!);
      return !!denyRange && denyRange.first <= range.first && range.last <= denyRange.last && coversPorts(deny, ports);
    });
    if (!shadowed) return true;
  }
  return false;
}

/** The rule. */
export const naclHttps = defineRule({
  meta: {
    id: 'nacl-https',
    title: 'Network ACLs pass HTTPS and its answers',
    description:
      'Network ACLs are stateless and evaluated by rule number with an implicit deny. The task subnets\u2019 ACLs must allow outbound TCP 443 and inbound TCP 1024-65535 to and from the endpoint subnets and S3; the endpoint subnets\u2019 ACLs must allow inbound TCP 443 from the task subnets and outbound TCP 1024-65535 back to them.',
    defaultSeverity: 'error',
    fixable: false,
    messages: {
      taskOutbound:
        '{{acl}} blocks the tasks\u2019 outbound HTTPS. ' +
        '{{acl}}, the network ACL of task subnet {{subnet}}, does not allow outbound TCP 443 to {{peer}}: {{sample}} is stopped by {{by}}. Tasks of {{service}} cannot reach {{what}} ("dial tcp <ip>:443: i/o timeout"). Allow outbound TCP 443 to {{cidr}} with a rule numbered below any deny that matches.',
      taskInbound:
        '{{acl}} drops the answers to the tasks. ' +
        '{{acl}}, the network ACL of task subnet {{subnet}}, does not allow inbound TCP 1024-65535 from {{peer}}: {{sample}} is stopped by {{by}}. Network ACLs are stateless, so the answers from {{what}} to the tasks of {{service}} are dropped. Allow inbound TCP 1024-65535 from {{cidr}} with a rule numbered below any deny that matches.',
      endpointInbound:
        '{{acl}} blocks HTTPS into the endpoint subnet. ' +
        '{{acl}}, the network ACL of endpoint subnet {{subnet}}, does not allow inbound TCP 443 from {{peer}}: {{sample}} is stopped by {{by}}. Tasks of {{service}} cannot reach {{what}} there ("dial tcp <private ip>:443: i/o timeout"). Allow inbound TCP 443 from {{cidr}} with a rule numbered below any deny that matches.',
      endpointOutbound:
        '{{acl}} drops the endpoints\u2019 answers. ' +
        '{{acl}}, the network ACL of endpoint subnet {{subnet}}, does not allow outbound TCP 1024-65535 to {{peer}}: {{sample}} is stopped by {{by}}. Network ACLs are stateless, so the answers of {{what}} to the tasks of {{service}} are dropped. Allow outbound TCP 1024-65535 to {{cidr}} with a rule numbered below any deny that matches.',
      undecided:
        'Network ACL of {{subnet}} not decided. ' +
        'Whether the network ACLs of {{subnets}} pass HTTPS and its answers for the tasks of {{service}} is not known here: {{reason}}. A network ACL that drops them makes the pull time out ("dial tcp <ip>:443: i/o timeout"); run "Private ECR: Verify Private ECR Access" against the live VPC.',
    },
  },
  check(context) {
    const acls = new NetworkAcls(context.configuration, context.network);
    const reported = new Set<string>();
    // One info per cause: the value that kept an ACL from being known, at the first subnet it leaves open.
    const undecided = new Map<string, { doubt: Doubt; workload: Workload; subnets: ResourceInstance[] }>();

    const checkSubnet = (workload: Workload, subnet: ResourceInstance, kind: CheckKind, peer: AclPeer, what: string): void => {
      const found = acls.forSubnet(subnet);
      if (found.kind === 'unknown') {
        const named = found.named;
        const reason = named ? named.reason(nameValue(context, named.resource, named.attribute)) : found.reason;
        const doubt = { reason, location: found.location };
        const entry = undecided.get(doubtKey(doubt)) ?? { doubt, workload, subnets: [] };
        if (!entry.subnets.includes(subnet)) entry.subnets.push(subnet);
        undecided.set(doubtKey(doubt), entry);
      }
      if (found.kind !== 'managed') return;
      const acl: TerraformNetworkAcl = found.acl;
      const key = `${acl.resource.fullAddress}|${kind}|${peer.s3 ? 's3' : 'subnets'}`;
      if (reported.has(key)) return;
      const { direction, ports } = CHECKS[kind];
      const verdict = evaluateNetworkAcl(acl.info, direction, peer.ranges, ports);
      if (verdict.allowed) return;
      if (peer.s3 && somePublicAllowed(acl.info, direction, ports)) return;
      reported.add(key);
      const source =
        verdict.denyingRuleNumber === null ? undefined : acl.sources.get(entryKey(direction === 'egress', verdict.denyingRuleNumber));
      context.report({
        messageId: kind,
        data: {
          acl: acl.resource.fullAddress,
          subnet: subnet.fullAddress,
          peer: peer.label,
          sample: verdict.deniedSample ?? '',
          by: verdict.denyingRuleNumber === null ? 'the implicit deny (no rule allows it)' : `rule ${verdict.denyingRuleNumber} (deny)`,
          service: describe(workload.service),
          what,
          cidr: peer.cidr,
        },
        location: source ? source.location : acl.resource.location,
        resource: source ? source.resource : acl.resource,
        related: [
          { location: subnet.location, message: `${kind.startsWith('task') ? 'task' : 'endpoint'} subnet ${subnet.fullAddress}` },
          ...(source ? [{ location: acl.resource.location, message: `network ACL ${acl.resource.fullAddress}` }] : []),
          { location: workload.service.location, message: `tasks of ${describe(workload.service)}` },
        ],
      });
    };

    for (const workload of privateWorkloads(context)) {
      const reach = workload.reach;
      if (reach.kind !== 'private') continue;
      const endpointSubnets: ResourceInstance[] = [];
      for (const { endpoint } of usedInterfaceEndpoints(context, workload)) {
        for (const id of endpoint.subnetIds ?? []) {
          const subnet = context.network.subnet(id);
          if (subnet && !endpointSubnets.includes(subnet)) endpointSubnets.push(subnet);
        }
      }
      const subnetPeer = (subnet: ResourceInstance, role: string): AclPeer | undefined => {
        const range = subnetRange(subnet);
        const cidr = asString(subnet.attr('cidr_block'));
        return range && cidr ? { label: `${role} subnet ${subnet.fullAddress} (${cidr})`, cidr, ranges: [range], s3: false } : undefined;
      };
      const s3Peer: AclPeer = {
        label: 'S3 (public addresses; the gateway endpoint does not bypass network ACLs)',
        cidr: '0.0.0.0/0 (or S3\u2019s address ranges)',
        ranges: PUBLIC_SPACE,
        s3: true,
      };

      for (const taskSubnet of reach.subnets) {
        for (const endpointSubnet of endpointSubnets) {
          if (endpointSubnet === taskSubnet) continue;
          const toEndpoint = subnetPeer(endpointSubnet, 'endpoint');
          if (toEndpoint) {
            checkSubnet(workload, taskSubnet, 'taskOutbound', toEndpoint, 'the interface endpoints');
            checkSubnet(workload, taskSubnet, 'taskInbound', toEndpoint, 'the interface endpoints');
          }
          const fromTasks = subnetPeer(taskSubnet, 'task');
          if (fromTasks) {
            checkSubnet(workload, endpointSubnet, 'endpointInbound', fromTasks, 'the interface endpoints');
            checkSubnet(workload, endpointSubnet, 'endpointOutbound', fromTasks, 'the interface endpoints');
          }
        }
        checkSubnet(workload, taskSubnet, 'taskOutbound', s3Peer, 'S3, where ECR keeps image layers');
        checkSubnet(workload, taskSubnet, 'taskInbound', s3Peer, 'S3');
      }
    }
    for (const { doubt, workload, subnets } of undecided.values()) {
      const subnet = subnets[0];
      context.report({
        messageId: 'undecided',
        severity: 'info',
        data: {
          subnet: subnet.fullAddress,
          subnets: subnets.map((s) => s.fullAddress).join(', '),
          service: describe(workload.service),
          reason: doubt.reason,
        },
        location: doubt.location,
        resource: subnet,
        related: [
          { location: subnet.location, message: `subnet ${subnet.fullAddress}` },
          { location: workload.service.location, message: `tasks of ${describe(workload.service)}` },
        ],
      });
    }
  },
});
