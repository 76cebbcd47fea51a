/** ecr-api-endpoint: private tasks need an Interface endpoint for com.amazonaws.<region>.ecr.api (except Fargate platform 1.3.0 and older). */
import { asString } from '../model/values';
import type { Workload } from '../model/workloads';
import { skipsEcrApi } from './helpers';
import { interfaceEndpointRule, pullsFromPrivateEcr } from './interface-endpoint';

/**
 * Whether the task definition runs Windows containers (`runtime_platform.operating_system_family`);
 * undefined when that is not known. Windows on Fargate only has platform version 1.0.0, yet it
 * fetches the registry auth token from the ECR API like 1.4.0 does.
 */
function runsWindows(workload: Workload): boolean | undefined {
  const platform = workload.taskDefinition?.resource.blocks('runtime_platform')[0];
  if (!platform) return false;
  const family = platform.attr('operating_system_family');
  if (family.kind === 'null') return false;
  const text = asString(family);
  return text === undefined ? undefined : text.startsWith('WINDOWS');
}

/** True when the workload can do without the ecr.api endpoint: Linux on a Fargate platform pinned to 1.3.0 or older. */
function doesWithoutEcrApi(workload: Workload): boolean {
  if (!skipsEcrApi(workload)) return false;
  // An unknown operating system family might be Linux: stay quiet rather than guess.
  return runsWindows(workload) !== true;
}

/** The rule. */
export const ecrApiEndpoint = interfaceEndpointRule(
  {
    id: 'ecr-api-endpoint',
    title: 'ECR API endpoint',
    description:
      'Fargate platform 1.4.0 and later (LATEST), Windows Fargate and the EC2 launch type fetch the registry auth token from the ECR API, which private tasks reach only through an Interface endpoint for com.amazonaws.<region>.ecr.api.',
    defaultSeverity: 'error',
  },
  (workload) =>
    pullsFromPrivateEcr(workload) && !doesWithoutEcrApi(workload)
      ? [
          {
            service: 'ecr.api',
            templateId: 'ecr-api-endpoint',
            fixTitle: 'Add ECR API endpoint',
            baseName: 'ecr_api',
            why: 'the registry auth token (ecr:GetAuthorizationToken)',
          },
        ]
      : [],
);
