/**
 * s3-gateway-endpoint: ECR serves image layers from S3, which private tasks reach through a
 * Gateway endpoint for com.amazonaws.<region>.s3 attached to every route table their subnets use.
 */
import type { Fix } from '../findings';
import { addFirstEndpointsFix } from './endpoint-fixes';
import {
  attributeText,
  declaration,
  fileOf,
  insertAfterBlock,
  insertAttribute,
  lastBlock,
  regionExpression,
  replaceRange,
  singleLineText,
  uniqueName,
  vpcIdFromSubnet,
} from '../fixes/edits';
import { renderTemplate } from '../fixes/templates';
import type { ResourceInstance } from '../model/config';
import type { Endpoint } from '../model/network';
import { asList, type Value } from '../model/values';
import type { Workload } from '../model/workloads';
import { describe, endpointsForService, privateWorkloads, workloadVpc } from './helpers';
import { doubtLocation, endpointDoubt, pullsFromPrivateEcr } from './interface-endpoint';
import { doubtKey, endpointListDoubt, type Doubt } from './network-helpers';
import { defineRule, type RuleContext } from './types';
import { nameValue } from './undecided';

type Table = ResourceInstance | 'implicit-main';

/** Whether a route table id value names `table` (`implicit-main` also matches `aws_vpc.x.main_route_table_id`). */
function idNamesTable(_context: RuleContext, id: Value, table: Table): boolean | undefined {
  if (id.kind === 'ref') {
    if (table === 'implicit-main')
      return id.target.type === 'aws_vpc' && (id.attribute === 'main_route_table_id' || id.attribute === 'default_route_table_id');
    return id.target === table && id.attribute === 'id';
  }
  return id.kind === 'unknown' ? undefined : false;
}

/**
 * Text for a reference to `table` valid inside `module`, or undefined. The VPC's implicit main
 * table has no resource of its own, so it is named through the VPC (`aws_vpc.main.main_route_table_id`).
 */
function tableReference(table: Table, module: ResourceInstance['module'], vpc: ResourceInstance | undefined): string | undefined {
  if (table === 'implicit-main') return vpc && vpc.module === module && vpc.block ? `${vpc.address}.main_route_table_id` : undefined;
  if (table.module !== module || !table.block) return undefined;
  return `${table.address}.id`;
}

/**
 * Replaces subnet ids in a one-line `route_table_ids = [...]` with the route tables those subnets
 * use, keeping the other items as written. Undefined when some item cannot be mapped.
 */
function subnetsToTablesFix(context: RuleContext, endpoint: Endpoint): Fix | undefined {
  const resource = endpoint.resource;
  const decl = declaration(resource);
  const attribute = resource.attribute('route_table_ids');
  // A for_each/count block is shared by all its instances: leave those to the user.
  if (!decl || !attribute || attribute.expr.type !== 'tuple' || resource.key !== undefined) return undefined;
  if (singleLineText(decl.file, attribute.expr) === undefined) return undefined;
  const values = asList(resource.attr('route_table_ids'));
  const items = attribute.expr.items;
  if (!values || values.length !== items.length) return undefined;
  const texts: string[] = [];
  for (let i = 0; i < items.length; i++) {
    const subnet = context.network.subnet(values[i]);
    let text: string | undefined;
    if (subnet) {
      const table = context.network.routing(subnet).table;
      const vpc = context.network.resolve(subnet.attr('vpc_id'), ['aws_vpc']);
      text = table === 'unknown' ? undefined : tableReference(table, resource.module, vpc);
    } else text = singleLineText(decl.file, items[i]);
    if (text === undefined) return undefined;
    if (!texts.includes(text)) texts.push(text);
  }
  return {
    title: 'Replace the subnet ids with their route tables',
    isPreferred: true,
    edits: [replaceRange(decl.file.path, attribute.expr.range, `[${texts.join(', ')}]`)],
  };
}

function addGatewayFix(context: RuleContext, workload: Workload, tables: Table[]): Fix | undefined {
  const service = workload.service;
  const module = service.module;
  const vpc = workloadVpc(context, workload);
  const refs = tables.map((t) => tableReference(t, module, vpc));
  if (refs.some((r) => r === undefined)) return undefined;
  const interfaceModel = context.network.endpoints.find((e) => e.resource.block && e.resource.module === module && e.type === 'Interface');
  const vpcText = interfaceModel ? attributeText(interfaceModel.resource, 'vpc_id') : undefined;
  const reach = workload.reach;
  const subnet = reach.kind === 'private' ? reach.subnets[0] : undefined;
  const vpcId = vpcText ?? (subnet ? vpcIdFromSubnet(subnet, module) : undefined);
  const region = regionExpression(module);
  if (!vpcId || !region) {
    return undefined;
  }
  const text = renderTemplate('s3-gateway-endpoint', {
    name: uniqueName(module, 'aws_vpc_endpoint', 's3'),
    vpc_id: vpcId,
    region,
    route_table_ids: `[${refs.join(', ')}]`,
  });
  const preferred = interfaceModel?.resource.file ?? service.file;
  const file = fileOf(module, preferred);
  const anchor =
    file && (lastBlock(file, (b) => b.type === 'resource' && b.labels[0] === 'aws_vpc_endpoint') ?? lastBlock(file, () => true));
  if (!file || !anchor) return undefined;
  return { title: 'Add S3 gateway endpoint', edits: [insertAfterBlock(file, anchor, text)], isPreferred: true };
}

/** A label part naming an endpoint instance: its name, plus its for_each key when it has one (`this_s3`). */
function endpointLabel(endpoint: Endpoint): string {
  const key = endpoint.resource.key;
  if (key === undefined) return endpoint.resource.name;
  return `${endpoint.resource.name}_${String(key).replace(/[^A-Za-z0-9_]+/g, '_')}`;
}

function attachFix(context: RuleContext, endpoint: Endpoint, table: Table, vpc: ResourceInstance | undefined): Fix | undefined {
  const decl = declaration(endpoint.resource);
  if (!decl) return undefined;
  const tableText = tableReference(table, endpoint.resource.module, vpc);
  if (!tableText) return undefined;
  // A for_each/count block is shared with its other instances (interface endpoints of the same map
  // must not get route tables): attach this instance with an association resource instead.
  const shared = endpoint.resource.key !== undefined;
  const attribute = shared ? undefined : endpoint.resource.attribute('route_table_ids');
  const title = "Attach the S3 endpoint to the tasks' route tables";
  if (attribute && attribute.expr.type === 'tuple' && !singleLineText(decl.file, attribute.expr)?.includes('\n')) {
    const tuple = attribute.expr;
    const closing = { ...tuple.range.end, character: tuple.range.end.character - 1, offset: tuple.range.end.offset - 1 };
    const text = decl.file.text.slice(tuple.range.start.offset, tuple.range.end.offset);
    if (!text.includes('\n')) {
      const insert = tuple.items.length === 0 ? tableText : `, ${tableText}`;
      const hasTrailingComma = /,\s*\]$/.test(text);
      return {
        title,
        isPreferred: true,
        edits: [
          {
            file: decl.file.path,
            range: {
              start: { line: closing.line, character: closing.character },
              end: { line: closing.line, character: closing.character },
            },
            newText: hasTrailingComma ? ` ${tableText}` : insert,
          },
        ],
      };
    }
  }
  if (
    !shared &&
    !attribute &&
    context.network.associationsFor('aws_vpc_endpoint_route_table_association', 'vpc_endpoint_id', endpoint.resource).length === 0
  ) {
    // No route tables attached in any form yet: write route_table_ids on the endpoint itself.
    return { title, isPreferred: true, edits: [insertAttribute(decl.file, decl.block, `route_table_ids = [${tableText}]`)] };
  }
  const module = endpoint.resource.module;
  const text = renderTemplate('s3-route-table-association', {
    name: uniqueName(
      module,
      'aws_vpc_endpoint_route_table_association',
      `${endpointLabel(endpoint)}_${table === 'implicit-main' ? 'main' : table.name}`,
    ),
    s3_endpoint_id: `${endpoint.resource.address}.id`,
    route_table_id: tableText,
  });
  return { title, isPreferred: true, edits: [insertAfterBlock(decl.file, decl.block, text)] };
}

/**
 * The route table ids of an endpoint, each with why it is not known should it be so (the attribute
 * or the association resource it is written in). Undefined when the list itself is not known.
 */
function tableIdSources(context: RuleContext, endpoint: Endpoint): Array<{ id: Value; doubt: () => Doubt }> | undefined {
  const resource = endpoint.resource;
  const own = asList(resource.attr('route_table_ids'));
  if (!own || endpoint.routeTableIds === undefined) return undefined;
  const out = own.map((id) => ({
    id,
    doubt: (): Doubt => ({
      reason: `route_table_ids of ${resource.fullAddress} is ${nameValue(context, resource, 'route_table_ids', id)}`,
      location: endpoint.location('route_table_ids'),
    }),
  }));
  for (const association of context.network.associationsFor('aws_vpc_endpoint_route_table_association', 'vpc_endpoint_id', resource)) {
    out.push({
      id: association.attr('route_table_id'),
      doubt: (): Doubt => ({
        reason: `route_table_id of ${association.fullAddress} is ${nameValue(context, association, 'route_table_id')}`,
        location: association.valueLocation('route_table_id'),
      }),
    });
  }
  return out;
}

/** The rule. */
export const s3GatewayEndpoint = defineRule({
  meta: {
    id: 's3-gateway-endpoint',
    title: 'S3 gateway endpoint on the task route tables',
    description:
      'ECR stores image layers in S3. Private tasks download them through a Gateway endpoint for com.amazonaws.<region>.s3 attached to every route table their subnets use. An S3 Interface endpoint alone does not serve ECR layers.',
    defaultSeverity: 'error',
    fixable: true,
    messages: {
      missing:
        'No S3 gateway endpoint for {{service}}. ' +
        'It runs in private subnets without a NAT route, but the VPC has no S3 gateway endpoint: image layers (served from S3) cannot be downloaded ("CannotPullContainerError ... failed to copy: httpReaderSeeker: failed open"). Add an aws_vpc_endpoint for "com.amazonaws.<region>.s3" with vpc_endpoint_type = "Gateway" and route_table_ids of the task subnets.',
      interfaceOnly:
        '{{address}} is not an S3 Gateway endpoint. ' +
        '{{address}} is an S3 Interface endpoint; ECR image layers are fetched through an S3 Gateway endpoint on the task route tables (an Interface endpoint needs its own DNS names, which the ECS agent does not use). Add a Gateway endpoint for S3.',
      notAttached:
        '{{address}} misses a task route table. ' +
        'It is not attached to {{table}}, which {{subnet}} of {{service}} uses: layer downloads from S3 will time out ("failed to copy: httpReaderSeeker: failed open"). Add the route table to route_table_ids.',
      subnetAsTable:
        '{{address}} lists a subnet as a route table. ' +
        '{{address}} lists a subnet id in route_table_ids ({{subnet}}); the S3 gateway endpoint is attached to route tables, not subnets, so the task subnets get no route to S3. Put the ids of their route tables there.',
      undecided:
        'S3 gateway endpoint for {{service}} not decided. ' +
        'Whether every route table of the task subnets of {{service}} is attached to an S3 gateway endpoint is not known here: {{reason}}. Without one, image layers (served from S3) cannot be downloaded ("failed to copy: httpReaderSeeker: failed open"); run "Private ECR: Verify Private ECR Access" against the live VPC.',
    },
  },
  check(context) {
    const reportedPairs = new Set<string>();
    // One info per cause: the value that kept the verdict open, for every workload it leaves open.
    const undecided = new Map<string, { doubt: Doubt; workload: Workload; resource: ResourceInstance }>();
    const leaveOpen = (doubt: Doubt, workload: Workload, resource: ResourceInstance): void => {
      const key = doubtKey(doubt);
      if (!undecided.has(key)) undecided.set(key, { doubt, workload, resource });
    };
    for (const workload of privateWorkloads(context)) {
      const reach = workload.reach;
      if (reach.kind !== 'private' || !pullsFromPrivateEcr(workload)) continue;
      const { found, unsure } = endpointsForService(context, workload, 's3');
      const gateways = found.filter((e) => e.type === 'Gateway');
      if (gateways.length === 0) {
        const untyped = found.find((e) => e.type === undefined);
        if (untyped) {
          leaveOpen(
            {
              reason: `vpc_endpoint_type of ${untyped.resource.fullAddress} is ${nameValue(context, untyped.resource, 'vpc_endpoint_type')}`,
              location: untyped.location('vpc_endpoint_type'),
            },
            workload,
            untyped.resource,
          );
          continue;
        }
        if (unsure.length > 0) {
          const endpoint = unsure[0];
          leaveOpen(
            {
              reason: `${endpoint.resource.fullAddress} might be it, but ${endpointDoubt(context, endpoint)}`,
              location: doubtLocation(endpoint),
            },
            workload,
            endpoint.resource,
          );
          continue;
        }
        const interfaceEndpoint = found.find((e) => e.type === 'Interface');
        const fix =
          addGatewayFix(context, workload, reach.tables) ?? addFirstEndpointsFix(context, workload, [], 'Add S3 gateway endpoint');
        context.report({
          messageId: interfaceEndpoint ? 'interfaceOnly' : 'missing',
          data: { service: describe(workload.service), address: interfaceEndpoint?.resource.fullAddress ?? '' },
          location: interfaceEndpoint ? interfaceEndpoint.location() : workload.service.location,
          resource: interfaceEndpoint ? interfaceEndpoint.resource : workload.service,
          related: reach.tables
            .filter((t): t is ResourceInstance => t !== 'implicit-main')
            .map((t) => ({ location: t.location, message: `route table of the task subnets: ${t.fullAddress}` })),
          fixes: fix && fix.edits.length > 0 && !interfaceEndpoint ? [fix] : undefined,
        });
        continue;
      }
      // Every table the task subnets use must be attached to some S3 gateway endpoint.
      const listed = gateways.map((g) => ({ endpoint: g, sources: tableIdSources(context, g) }));
      const tableIds = listed.flatMap(({ endpoint, sources }) => (sources ? [{ endpoint, ids: sources.map((s) => s.id), sources }] : []));
      // An endpoint whose route tables are not known may be the one attaching a table the others miss.
      const unlisted = listed.find((l) => l.sources === undefined)?.endpoint;
      const vpc = workloadVpc(context, workload);
      // Endpoints listing subnet ids as route tables: one fix maps them all to their tables.
      const subnetFixes = new Map<Endpoint, Fix | undefined>();
      for (const { endpoint, ids } of tableIds) {
        for (const id of ids) {
          const subnet = context.network.subnet(id);
          if (!subnet) continue;
          if (!subnetFixes.has(endpoint)) subnetFixes.set(endpoint, subnetsToTablesFix(context, endpoint));
          const key = `${endpoint.resource.fullAddress}|subnet|${subnet.fullAddress}`;
          if (reportedPairs.has(key)) continue;
          reportedPairs.add(key);
          const fix = subnetFixes.get(endpoint);
          context.report({
            messageId: 'subnetAsTable',
            data: { address: endpoint.resource.fullAddress, subnet: subnet.fullAddress },
            location: endpoint.location('route_table_ids'),
            resource: endpoint.resource,
            fixes: fix ? [fix] : undefined,
          });
        }
      }
      reach.tables.forEach((table) => {
        let attached: boolean | undefined = false;
        let doubt: Doubt | undefined;
        for (const { sources } of tableIds) {
          for (const { id, doubt: why } of sources) {
            const names = idNamesTable(context, id, table);
            if (names === true) attached = true;
            else if (names === undefined && attached === false) {
              attached = undefined;
              doubt ??= why();
            }
          }
        }
        if (attached === false && unlisted) {
          attached = undefined;
          doubt = endpointListDoubt(context, unlisted, 'route_table_ids', 'aws_vpc_endpoint_route_table_association');
        }
        if (attached === undefined && doubt) leaveOpen(doubt, workload, gateways[0].resource);
        if (attached !== false) return;
        const endpoint = gateways[0];
        const tableName = table === 'implicit-main' ? 'the VPC\u2019s main route table' : table.fullAddress;
        const key = `${endpoint.resource.fullAddress}|${tableName}`;
        if (reportedPairs.has(key)) return;
        reportedPairs.add(key);
        const subnet = reach.subnets.find((s) => context.network.routing(s).table === table) ?? reach.subnets[0];
        const fix = subnetFixes.has(endpoint) ? subnetFixes.get(endpoint) : attachFix(context, endpoint, table, vpc);
        context.report({
          messageId: 'notAttached',
          data: {
            address: endpoint.resource.fullAddress,
            table: tableName,
            subnet: subnet.fullAddress,
            service: describe(workload.service),
          },
          location: endpoint.resource.has('route_table_ids') ? endpoint.location('route_table_ids') : endpoint.location(),
          resource: endpoint.resource,
          related: [
            ...(table !== 'implicit-main' ? [{ location: table.location, message: `route table used by ${subnet.fullAddress}` }] : []),
            { location: workload.service.location, message: `tasks of ${describe(workload.service)}` },
          ],
          fixes: fix ? [fix] : undefined,
        });
      });
    }
    for (const { doubt, workload, resource } of undecided.values()) {
      context.report({
        messageId: 'undecided',
        severity: 'info',
        data: { service: describe(workload.service), reason: doubt.reason },
        location: doubt.location,
        resource,
        related: [{ location: workload.service.location, message: `tasks of ${describe(workload.service)}` }],
      });
    }
  },
});
