/** ecs-agent-endpoints: the EC2 launch type needs the ecs-agent, ecs-telemetry and ecs Interface endpoints. */
import type { TemplateId } from '../fixes/templates';
import { interfaceEndpointRule } from './interface-endpoint';

const SERVICES: Array<{ service: string; templateId: TemplateId; fixTitle: string; baseName: string }> = [
  { service: 'ecs-agent', templateId: 'ecs-agent-endpoint', fixTitle: 'Add ECS agent endpoint', baseName: 'ecs_agent' },
  { service: 'ecs-telemetry', templateId: 'ecs-telemetry-endpoint', fixTitle: 'Add ECS telemetry endpoint', baseName: 'ecs_telemetry' },
  { service: 'ecs', templateId: 'ecs-endpoint', fixTitle: 'Add ECS endpoint', baseName: 'ecs' },
];

/** The rule. */
export const ecsAgentEndpoints = interfaceEndpointRule(
  {
    id: 'ecs-agent-endpoints',
    title: 'ECS agent endpoints for the EC2 launch type',
    description:
      'On the EC2 launch type the ECS container agent on each instance talks to ECS itself: it needs Interface endpoints for ecs-agent, ecs-telemetry and ecs, or the instances never register and tasks never start.',
    defaultSeverity: 'error',
  },
  (workload) => (workload.launchType === 'EC2' ? SERVICES.map((spec) => ({ ...spec, why: 'the ECS agent on EC2 instances talks to ECS through it' })) : []),
);
