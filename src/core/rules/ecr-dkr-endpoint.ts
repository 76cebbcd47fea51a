/** ecr-dkr-endpoint: private tasks need an Interface endpoint for com.amazonaws.<region>.ecr.dkr. */
import { interfaceEndpointRule, pullsFromPrivateEcr } from './interface-endpoint';

/** The rule. */
export const ecrDkrEndpoint = interfaceEndpointRule(
  {
    id: 'ecr-dkr-endpoint',
    title: 'ECR Docker registry endpoint',
    description:
      'Tasks in private subnets without NAT reach the ECR registry (image manifests, `docker pull`) only through an Interface endpoint for com.amazonaws.<region>.ecr.dkr in their VPC.',
    defaultSeverity: 'error',
  },
  (workload) =>
    pullsFromPrivateEcr(workload)
      ? [
          {
            service: 'ecr.dkr',
            templateId: 'ecr-dkr-endpoint',
            fixTitle: 'Add ECR DKR endpoint',
            baseName: 'ecr_dkr',
            why: 'the registry API that serves image manifests',
          },
        ]
      : [],
);
