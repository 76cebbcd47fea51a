/** secrets-endpoints: container secrets from Secrets Manager or SSM Parameter Store need their Interface endpoints. */
import type { TemplateId } from '../fixes/templates';
import type { Workload } from '../model/workloads';
import { asString, type Value } from '../model/values';
import { endpointsForService } from './helpers';
import { interfaceEndpointRule, type InterfaceEndpointSpec } from './interface-endpoint';
import type { RuleContext } from './types';
import { describeValue } from './undecided';
import { messageText } from './value-text';

/** Which service a secret reference is read from: ARNs name it; a bare name or path is an SSM parameter. */
export function secretService(valueFrom: Value): 'secretsmanager' | 'ssm' | undefined {
  const text = asString(valueFrom);
  if (text === undefined) {
    if (valueFrom.kind === 'ref') {
      if (valueFrom.target.type.startsWith('aws_secretsmanager')) return 'secretsmanager';
      if (valueFrom.target.type.startsWith('aws_ssm')) return 'ssm';
    }
    if (valueFrom.kind === 'unknown' && valueFrom.pattern) {
      if (valueFrom.pattern.includes(':secretsmanager:')) return 'secretsmanager';
      if (valueFrom.pattern.includes(':ssm:')) return 'ssm';
    }
    return undefined;
  }
  if (/^arn:[^:]+:secretsmanager:/.test(text)) return 'secretsmanager';
  if (/^arn:[^:]+:ssm:/.test(text)) return 'ssm';
  if (!text.startsWith('arn:')) return 'ssm';
  return undefined;
}

const SPECS: Record<'secretsmanager' | 'ssm', { templateId: TemplateId; fixTitle: string; baseName: string }> = {
  secretsmanager: { templateId: 'secretsmanager-endpoint', fixTitle: 'Add Secrets Manager endpoint', baseName: 'secretsmanager' },
  ssm: { templateId: 'ssm-endpoint', fixTitle: 'Add SSM endpoint', baseName: 'ssm' },
};

function neededSecretServices(workload: Workload): Map<'secretsmanager' | 'ssm', string> {
  const needed = new Map<'secretsmanager' | 'ssm', string>();
  for (const container of workload.taskDefinition?.containers ?? []) {
    for (const source of container.secretSources) {
      const service = secretService(source);
      if (service && !needed.has(service))
        needed.set(
          service,
          `container "${container.name ?? '?'}" reads secrets from ${service === 'ssm' ? 'SSM Parameter Store' : 'Secrets Manager'}`,
        );
    }
    if (container.repositoryCredentials) {
      // credentialsParameter is always a Secrets Manager secret (its ARN, or its name in the task's
      // region); a bare name here is not an SSM parameter as it would be in `secrets`.
      if (!needed.has('secretsmanager'))
        needed.set('secretsmanager', `container "${container.name ?? '?'}" reads private registry credentials from Secrets Manager`);
    }
  }
  return needed;
}

/**
 * A secret whose store is not known here (`valueFrom = var.secret_arn`) may need either endpoint:
 * one info, unless both endpoints are there or already needed; the endpoint still missing is named.
 */
function undecidedSecretSpecs(
  context: RuleContext,
  workload: Workload,
  needed: Map<'secretsmanager' | 'ssm', string>,
): InterfaceEndpointSpec[] {
  const definition = workload.taskDefinition;
  for (const container of definition?.containers ?? []) {
    const source = container.secretSources.find((s) => secretService(s) === undefined);
    if (!source || !definition) continue;
    const open = (['secretsmanager', 'ssm'] as const).filter(
      (service) => !needed.has(service) && endpointsForService(context, workload, service).found.length === 0,
    );
    if (open.length === 0) return [];
    const name = container.name ?? `#${container.index + 1}`;
    return [
      {
        service: open[0],
        ...SPECS[open[0]],
        why: `container "${name}" reads a secret from ${open.length === 2 ? 'Secrets Manager or SSM Parameter Store' : open[0] === 'ssm' ? 'SSM Parameter Store, perhaps' : 'Secrets Manager, perhaps'}`,
        undecided: {
          reason: `the secret\u2019s valueFrom is ${messageText(source, describeValue(source), 'value')}, so its store is not known`,
          location: definition.containerFieldLocation(container.index, 'secrets'),
        },
      },
    ];
  }
  return [];
}

/** The rule. */
export const secretsEndpoints = interfaceEndpointRule(
  {
    id: 'secrets-endpoints',
    title: 'Secrets Manager / SSM endpoints for secrets',
    description:
      'Secrets in container definitions (`secrets[].valueFrom`, `repositoryCredentials`) are fetched by the ECS agent at start: from Secrets Manager (needs the secretsmanager endpoint) or SSM Parameter Store (needs the ssm endpoint).',
    defaultSeverity: 'error',
  },
  (workload, context) => {
    const needed = neededSecretServices(workload);
    return [
      ...[...needed].map(([service, why]) => ({ service, why, ...SPECS[service] })),
      ...undecidedSecretSpecs(context, workload, needed),
    ];
  },
);
