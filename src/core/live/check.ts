/**
 * The live check: reads one account through an `AwsNetworkReader` and walks, for every AWS service the tasks need,
 * the path task security group → network ACL → route table → endpoint → endpoint security group → endpoint policy,
 * plus DNS, the execution role and the image registries. A failed read makes only the checks that need it unknown.
 */
import type { Severity } from '../findings';
import { amazonDnsAddress, Ipv4Range, parseIpv4Cidr, parseIpv4Cidrs } from './cidr';
import { collectFindings } from './findings';
import { ecrRepositoryArn } from './images';
import { taskRequirements, serviceNeeds, ServiceNeed, TaskRequirements } from './needs';
import { evaluateNetworkAcl, EPHEMERAL_PORTS, HTTPS_PORT, networkAclForSubnet, PortRange } from './networkAcls';
import { evaluatePolicies, isFullAccessPolicy, LabelledPolicy, parsePolicyDocument, PolicyRequest, statementsConditionedOn, trustsServicePrincipal } from './policy';
import type { ApiFailure, CheckStatus, CheckStep, HopKind, LiveCheckResult, PathHop, ResolvedTarget, ScopeResult, ServicePathResult } from './result';
import { findInternetRoute, hasInternetGatewayRoute, hasNatGatewayRoute, routeTableForSubnet } from './routes';
import { ANY_IPV4, evaluateSecurityGroups, SecurityGroupPeer } from './securityGroups';
import { settle, Settled } from './settled';
import { LiveCheckRequest, LiveTargetError, resolveTarget } from './target';
import {
  AwsNetworkReader,
  memoizeReader,
  NatGatewayInfo,
  NetworkAclInfo,
  PrefixListInfo,
  RouteTableInfo,
  SecurityGroupInfo,
  SubnetInfo,
  TaskDefinitionInfo,
  VpcEndpointInfo,
} from './types';

/** Options of one live check. */
export interface LiveCheckOptions {
  /** The region the reader talks to (endpoint service names and ARNs are built from it). */
  region: string;
}

const ecrPullActions = ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'];
const ecsTasksPrincipal = 'ecs-tasks.amazonaws.com';

/** Everything read in the first waves, shared by the checks. */
interface CheckContext {
  reader: AwsNetworkReader;
  region: string;
  target: ResolvedTarget;
  taskDefinition: TaskDefinitionInfo | null;
  requirements: TaskRequirements;
  /** Subnets known by id (all of the VPC, or only the task subnets when listing failed). */
  subnets: Map<string, SubnetInfo>;
  /** Why some subnets are unknown, when listing the VPC's subnets failed. */
  subnetsFailure: ApiFailure | null;
  routeTables: Settled<RouteTableInfo[]>;
  natGateways: NatGatewayInfo[] | null;
  endpoints: Settled<VpcEndpointInfo[]>;
  securityGroups: Settled<SecurityGroupInfo[]>;
  networkAcls: Settled<NetworkAclInfo[]>;
  s3PrefixList: Settled<PrefixListInfo | null>;
  /** The task security groups, resolved (the VPC default group when none were given); null when unknown. */
  taskSecurityGroupIds: string[] | null;
  defaultSecurityGroupId: string | null;
  executionRoleArn: string | null;
}

function serviceNameFor(region: string, service: string): string {
  return `com.amazonaws.${region}.${service}`;
}

function endpointServiceMatches(endpoint: VpcEndpointInfo, region: string, service: string): boolean {
  // Partitions other than aws prefix the name (cn.com.amazonaws.cn-north-1.ecr.dkr); the suffix decides.
  return endpoint.serviceName === serviceNameFor(region, service) || endpoint.serviceName.endsWith(`.${region}.${service}`);
}

/** Picks the endpoint a need would use: the right type first, then an available one. */
function pickEndpoint(endpoints: VpcEndpointInfo[], region: string, need: ServiceNeed): VpcEndpointInfo | null {
  const candidates = endpoints.filter((endpoint) => endpointServiceMatches(endpoint, region, need.service));
  const score = (endpoint: VpcEndpointInfo) =>
    (endpoint.endpointType.toLowerCase() === need.endpointType.toLowerCase() ? 2 : 0) + (endpoint.state.toLowerCase() === 'available' ? 1 : 0);
  return candidates.sort((a, b) => score(b) - score(a))[0] ?? null;
}

function statusOf(steps: CheckStep[]): CheckStatus {
  if (steps.some((step) => step.status === 'failed')) return 'failed';
  if (steps.some((step) => step.status === 'unknown')) return 'unknown';
  return 'passed';
}

function hop(kind: HopKind, step: CheckStep): PathHop {
  return { hop: kind, ...step };
}

function unknownStep(ruleId: string, title: string, resource: string | null, failure: ApiFailure, severity: Severity = 'error'): CheckStep {
  return { ruleId, status: 'unknown', severity, title, resource, reason: `Could not check: ${failure.message}`, fix: null, apiFailure: failure };
}

function roleNameOf(roleArn: string): string {
  return roleArn.slice(roleArn.lastIndexOf('/') + 1);
}

/** The subnet with that id, or a stand-in without CIDR and zone when it could not be read. */
function subnetOf(context: Pick<CheckContext, 'subnets' | 'target'>, subnetId: string): SubnetInfo {
  return context.subnets.get(subnetId) ?? { subnetId, vpcId: context.target.vpcId, cidrBlock: null, availabilityZone: null, mapPublicIpOnLaunch: false };
}

/** The read failure to blame when a verdict needed subnet CIDRs that are missing. */
function missingCidrFailure(context: CheckContext, subnets: SubnetInfo[]): ApiFailure | null {
  return subnets.some((subnet) => !subnet.cidrBlock) ? context.subnetsFailure : null;
}

function list(items: string[]): string {
  return items.length === 0 ? 'none' : items.join(', ');
}

async function prefixListCidrMap(context: CheckContext, prefixListIds: string[]): Promise<{ map: Map<string, string[]>; failure: ApiFailure | null }> {
  const map = new Map<string, string[]>();
  let failure: ApiFailure | null = null;
  for (const prefixListId of prefixListIds) {
    const cidrs = await settle(context.reader.getPrefixListCidrs(prefixListId), 'GetManagedPrefixListEntries');
    if (cidrs.ok) map.set(prefixListId, cidrs.value);
    else failure ??= cidrs.failure;
  }
  return { map, failure };
}

// ---------------------------------------------------------------------------------------------------------------
// Security groups

async function taskEgressHop(context: CheckContext, peer: SecurityGroupPeer, destination: string, fix: string, cidrFailure: ApiFailure | null = null): Promise<PathHop> {
  const title = 'Task security group egress';
  const taskGroupIds = context.taskSecurityGroupIds;
  const resource = taskGroupIds?.[0] ?? context.target.vpcId;
  if (!context.securityGroups.ok) return hop('task-sg-egress', unknownStep('task-sg-egress', title, resource, context.securityGroups.failure));
  if (!taskGroupIds) {
    return hop('task-sg-egress', {
      ruleId: 'task-sg-egress', status: 'unknown', severity: 'error', title, resource,
      reason: `The VPC default security group of ${context.target.vpcId} was not found, so the tasks' groups are unknown.`, fix: null,
    });
  }
  const groups = context.securityGroups.value.filter((group) => taskGroupIds.includes(group.groupId));
  let verdict = evaluateSecurityGroups(groups, 'egress', 443, peer);
  if (!verdict.allowed && verdict.needsPrefixLists.length > 0) {
    const { map, failure } = await prefixListCidrMap(context, verdict.needsPrefixLists);
    verdict = evaluateSecurityGroups(groups, 'egress', 443, peer, map);
    if (!verdict.allowed && failure) return hop('task-sg-egress', unknownStep('task-sg-egress', title, resource, failure));
  }
  const groupText = context.target.usesDefaultSecurityGroup ? `${list(taskGroupIds)} (the VPC default group: the tasks name none)` : list(taskGroupIds);
  if (!verdict.allowed && cidrFailure) return hop('task-sg-egress', unknownStep('task-sg-egress', title, resource, cidrFailure));
  if (verdict.allowed) {
    return hop('task-sg-egress', {
      ruleId: 'task-sg-egress', status: 'passed', severity: 'error', title, resource,
      reason: `Outbound TCP 443 to ${destination} is allowed by ${verdict.allowedBy}.`, fix: null,
    });
  }
  return hop('task-sg-egress', {
    ruleId: 'task-sg-egress', status: 'failed', severity: 'error', title, resource,
    reason: `The task security groups ${groupText} allow no outbound TCP 443 to ${destination}.`, fix,
  });
}

async function endpointIngressHop(context: CheckContext, endpoint: VpcEndpointInfo, taskRanges: Ipv4Range[], taskSubnetText: string, cidrFailure: ApiFailure | null): Promise<PathHop> {
  const title = 'Endpoint security group ingress';
  const usesDefaultGroup = endpoint.securityGroupIds.length === 0;
  const endpointGroupIds = usesDefaultGroup ? (context.defaultSecurityGroupId ? [context.defaultSecurityGroupId] : []) : endpoint.securityGroupIds;
  const resource = endpointGroupIds[0] ?? endpoint.vpcEndpointId;
  if (!context.securityGroups.ok) return hop('endpoint-sg-ingress', unknownStep('endpoint-sg-ingress', title, resource, context.securityGroups.failure));
  const groups = context.securityGroups.value.filter((group) => endpointGroupIds.includes(group.groupId));
  const peer: SecurityGroupPeer = { groupIds: context.taskSecurityGroupIds ?? [], ranges: taskRanges };
  let verdict = evaluateSecurityGroups(groups, 'ingress', 443, peer);
  if (!verdict.allowed && verdict.needsPrefixLists.length > 0) {
    const { map, failure } = await prefixListCidrMap(context, verdict.needsPrefixLists);
    verdict = evaluateSecurityGroups(groups, 'ingress', 443, peer, map);
    if (!verdict.allowed && failure) return hop('endpoint-sg-ingress', unknownStep('endpoint-sg-ingress', title, resource, failure));
  }
  const groupText = usesDefaultGroup ? `${list(endpointGroupIds)} (the VPC default group, used because the endpoint names no security group)` : list(endpointGroupIds);
  if (!verdict.allowed && cidrFailure) return hop('endpoint-sg-ingress', unknownStep('endpoint-sg-ingress', title, resource, cidrFailure));
  if (verdict.allowed) {
    return hop('endpoint-sg-ingress', {
      ruleId: 'endpoint-sg-ingress', status: 'passed', severity: 'error', title, resource,
      reason: `Inbound TCP 443 from the tasks is allowed by ${verdict.allowedBy}.`, fix: null,
    });
  }
  const taskGroups = list(context.taskSecurityGroupIds ?? []);
  return hop('endpoint-sg-ingress', {
    ruleId: 'endpoint-sg-ingress', status: 'failed', severity: 'error', title, resource,
    reason: `Endpoint security group ${groupText} admits no inbound TCP 443 from the tasks (security groups ${taskGroups}; subnets ${taskSubnetText}).`,
    fix: usesDefaultGroup
      ? `Give ${endpoint.vpcEndpointId} its own security group with an ingress rule TCP 443 from ${taskGroups} (or the task subnets' CIDRs).`
      : `Add an ingress rule TCP 443 from security group ${taskGroups} (or the task subnets' CIDRs) to ${resource}.`,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Network ACLs

interface AclRequirement {
  acl: NetworkAclInfo;
  direction: 'egress' | 'ingress';
  ports: PortRange;
  peers: Ipv4Range[];
  peerText: string[];
}

function describeRequirement(requirement: AclRequirement): string {
  const portText = requirement.ports.from === requirement.ports.to ? `TCP ${requirement.ports.from}` : `TCP ${requirement.ports.from}-${requirement.ports.to}`;
  return `${requirement.direction === 'egress' ? 'outbound' : 'inbound'} ${portText} ${requirement.direction === 'egress' ? 'to' : 'from'} ${[...new Set(requirement.peerText)].join(', ')}`;
}

function addRequirement(requirements: AclRequirement[], acl: NetworkAclInfo, direction: 'egress' | 'ingress', ports: PortRange, peer: Ipv4Range, peerText: string) {
  const existing = requirements.find((item) => item.acl.networkAclId === acl.networkAclId && item.direction === direction && item.ports === ports);
  if (existing) {
    existing.peers.push(peer);
    existing.peerText.push(peerText);
  } else {
    requirements.push({ acl, direction, ports, peers: [peer], peerText: [peerText] });
  }
}

function aclHops(requirements: AclRequirement[]): PathHop[] {
  const byAcl = new Map<string, AclRequirement[]>();
  for (const requirement of requirements) byAcl.set(requirement.acl.networkAclId, [...(byAcl.get(requirement.acl.networkAclId) ?? []), requirement]);
  const hops: PathHop[] = [];
  for (const [aclId, aclRequirements] of byAcl) {
    const failures: string[] = [];
    const fixes: string[] = [];
    for (const requirement of aclRequirements) {
      const verdict = evaluateNetworkAcl(requirement.acl, requirement.direction, requirement.peers, requirement.ports);
      if (verdict.allowed) continue;
      const by = verdict.denyingRuleNumber === null ? 'the implicit deny (no rule matches)' : `rule ${verdict.denyingRuleNumber}`;
      failures.push(`${describeRequirement(requirement)} is blocked by ${by} (e.g. ${verdict.deniedSample})`);
      fixes.push(`an ${requirement.direction === 'egress' ? 'outbound' : 'inbound'} allow rule for ${describeRequirement(requirement).replace(/^(outbound|inbound) /, '')} numbered before any deny`);
    }
    const subnets = [...new Set(aclRequirements.flatMap((requirement) => requirement.acl.subnetIds))];
    hops.push(
      hop('network-acl', {
        ruleId: 'nacl-https',
        status: failures.length > 0 ? 'failed' : 'passed',
        severity: 'error',
        title: 'Network ACL',
        resource: aclId,
        reason:
          failures.length > 0
            ? `Network ACL ${aclId} (subnets ${list(subnets)}): ${failures.join('; ')}.`
            : `Network ACL ${aclId} allows ${aclRequirements.map(describeRequirement).join(', ')}.`,
        fix: failures.length > 0 ? `Add to ${aclId} ${fixes.join(' and ')}.` : null,
      }),
    );
  }
  return hops;
}

function interfaceAclHops(context: CheckContext, endpoint: VpcEndpointInfo, taskSubnets: SubnetInfo[]): PathHop[] {
  const title = 'Network ACL';
  if (!context.networkAcls.ok) return [hop('network-acl', unknownStep('nacl-https', title, context.target.vpcId, context.networkAcls.failure))];
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
        ruleId: 'nacl-https', status: 'passed', severity: 'error', title, resource: networkAclForSubnet(taskSubnets[0]?.subnetId ?? '', context.networkAcls.value)?.networkAclId ?? null,
        reason: 'The tasks and the endpoint share their subnets; network ACLs do not filter traffic inside a subnet.', fix: null,
      }),
    ];
  }
  return aclHops(requirements);
}

async function s3AclHops(context: CheckContext, taskSubnets: SubnetInfo[]): Promise<PathHop[]> {
  const title = 'Network ACL';
  if (!context.networkAcls.ok) return [hop('network-acl', unknownStep('nacl-https', title, context.target.vpcId, context.networkAcls.failure))];
  const acls = [...new Map(taskSubnets.map((subnet) => networkAclForSubnet(subnet.subnetId, context.networkAcls.ok ? context.networkAcls.value : [])).filter((acl): acl is NetworkAclInfo => !!acl).map((acl) => [acl.networkAclId, acl])).values()];
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
  if (!context.s3PrefixList.ok) return [hop('network-acl', unknownStep('nacl-https', title, broad.find((item) => item.status === 'failed')?.resource ?? null, context.s3PrefixList.failure))];
  const prefixList = context.s3PrefixList.value;
  if (!prefixList) {
    return [hop('network-acl', { ruleId: 'nacl-https', status: 'unknown', severity: 'error', title, resource: broad[0]?.resource ?? null, reason: `The S3 prefix list of ${context.region} was not found, so the S3 address ranges are unknown.`, fix: null })];
  }
  const cidrs = await settle(context.reader.getPrefixListCidrs(prefixList.prefixListId), 'GetManagedPrefixListEntries');
  if (!cidrs.ok) return [hop('network-acl', unknownStep('nacl-https', title, broad[0]?.resource ?? null, cidrs.failure))];
  return aclHops(build(parseIpv4Cidrs(cidrs.value), `Amazon S3 (${prefixList.prefixListId}: ${cidrs.value.join(', ')})`));
}

// ---------------------------------------------------------------------------------------------------------------
// Route tables

function interfaceRouteHop(context: CheckContext, endpointSubnets: SubnetInfo[], taskSubnets: SubnetInfo[]): PathHop {
  const title = 'Route table';
  const base = { ruleId: 'endpoint-subnets', severity: 'error' as Severity, title };
  if (!context.routeTables.ok) {
    // The scope finding already reports the failed read; this hop only shows it on the path.
    return hop('route-table', { ...base, status: 'unknown', resource: context.target.vpcId, reason: `Could not check: ${context.routeTables.failure.message}`, fix: null });
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
        .filter((item): item is { route: RouteTableInfo['routes'][number]; range: Ipv4Range } => !!item.range && item.range.first <= destination.first && destination.last <= item.range.last)
        .sort((a, b) => a.range.last - a.range.first - (b.range.last - b.range.first))[0];
      if (!best) continue;
      if (best.route.state !== 'active') blackholes.push(`${table.routeTableId} sends ${best.route.destinationCidr} to ${best.route.targetId}, which is ${best.route.state}`);
      else if (best.route.targetKind !== 'local') detours.push(`${table.routeTableId} sends ${endpointSubnet.cidrBlock} through ${best.route.targetId}`);
    }
  }
  const resource = [...tableIds][0] ?? null;
  if (blackholes.length > 0) {
    return hop('route-table', { ...base, status: 'failed', resource, reason: `${blackholes.join('; ')}, so the endpoint's subnets are unreachable.`, fix: 'Remove the blackhole route so the local route applies.' });
  }
  if (detours.length > 0) {
    return hop('route-table', { ...base, status: 'passed', resource, reason: `Traffic to the endpoint passes a middlebox: ${detours.join('; ')}; make sure it forwards TCP 443.`, fix: null });
  }
  return hop('route-table', { ...base, status: 'passed', resource, reason: `Route table ${list([...tableIds])} reaches the endpoint's subnets through the VPC's local route.`, fix: null });
}

function s3RouteHops(context: CheckContext, endpoint: VpcEndpointInfo, taskSubnets: SubnetInfo[]): PathHop[] {
  const title = 'Route table';
  if (!context.routeTables.ok) return [hop('route-table', unknownStep('s3-gateway-endpoint', title, context.target.vpcId, context.routeTables.failure))];
  const tables = context.routeTables.value;
  const bySubnet = new Map<string, RouteTableInfo | null>();
  for (const subnet of taskSubnets) bySubnet.set(subnet.subnetId, routeTableForSubnet(subnet.subnetId, tables));
  const seen = new Set<string>();
  const hops: PathHop[] = [];
  for (const [subnetId, table] of bySubnet) {
    if (!table) {
      hops.push(hop('route-table', { ruleId: 's3-gateway-endpoint', status: 'unknown', severity: 'error', title, resource: subnetId, reason: `No route table was found for ${subnetId}.`, fix: null }));
      continue;
    }
    if (seen.has(table.routeTableId)) continue;
    seen.add(table.routeTableId);
    const subnetsOfTable = [...bySubnet].filter(([, other]) => other?.routeTableId === table.routeTableId).map(([id]) => id);
    const implicit = !table.subnetIds.some((id) => subnetsOfTable.includes(id));
    const prefixListId = context.s3PrefixList.ok ? context.s3PrefixList.value?.prefixListId ?? null : null;
    const route = table.routes.find(
      (candidate) => candidate.targetId === endpoint.vpcEndpointId && (prefixListId === null || candidate.destinationPrefixListId === prefixListId) && candidate.destinationPrefixListId !== null,
    );
    const attached = endpoint.routeTableIds.includes(table.routeTableId);
    const tableText = `${table.routeTableId}${implicit ? ' (the main route table, used by subnets without an explicit association)' : ''}`;
    if (route && route.state === 'active') {
      hops.push(hop('route-table', {
        ruleId: 's3-gateway-endpoint', status: 'passed', severity: 'error', title, resource: table.routeTableId,
        reason: `Route table ${tableText} of ${list(subnetsOfTable)} sends ${route.destinationPrefixListId} (S3) to ${endpoint.vpcEndpointId}.`, fix: null,
      }));
    } else if (!route && attached && !context.s3PrefixList.ok) {
      hops.push(hop('route-table', {
        ruleId: 's3-gateway-endpoint', status: 'passed', severity: 'error', title, resource: table.routeTableId,
        reason: `${endpoint.vpcEndpointId} lists route table ${tableText} of ${list(subnetsOfTable)}.`, fix: null,
      }));
    } else {
      hops.push(hop('route-table', {
        ruleId: 's3-gateway-endpoint', status: 'failed', severity: 'error', title, resource: table.routeTableId,
        reason: `Route table ${tableText} used by task subnet ${list(subnetsOfTable)} has no ${route ? 'active ' : ''}route to S3 through ${endpoint.vpcEndpointId}, so image layers cannot be downloaded.`,
        fix: `Associate ${table.routeTableId} with the S3 gateway endpoint ${endpoint.vpcEndpointId} (route_table_ids / aws_vpc_endpoint_route_table_association).`,
      }));
    }
  }
  return hops;
}

// ---------------------------------------------------------------------------------------------------------------
// Endpoint itself

function endpointHop(need: ServiceNeed, endpoint: VpcEndpointInfo, region: string): PathHop {
  const title = 'Endpoint';
  const state = endpoint.state.toLowerCase();
  const typeMatches = endpoint.endpointType.toLowerCase() === need.endpointType.toLowerCase();
  if (!typeMatches) {
    const s3Text = need.service === 's3' ? ' An S3 interface endpoint alone does not serve ECR image layers.' : '';
    return hop('endpoint', {
      ruleId: need.ruleId, status: 'failed', severity: need.severity, title, resource: endpoint.vpcEndpointId,
      reason: `${endpoint.vpcEndpointId} for ${need.service} is a ${endpoint.endpointType} endpoint; the tasks need a ${need.endpointType} endpoint.${s3Text}`,
      fix: `Create a ${need.endpointType} endpoint ${serviceNameFor(region, need.service)} in ${endpoint.vpcId}.`,
    });
  }
  if (state !== 'available') {
    return hop('endpoint', {
      ruleId: 'endpoint-state', status: 'failed', severity: 'error', title, resource: endpoint.vpcEndpointId,
      reason: `Endpoint ${endpoint.vpcEndpointId} (${need.service}) is ${endpoint.state}, not available.`,
      fix: state === 'pendingacceptance' ? `Accept the endpoint connection for ${endpoint.vpcEndpointId}.` : `Recreate ${endpoint.vpcEndpointId} or fix what made it ${endpoint.state}.`,
    });
  }
  return hop('endpoint', {
    ruleId: need.ruleId, status: 'passed', severity: need.severity, title, resource: endpoint.vpcEndpointId,
    reason: `${need.endpointType} endpoint ${endpoint.vpcEndpointId} (${endpoint.serviceName}) is available.`, fix: null,
  });
}

function privateDnsHop(endpoint: VpcEndpointInfo, service: string): PathHop {
  const title = 'Private DNS';
  if (endpoint.privateDnsEnabled) {
    return hop('endpoint-private-dns', { ruleId: 'endpoint-private-dns', status: 'passed', severity: 'error', title, resource: endpoint.vpcEndpointId, reason: `Private DNS is on for ${endpoint.vpcEndpointId}.`, fix: null });
  }
  return hop('endpoint-private-dns', {
    ruleId: 'endpoint-private-dns', status: 'failed', severity: 'error', title, resource: endpoint.vpcEndpointId,
    reason: `Private DNS is off for ${endpoint.vpcEndpointId} (${service}), so the service's public name resolves to public addresses the tasks cannot reach.`,
    fix: `Turn on private DNS for ${endpoint.vpcEndpointId} (private_dns_enabled = true; Terraform's default is false).`,
  });
}

function endpointSubnetsHop(context: CheckContext, endpoint: VpcEndpointInfo, taskSubnets: SubnetInfo[], service: string): PathHop {
  const title = 'Endpoint subnets';
  if (endpoint.subnetIds.length === 0) {
    return hop('endpoint-subnets', {
      ruleId: 'endpoint-subnets', status: 'failed', severity: 'error', title, resource: endpoint.vpcEndpointId,
      reason: `Endpoint ${endpoint.vpcEndpointId} (${service}) has no subnets, so it has no network interface to connect to.`,
      fix: `Add the task subnets (one per Availability Zone) to ${endpoint.vpcEndpointId} (subnet_ids).`,
    });
  }
  const endpointZones = new Set(endpoint.subnetIds.map((subnetId) => subnetOf(context, subnetId).availabilityZone).filter((zone): zone is string => !!zone));
  const missingZones = [...new Set(taskSubnets.map((subnet) => subnet.availabilityZone).filter((zone): zone is string => !!zone && !endpointZones.has(zone)))];
  const step: PathHop = hop('endpoint-subnets', {
    ruleId: 'endpoint-subnets', status: 'passed', severity: 'error', title, resource: endpoint.vpcEndpointId,
    reason: `Endpoint ${endpoint.vpcEndpointId} has subnets ${list(endpoint.subnetIds)} in ${list([...endpointZones].sort())}.`, fix: null,
  });
  if (context.subnetsFailure && endpoint.subnetIds.some((subnetId) => !context.subnets.has(subnetId))) {
    step.reason = `Endpoint ${endpoint.vpcEndpointId} has subnets ${list(endpoint.subnetIds)}; their Availability Zones could not be read (${context.subnetsFailure.message}).`;
  } else if (missingZones.length > 0) {
    step.advice = `Endpoint ${endpoint.vpcEndpointId} (${service}) has no subnet in ${list(missingZones)}, where tasks run: their traffic crosses zones (extra cost, and it fails if that zone goes down). Add a subnet in ${list(missingZones)}.`;
  }
  return step;
}

// ---------------------------------------------------------------------------------------------------------------
// Endpoint policies

function policyRequestsFor(context: CheckContext, need: ServiceNeed, endpoint: VpcEndpointInfo): { requests: PolicyRequest[]; complete: boolean } {
  const { region, target, requirements } = context;
  const principal = { principalArn: context.executionRoleArn, principalAccount: target.accountId };
  const endpointContext = { 'aws:sourcevpc': target.vpcId, 'aws:sourcevpce': endpoint.vpcEndpointId };
  const repositories = [...new Set(requirements.images.map((image) => ecrRepositoryArn(image.reference)).filter((arn): arn is string => !!arn && arn.split(':')[3] === region))];
  switch (need.service) {
    case 'ecr.api':
    case 'ecr.dkr':
      return {
        requests: [
          { action: 'ecr:GetAuthorizationToken', resource: '*', ...principal, context: endpointContext },
          ...repositories.flatMap((repository) => ecrPullActions.map((action) => ({ action, resource: repository, ...principal, context: endpointContext }))),
        ],
        complete: repositories.length > 0,
      };
    case 's3':
      // Layers are fetched with URLs ECR presigns, so the caller is not the task's role: only "*" principals count.
      return {
        requests: [{ action: 's3:GetObject', resource: `arn:aws:s3:::prod-${region}-starport-layer-bucket/layer`, principalArn: null, principalAccount: null, context: endpointContext }],
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
        requests: requirements.secrets.filter((secret) => secret.store === 'secretsmanager').map((secret) => ({ action: 'secretsmanager:GetSecretValue', resource: secret.arn, ...principal, context: endpointContext })),
        complete: true,
      };
    case 'ssm':
      return {
        requests: requirements.secrets.filter((secret) => secret.store === 'ssm').map((secret) => ({ action: 'ssm:GetParameters', resource: secret.arn, ...principal, context: endpointContext })),
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
    return hop('endpoint-policy', { ...base, status: 'passed', reason: `${endpoint.vpcEndpointId} uses the default full-access policy.`, fix: null });
  }
  if (!parsePolicyDocument(endpoint.policyDocument)) {
    return hop('endpoint-policy', { ...base, status: 'unknown', reason: `The policy of ${endpoint.vpcEndpointId} is not valid JSON.`, fix: null });
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
    else if (evaluation.decision === 'indeterminate') undecided.push(`${text} (depends on ${evaluation.unknownConditionKeys.length > 0 ? evaluation.unknownConditionKeys.join(', ') : 'the principal'})`);
  }
  if (denied.length > 0) {
    const what = need.service === 's3' ? 's3:GetObject on arn:aws:s3:::prod-' + context.region + '-starport-layer-bucket/*' : 'the actions above';
    return hop('endpoint-policy', {
      ...base, status: 'failed',
      reason: `The custom policy of ${endpoint.vpcEndpointId} (${need.service}) does not allow ${denied.join('; ')}.`,
      fix: `Allow ${what} in the policy of ${endpoint.vpcEndpointId}, or remove the custom policy.`,
    });
  }
  if (undecided.length > 0 || !complete) {
    const reason = undecided.length > 0 ? `Could not decide ${undecided.join('; ')}.` : `${endpoint.vpcEndpointId} has a custom policy; the resources used by the tasks are not known here, so it was not evaluated.`;
    return hop('endpoint-policy', { ...base, status: 'unknown', reason, fix: null });
  }
  return hop('endpoint-policy', { ...base, status: 'passed', reason: `The custom policy of ${endpoint.vpcEndpointId} allows ${requests.map((request) => request.action).filter((action, index, all) => all.indexOf(action) === index).join(', ')}.`, fix: null });
}

// ---------------------------------------------------------------------------------------------------------------
// Paths

function subnetRanges(subnets: SubnetInfo[]): Ipv4Range[] {
  return subnets.map((subnet) => (subnet.cidrBlock ? parseIpv4Cidr(subnet.cidrBlock) : null)).filter((range): range is Ipv4Range => !!range);
}

async function interfacePath(context: CheckContext, need: ServiceNeed, endpoint: VpcEndpointInfo, taskSubnets: SubnetInfo[]): Promise<PathHop[]> {
  const endpointSubnets = endpoint.subnetIds.map((subnetId) => subnetOf(context, subnetId));
  const endpointGroupIds = endpoint.securityGroupIds.length > 0 ? endpoint.securityGroupIds : context.defaultSecurityGroupId ? [context.defaultSecurityGroupId] : [];
  const destination = `the endpoint (security groups ${list(endpointGroupIds)}; subnets ${list(endpointSubnets.map((subnet) => `${subnet.subnetId} ${subnet.cidrBlock}`))})`;
  const egressFix = `Add an egress rule TCP 443 to security group ${endpointGroupIds[0] ?? 'of the endpoint'} (or to the VPC CIDR) on ${context.taskSecurityGroupIds?.[0] ?? 'the task security group'}.`;
  const hops: PathHop[] = [];
  const endpointStep = endpointHop(need, endpoint, context.region);
  if (endpoint.subnetIds.length > 0) {
    hops.push(await taskEgressHop(context, { groupIds: endpointGroupIds, ranges: subnetRanges(endpointSubnets) }, destination, egressFix, missingCidrFailure(context, endpointSubnets)));
    hops.push(...interfaceAclHops(context, endpoint, taskSubnets));
    hops.push(interfaceRouteHop(context, endpointSubnets, taskSubnets));
  }
  hops.push(endpointStep);
  if (endpointStep.status !== 'failed' || endpointStep.ruleId === 'endpoint-state') {
    hops.push(privateDnsHop(endpoint, need.service));
    hops.push(endpointSubnetsHop(context, endpoint, taskSubnets, need.service));
    const taskSubnetText = list(taskSubnets.map((subnet) => `${subnet.subnetId} ${subnet.cidrBlock}`));
    hops.push(await endpointIngressHop(context, endpoint, subnetRanges(taskSubnets), taskSubnetText, missingCidrFailure(context, taskSubnets)));
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
  let egress = await taskEgressHop(context, { groupIds: [], ranges: [ANY_IPV4], prefixListId: prefixList?.prefixListId ?? null }, destination, egressFix);
  if (egress.status === 'failed') {
    if (!context.s3PrefixList.ok) {
      egress = { ...egress, status: 'unknown', reason: `No rule to 0.0.0.0/0, and the S3 prefix list could not be read to look for one naming it: ${context.s3PrefixList.failure.message}`, fix: null, apiFailure: context.s3PrefixList.failure };
    } else if (prefixList) {
      const cidrs = await settle(context.reader.getPrefixListCidrs(prefixList.prefixListId), 'GetManagedPrefixListEntries');
      if (cidrs.ok) {
        const retry = await taskEgressHop(context, { groupIds: [], ranges: parseIpv4Cidrs(cidrs.value), prefixListId: prefixList.prefixListId }, destination, egressFix);
        if (retry.status === 'passed') egress = retry;
      }
    }
  }
  return [egress, ...(await s3AclHops(context, taskSubnets)), ...s3RouteHops(context, endpoint, taskSubnets), endpointStep, endpointPolicyHop(context, need, endpoint)];
}

function missingEndpointHop(context: CheckContext, need: ServiceNeed, elsewhere: VpcEndpointInfo[]): PathHop {
  const other = elsewhere.find((endpoint) => endpointServiceMatches(endpoint, context.region, need.service) && endpoint.vpcId !== context.target.vpcId);
  if (other) {
    return hop('endpoint', {
      ruleId: 'endpoint-state', status: 'failed', severity: 'error', title: 'Endpoint', resource: other.vpcEndpointId,
      reason: `The ${need.service} endpoint ${other.vpcEndpointId} is in ${other.vpcId}, but the tasks run in ${context.target.vpcId}.`,
      fix: `Create the ${need.endpointType} endpoint ${serviceNameFor(context.region, need.service)} in ${context.target.vpcId}.`,
    });
  }
  const terraformHint = need.endpointType === 'Gateway'
    ? `aws_vpc_endpoint with service_name "${serviceNameFor(context.region, need.service)}", vpc_endpoint_type "Gateway" and the task subnets' route_table_ids`
    : `aws_vpc_endpoint with service_name "${serviceNameFor(context.region, need.service)}", vpc_endpoint_type "Interface", private_dns_enabled = true, the task subnets and a security group admitting TCP 443`;
  return hop('endpoint', {
    ruleId: need.ruleId, status: 'failed', severity: need.severity, title: 'Endpoint', resource: context.target.vpcId,
    reason: `No ${need.endpointType.toLowerCase()} endpoint for ${need.service} in ${context.target.vpcId}; it is needed because ${need.neededBecause}.`,
    fix: `Create one: ${terraformHint}.`,
  });
}

async function servicePath(
  context: CheckContext,
  need: ServiceNeed,
  taskSubnets: SubnetInfo[],
  elsewhere: Settled<VpcEndpointInfo[]> | null,
  scope: ScopeResult,
): Promise<ServicePathResult> {
  const base = { service: need.service, serviceName: serviceNameFor(context.region, need.service), endpointType: need.endpointType, neededBecause: need.neededBecause, ruleId: need.ruleId };
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
      pathSubnets = taskSubnets.filter((subnet) => endpoint.routeTableIds.includes(routeTableForSubnet(subnet.subnetId, tables)?.routeTableId ?? ''));
    }
    const trafficUsesEndpoint = endpoint && (need.endpointType === 'Gateway' ? pathSubnets.length > 0 : endpoint.privateDnsEnabled);
    if (!endpoint || !trafficUsesEndpoint) {
      const internet = scope.internetSubnets[0];
      const hops = [hop('route-table', {
        ruleId: need.ruleId, status: 'passed', severity: 'info', title: 'Route table', resource: internet?.routeTableId ?? null,
        reason: `Tasks reach ${need.service} through ${internet?.via ?? 'the internet'}; no endpoint is needed.`, fix: null,
      })];
      return { ...base, endpointId: endpoint?.vpcEndpointId ?? null, viaInternet: true, status: 'passed', hops };
    }
  }
  if (!endpoint) {
    const hops = [missingEndpointHop(context, need, elsewhere?.ok ? elsewhere.value : [])];
    return { ...base, endpointId: null, viaInternet: false, status: 'failed', hops };
  }
  const hops = need.endpointType === 'Gateway' ? await s3Path(context, need, endpoint, pathSubnets) : await interfacePath(context, need, endpoint, pathSubnets);
  for (const item of hops) item.affects ??= `${need.service} (${endpoint.vpcEndpointId})`;
  return { ...base, endpointId: endpoint.vpcEndpointId, viaInternet: false, status: statusOf(hops), hops };
}

// ---------------------------------------------------------------------------------------------------------------
// Scope

function decideScope(
  context: Pick<CheckContext, 'target' | 'routeTables' | 'natGateways'>,
  subnetsToBeChosen: boolean,
): { scope: ScopeResult; taskSubnetIds: string[] } {
  const { target } = context;
  if (!context.routeTables.ok) {
    return {
      scope: {
        inScope: true, status: 'unknown', privateSubnetIds: target.subnetIds, internetSubnets: [],
        reason: `The route tables could not be read, so the tasks are assumed to have no internet access: ${context.routeTables.failure.message}`,
        apiFailure: context.routeTables.failure,
      },
      taskSubnetIds: target.subnetIds,
    };
  }
  const tables = context.routeTables.value;
  // A VPC target has no assignPublicIp setting: a subnet routed to an internet gateway is taken as public.
  const internetGatewayCounts = target.kind === 'vpc' || target.assignPublicIp;
  let candidateSubnets = target.subnetIds;
  if (subnetsToBeChosen) {
    const privateOnes = candidateSubnets.filter((subnetId) => {
      const table = routeTableForSubnet(subnetId, tables);
      return !table || !hasInternetGatewayRoute(table);
    });
    if (privateOnes.length > 0) candidateSubnets = privateOnes;
  }
  const privateSubnetIds: string[] = [];
  const internetSubnets: ScopeResult['internetSubnets'] = [];
  for (const subnetId of candidateSubnets) {
    const table = routeTableForSubnet(subnetId, tables);
    const internet = table ? findInternetRoute(table, { internetGatewayCounts, natGateways: context.natGateways }) : null;
    if (table && internet) internetSubnets.push({ subnetId, routeTableId: table.routeTableId, via: internet.via });
    else privateSubnetIds.push(subnetId);
  }
  const chosenText = subnetsToBeChosen ? ` (no subnets were given: checked the VPC's subnets without an internet gateway route: ${list(candidateSubnets)})` : '';
  const igwNote = !internetGatewayCounts && candidateSubnets.some((subnetId) => {
    const table = routeTableForSubnet(subnetId, tables);
    return table ? hasInternetGatewayRoute(table) : false;
  })
    ? ' Some task subnets route to an internet gateway, but the tasks get no public IP, so that route does not help them.'
    : '';
  let reason: string;
  if (internetSubnets.length === 0) {
    reason = `Task subnets ${list(privateSubnetIds)} have no route to the internet: the tasks need VPC endpoints${chosenText}.${igwNote}`;
  } else if (privateSubnetIds.length === 0) {
    reason = `Every task subnet reaches the internet (${internetSubnets.map((item) => `${item.subnetId} via ${item.via} in ${item.routeTableId}`).join('; ')}): VPC endpoints are not needed${chosenText}.`;
  } else {
    reason = `Task subnets ${list(privateSubnetIds)} have no internet route and need endpoints; ${internetSubnets.map((item) => `${item.subnetId} reaches the internet via ${item.via}`).join('; ')}${chosenText}.${igwNote}`;
  }
  return {
    scope: { inScope: privateSubnetIds.length > 0, status: 'passed', reason, privateSubnetIds, internetSubnets },
    taskSubnetIds: candidateSubnets,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// DNS

async function dnsChecks(context: CheckContext, vpcDns: Settled<{ enableDnsSupport: boolean; enableDnsHostnames: boolean }>, vpc: Settled<{ cidrBlocks: string[]; dhcpOptionsId: string | null }>): Promise<CheckStep[]> {
  const vpcId = context.target.vpcId;
  const steps: CheckStep[] = [];
  if (!vpcDns.ok) {
    steps.push(unknownStep('vpc-dns-attributes', 'VPC DNS attributes', vpcId, vpcDns.failure));
  } else {
    const missing = [vpcDns.value.enableDnsSupport ? null : 'enableDnsSupport', vpcDns.value.enableDnsHostnames ? null : 'enableDnsHostnames'].filter((name): name is string => !!name);
    steps.push(
      missing.length === 0
        ? { ruleId: 'vpc-dns-attributes', status: 'passed', severity: 'error', title: 'VPC DNS attributes', resource: vpcId, reason: `${vpcId} has DNS support and DNS hostnames on.`, fix: null }
        : {
            ruleId: 'vpc-dns-attributes', status: 'failed', severity: 'error', title: 'VPC DNS attributes', resource: vpcId,
            reason: `${vpcId} has ${missing.join(' and ')} off; endpoint private DNS needs both on.`,
            fix: `Set ${missing.map((name) => (name === 'enableDnsSupport' ? 'enable_dns_support' : 'enable_dns_hostnames')).join(' and ')} = true on the VPC (aws_vpc's enable_dns_hostnames defaults to false).`,
          },
    );
  }
  if (!vpc.ok) {
    steps.push(unknownStep('vpc-dhcp-dns', 'DHCP options DNS', vpcId, vpc.failure, 'warning'));
    return steps;
  }
  const dhcpOptionsId = vpc.value.dhcpOptionsId;
  if (!dhcpOptionsId || dhcpOptionsId === 'default') {
    steps.push({ ruleId: 'vpc-dhcp-dns', status: 'passed', severity: 'warning', title: 'DHCP options DNS', resource: vpcId, reason: `${vpcId} has no DHCP options set: tasks use AmazonProvidedDNS.`, fix: null });
    return steps;
  }
  const options = await settle(context.reader.describeDhcpOptions(dhcpOptionsId), 'DescribeDhcpOptions');
  if (!options.ok) {
    steps.push(unknownStep('vpc-dhcp-dns', 'DHCP options DNS', dhcpOptionsId, options.failure, 'warning'));
    return steps;
  }
  const servers = options.value.domainNameServers;
  const amazonAddresses = new Set(['169.254.169.253', ...vpc.value.cidrBlocks.map(amazonDnsAddress).filter((address): address is string => !!address)]);
  const usesAmazon = servers.length === 0 || servers.some((server) => server === 'AmazonProvidedDNS' || amazonAddresses.has(server));
  steps.push(
    usesAmazon
      ? { ruleId: 'vpc-dhcp-dns', status: 'passed', severity: 'warning', title: 'DHCP options DNS', resource: dhcpOptionsId, reason: `${dhcpOptionsId} gives tasks ${list(servers.length ? servers : ['AmazonProvidedDNS'])}.`, fix: null }
      : {
          ruleId: 'vpc-dhcp-dns', status: 'failed', severity: 'warning', title: 'DHCP options DNS', resource: dhcpOptionsId,
          reason: `${dhcpOptionsId} makes tasks resolve through ${list(servers)}, not AmazonProvidedDNS; endpoint private DNS names only resolve if those servers forward to the VPC resolver.`,
          fix: `Add AmazonProvidedDNS to domain_name_servers of ${dhcpOptionsId}, or make ${list(servers)} forward AWS names to the VPC resolver (${[...amazonAddresses].join(' or ')}).`,
        },
  );
  return steps;
}

// ---------------------------------------------------------------------------------------------------------------
// IAM

interface RoleData {
  role: Settled<{ roleName: string; arn: string; trustPolicy: unknown; permissionsBoundaryArn: string | null }>;
  policies: Settled<LabelledPolicy[]>;
  boundary: Settled<LabelledPolicy | null>;
}

async function readRolePolicies(reader: AwsNetworkReader, roleName: string, attached: Settled<Array<{ policyArn: string; policyName: string }>>, inlineNames: Settled<string[]>): Promise<Settled<LabelledPolicy[]>> {
  if (!attached.ok) return attached;
  if (!inlineNames.ok) return inlineNames;
  const managed = await Promise.all(attached.value.map((policy) => settle(reader.getManagedPolicyDocument(policy.policyArn), 'GetPolicyVersion')));
  const inline = await Promise.all(inlineNames.value.map((name) => settle(reader.getRolePolicyDocument(roleName, name), 'GetRolePolicy')));
  const policies: LabelledPolicy[] = [];
  for (const [index, document] of managed.entries()) {
    if (!document.ok) return document;
    policies.push({ label: `managed policy ${attached.value[index].policyName}`, document: document.value.document });
  }
  for (const [index, document] of inline.entries()) {
    if (!document.ok) return document;
    policies.push({ label: `inline policy ${inlineNames.value[index]}`, document: document.value });
  }
  return { ok: true, value: policies };
}

function executionRoleSteps(context: CheckContext, roleName: string | null, data: RoleData | null, endpointIds: Map<string, string>, scope: ScopeResult): CheckStep[] {
  const { requirements, taskDefinition, target } = context;
  const ecrImages = requirements.images.filter((image) => image.reference.kind === 'ecr-private');
  const needsRole = ecrImages.length > 0 || requirements.logGroups.length > 0 || requirements.secrets.length > 0;
  const taskDefinitionName = taskDefinition ? `${taskDefinition.family}:${taskDefinition.revision}` : null;
  if (!taskDefinition) return [];
  const isEc2 = target.launchType === 'EC2' || target.launchType === 'EXTERNAL';
  if (!roleName) {
    if (!needsRole) return [];
    return [{
      ruleId: 'execution-role', status: 'failed', severity: isEc2 ? 'warning' : 'error', title: 'Execution role', resource: taskDefinitionName,
      reason: `Task definition ${taskDefinitionName} has no executionRoleArn, but ${ecrImages.length > 0 ? 'pulls from ECR' : requirements.logGroups.length > 0 ? 'logs with awslogs' : 'reads secrets'}${isEc2 ? ' (on EC2 the container instance role is used instead; it is not checked here)' : ''}.`,
      fix: 'Set execution_role_arn to a role that trusts ecs-tasks.amazonaws.com and has AmazonECSTaskExecutionRolePolicy attached.',
    }];
  }
  if (!data) return [];
  const steps: CheckStep[] = [];
  const title = 'Execution role';
  if (!data.role.ok) {
    if (data.role.failure.kind === 'not-found') {
      return [{ ruleId: 'execution-role', status: 'failed', severity: 'error', title, resource: roleName, reason: `Execution role ${roleName} of ${taskDefinitionName} does not exist.`, fix: `Create role ${roleName} or point execution_role_arn at an existing role.` }];
    }
    return [unknownStep('execution-role', title, roleName, data.role.failure)];
  }
  const trusted = trustsServicePrincipal(data.role.value.trustPolicy, ecsTasksPrincipal);
  steps.push(
    trusted
      ? { ruleId: 'execution-role', status: 'passed', severity: 'error', title: 'Execution role trust', resource: roleName, reason: `${roleName} trusts ${ecsTasksPrincipal}.`, fix: null }
      : { ruleId: 'execution-role', status: 'failed', severity: 'error', title: 'Execution role trust', resource: roleName, reason: `The trust policy of ${roleName} does not let ${ecsTasksPrincipal} assume it.`, fix: `Add a statement allowing sts:AssumeRole to the service principal ${ecsTasksPrincipal} in the trust policy of ${roleName}.` },
  );
  if (!needsRole) return steps;
  if (!data.policies.ok) {
    steps.push(unknownStep('execution-role', 'Execution role permissions', roleName, data.policies.failure));
    return steps;
  }
  if (!data.boundary.ok) {
    steps.push(unknownStep('execution-role', 'Execution role permissions', roleName, data.boundary.failure));
    return steps;
  }
  const policies = data.policies.value;
  const boundary = data.boundary.value;
  const principal = { principalArn: data.role.value.arn, principalAccount: target.accountId };
  const viaEndpoint = (service: string) => (scope.inScope && endpointIds.get(service) ? { 'aws:sourcevpc': target.vpcId, 'aws:sourcevpce': endpointIds.get(service) as string } : { 'aws:sourcevpc': null, 'aws:sourcevpce': null });
  const judge = (request: PolicyRequest) => {
    const identity = evaluatePolicies(policies, request);
    if (!boundary || identity.decision !== 'allow') return identity;
    const bounded = evaluatePolicies([boundary], request);
    return bounded.decision === 'allow' ? identity : { ...bounded, statements: bounded.statements.length ? bounded.statements : [`permissions boundary ${boundary.label}`] };
  };
  const permissionStep = (stepTitle: string, requests: PolicyRequest[], fix: string, skipActions: string[] = []): CheckStep => {
    const missing: string[] = [];
    const undecided: string[] = [];
    for (const request of requests) {
      if (skipActions.includes(request.action)) continue;
      const evaluation = judge(request);
      const text = `${request.action} on ${request.resource}`;
      if (evaluation.decision === 'explicit-deny') missing.push(`${text} (denied by ${evaluation.statements.join(', ')})`);
      else if (evaluation.decision === 'implicit-deny') missing.push(text);
      else if (evaluation.decision === 'indeterminate') undecided.push(`${text} (depends on ${evaluation.unknownConditionKeys.join(', ') || 'a condition'})`);
    }
    if (missing.length > 0) {
      return { ruleId: 'execution-role', status: 'failed', severity: 'error', title: stepTitle, resource: roleName, reason: `Execution role ${roleName} is not allowed ${missing.join('; ')}.`, fix };
    }
    if (undecided.length > 0) return { ruleId: 'execution-role', status: 'unknown', severity: 'error', title: stepTitle, resource: roleName, reason: `Could not decide ${undecided.join('; ')}.`, fix: null };
    return { ruleId: 'execution-role', status: 'passed', severity: 'error', title: stepTitle, resource: roleName, reason: `${roleName} is allowed ${[...new Set(requests.map((request) => request.action))].join(', ')}.`, fix: null };
  };
  if (ecrImages.length > 0) {
    const authRequest: PolicyRequest = { action: 'ecr:GetAuthorizationToken', resource: '*', ...principal, context: { 'aws:sourcevpc': null, 'aws:sourcevpce': null } };
    const conditioned = statementsConditionedOn([...policies, ...(boundary ? [boundary] : [])], 'ecr:GetAuthorizationToken', '*', ['aws:SourceVpc', 'aws:SourceVpce']);
    const authDecision = judge(authRequest);
    const conditionBlocks = conditioned.length > 0 && authDecision.decision !== 'allow';
    if (conditioned.length > 0) {
      steps.push(
        conditionBlocks
          ? {
              ruleId: 'ecr-auth-source-vpc-condition', status: 'failed', severity: 'error', title: 'GetAuthorizationToken condition', resource: roleName,
              reason: `${conditioned.map((item) => `${item.label} (${item.effect}) ties ecr:GetAuthorizationToken to ${item.keys.join('/')}`).join('; ')}; that call does not come through the VPC endpoint, so the condition never holds and the token is refused.`,
              fix: `Grant ecr:GetAuthorizationToken on "*" in a statement without aws:SourceVpc/aws:SourceVpce conditions (keep the conditions on the pull actions).`,
            }
          : { ruleId: 'ecr-auth-source-vpc-condition', status: 'passed', severity: 'error', title: 'GetAuthorizationToken condition', resource: roleName, reason: `A statement without a source-VPC condition allows ecr:GetAuthorizationToken.`, fix: null },
      );
    }
    const repositories = [...new Set(ecrImages.map((image) => ecrRepositoryArn(image.reference)).filter((arn): arn is string => !!arn))];
    const pullRequests: PolicyRequest[] = [
      authRequest,
      ...repositories.flatMap((repository) => ecrPullActions.map((action) => ({ action, resource: repository, ...principal, context: viaEndpoint('ecr.dkr') }))),
    ];
    steps.push(permissionStep('Execution role ECR permissions', pullRequests, `Attach AmazonECSTaskExecutionRolePolicy to ${roleName}, or allow ecr:GetAuthorizationToken on "*" and ${ecrPullActions.join(', ')} on the repositories.`, conditionBlocks ? ['ecr:GetAuthorizationToken'] : []));
  }
  if (requirements.logGroups.length > 0) {
    const logRequests: PolicyRequest[] = requirements.logGroups.flatMap((group) => {
      const groupArn = `arn:aws:logs:${group.region}:${target.accountId ?? '*'}:log-group:${group.logGroup}`;
      const streamArn = `${groupArn}:log-stream:${group.streamPrefix ? `${group.streamPrefix}/` : ''}${group.container}/task`;
      return [
        ...(group.createGroup ? [{ action: 'logs:CreateLogGroup', resource: `${groupArn}:*`, ...principal, context: viaEndpoint('logs') }] : []),
        { action: 'logs:CreateLogStream', resource: `${groupArn}:log-stream:`, ...principal, context: viaEndpoint('logs') },
        { action: 'logs:PutLogEvents', resource: streamArn, ...principal, context: viaEndpoint('logs') },
      ];
    });
    steps.push(permissionStep('Execution role log permissions', logRequests, `Allow logs:CreateLogStream and logs:PutLogEvents on the log groups (AmazonECSTaskExecutionRolePolicy does) in ${roleName}.`));
  }
  if (requirements.secrets.length > 0) {
    const secretRequests: PolicyRequest[] = requirements.secrets.map((secret) => ({
      action: secret.store === 'secretsmanager' ? 'secretsmanager:GetSecretValue' : 'ssm:GetParameters',
      resource: secret.arn,
      ...principal,
      context: viaEndpoint(secret.store),
    }));
    steps.push(permissionStep('Execution role secret permissions', secretRequests, `Allow secretsmanager:GetSecretValue / ssm:GetParameters on the referenced secrets and parameters (and kms:Decrypt for a customer key) in ${roleName}.`));
  }
  return steps;
}

// ---------------------------------------------------------------------------------------------------------------
// Images

function imageSteps(context: CheckContext, scope: ScopeResult): CheckStep[] {
  const { taskDefinition, requirements, target, region } = context;
  if (!taskDefinition) return [];
  const resource = `${taskDefinition.family}:${taskDefinition.revision}`;
  return requirements.images.map(({ container, reference }): CheckStep => {
    const title = `Image of ${container}`;
    const base = { ruleId: 'image-registry', title, resource };
    if (reference.kind === 'ecr-private') {
      if (reference.region !== region) {
        return { ...base, status: scope.inScope ? 'failed' : 'passed', severity: 'warning', reason: `Container ${container} pulls ${reference.image} from ECR in ${reference.region}, not ${region}: the endpoints in ${target.vpcId} only reach ECR in ${region}.`, fix: scope.inScope ? `Replicate the repository to ${region} (ECR replication) and use the ${region} image URI.` : null };
      }
      if (target.accountId && reference.account !== target.accountId) {
        return { ...base, status: 'failed', severity: 'warning', reason: `Container ${container} pulls ${reference.image} from account ${reference.account}; the repository policy there must allow this account (${target.accountId}).`, fix: `Allow ${target.accountId} (or the execution role) to pull in the repository policy of ${reference.repository} in ${reference.account}.` };
      }
      return { ...base, status: 'passed', severity: 'error', reason: `Container ${container} pulls ${reference.image} from ECR in ${region}.`, fix: null };
    }
    if (!scope.inScope) {
      return { ...base, status: 'passed', severity: 'error', reason: `Container ${container} pulls ${reference.image} from ${reference.registryHost} over the internet route.`, fix: null };
    }
    const isPublic = reference.kind !== 'other-registry';
    return {
      ...base,
      status: 'failed',
      severity: isPublic ? 'error' : 'warning',
      reason: `Container ${container} pulls ${reference.image} from ${reference.registryHost}, which tasks without internet access cannot reach.`,
      fix: isPublic
        ? `Copy the image to a private ECR repository in ${region} (or set up an ECR pull-through cache rule, whose first pull needs NAT) and use that URI.`
        : `Give the tasks a route to ${reference.registryHost}, or copy the image to ECR in ${region}.`,
    };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Orchestration

/** Runs the live check for an ECS service or a VPC. Throws `LiveTargetError` / fatal `LiveCallError` only when the target itself cannot be read. */
export async function runLiveCheck(rawReader: AwsNetworkReader, request: LiveCheckRequest, options: LiveCheckOptions): Promise<LiveCheckResult> {
  const reader = memoizeReader(rawReader);
  const region = options.region;
  const resolution = await resolveTarget(reader, request, region);
  const { target } = resolution;
  const taskDefinition = resolution.taskDefinition?.ok ? resolution.taskDefinition.value : null;
  const requirements = taskRequirements(taskDefinition, region, target.accountId);
  const executionRoleArn = taskDefinition?.executionRoleArn ?? null;
  const roleName = executionRoleArn ? roleNameOf(executionRoleArn) : null;
  const vpcId = target.vpcId;

  const [vpc, vpcDns, subnetList, routeTables, endpoints, securityGroups, networkAcls, prefixLists, role, attached, inlineNames] = await Promise.all([
    settle(reader.describeVpc(vpcId), 'DescribeVpcs'),
    settle(reader.getVpcDnsAttributes(vpcId), 'DescribeVpcAttribute'),
    settle(reader.listSubnets(vpcId), 'DescribeSubnets'),
    settle(reader.listRouteTables(vpcId), 'DescribeRouteTables'),
    settle(reader.listVpcEndpoints(vpcId), 'DescribeVpcEndpoints'),
    settle(reader.listSecurityGroups(vpcId), 'DescribeSecurityGroups'),
    settle(reader.listNetworkAcls(vpcId), 'DescribeNetworkAcls'),
    settle(reader.listManagedPrefixLists(), 'DescribeManagedPrefixLists'),
    roleName ? settle(reader.getRole(roleName), 'GetRole') : null,
    roleName ? settle(reader.listAttachedRolePolicies(roleName), 'ListAttachedRolePolicies') : null,
    roleName ? settle(reader.listRolePolicyNames(roleName), 'ListRolePolicies') : null,
  ]);

  const subnets = new Map<string, SubnetInfo>();
  let subnetsFailure: ApiFailure | null = null;
  if (subnetList.ok) {
    for (const subnet of subnetList.value) subnets.set(subnet.subnetId, subnet);
  } else {
    subnetsFailure = subnetList.failure;
    // The service's own subnets were read while resolving it (memoised, no new call); the endpoints' stay unknown.
    const known = target.kind === 'service' ? await settle(reader.describeSubnets(target.subnetIds), 'DescribeSubnets') : null;
    for (const subnet of known?.ok ? known.value : []) subnets.set(subnet.subnetId, subnet);
  }
  const defaultSecurityGroupId = securityGroups.ok ? securityGroups.value.find((group) => group.groupName === 'default')?.groupId ?? null : null;
  const taskSecurityGroupIds = target.usesDefaultSecurityGroup ? (defaultSecurityGroupId ? [defaultSecurityGroupId] : null) : target.securityGroupIds;
  if (securityGroups.ok && target.kind === 'vpc' && taskSecurityGroupIds) {
    const strangers = taskSecurityGroupIds.filter((groupId) => !securityGroups.value.some((group) => group.groupId === groupId));
    if (strangers.length > 0) {
      throw new LiveTargetError(`Security group ${strangers.join(', ')} is not in ${vpcId}.`);
    }
  }
  const s3PrefixList: Settled<PrefixListInfo | null> = prefixLists.ok
    ? { ok: true, value: prefixLists.value.find((item) => item.prefixListName === `com.amazonaws.${region}.s3` || item.prefixListName.endsWith(`.${region}.s3`)) ?? null }
    : prefixLists;

  const needsNatGateways = routeTables.ok && hasNatGatewayRoute(routeTables.value);
  const natGatewaysPending = needsNatGateways ? settle(reader.listNatGateways(vpcId), 'DescribeNatGateways') : null;
  const policiesPending = roleName && attached && inlineNames ? readRolePolicies(reader, roleName, attached, inlineNames) : null;
  const boundaryArn = role?.ok ? role.value.permissionsBoundaryArn : null;
  const boundaryPending: Promise<Settled<LabelledPolicy | null>> = boundaryArn
    ? settle(reader.getManagedPolicyDocument(boundaryArn), 'GetPolicyVersion').then((document) =>
        document.ok ? { ok: true as const, value: { label: `permissions boundary ${boundaryArn}`, document: document.value.document } } : document,
      )
    : Promise.resolve({ ok: true as const, value: null });
  const natGateways = natGatewaysPending ? await natGatewaysPending : null;

  const partialContext = { target, routeTables, natGateways: natGateways?.ok ? natGateways.value : null };
  const { scope, taskSubnetIds } = decideScope(partialContext, resolution.subnetsToBeChosen);
  const context: CheckContext = {
    reader, region, target: { ...target, subnetIds: taskSubnetIds }, taskDefinition, requirements, subnets, subnetsFailure, routeTables,
    natGateways: partialContext.natGateways, endpoints, securityGroups, networkAcls, s3PrefixList, taskSecurityGroupIds, defaultSecurityGroupId, executionRoleArn,
  };

  const needs = serviceNeeds(context.target, taskDefinition, requirements, resolution.service?.enableExecuteCommand ?? false);
  const missing = endpoints.ok && scope.inScope ? needs.filter((need) => !pickEndpoint(endpoints.value, region, need)) : [];
  const elsewherePending = missing.length > 0 ? settle(reader.findVpcEndpointsByServiceName(missing.map((need) => serviceNameFor(region, need.service))), 'DescribeVpcEndpoints') : null;

  const pathSubnetIds = scope.inScope ? scope.privateSubnetIds : taskSubnetIds;
  const taskSubnets = pathSubnetIds.map((subnetId) => subnetOf(context, subnetId));
  const elsewhere = elsewherePending ? await elsewherePending : null;
  const services = await Promise.all(needs.map((need) => servicePath(context, need, taskSubnets, elsewhere, scope)));

  const usesInterfaceEndpoints = services.some((path) => path.endpointType === 'Interface' && !path.viaInternet);
  const dns = usesInterfaceEndpoints ? await dnsChecks(context, vpcDns, vpc) : [];

  const [policies, boundary] = await Promise.all([policiesPending, boundaryPending]);
  const endpointIds = new Map(services.filter((path) => path.endpointId).map((path) => [path.service, path.endpointId as string]));
  const roleData: RoleData | null = role && policies ? { role, policies, boundary } : null;
  const iam = executionRoleSteps(context, roleName, roleData, endpointIds, scope);
  if (resolution.taskDefinition && !resolution.taskDefinition.ok) {
    iam.push(unknownStep('execution-role', 'Task definition', target.taskDefinitionArn, resolution.taskDefinition.failure));
  }
  const images = imageSteps(context, scope);
  const result: Omit<LiveCheckResult, 'findings'> = { version: 1, target: context.target, scope, services, dns, iam, images };
  return { ...result, findings: collectFindings(result) };
}
