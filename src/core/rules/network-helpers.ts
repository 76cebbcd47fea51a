/**
 * Questions the network rules (endpoint-sg-ingress, task-sg-egress, endpoint-subnets, nacl-https)
 * share: which interface endpoints a workload's tasks use, which security groups stand on either
 * side (counting the VPC default group AWS gives an ENI with none), whether a set of groups lets
 * TCP 443 through to a peer, and which expression names a value inside a given module (for fixes).
 */
import { parseIpv4Cidr, isRangeCoveredBy, type Ipv4Range } from '../aws-semantics/cidr';
import type { SourceLocation } from '../model/body';
import type { ModuleInstance, ResourceInstance } from '../model/config';
import { allowsHttps, type Endpoint, type SecurityGroup, type SecurityGroupRule, type Tri } from '../model/network';
import { asList, asString, patternMatches, type Value } from '../model/values';
import type { Workload } from '../model/workloads';
import { endpointsForService, skipsEcrApi, workloadVpc } from './helpers';
import { secretService } from './secrets-endpoints';
import type { RuleContext } from './types';
import { describeValue, nameValue } from './undecided';

/** What kept a network verdict open: the deciding value in words, and where it is written. */
export interface Doubt {
  reason: string;
  location: SourceLocation;
}

/** A stable key for a doubt (one info per cause). */
export function doubtKey(doubt: Doubt): string {
  return `${doubt.location.file}:${doubt.location.range.start.offset}:${doubt.reason}`;
}

/** An interface endpoint a workload's tasks call, with the service it serves for them. */
export interface UsedEndpoint {
  endpoint: Endpoint;
  service: string;
}

/** The interface-endpoint services a workload's tasks call while starting and running (known needs only). */
export function servicesUsedBy(workload: Workload): string[] {
  const services = ['ecr.dkr'];
  if (!skipsEcrApi(workload)) services.push('ecr.api');
  const containers = workload.taskDefinition?.containers ?? [];
  if (containers.some((c) => c.logDriver === 'awslogs')) services.push('logs');
  for (const container of containers) {
    const sources = [...container.secretSources, ...(container.repositoryCredentials ? [container.repositoryCredentials] : [])];
    for (const source of sources) {
      const service = secretService(source);
      if (service && !services.includes(service)) services.push(service);
    }
  }
  if (workload.executeCommand === true) services.push('ssmmessages');
  if (workload.launchType === 'EC2') services.push('ecs-agent', 'ecs-telemetry', 'ecs');
  return services;
}

/**
 * The endpoints in the workload's VPC that serve the services its tasks use. Every such service is
 * offered only as an Interface endpoint, so an endpoint written with another type still counts: the
 * endpoint rules ask for it to be made Interface, and its groups and subnets then decide.
 */
export function usedInterfaceEndpoints(context: RuleContext, workload: Workload): UsedEndpoint[] {
  const out: UsedEndpoint[] = [];
  for (const service of servicesUsedBy(workload)) {
    for (const endpoint of endpointsForService(context, workload, service).found) {
      if (endpoint.type === 'GatewayLoadBalancer') continue;
      if (!out.some((u) => u.endpoint === endpoint)) out.push({ endpoint, service });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Security groups, including the VPC default group that AWS manages unless Terraform does.

/** A security group as the network rules see it: managed here (with its rules), or AWS's untouched VPC default group. */
export type GroupHandle = { kind: 'managed'; group: SecurityGroup } | { kind: 'aws-default'; vpc: ResourceInstance };

/** A stable key for a group handle (for de-duplicating reports). */
export function groupKey(handle: GroupHandle): string {
  return handle.kind === 'managed' ? handle.group.resource.fullAddress : `default-security-group:${handle.vpc.fullAddress}`;
}

/** How a group is named in messages. */
export function groupName(handle: GroupHandle): string {
  return handle.kind === 'managed' ? handle.group.resource.fullAddress : `the default security group of ${handle.vpc.fullAddress}`;
}

/**
 * The VPC default security group: the `aws_default_security_group` that manages it (its rules are
 * exactly the ones written), else AWS's own (all traffic in from its members, all traffic out).
 * Undefined when some `aws_default_security_group` cannot be placed.
 */
export function defaultGroupOf(context: RuleContext, vpc: ResourceInstance): GroupHandle | undefined {
  for (const resource of context.configuration.resourcesOfType('aws_default_security_group')) {
    const v = resource.attr('vpc_id');
    if (v.kind === 'ref' && v.target === vpc) {
      const group = context.network.securityGroup({ kind: 'ref', target: resource, attribute: 'id' });
      return group ? { kind: 'managed', group } : undefined;
    }
    if (v.kind === 'unknown' || !resource.certain) return undefined;
  }
  return { kind: 'aws-default', vpc };
}

/** The group a security group id value names (`aws_security_group.x.id`, `aws_vpc.x.default_security_group_id`...), if managed here. */
export function resolveGroup(context: RuleContext, value: Value): GroupHandle | undefined {
  const group = context.network.securityGroup(value);
  if (group) return { kind: 'managed', group };
  if (
    value.kind === 'ref' &&
    value.target.mode === 'managed' &&
    value.target.type === 'aws_vpc' &&
    value.attribute === 'default_security_group_id'
  ) {
    return defaultGroupOf(context, value.target);
  }
  return undefined;
}

/** Groups named by a list of ids; an empty list means the VPC default group. */
export interface GroupSet {
  handles: GroupHandle[];
  /** False when some id could not be resolved (a data source, a literal id): a non-match may still be a match. */
  complete: boolean;
  /** When not complete: the first id that could not be resolved. */
  doubt?: Doubt;
}

/**
 * Resolves a list of security group ids (empty → the default group of `vpc`). Undefined when the list
 * is unknown. `where` is the location of the list, for the doubt an unresolved id leaves.
 */
export function resolveGroups(
  context: RuleContext,
  ids: Value[] | undefined,
  vpc: ResourceInstance | undefined,
  where?: SourceLocation,
): GroupSet | undefined {
  if (!ids) return undefined;
  if (ids.length === 0) {
    const handle = vpc ? defaultGroupOf(context, vpc) : undefined;
    return handle ? { handles: [handle], complete: true } : undefined;
  }
  const handles: GroupHandle[] = [];
  let complete = true;
  let doubt: Doubt | undefined;
  for (const id of ids) {
    const handle = resolveGroup(context, id);
    if (!handle) {
      complete = false;
      if (!doubt && where) doubt = { reason: unresolvedGroupReason(id), location: where };
    } else if (!handles.some((h) => groupKey(h) === groupKey(handle))) handles.push(handle);
  }
  return doubt ? { handles, complete, doubt } : { handles, complete };
}

/** Why a security group id does not resolve to a group whose rules are known. */
function unresolvedGroupReason(id: Value): string {
  if (id.kind === 'ref')
    return `the security group ${id.target.fullAddress}.${id.attribute} is not managed in this configuration, so its rules are not known`;
  return `a security group id is ${describeValue(id)}, so its rules are not known`;
}

/**
 * Why an endpoint's list attribute (`subnet_ids`, `security_group_ids`, `route_table_ids`) is not known:
 * the attribute itself, or an association resource with an unknown count.
 */
export function endpointListDoubt(context: RuleContext, endpoint: Endpoint, attribute: string, associationType: string): Doubt {
  const resource = endpoint.resource;
  if (!asList(resource.attr(attribute)))
    return {
      reason: `${attribute} of ${resource.fullAddress} is ${nameValue(context, resource, attribute)}`,
      location: endpoint.location(attribute),
    };
  const association = context.network.associationsFor(associationType, 'vpc_endpoint_id', resource).find((a) => !a.certain);
  if (association) {
    const expansion = ['count', 'for_each'].find((name) => association.has(name));
    return {
      reason: `${association.fullAddress} has an unknown count or for_each`,
      location: expansion ? association.valueLocation(expansion) : association.location,
    };
  }
  return { reason: `${attribute} of ${resource.fullAddress} is not known here`, location: endpoint.location(attribute) };
}

/** Why the task security groups of a workload are not known. */
export function taskGroupsDoubt(context: RuleContext, workload: Workload): Doubt {
  const config = workload.launch.networkConfiguration;
  const value = config ? nameValue(context, config, 'security_groups') : 'not known here';
  return { reason: `the security groups of the tasks are ${value}`, location: workload.securityGroupsLocation };
}

/** The task security groups of a workload (an empty `security_groups` means the VPC default group). */
export function taskGroups(context: RuleContext, workload: Workload): GroupSet | undefined {
  return resolveGroups(context, workload.securityGroupIds, workloadVpc(context, workload), workload.securityGroupsLocation);
}

/** The security groups of an endpoint (none written → the VPC default group). */
export function endpointGroups(context: RuleContext, endpoint: Endpoint, fallbackVpc: ResourceInstance | undefined): GroupSet | undefined {
  const vpc = context.network.resolve(endpoint.resource.attr('vpc_id'), ['aws_vpc']) ?? fallbackVpc;
  return resolveGroups(context, endpoint.securityGroupIds, vpc, endpoint.location('security_group_ids'));
}

/** A separate rule resource of `direction` that points at a group id the checker cannot resolve (it might be this group's). */
function someRuleTargetUnknown(context: RuleContext, direction: 'ingress' | 'egress'): Doubt | undefined {
  const types = ['aws_security_group_rule', `aws_vpc_security_group_${direction}_rule`];
  for (const type of types) {
    const rule = context.configuration.resourcesOfType(type).find((r) => r.attr('security_group_id').kind === 'unknown');
    if (rule)
      return {
        reason: `${rule.fullAddress} may add a rule to these groups: its security_group_id is ${describeValue(rule.attr('security_group_id'))}`,
        location: rule.valueLocation('security_group_id'),
      };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Whether groups let TCP 443 through to a peer.

/** An address range a peer uses: known, or unknown but inside a known VPC range. */
export interface PeerRange {
  range?: Ipv4Range;
  /** The VPC CIDR the address lies in, when the peer's own CIDR is not known. */
  within?: Ipv4Range;
  /** How the peer is named in messages, e.g. `aws_subnet.private_a (10.0.1.0/24)`. */
  label: string;
  /** Where the unknown CIDR (or the unplaced subnet id) is written, when `range` is not known. */
  doubt?: Doubt;
}

/** Who is on the other side of the connection. */
export interface Peer {
  /** Groups the peer's interfaces carry. */
  groups: GroupSet;
  /** The peer's addresses (subnet CIDRs). */
  ranges: PeerRange[];
  /** True for S3: public addresses only reachable through 0.0.0.0/0 or the S3 prefix list. */
  s3?: boolean;
}

/** What a check of groups against a peer found. */
export interface GroupVerdict {
  allows: Tri;
  /** Every rule of the direction, across the groups (for the message). */
  ruleCount: number;
  /** Rules of the direction that let TCP 443 through (to someone). */
  httpsRules: SecurityGroupRule[];
  /** When `allows` is `maybe`: the first value that kept it open. */
  doubt?: Doubt;
}

/** Address ranges that are not private (RFC 1918): where S3 and the other public services live. */
const PRIVATE_RANGES: Ipv4Range[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((c) => parseIpv4Cidr(c)!);
const ALL_IPV4: Ipv4Range = parseIpv4Cidr('0.0.0.0/0')!;

/** True when a range holds some address outside the private ranges. */
export function touchesPublicSpace(range: Ipv4Range): boolean {
  return !PRIVATE_RANGES.some((p) => p.first <= range.first && range.last <= p.last);
}

/** Whether a prefix list id value is the S3 prefix list: `aws_vpc_endpoint.<s3>.prefix_list_id`, `data.aws_prefix_list` / `data.aws_ec2_managed_prefix_list` for S3. */
export function isS3PrefixList(value: Value): Tri {
  if (value.kind !== 'ref') return value.kind === 'unknown' || value.kind === 'string' ? 'maybe' : 'no';
  const target = value.target;
  if (target.mode === 'managed' && target.type === 'aws_vpc_endpoint') {
    if (value.attribute !== 'prefix_list_id') return 'no';
    const name = target.attr('service_name');
    const text = asString(name);
    if (text !== undefined) return /\.s3$/.test(text) ? 'yes' : 'no';
    if (name.kind === 'unknown' && name.pattern)
      return name.pattern.endsWith('.s3') ? 'yes' : patternMatches(name.pattern, 'com.amazonaws.region-1.s3') ? 'maybe' : 'no';
    return 'maybe';
  }
  if (target.mode === 'data' && (target.type === 'aws_prefix_list' || target.type === 'aws_ec2_managed_prefix_list')) {
    const names: Value[] = [target.attr('name')];
    for (const filter of target.blocks('filter')) {
      if (asString(filter.attr('name')) === 'prefix-list-name') names.push(...(asList(filter.attr('values')) ?? [filter.attr('values')]));
    }
    const known = names.filter((n) => n.kind !== 'null');
    if (known.length === 0) return 'maybe';
    for (const name of known) {
      const text = asString(name);
      if (text === undefined) {
        if (name.kind === 'unknown' && name.pattern?.endsWith('.s3')) return 'yes';
        return 'maybe';
      }
      if (/\.s3$/.test(text)) return 'yes';
    }
    return 'no';
  }
  return 'maybe';
}

/** Whether a source/destination group id value names one of the peer's groups. */
function groupValueMatches(context: RuleContext, value: Value, peer: GroupSet): Tri {
  const handle = resolveGroup(context, value);
  if (!handle) return 'maybe';
  if (peer.handles.some((h) => groupKey(h) === groupKey(handle))) return 'yes';
  return peer.complete ? 'no' : 'maybe';
}

/** Attributes a rule's parts are written in, across the three ways of writing a rule. */
const RULE_ATTRIBUTES = {
  ports: ['protocol', 'ip_protocol', 'from_port', 'to_port', 'self'],
  cidrs: ['cidr_blocks', 'cidr_ipv4', 'ipv6_cidr_blocks', 'cidr_ipv6'],
  prefixLists: ['prefix_list_ids', 'prefix_list_id'],
  groups: ['security_groups', 'source_security_group_id', 'referenced_security_group_id'],
};

/** True when a value is known to its leaves (strings, numbers, lists of them). */
function fullyKnown(value: Value): boolean {
  if (value.kind === 'list') return value.items.every(fullyKnown);
  return value.kind === 'string' || value.kind === 'number' || value.kind === 'bool' || value.kind === 'null';
}

/**
 * The doubt a rule part leaves, at the attribute that holds it when the rule is a block or resource:
 * `cidr_blocks is [var.allowed] (variable "allowed" has no value in this configuration)`.
 */
function ruleDoubt(context: RuleContext, rule: SecurityGroupRule, part: keyof typeof RULE_ATTRIBUTES, subject: string): Doubt {
  const view = rule.view;
  if (view) {
    const order = [...RULE_ATTRIBUTES[part], ...Object.values(RULE_ATTRIBUTES).flat()];
    const name = order.find((n) => view.has(n) && !fullyKnown(view.attr(n)));
    if (name) {
      const value = view.attr(name);
      const item = value.kind === 'list' ? (value.items.find((i) => !fullyKnown(i)) ?? value) : value;
      return { reason: `${subject}: ${name} is ${nameValue(context, view, name, item)}`, location: view.valueLocation(name) };
    }
  }
  return { reason: `${subject}: a part of it is not known here`, location: rule.location };
}

/** How a rule is named in messages: its resource address, or "an ingress rule of <group>". */
function ruleName(rule: SecurityGroupRule, group: string): string {
  const view = rule.view as { fullAddress?: string } | undefined;
  return view?.fullAddress ?? `an ${rule.direction} rule of ${group}`;
}

/** Decides whether `groups` let TCP 443 in (`ingress`) from, or out (`egress`) to, `peer`. Groups add up. */
export function groupsAllowHttps(context: RuleContext, groups: GroupSet, direction: 'ingress' | 'egress', peer: Peer): GroupVerdict {
  let uncertain = false;
  let doubt: Doubt | undefined;
  /** Marks the verdict open; the first cause is the one reported. */
  const doubtful = (cause: Doubt | undefined): void => {
    uncertain = true;
    doubt ??= cause;
  };
  if (!groups.complete) doubtful(groups.doubt);
  let ruleCount = 0;
  const httpsRules: SecurityGroupRule[] = [];
  const covering: Ipv4Range[] = [];
  let partialPublic: Doubt | undefined;
  const yes = (): GroupVerdict => ({ allows: 'yes', ruleCount, httpsRules });
  const targetUnknown = someRuleTargetUnknown(context, direction);
  if (targetUnknown) doubtful(targetUnknown);
  for (const handle of groups.handles) {
    if (handle.kind === 'aws-default') {
      // AWS's own default group: all traffic out, and all traffic in from its own members.
      if (direction === 'egress') return yes();
      if (peer.groups.handles.some((h) => groupKey(h) === groupKey(handle))) return yes();
      continue;
    }
    const group = handle.group;
    const name = group.resource.fullAddress;
    if (group.rulesIncomplete)
      doubtful(group.incompleteCause ?? { reason: `some rules of ${name} are not known here`, location: group.resource.location });
    for (const rule of group.rules) {
      if (rule.direction !== direction) continue;
      ruleCount++;
      const https = allowsHttps(rule);
      if (https === false) continue;
      if (https === undefined) {
        doubtful(ruleDoubt(context, rule, 'ports', `the protocol or ports of ${ruleName(rule, name)} are not known`));
        continue;
      }
      httpsRules.push(rule);
      if (rule.uncertain) doubtful(ruleDoubt(context, rule, 'cidrs', `${ruleName(rule, name)} is not fully known`));
      if (rule.self && peer.groups.handles.some((h) => groupKey(h) === groupKey(handle))) return yes();
      for (const value of rule.sourceGroups) {
        const match = groupValueMatches(context, value, peer.groups);
        if (match === 'yes') return yes();
        if (match === 'maybe') {
          const known = resolveGroup(context, value) !== undefined;
          doubtful(
            known && peer.groups.doubt
              ? peer.groups.doubt
              : {
                  reason: `${ruleName(rule, name)} names the security group ${describeValue(value)}, which is not managed in this configuration`,
                  location: ruleDoubt(context, rule, 'groups', '').location,
                },
          );
        }
      }
      for (const value of rule.prefixLists) {
        const s3 = isS3PrefixList(value);
        const listDoubt = {
          reason: `${ruleName(rule, name)} names the prefix list ${describeValue(value)}, whose entries are not known here`,
          location: ruleDoubt(context, rule, 'prefixLists', '').location,
        };
        if (peer.s3) {
          if (s3 === 'yes') return yes();
          if (s3 === 'maybe') doubtful(listDoubt);
        } else if (s3 !== 'yes' && !(value.kind === 'ref' && value.target.type === 'aws_vpc_endpoint')) {
          // A customer prefix list might hold the peer's CIDRs; gateway endpoint lists (S3, DynamoDB) never do.
          doubtful(listDoubt);
        }
      }
      for (const value of rule.cidrs) {
        const text = asString(value);
        if (text === undefined) {
          doubtful(ruleDoubt(context, rule, 'cidrs', `a CIDR of ${ruleName(rule, name)} is not known`));
          continue;
        }
        const range = parseIpv4Cidr(text);
        if (!range) continue; // IPv6: the tasks' IPv4 traffic is what matters here.
        covering.push(range);
        if (peer.s3 && touchesPublicSpace(range))
          partialPublic ??= {
            reason: `${ruleName(rule, name)} opens ${text}, which may or may not hold S3\u2019s addresses`,
            location: rule.location,
          };
      }
    }
  }
  const open = (fallback?: Doubt): GroupVerdict => {
    if (fallback) doubtful(fallback);
    return uncertain ? { allows: 'maybe', ruleCount, httpsRules, doubt } : { allows: 'no', ruleCount, httpsRules };
  };
  if (peer.s3) {
    if (isRangeCoveredBy(ALL_IPV4, covering)) return yes();
    // Some public range is open: it may be S3's published ranges, which the checker does not know.
    return open(partialPublic);
  } else if (peer.ranges.length > 0) {
    // A known range left out decides on its own; a peer whose range is unknown only leaves doubt.
    let knownLeftOut = false;
    let unknownLeftOut: PeerRange | undefined;
    for (const p of peer.ranges) {
      if (p.range) {
        if (!isRangeCoveredBy(p.range, covering)) knownLeftOut = true;
      } else if (!(p.within && isRangeCoveredBy(p.within, covering))) {
        unknownLeftOut ??= p;
      }
    }
    if (!knownLeftOut && !unknownLeftOut) return yes();
    if (!knownLeftOut)
      return open(unknownLeftOut?.doubt ?? located(`the CIDR of ${unknownLeftOut!.label} is not known here`, groupsLocation(groups)));
    return open();
  }
  return open(located('the addresses of the other side are not known here', groupsLocation(groups)));
}

function located(reason: string, location: SourceLocation | undefined): Doubt | undefined {
  return location ? { reason, location } : undefined;
}

/** Where a set of groups is declared, for a doubt with no better place: its first managed group. */
function groupsLocation(groups: GroupSet): SourceLocation | undefined {
  for (const handle of groups.handles) if (handle.kind === 'managed') return handle.group.resource.location;
  if (groups.doubt) return groups.doubt.location;
  const first = groups.handles[0];
  return first?.kind === 'aws-default' ? first.vpc.location : undefined;
}

/** The CIDR of a subnet, when known. */
export function subnetRange(subnet: ResourceInstance): Ipv4Range | undefined {
  const text = asString(subnet.attr('cidr_block'));
  return text === undefined ? undefined : (parseIpv4Cidr(text) ?? undefined);
}

/** A subnet as a peer range (its CIDR, else its VPC's CIDR as an outer bound). */
export function subnetPeerRange(context: RuleContext, subnet: ResourceInstance): PeerRange {
  const cidr = asString(subnet.attr('cidr_block'));
  const range = cidr === undefined ? undefined : (parseIpv4Cidr(cidr) ?? undefined);
  if (range) return { range, label: `${subnet.fullAddress} (${cidr})` };
  const vpc = context.network.resolve(subnet.attr('vpc_id'), ['aws_vpc']);
  const vpcCidr = vpc ? asString(vpc.attr('cidr_block')) : undefined;
  const within = vpcCidr === undefined ? undefined : (parseIpv4Cidr(vpcCidr) ?? undefined);
  const doubt = {
    reason: `the CIDR of ${subnet.fullAddress} is ${describeValue(subnet.attr('cidr_block'))}`,
    location: subnet.valueLocation('cidr_block'),
  };
  return { within, label: subnet.fullAddress, doubt };
}

/** Describes the sources (or destinations) HTTPS rules name, for messages: `10.1.0.0/16, aws_security_group.lb`. */
export function describeRuleTargets(rules: SecurityGroupRule[]): string {
  const names: string[] = [];
  const add = (name: string) => {
    if (!names.includes(name)) names.push(name);
  };
  for (const rule of rules) {
    for (const cidr of rule.cidrs) add(asString(cidr) ?? 'an unknown CIDR');
    for (const group of rule.sourceGroups) add(group.kind === 'ref' ? group.target.fullAddress : (asString(group) ?? 'an unknown group'));
    for (const list of rule.prefixLists)
      add(list.kind === 'ref' ? `${list.target.fullAddress}.${list.attribute}` : (asString(list) ?? 'an unknown prefix list'));
    if (rule.self) add('its own members (self)');
  }
  return names.join(', ');
}

/** Orders source locations by file, then position: findings point at what a reader meets first. */
export function compareLocations(a: SourceLocation, b: SourceLocation): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.range.start.offset - b.range.start.offset;
}

// ---------------------------------------------------------------------------------------------
// Expressions for fixes.

/** Deep equality of two values as far as they are known (refs by target and attribute). */
export function valuesEqual(a: Value, b: Value): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'string':
    case 'number':
    case 'bool':
      return a.value === (b as typeof a).value;
    case 'null':
      return true;
    case 'ref':
      return a.target === (b as typeof a).target && a.attribute === (b as typeof a).attribute;
    case 'list': {
      const other = b as typeof a;
      return a.items.length === other.items.length && a.items.every((item, i) => valuesEqual(item, other.items[i]));
    }
    default:
      return false;
  }
}

/**
 * An expression that evaluates to `value` inside `module`: a reference to a resource of the module,
 * an output of a registry module it calls, or one of its variables bound to that value.
 */
export function expressionFor(module: ModuleInstance, value: Value): string | undefined {
  if (value.kind === 'ref') {
    const target = value.target;
    if (target.module === module && target.block) return `${target.address}.${value.attribute}`;
    const child = target.module;
    const callName = child.call?.block.labels[0];
    if (child.parent === module && callName && child.path.endsWith(`module.${callName}`) && !target.block) {
      if (child.kind === 'registry-vpc-endpoints') {
        if (target.type === 'aws_security_group' && value.attribute === 'id') return `module.${callName}.security_group_id`;
        if (
          target.type === 'aws_vpc_endpoint' &&
          typeof target.key === 'string' &&
          (value.attribute === 'id' || value.attribute === 'prefix_list_id')
        ) {
          return `module.${callName}.endpoints[${JSON.stringify(target.key)}].${value.attribute}`;
        }
      }
    }
  }
  for (const name of module.variableNames()) if (valuesEqual(module.variableValue(name), value)) return `var.${name}`;
  return undefined;
}
