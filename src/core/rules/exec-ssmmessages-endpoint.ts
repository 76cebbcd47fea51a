/** exec-ssmmessages-endpoint: ECS Exec (`enable_execute_command = true`) needs the ssmmessages Interface endpoint. */
import { interfaceEndpointRule } from './interface-endpoint';

/** The rule. */
export const execSsmmessagesEndpoint = interfaceEndpointRule(
  {
    id: 'exec-ssmmessages-endpoint',
    title: 'SSM Messages endpoint for ECS Exec',
    description: 'With enable_execute_command = true, the SSM agent in each task opens its session channel through ssmmessages; without the endpoint `aws ecs execute-command` fails.',
    defaultSeverity: 'warning',
  },
  (workload) =>
    workload.executeCommand === true
      ? [{ service: 'ssmmessages', templateId: 'ssmmessages-endpoint', fixTitle: 'Add SSM Messages endpoint', baseName: 'ssmmessages', why: 'ECS Exec is on: enable_execute_command = true' }]
      : [],
);
