/** logs-endpoint: containers that log with the awslogs driver need an Interface endpoint for CloudWatch Logs. */
import { interfaceEndpointRule } from './interface-endpoint';

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
    const logging = workload.taskDefinition?.containers?.filter((c) => c.logDriver === 'awslogs') ?? [];
    if (logging.length === 0) return [];
    return [{ service: 'logs', templateId: 'logs-endpoint', fixTitle: 'Add CloudWatch Logs endpoint', baseName: 'logs', why: `container "${logging[0].name ?? '?'}" uses the awslogs log driver` }];
  },
);
