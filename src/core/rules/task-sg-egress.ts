/**
 * task-sg-egress: the tasks' security groups must let TCP 443 out to the interface endpoints and to
 * S3 (image layers, through the gateway endpoint, whose addresses are the S3 prefix list, not the
 * VPC CIDR). A security group Terraform creates has no egress at all unless one is written.
 */
import type { Fix } from '../findings';
import { addRulesEdit } from '../fixes/security-group-rules';
import type { ModuleInstance, ResourceInstance } from '../model/config';
import type { Endpoint } from '../model/network';
import type { Workload } from '../model/workloads';
import { describe, endpointsForService, privateWorkloads, workloadVpc } from './helpers';
import { describeValue } from './undecided';
import {
  compareLocations,
  doubtKey,
  endpointGroups,
  endpointListDoubt,
  expressionFor,
  groupKey,
  groupName,
  groupsAllowHttps,
  subnetPeerRange,
  taskGroups,
  taskGroupsDoubt,
  usedInterfaceEndpoints,
  type Doubt,
  type GroupHandle,
  type GroupSet,
  type PeerRange,
} from './network-helpers';
import { defineRule, type RuleContext } from './types';

type ManagedHandle = Extract<GroupHandle, { kind: 'managed' }>;

/** The task group new egress rules go on: the first managed `aws_security_group` written as a block. */
function fixTarget(tasks: GroupSet): ResourceInstance | undefined {
  const handle = tasks.handles.find(
    (h): h is ManagedHandle => h.kind === 'managed' && !!h.group.resource.block && h.group.resource.type === 'aws_security_group',
  );
  return handle?.group.resource;
}

/** " (aws_security_group.x has no egress rule at all: ...)" when every managed task group has no egress. */
function noEgressNote(tasks: GroupSet): string {
  const empty = tasks.handles.filter(
    (h): h is ManagedHandle =>
      h.kind === 'managed' &&
      h.group.resource.type === 'aws_security_group' &&
      !h.group.rulesIncomplete &&
      !h.group.rules.some((r) => r.direction === 'egress'),
  );
  if (empty.length === 0 || empty.length !== tasks.handles.length) return '';
  const names = empty.map((h) => h.group.resource.fullAddress).join(' and ');
  return ` (${names} ${empty.length > 1 ? 'have' : 'has'} no egress rule at all: Terraform removes the allow-all egress AWS adds to a new security group)`;
}

/** The expression of the S3 gateway endpoint's prefix list in `module`, if one is there to name. */
function s3PrefixListExpression(context: RuleContext, workload: Workload, module: ModuleInstance): string | undefined {
  const gateways = endpointsForService(context, workload, 's3').found.filter((e) => e.type === 'Gateway');
  for (const gateway of gateways) {
    const text = expressionFor(module, { kind: 'ref', target: gateway.resource, attribute: 'prefix_list_id' });
    if (text) return text;
  }
  return undefined;
}

function s3Fix(context: RuleContext, workload: Workload, tasks: GroupSet): Fix | undefined {
  const sg = fixTarget(tasks);
  if (!sg) return undefined;
  const prefixList = s3PrefixListExpression(context, workload, sg.module);
  if (!prefixList) return undefined;
  // In the group's own style: a rule resource beside inline rules (or an inline block beside rule resources) gets overwritten.
  const added = addRulesEdit(context.configuration, sg, [
    {
      direction: 'egress',
      templates: {
        'vpc-security-group-rule': 'task-sg-s3-prefix-list-egress-rule',
        'security-group-rule': 'task-sg-s3-prefix-list-egress-sg-rule',
        inline: 'task-sg-s3-prefix-list-egress-block',
      },
      baseName: `${sg.name}_https_to_s3`,
      groupParam: 'task_security_group_id',
      values: { s3_prefix_list_id: prefixList },
    },
  ]);
  return added ? { title: 'Allow HTTPS egress to the S3 prefix list', edits: [added.edit], isPreferred: true } : undefined;
}

function endpointsFix(context: RuleContext, tasks: GroupSet, blocked: Array<{ endpoint: Endpoint; groups: GroupSet }>): Fix | undefined {
  const sg = fixTarget(tasks);
  if (!sg) return undefined;
  const destinations: Array<{ text: string; group: ResourceInstance }> = [];
  for (const { groups } of blocked) {
    const handle = groups.handles.find((h): h is ManagedHandle => h.kind === 'managed');
    const text = handle && expressionFor(sg.module, { kind: 'ref', target: handle.group.resource, attribute: 'id' });
    if (!text) return undefined;
    if (!destinations.some((d) => d.text === text)) destinations.push({ text, group: handle.group.resource });
  }
  const added = addRulesEdit(
    context.configuration,
    sg,
    destinations.map(({ text, group }) => ({
      direction: 'egress' as const,
      templates: {
        'vpc-security-group-rule': 'task-sg-https-egress-rule' as const,
        'security-group-rule': 'task-sg-https-egress-sg-rule' as const,
        inline: 'task-sg-https-egress-block' as const,
        inlineSelf: 'task-sg-https-egress-self-block' as const,
        inlineVpcRange: 'task-sg-https-egress-cidr-block' as const,
      },
      peerGroup: group,
      baseName: `${sg.name}_https_to_endpoints`,
      groupParam: 'task_security_group_id',
      values: { endpoint_security_group_id: text },
    })),
  );
  return added ? { title: 'Allow HTTPS egress to the endpoint security group', edits: [added.edit], isPreferred: true } : undefined;
}

/** The rule. */
export const taskSgEgress = defineRule({
  meta: {
    id: 'task-sg-egress',
    title: 'Task security groups allow HTTPS out to the endpoints and S3',
    description:
      'The tasks\u2019 security groups must allow outbound TCP 443 to the interface endpoints (their subnets\u2019 CIDRs, 0.0.0.0/0, or the endpoint security group) and to S3, where ECR keeps image layers: the S3 prefix list or 0.0.0.0/0 (a VPC-CIDR rule does not cover the gateway endpoint). A security group Terraform creates has no egress unless a rule is written.',
    defaultSeverity: 'error',
    fixable: true,
    messages: {
      endpoints:
        'Task groups of {{service}} block HTTPS to the endpoints. ' +
        'The security groups of {{service}} ({{groups}}) do not allow outbound TCP 443 to {{endpoints}}{{note}}. Tasks cannot reach the endpoints ("dial tcp <private ip>:443: i/o timeout"). Allow TCP 443 out to the endpoint security group or to the endpoint subnets\u2019 CIDRs.',
      undecided:
        'Task groups of {{service}} not decided. ' +
        'Whether the security groups of {{service}} let TCP 443 out to {{targets}} is not known here: {{reason}}. If they do not, the tasks cannot reach them ("dial tcp <ip>:443: i/o timeout"); run "Private ECR: Verify Private ECR Access" against the live VPC.',
      s3:
        'Task groups of {{service}} block HTTPS to S3. ' +
        'The security groups of {{service}} ({{groups}}) do not allow outbound TCP 443 to S3{{note}}. ECR serves image layers from S3 through the gateway endpoint, whose addresses are the S3 prefix list, not the VPC CIDR: the pull fails with "failed to copy: httpReaderSeeker: failed open". Allow TCP 443 out to the S3 prefix list (aws_vpc_endpoint.<s3>.prefix_list_id) or 0.0.0.0/0.',
    },
  },
  check(context) {
    const seen = new Set<string>();
    const reportedDoubts = new Set<string>();
    for (const workload of privateWorkloads(context)) {
      const known = taskGroups(context, workload);
      // The task groups are not known at all: nothing they allow can be judged.
      const tasks = known ?? { handles: [], complete: false, doubt: taskGroupsDoubt(context, workload) };
      const key = known ? tasks.handles.map(groupKey).sort().join('|') : `unknown:${workload.service.fullAddress}`;
      if (seen.has(key)) continue;
      seen.add(key);
      // Where the verdict stays open: one info per cause, naming what it leaves open.
      const open = new Map<string, { doubt: Doubt; targets: string[] }>();
      const leaveOpen = (doubt: Doubt | undefined, target: string): void => {
        const cause = doubt ?? tasks.doubt ?? { reason: 'some rule is not known here', location: workload.securityGroupsLocation };
        const entry = open.get(doubtKey(cause)) ?? { doubt: cause, targets: [] };
        if (!entry.targets.includes(target)) entry.targets.push(target);
        open.set(doubtKey(cause), entry);
      };
      const vpc = workloadVpc(context, workload);
      const note = noEgressNote(tasks);
      const groupsText = tasks.handles.map(groupName).join(', ');
      const related = tasks.handles
        .filter((h): h is ManagedHandle => h.kind === 'managed')
        .map((h) => ({ location: h.group.resource.location, message: `task security group ${h.group.resource.fullAddress}` }));

      const blocked: Array<{ endpoint: Endpoint; service: string; groups: GroupSet }> = [];
      for (const { endpoint, service } of usedInterfaceEndpoints(context, workload)) {
        const target = `${endpoint.resource.fullAddress} (${service})`;
        const subnetIds = endpoint.subnetIds;
        if (subnetIds && subnetIds.length === 0) continue;
        // Unknown subnets or groups of the endpoint leave only doubt: a rule to 0.0.0.0/0 or to its group still decides.
        const ranges: PeerRange[] = [];
        if (!subnetIds) {
          const doubt = endpointListDoubt(context, endpoint, 'subnet_ids', 'aws_vpc_endpoint_subnet_association');
          ranges.push({ label: endpoint.resource.fullAddress, doubt });
        } else {
          for (const id of subnetIds) {
            const subnet = context.network.subnet(id);
            if (!subnet)
              ranges.push({
                label: endpoint.resource.fullAddress,
                doubt: {
                  reason: `a subnet of ${endpoint.resource.fullAddress} is ${describeValue(id)}, whose CIDR is not known here`,
                  location: endpoint.location('subnet_ids'),
                },
              });
            else ranges.push(subnetPeerRange(context, subnet));
          }
        }
        const groups = endpointGroups(context, endpoint, vpc) ?? {
          handles: [],
          complete: false,
          doubt: endpointListDoubt(context, endpoint, 'security_group_ids', 'aws_vpc_endpoint_security_group_association'),
        };
        const verdict = groupsAllowHttps(context, tasks, 'egress', { groups, ranges });
        if (verdict.allows === 'no' && tasks.complete) blocked.push({ endpoint, service, groups });
        else if (verdict.allows !== 'yes') leaveOpen(verdict.doubt, target);
      }
      if (blocked.length > 0) {
        blocked.sort((a, b) => compareLocations(a.endpoint.location(), b.endpoint.location()));
        const fix = endpointsFix(context, tasks, blocked);
        context.report({
          messageId: 'endpoints',
          data: {
            service: describe(workload.service),
            groups: groupsText,
            endpoints: blocked.map((b) => `${b.endpoint.resource.fullAddress} (${b.service})`).join(', '),
            note,
          },
          location: workload.securityGroupsLocation,
          resource: workload.service,
          related: [
            ...related,
            ...blocked.map((b) => ({
              location: b.endpoint.location(),
              message: `interface endpoint ${b.endpoint.resource.fullAddress} (${b.service})`,
            })),
          ],
          fixes: fix ? [fix] : undefined,
        });
      }

      const s3 = groupsAllowHttps(context, tasks, 'egress', { groups: { handles: [], complete: true }, ranges: [], s3: true });
      if (s3.allows === 'maybe' || (s3.allows === 'no' && !tasks.complete)) leaveOpen(s3.doubt, 'S3');
      if (s3.allows === 'no' && tasks.complete) {
        const fix = s3Fix(context, workload, tasks);
        context.report({
          messageId: 's3',
          data: { service: describe(workload.service), groups: groupsText, note },
          location: workload.securityGroupsLocation,
          resource: workload.service,
          related,
          fixes: fix ? [fix] : undefined,
        });
      }
      for (const { doubt, targets } of open.values()) {
        if (reportedDoubts.has(doubtKey(doubt))) continue;
        reportedDoubts.add(doubtKey(doubt));
        context.report({
          messageId: 'undecided',
          severity: 'info',
          data: { service: describe(workload.service), targets: targets.join(', '), reason: doubt.reason },
          location: doubt.location,
          resource: workload.service,
          related: [{ location: workload.securityGroupsLocation, message: `tasks of ${describe(workload.service)}` }],
        });
      }
    }
  },
});
