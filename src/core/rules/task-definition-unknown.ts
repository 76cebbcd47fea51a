/**
 * task-definition-unknown: the image, logs, secrets and execution role checks read the task
 * definition. When a private workload's task definition is not in the configuration, or a task
 * definition's container definitions cannot be read, those checks cannot run: say so once, at the
 * value that decided it, instead of passing in silence.
 */
import { TaskDefinition, type Workload } from '../model/workloads';
import type { Value } from '../model/values';
import { CHECKER_MESSAGES } from './checker-messages';
import { privateWorkloads } from './helpers';
import { defineRule, type RuleContext } from './types';
import { describeValue, nameValue } from './undecided';

/** Why a workload's task definition value names none of this configuration's task definitions. */
function whyNotHere(context: RuleContext, workload: Workload): string {
  const params = workload.launch.params;
  const attribute = workload.launch.taskDefinitionAttribute;
  const value: Value = params.attr(attribute);
  const named = nameValue(context, params, attribute, value);
  if (value.kind === 'null') return `${attribute} is not set`;
  if (value.kind === 'string') return `${attribute} is ${named}, and no aws_ecs_task_definition of this configuration has that family`;
  if (value.kind === 'ref' && value.target.mode === 'data' && value.target.type === 'aws_ecs_task_definition') {
    return `${attribute} is read by ${value.target.fullAddress}, whose task_definition (${describeValue(value.target.attr('task_definition'))}) names no task definition of this configuration`;
  }
  if (value.kind === 'ref')
    return `${attribute} is ${value.target.fullAddress}.${value.attribute}, which is not a task definition of this configuration`;
  return `${attribute} is ${named}`;
}

/** The rule. */
export const taskDefinitionUnknown = defineRule({
  meta: CHECKER_MESSAGES.find((m) => m.id === 'task-definition-unknown')!,
  check(context) {
    for (const workload of privateWorkloads(context)) {
      if (workload.taskDefinition) continue;
      const params = workload.launch.params;
      const location = params.valueLocation(workload.launch.taskDefinitionAttribute);
      context.report({
        messageId: 'notInConfiguration',
        data: { service: workload.service.fullAddress, reason: whyNotHere(context, workload) },
        location,
        resource: workload.service,
        related:
          location === workload.service.location
            ? undefined
            : [{ location: workload.service.location, message: `${workload.service.fullAddress} runs these tasks` }],
      });
    }
    for (const resource of context.configuration.resourcesOfType('aws_ecs_task_definition')) {
      if (!resource.certain || resource.attr('container_definitions').kind === 'null') continue;
      const definition = new TaskDefinition(resource);
      if (definition.containers !== undefined) continue;
      const value = resource.attr('container_definitions');
      // A file the checker refused to read is already reported once, at the call (file-unreadable).
      if (value.kind === 'unknown' && / was not read \(/.test(value.reason)) continue;
      const known = value.kind === 'string' || value.kind === 'json' || value.kind === 'list' || value.kind === 'object';
      context.report({
        messageId: 'containersUnknown',
        data: {
          taskDefinition: resource.fullAddress,
          reason: known
            ? 'container_definitions is not a JSON list of containers'
            : `container_definitions is ${nameValue(context, resource, 'container_definitions', value)}`,
        },
        location: definition.containersLocation,
        resource,
      });
    }
  },
});
