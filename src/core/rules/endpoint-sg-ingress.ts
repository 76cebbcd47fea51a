/**
 * endpoint-sg-ingress: the security groups of the interface endpoints the tasks call must let
 * TCP 443 in from the tasks (their security group, or CIDRs covering their subnets). An endpoint
 * written without security groups gets the VPC default group, which only admits its own members.
 */
import type { Fix } from '../findings';
import type { SourceLocation } from '../model/body';
import type { ResourceInstance } from '../model/config';
import { addRulesEdit } from '../fixes/security-group-rules';
import type { Endpoint } from '../model/network';
import type { Workload } from '../model/workloads';
import { describe, privateWorkloads, workloadVpc } from './helpers';
import {
  compareLocations,
  describeRuleTargets,
  endpointGroups,
  expressionFor,
  groupKey,
  groupName,
  groupsAllowHttps,
  subnetPeerRange,
  taskGroups,
  usedInterfaceEndpoints,
  type GroupHandle,
  type GroupSet,
  type GroupVerdict,
} from './network-helpers';
import { defineRule, type RuleContext } from './types';

/** One endpoint security group set that blocks the tasks, with everything needed to report it once. */
interface Blocked {
  groups: GroupSet;
  endpoints: Array<{ endpoint: Endpoint; service: string }>;
  workload: Workload;
  taskGroups: GroupSet;
  verdict: GroupVerdict;
  implicitDefault: boolean;
}

function detailOf(blocked: Blocked): string {
  const { verdict } = blocked;
  if (verdict.ruleCount === 0) return 'it has no ingress rule at all';
  if (verdict.httpsRules.length === 0) return 'none of its ingress rules admits TCP 443';
  const targets = describeRuleTargets(verdict.httpsRules);
  return targets ? `its HTTPS ingress rules only admit ${targets}` : 'its HTTPS ingress rules name no source at all';
}

function where(blocked: Blocked): SourceLocation {
  const first = blocked.endpoints[0].endpoint;
  const handle = blocked.groups.handles[0];
  // A group created by the vpc-endpoints module is configured by the module call's `security_group_rules`.
  if (
    !first.resource.block &&
    handle?.kind === 'managed' &&
    !handle.group.resource.block &&
    handle.group.resource.module === first.resource.module
  ) {
    const module = handle.group.resource.module;
    const rules = module.argument('security_group_rules');
    return rules && module.call ? { file: module.call.file, range: rules.expr.range } : handle.group.resource.location;
  }
  return first.location('security_group_ids');
}

function allowFix(context: RuleContext, blocked: Blocked): Fix | undefined {
  const target = blocked.groups.handles.find(
    (h): h is Extract<GroupHandle, { kind: 'managed' }> =>
      h.kind === 'managed' && !!h.group.resource.block && h.group.resource.type === 'aws_security_group',
  );
  if (!target) return undefined;
  const sg = target.group.resource;
  const module = sg.module;
  let taskGroupText: string | undefined;
  let taskGroup: ResourceInstance | undefined;
  for (const handle of blocked.taskGroups.handles) {
    if (handle.kind !== 'managed') continue;
    taskGroupText = expressionFor(module, { kind: 'ref', target: handle.group.resource, attribute: 'id' });
    taskGroup = handle.group.resource;
    if (taskGroupText) break;
  }
  if (!taskGroupText) return undefined;
  // In the group's own style: a rule resource beside inline rules (or an inline block beside rule resources) gets overwritten.
  const added = addRulesEdit(context.configuration, sg, [
    {
      direction: 'ingress',
      templates: {
        'vpc-security-group-rule': 'endpoint-sg-https-ingress-rule',
        'security-group-rule': 'endpoint-sg-https-ingress-sg-rule',
        inline: 'endpoint-sg-https-ingress-block',
        inlineSelf: 'endpoint-sg-https-ingress-self-block',
        inlineVpcRange: 'endpoint-sg-https-ingress-cidr-block',
      },
      peerGroup: taskGroup,
      baseName: `${sg.name}_https_from_tasks`,
      groupParam: 'endpoint_security_group_id',
      values: { task_security_group_id: taskGroupText },
    },
  ]);
  return added ? { title: 'Allow HTTPS (443) from the tasks', edits: [added.edit], isPreferred: true } : undefined;
}

/** The rule. */
export const endpointSgIngress = defineRule({
  meta: {
    id: 'endpoint-sg-ingress',
    title: 'Endpoint security groups admit HTTPS from the tasks',
    description:
      'The security groups of the interface endpoints (ecr.dkr, ecr.api, logs...) must allow inbound TCP 443 from the tasks: from the task security group, or from CIDRs covering the task subnets. An endpoint without security_group_ids gets the VPC default security group, which only admits its own members.',
    defaultSeverity: 'error',
    fixable: true,
    messages: {
      noIngress:
        '{{group}} blocks HTTPS from the tasks. ' +
        'Security group {{group}} of {{endpoints}} does not allow inbound TCP 443 from the tasks of {{service}} ({{tasks}}): {{detail}}. The pull fails with "dial tcp <private ip>:443: i/o timeout". Allow TCP 443 from the task security group or from CIDRs covering the task subnets.',
      defaultGroup:
        'No security_group_ids on {{firstEndpoint}}. ' +
        'Without security_group_ids on {{endpoints}}, AWS gives such an endpoint the VPC default security group, which only admits its own members, and the tasks of {{service}} ({{tasks}}) are not in it. The pull fails with "dial tcp <private ip>:443: i/o timeout". Set security_group_ids to a group that allows TCP 443 from the tasks.',
    },
  },
  check(context) {
    const blockedBySet = new Map<string, Blocked>();
    for (const workload of privateWorkloads(context)) {
      const reach = workload.reach;
      if (reach.kind !== 'private') continue;
      const tasks = taskGroups(context, workload);
      if (!tasks) continue;
      const peer = { groups: tasks, ranges: reach.subnets.map((s) => subnetPeerRange(context, s)) };
      const vpc = workloadVpc(context, workload);
      for (const { endpoint, service } of usedInterfaceEndpoints(context, workload)) {
        const groups = endpointGroups(context, endpoint, vpc);
        if (!groups || !groups.complete || groups.handles.length === 0) continue;
        const key = groups.handles.map(groupKey).sort().join('|');
        const existing = blockedBySet.get(key);
        if (existing) {
          if (!existing.endpoints.some((e) => e.endpoint === endpoint)) {
            // Same groups, same tasks: the verdict is the same; only note the endpoint.
            if (existing.workload === workload) existing.endpoints.push({ endpoint, service });
          }
          continue;
        }
        const verdict = groupsAllowHttps(context, groups, 'ingress', peer);
        if (verdict.allows !== 'no') continue;
        blockedBySet.set(key, {
          groups,
          endpoints: [{ endpoint, service }],
          workload,
          taskGroups: tasks,
          verdict,
          implicitDefault: endpoint.securityGroupIds?.length === 0,
        });
      }
    }
    for (const blocked of blockedBySet.values()) {
      const { workload } = blocked;
      // Point at the endpoint written first, as a reader meets them.
      blocked.endpoints.sort((a, b) => compareLocations(a.endpoint.location(), b.endpoint.location()));
      const endpointNames = blocked.endpoints.map((e) => `${e.endpoint.resource.fullAddress} (${e.service})`).join(', ');
      const tasksText = blocked.taskGroups.handles.map(groupName).join(', ');
      const awsDefault = blocked.implicitDefault && blocked.groups.handles[0]?.kind === 'aws-default';
      const related = [
        ...blocked.groups.handles
          .filter((h): h is Extract<GroupHandle, { kind: 'managed' }> => h.kind === 'managed')
          .map((h) => ({ location: h.group.resource.location, message: `endpoint security group ${h.group.resource.fullAddress}` })),
        { location: workload.securityGroupsLocation, message: `tasks of ${describe(workload.service)}` },
        ...blocked.endpoints.slice(1).map((e) => ({
          location: e.endpoint.location('security_group_ids'),
          message: `also uses these groups: ${e.endpoint.resource.fullAddress} (${e.service})`,
        })),
      ];
      const fix = awsDefault ? undefined : allowFix(context, blocked);
      context.report({
        messageId: awsDefault ? 'defaultGroup' : 'noIngress',
        data: {
          group: blocked.groups.handles.map(groupName).join(' + '),
          endpoints: endpointNames,
          firstEndpoint: blocked.endpoints[0].endpoint.resource.fullAddress,
          service: describe(workload.service),
          tasks: tasksText,
          detail: detailOf(blocked),
        },
        location: awsDefault ? blocked.endpoints[0].endpoint.location() : where(blocked),
        resource: blocked.endpoints[0].endpoint.resource,
        related,
        fixes: fix ? [fix] : undefined,
      });
    }
  },
});
