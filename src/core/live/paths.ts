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
  idList,
  setStepText,
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
import { ljoin, lt, type LiveArg, type LiveText } from '../l10n/live-messages';
import { scopePhrase } from './scope';
import { renderLive } from '../l10n/live-format';
import type { ApiFailure, PathHop, ScopeResult, ServicePathResult } from './result';
import { routeTableForSubnet } from './routes';
import { ANY_IPV4, evaluateSecurityGroups, SecurityGroupPeer } from './securityGroups';
import { settle, Settled } from './settled';
import type { RouteTableInfo, SubnetInfo, VpcEndpointInfo } from './types';

async function taskEgressHop(
  context: CheckContext,
  peer: SecurityGroupPeer,
  destination: LiveText,
  fix: LiveText,
  cidrFailure: ApiFailure | null = null,
): Promise<PathHop> {
  const title = lt('title.taskEgress');
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
        ? lt('taskEgress.taskGroupsUnknown', { task: `${context.target.taskArn?.split('/').pop()}` })
        : lt('taskEgress.defaultGroupMissing', { vpc: context.target.vpcId }),
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
  const groupText: LiveArg = context.target.usesDefaultSecurityGroup
    ? lt('taskEgress.defaultGroup', { groups: idList(taskGroupIds) })
    : idList(taskGroupIds);
  if (!verdict.allowed && cidrFailure) return hop('task-sg-egress', unknownStep('task-sg-egress', title, resource, cidrFailure));
  if (verdict.allowed) {
    return hop('task-sg-egress', {
      ruleId: 'task-sg-egress',
      status: 'passed',
      severity: 'error',
      title,
      resource,
      reason: lt('taskEgress.allowed', { destination, allowedBy: verdict.allowedByText ?? `${verdict.allowedBy}` }),
      fix: null,
    });
  }
  return hop('task-sg-egress', {
    ruleId: 'task-sg-egress',
    status: 'failed',
    severity: 'error',
    title,
    resource,
    reason: lt('taskEgress.denied', { groups: groupText, destination }),
    fix,
  });
}

async function endpointIngressHop(
  context: CheckContext,
  endpoint: VpcEndpointInfo,
  taskRanges: Ipv4Range[],
  taskSubnetText: LiveArg,
  cidrFailure: ApiFailure | null,
): Promise<PathHop> {
  const title = lt('title.endpointIngress');
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
  const groupText: LiveArg = usesDefaultGroup
    ? lt('endpointIngress.defaultGroup', { groups: idList(endpointGroupIds) })
    : idList(endpointGroupIds);
  if (!verdict.allowed && cidrFailure) return hop('endpoint-sg-ingress', unknownStep('endpoint-sg-ingress', title, resource, cidrFailure));
  if (verdict.allowed) {
    return hop('endpoint-sg-ingress', {
      ruleId: 'endpoint-sg-ingress',
      status: 'passed',
      severity: 'error',
      title,
      resource,
      reason: lt('endpointIngress.allowed', { allowedBy: verdict.allowedByText ?? `${verdict.allowedBy}` }),
      fix: null,
    });
  }
  const taskGroups = idList(context.taskSecurityGroupIds ?? []);
  return hop('endpoint-sg-ingress', {
    ruleId: 'endpoint-sg-ingress',
    status: 'failed',
    severity: 'error',
    title,
    resource,
    reason: lt('endpointIngress.denied', { groups: groupText, taskGroups, taskSubnets: taskSubnetText }),
    fix: usesDefaultGroup
      ? lt('endpointIngress.fixOwnGroup', { endpoint: endpoint.vpcEndpointId, taskGroups })
      : lt('endpointIngress.fixAddRule', { taskGroups, group: resource }),
  });
}

interface AclRequirement {
  acl: NetworkAclInfo;
  direction: 'egress' | 'ingress';
  ports: PortRange;
  peers: Ipv4Range[];
  peerText: LiveText[];
}

function requirementParts(requirement: AclRequirement): { ports: string; peers: LiveArg } {
  const ports =
    requirement.ports.from === requirement.ports.to
      ? `TCP ${requirement.ports.from}`
      : `TCP ${requirement.ports.from}-${requirement.ports.to}`;
  // The same peer is listed once (compared in English, the language the texts are built in).
  const peers = [...new Map(requirement.peerText.map((text) => [renderLive(text, 'en'), text])).values()];
  return { ports, peers: ljoin(peers, ', ') };
}

function describeRequirement(requirement: AclRequirement): LiveText {
  return lt(requirement.direction === 'egress' ? 'acl.outbound' : 'acl.inbound', requirementParts(requirement));
}

function addRequirement(
  requirements: AclRequirement[],
  acl: NetworkAclInfo,
  direction: 'egress' | 'ingress',
  ports: PortRange,
  peer: Ipv4Range,
  peerText: LiveText,
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
    const failures: LiveText[] = [];
    const fixes: LiveText[] = [];
    for (const requirement of aclRequirements) {
      const verdict = evaluateNetworkAcl(requirement.acl, requirement.direction, requirement.peers, requirement.ports);
      if (verdict.allowed) continue;
      const cause =
        verdict.denyingRuleNumber === null
          ? lt('acl.implicitDeny', { sample: `${verdict.deniedSample}` })
          : lt('acl.ruleDenies', { rule: verdict.denyingRuleNumber, sample: `${verdict.deniedSample}` });
      failures.push(lt('acl.failure', { requirement: describeRequirement(requirement), cause }));
      fixes.push(lt(requirement.direction === 'egress' ? 'acl.fixOutbound' : 'acl.fixInbound', requirementParts(requirement)));
    }
    hops.push(
      hop('network-acl', {
        ruleId: 'nacl-https',
        status: failures.length > 0 ? 'failed' : 'passed',
        severity: 'error',
        title: lt('title.networkAcl'),
        resource: aclId,
        reason:
          failures.length > 0
            ? lt('acl.blocks', { acl: aclId, failures: ljoin(failures, '; ') })
            : lt('acl.allows', { acl: aclId, requirements: ljoin(aclRequirements.map(describeRequirement), ', ') }),
        fix: failures.length > 0 ? lt('acl.fix', { acl: aclId, fixes: ljoin(fixes, ' and ') }) : null,
      }),
    );
  }
  return hops;
}

function interfaceAclHops(context: CheckContext, endpoint: VpcEndpointInfo, taskSubnets: SubnetInfo[]): PathHop[] {
  const title = lt('title.networkAcl');
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
        const text = lt('acl.peerEndpointSubnet', { subnet: endpointSubnet.subnetId, cidr: `${endpointSubnet.cidrBlock}` });
        addRequirement(requirements, taskAcl, 'egress', HTTPS_PORT, endpointRange, text);
        addRequirement(requirements, taskAcl, 'ingress', EPHEMERAL_PORTS, endpointRange, text);
      }
      if (endpointAcl && taskRange) {
        const text = lt('acl.peerTaskSubnet', { subnet: taskSubnet.subnetId, cidr: `${taskSubnet.cidrBlock}` });
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
        reason: lt('acl.sameSubnets'),
        fix: null,
      }),
    ];
  }
  return aclHops(requirements);
}

async function s3AclHops(context: CheckContext, taskSubnets: SubnetInfo[]): Promise<PathHop[]> {
  const title = lt('title.networkAcl');
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
  const build = (peer: Ipv4Range[], text: LiveText) => {
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
  const broad = aclHops(build([ANY_IPV4], lt('acl.peerAnywhere')));
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
        reason: lt('acl.noS3PrefixList', { region: context.region }),
        fix: null,
      }),
    ];
  }
  const cidrs = await settle(context.reader.getPrefixListCidrs(prefixList.prefixListId), 'GetManagedPrefixListEntries');
  if (!cidrs.ok) return [hop('network-acl', unknownStep('nacl-https', title, broad[0]?.resource ?? null, cidrs.failure))];
  return aclHops(
    build(parseIpv4Cidrs(cidrs.value), lt('acl.peerS3', { prefixList: prefixList.prefixListId, cidrs: cidrs.value.join(', ') })),
  );
}

function interfaceRouteHop(context: CheckContext, endpointSubnets: SubnetInfo[], taskSubnets: SubnetInfo[]): PathHop {
  const title = lt('title.routeTable');
  const base = { ruleId: 'endpoint-subnets', severity: 'error' as Severity, title };
  if (!context.routeTables.ok) {
    // The scope finding already reports the failed read; this hop only shows it on the path.
    return hop('route-table', {
      ...base,
      status: 'unknown',
      resource: context.target.vpcId,
      reason: lt('common.couldNotCheck', { failure: context.routeTables.failure.message }),
      fix: null,
    });
  }
  const tables = context.routeTables.value;
  const tableIds = new Set<string>();
  const detours: LiveText[] = [];
  const blackholes: LiveText[] = [];
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
          lt('route.blackhole', {
            table: table.routeTableId,
            destination: `${best.route.destinationCidr}`,
            target: best.route.targetId,
            state: best.route.state,
          }),
        );
      else if (best.route.targetKind !== 'local')
        detours.push(
          lt('route.detour', { table: table.routeTableId, destination: `${endpointSubnet.cidrBlock}`, target: best.route.targetId }),
        );
    }
  }
  const resource = [...tableIds][0] ?? null;
  if (blackholes.length > 0) {
    return hop('route-table', {
      ...base,
      status: 'failed',
      resource,
      reason: lt('route.unreachable', { blackholes: ljoin(blackholes, '; ') }),
      fix: lt('route.fixBlackhole'),
    });
  }
  if (detours.length > 0) {
    return hop('route-table', {
      ...base,
      status: 'passed',
      resource,
      reason: lt('route.middlebox', { detours: ljoin(detours, '; ') }),
      fix: null,
    });
  }
  return hop('route-table', {
    ...base,
    status: 'passed',
    resource,
    reason: lt('route.local', { tables: idList([...tableIds]) }),
    fix: null,
  });
}

function s3RouteHops(context: CheckContext, endpoint: VpcEndpointInfo, taskSubnets: SubnetInfo[]): PathHop[] {
  const title = lt('title.routeTable');
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
          reason: lt('route.noTable', { subnet: subnetId }),
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
    const tableText: LiveArg = implicit ? lt('route.mainTable', { table: table.routeTableId }) : table.routeTableId;
    const subnetsText = idList(subnetsOfTable);
    if (route && route.state === 'active') {
      hops.push(
        hop('route-table', {
          ruleId: 's3-gateway-endpoint',
          status: 'passed',
          severity: 'error',
          title,
          resource: table.routeTableId,
          reason: lt('route.s3Route', {
            table: tableText,
            subnets: subnetsText,
            prefixList: `${route.destinationPrefixListId}`,
            endpoint: endpoint.vpcEndpointId,
          }),
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
          reason: lt('route.s3Listed', { endpoint: endpoint.vpcEndpointId, table: tableText, subnets: subnetsText }),
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
          reason: lt(route ? 'route.s3Inactive' : 'route.s3Missing', {
            table: tableText,
            subnets: subnetsText,
            endpoint: endpoint.vpcEndpointId,
          }),
          fix: lt('route.s3Fix', { table: table.routeTableId, endpoint: endpoint.vpcEndpointId }),
        }),
      );
    }
  }
  return hops;
}

function endpointHop(need: ServiceNeed, endpoint: VpcEndpointInfo, region: string): PathHop {
  const title = lt('title.endpoint');
  const state = endpoint.state.toLowerCase();
  const typeMatches = endpoint.endpointType.toLowerCase() === need.endpointType.toLowerCase();
  if (!typeMatches) {
    return hop('endpoint', {
      ruleId: need.ruleId,
      status: 'failed',
      severity: need.severity,
      title,
      resource: endpoint.vpcEndpointId,
      reason: lt(need.service === 's3' ? 'endpoint.wrongTypeS3' : 'endpoint.wrongType', {
        endpoint: endpoint.vpcEndpointId,
        service: need.service,
        type: endpoint.endpointType,
        needed: need.endpointType,
      }),
      fix: lt('endpoint.fixCreateType', {
        type: need.endpointType,
        serviceName: serviceNameFor(region, need.service),
        vpc: endpoint.vpcId,
      }),
    });
  }
  if (state !== 'available') {
    return hop('endpoint', {
      ruleId: 'endpoint-state',
      status: 'failed',
      severity: 'error',
      title,
      resource: endpoint.vpcEndpointId,
      reason: lt('endpoint.notAvailable', { endpoint: endpoint.vpcEndpointId, service: need.service, state: endpoint.state }),
      fix:
        state === 'pendingacceptance'
          ? lt('endpoint.fixAccept', { endpoint: endpoint.vpcEndpointId })
          : lt('endpoint.fixRecreate', { endpoint: endpoint.vpcEndpointId, state: endpoint.state }),
    });
  }
  return hop('endpoint', {
    ruleId: need.ruleId,
    status: 'passed',
    severity: need.severity,
    title,
    resource: endpoint.vpcEndpointId,
    reason: lt('endpoint.available', { type: need.endpointType, endpoint: endpoint.vpcEndpointId, serviceName: endpoint.serviceName }),
    fix: null,
  });
}

function privateDnsHop(endpoint: VpcEndpointInfo, service: string): PathHop {
  const title = lt('title.privateDns');
  if (endpoint.privateDnsEnabled) {
    return hop('endpoint-private-dns', {
      ruleId: 'endpoint-private-dns',
      status: 'passed',
      severity: 'error',
      title,
      resource: endpoint.vpcEndpointId,
      reason: lt('privateDns.on', { endpoint: endpoint.vpcEndpointId }),
      fix: null,
    });
  }
  return hop('endpoint-private-dns', {
    ruleId: 'endpoint-private-dns',
    status: 'failed',
    severity: 'error',
    title,
    resource: endpoint.vpcEndpointId,
    reason: lt('privateDns.off', { endpoint: endpoint.vpcEndpointId, service }),
    fix: lt('privateDns.fix', { endpoint: endpoint.vpcEndpointId }),
  });
}

function endpointSubnetsHop(context: CheckContext, endpoint: VpcEndpointInfo, taskSubnets: SubnetInfo[], service: string): PathHop {
  const title = lt('title.endpointSubnets');
  if (endpoint.subnetIds.length === 0) {
    return hop('endpoint-subnets', {
      ruleId: 'endpoint-subnets',
      status: 'failed',
      severity: 'error',
      title,
      resource: endpoint.vpcEndpointId,
      reason: lt('subnets.none', { endpoint: endpoint.vpcEndpointId, service }),
      fix: lt('subnets.fixNone', { endpoint: endpoint.vpcEndpointId }),
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
    reason: lt('subnets.zones', {
      endpoint: endpoint.vpcEndpointId,
      subnets: idList(endpoint.subnetIds),
      zones: idList([...endpointZones].sort()),
    }),
    fix: null,
  });
  if (context.subnetsFailure && endpoint.subnetIds.some((subnetId) => !context.subnets.has(subnetId))) {
    setStepText(
      step,
      'reason',
      lt('subnets.zonesUnread', {
        endpoint: endpoint.vpcEndpointId,
        subnets: idList(endpoint.subnetIds),
        failure: context.subnetsFailure.message,
      }),
    );
  } else if (missingZones.length > 0) {
    setStepText(step, 'advice', lt('subnets.missingZones', { endpoint: endpoint.vpcEndpointId, service, zones: idList(missingZones) }));
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
  const title = lt('title.endpointPolicy');
  const base = { ruleId: 'endpoint-policy', severity: 'error' as Severity, title, resource: endpoint.vpcEndpointId };
  if (endpoint.policyDocument === null || isFullAccessPolicy(endpoint.policyDocument)) {
    return hop('endpoint-policy', {
      ...base,
      status: 'passed',
      reason: lt('policy.fullAccess', { endpoint: endpoint.vpcEndpointId }),
      fix: null,
    });
  }
  if (!parsePolicyDocument(endpoint.policyDocument)) {
    return hop('endpoint-policy', {
      ...base,
      status: 'unknown',
      reason: lt('policy.invalidJson', { endpoint: endpoint.vpcEndpointId }),
      fix: null,
    });
  }
  const { requests, complete } = policyRequestsFor(context, need, endpoint);
  const policies: LabelledPolicy[] = [{ label: `policy of ${endpoint.vpcEndpointId}`, document: endpoint.policyDocument }];
  const denied: LiveText[] = [];
  const undecided: LiveText[] = [];
  for (const request of requests) {
    const evaluation = evaluatePolicies(policies, request, { resourcePolicy: true });
    const text = lt('policy.request', { action: request.action, resource: request.resource });
    if (evaluation.decision === 'explicit-deny')
      denied.push(lt('policy.deniedBy', { request: text, statements: evaluation.statements.join(', ') }));
    else if (evaluation.decision === 'implicit-deny') denied.push(text);
    else if (evaluation.decision === 'indeterminate')
      undecided.push(
        evaluation.unknownConditionKeys.length > 0
          ? lt('policy.dependsOn', { request: text, keys: evaluation.unknownConditionKeys.join(', ') })
          : lt('policy.dependsOnPrincipal', { request: text }),
      );
  }
  if (denied.length > 0) {
    const what = need.service === 's3' ? lt('policy.s3Layers', { region: context.region }) : lt('policy.actionsAbove');
    return hop('endpoint-policy', {
      ...base,
      status: 'failed',
      reason: lt('policy.denied', { endpoint: endpoint.vpcEndpointId, service: need.service, denied: ljoin(denied, '; ') }),
      fix: lt('policy.fix', { what, endpoint: endpoint.vpcEndpointId }),
    });
  }
  if (undecided.length > 0 || !complete) {
    const reason =
      undecided.length > 0
        ? lt('policy.undecided', { undecided: ljoin(undecided, '; ') })
        : lt('policy.notEvaluated', { endpoint: endpoint.vpcEndpointId });
    return hop('endpoint-policy', { ...base, status: 'unknown', reason, fix: null });
  }
  return hop('endpoint-policy', {
    ...base,
    status: 'passed',
    reason: lt('policy.allows', {
      endpoint: endpoint.vpcEndpointId,
      actions: requests
        .map((request) => request.action)
        .filter((action, index, all) => all.indexOf(action) === index)
        .join(', '),
    }),
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
  const destination = lt('taskEgress.endpointDestination', {
    groups: idList(endpointGroupIds),
    subnets: idList(endpointSubnets.map((subnet) => `${subnet.subnetId} ${subnet.cidrBlock}`)),
  });
  const taskGroup: LiveArg = context.taskSecurityGroupIds?.[0] ?? lt('common.taskSecurityGroup');
  const egressFix = endpointGroupIds[0]
    ? lt('taskEgress.fix', { group: endpointGroupIds[0], taskGroup })
    : lt('taskEgress.fixNoGroup', { taskGroup });
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
    const taskSubnetText = idList(taskSubnets.map((subnet) => `${subnet.subnetId} ${subnet.cidrBlock}`));
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
  const prefixListText = prefixList?.prefixListId ?? `com.amazonaws.${context.region}.s3`;
  const destination = lt('taskEgress.s3Destination', { prefixList: prefixListText });
  const egressFix = lt('taskEgress.s3Fix', {
    prefixList: prefixListText,
    taskGroup: context.taskSecurityGroupIds?.[0] ?? lt('common.taskSecurityGroup'),
  });
  let egress = await taskEgressHop(
    context,
    { groupIds: [], ranges: [ANY_IPV4], prefixListId: prefixList?.prefixListId ?? null },
    destination,
    egressFix,
  );
  if (egress.status === 'failed') {
    if (!context.s3PrefixList.ok) {
      egress = { ...egress, status: 'unknown', fix: null, apiFailure: context.s3PrefixList.failure, texts: { title: egress.texts?.title } };
      setStepText(egress, 'reason', lt('taskEgress.s3PrefixListUnread', { failure: context.s3PrefixList.failure.message }));
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
      title: lt('title.endpoint'),
      resource: other.vpcEndpointId,
      reason: lt('endpoint.otherVpc', {
        service: need.service,
        endpoint: other.vpcEndpointId,
        vpc: other.vpcId,
        taskVpc: context.target.vpcId,
      }),
      fix: lt('endpoint.fixCreateHere', {
        type: need.endpointType,
        serviceName: serviceNameFor(context.region, need.service),
        vpc: context.target.vpcId,
      }),
    });
  }
  const terraformHint = lt(need.endpointType === 'Gateway' ? 'endpoint.hintGateway' : 'endpoint.hintInterface', {
    serviceName: serviceNameFor(context.region, need.service),
  });
  return hop('endpoint', {
    ruleId: need.ruleId,
    status: 'failed',
    severity: need.severity,
    title: lt('title.endpoint'),
    resource: context.target.vpcId,
    reason: lt('endpoint.missing', {
      type: lt(need.endpointType === 'Gateway' ? 'endpointType.gateway' : 'endpointType.interface'),
      service: need.service,
      vpc: context.target.vpcId,
      because: need.because,
    }),
    fix: lt('endpoint.fixMissing', { hint: terraformHint }),
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
    texts: { neededBecause: need.because },
    ruleId: need.ruleId,
  };
  if (!context.endpoints.ok) {
    const hops = [
      hop('endpoint', unknownStep(need.ruleId, lt('title.endpoint'), context.target.vpcId, context.endpoints.failure, need.severity)),
    ];
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
          title: lt('title.routeTable'),
          resource: internet?.routeTableId ?? null,
          reason: lt('route.viaInternet', {
            service: need.service,
            via: internet ? scopePhrase(scope, internet.via) : lt('common.theInternet'),
          }),
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
      const via = ljoin(
        [...new Set(unknownEgress.map((concern) => concern.via))].map((english) => scopePhrase(scope, english)),
        ', ',
      );
      const undecidedHop: PathHop = { ...missing, status: 'unknown' as const };
      setStepText(
        undecidedHop,
        'reason',
        lt('endpoint.missingUndecided', {
          type: lt(need.endpointType === 'Gateway' ? 'endpointType.gateway' : 'endpointType.interface'),
          service: need.service,
          vpc: context.target.vpcId,
          via,
        }),
      );
      const hops = [undecidedHop];
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
