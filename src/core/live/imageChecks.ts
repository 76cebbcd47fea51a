/** The image-registry rule over the task definition's container images. */
import { lt } from '../l10n/live-messages';
import { liveStep, type CheckContext } from './context';
import type { CheckStep, ScopeResult } from './result';

/** image-registry: each container image against what tasks without internet can reach. */
export function imageSteps(context: CheckContext, scope: ScopeResult): CheckStep[] {
  const { taskDefinition, requirements, target, region } = context;
  if (!taskDefinition) return [];
  const resource = `${taskDefinition.family}:${taskDefinition.revision}`;
  return requirements.images.map(({ container, reference }): CheckStep => {
    const title = lt('image.title', { container });
    const base = { ruleId: 'image-registry', title, resource };
    if (reference.kind === 'ecr-private') {
      if (reference.region !== region) {
        // The endpoints of this VPC serve ECR in this region only: through them another region's registry is unreachable.
        const data = { container, image: reference.image, imageRegion: `${reference.region}`, region, vpc: target.vpcId };
        return liveStep({
          ...base,
          status: scope.inScope ? 'failed' : 'passed',
          severity: 'error',
          reason: lt(scope.inScope ? 'image.otherRegionTimesOut' : 'image.otherRegion', data),
          fix: scope.inScope ? lt('image.fixReplicate', { region }) : null,
        });
      }
      if (target.accountId && reference.account !== target.accountId) {
        return liveStep({
          ...base,
          status: 'passed',
          severity: 'error',
          reason: lt('image.otherAccount', { container, image: reference.image, account: `${reference.account}`, region }),
          fix: null,
        });
      }
      return liveStep({
        ...base,
        status: 'passed',
        severity: 'error',
        reason: lt('image.sameRegion', { container, image: reference.image, region }),
        fix: null,
      });
    }
    if (!scope.inScope) {
      return liveStep({
        ...base,
        status: 'passed',
        severity: 'error',
        reason: lt('image.overInternet', { container, image: reference.image, registry: reference.registryHost }),
        fix: null,
      });
    }
    const isPublic = reference.kind !== 'other-registry';
    return liveStep({
      ...base,
      status: 'failed',
      severity: isPublic ? 'error' : 'warning',
      reason: lt('image.unreachable', { container, image: reference.image, registry: reference.registryHost }),
      fix: isPublic ? lt('image.fixCopy', { region }) : lt('image.fixRoute', { registry: reference.registryHost, region }),
    });
  });
}
