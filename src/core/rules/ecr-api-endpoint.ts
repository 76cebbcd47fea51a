/** ecr-api-endpoint: private tasks need an Interface endpoint for com.amazonaws.<region>.ecr.api (except Fargate platform 1.3.0 and older). */
import { privateWorkloads, skipsEcrApi } from './helpers';
import { checkInterfaceEndpoint, INTERFACE_ENDPOINT_MESSAGES } from './interface-endpoint';
import type { Rule } from './types';

/** The rule. */
export const ecrApiEndpoint: Rule = {
  meta: {
    id: 'ecr-api-endpoint',
    title: 'ECR API endpoint',
    description:
      'Fargate platform 1.4.0 and later (LATEST), Windows Fargate and the EC2 launch type fetch the registry auth token from the ECR API, which private tasks reach only through an Interface endpoint for com.amazonaws.<region>.ecr.api.',
    defaultSeverity: 'error',
    fixable: true,
    messages: INTERFACE_ENDPOINT_MESSAGES,
  },
  check(context) {
    const reported = new Set<unknown>();
    for (const workload of privateWorkloads(context)) {
      if (skipsEcrApi(workload)) continue;
      checkInterfaceEndpoint(context, workload, { service: 'ecr.api', templateId: 'ecr-api-endpoint', fixTitle: 'Add ECR API endpoint', baseName: 'ecr_api', why: 'the registry auth token (ecr:GetAuthorizationToken)' }, reported);
    }
  },
};
