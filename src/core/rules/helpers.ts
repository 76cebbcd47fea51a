/**
 * Questions several rules ask: which workloads the endpoint rules apply to, which services their
 * tasks need, and whether an endpoint for a service exists in the tasks' VPC.
 */
import type { ResourceInstance } from '../model/config';
import type { Endpoint, Tri } from '../model/network';
import type { Workload } from '../model/workloads';
import type { RuleContext } from './types';

/** Workloads whose tasks run in private subnets with no route to the internet: the endpoint rules' scope. */
export function privateWorkloads(context: RuleContext): Workload[] {
  return context.workloads.filter((w) => w.reach.kind === 'private');
}

/** The VPC resource of a private workload (from its first subnet), if managed here. */
export function workloadVpc(context: RuleContext, workload: Workload): ResourceInstance | undefined {
  const reach = workload.reach;
  if (reach.kind !== 'private') return undefined;
  return context.network.resolve(reach.subnets[0].attr('vpc_id'), ['aws_vpc']);
}

/** Whether an endpoint is in the given VPC (`maybe` when either side is not a resource here). */
export function endpointInVpc(context: RuleContext, endpoint: Endpoint, vpc: ResourceInstance | undefined): Tri {
  if (!vpc) return 'maybe';
  const endpointVpc = context.network.resolve(endpoint.resource.attr('vpc_id'), ['aws_vpc']);
  if (!endpointVpc) return 'maybe';
  return endpointVpc === vpc ? 'yes' : 'no';
}

/** The endpoints that serve `service` in the workload's VPC, and whether some endpoint the checker cannot place might (those are `unsure`). */
export function endpointsForService(
  context: RuleContext,
  workload: Workload,
  service: string,
): { found: Endpoint[]; maybe: boolean; unsure: Endpoint[] } {
  const vpc = workloadVpc(context, workload);
  const found: Endpoint[] = [];
  const unsure: Endpoint[] = [];
  for (const endpoint of context.network.endpoints) {
    const serves = endpoint.serves(service);
    if (serves === 'no') continue;
    const inVpc = endpointInVpc(context, endpoint, vpc);
    if (inVpc === 'no') continue;
    if (serves === 'yes' && inVpc === 'yes') found.push(endpoint);
    else if (serves === 'yes' && inVpc === 'maybe') found.push(endpoint);
    else unsure.push(endpoint);
  }
  return { found, maybe: unsure.length > 0, unsure };
}

/** True when some workload in the configuration reaches the internet or cannot be placed, so endpoint-only advice should stay quiet. */
export function noPrivateWorkloadButSomeOther(context: RuleContext): boolean {
  return context.workloads.length > 0 && privateWorkloads(context).length === 0;
}

/** True when the task definition's platform does not need the ecr.api endpoint (Fargate pinned to 1.3.0 or older). */
export function skipsEcrApi(workload: Workload): boolean {
  if (workload.launchType !== 'FARGATE') return false;
  const version = workload.platformVersion;
  if (!version || version === 'LATEST') return false;
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (!m) return false;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major < 1 || (major === 1 && minor < 4);
}

/** The service's name label for messages: `aws_ecs_service.app` (with the module path when not the root). */
export function describe(resource: ResourceInstance): string {
  return resource.fullAddress;
}
