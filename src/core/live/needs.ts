/** Which AWS services the tasks reach while starting, and why — from the service and its task definition. */
import type { Severity } from '../findings';
import { classifyImage, ImageReference } from '../aws-semantics/images';
import type { ResolvedTarget } from './result';
import type { ContainerInfo, TaskDefinitionInfo } from './types';

/** One service the tasks must reach, with the rule that requires its endpoint. */
export interface ServiceNeed {
  service: string;
  endpointType: 'Interface' | 'Gateway';
  ruleId: string;
  severity: Severity;
  neededBecause: string;
}

/** A secret a container reads at start, by store. */
export interface SecretReference {
  container: string;
  store: 'secretsmanager' | 'ssm';
  /** The ARN the execution role must be allowed to read. */
  arn: string;
  /** True for `repositoryCredentials` (private registry credentials) rather than `secrets`. */
  registryCredentials: boolean;
}

/** A log group a container writes to through the awslogs driver. */
export interface LogGroupReference {
  container: string;
  logGroup: string;
  region: string;
  createGroup: boolean;
  streamPrefix: string | null;
}

/** What the task definition asks of the network and the execution role. */
export interface TaskRequirements {
  images: Array<{ container: string; reference: ImageReference }>;
  secrets: SecretReference[];
  logGroups: LogGroupReference[];
}

function secretArn(valueFrom: string, region: string, accountId: string | null): { store: SecretReference['store']; arn: string } {
  if (valueFrom.startsWith('arn:')) {
    const parts = valueFrom.split(':');
    const service = parts[2];
    if (service === 'secretsmanager') {
      // arn:aws:secretsmanager:region:account:secret:name-AbCdEf[:json-key:version-stage:version-id]
      return { store: 'secretsmanager', arn: parts.slice(0, 7).join(':') };
    }
    return { store: 'ssm', arn: valueFrom };
  }
  // A bare name is an SSM parameter in the task's region and account.
  const name = valueFrom.startsWith('/') ? valueFrom.slice(1) : valueFrom;
  return { store: 'ssm', arn: `arn:aws:ssm:${region}:${accountId ?? '*'}:parameter/${name}` };
}

/** Reads images, secrets and log groups out of the container definitions. */
export function taskRequirements(taskDefinition: TaskDefinitionInfo | null, region: string, accountId: string | null): TaskRequirements {
  const requirements: TaskRequirements = { images: [], secrets: [], logGroups: [] };
  for (const container of taskDefinition?.containers ?? []) {
    requirements.images.push({ container: container.name, reference: classifyImage(container.image) });
    for (const secret of container.secrets) {
      requirements.secrets.push({
        container: container.name,
        ...secretArn(secret.valueFrom, region, accountId),
        registryCredentials: false,
      });
    }
    if (container.repositoryCredentialsParameter) {
      // Private registry credentials always live in Secrets Manager; a bare value is the secret's name.
      const parameter = container.repositoryCredentialsParameter;
      const reference = parameter.startsWith('arn:')
        ? secretArn(parameter, region, accountId)
        : { store: 'secretsmanager' as const, arn: `arn:aws:secretsmanager:${region}:${accountId ?? '*'}:secret:${parameter}` };
      requirements.secrets.push({ container: container.name, ...reference, registryCredentials: true });
    }
    const logGroup = awslogsGroup(container, region);
    if (logGroup) requirements.logGroups.push(logGroup);
  }
  return requirements;
}

function awslogsGroup(container: ContainerInfo, region: string): LogGroupReference | null {
  if (container.logDriver !== 'awslogs') return null;
  return {
    container: container.name,
    logGroup: container.logOptions['awslogs-group'] ?? '',
    region: container.logOptions['awslogs-region'] ?? region,
    createGroup: container.logOptions['awslogs-create-group'] === 'true',
    streamPrefix: container.logOptions['awslogs-stream-prefix'] ?? null,
  };
}

function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** Whether `ecr.api` is needed: everything except a Linux Fargate task pinned to platform 1.3.0 or older. */
export function ecrApiNeed(target: ResolvedTarget, taskDefinition: TaskDefinitionInfo | null): { needed: boolean; because: string } {
  if (target.kind === 'vpc')
    return { needed: true, because: 'Fargate platform 1.4.0 and later (LATEST) fetch the registry credentials through ecr.api' };
  if (target.launchType !== 'FARGATE') {
    return { needed: true, because: `the ${target.launchType ?? 'EC2'} launch type calls the ECR API through ecr.api` };
  }
  if ((taskDefinition?.operatingSystemFamily ?? '').toUpperCase().startsWith('WINDOWS')) {
    return { needed: true, because: 'Windows Fargate tasks call the ECR API through ecr.api' };
  }
  const version = target.platformVersion ?? 'LATEST';
  if (version.toUpperCase() === 'LATEST' || !/^\d+(\.\d+)*$/.test(version) || compareVersions(version, '1.4.0') >= 0) {
    return { needed: true, because: `Fargate platform ${version} fetches the registry credentials through ecr.api` };
  }
  return { needed: false, because: `Fargate platform ${version} (before 1.4.0) does not use ecr.api` };
}

/** The services the tasks need, in the order a task start uses them. */
export function serviceNeeds(
  target: ResolvedTarget,
  taskDefinition: TaskDefinitionInfo | null,
  requirements: TaskRequirements,
  enableExecuteCommand: boolean,
): ServiceNeed[] {
  const needs: ServiceNeed[] = [];
  const pullsFromEcr = taskDefinition === null || requirements.images.some((image) => image.reference.kind === 'ecr-private');
  if (pullsFromEcr) {
    const because =
      taskDefinition === null
        ? 'images are pulled from Amazon ECR'
        : `image ${requirements.images.find((image) => image.reference.kind === 'ecr-private')?.reference.image} is pulled from Amazon ECR`;
    const ecrApi = ecrApiNeed(target, taskDefinition);
    if (ecrApi.needed)
      needs.push({
        service: 'ecr.api',
        endpointType: 'Interface',
        ruleId: 'ecr-api-endpoint',
        severity: 'error',
        neededBecause: ecrApi.because,
      });
    needs.push({ service: 'ecr.dkr', endpointType: 'Interface', ruleId: 'ecr-dkr-endpoint', severity: 'error', neededBecause: because });
    needs.push({
      service: 's3',
      endpointType: 'Gateway',
      ruleId: 's3-gateway-endpoint',
      severity: 'error',
      neededBecause: 'ECR serves image layers from Amazon S3',
    });
  }
  if (requirements.logGroups.length > 0) {
    needs.push({
      service: 'logs',
      endpointType: 'Interface',
      ruleId: 'logs-endpoint',
      severity: 'error',
      neededBecause: `container ${requirements.logGroups[0].container} logs with the awslogs driver`,
    });
  }
  const secretsManager = requirements.secrets.find((secret) => secret.store === 'secretsmanager');
  if (secretsManager) {
    needs.push({
      service: 'secretsmanager',
      endpointType: 'Interface',
      ruleId: 'secrets-endpoints',
      severity: 'error',
      neededBecause: `container ${secretsManager.container} reads ${secretsManager.registryCredentials ? 'registry credentials' : 'a secret'} from Secrets Manager`,
    });
  }
  const parameterStore = requirements.secrets.find((secret) => secret.store === 'ssm');
  if (parameterStore) {
    needs.push({
      service: 'ssm',
      endpointType: 'Interface',
      ruleId: 'secrets-endpoints',
      severity: 'error',
      neededBecause: `container ${parameterStore.container} reads a parameter from SSM Parameter Store`,
    });
  }
  if (target.launchType === 'EC2' || target.launchType === 'EXTERNAL') {
    for (const service of ['ecs-agent', 'ecs-telemetry', 'ecs']) {
      needs.push({
        service,
        endpointType: 'Interface',
        ruleId: 'ecs-agent-endpoints',
        severity: 'error',
        neededBecause: 'the ECS agent on EC2 container instances talks to ECS through ecs-agent, ecs-telemetry and ecs',
      });
    }
  }
  if (enableExecuteCommand) {
    needs.push({
      service: 'ssmmessages',
      endpointType: 'Interface',
      ruleId: 'exec-ssmmessages-endpoint',
      severity: 'warning',
      neededBecause: 'ECS Exec (enableExecuteCommand) opens its session through ssmmessages',
    });
  }
  return needs;
}
