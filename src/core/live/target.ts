/** Turns "this ECS service" or "this VPC" into the subnets, security groups and task definition the checks need. */
import type { ResolvedTarget } from './result';
import { settle, Settled } from './settled';
import { AwsNetworkReader, EcsServiceInfo, EcsTaskInfo, LiveCallError, SubnetInfo, TaskDefinitionInfo } from './types';

/** What to check: an ECS service, or a VPC (optionally narrowed to subnets and security groups) with no service yet. */
export type LiveCheckRequest =
  | { kind: 'service'; cluster: string; service: string }
  | { kind: 'task'; cluster: string; task: string }
  | { kind: 'vpc'; vpcId: string; subnetIds?: string[]; securityGroupIds?: string[] };

/** The target cannot be checked as asked (missing service, VPC, subnet…): the message says what to pass instead. */
export class LiveTargetError extends Error {
  override readonly name = 'LiveTargetError';
}

/** A resolved target plus the raw ECS data it came from. */
export interface TargetResolution {
  target: ResolvedTarget;
  service: EcsServiceInfo | null;
  taskDefinition: Settled<TaskDefinitionInfo> | null;
  /** True when the task subnets were not given (VPC target) and the private subnets of the VPC are to be chosen. */
  subnetsToBeChosen: boolean;
  /** For a task target: the task as DescribeTasks returned it. */
  task?: EcsTaskInfo | null;
}

function lastArnPart(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

function accountOfArn(arn: string | null | undefined): string | null {
  const parts = (arn ?? '').split(':');
  return parts.length >= 5 && /^\d{12}$/.test(parts[4]) ? parts[4] : null;
}

/** The launch type that decides the pull path: the service's, else derived from its capacity providers. */
export function effectiveLaunchType(service: EcsServiceInfo): string | null {
  if (service.launchType) return service.launchType.toUpperCase();
  if (service.capacityProviders.length === 0) return null;
  return service.capacityProviders.every((provider) => provider.toUpperCase().startsWith('FARGATE')) ? 'FARGATE' : 'EC2';
}

async function describeServiceOrExplain(reader: AwsNetworkReader, cluster: string, serviceName: string): Promise<EcsServiceInfo> {
  try {
    return await reader.describeService(cluster, serviceName);
  } catch (error) {
    if (error instanceof LiveCallError && error.kind === 'not-found') {
      const known = await reader.listServices(cluster).then(
        (arns) => arns.map(lastArnPart),
        () => null,
      );
      const hint = known && known.length > 0 ? ` Services in ${cluster}: ${known.join(', ')}.` : '';
      throw new LiveTargetError(`${error.message}${hint}`);
    }
    throw error;
  }
}

/** Resolves the request; throws `LiveTargetError` or `LiveCallError` when the target itself cannot be read. */
export async function resolveTarget(reader: AwsNetworkReader, request: LiveCheckRequest, region: string): Promise<TargetResolution> {
  if (request.kind === 'service') return resolveServiceTarget(reader, request.cluster, request.service, region);
  if (request.kind === 'task') return resolveTaskTarget(reader, request.cluster, request.task, region);
  return resolveVpcTarget(reader, request, region);
}

async function resolveServiceTarget(
  reader: AwsNetworkReader,
  cluster: string,
  serviceName: string,
  region: string,
): Promise<TargetResolution> {
  const service = await describeServiceOrExplain(reader, cluster, serviceName);
  const taskDefinitionPending = settle(reader.describeTaskDefinition(service.taskDefinitionArn), 'DescribeTaskDefinition');
  if (!service.network || service.network.subnetIds.length === 0) {
    const taskDefinition = await taskDefinitionPending;
    const mode = taskDefinition.ok ? (taskDefinition.value.networkMode ?? 'bridge') : 'not awsvpc';
    throw new LiveTargetError(
      `Service ${service.serviceName} has no awsvpc network configuration (network mode ${mode}): its tasks use the container instances' network. ` +
        'Run the check with --vpc-id and the subnets and security groups of the container instances instead.',
    );
  }
  const subnetIds = service.network.subnetIds;
  let subnets: SubnetInfo[];
  try {
    subnets = await reader.describeSubnets(subnetIds);
  } catch (error) {
    if (error instanceof LiveCallError && !error.fatal) {
      throw new LiveTargetError(`Cannot read the subnets of service ${service.serviceName} (${subnetIds.join(', ')}): ${error.message}`);
    }
    throw error;
  }
  const vpcIds = [...new Set(subnets.map((subnet) => subnet.vpcId))];
  if (vpcIds.length !== 1) {
    throw new LiveTargetError(
      `The subnets of service ${service.serviceName} are in ${vpcIds.length === 0 ? 'no VPC' : `several VPCs (${vpcIds.join(', ')})`}.`,
    );
  }
  const taskDefinition = await taskDefinitionPending;
  return {
    target: {
      kind: 'service',
      region,
      accountId: accountOfArn(service.serviceArn),
      clusterArn: service.clusterArn,
      serviceArn: service.serviceArn,
      serviceName: service.serviceName,
      taskDefinitionArn: service.taskDefinitionArn,
      vpcId: vpcIds[0],
      subnetIds,
      securityGroupIds: service.network.securityGroupIds,
      usesDefaultSecurityGroup: service.network.securityGroupIds.length === 0,
      assignPublicIp: service.network.assignPublicIp,
      launchType: effectiveLaunchType(service),
      platformVersion: service.platformVersion,
    },
    service,
    taskDefinition,
    subnetsToBeChosen: false,
  };
}

/**
 * One task (running or stopped, ECS keeps stopped ones about an hour): its subnet from the ENI attachment, its
 * security groups from the ENI while it exists, else from its service; its task definition and launch type.
 */
async function resolveTaskTarget(reader: AwsNetworkReader, cluster: string, taskId: string, region: string): Promise<TargetResolution> {
  const tasks = await reader.describeTasks(cluster, [taskId]);
  const task = tasks[0];
  if (!task)
    throw new LiveTargetError(`Task ${taskId} was not found in cluster ${cluster} (ECS forgets stopped tasks after about an hour).`);
  const taskDefinitionPending = settle(reader.describeTaskDefinition(task.taskDefinitionArn), 'DescribeTaskDefinition');
  if (!task.subnetId) {
    throw new LiveTargetError(
      `Task ${lastArnPart(task.taskArn)} has no awsvpc network interface (network mode bridge or host): run the check with --vpc-id and the container instances' subnets and security groups.`,
    );
  }
  const serviceName = task.group?.startsWith('service:') ? task.group.slice('service:'.length) : null;
  // The subnet and the ENI's groups depend only on the task: read them together.
  const subnetsPending = settle(reader.describeSubnets([task.subnetId]), 'DescribeSubnets');
  const groupsFromEni = task.networkInterfaceId
    ? await settle(reader.getNetworkInterfaceGroups(task.networkInterfaceId), 'DescribeNetworkInterfaces')
    : null;
  let service: EcsServiceInfo | null = null;
  let securityGroupIds: string[] | null = groupsFromEni?.ok ? groupsFromEni.value : null;
  if (!securityGroupIds && serviceName) {
    const described = await settle(reader.describeService(cluster, serviceName), 'DescribeServices');
    if (described.ok) {
      service = described.value;
      securityGroupIds = described.value.network?.securityGroupIds ?? null;
    }
  }
  const subnetsRead = await subnetsPending;
  if (!subnetsRead.ok)
    throw new LiveTargetError(
      `Cannot read the subnet ${task.subnetId} of task ${lastArnPart(task.taskArn)}: ${subnetsRead.failure.message}`,
    );
  const subnets: SubnetInfo[] = subnetsRead.value;
  if (subnets.length === 0) throw new LiveTargetError(`The subnet ${task.subnetId} of task ${lastArnPart(task.taskArn)} no longer exists.`);
  const taskDefinition = await taskDefinitionPending;
  return {
    target: {
      kind: 'task',
      taskArn: task.taskArn,
      region,
      accountId: accountOfArn(task.taskArn),
      clusterArn: task.clusterArn || null,
      serviceArn: service?.serviceArn ?? null,
      serviceName,
      taskDefinitionArn: task.taskDefinitionArn,
      vpcId: subnets[0].vpcId,
      subnetIds: [task.subnetId],
      securityGroupIds: securityGroupIds ?? [],
      usesDefaultSecurityGroup: false,
      securityGroupsUnknown: securityGroupIds === null,
      assignPublicIp: false,
      launchType: task.launchType?.toUpperCase() ?? null,
      platformVersion: task.platformVersion,
    },
    service,
    taskDefinition,
    subnetsToBeChosen: false,
    task,
  };
}

async function resolveVpcTarget(
  reader: AwsNetworkReader,
  request: { vpcId: string; subnetIds?: string[]; securityGroupIds?: string[] },
  region: string,
): Promise<TargetResolution> {
  const [vpc, subnets] = await Promise.all([
    reader.describeVpc(request.vpcId).catch((error: unknown) => {
      if (error instanceof LiveCallError && error.kind === 'not-found') {
        throw new LiveTargetError(`VPC ${request.vpcId} was not found in ${region}. Check the VPC id and the region.`);
      }
      throw error;
    }),
    reader.listSubnets(request.vpcId),
  ]);
  const requestedSubnets = request.subnetIds ?? [];
  const knownSubnetIds = new Set(subnets.map((subnet) => subnet.subnetId));
  const strangers = requestedSubnets.filter((subnetId) => !knownSubnetIds.has(subnetId));
  if (strangers.length > 0) {
    throw new LiveTargetError(
      `Subnet ${strangers.join(', ')} is not in ${request.vpcId}. Subnets of the VPC: ${[...knownSubnetIds].join(', ') || 'none'}.`,
    );
  }
  if (subnets.length === 0) throw new LiveTargetError(`VPC ${request.vpcId} has no subnets, so no task can run in it.`);
  const securityGroupIds = request.securityGroupIds ?? [];
  return {
    target: {
      kind: 'vpc',
      region,
      accountId: vpc.ownerId,
      clusterArn: null,
      serviceArn: null,
      serviceName: null,
      taskDefinitionArn: null,
      vpcId: request.vpcId,
      subnetIds: requestedSubnets.length > 0 ? requestedSubnets : subnets.map((subnet) => subnet.subnetId),
      securityGroupIds,
      usesDefaultSecurityGroup: securityGroupIds.length === 0,
      assignPublicIp: false,
      launchType: null,
      platformVersion: null,
    },
    service: null,
    taskDefinition: null,
    subnetsToBeChosen: requestedSubnets.length === 0,
  };
}
