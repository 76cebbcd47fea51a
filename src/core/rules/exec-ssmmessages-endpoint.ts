/** exec-ssmmessages-endpoint: ECS Exec (`enable_execute_command = true`) needs the ssmmessages Interface endpoint. */
import { privateWorkloads } from './helpers';
import { checkInterfaceEndpoint, INTERFACE_ENDPOINT_MESSAGES } from './interface-endpoint';
import type { Rule } from './types';

/** The rule. */
export const execSsmmessagesEndpoint: Rule = {
  meta: {
    id: 'exec-ssmmessages-endpoint',
    title: 'SSM Messages endpoint for ECS Exec',
    description: 'With enable_execute_command = true, the SSM agent in each task opens its session channel through ssmmessages; without the endpoint `aws ecs execute-command` fails.',
    defaultSeverity: 'warning',
    fixable: true,
    messages: INTERFACE_ENDPOINT_MESSAGES,
  },
  check(context) {
    const reported = new Set<unknown>();
    for (const workload of privateWorkloads(context)) {
      if (workload.executeCommand !== true) continue;
      checkInterfaceEndpoint(context, workload, { service: 'ssmmessages', templateId: 'ssmmessages-endpoint', fixTitle: 'Add SSM Messages endpoint', baseName: 'ssmmessages', why: 'ECS Exec is on: enable_execute_command = true' }, reported);
    }
  },
};
