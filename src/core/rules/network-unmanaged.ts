/**
 * network-unmanaged: when a workload's scope cannot be decided here (the tasks' network comes from
 * data sources, remote state or variables without values; its default route leads out of the
 * configuration; or a value that decides it is not known), the endpoint rules stay quiet for it.
 * Say so once per workload, at info level, at the value that decided it, and point to the live check.
 */
import { stateMachineDefinitionUnknown, stateMachineMayRunTasks } from '../model/workloads';
import { CHECKER_MESSAGES } from './checker-messages';
import { defineRule } from './types';
import { nameValue } from './undecided';

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
        related: reach.location
          ? [{ location: workload.service.location, message: `${workload.service.fullAddress} runs these tasks` }]
          : undefined,
      });
    }
    // A state machine whose definition cannot be read may start ECS tasks anywhere: not a workload the rules can place.
    for (const machine of context.configuration.resourcesOfType('aws_sfn_state_machine')) {
      if (!machine.certain || machine.attr('definition').kind === 'null' || !stateMachineDefinitionUnknown(machine)) continue;
      if (!stateMachineMayRunTasks(context.configuration, machine)) continue;
      context.report({
        messageId: 'definitionUnknown',
        data: { service: machine.fullAddress, definition: nameValue(context, machine, 'definition') },
        location: machine.valueLocation('definition'),
        resource: machine,
      });
    }
  },
});
