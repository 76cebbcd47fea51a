/**
 * The network as the rules see it: VPC endpoints, security groups with all their rules, subnets,
 * route tables and default routes, normalised across the ways Terraform can write each of them
 * (inline blocks, separate rule resources, association resources, registry modules).
 */
import type { Expression } from '../hcl/ast';
import type { BodyView, SourceLocation } from './body';
import type { Configuration, ResourceInstance } from './config';
import { asBool, asList, asNumber, asString, patternMatches, unknown, type Value } from './values';

/** Three-valued answers: rules act only on `yes`/`no`, and stay quiet on `maybe`. */
export type Tri = 'yes' | 'no' | 'maybe';

/** The short service of an endpoint service name: `ecr.dkr` for `com.amazonaws.eu-west-1.ecr.dkr`. */
export function shortServiceName(serviceName: string): string | undefined {
  const m = /^(?:cn\.)?com\.amazonaws\.[^.]+\.(.+)$/.exec(serviceName);
  return m ? m[1] : undefined;
}

/** A VPC endpoint, from `aws_vpc_endpoint` or a registry module entry, with association resources folded in. */
export class Endpoint {
  constructor(
    readonly network: Network,
    readonly resource: ResourceInstance,
  ) {}

  /** The service name value (string, or unknown with a pattern). */
  get serviceName(): Value {
    return this.resource.attr('service_name');
  }

  /** Whether this endpoint serves the short service name `service` (e.g. `ecr.dkr`). */
  serves(service: string): Tri {
    if (!this.resource.certain) return 'maybe';
    const name = this.serviceName;
    if (name.kind === 'string') return shortServiceName(name.value) === service ? 'yes' : 'no';
    if (name.kind === 'unknown' && name.pattern !== undefined) {
      // `com.amazonaws.*.ecr.dkr`: only the region is unknown, so the service is known.
      const known = /^(?:cn\.)?com\.amazonaws\.\*\.([^*]+)$/.exec(name.pattern);
      if (known) return known[1] === service ? 'yes' : 'no';
      return patternMatches(name.pattern, `com.amazonaws.region-1.${service}`) ? 'maybe' : 'no';
    }
    return 'maybe';
  }

  /** `Interface`, `Gateway`, `GatewayLoadBalancer`... with Terraform's default (Gateway) applied; undefined when unknown. */
  get type(): string | undefined {
    const v = this.resource.attr('vpc_endpoint_type');
    if (v.kind === 'null') return 'Gateway';
    return asString(v);
  }

  /** Private DNS, counting a separate `aws_vpc_endpoint_private_dns`; undefined when unknown. */
  get privateDns(): boolean | undefined {
    const separate = this.network.associationsFor('aws_vpc_endpoint_private_dns', 'vpc_endpoint_id', this.resource);
    for (const s of separate) {
      const v = asBool(s.attr('private_dns_enabled'));
      if (v === true) return true;
      if (v === undefined) return undefined;
    }
    const v = this.resource.attr('private_dns_enabled');
    if (v.kind === 'null') return false;
    return asBool(v);
  }

  /** Subnet ids: the attribute plus `aws_vpc_endpoint_subnet_association`s. Undefined when some are unknown. */
  get subnetIds(): Value[] | undefined {
    return this.withAssociations('subnet_ids', 'aws_vpc_endpoint_subnet_association', 'subnet_id');
  }

  /** Security group ids: the attribute plus `aws_vpc_endpoint_security_group_association`s. Undefined when unknown. */
  get securityGroupIds(): Value[] | undefined {
    return this.withAssociations('security_group_ids', 'aws_vpc_endpoint_security_group_association', 'security_group_id');
  }

  /** Route table ids: the attribute plus `aws_vpc_endpoint_route_table_association`s. Undefined when unknown. */
  get routeTableIds(): Value[] | undefined {
    return this.withAssociations('route_table_ids', 'aws_vpc_endpoint_route_table_association', 'route_table_id');
  }

  /** The policy document (attribute or `aws_vpc_endpoint_policy`), or null when none is set. */
  get policy(): Value | null {
    for (const p of this.network.associationsFor('aws_vpc_endpoint_policy', 'vpc_endpoint_id', this.resource)) return p.attr('policy');
    const v = this.resource.attr('policy');
    return v.kind === 'null' ? null : v;
  }

  private withAssociations(attribute: string, associationType: string, associationAttribute: string): Value[] | undefined {
    const own = this.resource.attr(attribute);
    const items = asList(own);
    if (!items) return undefined;
    const out = [...items];
    for (const association of this.network.associationsFor(associationType, 'vpc_endpoint_id', this.resource)) {
      if (!association.certain) return undefined;
      out.push(association.attr(associationAttribute));
    }
    return out;
  }

  /** Where findings about one attribute of this endpoint point. */
  location(attribute?: string): SourceLocation {
    return attribute ? this.resource.valueLocation(attribute) : this.resource.location;
  }
}

/** One security group rule, normalised. */
export interface SecurityGroupRule {
  direction: 'ingress' | 'egress';
  /** `tcp`, `udp`, `icmp`, `-1` (all)...; undefined when unknown. */
  protocol: string | undefined;
  fromPort: number | undefined;
  toPort: number | undefined;
  cidrs: Value[];
  prefixLists: Value[];
  sourceGroups: Value[];
  self: boolean;
  /** True when some part could not be evaluated: never conclude "missing" from such a rule. */
  uncertain: boolean;
  location: SourceLocation;
  /** The block or resource the rule is written as (absent for `ingress = [...]` items). */
  view?: BodyView;
}

/** A security group with every rule that applies to it. */
export interface SecurityGroup {
  resource: ResourceInstance;
  rules: SecurityGroupRule[];
  /** Rules may exist that the checker cannot see (dynamic blocks with unknown for_each, rules on unknown groups). */
  rulesIncomplete: boolean;
  /** When rules are incomplete: the first value that hid some, in words, and where it is written. */
  incompleteCause?: { reason: string; location: SourceLocation };
}

/** A resolved route. */
export interface Route {
  destination: Value;
  /** What the destination is: an IPv4 CIDR, an IPv6 CIDR, a prefix list, or not known. */
  family: 'ipv4' | 'ipv6' | 'prefix-list' | 'unknown';
  /**
   * What the route goes through: `nat`, `igw`, `instance` (NAT instance or appliance ENI) and
   * `carrier` reach the internet; `tgw`, `vgw`, `peering`, `core-network`, `local-gateway` and
   * `vpce` (Gateway Load Balancer endpoint) lead out of the configuration; `other`, or `unknown`.
   */
  via: 'nat' | 'igw' | 'tgw' | 'vgw' | 'instance' | 'carrier' | 'vpce' | 'peering' | 'core-network' | 'local-gateway' | 'other' | 'unknown';
  location: SourceLocation;
  /** The route may not exist, or may belong to another table (unknown count or route_table_id). */
  uncertain?: boolean;
}

/** What the default IPv4 route of a route table says about internet egress. */
export type DefaultRouteVerdict =
  | { kind: 'none' }
  | { kind: 'internet'; route: Route }
  /** 0.0.0.0/0 goes to a transit gateway, VPN gateway, peering...: where it ends is not in this configuration. */
  | { kind: 'leaves'; route: Route }
  | { kind: 'maybe'; reason: string; location?: SourceLocation };

/** Route targets that reach the internet by themselves. */
const INTERNET_VIA = new Set<Route['via']>(['nat', 'igw', 'instance', 'carrier']);
/** Route targets whose far side is outside this configuration. */
const LEAVING_VIA = new Set<Route['via']>(['tgw', 'vgw', 'peering', 'core-network', 'local-gateway', 'vpce']);

/** How a route target is named in messages. */
export function describeVia(via: Route['via']): string {
  switch (via) {
    case 'nat':
      return 'a NAT gateway';
    case 'igw':
      return 'an internet gateway';
    case 'instance':
      return 'a NAT instance or appliance';
    case 'carrier':
      return 'a carrier gateway';
    case 'tgw':
      return 'a transit gateway';
    case 'vgw':
      return 'a virtual private gateway';
    case 'peering':
      return 'a VPC peering connection';
    case 'core-network':
      return 'a Cloud WAN core network';
    case 'local-gateway':
      return 'an Outposts local gateway';
    case 'vpce':
      return 'a Gateway Load Balancer endpoint';
    default:
      return 'a target the checker cannot read';
  }
}

/** The route table a subnet uses, and how it was found. */
export interface SubnetRouting {
  table: ResourceInstance | 'implicit-main' | 'unknown';
  explicit: boolean;
  /** Why the table is not known, and the value that made it so. */
  reason?: string;
  location?: SourceLocation;
}

const ALL_PROTOCOLS = new Set(['-1', 'all']);
const TCP = new Set(['tcp', '6']);

/** True when the protocol and port range of a rule let TCP 443 through; undefined when unknown. */
export function allowsHttps(rule: SecurityGroupRule): boolean | undefined {
  if (rule.protocol === undefined) return undefined;
  const protocol = rule.protocol.toLowerCase();
  if (ALL_PROTOCOLS.has(protocol)) return true;
  if (!TCP.has(protocol)) return false;
  if (rule.fromPort === undefined || rule.toPort === undefined) return undefined;
  // from_port = to_port = 0 with tcp means no port at all in AWS; treat as not covering 443.
  return rule.fromPort <= 443 && 443 <= rule.toPort;
}

/** Resolves references between network resources for one configuration. */
export class Network {
  private associationIndex = new Map<string, ResourceInstance[]>();
  private readonly groupCache = new Map<ResourceInstance, SecurityGroup>();
  readonly endpoints: Endpoint[];

  constructor(readonly configuration: Configuration) {
    this.endpoints = configuration.resourcesOfType('aws_vpc_endpoint').map((r) => new Endpoint(this, r));
  }

  /** Resources of `type` whose `attribute` refers to `target` (e.g. association resources of an endpoint). */
  associationsFor(type: string, attribute: string, target: ResourceInstance): ResourceInstance[] {
    const key = `${type}|${attribute}`;
    let all = this.associationIndex.get(key);
    if (!all) {
      all = this.configuration.resourcesOfType(type);
      this.associationIndex.set(key, all);
    }
    return all.filter((r) => {
      const v = r.attr(attribute);
      return v.kind === 'ref' && v.target === target;
    });
  }

  /** The managed resource an id value refers to, if it is a reference to one of `types`. */
  resolve(value: Value, types: string[]): ResourceInstance | undefined {
    if (value.kind === 'ref' && value.target.mode === 'managed' && types.includes(value.target.type) && value.attribute === 'id')
      return value.target;
    return undefined;
  }

  /** The security group an id refers to, with all its rules; undefined when it is not managed here. */
  securityGroup(value: Value): SecurityGroup | undefined {
    const resource = this.resolve(value, ['aws_security_group', 'aws_default_security_group']);
    if (!resource) return undefined;
    let group = this.groupCache.get(resource);
    if (!group) {
      group = this.buildSecurityGroup(resource);
      this.groupCache.set(resource, group);
    }
    return group;
  }

  private buildSecurityGroup(resource: ResourceInstance): SecurityGroup {
    const rules: SecurityGroupRule[] = [];
    let rulesIncomplete = false;
    let incompleteCause: { reason: string; location: SourceLocation } | undefined;
    const hide = (reason: string, location: SourceLocation): void => {
      rulesIncomplete = true;
      incompleteCause ??= { reason, location };
    };
    if (!resource.certain) hide(`${resource.fullAddress} has an unknown count or for_each`, resource.location);
    for (const direction of ['ingress', 'egress'] as const) {
      if (resource.hasUnknownBlocks(direction))
        hide(
          `the dynamic ${direction} blocks of ${resource.fullAddress} iterate over a collection the checker cannot read`,
          resource.location,
        );
      const attrForm = resource.attr(direction);
      if (attrForm.kind !== 'null') {
        // `ingress = [...]` attribute syntax.
        const items = asList(attrForm);
        if (!items) hide(`the ${direction} rules of ${resource.fullAddress} are not known here`, resource.valueLocation(direction));
        else for (const item of items) rules.push(ruleFromObject(direction, item, resource.valueLocation(direction)));
      }
      for (const block of resource.blocks(direction)) {
        rules.push(
          normaliseRule(direction, {
            protocol: block.attr('protocol'),
            from: block.attr('from_port'),
            to: block.attr('to_port'),
            cidrs: [block.attr('cidr_blocks'), block.attr('ipv6_cidr_blocks')],
            prefixLists: block.attr('prefix_list_ids'),
            groups: block.attr('security_groups'),
            self: block.attr('self'),
            location: block.location,
            view: block,
          }),
        );
      }
    }
    for (const rule of this.configuration.resourcesOfType('aws_security_group_rule')) {
      const target = rule.attr('security_group_id');
      if (target.kind !== 'ref' || target.target !== resource) continue;
      if (rule.has('unknown_rules') || !rule.certain) {
        hide(`${rule.fullAddress} has an unknown count or for_each`, rule.location);
        continue;
      }
      const type = asString(rule.attr('type'));
      if (type !== 'ingress' && type !== 'egress') {
        hide(`the type of ${rule.fullAddress} is not known here`, rule.valueLocation('type'));
        continue;
      }
      rules.push(
        normaliseRule(type, {
          protocol: rule.attr('protocol'),
          from: rule.attr('from_port'),
          to: rule.attr('to_port'),
          cidrs: [rule.attr('cidr_blocks'), rule.attr('ipv6_cidr_blocks')],
          prefixLists: rule.attr('prefix_list_ids'),
          groups: {
            kind: 'list',
            items: rule.attr('source_security_group_id').kind === 'null' ? [] : [rule.attr('source_security_group_id')],
          },
          self: rule.attr('self'),
          location: rule.location,
          view: rule,
        }),
      );
    }
    for (const direction of ['ingress', 'egress'] as const) {
      for (const rule of this.configuration.resourcesOfType(`aws_vpc_security_group_${direction}_rule`)) {
        const target = rule.attr('security_group_id');
        if (target.kind !== 'ref' || target.target !== resource) continue;
        if (!rule.certain) {
          hide(`${rule.fullAddress} has an unknown count or for_each`, rule.location);
          continue;
        }
        const single = (name: string): Value => {
          const v = rule.attr(name);
          return { kind: 'list', items: v.kind === 'null' ? [] : [v] };
        };
        rules.push(
          normaliseRule(direction, {
            protocol: rule.attr('ip_protocol'),
            from: rule.attr('from_port'),
            to: rule.attr('to_port'),
            cidrs: [single('cidr_ipv4'), single('cidr_ipv6')],
            prefixLists: single('prefix_list_id'),
            groups: single('referenced_security_group_id'),
            self: { kind: 'null' },
            location: rule.location,
            view: rule,
          }),
        );
      }
    }
    return { resource, rules, rulesIncomplete, incompleteCause };
  }

  /** The `aws_subnet` an id refers to. */
  subnet(value: Value): ResourceInstance | undefined {
    return this.resolve(value, ['aws_subnet']);
  }

  /** The route table a subnet uses: its association, else the VPC's main table. */
  routing(subnet: ResourceInstance): SubnetRouting {
    const all = this.configuration.resourcesOfType('aws_route_table_association');
    const associations = all.filter((a) => {
      const v = a.attr('subnet_id');
      return v.kind === 'ref' && v.target === subnet;
    });
    // An association with an unknown count that pairs each instance of a subnet block with its table
    // (`subnet_id = aws_subnet.private[count.index].id`) holds for every instance: the same count.
    const uncertain = associations.find(
      (a) =>
        !a.certain &&
        !(subnet === (a.attr('subnet_id') as { target?: ResourceInstance }).target && !subnet.certain && sameExpansion(a, subnet)),
    );
    if (uncertain)
      return {
        table: 'unknown',
        explicit: true,
        reason: `${uncertain.fullAddress} has an unknown count or for_each`,
        location: uncertain.location,
      };
    if (associations.length > 0) {
      const value = associations[0].attr('route_table_id');
      const table = this.resolve(value, ['aws_route_table', 'aws_default_route_table']);
      if (table) return { table, explicit: true };
      return {
        table: 'unknown',
        explicit: true,
        reason: describeIdValue(value, 'its route table'),
        location: associations[0].valueLocation('route_table_id'),
      };
    }
    // An association whose subnet is not known (count/for_each unknown) could be this subnet's: stay unsure.
    const open = all.find((a) => a.attr('subnet_id').kind === 'unknown' || (!a.certain && a.attr('subnet_id').kind !== 'ref'));
    if (open)
      return {
        table: 'unknown',
        explicit: false,
        reason: `${open.fullAddress} may associate it with another table`,
        location: open.valueLocation('subnet_id'),
      };
    const vpc = this.resolve(subnet.attr('vpc_id'), ['aws_vpc']);
    if (!vpc)
      return {
        table: 'unknown',
        explicit: false,
        reason: describeIdValue(subnet.attr('vpc_id'), `the VPC of ${subnet.fullAddress}`),
        location: subnet.valueLocation('vpc_id'),
      };
    for (const main of this.configuration.resourcesOfType('aws_main_route_table_association')) {
      const v = main.attr('vpc_id');
      if (v.kind === 'ref' && v.target === vpc) {
        const table = this.resolve(main.attr('route_table_id'), ['aws_route_table']);
        return { table: table ?? 'unknown', explicit: false };
      }
    }
    for (const table of this.configuration.resourcesOfType('aws_default_route_table')) {
      const v = table.attr('default_route_table_id');
      if (v.kind === 'ref' && v.target === vpc) return { table, explicit: false };
    }
    return { table: 'implicit-main', explicit: false };
  }

  /**
   * Every route of a table: inline `route` blocks and `aws_route` resources. Routes that may or may
   * not be this table's (an unknown count, an unknown route_table_id) come with `uncertain`.
   * Undefined when the inline routes themselves cannot be read.
   */
  routes(table: ResourceInstance): Route[] | undefined {
    if (table.hasUnknownBlocks('route')) return undefined;
    const out: Route[] = [];
    const inline = table.attr('route');
    if (inline.kind !== 'null') {
      const items = asList(inline);
      if (!items) return undefined;
      for (const item of items) {
        if (item.kind !== 'object') return undefined;
        out.push(classifyRoute((n) => item.entries.get(n) ?? { kind: 'null' }, table.valueLocation('route'), ''));
      }
    }
    for (const block of table.blocks('route')) out.push(classifyRoute((n) => block.attr(n), block.location, ''));
    for (const route of this.configuration.resourcesOfType('aws_route')) {
      const v = route.attr('route_table_id');
      const mine = v.kind === 'ref' && v.target === table;
      if (!mine && v.kind !== 'unknown') continue;
      const classified = classifyRoute((n) => route.attr(n), route.location, 'destination_');
      // An instance of a route with an unknown count exists for every instance of its table when both expand over the same collection.
      const certain = mine && (route.certain || sameExpansion(route, table));
      out.push(certain ? classified : { ...classified, uncertain: true });
    }
    return out;
  }

  /**
   * What the IPv4 default route (0.0.0.0/0) of a table says, as AWS reads the table: IPv6 and
   * prefix-list routes never carry the tasks' IPv4 traffic to the internet, so they do not matter.
   */
  defaultRoute(table: ResourceInstance | 'implicit-main' | 'unknown'): DefaultRouteVerdict {
    if (table === 'implicit-main') return { kind: 'none' };
    if (table === 'unknown') return { kind: 'maybe', reason: 'the route table is not known' };
    if (table.hasUnknownBlocks('route'))
      return {
        kind: 'maybe',
        reason: `the dynamic route blocks of ${table.fullAddress} iterate over a collection the checker cannot read`,
        location: table.location,
      };
    const routes = this.routes(table);
    if (!routes) return { kind: 'maybe', reason: `some routes of ${table.fullAddress} are not known`, location: table.location };
    let unsure: DefaultRouteVerdict | undefined;
    let leaves: Route | undefined;
    for (const route of routes) {
      if (route.family === 'ipv6' || route.family === 'prefix-list') continue;
      const destination = asString(route.destination);
      if (destination === undefined) {
        const pattern = route.destination.kind === 'unknown' ? route.destination.pattern : undefined;
        // `10.${var.x}.0.0/16` cannot be 0.0.0.0/0 when its known start says otherwise.
        if (pattern !== undefined && !patternMatches(pattern, '0.0.0.0/0')) continue;
        unsure ??= { kind: 'maybe', reason: `the destination of a route of ${table.fullAddress} is not known`, location: route.location };
        continue;
      }
      if (destination !== '0.0.0.0/0') continue;
      if (route.uncertain) {
        unsure ??= {
          kind: 'maybe',
          reason: `an aws_route with an unknown count or route table may give ${table.fullAddress} a default route`,
          location: route.location,
        };
        continue;
      }
      if (INTERNET_VIA.has(route.via)) return { kind: 'internet', route };
      if (LEAVING_VIA.has(route.via)) leaves ??= route;
      else if (route.via === 'unknown')
        unsure ??= {
          kind: 'maybe',
          reason: `the target of the default route of ${table.fullAddress} is not known`,
          location: route.location,
        };
    }
    if (unsure) return unsure;
    if (leaves) return { kind: 'leaves', route: leaves };
    return { kind: 'none' };
  }
}

/** Why an id value does not name a resource of this configuration, for messages. */
export function describeIdValue(value: Value, what: string): string {
  if (value.kind === 'ref') return `${what} is ${value.target.fullAddress}.${value.attribute}, which the checker cannot read`;
  if (value.kind === 'string') return `${what} is the literal id ${value.value}`;
  if (value.kind === 'unknown') return `${what} is not known (${value.reason})`;
  return `${what} is not a resource of this configuration`;
}

/** True when two blocks expand by the same `count` or `for_each` expression (both unknown, same text). */
export function sameExpansion(a: ResourceInstance, b: ResourceInstance): boolean {
  if (!a.block || !b.block || a.module !== b.module) return false;
  if (expandsOver(a, b)) return true;
  for (const name of ['count', 'for_each']) {
    const x = a.block.body.items.find((i) => i.kind === 'attribute' && i.name === name);
    const y = b.block.body.items.find((i) => i.kind === 'attribute' && i.name === name);
    if (!x && !y) continue;
    if (!x || !y || x.kind !== 'attribute' || y.kind !== 'attribute') return false;
    return expressionKey(x.expr) === expressionKey(y.expr);
  }
  return false;
}

/**
 * True when `a` is expanded over `b` itself: `count = length(aws_subnet.private)` with `b` counted, or
 * `for_each = aws_subnet.private` with `b` a for_each resource. Then `a` has exactly `b`'s instances.
 */
function expandsOver(a: ResourceInstance, b: ResourceInstance): boolean {
  if (b.mode !== 'managed') return false;
  const attribute = (r: ResourceInstance, name: string) => {
    const item = r.block!.body.items.find((i) => i.kind === 'attribute' && i.name === name);
    return item && item.kind === 'attribute' ? item.expr : undefined;
  };
  const namesB = (e: Expression | undefined): boolean =>
    e?.type === 'getAttr' && e.name === b.name && e.object.type === 'variable' && e.object.name === b.type;
  const count = attribute(a, 'count');
  if (count && attribute(b, 'count'))
    return count.type === 'call' && count.name === 'length' && count.args.length === 1 && namesB(count.args[0]);
  const forEach = attribute(a, 'for_each');
  return !!forEach && !!attribute(b, 'for_each') && namesB(forEach);
}

/** A text key of an expression's structure, ranges left out. */
function expressionKey(expr: unknown): string {
  return JSON.stringify(expr, (key, value) => (key === 'range' || key.endsWith('Range') || key.endsWith('Ranges') ? undefined : value));
}

function classifyRoute(get: (name: string) => Value, location: SourceLocation, prefix: '' | 'destination_'): Route {
  const present = (name: string) => get(name).kind !== 'null';
  const ipv4 = get(prefix === '' ? 'cidr_block' : 'destination_cidr_block');
  const ipv6 = get(prefix === '' ? 'ipv6_cidr_block' : 'destination_ipv6_cidr_block');
  const prefixList = get('destination_prefix_list_id');
  let family: Route['family'] = 'unknown';
  let destination: Value = unknown('no destination');
  if (ipv4.kind !== 'null') {
    family = 'ipv4';
    destination = ipv4;
  } else if (ipv6.kind !== 'null') {
    family = 'ipv6';
    destination = ipv6;
  } else if (prefixList.kind !== 'null') {
    family = 'prefix-list';
    destination = prefixList;
  }
  let via: Route['via'] = 'other';
  if (present('nat_gateway_id')) via = get('nat_gateway_id').kind === 'unknown' ? 'unknown' : 'nat';
  else if (present('transit_gateway_id')) via = 'tgw';
  else if (present('instance_id') || present('network_interface_id')) via = 'instance';
  else if (present('vpc_endpoint_id')) via = 'vpce';
  else if (present('vpc_peering_connection_id')) via = 'peering';
  else if (present('carrier_gateway_id')) via = 'carrier';
  else if (present('core_network_arn')) via = 'core-network';
  else if (present('local_gateway_id')) via = 'local-gateway';
  else if (present('egress_only_gateway_id')) via = 'other';
  else if (present('gateway_id')) {
    const g = get('gateway_id');
    if (g.kind === 'ref')
      via =
        g.target.type === 'aws_internet_gateway'
          ? 'igw'
          : g.target.type === 'aws_vpn_gateway'
            ? 'vgw'
            : g.target.type === 'aws_egress_only_internet_gateway'
              ? 'other'
              : 'unknown';
    else if (g.kind === 'string')
      via = g.value.startsWith('igw-') ? 'igw' : g.value === 'local' ? 'other' : g.value.startsWith('vgw-') ? 'vgw' : 'unknown';
    else via = 'unknown';
  }
  return { destination, family, via, location };
}

interface RawRule {
  protocol: Value;
  from: Value;
  to: Value;
  cidrs: Value[];
  prefixLists: Value;
  groups: Value;
  self: Value;
  location: SourceLocation;
  view?: BodyView;
}

function normaliseRule(direction: 'ingress' | 'egress', raw: RawRule): SecurityGroupRule {
  let uncertain = false;
  const protocolValue = asString(raw.protocol);
  if (protocolValue === undefined) uncertain = true;
  const fromPort = asNumber(raw.from);
  const toPort = asNumber(raw.to);
  const isAll = protocolValue !== undefined && ALL_PROTOCOLS.has(protocolValue.toLowerCase());
  if (!isAll && (fromPort === undefined || toPort === undefined)) uncertain = true;
  const listOf = (v: Value): Value[] => {
    if (v.kind === 'null') return [];
    const items = asList(v);
    if (!items) {
      uncertain = true;
      return [];
    }
    return items;
  };
  const cidrs = raw.cidrs.flatMap(listOf);
  const prefixLists = listOf(raw.prefixLists);
  const sourceGroups = listOf(raw.groups);
  const selfValue = raw.self.kind === 'null' ? false : asBool(raw.self);
  if (selfValue === undefined) uncertain = true;
  return {
    direction,
    protocol: protocolValue,
    fromPort,
    toPort,
    cidrs,
    prefixLists,
    sourceGroups,
    self: selfValue === true,
    uncertain,
    location: raw.location,
    ...(raw.view ? { view: raw.view } : {}),
  };
}

function ruleFromObject(direction: 'ingress' | 'egress', item: Value, location: SourceLocation): SecurityGroupRule {
  const get = (name: string): Value => (item.kind === 'object' ? (item.entries.get(name) ?? { kind: 'null' }) : unknown('rule'));
  return normaliseRule(direction, {
    protocol: get('protocol'),
    from: get('from_port'),
    to: get('to_port'),
    cidrs: [get('cidr_blocks'), get('ipv6_cidr_blocks')],
    prefixLists: get('prefix_list_ids'),
    groups: get('security_groups'),
    self: get('self'),
    location,
  });
}
