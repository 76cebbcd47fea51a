/** Shared state and small helpers of one live check. */
import type { Severity } from '../findings';
import type { ServiceNeed, TaskRequirements } from './needs';
import { renderLive } from '../l10n/live-format';
import { lt, type LiveArg, type LiveText } from '../l10n/live-messages';
import type { ApiFailure, CheckStatus, CheckStep, HopKind, PathHop, ResolvedTarget, StepTexts } from './result';
import { settle, Settled } from './settled';
import type { NetworkAclInfo } from '../aws-semantics/networkAcls';
import type {
  AwsNetworkReader,
  NatGatewayInfo,
  PrefixListInfo,
  RouteTableInfo,
  SecurityGroupInfo,
  SubnetInfo,
  TaskDefinitionInfo,
  VpcEndpointInfo,
} from './types';

/** The ECR actions an image pull needs besides ecr:GetAuthorizationToken (one list for the static and the live checks). */
export { ECR_PULL_ACTIONS as ecrPullActions } from '../model/iam';
/** The service principal ECS tasks (and their execution role) use. */
export const ecsTasksPrincipal = 'ecs-tasks.amazonaws.com';

/** Everything read in the first waves, shared by the checks. */
export interface CheckContext {
  reader: AwsNetworkReader;
  region: string;
  target: ResolvedTarget;
  taskDefinition: TaskDefinitionInfo | null;
  requirements: TaskRequirements;
  /** Subnets known by id (all of the VPC, or only the task subnets when listing failed). */
  subnets: Map<string, SubnetInfo>;
  /** Why some subnets are unknown, when listing the VPC's subnets failed. */
  subnetsFailure: ApiFailure | null;
  routeTables: Settled<RouteTableInfo[]>;
  natGateways: NatGatewayInfo[] | null;
  endpoints: Settled<VpcEndpointInfo[]>;
  securityGroups: Settled<SecurityGroupInfo[]>;
  networkAcls: Settled<NetworkAclInfo[]>;
  s3PrefixList: Settled<PrefixListInfo | null>;
  /** The task security groups, resolved (the VPC default group when none were given); null when unknown. */
  taskSecurityGroupIds: string[] | null;
  defaultSecurityGroupId: string | null;
  executionRoleArn: string | null;
}

/** `com.amazonaws.<region>.<service>`. */
export function serviceNameFor(region: string, service: string): string {
  return `com.amazonaws.${region}.${service}`;
}

/** True when the endpoint is for `service` in `region` (any partition prefix). */
export function endpointServiceMatches(endpoint: VpcEndpointInfo, region: string, service: string): boolean {
  // Partitions other than aws prefix the name (cn.com.amazonaws.cn-north-1.ecr.dkr); the suffix decides.
  return endpoint.serviceName === serviceNameFor(region, service) || endpoint.serviceName.endsWith(`.${region}.${service}`);
}

/** Picks the endpoint a need would use: the right type first, then an available one. */
export function pickEndpoint(endpoints: VpcEndpointInfo[], region: string, need: ServiceNeed): VpcEndpointInfo | null {
  const candidates = endpoints.filter((endpoint) => endpointServiceMatches(endpoint, region, need.service));
  const score = (endpoint: VpcEndpointInfo) =>
    (endpoint.endpointType.toLowerCase() === need.endpointType.toLowerCase() ? 2 : 0) +
    (endpoint.state.toLowerCase() === 'available' ? 1 : 0);
  return candidates.sort((a, b) => score(b) - score(a))[0] ?? null;
}

/** failed if any step failed, else unknown if any is unknown, else passed. */
export function statusOf(steps: CheckStep[]): CheckStatus {
  if (steps.some((step) => step.status === 'failed')) return 'failed';
  if (steps.some((step) => step.status === 'unknown')) return 'unknown';
  return 'passed';
}

/** A step whose texts are live messages: `liveStep` renders them in English and keeps the messages. */
export interface StepDraft extends Omit<CheckStep, 'title' | 'reason' | 'fix' | 'advice' | 'texts'> {
  title: LiveText | string;
  reason: LiveText;
  fix: LiveText | null;
  advice?: LiveText;
}

/** A step from a draft: English strings for the result, and the messages they came from in `texts`. */
export function liveStep(draft: StepDraft): CheckStep {
  const { title, reason, fix, advice, ...rest } = draft;
  const texts: StepTexts = { reason };
  if (typeof title !== 'string') texts.title = title;
  if (fix) texts.fix = fix;
  if (advice) texts.advice = advice;
  return {
    ...rest,
    title: typeof title === 'string' ? title : renderLive(title, 'en'),
    reason: renderLive(reason, 'en'),
    fix: fix ? renderLive(fix, 'en') : null,
    ...(advice ? { advice: renderLive(advice, 'en') } : {}),
    texts,
  };
}

/** Sets one text of a step to a live message (and its English rendering). */
export function setStepText(step: CheckStep, field: 'reason' | 'advice', text: LiveText): void {
  step[field] = renderLive(text, 'en');
  step.texts = { ...step.texts, [field]: text };
}

/** Tags a step (or a draft) with its place on the path. */
export function hop(kind: HopKind, step: CheckStep | StepDraft): PathHop {
  return { hop: kind, ...(typeof step.reason === 'string' ? (step as CheckStep) : liveStep(step as StepDraft)) };
}

/** A step that could not be decided because a read failed. */
export function unknownStep(
  ruleId: string,
  title: string | LiveText,
  resource: string | null,
  failure: ApiFailure,
  severity: Severity = 'error',
): CheckStep {
  return liveStep({
    ruleId,
    status: 'unknown',
    severity,
    title,
    resource,
    reason: lt('common.couldNotCheck', { failure: failure.message }),
    fix: null,
    apiFailure: failure,
  });
}

/** The role name at the end of a role ARN (after any path). */
export function roleNameOf(roleArn: string): string {
  return roleArn.slice(roleArn.lastIndexOf('/') + 1);
}

/** The subnet with that id, or a stand-in without CIDR and zone when it could not be read. */
export function subnetOf(context: Pick<CheckContext, 'subnets' | 'target'>, subnetId: string): SubnetInfo {
  return (
    context.subnets.get(subnetId) ?? {
      subnetId,
      vpcId: context.target.vpcId,
      cidrBlock: null,
      availabilityZone: null,
      mapPublicIpOnLaunch: false,
    }
  );
}

/** The read failure to blame when a verdict needed subnet CIDRs that are missing. */
export function missingCidrFailure(context: CheckContext, subnets: SubnetInfo[]): ApiFailure | null {
  return subnets.some((subnet) => !subnet.cidrBlock) ? context.subnetsFailure : null;
}

/** Joins ids for messages; "none" for an empty list. */
export function list(items: string[]): string {
  return items.length === 0 ? 'none' : items.join(', ');
}

/** The same as `list`, as a message value ("none" is rendered in the message's language). */
export function idList(items: string[]): LiveArg {
  return items.length === 0 ? lt('common.none') : items.join(', ');
}

/** Reads the CIDRs of customer prefix lists that security group rules name. */
export async function prefixListCidrMap(
  context: CheckContext,
  prefixListIds: string[],
): Promise<{ map: Map<string, string[]>; failure: ApiFailure | null }> {
  const map = new Map<string, string[]>();
  let failure: ApiFailure | null = null;
  for (const prefixListId of prefixListIds) {
    const cidrs = await settle(context.reader.getPrefixListCidrs(prefixListId), 'GetManagedPrefixListEntries');
    if (cidrs.ok) map.set(prefixListId, cidrs.value);
    else failure ??= cidrs.failure;
  }
  return { map, failure };
}
