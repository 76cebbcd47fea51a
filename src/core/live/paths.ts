/**
 * The hop-by-hop path from the tasks to each needed service: task security group egress, network ACLs, route
 * tables, the endpoint (state, private DNS, subnets), the endpoint security group and the endpoint policy.
 */
import type { Severity } from '../findings';
import { Ipv4Range, parseIpv4Cidr, parseIpv4Cidrs } from '../aws-semantics/cidr';
import {
  CheckContext,
  ecrPullActions,
  endpointServiceMatches,
  hop,
  list,
  missingCidrFailure,
  pickEndpoint,
  prefixListCidrMap,
  serviceNameFor,
  statusOf,
  subnetOf,
  unknownStep,
} from './context';
import { ecrRepositoryArn } from '../aws-semantics/images';
import type { ServiceNeed } from './needs';
import {
  evaluateNetworkAcl,
  EPHEMERAL_PORTS,
  HTTPS_PORT,
  NetworkAclInfo,
  networkAclForSubnet,
  PortRange,
} from '../aws-semantics/networkAcls';
import { evaluatePolicies, isFullAccessPolicy, LabelledPolicy, parsePolicyDocument, PolicyRequest } from '../aws-semantics/policy';
import type { ApiFailure, PathHop, ScopeResult, ServicePathResult } from './result';
import { routeTableForSubnet } from './routes';
import { ANY_IPV4, evaluateSecurityGroups, SecurityGroupPeer } from './securityGroups';
import { settle, Settled } from './settled';
import type { RouteTableInfo, SubnetInfo, VpcEndpointInfo } from './types';

async function taskEgressHop(
  context: CheckContext,
  peer: SecurityGroupPeer,
  destination: string,
  fix: string,
  cidrFailure: ApiFailure | null = null,
): Promise<PathHop> {
  const title = 'Task security group egress';
  const taskGroupIds = context.taskSecurityGroupIds;
  const resource = taskGroupIds?.[0] ?? context.target.vpcId;
  if (!context.securityGroups.ok)
    return hop('task-sg-egress', unknownStep('task-sg-egress', title, resource, context.securityGroups.failure));
  if (!taskGroupIds) {
    return hop('task-sg-egress', {
      ruleId: 'task-sg-egress',
      status: 'unknown',
      severity: 'error',
      title,
      resource,
      reason: context.target.securityGroupsUnknown
        ? `The security groups of task ${context.target.taskArn?.split('/').pop()} are unknown: its network interface is gone (the task stopped) and no service names them.`
        : `The VPC default security group of ${context.target.vpcId} was not found, so the tasks' groups are unknown.`,
      fix: null,
    });
  }
  const groups = context.securityGroups.value.filter((group) => taskGroupIds.includes(group.groupId));
  let verdict = evaluateSecurityGroups(groups, 'egress', 443, peer);
  if (!verdict.allowed && verdict.needsPrefixLists.length > 0) {
    const { map, failure } = await prefixListCidrMap(context, verdict.needsPrefixLists);
    verdict = evaluateSecurityGroups(groups, 'egress', 443, peer, map);
    if (!verdict.allowed && failure) return hop('task-sg-egress', unknownStep('task-sg-egress', title, resource, failure));
  }
  const groupText = context.target.usesDefaultSecurityGroup
    ? `${list(taskGroupIds)} (the VPC default group: the tasks name none)`
    : list(taskGroupIds);
  if (!verdict.allowed && cidrFailure) return hop('task-sg-egress', unknownStep('task-sg-egress', title, resource, cidrFailure));
  if (verdict.allowed) {
    return hop('task-sg-egress', {
      ruleId: 'task-sg-egress',
      status: 'passed',
      severity: 'error',
      title,
      resource,
      reason: `Outbound TCP 443 to ${destination} is allowed by ${verdict.allowedBy}.`,
      fix: null,
    });
  }
  return hop('task-sg-egress', {
    ruleId: 'task-sg-egress',
    status: 'failed',
    severity: 'error',
    title,
    resource,
    reason: `The task security groups ${groupText} allow no outbound TCP 443 to ${destination}.`,
    fix,
  });
}

async function endpointIngressHop(
  context: CheckContext,
  endpoint: VpcEndpointInfo,
  taskRanges: Ipv4Range[],
  taskSubnetText: string,
  cidrFailure: ApiFailure | null,
): Promise<PathHop> {
  const title = 'Endpoint security group ingress';
  const usesDefaultGroup = endpoint.securityGroupIds.length === 0;
  const endpointGroupIds = usesDefaultGroup
    ? context.defaultSecurityGroupId
      ? [context.defaultSecurityGroupId]
      : []
    : endpoint.securityGroupIds;
  const resource = endpointGroupIds[0] ?? endpoint.vpcEndpointId;
  if (!context.securityGroups.ok)
    return hop('endpoint-sg-ingress', unknownStep('endpoint-sg-ingress', title, resource, context.securityGroups.failure));
  const groups = context.securityGroups.value.filter((group) => endpointGroupIds.includes(group.groupId));
  const peer: SecurityGroupPeer = { groupIds: context.taskSecurityGroupIds ?? [], ranges: taskRanges };
  let verdict = evaluateSecurityGroups(groups, 'ingress', 443, peer);
  if (!verdict.allowed && verdict.needsPrefixLists.length > 0) {
    const { map, failure } = await prefixListCidrMap(context, verdict.needsPrefixLists);
    verdict = evaluateSecurityGroups(groups, 'ingress', 443, peer, map);
    if (!verdict.allowed && failure) return hop('endpoint-sg-ingress', unknownStep('endpoint-sg-ingress', title, resource, failure));
  }
  const groupText = usesDefaultGroup
    ? `${list(endpointGroupIds)} (the VPC default group, used because the endpoint names no security group)`
    : list(endpointGroupIds);
  if (!verdict.allowed && cidrFailure) return hop('endpoint-sg-ingress', unknownStep('endpoint-sg-ingress', title, resource, cidrFailure));
  if (verdict.allowed) {
    return hop('endpoint-sg-ingress', {
      ruleId: 'endpoint-sg-ingress',
      status: 'passed',
      severity: 'error',
      title,
      resource,
      reason: `Inbound TCP 443 from the tasks is allowed by ${verdict.allowedBy}.`,
      fix: null,
    });
  }
  const taskGroups = list(context.taskSecurityGroupIds ?? []);
  return hop('endpoint-sg-ingress', {
    ruleId: 'endpoint-sg-ingress',
    status: 'failed',
    severity: 'error',
    title,
    resource,
    reason: `Endpoint security group ${groupText} admits no inbound TCP 443 from the tasks (security groups ${taskGroups}; subnets ${taskSubnetText}).`,
    fix: usesDefaultGroup
      ? `Give ${endpoint.vpcEndpointId} its own security group with an ingress rule TCP 443 from ${taskGroups} (or the task subnets' CIDRs).`
      : `Add an ingress rule TCP 443 from security group ${taskGroups} (or the task subnets' CIDRs) to ${resource}.`,
  });
}

interface AclRequirement {
  acl: NetworkAclInfo;
  direction: 'egress' | 'ingress';
  ports: PortRange;
  peers: Ipv4Range[];
  peerText: string[];
}

function describeRequirement(requirement: AclRequirement): string {
  const portText =
    requirement.ports.from === requirement.ports.to
      ? `TCP ${requirement.ports.from}`
      : `TCP ${requirement.ports.from}-${requirement.ports.to}`;
  return `${requirement.direction === 'egress' ? 'outbound' : 'inbound'} ${portText} ${requirement.direction === 'egress' ? 'to' : 'from'} ${[...new Set(requirement.peerText)].join(', ')}`;
}

function addRequirement(
  requirements: AclRequirement[],
  acl: NetworkAclInfo,
  direction: 'egress' | 'ingress',
  ports: PortRange,
  peer: Ipv4Range,
  peerText: string,
) {
  const existing = requirements.find(
    (item) => item.acl.networkAclId === acl.networkAclId && item.direction === direction && item.ports === ports,
  );
  if (existing) {
    existing.peers.push(peer);
    existing.peerText.push(peerText);
  } else {
    requirements.push({ acl, direction, ports, peers: [peer], peerText: [peerText] });
  }
}

function aclHops(requirements: AclRequirement[]): PathHop[] {
  const byAcl = new Map<string, AclRequirement[]>();
  for (const requirement of requirements)
    byAcl.set(requirement.acl.networkAclId, [...(byAcl.get(requirement.acl.networkAclId) ?? []), requirement]);
  const hops: PathHop[] = [];
  for (const [aclId, aclRequirements] of byAcl) {
    const failures: string[] = [];
    const fixes: string[] = [];
    for (const requirement of aclRequirements) {
      const verdict = evaluateNetworkAcl(requirement.acl, requirement.direction, requirement.peers, requirement.ports);
      if (verdict.allowed) continue;
      const cause =
        verdict.denyingRuleNumber === null
          ? `no rule allows ${verdict.deniedSample}, so the implicit deny applies`
          : `rule ${verdict.denyingRuleNumber} denies ${verdict.deniedSample}`;
      failures.push(`${describeRequirement(requirement)} (${cause})`);
      fixes.push(
        `an ${requirement.direction === 'egress' ? 'outbound' : 'inbound'} allow rule for ${describeRequirement(requirement).replace(/^(outbound|inbound) /, '')} numbered before any deny`,
      );
    }
    hops.push(
      hop('network-acl', {
        ruleId: 'nacl-https',
        status: failures.length > 0 ? 'failed' : 'passed',
        severity: 'error',
        title: 'Network ACL',
        resource: aclId,
        reason:
          failures.length > 0
            ? `Network ACL ${aclId} blocks ${failures.join('; ')}.`
            : `Network ACL ${aclId} allows ${aclRequirements.map(describeRequirement).join(', ')}.`,
        fix: failures.length > 0 ? `Add to ${aclId} ${fixes.join(' and ')}.` : null,
      }),
    );
  }
  return hops;
}

function interfaceAclHops(context: CheckContext, endpoint: VpcEndpointInfo, taskSubnets: SubnetInfo[]): PathHop[] {
  const title = 'Network ACL';
  if (!context.networkAcls.ok)
    return [hop('network-acl', unknownStep('nacl-https', title, context.target.vpcId, context.networkAcls.failure))];
  const endpointSubnets = endpoint.subnetIds.map((subnetId) => subnetOf(context, subnetId));
  const cidrFailure = missingCidrFailure(context, [...taskSubnets, ...endpointSubnets]);
  if (cidrFailure) return [hop('network-acl', unknownStep('nacl-https', title, context.target.vpcId, cidrFailure))];
  const requirements: AclRequirement[] = [];
  for (const taskSubnet of taskSubnets) {
    const taskRange = taskSubnet.cidrBlock ? parseIpv4Cidr(taskSubnet.cidrBlock) : null;
    const taskAcl = networkAclForSubnet(taskSubnet.subnetId, context.networkAcls.value);
    for (const endpointSubnet of endpointSubnets) {
      // Traffic inside one subnet never meets its network ACL.
      if (endpointSubnet.subnetId === taskSubnet.subnetId) continue;
      const endpointRange = endpointSubnet.cidrBlock ? parseIpv4Cidr(endpointSubnet.cidrBlock) : null;
      const endpointAcl = networkAclForSubnet(endpointSubnet.subnetId, context.networkAcls.value);
      if (taskAcl && endpointRange) {
        const text = `endpoint subnet ${endpointSubnet.subnetId} (${endpointSubnet.cidrBlock})`;
        addRequirement(requirements, taskAcl, 'egress', HTTPS_PORT, endpointRange, text);
        addRequirement(requirements, taskAcl, 'ingress', EPHEMERAL_PORTS, endpointRange, text);
      }
      if (endpointAcl && taskRange) {
        const text = `task subnet ${taskSubnet.subnetId} (${taskSubnet.cidrBlock})`;
        addRequirement(requirements, endpointAcl, 'ingress', HTTPS_PORT, taskRange, text);
        addRequirement(requirements, endpointAcl, 'egress', EPHEMERAL_PORTS, taskRange, text);
      }
    }
  }
  if (requirements.length === 0) {
    return [
      hop('network-acl', {
        ruleId: 'nacl-https',
        status: 'passed',
        severity: 'error',
        title,
        resource: networkAclForSubnet(taskSubnets[0]?.subnetId ?? '', context.networkAcls.value)?.networkAclId ?? null,
        reason: 'The tasks and the endpoint share their subnets; network ACLs do not filter traffic inside a subnet.',
        fix: null,
      }),
    ];
  }
  return aclHops(requirements);
}

async function s3AclHops(context: CheckContext, taskSubnets: SubnetInfo[]): Promise<PathHop[]> {
  const title = 'Network ACL';
  if (!context.networkAcls.ok)
    return [hop('network-acl', unknownStep('nacl-https', title, context.target.vpcId, context.networkAcls.failure))];
  const acls = [
    ...new Map(
      taskSubnets
        .map((subnet) => networkAclForSubnet(subnet.subnetId, context.networkAcls.ok ? context.networkAcls.value : []))
        .filter((acl): acl is NetworkAclInfo => !!acl)
        .map((acl) => [acl.networkAclId, acl]),
    ).values(),
  ];
  const build = (peer: Ipv4Range[], text: string) => {
    const requirements: AclRequirement[] = [];
    for (const acl of acls) {
      for (const range of peer) {
        addRequirement(requirements, acl, 'egress', HTTPS_PORT, range, text);
        addRequirement(requirements, acl, 'ingress', EPHEMERAL_PORTS, range, text);
      }
    }
    return requirements;
  };
  // Everything allowed from anywhere covers S3 too; only a stricter ACL needs the S3 address ranges.
  const broad = aclHops(build([ANY_IPV4], 'anywhere (0.0.0.0/0, which covers Amazon S3)'));
  if (broad.every((item) => item.status === 'passed')) return broad;
  if (!context.s3PrefixList.ok)
    return [
      hop(
        'network-acl',
        unknownStep('nacl-https', title, broad.find((item) => item.status === 'failed')?.resource ?? null, context.s3PrefixList.failure),
      ),
    ];
  const prefixList = context.s3PrefixList.value;
  if (!prefixList) {
    return [
      hop('network-acl', {
        ruleId: 'nacl-https',
        status: 'unknown',
        severity: 'error',
        title,
        resource: broad[0]?.resource ?? null,
        reason: `The S3 prefix list of ${context.region} was not found, so the S3 address ranges are unknown.`,
        fix: null,
      }),
    ];
  }
  const cidrs = await settle(context.reader.getPrefixListCidrs(prefixList.prefixListId), 'GetManagedPrefixListEntries');
  if (!cidrs.ok) return [hop('network-acl', unknownStep('nacl-https', title, broad[0]?.resource ?? null, cidrs.failure))];
  return aclHops(build(parseIpv4Cidrs(cidrs.value), `Amazon S3 (${prefixList.prefixListId}: ${cidrs.value.join(', ')})`));
}

function interfaceRouteHop(context: CheckContext, endpointSubnets: SubnetInfo[], taskSubnets: SubnetInfo[]): PathHop {
  const title = 'Route table';
  const base = { ruleId: 'endpoint-subnets', severity: 'error' as Severity, title };
  if (!context.routeTables.ok) {
    // The scope finding already reports the failed read; this hop only shows it on the path.
    return hop('route-table', {
      ...base,
      status: 'unknown',
      resource: context.target.vpcId,
      reason: `Could not check: ${context.routeTables.failure.message}`,
      fix: null,
    });
  }
  const tables = context.routeTables.value;
  const tableIds = new Set<string>();
  const detours: string[] = [];
  const blackholes: string[] = [];
  for (const taskSubnet of taskSubnets) {
    const table = routeTableForSubnet(taskSubnet.subnetId, tables);
    if (!table) continue;
    tableIds.add(table.routeTableId);
    for (const endpointSubnet of endpointSubnets) {
      const destination = endpointSubnet.cidrBlock ? parseIpv4Cidr(endpointSubnet.cidrBlock) : null;
      if (!destination || endpointSubnet.subnetId === taskSubnet.subnetId) continue;
      // The most specific route wins; only a more specific route than the local one can divert the traffic.
      const best = table.routes
        .map((route) => ({ route, range: route.destinationCidr ? parseIpv4Cidr(route.destinationCidr) : null }))
        .filter(
          (item): item is { route: RouteTableInfo['routes'][number]; range: Ipv4Range } =>
            !!item.range && item.range.first <= destination.first && destination.last <= item.range.last,
        )
        .sort((a, b) => a.range.last - a.range.first - (b.range.last - b.range.first))[0];
      if (!best) continue;
      if (best.route.state !== 'active')
        blackholes.push(
          `${table.routeTableId} sends ${best.route.destinationCidr} to ${best.route.targetId}, which is ${best.route.state}`,
        );
      else if (best.route.targetKind !== 'local')
        detours.push(`${table.routeTableId} sends ${endpointSubnet.cidrBlock} through ${best.route.targetId}`);
    }
  }
  const resource = [...tableIds][0] ?? null;
  if (blackholes.length > 0) {
    return hop('route-table', {
      ...base,
      status: 'failed',
      resource,
      reason: `${blackholes.join('; ')}, so the endpoint's subnets are unreachable.`,
      fix: 'Remove the blackhole route so the local route applies.',
    });
  }
  if (detours.length > 0) {
    return hop('route-table', {
      ...base,
      status: 'passed',
      resource,
      reason: `Traffic to the endpoint passes a middlebox: ${detours.join('; ')}; make sure it forwards TCP 443.`,
      fix: null,
    });
  }
  return hop('route-table', {
    ...base,
    status: 'passed',
    resource,
    reason: `Route table ${list([...tableIds])} reaches the endpoint's subnets through the VPC's local route.`,
    fix: null,
  });
}

function s3RouteHops(context: CheckContext, endpoint: VpcEndpointInfo, taskSubnets: SubnetInfo[]): PathHop[] {
  const title = 'Route table';
  if (!context.routeTables.ok)
    return [hop('route-table', unknownStep('s3-gateway-endpoint', title, context.target.vpcId, context.routeTables.failure))];
  const tables = context.routeTables.value;
  const bySubnet = new Map<string, RouteTableInfo | null>();
  for (const subnet of taskSubnets) bySubnet.set(subnet.subnetId, routeTableForSubnet(subnet.subnetId, tables));
  const seen = new Set<string>();
  const hops: PathHop[] = [];
  for (const [subnetId, table] of bySubnet) {
    if (!table) {
      hops.push(
        hop('route-table', {
          ruleId: 's3-gateway-endpoint',
          status: 'unknown',
          severity: 'error',
          title,
          resource: subnetId,
          reason: `No route table was found for ${subnetId}.`,
          fix: null,
        }),
      );
      continue;
    }
    if (seen.has(table.routeTableId)) continue;
    seen.add(table.routeTableId);
    const subnetsOfTable = [...bySubnet].filter(([, other]) => other?.routeTableId === table.routeTableId).map(([id]) => id);
    const implicit = !table.subnetIds.some((id) => subnetsOfTable.includes(id));
    const prefixListId = context.s3PrefixList.ok ? (context.s3PrefixList.value?.prefixListId ?? null) : null;
    const route = table.routes.find(
      (candidate) =>
        candidate.targetId === endpoint.vpcEndpointId &&
        (prefixListId === null || candidate.destinationPrefixListId === prefixListId) &&
        candidate.destinationPrefixListId !== null,
    );
    const attached = endpoint.routeTableIds.includes(table.routeTableId);
    const tableText = `${table.routeTableId}${implicit ? ' (the main route table, used by subnets without an explicit association)' : ''}`;
    if (route && route.state === 'active') {
      hops.push(
        hop('route-table', {
          ruleId: 's3-gateway-endpoint',
          status: 'passed',
          severity: 'error',
          title,
          resource: table.routeTableId,
          reason: `Route table ${tableText} of ${list(subnetsOfTable)} sends ${route.destinationPrefixListId} (S3) to ${endpoint.vpcEndpointId}.`,
          fix: null,
        }),
      );
    } else if (!route && attached && !context.s3PrefixList.ok) {
      hops.push(
        hop('route-table', {
          ruleId: 's3-gateway-endpoint',
          status: 'passed',
          severity: 'error',
          title,
          resource: table.routeTableId,
          reason: `${endpoint.vpcEndpointId} lists route table ${tableText} of ${list(subnetsOfTable)}.`,
          fix: null,
        }),
      );
    } else {
      hops.push(
        hop('route-table', {
          ruleId: 's3-gateway-endpoint',
          status: 'failed',
          severity: 'error',
          title,
          resource: table.routeTableId,
          reason: `Route table ${tableText} used by task subnet ${list(subnetsOfTable)} has no ${route ? 'active ' : ''}route to S3 through ${endpoint.vpcEndpointId}, so image layers cannot be downloaded.`,
          fix: `Associate ${table.routeTableId} with the S3 gateway endpoint ${endpoint.vpcEndpointId} (route_table_ids / aws_vpc_endpoint_route_table_association).`,
        }),
      );
    }
  }
  return hops;
}

function endpointHop(need: ServiceNeed, endpoint: VpcEndpointInfo, region: string): PathHop {
  const title = 'Endpoint';
  const state = endpoint.state.toLowerCase();
  const typeMatches = endpoint.endpointType.toLowerCase() === need.endpointType.toLowerCase();
  if (!typeMatches) {
    const s3Text = need.service === 's3' ? ' An S3 interface endpoint alone does not serve ECR image layers.' : '';
    return hop('endpoint', {
      ruleId: need.ruleId,
      status: 'failed',
      severity: need.severity,
      title,
      resource: endpoint.vpcEndpointId,
      reason: `${endpoint.vpcEndpointId} for ${need.service} is a ${endpoint.endpointType} endpoint; the tasks need a ${need.endpointType} endpoint.${s3Text}`,
      fix: `Create a ${need.endpointType} endpoint ${serviceNameFor(region, need.service)} in ${endpoint.vpcId}.`,
    });
  }
  if (state !== 'available') {
    return hop('endpoint', {
      ruleId: 'endpoint-state',
      status: 'failed',
      severity: 'error',
      title,
      resource: endpoint.vpcEndpointId,
      reason: `Endpoint ${endpoint.vpcEndpointId} (${need.service}) is ${endpoint.state}, not available.`,
      fix:
        state === 'pendingacceptance'
          ? `Accept the endpoint connection for ${endpoint.vpcEndpointId}.`
          : `Recreate ${endpoint.vpcEndpointId} or fix what made it ${endpoint.state}.`,
    });
  }
  return hop('endpoint', {
    ruleId: need.ruleId,
    status: 'passed',
    severity: need.severity,
    title,
    resource: endpoint.vpcEndpointId,
    reason: `${need.endpointType} endpoint ${endpoint.vpcEndpointId} (${endpoint.serviceName}) is available.`,
    fix: null,
  });
}

function privateDnsHop(endpoint: VpcEndpointInfo, service: string): PathHop {
  const title = 'Private DNS';
  if (endpoint.privateDnsEnabled) {
    return hop('endpoint-private-dns', {
      ruleId: 'endpoint-private-dns',
      status: 'passed',
      severity: 'error',
      title,
      resource: endpoint.vpcEndpointId,
      reason: `Private DNS is on for ${endpoint.vpcEndpointId}.`,
      fix: null,
    });
  }
  return hop('endpoint-private-dns', {
    ruleId: 'endpoint-private-dns',
    status: 'failed',
    severity: 'error',
    title,
    resource: endpoint.vpcEndpointId,
    reason: `Private DNS is off for ${endpoint.vpcEndpointId} (${service}), so the service's public name resolves to public addresses the tasks cannot reach.`,
    fix: `Turn on private DNS for ${endpoint.vpcEndpointId} (private_dns_enabled = true; Terraform's default is false).`,
  });
}

function endpointSubnetsHop(context: CheckContext, endpoint: VpcEndpointInfo, taskSubnets: SubnetInfo[], service: string): PathHop {
  const title = 'Endpoint subnets';
  if (endpoint.subnetIds.length === 0) {
    return hop('endpoint-subnets', {
      ruleId: 'endpoint-subnets',
      status: 'failed',
      severity: 'error',
      title,
      resource: endpoint.vpcEndpointId,
      reason: `Endpoint ${endpoint.vpcEndpointId} (${service}) has no subnets, so it has no network interface to connect to.`,
      fix: `Add the task subnets (one per Availability Zone) to ${endpoint.vpcEndpointId} (subnet_ids).`,
    });
  }
  const endpointZones = new Set(
    endpoint.subnetIds.map((subnetId) => subnetOf(context, subnetId).availabilityZone).filter((zone): zone is string => !!zone),
  );
  const missingZones = [
    ...new Set(taskSubnets.map((subnet) => subnet.availabilityZone).filter((zone): zone is string => !!zone && !endpointZones.has(zone))),
  ];
  const step: PathHop = hop('endpoint-subnets', {
    ruleId: 'endpoint-subnets',
    status: 'passed',
    severity: 'error',
    title,
    resource: endpoint.vpcEndpointId,
    reason: `Endpoint ${endpoint.vpcEndpointId} has subnets ${list(endpoint.subnetIds)} in ${list([...endpointZones].sort())}.`,
    fix: null,
  });
  if (context.subnetsFailure && endpoint.subnetIds.some((subnetId) => !context.subnets.has(subnetId))) {
    step.reason = `Endpoint ${endpoint.vpcEndpointId} has subnets ${list(endpoint.subnetIds)}; their Availability Zones could not be read (${context.subnetsFailure.message}).`;
  } else if (missingZones.length > 0) {
    step.advice = `Endpoint ${endpoint.vpcEndpointId} (${service}) has no subnet in ${list(missingZones)}, where tasks run: their traffic crosses zones (extra cost, and it fails if that zone goes down). Add a subnet in ${list(missingZones)}.`;
  }
  return step;
}

function policyRequestsFor(
  context: CheckContext,
  need: ServiceNeed,
  endpoint: VpcEndpointInfo,
): { requests: PolicyRequest[]; complete: boolean } {
  const { region, target, requirements } = context;
  const principal = { principalArn: context.executionRoleArn, principalAccount: target.accountId };
  const endpointContext = { 'aws:sourcevpc': target.vpcId, 'aws:sourcevpce': endpoint.vpcEndpointId };
  const repositories = [
    ...new Set(
      requirements.images
        .map((image) => ecrRepositoryArn(image.reference))
        .filter((arn): arn is string => !!arn && arn.split(':')[3] === region),
    ),
  ];
  switch (need.service) {
    case 'ecr.api':
    case 'ecr.dkr':
      return {
        requests: [
          { action: 'ecr:GetAuthorizationToken', resource: '*', ...principal, context: endpointContext },
          ...repositories.flatMap((repository) =>
            ecrPullActions.map((action) => ({ action, resource: repository, ...principal, context: endpointContext })),
          ),
        ],
        complete: repositories.length > 0,
      };
    case 's3':
      // Layers are fetched with URLs ECR presigns, so the caller is not the task's role: only "*" principals count.
      return {
        requests: [
          {
            action: 's3:GetObject',
            resource: `arn:aws:s3:::prod-${region}-starport-layer-bucket/layer`,
            principalArn: null,
            principalAccount: null,
            context: endpointContext,
          },
        ],
        complete: true,
      };
    case 'logs':
      return {
        requests: requirements.logGroups.flatMap((group) => {
          const groupArn = `arn:aws:logs:${group.region}:${target.accountId ?? '*'}:log-group:${group.logGroup}`;
          const streamArn = `${groupArn}:log-stream:${group.streamPrefix ? `${group.streamPrefix}/` : ''}${group.container}/task`;
          return [
            { action: 'logs:CreateLogStream', resource: `${groupArn}:log-stream:`, ...principal, context: endpointContext },
            { action: 'logs:PutLogEvents', resource: streamArn, ...principal, context: endpointContext },
          ];
        }),
        complete: true,
      };
    case 'secretsmanager':
      return {
        requests: requirements.secrets
          .filter((secret) => secret.store === 'secretsmanager')
          .map((secret) => ({ action: 'secretsmanager:GetSecretValue', resource: secret.arn, ...principal, context: endpointContext })),
        complete: true,
      };
    case 'ssm':
      return {
        requests: requirements.secrets
          .filter((secret) => secret.store === 'ssm')
          .map((secret) => ({ action: 'ssm:GetParameters', resource: secret.arn, ...principal, context: endpointContext })),
        complete: true,
      };
    default:
      return { requests: [], complete: false };
  }
}

function endpointPolicyHop(context: CheckContext, need: ServiceNeed, endpoint: VpcEndpointInfo): PathHop {
  const title = 'Endpoint policy';
  const base = { ruleId: 'endpoint-policy', severity: 'error' as Severity, title, resource: endpoint.vpcEndpointId };
  if (endpoint.policyDocument === null || isFullAccessPolicy(endpoint.policyDocument)) {
    return hop('endpoint-policy', {
      ...base,
      status: 'passed',
      reason: `${endpoint.vpcEndpointId} uses the default full-access policy.`,
      fix: null,
    });
  }
  if (!parsePolicyDocument(endpoint.policyDocument)) {
    return hop('endpoint-policy', {
      ...base,
      status: 'unknown',
      reason: `The policy of ${endpoint.vpcEndpointId} is not valid JSON.`,
      fix: null,
    });
  }
  const { requests, complete } = policyRequestsFor(context, need, endpoint);
  const policies: LabelledPolicy[] = [{ label: `policy of ${endpoint.vpcEndpointId}`, document: endpoint.policyDocument }];
  const denied: string[] = [];
  const undecided: string[] = [];
  for (const request of requests) {
    const evaluation = evaluatePolicies(policies, request, { resourcePolicy: true });
    const text = `${request.action} on ${request.resource}`;
    if (evaluation.decision === 'explicit-deny') denied.push(`${text} (denied by ${evaluation.statements.join(', ')})`);
    else if (evaluation.decision === 'implicit-deny') denied.push(text);
    else if (evaluation.decision === 'indeterminate')
      undecided.push(
        `${text} (depends on ${evaluation.unknownConditionKeys.length > 0 ? evaluation.unknownConditionKeys.join(', ') : 'the principal'})`,
      );
  }
  if (denied.length > 0) {
    const what =
      need.service === 's3' ? 's3:GetObject on arn:aws:s3:::prod-' + context.region + '-starport-layer-bucket/*' : 'the actions above';
    return hop('endpoint-policy', {
      ...base,
      status: 'failed',
      reason: `The custom policy of ${endpoint.vpcEndpointId} (${need.service}) does not allow ${denied.join('; ')}.`,
      fix: `Allow ${what} in the policy of ${endpoint.vpcEndpointId}, or remove the custom policy.`,
    });
  }
  if (undecided.length > 0 || !complete) {
    const reason =
      undecided.length > 0
        ? `Could not decide ${undecided.join('; ')}.`
        : `${endpoint.vpcEndpointId} has a custom policy; the resources used by the tasks are not known here, so it was not evaluated.`;
    return hop('endpoint-policy', { ...base, status: 'unknown', reason, fix: null });
  }
  return hop('endpoint-policy', {
    ...base,
    status: 'passed',
    reason: `The custom policy of ${endpoint.vpcEndpointId} allows ${requests
      .map((request) => request.action)
      .filter((action, index, all) => all.indexOf(action) === index)
      .join(', ')}.`,
    fix: null,
  });
}

function subnetRanges(subnets: SubnetInfo[]): Ipv4Range[] {
  return subnets
    .map((subnet) => (subnet.cidrBlock ? parseIpv4Cidr(subnet.cidrBlock) : null))
    .filter((range): range is Ipv4Range => !!range);
}

async function interfacePath(
  context: CheckContext,
  need: ServiceNeed,
  endpoint: VpcEndpointInfo,
  taskSubnets: SubnetInfo[],
): Promise<PathHop[]> {
  const endpointSubnets = endpoint.subnetIds.map((subnetId) => subnetOf(context, subnetId));
  const endpointGroupIds =
    endpoint.securityGroupIds.length > 0
      ? endpoint.securityGroupIds
      : context.defaultSecurityGroupId
        ? [context.defaultSecurityGroupId]
        : [];
  const destination = `the endpoint (security groups ${list(endpointGroupIds)}; subnets ${list(endpointSubnets.map((subnet) => `${subnet.subnetId} ${subnet.cidrBlock}`))})`;
  const egressFix = `Add an egress rule TCP 443 to security group ${endpointGroupIds[0] ?? 'of the endpoint'} (or to the VPC CIDR) on ${context.taskSecurityGroupIds?.[0] ?? 'the task security group'}.`;
  const hops: PathHop[] = [];
  const endpointStep = endpointHop(need, endpoint, context.region);
  if (endpoint.subnetIds.length > 0) {
    hops.push(
      await taskEgressHop(
        context,
        { groupIds: endpointGroupIds, ranges: subnetRanges(endpointSubnets) },
        destination,
        egressFix,
        missingCidrFailure(context, endpointSubnets),
      ),
    );
    hops.push(...interfaceAclHops(context, endpoint, taskSubnets));
    hops.push(interfaceRouteHop(context, endpointSubnets, taskSubnets));
  }
  hops.push(endpointStep);
  if (endpointStep.status !== 'failed' || endpointStep.ruleId === 'endpoint-state') {
    hops.push(privateDnsHop(endpoint, need.service));
    hops.push(endpointSubnetsHop(context, endpoint, taskSubnets, need.service));
    const taskSubnetText = list(taskSubnets.map((subnet) => `${subnet.subnetId} ${subnet.cidrBlock}`));
    hops.push(
      await endpointIngressHop(context, endpoint, subnetRanges(taskSubnets), taskSubnetText, missingCidrFailure(context, taskSubnets)),
    );
    hops.push(endpointPolicyHop(context, need, endpoint));
  }
  return hops;
}

async function s3Path(context: CheckContext, need: ServiceNeed, endpoint: VpcEndpointInfo, taskSubnets: SubnetInfo[]): Promise<PathHop[]> {
  const endpointStep = endpointHop(need, endpoint, context.region);
  if (endpointStep.status === 'failed' && endpointStep.ruleId !== 'endpoint-state') return [endpointStep];
  const prefixList = context.s3PrefixList.ok ? context.s3PrefixList.value : null;
  const destination = `Amazon S3 (prefix list ${prefixList?.prefixListId ?? `com.amazonaws.${context.region}.s3`} or 0.0.0.0/0)`;
  const egressFix = `Add an egress rule TCP 443 to the S3 prefix list ${prefixList?.prefixListId ?? `com.amazonaws.${context.region}.s3`} (aws_vpc_endpoint.s3.prefix_list_id) on ${context.taskSecurityGroupIds?.[0] ?? 'the task security group'}; a VPC-CIDR rule does not cover a gateway endpoint.`;
  let egress = await taskEgressHop(
    context,
    { groupIds: [], ranges: [ANY_IPV4], prefixListId: prefixList?.prefixListId ?? null },
    destination,
    egressFix,
  );
  if (egress.status === 'failed') {
    if (!context.s3PrefixList.ok) {
      egress = {
        ...egress,
        status: 'unknown',
        reason: `No rule to 0.0.0.0/0, and the S3 prefix list could not be read to look for one naming it: ${context.s3PrefixList.failure.message}`,
        fix: null,
        apiFailure: context.s3PrefixList.failure,
      };
    } else if (prefixList) {
      const cidrs = await settle(context.reader.getPrefixListCidrs(prefixList.prefixListId), 'GetManagedPrefixListEntries');
      if (cidrs.ok) {
        const retry = await taskEgressHop(
          context,
          { groupIds: [], ranges: parseIpv4Cidrs(cidrs.value), prefixListId: prefixList.prefixListId },
          destination,
          egressFix,
        );
        if (retry.status === 'passed') egress = retry;
      }
    }
  }
  return [
    egress,
    ...(await s3AclHops(context, taskSubnets)),
    ...s3RouteHops(context, endpoint, taskSubnets),
    endpointStep,
    endpointPolicyHop(context, need, endpoint),
  ];
}

function missingEndpointHop(context: CheckContext, need: ServiceNeed, elsewhere: VpcEndpointInfo[]): PathHop {
  const other = elsewhere.find(
    (endpoint) => endpointServiceMatches(endpoint, context.region, need.service) && endpoint.vpcId !== context.target.vpcId,
  );
  if (other) {
    return hop('endpoint', {
      ruleId: 'endpoint-state',
      status: 'failed',
      severity: 'error',
      title: 'Endpoint',
      resource: other.vpcEndpointId,
      reason: `The ${need.service} endpoint ${other.vpcEndpointId} is in ${other.vpcId}, but the tasks run in ${context.target.vpcId}.`,
      fix: `Create the ${need.endpointType} endpoint ${serviceNameFor(context.region, need.service)} in ${context.target.vpcId}.`,
    });
  }
  const terraformHint =
    need.endpointType === 'Gateway'
      ? `aws_vpc_endpoint with service_name "${serviceNameFor(context.region, need.service)}", vpc_endpoint_type "Gateway" and the task subnets' route_table_ids`
      : `aws_vpc_endpoint with service_name "${serviceNameFor(context.region, need.service)}", vpc_endpoint_type "Interface", private_dns_enabled = true, the task subnets and a security group admitting TCP 443`;
  return hop('endpoint', {
    ruleId: need.ruleId,
    status: 'failed',
    severity: need.severity,
    title: 'Endpoint',
    resource: context.target.vpcId,
    reason: `No ${need.endpointType.toLowerCase()} endpoint for ${need.service} in ${context.target.vpcId}; it is needed because ${need.neededBecause}.`,
    fix: `Create one: ${terraformHint}.`,
  });
}

/** Checks the path from the tasks to one needed service (or notes that it goes out through the internet). */
export async function servicePath(
  context: CheckContext,
  need: ServiceNeed,
  taskSubnets: SubnetInfo[],
  elsewhere: Settled<VpcEndpointInfo[]> | null,
  scope: ScopeResult,
): Promise<ServicePathResult> {
  const base = {
    service: need.service,
    serviceName: serviceNameFor(context.region, need.service),
    endpointType: need.endpointType,
    neededBecause: need.neededBecause,
    ruleId: need.ruleId,
  };
  if (!context.endpoints.ok) {
    const hops = [hop('endpoint', unknownStep(need.ruleId, 'Endpoint', context.target.vpcId, context.endpoints.failure, need.severity))];
    return { ...base, endpointId: null, viaInternet: false, status: 'unknown', hops };
  }
  const endpoint = pickEndpoint(context.endpoints.value, context.region, need);
  let pathSubnets = taskSubnets;
  if (!scope.inScope) {
    // Tasks reach the internet; an endpoint only matters where DNS or routes send the traffic to it anyway.
    if (endpoint && need.endpointType === 'Gateway' && context.routeTables.ok) {
      const tables = context.routeTables.value;
      pathSubnets = taskSubnets.filter((subnet) =>
        endpoint.routeTableIds.includes(routeTableForSubnet(subnet.subnetId, tables)?.routeTableId ?? ''),
      );
    }
    const trafficUsesEndpoint = endpoint && (need.endpointType === 'Gateway' ? pathSubnets.length > 0 : endpoint.privateDnsEnabled);
    if (!endpoint || !trafficUsesEndpoint) {
      const internet = scope.internetSubnets[0];
      const hops = [
        hop('route-table', {
          ruleId: need.ruleId,
          status: 'passed',
          severity: 'info',
          title: 'Route table',
          resource: internet?.routeTableId ?? null,
          reason: `Tasks reach ${need.service} through ${internet?.via ?? 'the internet'}; no endpoint is needed.`,
          fix: null,
        }),
      ];
      return { ...base, endpointId: endpoint?.vpcEndpointId ?? null, viaInternet: true, status: 'passed', hops };
    }
  }
  if (!endpoint) {
    const missing = missingEndpointHop(context, need, elsewhere?.ok ? elsewhere.value : []);
    // Subnets whose default route goes to a transit gateway, VGW or peering may reach the service that way: undecided.
    const unknownEgress = scope.egressConcerns.filter(
      (concern) => concern.kind === 'unknown-egress' && taskSubnets.some((subnet) => subnet.subnetId === concern.subnetId),
    );
    if (missing.ruleId === need.ruleId && unknownEgress.length > 0 && unknownEgress.length === taskSubnets.length) {
      const via = [...new Set(unknownEgress.map((concern) => concern.via))].join(', ');
      const hops = [
        {
          ...missing,
          status: 'unknown' as const,
          reason: `No ${need.endpointType.toLowerCase()} endpoint for ${need.service} in ${context.target.vpcId}; the tasks' default route goes to ${via}, which may or may not reach ${need.service}: not decided.`,
        },
      ];
      return { ...base, endpointId: null, viaInternet: false, status: 'unknown', hops };
    }
    return { ...base, endpointId: null, viaInternet: false, status: 'failed', hops: [missing] };
  }
  const hops =
    need.endpointType === 'Gateway'
      ? await s3Path(context, need, endpoint, pathSubnets)
      : await interfacePath(context, need, endpoint, pathSubnets);
  for (const item of hops) item.affects ??= `${need.service} (${endpoint.vpcEndpointId})`;
  return { ...base, endpointId: endpoint.vpcEndpointId, viaInternet: false, status: statusOf(hops), hops };
}
