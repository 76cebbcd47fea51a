/** Which AWS services the tasks reach while starting, and why — from the service and its task definition. */
import { renderLive } from '../l10n/live-format';
import { lt, type LiveText } from '../l10n/live-messages';
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
  /** The live message `neededBecause` was rendered from. */
  because: LiveText;
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
export function ecrApiNeed(
  target: ResolvedTarget,
  taskDefinition: TaskDefinitionInfo | null,
): { needed: boolean; because: string; text: LiveText } {
  const reason = (needed: boolean, text: LiveText) => ({ needed, because: renderLive(text, 'en'), text });
  if (target.kind === 'vpc') return reason(true, lt('need.ecrApiVpc'));
  if (target.launchType !== 'FARGATE') return reason(true, lt('need.ecrApiLaunchType', { launchType: target.launchType ?? 'EC2' }));
  if ((taskDefinition?.operatingSystemFamily ?? '').toUpperCase().startsWith('WINDOWS')) return reason(true, lt('need.ecrApiWindows'));
  const version = target.platformVersion ?? 'LATEST';
  if (version.toUpperCase() === 'LATEST' || !/^\d+(\.\d+)*$/.test(version) || compareVersions(version, '1.4.0') >= 0) {
    return reason(true, lt('need.ecrApiPlatform', { version }));
  }
  return reason(false, lt('need.ecrApiOld', { version }));
}

/** A need's reason: the live message and its English. */
function because(text: LiveText): { neededBecause: string; because: LiveText } {
  return { neededBecause: renderLive(text, 'en'), because: text };
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
    const pulled =
      taskDefinition === null
        ? lt('need.imagesFromEcr')
        : lt('need.imageFromEcr', {
            image: `${requirements.images.find((image) => image.reference.kind === 'ecr-private')?.reference.image}`,
          });
    const ecrApi = ecrApiNeed(target, taskDefinition);
    if (ecrApi.needed)
      needs.push({
        service: 'ecr.api',
        endpointType: 'Interface',
        ruleId: 'ecr-api-endpoint',
        severity: 'error',
        ...because(ecrApi.text),
      });
    needs.push({ service: 'ecr.dkr', endpointType: 'Interface', ruleId: 'ecr-dkr-endpoint', severity: 'error', ...because(pulled) });
    needs.push({
      service: 's3',
      endpointType: 'Gateway',
      ruleId: 's3-gateway-endpoint',
      severity: 'error',
      ...because(lt('need.s3Layers')),
    });
  }
  if (requirements.logGroups.length > 0) {
    needs.push({
      service: 'logs',
      endpointType: 'Interface',
      ruleId: 'logs-endpoint',
      severity: 'error',
      ...because(lt('need.awslogs', { container: requirements.logGroups[0].container })),
    });
  }
  const secretsManager = requirements.secrets.find((secret) => secret.store === 'secretsmanager');
  if (secretsManager) {
    needs.push({
      service: 'secretsmanager',
      endpointType: 'Interface',
      ruleId: 'secrets-endpoints',
      severity: 'error',
      ...because(
        lt(secretsManager.registryCredentials ? 'need.registryCredentials' : 'need.secret', { container: secretsManager.container }),
      ),
    });
  }
  const parameterStore = requirements.secrets.find((secret) => secret.store === 'ssm');
  if (parameterStore) {
    needs.push({
      service: 'ssm',
      endpointType: 'Interface',
      ruleId: 'secrets-endpoints',
      severity: 'error',
      ...because(lt('need.parameter', { container: parameterStore.container })),
    });
  }
  if (target.launchType === 'EC2' || target.launchType === 'EXTERNAL') {
    for (const service of ['ecs-agent', 'ecs-telemetry', 'ecs']) {
      needs.push({
        service,
        endpointType: 'Interface',
        ruleId: 'ecs-agent-endpoints',
        severity: 'error',
        ...because(lt('need.ecsAgent')),
      });
    }
  }
  if (enableExecuteCommand) {
    needs.push({
      service: 'ssmmessages',
      endpointType: 'Interface',
      ruleId: 'exec-ssmmessages-endpoint',
      severity: 'warning',
      ...because(lt('need.exec')),
    });
  }
  return needs;
}
