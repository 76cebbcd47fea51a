/**
 * network-unmanaged: when a workload's scope cannot be decided here (the tasks' network comes from
 * data sources, remote state or variables without values; its default route leads out of the
 * configuration; or a value that decides it is not known), the endpoint rules stay quiet for it.
 * Say so once per workload, at info level, at the value that decided it, and point to the live check.
 */
import { CHECKER_MESSAGES } from './checker-messages';
import { defineRule } from './types';

/** The rule. */
export const networkUnmanaged = defineRule({
  meta: CHECKER_MESSAGES.find((m) => m.id === 'network-unmanaged')!,
  check(context) {
    for (const workload of context.workloads) {
      const reach = workload.reach;
      if (reach.kind !== 'unmanaged' && reach.kind !== 'unknown') continue;
      const messageId = reach.kind === 'unknown' ? 'undecided' : reach.leaves ? 'egressLeaves' : 'unmanaged';
      context.report({
        messageId,
        data: { service: workload.service.fullAddress, reason: reach.reason },
        location: reach.location ?? workload.service.location,
        resource: workload.service,
        related: reach.location ? [{ location: workload.service.location, message: `${workload.service.fullAddress} runs these tasks` }] : undefined,
      });
    }
  },
});
