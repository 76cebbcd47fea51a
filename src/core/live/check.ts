/**
 * The live check: reads one account through an `AwsNetworkReader` and walks, for every AWS service the tasks need,
 * the path task security group → network ACL → route table → endpoint → endpoint security group → endpoint policy,
 * plus DNS, the execution role and the image registries. A failed read makes only the checks that need it unknown.
 */
import { ArtifactReads, readArtifacts, registrySteps, secretSteps } from './artifacts';
import { attachCommands } from './commands';
import { CheckContext, pickEndpoint, roleNameOf, serviceNameFor, subnetOf, unknownStep } from './context';
import { dnsChecks } from './dns';
import { collectFindings, collectUndecided } from './findings';
import { executionRoleSteps, readRoleData, RoleData } from './iam';
import { imageSteps } from './imageChecks';
import { serviceNeeds, taskRequirements } from './needs';
import { servicePath } from './paths';
import type { ApiFailure, LiveCheckResult } from './result';
import { hasNatGatewayRoute, s3PrefixListOfGatewayRoutes } from './routes';
import { decideScope } from './scope';
import { settle, Settled } from './settled';
import { readStoppedTasks, StopReads, stopReports } from './stops';
import { LiveCheckRequest, LiveTargetError, resolveTarget } from './target';
import { AwsNetworkReader, memoizeReader, PrefixListInfo, SubnetInfo } from './types';

/** Options of one live check. */
export interface LiveCheckOptions {
  /** The region the reader talks to (endpoint service names and ARNs are built from it). */
  region: string;
}

/** Runs the live check for an ECS service or a VPC. Throws `LiveTargetError` / fatal `LiveCallError` only when the target itself cannot be read. */
export async function runLiveCheck(
  rawReader: AwsNetworkReader,
  request: LiveCheckRequest,
  options: LiveCheckOptions,
): Promise<LiveCheckResult> {
  const reader = memoizeReader(rawReader);
  const region = options.region;
  const resolution = await resolveTarget(reader, request, region);
  const { target } = resolution;
  const taskDefinition = resolution.taskDefinition?.ok ? resolution.taskDefinition.value : null;
  const requirements = taskRequirements(taskDefinition, region, target.accountId);
  const executionRoleArn = taskDefinition?.executionRoleArn ?? null;
  const roleName = executionRoleArn ? roleNameOf(executionRoleArn) : null;
  const vpcId = target.vpcId;

  // The IAM, artifact and stopped-task reads depend on nothing the network reads return: start them now and
  // collect them at the end (they run in the same rounds as the network reads).
  const roleDataPending: Promise<RoleData | null> = roleName ? readRoleData(reader, roleName) : Promise.resolve(null);
  const artifactsPending: Promise<ArtifactReads> = readArtifacts({ reader, region, requirements });
  const stopsPending: Promise<StopReads | null> =
    target.kind === 'service' && request.kind === 'service'
      ? readStoppedTasks(reader, request.cluster, target.serviceName ?? request.service).then((tasks) => ({
          tasks,
          events: resolution.service?.events ?? [],
        }))
      : Promise.resolve(null);
  const [vpc, vpcDns, subnetList, routeTables, endpoints, securityGroups, networkAcls] = await Promise.all([
    settle(reader.describeVpc(vpcId), 'DescribeVpcs'),
    settle(reader.getVpcDnsAttributes(vpcId), 'DescribeVpcAttribute'),
    settle(reader.listSubnets(vpcId), 'DescribeSubnets'),
    settle(reader.listRouteTables(vpcId), 'DescribeRouteTables'),
    settle(reader.listVpcEndpoints(vpcId), 'DescribeVpcEndpoints'),
    settle(reader.listSecurityGroups(vpcId), 'DescribeSecurityGroups'),
    settle(reader.listNetworkAcls(vpcId), 'DescribeNetworkAcls'),
  ]);
  // The S3 prefix list's id is on the route to an S3 gateway endpoint, when there is one: then
  // DescribeManagedPrefixLists would only repeat it. Without such a route it is read, next to the NAT gateways.
  const routedS3PrefixList =
    endpoints.ok && routeTables.ok ? s3PrefixListOfGatewayRoutes(endpoints.value, routeTables.value, region) : null;
  const prefixListsPending: Promise<Settled<PrefixListInfo[]>> = routedS3PrefixList
    ? Promise.resolve({ ok: true, value: [routedS3PrefixList] })
    : settle(reader.listManagedPrefixLists(), 'DescribeManagedPrefixLists');

  const subnets = new Map<string, SubnetInfo>();
  let subnetsFailure: ApiFailure | null = null;
  if (subnetList.ok) {
    for (const subnet of subnetList.value) subnets.set(subnet.subnetId, subnet);
  } else {
    subnetsFailure = subnetList.failure;
    // The service's own subnets were read while resolving it (memoised, no new call); the endpoints' stay unknown.
    const known = target.kind === 'service' ? await settle(reader.describeSubnets(target.subnetIds), 'DescribeSubnets') : null;
    for (const subnet of known?.ok ? known.value : []) subnets.set(subnet.subnetId, subnet);
  }
  const defaultSecurityGroupId = securityGroups.ok
    ? (securityGroups.value.find((group) => group.groupName === 'default')?.groupId ?? null)
    : null;
  const taskSecurityGroupIds = target.securityGroupsUnknown
    ? null
    : target.usesDefaultSecurityGroup
      ? defaultSecurityGroupId
        ? [defaultSecurityGroupId]
        : null
      : target.securityGroupIds;
  if (securityGroups.ok && target.kind === 'vpc' && taskSecurityGroupIds) {
    const strangers = taskSecurityGroupIds.filter((groupId) => !securityGroups.value.some((group) => group.groupId === groupId));
    if (strangers.length > 0) {
      throw new LiveTargetError(`Security group ${strangers.join(', ')} is not in ${vpcId}.`);
    }
  }
  const needsNatGateways = routeTables.ok && hasNatGatewayRoute(routeTables.value);
  const natGatewaysPending = needsNatGateways ? settle(reader.listNatGateways(vpcId), 'DescribeNatGateways') : null;
  const prefixLists = await prefixListsPending;
  const s3PrefixList: Settled<PrefixListInfo | null> = prefixLists.ok
    ? {
        ok: true,
        value:
          prefixLists.value.find(
            (item) => item.prefixListName === `com.amazonaws.${region}.s3` || item.prefixListName.endsWith(`.${region}.s3`),
          ) ?? null,
      }
    : prefixLists;

  const natGateways = natGatewaysPending ? await natGatewaysPending : null;

  const partialContext = { target, routeTables, natGateways: natGateways?.ok ? natGateways.value : null };
  const { scope, taskSubnetIds } = decideScope(partialContext, resolution.subnetsToBeChosen);
  const context: CheckContext = {
    reader,
    region,
    target: { ...target, subnetIds: taskSubnetIds },
    taskDefinition,
    requirements,
    subnets,
    subnetsFailure,
    routeTables,
    natGateways: partialContext.natGateways,
    endpoints,
    securityGroups,
    networkAcls,
    s3PrefixList,
    taskSecurityGroupIds,
    defaultSecurityGroupId,
    executionRoleArn,
  };

  const needs = serviceNeeds(context.target, taskDefinition, requirements, resolution.service?.enableExecuteCommand ?? false);
  const missing = endpoints.ok && scope.inScope ? needs.filter((need) => !pickEndpoint(endpoints.value, region, need)) : [];
  const elsewherePending =
    missing.length > 0
      ? settle(reader.findVpcEndpointsByServiceName(missing.map((need) => serviceNameFor(region, need.service))), 'DescribeVpcEndpoints')
      : null;

  const pathSubnetIds = scope.inScope ? scope.privateSubnetIds : taskSubnetIds;
  const taskSubnets = pathSubnetIds.map((subnetId) => subnetOf(context, subnetId));
  const elsewhere = elsewherePending ? await elsewherePending : null;
  const services = await Promise.all(needs.map((need) => servicePath(context, need, taskSubnets, elsewhere, scope)));

  const usesInterfaceEndpoints = services.some((path) => path.endpointType === 'Interface' && !path.viaInternet);
  const dns = usesInterfaceEndpoints ? await dnsChecks(context, vpcDns, vpc) : [];

  const endpointIds = new Map(services.filter((path) => path.endpointId).map((path) => [path.service, path.endpointId as string]));
  const iam = executionRoleSteps(context, roleName, await roleDataPending, endpointIds, scope);
  if (resolution.taskDefinition && !resolution.taskDefinition.ok) {
    iam.push(unknownStep('execution-role', 'Task definition', target.taskDefinitionArn, resolution.taskDefinition.failure));
  }
  const roleData = await roleDataPending;
  const artifacts = await artifactsPending;
  const images = [...imageSteps(context, scope), ...registrySteps(context, artifacts, roleData, scope)];
  const secrets = secretSteps(context, artifacts, roleData);
  const stopReads = await stopsPending;
  const checked = { version: 1 as const, target: context.target, scope, services, dns, iam, images, secrets };
  const stops = stopReports(checked, stopReads, resolution.task ?? null);
  const stopsFailure = stopReads && !stopReads.tasks.ok ? stopReads.tasks.failure : undefined;
  const result: Omit<LiveCheckResult, 'findings' | 'undecided'> = { ...checked, stops, ...(stopsFailure ? { stopsFailure } : {}) };
  const complete: LiveCheckResult = { ...result, undecided: collectUndecided(result), findings: collectFindings(result) };
  attachCommands(complete);
  return complete;
}
