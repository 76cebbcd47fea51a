/**
 * sg-mixed-rule-styles: a security group of the tasks or of their endpoints must not mix inline
 * `ingress {}`/`egress {}` rules with rule resources (`aws_security_group_rule`,
 * `aws_vpc_security_group_*_rule`), nor the two kinds of rule resources. The AWS provider documents
 * that mixing them causes rule conflicts, perpetual differences and rules being overwritten: an
 * inline set removes the rule resources of its direction on every other apply, so the 443 rule the
 * pull needs comes and goes.
 */
import type { Fix } from '../findings';
import { groupRuleStyles, moveRulesInlineFix, type GroupRuleStyles, type RuleDirection } from '../fixes/security-group-rules';
import type { ResourceInstance } from '../model/config';
import { describe, privateWorkloads, workloadVpc } from './helpers';
import { endpointGroups, taskGroups, usedInterfaceEndpoints, type GroupSet } from './network-helpers';
import { defineRule, type RuleContext } from './types';

const DIRECTIONS: RuleDirection[] = ['ingress', 'egress'];

/** The groups the private tasks and the endpoints they call carry, each once, with who uses it. */
function relevantGroups(context: RuleContext): Map<ResourceInstance, string> {
  const out = new Map<ResourceInstance, string>();
  const add = (set: GroupSet | undefined, role: string) => {
    for (const handle of set?.handles ?? []) {
      if (handle.kind !== 'managed') continue;
      const resource = handle.group.resource;
      if (resource.type !== 'aws_security_group' && resource.type !== 'aws_default_security_group') continue;
      if (!out.has(resource)) out.set(resource, role);
    }
  };
  for (const workload of privateWorkloads(context)) {
    add(taskGroups(context, workload), `task security group of ${describe(workload.service)}`);
    const vpc = workloadVpc(context, workload);
    for (const { endpoint, service } of usedInterfaceEndpoints(context, workload)) {
      add(endpointGroups(context, endpoint, vpc), `security group of ${endpoint.resource.fullAddress} (${service})`);
    }
  }
  return out;
}

/** The directions both written inline and by rule resources (the ones whose rules are overwritten on apply). */
function conflictingDirections(styles: GroupRuleStyles): RuleDirection[] {
  return DIRECTIONS.filter(
    (d) => styles.inline[d] !== undefined && styles.separate.some((s) => s.direction === d || s.direction === undefined),
  );
}

function names(resources: ResourceInstance[]): string {
  return resources.map((r) => r.fullAddress).join(', ');
}

/** The rule. */
export const sgMixedRuleStyles = defineRule({
  meta: {
    id: 'sg-mixed-rule-styles',
    title: 'Security groups do not mix inline rules and rule resources',
    description:
      'A security group of the tasks or of their endpoints must not combine inline ingress/egress blocks with aws_security_group_rule or aws_vpc_security_group_ingress_rule/_egress_rule resources (nor those two kinds with each other): the AWS provider documents that this causes rule conflicts, perpetual differences and rules being overwritten, so the HTTPS rule the image pull needs can disappear on the next apply.',
    defaultSeverity: 'warning',
    fixable: true,
    messages: {
      sameDirection:
        '{{group}} mixes inline rules and rule resources. ' +
        'Its inline {{directions}} blocks and {{resources}} manage the same rules: each terraform apply the inline set removes the rule resources and the next adds them back, so a 443 rule there exists only every other apply and the pulls fail in between ("dial tcp <private ip>:443: i/o timeout"). ' +
        'The AWS provider: mixing them "may cause rule conflicts, perpetual differences, and result in rules being overwritten". Write the rules of this {{role}} in one style.',
      otherDirection:
        '{{group}} mixes inline rules and rule resources. ' +
        'It has inline {{inline}} blocks and the rule resources {{resources}}; the AWS provider warns that mixing them "may cause rule conflicts, perpetual differences, and result in rules being overwritten", and the first inline block written for the other direction revokes those resources\u2019 rules. Write the rules of this {{role}} in one style.',
      twoResourceKinds:
        '{{group}} mixes two kinds of rule resources. ' +
        'The AWS provider warns that using aws_security_group_rule together with the aws_vpc_security_group_ingress_rule/_egress_rule resources on one group "may cause rule conflicts, perpetual differences, and result in rules being overwritten" ({{resources}}). Write the rules of this {{role}} with one kind.',
    },
  },
  check(context) {
    for (const [group, role] of relevantGroups(context)) {
      const styles = groupRuleStyles(context.configuration, group);
      if (styles.separate.length === 0) continue;
      const inline = DIRECTIONS.filter((d) => styles.inline[d] !== undefined);
      const related = [
        ...styles.separate.map((s) => ({
          location: s.resource.location,
          message: `rule resource ${s.resource.fullAddress}${s.direction ? ` (${s.direction})` : ''}`,
        })),
      ];
      const resources = names(styles.separate.map((s) => s.resource));
      if (inline.length > 0) {
        const conflicting = conflictingDirections(styles);
        const fix: Fix | undefined = moveRulesInlineFix(styles);
        context.report({
          messageId: conflicting.length > 0 ? 'sameDirection' : 'otherDirection',
          data: {
            group: group.fullAddress,
            directions: conflicting.join(' and '),
            inline: inline.join(' and '),
            resources:
              conflicting.length > 0
                ? names(
                    styles.separate.filter((s) => s.direction === undefined || conflicting.includes(s.direction)).map((s) => s.resource),
                  )
                : resources,
            role,
          },
          location: group.location,
          resource: group,
          related,
          fixes: fix ? [fix] : undefined,
        });
        continue;
      }
      const kinds = new Set(styles.separate.map((s) => s.style));
      if (kinds.size > 1) {
        context.report({
          messageId: 'twoResourceKinds',
          data: { group: group.fullAddress, resources, role },
          location: group.location,
          resource: group,
          related,
        });
      }
    }
  },
});
