/**
 * Network ACLs as Terraform writes them, converted to the live check's `NetworkAclInfo` shape so the
 * one evaluator (`live/networkAcls.ts`, first match by rule number, implicit deny) serves both checks.
 * A subnet's ACL comes from `aws_network_acl.subnet_ids`, `aws_network_acl_association`,
 * `aws_default_network_acl.subnet_ids`, else the VPC's default ACL: the `aws_default_network_acl`
 * that manages it (exactly the rules written), or AWS's own, which allows all traffic.
 */
import type { NetworkAclEntryInfo, NetworkAclInfo } from '../aws-semantics/networkAcls';
import type { SourceLocation } from './body';
import type { Configuration, ResourceInstance } from './config';
import type { Network } from './network';
import { asBool, asList, asNumber, asString, type Value } from './values';

/** Where one ACL entry is written: an inline `ingress`/`egress` block or an `aws_network_acl_rule`. */
export interface AclEntrySource {
  location: SourceLocation;
  resource: ResourceInstance;
}

/** A network ACL managed in the configuration, with every rule known. */
export interface TerraformNetworkAcl {
  resource: ResourceInstance;
  info: NetworkAclInfo;
  /** Where each entry is written, keyed by `entryKey`. */
  sources: Map<string, AclEntrySource>;
}

/** The ACL a subnet uses as far as the configuration tells. */
export type SubnetAcl =
  | { kind: 'managed'; acl: TerraformNetworkAcl }
  /** AWS's own default ACL, untouched by Terraform: allows all traffic both ways. */
  | { kind: 'aws-default' }
  /** Not known: why, and where the value that made it so is written. */
  | ({ kind: 'unknown' } & AclDoubt);

/** Why an ACL is not known, and where the deciding value is written. */
export interface AclDoubt {
  reason: string;
  location: SourceLocation;
  /** The attribute whose value is not known, when one is: the rule words the reason with that value named as written. */
  named?: { resource: ResourceInstance; attribute: string; reason: (value: string) => string };
}

/** Where a resource's count or for_each is written, else the resource itself. */
function expansionLocation(resource: ResourceInstance): SourceLocation {
  const expansion = ['count', 'for_each'].find((name) => resource.has(name));
  return expansion ? resource.valueLocation(expansion) : resource.location;
}

/** The location of an attribute when written, else the resource. */
function attributeLocation(resource: ResourceInstance, name: string): SourceLocation {
  return resource.has(name) ? resource.valueLocation(name) : resource.location;
}

/** The key of an entry in `TerraformNetworkAcl.sources`. */
export function entryKey(egress: boolean, ruleNumber: number): string {
  return `${egress ? 'egress' : 'ingress'}:${ruleNumber}`;
}

const ACL_TYPES = ['aws_network_acl', 'aws_default_network_acl'];

/** Reads network ACLs of one configuration; builds each ACL once. */
export class NetworkAcls {
  private readonly built = new Map<ResourceInstance, TerraformNetworkAcl | AclDoubt>();

  constructor(
    readonly configuration: Configuration,
    readonly network: Network,
  ) {}

  /** The ACL a subnet uses. */
  forSubnet(subnet: ResourceInstance): SubnetAcl {
    let unsure: AclDoubt | undefined;
    for (const acl of this.configuration.resourcesOfType('aws_network_acl')) {
      const ids = asList(acl.attr('subnet_ids'));
      if (!ids) {
        unsure ??= {
          reason: `the subnet_ids of ${acl.fullAddress} are not known`,
          location: attributeLocation(acl, 'subnet_ids'),
          named: { resource: acl, attribute: 'subnet_ids', reason: (value) => `subnet_ids of ${acl.fullAddress} is ${value}` },
        };
        continue;
      }
      if (ids.some((id) => refersTo(id, subnet)))
        return acl.certain
          ? this.managed(acl)
          : { kind: 'unknown', reason: `${acl.fullAddress} may not exist`, location: expansionLocation(acl) };
      if (!acl.certain || ids.some((id) => id.kind === 'unknown'))
        unsure ??= {
          reason: `the subnets of ${acl.fullAddress} are not known`,
          location: acl.certain ? attributeLocation(acl, 'subnet_ids') : expansionLocation(acl),
        };
    }
    for (const association of this.configuration.resourcesOfType('aws_network_acl_association')) {
      const id = association.attr('subnet_id');
      if (refersTo(id, subnet)) {
        const acl = this.network.resolve(association.attr('network_acl_id'), ACL_TYPES);
        if (!association.certain)
          return { kind: 'unknown', reason: `${association.fullAddress} may not exist`, location: expansionLocation(association) };
        if (!acl)
          return {
            kind: 'unknown',
            reason: `the ACL of ${association.fullAddress} is not managed here`,
            location: attributeLocation(association, 'network_acl_id'),
          };
        return this.managed(acl);
      }
      if (id.kind === 'unknown' || !association.certain)
        unsure ??= {
          reason: `the subnet of ${association.fullAddress} is not known`,
          location: association.certain ? attributeLocation(association, 'subnet_id') : expansionLocation(association),
          named: association.certain
            ? { resource: association, attribute: 'subnet_id', reason: (value) => `subnet_id of ${association.fullAddress} is ${value}` }
            : undefined,
        };
    }
    for (const acl of this.configuration.resourcesOfType('aws_default_network_acl')) {
      const ids = asList(acl.attr('subnet_ids'));
      if (ids?.some((id) => refersTo(id, subnet))) return this.managed(acl);
    }
    if (unsure) return { kind: 'unknown', ...unsure };
    const vpc = this.network.resolve(subnet.attr('vpc_id'), ['aws_vpc']);
    if (!vpc)
      return {
        kind: 'unknown',
        reason: `the VPC of ${subnet.fullAddress} is not managed here, so its default network ACL is not known`,
        location: attributeLocation(subnet, 'vpc_id'),
      };
    for (const acl of this.configuration.resourcesOfType('aws_default_network_acl')) {
      const v = acl.attr('default_network_acl_id');
      if (v.kind === 'ref' && v.target === vpc) return this.managed(acl);
      if (v.kind === 'unknown' || !acl.certain)
        return {
          kind: 'unknown',
          reason: `the VPC of ${acl.fullAddress} is not known`,
          location: acl.certain ? attributeLocation(acl, 'default_network_acl_id') : expansionLocation(acl),
        };
    }
    if (subnet.module.kind === 'registry-vpc') {
      // The vpc module can make dedicated ACLs and manage the default one from inputs the checker does not model.
      const call = subnet.module.call?.block;
      const aclInputs = call?.body.items.filter((i) => i.kind === 'attribute' && /acl/.test(i.name)) ?? [];
      if (aclInputs.length > 0)
        return { kind: 'unknown', reason: `${subnet.module.path} sets network ACL inputs`, location: subnet.location };
    }
    return { kind: 'aws-default' };
  }

  private managed(resource: ResourceInstance): SubnetAcl {
    if (!this.built.has(resource)) this.built.set(resource, this.build(resource));
    const acl = this.built.get(resource)!;
    return 'info' in acl ? { kind: 'managed', acl } : { kind: 'unknown', ...acl };
  }

  private build(resource: ResourceInstance): TerraformNetworkAcl | AclDoubt {
    if (!resource.certain) return { reason: `${resource.fullAddress} may not exist`, location: expansionLocation(resource) };
    const hidden = (location: SourceLocation): AclDoubt => ({ reason: `some rules of ${resource.fullAddress} are not known`, location });
    const entries: NetworkAclEntryInfo[] = [];
    const sources = new Map<string, AclEntrySource>();
    const add = (entry: NetworkAclEntryInfo | undefined, location: SourceLocation, owner: ResourceInstance): boolean => {
      if (!entry) return false;
      entries.push(entry);
      sources.set(entryKey(entry.egress, entry.ruleNumber), { location, resource: owner });
      return true;
    };
    for (const direction of ['ingress', 'egress'] as const) {
      if (resource.hasUnknownBlocks(direction)) return hidden(resource.location);
      const egress = direction === 'egress';
      const attributeForm = resource.attr(direction);
      if (attributeForm.kind !== 'null') {
        const items = asList(attributeForm);
        if (!items) return hidden(resource.valueLocation(direction));
        for (const item of items) {
          if (item.kind !== 'object') return hidden(resource.valueLocation(direction));
          const get = (name: string): Value => item.entries.get(name) ?? { kind: 'null' };
          if (!add(readEntry(get, egress, 'rule_no', 'action'), resource.valueLocation(direction), resource))
            return hidden(resource.valueLocation(direction));
        }
      }
      for (const block of resource.blocks(direction)) {
        if (
          !add(
            readEntry((name) => block.attr(name), egress, 'rule_no', 'action'),
            block.location,
            resource,
          )
        )
          return hidden(block.location);
      }
    }
    for (const rule of this.configuration.resourcesOfType('aws_network_acl_rule')) {
      const target = rule.attr('network_acl_id');
      if (target.kind === 'unknown')
        return {
          reason: `${rule.fullAddress} may add a rule to ${resource.fullAddress}: its network_acl_id is not known`,
          location: attributeLocation(rule, 'network_acl_id'),
          named: {
            resource: rule,
            attribute: 'network_acl_id',
            reason: (value) => `${rule.fullAddress} may add a rule to ${resource.fullAddress}: its network_acl_id is ${value}`,
          },
        };
      if (target.kind !== 'ref' || target.target !== resource) continue;
      if (!rule.certain) return { reason: `${rule.fullAddress} may not exist`, location: expansionLocation(rule) };
      const egress = asBool(rule.attr('egress').kind === 'null' ? { kind: 'bool', value: false } : rule.attr('egress'));
      if (egress === undefined) return hidden(attributeLocation(rule, 'egress'));
      if (
        !add(
          readEntry((name) => rule.attr(name), egress, 'rule_number', 'rule_action'),
          rule.location,
          rule,
        )
      )
        return hidden(rule.location);
    }
    const vpc = this.network.resolve(resource.attr('vpc_id'), ['aws_vpc']);
    return {
      resource,
      info: {
        networkAclId: resource.fullAddress,
        vpcId: vpc?.fullAddress ?? '',
        isDefault: resource.type === 'aws_default_network_acl',
        subnetIds: [],
        entries,
      },
      sources,
    };
  }
}

/** Reads one entry; undefined when some part that matters is not known. */
function readEntry(
  get: (name: string) => Value,
  egress: boolean,
  numberAttribute: string,
  actionAttribute: string,
): NetworkAclEntryInfo | undefined {
  const ruleNumber = asNumber(get(numberAttribute));
  const action = asString(get(actionAttribute))?.toLowerCase();
  const protocol = asString(get('protocol'))?.toLowerCase();
  if (ruleNumber === undefined || (action !== 'allow' && action !== 'deny') || protocol === undefined) return undefined;
  const cidrValue = get('cidr_block');
  const ipv6Value = get('ipv6_cidr_block');
  const cidr = cidrValue.kind === 'null' ? null : asString(cidrValue);
  const ipv6Cidr = ipv6Value.kind === 'null' ? null : asString(ipv6Value);
  if (cidr === undefined || ipv6Cidr === undefined) return undefined;
  const allProtocols = protocol === '-1' || protocol === 'all';
  let fromPort: number | null = null;
  let toPort: number | null = null;
  if (!allProtocols && (protocol === 'tcp' || protocol === '6')) {
    const from = asNumber(get('from_port'));
    const to = asNumber(get('to_port'));
    if (from === undefined || to === undefined) return undefined;
    fromPort = from;
    toPort = to;
  }
  return { ruleNumber, egress, protocol, action, cidr: cidr === '' ? null : cidr, ipv6Cidr, fromPort, toPort };
}

function refersTo(id: Value, subnet: ResourceInstance): boolean {
  return id.kind === 'ref' && id.target === subnet && id.attribute === 'id';
}
