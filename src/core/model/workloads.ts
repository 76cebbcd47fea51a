/**
 * ECS services and task definitions as the rules see them: launch type, network configuration,
 * containers (read from `jsonencode`, heredocs or a JSON file beside the module), and whether the
 * tasks run without a route to the internet, which is when the endpoint rules apply.
 */
import { BodyView, type SourceLocation } from './body';
import type { Configuration, ResourceInstance } from './config';
import { describeVia, Network, type Route } from './network';
import { asBool, asList, asString, decodeJsonValue, getEntry, NULL, patternMatches, unknown, type Value } from './values';

/** One container definition. */
export interface Container {
  name: string | undefined;
  image: Value | undefined;
  logDriver: string | undefined;
  /** The `logConfiguration.logDriver` value as read (undefined when not written): unknown when it is not known here. */
  logDriverValue: Value | undefined;
  /** The index of the container in the definitions. */
  index: number;
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
    return items.map((item, index) => readContainer(item, index));
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
        const item = container.items.find(
          (i) =>
            (i.key.type === 'literal' && i.key.value === field) ||
            (i.key.type === 'template' && i.key.parts.length === 1 && i.key.parts[0].kind === 'text' && i.key.parts[0].value === field),
        );
        if (item) return { file: this.resource.file, range: item.value.range };
      }
    }
    return this.containersLocation;
  }
}

function readContainer(value: Value, index: number): Container {
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
    logDriverValue:
      getEntry(logConfiguration, 'logDriver') ??
      (logConfiguration && logConfiguration.kind !== 'object' && logConfiguration.kind !== 'null' ? logConfiguration : undefined),
    index,
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

/**
 * Where the launch parameters of a workload are written. An `aws_ecs_service` holds them itself;
 * a schedule, rule target, pipe or state machine holds them in a nested block or a JSON definition.
 * Both views use the service's attribute names (`launch_type`, `platform_version`,
 * `enable_execute_command`, `capacity_provider_strategy`; `subnets`, `security_groups`, `assign_public_ip`).
 */
export interface LaunchSpec {
  /** What starts the tasks, for messages: `aws_ecs_service`, `aws_scheduler_schedule`... */
  starter: string;
  params: BodyView;
  networkConfiguration: BodyView | undefined;
  /** The attribute of `params` that names the task definition. */
  taskDefinitionAttribute: string;
}

/** An `aws_ecs_service` (or another resource that runs ECS tasks) with its task definition and network. */
export class Workload {
  private reachCache: WorkloadReach | undefined;
  readonly launch: LaunchSpec;

  constructor(
    readonly network: Network,
    readonly service: ResourceInstance,
    readonly taskDefinition: TaskDefinition | undefined,
    launch?: LaunchSpec,
  ) {
    this.launch = launch ?? {
      starter: 'aws_ecs_service',
      params: service,
      networkConfiguration: service.blocks('network_configuration')[0],
      taskDefinitionAttribute: 'task_definition',
    };
  }

  /** The network configuration, if written. */
  private get networkConfiguration(): BodyView | undefined {
    return this.launch.networkConfiguration;
  }

  /** `FARGATE`, `EC2` or `EXTERNAL`; undefined when it depends on things the checker cannot see. */
  get launchType(): string | undefined {
    const v = this.launch.params.attr('launch_type');
    if (v.kind !== 'null') return asString(v);
    const strategies = this.launch.params.blocks('capacity_provider_strategy');
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
    const v = this.launch.params.attr('platform_version');
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
    if (v.kind === 'string' && (v.value === 'ENABLED' || v.value === 'DISABLED')) return v.value === 'ENABLED';
    return v.kind === 'null' ? false : asBool(v);
  }

  /** `enable_execute_command`; undefined when unknown. */
  get executeCommand(): boolean | undefined {
    const v = this.launch.params.attr('enable_execute_command');
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
        ? {
            kind: 'unknown',
            reason:
              this.launch.starter === 'aws_ecs_service'
                ? 'the service has no network_configuration'
                : `${this.service.fullAddress} gives the tasks no network configuration`,
            location: this.launch.params.location,
          }
        : {
            kind: 'unknown',
            reason: 'the task definition is not in this configuration',
            location: this.launch.params.valueLocation(this.launch.taskDefinitionAttribute),
          };
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
        unsure ??= {
          kind: 'unknown',
          reason: `the route table of ${subnet.fullAddress} is not known${routing.reason ? ` (${routing.reason})` : ''}`,
          location: routing.location ?? subnet.location,
        };
        continue;
      }
      const verdict = this.network.defaultRoute(routing.table);
      if (verdict.kind === 'internet') {
        return {
          kind: 'internet',
          reason: `${subnet.fullAddress} routes 0.0.0.0/0 through ${describeVia(verdict.route.via)}`,
          route: verdict.route,
        };
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
    if (target.type === 'aws_ecs_task_definition' && target.mode === 'data')
      return resolveTaskDefinition(configuration, target.attr('task_definition'), depth + 1);
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

/** The first nested block along a path of block types (`target` → `ecs_parameters`). */
function nestedBlock(view: BodyView, path: string[]): BodyView | undefined {
  let current: BodyView | undefined = view;
  for (const type of path) current = current?.blocks(type)[0];
  return current;
}

/** Launch parameters written as nested blocks with the service's names (schedules, rule targets, pipes). */
function blockLaunch(resource: ResourceInstance, starter: string, paramsPath: string[], networkPath: string[]): LaunchSpec | undefined {
  const params = nestedBlock(resource, paramsPath);
  if (!params) return undefined;
  return { starter, params, networkConfiguration: nestedBlock(params, networkPath), taskDefinitionAttribute: 'task_definition_arn' };
}

/** A value of a Step Functions task's parameters: a JSONPath/JSONata key (`Subnets.$`) is set at run time. */
function stateParameter(parameters: Value | undefined, key: string): Value {
  if (!parameters || parameters.kind !== 'object') return parameters ? unknown('the state parameters are not known') : NULL;
  if (parameters.entries.has(`${key}.$`)) return unknown(`${key} is taken from the state input at run time`);
  const v = parameters.entries.get(key);
  if (v?.kind === 'string' && /^\{%/.test(v.value)) return unknown(`${key} is a JSONata expression`);
  return v ?? NULL;
}

/** The `ecs:runTask` states of a state machine definition (also inside Parallel branches and Map item processors). */
function runTaskStates(definition: Value | undefined, out: Value[] = [], depth = 0): Value[] {
  if (!definition || definition.kind !== 'object' || depth > 20) return out;
  const states = definition.entries.get('States');
  if (!states || states.kind !== 'object') return out;
  for (const state of states.entries.values()) {
    if (state.kind !== 'object') continue;
    const resource = state.entries.get('Resource');
    const text = resource?.kind === 'string' ? resource.value : resource?.kind === 'unknown' ? (resource.pattern ?? '') : '';
    if (/:states:::ecs:runTask(\.sync|\.waitForTaskToken)?$/.test(text)) out.push(state);
    const branches = asList(state.entries.get('Branches')) ?? [];
    for (const branch of branches) runTaskStates(branch, out, depth + 1);
    for (const key of ['Iterator', 'ItemProcessor']) runTaskStates(state.entries.get(key), out, depth + 1);
  }
  return out;
}

/**
 * True when a state machine's definition cannot be read as a States document (a variable, a value
 * known only after apply, a file the checker does not read), so which ECS tasks it starts is not known.
 */
export function stateMachineDefinitionUnknown(machine: ResourceInstance): boolean {
  const definition = decodeJsonValue(machine.attr('definition'));
  return !definition || definition.kind !== 'object' || definition.entries.get('States')?.kind !== 'object';
}

/** True when an unreadable state machine definition may start ECS tasks: it says `ecs:runTask`, or the configuration defines ECS tasks it could start. */
export function stateMachineMayRunTasks(configuration: Configuration, machine: ResourceInstance): boolean {
  const value = machine.attr('definition');
  const text =
    value.kind === 'string'
      ? value.value
      : value.kind === 'unknown'
        ? (value.template ?? []).filter((p): p is string => typeof p === 'string').join('') + (value.pattern ?? '')
        : '';
  if (/ecs:runTask/.test(text)) return true;
  return configuration.resourcesOfType('aws_ecs_task_definition').length > 0 || configuration.resourcesOfType('aws_ecs_cluster').length > 0;
}

/** Launch parameters of the `ecs:runTask` states of an `aws_sfn_state_machine`, as views with the service's names. */
function stateMachineLaunches(machine: ResourceInstance): LaunchSpec[] {
  const definition = decodeJsonValue(machine.attr('definition'));
  const at = machine.valueLocation('definition');
  const view = (given: Map<string, Value>, blocks: Map<string, BodyView[]> | null = null) =>
    new BodyView(machine.evaluator, machine.scope, machine.file, null, at, given, blocks, new Map([...given.keys()].map((k) => [k, at])));
  return runTaskStates(definition).map((state) => {
    const parameters = state.kind === 'object' ? (state.entries.get('Parameters') ?? state.entries.get('Arguments')) : undefined;
    const strategies = (asList(stateParameter(parameters, 'CapacityProviderStrategy')) ?? []).map((item) =>
      view(new Map([['capacity_provider', getEntry(item, 'CapacityProvider') ?? NULL]])),
    );
    const params = view(
      new Map([
        ['task_definition', stateParameter(parameters, 'TaskDefinition')],
        ['launch_type', stateParameter(parameters, 'LaunchType')],
        ['platform_version', stateParameter(parameters, 'PlatformVersion')],
        ['enable_execute_command', stateParameter(parameters, 'EnableExecuteCommand')],
      ]),
      new Map([['capacity_provider_strategy', strategies]]),
    );
    const networkConfiguration = stateParameter(parameters, 'NetworkConfiguration');
    const vpc = networkConfiguration.kind === 'null' ? undefined : stateParameter(networkConfiguration, 'AwsvpcConfiguration');
    const network =
      vpc === undefined || vpc.kind === 'null'
        ? undefined
        : view(
            new Map([
              ['subnets', stateParameter(vpc, 'Subnets')],
              ['security_groups', stateParameter(vpc, 'SecurityGroups')],
              ['assign_public_ip', stateParameter(vpc, 'AssignPublicIp')],
            ]),
          );
    return { starter: 'aws_sfn_state_machine', params, networkConfiguration: network, taskDefinitionAttribute: 'task_definition' };
  });
}

/**
 * Finds every ECS workload with its task definition: services, and the tasks that EventBridge
 * Scheduler schedules, EventBridge rule targets, EventBridge Pipes and Step Functions state machines run.
 */
export function findWorkloads(configuration: Configuration, network: Network): Workload[] {
  const out: Workload[] = [];
  const add = (resource: ResourceInstance, launch: LaunchSpec | undefined) => {
    const spec = launch ?? {
      starter: resource.type,
      params: resource,
      networkConfiguration: resource.blocks('network_configuration')[0],
      taskDefinitionAttribute: 'task_definition',
    };
    const target = resolveTaskDefinition(configuration, spec.params.attr(spec.taskDefinitionAttribute));
    out.push(new Workload(network, resource, target ? new TaskDefinition(target) : undefined, spec));
  };
  for (const service of configuration.resourcesOfType('aws_ecs_service')) add(service, undefined);
  for (const schedule of configuration.resourcesOfType('aws_scheduler_schedule')) {
    const launch = blockLaunch(schedule, 'aws_scheduler_schedule', ['target', 'ecs_parameters'], ['network_configuration']);
    if (launch) add(schedule, launch);
  }
  for (const target of configuration.resourcesOfType('aws_cloudwatch_event_target')) {
    const launch = blockLaunch(target, 'aws_cloudwatch_event_target', ['ecs_target'], ['network_configuration']);
    if (launch) add(target, launch);
  }
  for (const pipe of configuration.resourcesOfType('aws_pipes_pipe')) {
    const launch = blockLaunch(
      pipe,
      'aws_pipes_pipe',
      ['target_parameters', 'ecs_task_parameters'],
      ['network_configuration', 'aws_vpc_configuration'],
    );
    if (launch) add(pipe, launch);
  }
  for (const machine of configuration.resourcesOfType('aws_sfn_state_machine'))
    for (const launch of stateMachineLaunches(machine)) add(machine, launch);
  return out;
}
