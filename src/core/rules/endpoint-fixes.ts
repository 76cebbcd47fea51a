/**
 * Fixes that add a missing VPC endpoint, wired like the endpoints the module already has — or,
 * when there are none yet, to the service's own subnets and security groups, with an endpoint
 * security group that admits HTTPS from the tasks.
 */
import type { Fix, TextEdit } from '../findings';
import type { Block, HclFile } from '../hcl/ast';
import type { ModuleInstance } from '../model/config';
import { asBool } from '../model/values';
import type { Endpoint } from '../model/network';
import type { Workload } from '../model/workloads';
import { endpointInVpc, workloadVpc } from './helpers';
import type { RuleContext } from './types';
import {
  attributeText,
  declaration,
  fileOf,
  insertAfterBlock,
  lastBlock,
  regionExpression,
  singleLineText,
  uniqueName,
  vpcIdFromSubnet,
} from '../fixes/edits';
import { renderTemplate, type TemplateId } from '../fixes/templates';

/** An existing endpoint written as a resource block, to copy the wiring from. */
function modelEndpoint(context: RuleContext, workload: Workload, type: 'Interface' | 'Gateway'): Endpoint | undefined {
  const vpc = workloadVpc(context, workload);
  // An endpoint with subnets written counts as an interface endpoint to copy from, even while its
  // type is still wrong (another finding fixes that), so fixes in one round agree on the wiring.
  const candidates = context.network.endpoints.filter(
    (e) =>
      e.resource.block &&
      (e.type === type || (type === 'Interface' && e.resource.has('subnet_ids'))) &&
      endpointInVpc(context, e, vpc) !== 'no',
  );
  return candidates.find((e) => e.resource.module === workload.service.module) ?? candidates[0];
}

/** Where new endpoints go in a module: after the last endpoint of the file, else at the end of `fallbackFile`. */
function insertionEdit(module: ModuleInstance, preferredFile: string, text: string): TextEdit | undefined {
  const file = fileOf(module, preferredFile);
  if (!file) return undefined;
  const anchor = lastBlock(file, (b) => b.type === 'resource' && b.labels[0] === 'aws_vpc_endpoint') ?? lastBlock(file, () => true);
  if (!anchor) return undefined;
  return insertAfterBlock(file, anchor, text);
}

/** The expression text of the first task security group, when written in the service's module. */
function taskSecurityGroupText(workload: Workload): string | undefined {
  // The service's own block, or the nested one of a schedule, rule target or pipe (`ecs_parameters { network_configuration {...} }`).
  const config = workload.launch.networkConfiguration;
  const attribute = config?.attribute('security_groups');
  const decl = declaration(workload.service);
  if (!attribute || !decl) return undefined;
  const expr = attribute.expr.type === 'tuple' && attribute.expr.items.length > 0 ? attribute.expr.items[0] : undefined;
  return expr ? singleLineText(decl.file, expr) : undefined;
}

/** Builds "Add <service> endpoint": an interface endpoint for `templateId`, in the right file with the right wiring. */
export function addInterfaceEndpointFix(
  context: RuleContext,
  workload: Workload,
  templateId: TemplateId,
  title: string,
  baseName: string,
): Fix | undefined {
  const model = modelEndpoint(context, workload, 'Interface');
  if (model) {
    const module = model.resource.module;
    const values = {
      name: uniqueName(module, 'aws_vpc_endpoint', baseName),
      vpc_id: attributeText(model.resource, 'vpc_id'),
      subnet_ids: attributeText(model.resource, 'subnet_ids'),
      security_group_ids: attributeText(model.resource, 'security_group_ids'),
      region: regionExpression(module),
    };
    if (Object.values(values).some((v) => v === undefined)) return undefined;
    const edit = insertionEdit(module, model.resource.file, renderTemplate(templateId, values));
    return edit ? { title, edits: [edit], isPreferred: true } : undefined;
  }
  const registry = registryModuleWiring(context, workload);
  if (registry) {
    const { module, file, anchor, wiring } = registry;
    const region = regionExpression(module);
    if (!region) return undefined;
    const text = renderTemplate(templateId, { name: uniqueName(module, 'aws_vpc_endpoint', baseName), region, ...wiring });
    return { title, edits: [insertAfterBlock(file, anchor, text)], isPreferred: true };
  }
  return addFirstEndpointsFix(context, workload, [{ templateId, baseName }], title);
}

/**
 * The wiring of interface endpoints made by a terraform-aws-modules `vpc-endpoints` call in the
 * service's module: the call's own `vpc_id`, `subnet_ids` and `security_group_ids` (or the group the
 * module creates), so a new endpoint joins them instead of getting a second endpoint security group.
 */
function registryModuleWiring(
  context: RuleContext,
  workload: Workload,
):
  | { module: ModuleInstance; file: HclFile; anchor: Block; wiring: { vpc_id: string; subnet_ids: string; security_group_ids: string } }
  | undefined {
  const vpc = workloadVpc(context, workload);
  const module = workload.service.module;
  for (const endpoint of context.network.endpoints) {
    const caller = endpoint.resource.module;
    if (caller.kind !== 'registry-vpc-endpoints' || caller.parent !== module || !caller.call || !caller.certain) continue;
    if (endpoint.type !== 'Interface' || endpointInVpc(context, endpoint, vpc) === 'no') continue;
    const { block, file: path } = caller.call;
    // module.x[0] / module.x["k"] would need the instance key in every reference: leave those alone.
    if (block.body.items.some((i) => i.kind === 'attribute' && (i.name === 'count' || i.name === 'for_each'))) continue;
    const file = fileOf(module, path);
    if (!file) continue;
    const argumentText = (name: string) => {
      const argument = caller.argument(name);
      return argument ? singleLineText(file, argument.expr) : undefined;
    };
    const vpcId = argumentText('vpc_id');
    const subnetIds = argumentText('subnet_ids');
    const createsGroup = asBool(caller.variableValue('create_security_group')) === true;
    const securityGroupIds =
      argumentText('security_group_ids') ?? (createsGroup ? `[module.${block.labels[0]}.security_group_id]` : undefined);
    if (!vpcId || !subnetIds || !securityGroupIds) continue;
    const anchor = lastBlock(file, (b) => b.type === 'resource' && b.labels[0] === 'aws_vpc_endpoint') ?? block;
    return { module, file, anchor, wiring: { vpc_id: vpcId, subnet_ids: subnetIds, security_group_ids: securityGroupIds } };
  }
  return undefined;
}

/**
 * Adds interface endpoints to a module that has none yet: wired to the service's subnets, with a new
 * endpoint security group admitting HTTPS from the task security group, and the region from the
 * module (a `data "aws_region"` is added when the module has no region expression).
 */
export function addFirstEndpointsFix(
  _context: RuleContext,
  workload: Workload,
  endpoints: Array<{ templateId: TemplateId; baseName: string }>,
  title: string,
): Fix | undefined {
  const service = workload.service;
  const module = service.module;
  const decl = declaration(service);
  const reach = workload.reach;
  if (!decl || reach.kind !== 'private') return undefined;
  const config = workload.launch.networkConfiguration;
  const subnetsAttribute = config?.attribute('subnets');
  const subnetIds = subnetsAttribute ? singleLineText(decl.file, subnetsAttribute.expr) : undefined;
  const taskSg = taskSecurityGroupText(workload);
  const subnet = reach.subnets[0];
  const vpcId = vpcIdFromSubnet(subnet, module);
  if (!subnetIds || !taskSg || !vpcId) return undefined;
  const blocks: string[] = [];
  let region = regionExpression(module);
  if (!region) {
    const dataName = 'current';
    blocks.push(`data "aws_region" "${dataName}" {}\n`);
    region = `data.aws_region.${dataName}.name`;
  }
  const sgName = uniqueName(module, 'aws_security_group', 'vpc_endpoint');
  blocks.push(renderTemplate('endpoint-security-group', { name: sgName, endpoint_group_name: '"vpc-endpoint"', vpc_id: vpcId }));
  blocks.push(
    renderTemplate('endpoint-sg-https-ingress-rule', {
      name: uniqueName(module, 'aws_vpc_security_group_ingress_rule', 'vpc_endpoint_https_from_tasks'),
      endpoint_security_group_id: `aws_security_group.${sgName}.id`,
      task_security_group_id: taskSg,
    }),
  );
  const taken = new Set<string>();
  for (const { templateId, baseName } of endpoints) {
    let name = uniqueName(module, 'aws_vpc_endpoint', baseName);
    while (taken.has(name)) name += '_2';
    taken.add(name);
    blocks.push(
      renderTemplate(templateId, {
        name,
        vpc_id: vpcId,
        subnet_ids: subnetIds,
        security_group_ids: `[aws_security_group.${sgName}.id]`,
        region,
        route_table_ids: undefined,
      }),
    );
  }
  const edit = insertionEdit(module, service.file, blocks.join('\n'));
  return edit ? { title, edits: [edit], isPreferred: true } : undefined;
}
