/**
 * endpoint-subnets: an interface endpoint with no subnets has no network interface, so nothing can
 * reach it (error); one with no subnet in some Availability Zone the tasks run in still works, but
 * across zones, and stops when the endpoint's zone fails (info).
 */
import type { Fix } from '../findings';
import { declaration, insertAttribute, replaceRange, singleLineText } from '../fixes/edits';
import type { ResourceInstance } from '../model/config';
import type { Endpoint } from '../model/network';
import { asString } from '../model/values';
import type { Workload } from '../model/workloads';
import { describe, privateWorkloads } from './helpers';
import { expressionFor, usedInterfaceEndpoints } from './network-helpers';
import { defineRule } from './types';

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
    },
  },
  check(context) {
    const reportedEmpty = new Set<Endpoint>();
    const missingZones = new Map<Endpoint, { service: string; workload: Workload; zones: string[] }>();
    for (const workload of privateWorkloads(context)) {
      const reach = workload.reach;
      if (reach.kind !== 'private') continue;
      const taskZones = zonesOf(reach.subnets);
      for (const { endpoint, service } of usedInterfaceEndpoints(context, workload)) {
        const subnetIds = endpoint.subnetIds;
        if (!subnetIds) continue;
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
        if (!taskZones) continue;
        const endpointZones = zonesOf(subnetIds.map((id) => context.network.subnet(id)));
        if (!endpointZones) continue;
        const missing = taskZones.filter((z) => !endpointZones.includes(z));
        if (missing.length === 0) continue;
        const entry = missingZones.get(endpoint) ?? { service, workload, zones: [] };
        for (const zone of missing) if (!entry.zones.includes(zone)) entry.zones.push(zone);
        missingZones.set(endpoint, entry);
      }
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
