/**
 * Resource templates rendered for one module, for snippet completion: every resource gets a name
 * the module does not use yet, and the values are the module's own VPC, subnets, security groups,
 * route tables, cluster and region expression (as the quick fixes wire them), so inserting a
 * snippet never declares an address twice. The full set leaves out the parts the module already
 * has and points the rest at the existing resources instead.
 */
import type { Block, HclFile } from '../hcl/ast';
import type { ModuleInstance } from '../model/config';
import { fileOf, regionExpression, singleLineText, uniqueName } from './edits';
import { fullSetParts, renderTemplate, TEMPLATES, templateResourceAddresses, type TemplateId } from './templates';

/** A template rendered for a module. */
export interface ModuleSnippet {
  id: TemplateId;
  /** Terraform text in `terraform fmt` layout, ending with one newline. */
  text: string;
  /** The addresses (`type.name`) the text declares; none of them exists in the module. */
  addresses: string[];
  /** Full set only: parts left out because the module already has them, with the resource that stands in. */
  reused: Array<{ id: TemplateId; address: string }>;
  /** Resources of the module that already do what the template does (an endpoint for the same service). */
  equivalents: string[];
}

/** A top-level resource block of the module with its file. */
interface Declared {
  type: string;
  name: string;
  block: Block;
  file: HclFile;
}

function declaredResources(module: ModuleInstance): Declared[] {
  const out: Declared[] = [];
  for (const { block, file: path } of module.topBlocks('resource')) {
    const file = fileOf(module, path);
    if (file && block.labels.length === 2) out.push({ type: block.labels[0], name: block.labels[1], block, file });
  }
  return out;
}

function attributeTextOf(declared: Declared, name: string): string | undefined {
  const attribute = declared.block.body.items.find((i) => i.kind === 'attribute' && i.name === name);
  return attribute && attribute.kind === 'attribute' ? singleLineText(declared.file, attribute.expr) : undefined;
}

function nestedAttributeText(declared: Declared, blockType: string, name: string): string | undefined {
  const nested = declared.block.body.items.find((i) => i.kind === 'block' && i.type === blockType);
  if (!nested || nested.kind !== 'block') return undefined;
  const attribute = nested.body.items.find((i) => i.kind === 'attribute' && i.name === name);
  return attribute && attribute.kind === 'attribute' ? singleLineText(declared.file, attribute.expr) : undefined;
}

/** `[x]` → `x` for a one-element list written literally. */
function onlyElement(list: string | undefined): string | undefined {
  const m = list && /^\[\s*([^,[\]]+?)\s*,?\s*\]$/.exec(list);
  return m ? m[1] : undefined;
}

/** The service an endpoint block serves, from its `service_name` text (`ecr.dkr` for `"com.amazonaws.${var.region}.ecr.dkr"`). */
function endpointService(declared: Declared): string | undefined {
  const text = attributeTextOf(declared, 'service_name');
  const m = text && /^"(?:cn\.)?com\.amazonaws\.(?:[a-z0-9-]+|\$\{[^}]*\})\.([a-z0-9.-]+)"$/.exec(text);
  return m ? m[1] : undefined;
}

/** The only resource of a type in the module, if exactly one is declared. */
function onlyOf(resources: Declared[], type: string): Declared | undefined {
  const all = resources.filter((r) => r.type === type);
  return all.length === 1 ? all[0] : undefined;
}

/**
 * Values a template's parameters take in this module, from what it already declares: the wiring of
 * its interface endpoints and ECS service, its only VPC / route table / cluster / ECR repository, its variables, its
 * region expression. Parameters the module gives no answer for are left out (the template default stays).
 */
export function moduleWiring(module: ModuleInstance): Record<string, string> {
  const resources = declaredResources(module);
  const wiring: Record<string, string> = {};
  const set = (name: string, value: string | undefined) => {
    if (value !== undefined && wiring[name] === undefined) wiring[name] = value;
  };
  const variables = new Set(module.variableNames());
  const endpoints = resources.filter((r) => r.type === 'aws_vpc_endpoint');
  for (const endpoint of endpoints.filter((e) => attributeTextOf(e, 'subnet_ids') !== undefined)) {
    set('vpc_id', attributeTextOf(endpoint, 'vpc_id'));
    set('subnet_ids', attributeTextOf(endpoint, 'subnet_ids'));
    set('security_group_ids', attributeTextOf(endpoint, 'security_group_ids'));
  }
  const s3 = endpoints.find((e) => endpointService(e) === 's3');
  if (s3) {
    set('vpc_id', attributeTextOf(s3, 'vpc_id'));
    set('route_table_ids', attributeTextOf(s3, 'route_table_ids'));
    set('s3_prefix_list_id', `aws_vpc_endpoint.${s3.name}.prefix_list_id`);
    set('s3_endpoint_id', `aws_vpc_endpoint.${s3.name}.id`);
  }
  const service = onlyOf(resources, 'aws_ecs_service');
  if (service) {
    set('subnet_ids', nestedAttributeText(service, 'network_configuration', 'subnets'));
    set('task_security_group_ids', nestedAttributeText(service, 'network_configuration', 'security_groups'));
    set('cluster_id', attributeTextOf(service, 'cluster'));
  }
  const vpc = onlyOf(resources, 'aws_vpc');
  if (vpc) set('vpc_id', `aws_vpc.${vpc.name}.id`);
  if (variables.has('vpc_id')) set('vpc_id', 'var.vpc_id');
  for (const name of ['private_subnet_ids', 'subnet_ids']) if (variables.has(name)) set('subnet_ids', `var.${name}`);
  const table = onlyOf(resources, 'aws_route_table');
  if (table) {
    set('route_table_ids', `[aws_route_table.${table.name}.id]`);
    set('route_table_id', `aws_route_table.${table.name}.id`);
  }
  const repository = onlyOf(resources, 'aws_ecr_repository');
  if (repository) set('image', `"\${aws_ecr_repository.${repository.name}.repository_url}:latest"`);
  const cluster = onlyOf(resources, 'aws_ecs_cluster');
  if (cluster) set('cluster_id', `aws_ecs_cluster.${cluster.name}.id`);
  set('endpoint_security_group_id', onlyElement(wiring.security_group_ids));
  set('task_security_group_id', onlyElement(wiring.task_security_group_ids));
  set('region', regionExpression(module));
  return wiring;
}

/** The resource type a template declares first (`aws_vpc_endpoint` for an endpoint). */
function templateType(id: TemplateId): string {
  return templateResourceAddresses(id)[0].split('.')[0];
}

/** The endpoint service an endpoint template creates (`ecr.api`), read from its own text. */
function templateService(id: TemplateId): string | undefined {
  const m = /service_name\s*= "com\.amazonaws\.[^"]*?\.([a-z0-9-]+(?:\.[a-z0-9-]+)?)"/.exec(renderTemplate(id, { region: '"region-1"' }));
  return m && !m[1].includes('$') ? m[1] : undefined;
}

/** Replaces whole-address mentions (`aws_security_group.vpc_endpoint.id` → `aws_security_group.endpoints.id`). */
function renameAddresses(value: string, renames: Map<string, string>): string {
  let out = value;
  for (const [from, to] of renames)
    out = out.replace(new RegExp(`(^|[^A-Za-z0-9_.-])${from.replace(/\./g, '\\.')}(?=\\.|$|[^A-Za-z0-9_-])`, 'g'), `$1${to}`);
  return out;
}

/** Keeps the values a template has parameters for. */
function forTemplate(id: TemplateId, values: Record<string, string>): Record<string, string> {
  const names = new Set<string>(TEMPLATES[id].params.map((p) => p.name));
  return Object.fromEntries(Object.entries(values).filter(([name]) => names.has(name)));
}

/**
 * Renders template `id` for `module` (see the file comment). Single templates get a unique name
 * (`ecr_api_2` when `aws_vpc_endpoint.ecr_api` exists) and list the module's resources that already
 * do the same job in `equivalents`; the full set reuses them instead.
 */
export function renderTemplateForModule(id: TemplateId, module: ModuleInstance): ModuleSnippet {
  const resources = declaredResources(module);
  const wiring = moduleWiring(module);
  const existing = new Set(resources.map((r) => `${r.type}.${r.name}`));
  const endpointFor = (service: string | undefined) =>
    service === undefined ? undefined : resources.find((r) => r.type === 'aws_vpc_endpoint' && endpointService(r) === service);

  if (id !== 'private-ecr-full-set') {
    const type = templateType(id);
    const base = TEMPLATES[id].params.find((p) => p.name === 'name')!.default;
    const values = { ...forTemplate(id, wiring), name: uniqueName(module, type, base) };
    const equivalent = endpointFor(type === 'aws_vpc_endpoint' ? templateService(id) : undefined);
    return {
      id,
      text: renderTemplate(id, values),
      addresses: templateResourceAddresses(id, values),
      reused: [],
      equivalents: equivalent ? [`aws_vpc_endpoint.${equivalent.name}`] : [],
    };
  }

  // The full set: a part the module already has (same address, or an endpoint for the same service,
  // or the endpoint/task group its endpoints and service use) is left out, and the other parts'
  // references are pointed at what the module has.
  const renames = new Map<string, string>();
  const standIn = new Map<string, string>();
  const endpointGroup = onlyElement(wiring.security_group_ids)?.replace(/\.id$/, '');
  const taskGroup = onlyElement(wiring.task_security_group_ids)?.replace(/\.id$/, '');
  for (const part of fullSetParts()) {
    const address = templateResourceAddresses(part.id, { name: part.pinned.name })[0];
    const endpoint = endpointFor(templateType(part.id) === 'aws_vpc_endpoint' ? templateService(part.id) : undefined);
    let found: string | undefined = endpoint ? `aws_vpc_endpoint.${endpoint.name}` : existing.has(address) ? address : undefined;
    if (!found && part.id === 'endpoint-security-group' && endpointGroup && existing.has(endpointGroup)) found = endpointGroup;
    if (!found && part.id === 'task-security-group' && taskGroup && existing.has(taskGroup)) found = taskGroup;
    if (found) {
      standIn.set(address, found);
      if (found !== address) renames.set(address, found);
    }
  }
  const texts: string[] = [];
  const addresses: string[] = [];
  const reused: ModuleSnippet['reused'] = [];
  for (const part of fullSetParts()) {
    const address = templateResourceAddresses(part.id, { name: part.pinned.name })[0];
    const found = standIn.get(address);
    if (found) {
      reused.push({ id: part.id, address: found });
      continue;
    }
    const pinned = Object.fromEntries(
      Object.entries(part.pinned).map(([name, value]) => [name, name === 'name' ? value : renameAddresses(value, renames)]),
    );
    const values = { ...forTemplate(part.id, wiring), ...pinned };
    texts.push(renderTemplate(part.id, values));
    addresses.push(...templateResourceAddresses(part.id, values));
  }
  return { id, text: texts.join('\n'), addresses, reused, equivalents: [] };
}
