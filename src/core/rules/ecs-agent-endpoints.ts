/** ecs-agent-endpoints: the EC2 launch type needs the ecs-agent, ecs-telemetry and ecs Interface endpoints. */
import type { TemplateId } from '../fixes/templates';
import { interfaceEndpointRule } from './interface-endpoint';
import { nameValue } from './undecided';

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
  (workload, context) => {
    if (workload.launchType === 'EC2')
      return SERVICES.map((spec) => ({ ...spec, why: 'the ECS agent on EC2 instances talks to ECS through it' }));
    if (workload.launchType !== undefined) return [];
    // Without a launch type the cluster's default capacity provider strategy decides (EC2 when it has none),
    // unless the task definition can only run on Fargate.
    const compatibilities = workload.taskDefinition?.compatibilities;
    if (compatibilities && !compatibilities.includes('EC2') && !compatibilities.includes('EXTERNAL')) return [];
    const params = workload.launch.params;
    const written = ['launch_type', 'capacity_provider_strategy'].find((name) => params.has(name) || params.blocks(name).length > 0);
    const reason =
      written === 'launch_type'
        ? `launch_type is ${nameValue(context, params, 'launch_type')}`
        : written
          ? 'its capacity providers are not known here'
          : 'it sets neither launch_type nor capacity_provider_strategy, so the cluster\u2019s default capacity provider strategy decides (the EC2 launch type when there is none), and its task definition may run on EC2';
    const location =
      written === 'launch_type'
        ? params.valueLocation('launch_type')
        : written
          ? (params.blocks('capacity_provider_strategy')[0]?.location ?? params.location)
          : params.location;
    return [{ ...SERVICES[0], why: 'the ECS agent on EC2 instances talks to ECS through it', undecided: { reason, location } }];
  },
);
