/** logs-endpoint: containers that log with the awslogs driver need an Interface endpoint for CloudWatch Logs. */
import { interfaceEndpointRule } from './interface-endpoint';
import { describeValue } from './undecided';

/** The rule. */
export const logsEndpoint = interfaceEndpointRule(
  {
    id: 'logs-endpoint',
    title: 'CloudWatch Logs endpoint for awslogs',
    description:
      'A container with logDriver "awslogs" makes the task send its logs to CloudWatch Logs; without NAT that needs an Interface endpoint for com.amazonaws.<region>.logs, or the task fails to start.',
    defaultSeverity: 'error',
  },
  (workload) => {
    const containers = workload.taskDefinition?.containers ?? [];
    const logging = containers.filter((c) => c.logDriver === 'awslogs');
    const spec = { service: 'logs', templateId: 'logs-endpoint' as const, fixTitle: 'Add CloudWatch Logs endpoint', baseName: 'logs' };
    if (logging.length > 0) return [{ ...spec, why: `container "${logging[0].name ?? '?'}" uses the awslogs log driver` }];
    // A log driver the checker cannot read might be awslogs.
    const unread = containers.find(
      (c) => c.logDriverValue !== undefined && c.logDriverValue.kind !== 'null' && c.logDriverValue.kind !== 'string',
    );
    if (!unread || !workload.taskDefinition) return [];
    const name = unread.name ?? `#${unread.index + 1}`;
    return [
      {
        ...spec,
        why: `container "${name}" may log with awslogs`,
        undecided: {
          reason: `the log driver of container "${name}" is ${describeValue(unread.logDriverValue)}`,
          location: workload.taskDefinition.containerFieldLocation(unread.index, 'logConfiguration'),
        },
      },
    ];
  },
);
