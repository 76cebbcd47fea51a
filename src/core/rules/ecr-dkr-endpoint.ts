/** ecr-dkr-endpoint: private tasks need an Interface endpoint for com.amazonaws.<region>.ecr.dkr. */
import { privateWorkloads } from './helpers';
import { checkInterfaceEndpoint, INTERFACE_ENDPOINT_MESSAGES, pullsFromPrivateEcr } from './interface-endpoint';
import type { Rule } from './types';

/** The rule. */
export const ecrDkrEndpoint: Rule = {
  meta: {
    id: 'ecr-dkr-endpoint',
    title: 'ECR Docker registry endpoint',
    description:
      'Tasks in private subnets without NAT reach the ECR registry (image manifests, `docker pull`) only through an Interface endpoint for com.amazonaws.<region>.ecr.dkr in their VPC.',
    defaultSeverity: 'error',
    fixable: true,
    messages: INTERFACE_ENDPOINT_MESSAGES,
  },
  check(context) {
    const reported = new Set<unknown>();
    for (const workload of privateWorkloads(context)) {
      if (!pullsFromPrivateEcr(workload)) continue;
      checkInterfaceEndpoint(context, workload, { service: 'ecr.dkr', templateId: 'ecr-dkr-endpoint', fixTitle: 'Add ECR DKR endpoint', baseName: 'ecr_dkr', why: 'the registry API that serves image manifests' }, reported);
    }
  },
};
