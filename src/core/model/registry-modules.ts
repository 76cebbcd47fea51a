/**
 * Registry modules that are not on disk but matter here, modelled from their documented inputs:
 * terraform-aws-modules/vpc/aws (VPC, subnets, route tables, NAT) and its vpc-endpoints
 * submodule (endpoints map, security group and its rules). Any other remote module stays unknown.
 */
import type { Expression, ObjectExpr } from '../hcl/ast';
import { BodyView, headerRange, type SourceLocation } from './body';
import type { ModuleInstance, ResourceInstance } from './config';
import { Scope } from './evaluator';
import { asBool, asList, asString, getEntry, NULL, str, unknown, type Value } from './values';

/** The registry modules the checker models. */
export type RegistryModuleKind = 'registry-vpc' | 'registry-vpc-endpoints';

/** Recognises the module source strings (registry, GitHub and git forms, with or without a ref). */
export function registryModuleKind(source: string): RegistryModuleKind | undefined {
  const s = source
    .replace(/\?ref=.*$/, '')
    .replace(/^git::/, '')
    .replace(/\.git(\/\/|$)/, '$1')
    .toLowerCase();
  const isVpcModule = s.startsWith('terraform-aws-modules/vpc/aws') || /github\.com\/terraform-aws-modules\/terraform-aws-vpc/.test(s);
  if (!isVpcModule) return undefined;
  if (/\/\/modules\/vpc-endpoints\/?$/.test(s)) return 'registry-vpc-endpoints';
  if (!s.includes('//')) return 'registry-vpc';
  return undefined;
}

/** Resources and outputs a registry module creates. */
export interface SynthesizedModule {
  resources: ResourceInstance[];
  outputs: Map<string, Value>;
}

/**
 * Makes a resource instance (the ResourceInstance constructor). Passed in by config.ts, which owns
 * the class, so this module needs only its type and the two do not import each other at run time.
 */
export type ResourceFactory = (...args: ConstructorParameters<typeof ResourceInstance>) => ResourceInstance;

/** Builds the resources of a registry module instance from its call's arguments. */
export function synthesizeRegistryModule(module: ModuleInstance, makeResource: ResourceFactory): SynthesizedModule {
  if (module.kind === 'registry-vpc-endpoints') return synthesizeVpcEndpoints(module, makeResource);
  if (module.kind === 'registry-vpc') return synthesizeVpc(module, makeResource);
  return { resources: [], outputs: new Map() };
}

class Builder {
  readonly resources: ResourceInstance[] = [];
  readonly callLocation: SourceLocation;

  constructor(
    readonly module: ModuleInstance,
    private readonly makeResource: ResourceFactory,
  ) {
    const call = module.call!;
    this.callLocation = { file: call.file, range: headerRange(call.block) };
  }

  /** Where an argument of the call is written (or the call's header). */
  argumentLocation(name: string): SourceLocation {
    const attribute = this.module.argument(name);
    return attribute ? { file: this.module.call!.file, range: attribute.expr.range } : this.callLocation;
  }

  add(
    type: string,
    name: string,
    key: string | number | undefined,
    attrs: Record<string, Value>,
    locations: Record<string, SourceLocation> = {},
    blocks: Record<string, BodyView[]> = {},
    location: SourceLocation = this.callLocation,
    certain = this.module.certain,
  ): ResourceInstance {
    const instance = this.makeResource(
      this.module,
      'managed',
      type,
      name,
      key,
      certain,
      null,
      location.file,
      Scope.of(this.module),
      location,
      new Map(Object.entries(attrs)),
      new Map(Object.entries(blocks)),
      new Map(Object.entries(locations)),
    );
    this.resources.push(instance);
    return instance;
  }

  /** A nested block given as plain values. */
  block(attrs: Record<string, Value>, location: SourceLocation = this.callLocation): BodyView {
    return new BodyView(
      this.module.evaluator,
      Scope.of(this.module),
      location.file,
      null,
      location,
      new Map(Object.entries(attrs)),
      new Map(),
      new Map(),
    );
  }
}

const ref = (target: ResourceInstance, attribute = 'id'): Value => ({ kind: 'ref', target, attribute });
const list = (items: Value[]): Value => ({ kind: 'list', items });
const bool = (value: boolean): Value => ({ kind: 'bool', value });
const num = (value: number): Value => ({ kind: 'number', value });

function orDefault(value: Value, fallback: Value): Value {
  return value.kind === 'null' ? fallback : value;
}

/** Finds the object literal item for `key` inside an argument written as an object literal. */
function literalItem(expr: Expression | undefined, key: string): ObjectExpr['items'][number] | undefined {
  if (!expr || expr.type !== 'object') return undefined;
  return expr.items.find((item) => {
    const k = item.key;
    if (k.type === 'literal' && k.value === key) return true;
    if (k.type === 'variable' && k.name === key) return true;
    return k.type === 'template' && k.parts.length === 1 && k.parts[0].kind === 'text' && k.parts[0].value === key;
  });
}

function synthesizeVpcEndpoints(module: ModuleInstance, makeResource: ResourceFactory): SynthesizedModule {
  const b = new Builder(module, makeResource);
  const outputs = new Map<string, Value>();
  const create = asBool(orDefault(module.variableValue('create'), bool(true)));
  if (create === false) return { resources: [], outputs };
  const file = module.call!.file;
  const createSecurityGroup = asBool(orDefault(module.variableValue('create_security_group'), bool(false)));
  const moduleSgIds = orDefault(module.variableValue('security_group_ids'), list([]));
  const moduleSubnets = orDefault(module.variableValue('subnet_ids'), list([]));
  const vpcId = module.variableValue('vpc_id');

  let createdSg: ResourceInstance | undefined;
  if (createSecurityGroup !== false) {
    createdSg = b.add(
      'aws_security_group',
      'this',
      0,
      { vpc_id: vpcId, name: module.variableValue('security_group_name') },
      {},
      {},
      b.argumentLocation('create_security_group'),
    );
    const rules = module.variableValue('security_group_rules');
    const rulesExpr = module.argument('security_group_rules')?.expr;
    if (rules.kind === 'object') {
      for (const [key, rule] of rules.entries) {
        const item = literalItem(rulesExpr, key);
        const location = item ? { file, range: item.range } : b.argumentLocation('security_group_rules');
        const field = (name: string, fallback: Value) => orDefault(getEntry(rule, name) ?? NULL, fallback);
        b.add(
          'aws_security_group_rule',
          'this',
          key,
          {
            type: field('type', str('ingress')),
            protocol: field('protocol', str('tcp')),
            from_port: field('from_port', num(443)),
            to_port: field('to_port', num(443)),
            cidr_blocks: field('cidr_blocks', NULL),
            ipv6_cidr_blocks: field('ipv6_cidr_blocks', NULL),
            prefix_list_ids: field('prefix_list_ids', NULL),
            self: field('self', NULL),
            source_security_group_id: field('source_security_group_id', NULL),
            security_group_id: ref(createdSg),
          },
          {},
          {},
          location,
        );
      }
    } else if (rules.kind !== 'null') {
      // Rules the checker cannot see: mark the group so rules stay quiet about its ingress.
      b.add(
        'aws_security_group_rule',
        'this',
        undefined,
        { type: str('ingress'), security_group_id: ref(createdSg), unknown_rules: unknown('security_group_rules not known') },
        {},
        {},
        b.argumentLocation('security_group_rules'),
      );
    }
    outputs.set('security_group_id', ref(createdSg));
  }

  const endpoints = module.variableValue('endpoints');
  const endpointsExpr = module.argument('endpoints')?.expr;
  const endpointOutputs = new Map<string, Value>();
  if (endpoints.kind === 'object') {
    for (const [key, entry] of endpoints.entries) {
      const item = literalItem(endpointsExpr, key);
      const entryLocation: SourceLocation = item ? { file, range: item.range } : b.argumentLocation('endpoints');
      const locations: Record<string, SourceLocation> = {};
      const itemValue = item?.value.type === 'object' ? item.value : undefined;
      const fieldLocation = (name: string): SourceLocation => {
        const field = literalItem(itemValue, name);
        return field ? { file, range: field.value.range } : entryLocation;
      };
      const service = asString(getEntry(entry, 'service'));
      const serviceNameGiven = getEntry(entry, 'service_name');
      let serviceName: Value;
      if (serviceNameGiven && serviceNameGiven.kind !== 'null') serviceName = serviceNameGiven;
      else if (service !== undefined) serviceName = unknown('service name from the vpc-endpoints module', `com.amazonaws.*.${service}`);
      else serviceName = unknown('endpoint service not known');
      locations.service_name = fieldLocation(serviceNameGiven ? 'service_name' : 'service');
      const serviceType = orDefault(getEntry(entry, 'service_type') ?? NULL, str('Interface'));
      locations.vpc_endpoint_type = fieldLocation('service_type');
      const isInterface = asString(serviceType) === 'Interface';
      const privateDns = isInterface ? orDefault(getEntry(entry, 'private_dns_enabled') ?? NULL, bool(false)) : NULL;
      locations.private_dns_enabled = fieldLocation('private_dns_enabled');
      const entrySgs = orDefault(getEntry(entry, 'security_group_ids') ?? NULL, list([]));
      let sgIds: Value = NULL;
      if (isInterface) {
        const parts = [asList(moduleSgIds), createdSg ? [ref(createdSg)] : [], asList(entrySgs)];
        sgIds = parts.every((p) => p !== undefined) ? list(parts.flatMap((p) => p!)) : unknown('security groups not known');
        if (sgIds.kind === 'list' && sgIds.items.length === 0) sgIds = NULL;
      }
      locations.security_group_ids = getEntry(entry, 'security_group_ids')
        ? fieldLocation('security_group_ids')
        : b.argumentLocation('security_group_ids');
      const subnets = isInterface ? orDefault(getEntry(entry, 'subnet_ids') ?? NULL, moduleSubnets) : NULL;
      locations.subnet_ids = getEntry(entry, 'subnet_ids') ? fieldLocation('subnet_ids') : b.argumentLocation('subnet_ids');
      locations.route_table_ids = fieldLocation('route_table_ids');
      locations.policy = fieldLocation('policy');
      const endpoint = b.add(
        'aws_vpc_endpoint',
        'this',
        key,
        {
          vpc_id: vpcId,
          service_name: serviceName,
          vpc_endpoint_type: serviceType,
          private_dns_enabled: privateDns,
          security_group_ids: sgIds,
          subnet_ids: subnets,
          route_table_ids: orDefault(getEntry(entry, 'route_table_ids') ?? NULL, NULL),
          policy: orDefault(getEntry(entry, 'policy') ?? NULL, NULL),
        },
        locations,
        {},
        entryLocation,
      );
      endpointOutputs.set(key, {
        kind: 'object',
        entries: new Map<string, Value>([
          ['id', ref(endpoint)],
          ['arn', ref(endpoint, 'arn')],
          ['prefix_list_id', ref(endpoint, 'prefix_list_id')],
        ]),
      });
    }
  } else if (endpoints.kind !== 'null') {
    // An endpoints map the checker cannot read: one endpoint that may or may not exist.
    b.add(
      'aws_vpc_endpoint',
      'this',
      undefined,
      { vpc_id: vpcId, service_name: unknown('endpoints map not known'), vpc_endpoint_type: unknown('endpoints map not known') },
      {},
      {},
      b.argumentLocation('endpoints'),
      false,
    );
  }
  outputs.set('endpoints', endpoints.kind === 'object' ? { kind: 'object', entries: endpointOutputs } : unknown('endpoints not known'));
  return { resources: b.resources, outputs };
}

function synthesizeVpc(module: ModuleInstance, makeResource: ResourceFactory): SynthesizedModule {
  const b = new Builder(module, makeResource);
  const outputs = new Map<string, Value>();
  if (asBool(orDefault(module.variableValue('create_vpc'), bool(true))) === false) return { resources: [], outputs };
  const cidr = orDefault(module.variableValue('cidr'), str('10.0.0.0/16'));
  const vpc = b.add(
    'aws_vpc',
    'this',
    0,
    {
      cidr_block: cidr,
      enable_dns_hostnames: orDefault(module.variableValue('enable_dns_hostnames'), bool(true)),
      enable_dns_support: orDefault(module.variableValue('enable_dns_support'), bool(true)),
    },
    {
      cidr_block: b.argumentLocation('cidr'),
      enable_dns_hostnames: b.argumentLocation('enable_dns_hostnames'),
      enable_dns_support: b.argumentLocation('enable_dns_support'),
    },
  );
  const azs = asList(module.variableValue('azs')) ?? [];
  const subnetsOf = (input: string, name: string): ResourceInstance[] | undefined => {
    const cidrs = asList(orDefault(module.variableValue(input), list([])));
    if (!cidrs) return undefined;
    return cidrs.map((c, i) =>
      b.add(
        'aws_subnet',
        name,
        i,
        { vpc_id: ref(vpc), cidr_block: c, availability_zone: azs.length > 0 ? azs[i % azs.length] : unknown('availability zone') },
        { cidr_block: b.argumentLocation(input) },
        {},
        b.argumentLocation(input),
      ),
    );
  };
  const privateSubnets = subnetsOf('private_subnets', 'private');
  const publicSubnets = subnetsOf('public_subnets', 'public');
  const enableNat = asBool(orDefault(module.variableValue('enable_nat_gateway'), bool(false)));
  const singleNat = asBool(orDefault(module.variableValue('single_nat_gateway'), bool(false)));
  const onePerAz = asBool(orDefault(module.variableValue('one_nat_gateway_per_az'), bool(false)));
  const natLocation = b.argumentLocation('enable_nat_gateway');

  let igw: ResourceInstance | undefined;
  if (publicSubnets && publicSubnets.length > 0 && asBool(orDefault(module.variableValue('create_igw'), bool(true))) !== false) {
    igw = b.add('aws_internet_gateway', 'this', 0, { vpc_id: ref(vpc) });
  }
  const maxSubnets = Math.max(privateSubnets?.length ?? 0, publicSubnets?.length ?? 0);
  const natCount = singleNat ? 1 : onePerAz ? azs.length : maxSubnets;
  const nats: ResourceInstance[] = [];
  if (enableNat === true)
    for (let i = 0; i < natCount; i++)
      nats.push(
        b.add(
          'aws_nat_gateway',
          'this',
          i,
          { subnet_id: publicSubnets?.[i] ? ref(publicSubnets[i]) : unknown('public subnet') },
          {},
          {},
          natLocation,
        ),
      );

  const privateTables: ResourceInstance[] = [];
  if (privateSubnets && privateSubnets.length > 0) {
    for (let i = 0; i < Math.max(natCount, 1); i++) {
      const routes: BodyView[] = [];
      if (enableNat === true)
        routes.push(b.block({ cidr_block: str('0.0.0.0/0'), nat_gateway_id: ref(nats[Math.min(i, nats.length - 1)]) }, natLocation));
      else if (enableNat === undefined)
        routes.push(b.block({ cidr_block: str('0.0.0.0/0'), nat_gateway_id: unknown('enable_nat_gateway not known') }, natLocation));
      privateTables.push(b.add('aws_route_table', 'private', i, { vpc_id: ref(vpc) }, {}, { route: routes }));
    }
    privateSubnets.forEach((subnet, i) => {
      const table = privateTables[singleNat ? 0 : Math.min(i, privateTables.length - 1)];
      b.add('aws_route_table_association', 'private', i, { subnet_id: ref(subnet), route_table_id: ref(table) });
    });
  }
  const publicTables: ResourceInstance[] = [];
  if (publicSubnets && publicSubnets.length > 0) {
    const routes = igw ? [b.block({ cidr_block: str('0.0.0.0/0'), gateway_id: ref(igw) })] : [];
    publicTables.push(b.add('aws_route_table', 'public', 0, { vpc_id: ref(vpc) }, {}, { route: routes }));
    publicSubnets.forEach((subnet, i) =>
      b.add('aws_route_table_association', 'public', i, { subnet_id: ref(subnet), route_table_id: ref(publicTables[0]) }),
    );
  }
  const defaultSg = b.add('aws_default_security_group', 'this', 0, { vpc_id: ref(vpc) });

  outputs.set('vpc_id', ref(vpc));
  outputs.set('vpc_arn', ref(vpc, 'arn'));
  outputs.set('vpc_cidr_block', cidr);
  outputs.set('default_security_group_id', ref(defaultSg));
  outputs.set('private_subnets', privateSubnets ? list(privateSubnets.map((s) => ref(s))) : unknown('private subnets'));
  outputs.set('public_subnets', publicSubnets ? list(publicSubnets.map((s) => ref(s))) : unknown('public subnets'));
  outputs.set(
    'private_subnets_cidr_blocks',
    privateSubnets ? list(privateSubnets.map((s) => s.attr('cidr_block'))) : unknown('private subnets'),
  );
  outputs.set('private_route_table_ids', list(privateTables.map((t) => ref(t))));
  outputs.set('public_route_table_ids', list(publicTables.map((t) => ref(t))));
  outputs.set('natgw_ids', list(nats.map((n) => ref(n))));
  outputs.set('igw_id', igw ? ref(igw) : NULL);
  outputs.set('azs', list(azs));
  outputs.set('name', module.variableValue('name'));
  return { resources: b.resources, outputs };
}
