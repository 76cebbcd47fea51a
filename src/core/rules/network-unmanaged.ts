/**
 * network-unmanaged: when the tasks' network comes from data sources, remote state or variables
 * without values, the endpoint rules cannot decide; say so once, at info level, and point to the live check.
 */
import { CHECKER_MESSAGES } from './checker-messages';
import type { Rule } from './types';

/** The rule. */
export const networkUnmanaged: Rule = {
  meta: CHECKER_MESSAGES.find((m) => m.id === 'network-unmanaged')!,
  check(context) {
    const unmanaged = context.workloads.filter((w) => w.reach.kind === 'unmanaged');
    if (unmanaged.length === 0) return;
    const first = unmanaged[0];
    const reach = first.reach as { kind: 'unmanaged'; reason: string };
    context.report({
      messageId: 'unmanaged',
      data: { service: first.service.fullAddress + (unmanaged.length > 1 ? ` (and ${unmanaged.length - 1} more service${unmanaged.length > 2 ? 's' : ''})` : ''), reason: reach.reason },
      location: first.service.location,
      resource: first.service,
    });
  },
};
