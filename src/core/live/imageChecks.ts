/** The image-registry rule over the task definition's container images. */
import type { CheckContext } from './context';
import type { CheckStep, ScopeResult } from './result';

/** image-registry: each container image against what tasks without internet can reach. */
export function imageSteps(context: CheckContext, scope: ScopeResult): CheckStep[] {
  const { taskDefinition, requirements, target, region } = context;
  if (!taskDefinition) return [];
  const resource = `${taskDefinition.family}:${taskDefinition.revision}`;
  return requirements.images.map(({ container, reference }): CheckStep => {
    const title = `Image of ${container}`;
    const base = { ruleId: 'image-registry', title, resource };
    if (reference.kind === 'ecr-private') {
      if (reference.region !== region) {
        // The endpoints of this VPC serve ECR in this region only: through them another region's registry is unreachable.
        return {
          ...base,
          status: scope.inScope ? 'failed' : 'passed',
          severity: 'error',
          reason: `Container ${container} pulls ${reference.image} from ECR in ${reference.region}, not ${region}: the endpoints in ${target.vpcId} only reach ECR in ${region}${scope.inScope ? ', so the pull times out' : ''}.`,
          fix: scope.inScope ? `Replicate the repository to ${region} (ECR replication) and use the ${region} image URI.` : null,
        };
      }
      if (target.accountId && reference.account !== target.accountId) {
        return {
          ...base,
          status: 'passed',
          severity: 'error',
          reason: `Container ${container} pulls ${reference.image} from account ${reference.account} in ${region}; that repository's policy is checked below.`,
          fix: null,
        };
      }
      return {
        ...base,
        status: 'passed',
        severity: 'error',
        reason: `Container ${container} pulls ${reference.image} from ECR in ${region}.`,
        fix: null,
      };
    }
    if (!scope.inScope) {
      return {
        ...base,
        status: 'passed',
        severity: 'error',
        reason: `Container ${container} pulls ${reference.image} from ${reference.registryHost} over the internet route.`,
        fix: null,
      };
    }
    const isPublic = reference.kind !== 'other-registry';
    return {
      ...base,
      status: 'failed',
      severity: isPublic ? 'error' : 'warning',
      reason: `Container ${container} pulls ${reference.image} from ${reference.registryHost}, which tasks without internet access cannot reach.`,
      fix: isPublic
        ? `Copy the image to a private ECR repository in ${region} (or set up an ECR pull-through cache rule, whose first pull needs NAT) and use that URI.`
        : `Give the tasks a route to ${reference.registryHost}, or copy the image to ECR in ${region}.`,
    };
  });
}
