/** exec-ssmmessages-endpoint: ECS Exec (`enable_execute_command = true`) needs the ssmmessages Interface endpoint. */
import { interfaceEndpointRule } from './interface-endpoint';
import { nameValue } from './undecided';

/** The rule. */
export const execSsmmessagesEndpoint = interfaceEndpointRule(
  {
    id: 'exec-ssmmessages-endpoint',
    title: 'SSM Messages endpoint for ECS Exec',
    description:
      'With enable_execute_command = true, the SSM agent in each task opens its session channel through ssmmessages; without the endpoint `aws ecs execute-command` fails.',
    defaultSeverity: 'warning',
  },
  (workload, context) => {
    const spec = {
      service: 'ssmmessages',
      templateId: 'ssmmessages-endpoint' as const,
      fixTitle: 'Add SSM Messages endpoint',
      baseName: 'ssmmessages',
    };
    if (workload.executeCommand === true) return [{ ...spec, why: 'ECS Exec is on: enable_execute_command = true' }];
    if (workload.executeCommand === false) return [];
    const params = workload.launch.params;
    return [
      {
        ...spec,
        why: 'ECS Exec may be on',
        undecided: {
          reason: `enable_execute_command is ${nameValue(context, params, 'enable_execute_command')}`,
          location: params.valueLocation('enable_execute_command'),
        },
      },
    ];
  },
);
