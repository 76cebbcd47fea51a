/**
 * endpoint-subnets: an interface endpoint with no subnets has no network interface, so nothing can
 * reach it (error); one with no subnet in some Availability Zone the tasks run in still works, but
 * across zones, and stops when the endpoint's zone fails (info).
 */
import type { Fix } from '../findings';
import { declaration, insertAttribute, replaceRange, singleLineText } from '../fixes/edits';
import type { ResourceInstance } from '../model/config';
import type { Endpoint } from '../model/network';
import { asString, type Value } from '../model/values';
import type { Workload } from '../model/workloads';
import { describe, privateWorkloads } from './helpers';
import { endpointListDoubt, expressionFor, usedInterfaceEndpoints, type Doubt } from './network-helpers';
import { defineRule, type RuleContext } from './types';
import { describeValue, nameValue } from './undecided';

/** The service's `subnets` expression, when it means the same inside the endpoint's module. */
function subnetsExpression(workload: Workload, endpoint: Endpoint): string | undefined {
  const config = workload.launch.networkConfiguration;
  const attribute = config?.attribute('subnets');
  if (!config || !attribute) return undefined;
  const module = endpoint.resource.module;
  if (workload.service.module === module) {
    const decl = declaration(workload.service);
    return decl ? singleLineText(decl.file, attribute.expr) : undefined;
  }
  return expressionFor(module, config.attr('subnets'));
}

function addSubnetsFix(workload: Workload, endpoint: Endpoint): Fix | undefined {
  const decl = declaration(endpoint.resource);
  const expression = subnetsExpression(workload, endpoint);
  if (!decl || !expression) return undefined;
  const attribute = endpoint.resource.attribute('subnet_ids');
  const edit = attribute
    ? replaceRange(decl.file.path, attribute.expr.range, expression)
    : insertAttribute(decl.file, decl.block, `subnet_ids = ${expression}`);
  return { title: 'Place the endpoint in the task subnets', edits: [edit], isPreferred: true };
}

/** The Availability Zones of subnets, or undefined when some subnet or zone is not a known string. */
function zonesOf(subnets: Array<ResourceInstance | undefined>): string[] | undefined {
  const zones: string[] = [];
  for (const subnet of subnets) {
    const zone = subnet ? asString(subnet.attr('availability_zone')) : undefined;
    if (zone === undefined) return undefined;
    if (!zones.includes(zone)) zones.push(zone);
  }
  return zones;
}

/** Why the zones of `subnets` are not known: a subnet id that is no subnet of this configuration, or a zone not known. */
function zoneDoubt(context: RuleContext, ids: Array<{ id: Value; subnet: ResourceInstance | undefined }>, fallback: Doubt): Doubt {
  for (const { id, subnet } of ids) {
    if (!subnet)
      return { reason: `a subnet id is ${describeValue(id)}, so its Availability Zone is not known here`, location: fallback.location };
    if (subnet.attr('availability_zone').kind === 'null')
      return {
        reason: `${subnet.fullAddress} sets no availability_zone, so AWS picks its zone when it creates it`,
        location: subnet.has('availability_zone_id') ? subnet.valueLocation('availability_zone_id') : subnet.location,
      };
    if (asString(subnet.attr('availability_zone')) === undefined)
      return {
        reason: `the Availability Zone of ${subnet.fullAddress} is ${nameValue(context, subnet, 'availability_zone')}`,
        location: subnet.valueLocation('availability_zone'),
      };
  }
  return fallback;
}

/** The rule. */
export const endpointSubnets = defineRule({
  meta: {
    id: 'endpoint-subnets',
    title: 'Interface endpoints have subnets in the task zones',
    description:
      'An interface endpoint exists in the subnets it is given (subnet_ids, aws_vpc_endpoint_subnet_association): with none it has no network interface and nothing can reach it. It should have a subnet in every Availability Zone the tasks use, so a zone failure does not cut the others off.',
    defaultSeverity: 'error',
    fixable: true,
    messages: {
      noSubnets:
        '{{endpoint}} has no subnets. ' +
        '{{endpoint}} ({{service}}) has no subnets, so it has no network interface and the tasks of {{workload}} cannot reach it. Set subnet_ids to the task subnets (one per Availability Zone).',
      missingZone:
        '{{endpoint}} has no subnet in {{zones}}. ' +
        '{{endpoint}} ({{service}}) has no subnet in {{zones}}, where tasks of {{workload}} run: their calls cross zones and fail if the endpoint\u2019s zone does. Add a subnet in {{zones}} to subnet_ids.',
      undecided:
        'Subnets of {{endpoint}} not decided. ' +
        'Whether each of {{endpoints}} has a subnet in every Availability Zone the tasks of {{workload}} use is not known here: {{reason}}. An endpoint with no subnets cannot be reached at all ("dial tcp <private ip>:443: i/o timeout"); run "Private ECR: Verify Private ECR Access" against the live VPC.',
    },
  },
  check(context) {
    const reportedEmpty = new Set<Endpoint>();
    // One info per cause (a subnet zone left to AWS is shared by every endpoint in that subnet).
    const undecided = new Map<string, { doubt: Doubt; workload: Workload; endpoints: Array<{ endpoint: Endpoint; service: string }> }>();
    const leaveOpen = (doubt: Doubt, workload: Workload, endpoint: Endpoint, service: string): void => {
      const entry = undecided.get(doubt.reason) ?? { doubt, workload, endpoints: [] };
      if (!entry.endpoints.some((e) => e.endpoint === endpoint)) entry.endpoints.push({ endpoint, service });
      undecided.set(doubt.reason, entry);
    };
    const missingZones = new Map<Endpoint, { service: string; workload: Workload; zones: string[] }>();
    for (const workload of privateWorkloads(context)) {
      const reach = workload.reach;
      if (reach.kind !== 'private') continue;
      const taskZones = zonesOf(reach.subnets);
      for (const { endpoint, service } of usedInterfaceEndpoints(context, workload)) {
        const subnetIds = endpoint.subnetIds;
        if (!subnetIds) {
          leaveOpen(endpointListDoubt(context, endpoint, 'subnet_ids', 'aws_vpc_endpoint_subnet_association'), workload, endpoint, service);
          continue;
        }
        if (subnetIds.length === 0) {
          if (reportedEmpty.has(endpoint)) continue;
          reportedEmpty.add(endpoint);
          const fix = addSubnetsFix(workload, endpoint);
          context.report({
            messageId: 'noSubnets',
            data: { endpoint: endpoint.resource.fullAddress, service, workload: describe(workload.service) },
            location: endpoint.location('subnet_ids'),
            resource: endpoint.resource,
            related: [{ location: workload.service.location, message: `tasks of ${describe(workload.service)}` }],
            fixes: fix ? [fix] : undefined,
          });
          continue;
        }
        const placed = subnetIds.map((id) => ({ id, subnet: context.network.subnet(id) }));
        // The endpoint is in every task subnet: it is in every task zone, whatever the zones are.
        if (reach.subnets.every((s) => placed.some((p) => p.subnet === s))) continue;
        const endpointZones = zonesOf(placed.map((p) => p.subnet));
        if (!taskZones || !endpointZones) {
          const fallback = {
            reason: `the subnets of ${endpoint.resource.fullAddress} are not known here`,
            location: endpoint.location('subnet_ids'),
          };
          const doubt = !endpointZones
            ? zoneDoubt(context, placed, fallback)
            : zoneDoubt(
                context,
                reach.subnets.map((s) => ({ id: { kind: 'null' } as Value, subnet: s })),
                fallback,
              );
          leaveOpen(doubt, workload, endpoint, service);
          continue;
        }
        const missing = taskZones.filter((z) => !endpointZones.includes(z));
        if (missing.length === 0) continue;
        const entry = missingZones.get(endpoint) ?? { service, workload, zones: [] };
        for (const zone of missing) if (!entry.zones.includes(zone)) entry.zones.push(zone);
        missingZones.set(endpoint, entry);
      }
    }
    for (const { doubt, workload, endpoints: all } of undecided.values()) {
      // An endpoint already reported (no subnets, a missing zone) needs no doubt besides.
      const endpoints = all.filter((e) => !reportedEmpty.has(e.endpoint) && !missingZones.has(e.endpoint));
      if (endpoints.length === 0) continue;
      context.report({
        messageId: 'undecided',
        severity: 'info',
        data: {
          endpoint: endpoints[0].endpoint.resource.fullAddress,
          endpoints: endpoints.map((e) => `${e.endpoint.resource.fullAddress} (${e.service})`).join(', '),
          workload: describe(workload.service),
          reason: doubt.reason,
        },
        location: doubt.location,
        resource: endpoints[0].endpoint.resource,
        related: [{ location: workload.service.location, message: `tasks of ${describe(workload.service)}` }],
      });
    }
    for (const [endpoint, { service, workload, zones }] of missingZones) {
      const reach = workload.reach;
      const taskSubnets =
        reach.kind === 'private' ? reach.subnets.filter((s) => zones.includes(asString(s.attr('availability_zone')) ?? '')) : [];
      context.report({
        messageId: 'missingZone',
        severity: 'info',
        data: { endpoint: endpoint.resource.fullAddress, service, workload: describe(workload.service), zones: zones.join(', ') },
        location: endpoint.location('subnet_ids'),
        resource: endpoint.resource,
        related: taskSubnets.map((s) => ({
          location: s.location,
          message: `task subnet ${s.fullAddress} in ${asString(s.attr('availability_zone'))}`,
        })),
      });
    }
  },
});
