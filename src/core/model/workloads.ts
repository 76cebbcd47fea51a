/**
 * ECS services and task definitions as the rules see them: launch type, network configuration,
 * containers (read from `jsonencode`, heredocs or a JSON file beside the module), and whether the
 * tasks run without a route to the internet, which is when the endpoint rules apply.
 */
import type { SourceLocation } from './body';
import type { Configuration, ResourceInstance } from './config';
import { describeVia, Network, type Route } from './network';
import { asBool, asList, asString, decodeJsonValue, getEntry, patternMatches, type Value } from './values';

/** One container definition. */
export interface Container {
  name: string | undefined;
  image: Value | undefined;
  logDriver: string | undefined;
  /** `valueFrom` of each secret (secrets and logConfiguration.secretOptions). */
  secretSources: Value[];
  repositoryCredentials: Value | undefined;
}

/** An `aws_ecs_task_definition`. */
export class TaskDefinition {
  constructor(readonly resource: ResourceInstance) {}

  /** `awsvpc`, `bridge`, `host`, `none`; AWS's default is bridge. Undefined when unknown. */
  get networkMode(): string | undefined {
    const v = this.resource.attr('network_mode');
    return v.kind === 'null' ? 'bridge' : asString(v);
  }

  /** `requires_compatibilities`, or undefined when unknown. */
  get compatibilities(): string[] | undefined {
    const items = asList(this.resource.attr('requires_compatibilities'));
    if (!items) return undefined;
    const out = items.map(asString);
    return out.every((s) => s !== undefined) ? (out as string[]) : undefined;
  }

  /** The containers, or undefined when the definitions cannot be read. */
  get containers(): Container[] | undefined {
    const decoded = decodeJsonValue(this.resource.attr('container_definitions'));
    const items = asList(decoded);
    if (!items) return undefined;
    return items.map(readContainer);
  }

  /** Where the container definitions are written. */
  get containersLocation(): SourceLocation {
    return this.resource.valueLocation('container_definitions');
  }

  /**
   * Where one field of one container is written, when the definitions are a `jsonencode([...])`
   * literal in the block (`image = "nginx:1.27"` of the second container); else the whole definitions.
   */
  containerFieldLocation(index: number, field: string): SourceLocation {
    const attribute = this.resource.attribute('container_definitions');
    const call = attribute?.expr;
    if (call?.type === 'call' && call.name === 'jsonencode' && call.args[0]?.type === 'tuple') {
      const container = call.args[0].items[index];
      if (container?.type === 'object') {
        const item = container.items.find((i) => (i.key.type === 'literal' && i.key.value === field) || (i.key.type === 'template' && i.key.parts.length === 1 && i.key.parts[0].kind === 'text' && i.key.parts[0].value === field));
        if (item) return { file: this.resource.file, range: item.value.range };
      }
    }
    return this.containersLocation;
  }
}

function readContainer(value: Value): Container {
  const logConfiguration = getEntry(value, 'logConfiguration');
  const secretSources: Value[] = [];
  for (const list of [getEntry(value, 'secrets'), getEntry(logConfiguration, 'secretOptions')]) {
    for (const secret of asList(list) ?? []) {
      const from = getEntry(secret, 'valueFrom');
      if (from) secretSources.push(from);
    }
  }
  const credentials = getEntry(getEntry(value, 'repositoryCredentials'), 'credentialsParameter');
  const name = getEntry(value, 'name');
  return {
    // A name read from a file or marked sensitive is not printed in messages (they show `#n` or `?`).
    name: name?.marks?.sensitive || name?.marks?.file !== undefined ? undefined : asString(name),
    image: getEntry(value, 'image'),
    logDriver: asString(getEntry(logConfiguration, 'logDriver')),
    secretSources,
    repositoryCredentials: credentials,
  };
}

/** Whether a workload's tasks can reach the internet, and so whether endpoint rules apply. */
export type WorkloadReach =
  | { kind: 'private'; subnets: ResourceInstance[]; tables: Array<ResourceInstance | 'implicit-main'> }
  | { kind: 'internet'; reason: string; route?: Route }
  | { kind: 'not-awsvpc'; networkMode: string }
  /** The network is not in this configuration (data sources, literal ids, variables without values), or the egress path leaves it. */
  | { kind: 'unmanaged'; reason: string; location?: SourceLocation; leaves?: Route }
  /** In this configuration, but some value that decides the scope is not known. */
  | { kind: 'unknown'; reason: string; location?: SourceLocation };

/** An `aws_ecs_service` with its task definition and network. */
export class Workload {
  private reachCache: WorkloadReach | undefined;

  constructor(readonly network: Network, readonly service: ResourceInstance, readonly taskDefinition: TaskDefinition | undefined) {}

  /** The `network_configuration` block, if written. */
  private get networkConfiguration() {
    return this.service.blocks('network_configuration')[0];
  }

  /** `FARGATE`, `EC2` or `EXTERNAL`; undefined when it depends on things the checker cannot see. */
  get launchType(): string | undefined {
    const v = this.service.attr('launch_type');
    if (v.kind !== 'null') return asString(v);
    const strategies = this.service.blocks('capacity_provider_strategy');
    if (strategies.length > 0) {
      const providers = strategies.map((s) => asString(s.attr('capacity_provider')));
      if (providers.every((p) => p === 'FARGATE' || p === 'FARGATE_SPOT')) return 'FARGATE';
      if (providers.some((p) => p !== undefined && p !== 'FARGATE' && p !== 'FARGATE_SPOT')) return 'EC2';
      return undefined;
    }
    return undefined;
  }

  /** The Fargate platform version (default LATEST). */
  get platformVersion(): string | undefined {
    const v = this.service.attr('platform_version');
    return v.kind === 'null' ? 'LATEST' : asString(v);
  }

  /** Subnet ids of the tasks, or undefined when unknown. */
  get subnetIds(): Value[] | undefined {
    const config = this.networkConfiguration;
    return config ? asList(config.attr('subnets')) : undefined;
  }

  /** Security group ids of the tasks; an empty list means the VPC default group. Undefined when unknown. */
  get securityGroupIds(): Value[] | undefined {
    const config = this.networkConfiguration;
    if (!config) return undefined;
    const v = config.attr('security_groups');
    return v.kind === 'null' ? [] : asList(v);
  }

  /** Where the task security groups are written (or the service header). */
  get securityGroupsLocation(): SourceLocation {
    const config = this.networkConfiguration;
    return config ? config.valueLocation('security_groups') : this.service.location;
  }

  /** `assign_public_ip` (default false); undefined when unknown. */
  get assignPublicIp(): boolean | undefined {
    const config = this.networkConfiguration;
    if (!config) return false;
    const v = config.attr('assign_public_ip');
    return v.kind === 'null' ? false : asBool(v);
  }

  /** `enable_execute_command`; undefined when unknown. */
  get executeCommand(): boolean | undefined {
    const v = this.service.attr('enable_execute_command');
    return v.kind === 'null' ? false : asBool(v);
  }

  /** Whether the tasks run in private subnets with no route to the internet. */
  get reach(): WorkloadReach {
    if (!this.reachCache) this.reachCache = this.computeReach();
    return this.reachCache;
  }

  private computeReach(): WorkloadReach {
    const mode = this.taskDefinition?.networkMode;
    if (this.taskDefinition && mode !== undefined && mode !== 'awsvpc') return { kind: 'not-awsvpc', networkMode: mode };
    const config = this.networkConfiguration;
    if (!config) {
      return this.taskDefinition
        ? { kind: 'unknown', reason: 'the service has no network_configuration', location: this.service.location }
        : { kind: 'unknown', reason: 'the task definition is not in this configuration', location: this.service.valueLocation('task_definition') };
    }
    const publicIp = this.assignPublicIp;
    if (publicIp === true) return { kind: 'internet', reason: 'assign_public_ip = true' };
    const subnetIds = this.subnetIds;
    const subnetsAt = config.valueLocation('subnets');
    if (!subnetIds) return { kind: 'unmanaged', reason: describeUnknown(config.attr('subnets'), 'the task subnets'), location: subnetsAt };
    const subnets: ResourceInstance[] = [];
    for (const id of subnetIds) {
      const subnet = this.network.subnet(id);
      if (!subnet) return { kind: 'unmanaged', reason: describeUnknown(id, 'the task subnets'), location: subnetsAt };
      if (!subnets.includes(subnet)) subnets.push(subnet);
    }
    if (subnets.length === 0) return { kind: 'unknown', reason: 'the service lists no subnets', location: subnetsAt };
    const tables: Array<ResourceInstance | 'implicit-main'> = [];
    let leaves: { route: Route; subnet: ResourceInstance } | undefined;
    let unsure: WorkloadReach | undefined;
    for (const subnet of subnets) {
      const routing = this.network.routing(subnet);
      if (routing.table === 'unknown') {
        unsure ??= { kind: 'unknown', reason: `the route table of ${subnet.fullAddress} is not known${routing.reason ? ` (${routing.reason})` : ''}`, location: routing.location ?? subnet.location };
        continue;
      }
      const verdict = this.network.defaultRoute(routing.table);
      if (verdict.kind === 'internet') {
        return { kind: 'internet', reason: `${subnet.fullAddress} routes 0.0.0.0/0 through ${describeVia(verdict.route.via)}`, route: verdict.route };
      }
      if (verdict.kind === 'maybe') {
        unsure ??= { kind: 'unknown', reason: verdict.reason, location: verdict.location ?? subnet.location };
        continue;
      }
      if (verdict.kind === 'leaves') leaves ??= { route: verdict.route, subnet };
      if (!tables.includes(routing.table)) tables.push(routing.table);
    }
    if (unsure) return unsure;
    if (leaves) {
      return {
        kind: 'unmanaged',
        reason: `${leaves.subnet.fullAddress} sends 0.0.0.0/0 to ${describeVia(leaves.route.via)}, so whether the tasks reach the internet depends on a network outside this configuration`,
        location: leaves.route.location,
        leaves: leaves.route,
      };
    }
    return { kind: 'private', subnets, tables };
  }
}

function describeUnknown(value: Value, what: string): string {
  if (value.kind === 'ref' && value.target.mode === 'data') return `${what} come from data.${value.target.type}.${value.target.name}`;
  if (value.kind === 'unknown') return `${what} are not known from this configuration (${value.reason})`;
  if (value.kind === 'string') return `${what} are given as literal ids such as ${value.value}, not as resources of this configuration`;
  return `${what} are not resources of this configuration`;
}

/** The family a task definition reference names: `app`, `app:3`, `arn:aws:ecs:...:task-definition/app:3`. */
function familyOfText(text: string): string {
  const arn = /^arn:[^:]+:ecs:[^:]*:[^:]*:task-definition\/(.+)$/.exec(text);
  const rest = arn ? arn[1] : text;
  return rest.replace(/:[^:]*$/, '');
}

/**
 * The `aws_ecs_task_definition` a `task_definition` / `task_definition_arn` value names: a reference
 * (`.arn`, `.arn_without_revision`, `.id`, `.revision`), its family (`.family`, `"family:revision"`,
 * a literal task definition ARN) or `data.aws_ecs_task_definition`, which names one by family.
 * Undefined when it is not one of this configuration's task definitions (or not known which).
 */
export function resolveTaskDefinition(configuration: Configuration, value: Value, depth = 0): ResourceInstance | undefined {
  if (depth > 3) return undefined;
  const definitions = configuration.resourcesOfType('aws_ecs_task_definition');
  const byFamily = (family: string, pattern: boolean): ResourceInstance | undefined => {
    const matches = definitions.filter((d) => {
      const f = d.attr('family');
      if (f.kind === 'string') return pattern ? patternMatches(family, f.value) : f.value === family;
      if (!pattern && f.kind === 'unknown' && f.pattern !== undefined) return patternMatches(f.pattern, family);
      return false;
    });
    return matches.length === 1 ? matches[0] : undefined;
  };
  if (value.kind === 'ref') {
    const target = value.target;
    if (target.type === 'aws_ecs_task_definition' && target.mode === 'managed') return target;
    if (target.type === 'aws_ecs_task_definition' && target.mode === 'data') return resolveTaskDefinition(configuration, target.attr('task_definition'), depth + 1);
    return undefined;
  }
  if (value.kind === 'string') return value.value.trim() === '' ? undefined : byFamily(familyOfText(value.value), false);
  if (value.kind === 'unknown') {
    // `"${aws_ecs_task_definition.app.family}:${...revision}"`: the first reference names it.
    for (const ref of value.refs ?? []) {
      const found = resolveTaskDefinition(configuration, ref, depth + 1);
      if (found) return found;
    }
    if (value.pattern !== undefined && value.pattern !== '*') {
      const family = familyOfText(value.pattern);
      if (family !== '' && family !== '*') return byFamily(family, true);
    }
  }
  return undefined;
}

/** Finds every ECS service with its task definition. */
export function findWorkloads(configuration: Configuration, network: Network): Workload[] {
  return configuration.resourcesOfType('aws_ecs_service').map((service) => {
    const target = resolveTaskDefinition(configuration, service.attr('task_definition'));
    return new Workload(network, service, target ? new TaskDefinition(target) : undefined);
  });
}
