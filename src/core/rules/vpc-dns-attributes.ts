/**
 * vpc-dns-attributes: private DNS of interface endpoints needs the VPC's enableDnsSupport and
 * enableDnsHostnames. aws_vpc defaults enable_dns_hostnames to false.
 */
import type { Fix } from '../findings';
import { declaration, insertAttribute, replaceRange } from '../fixes/edits';
import type { ResourceInstance } from '../model/config';
import { asBool } from '../model/values';
import { privateWorkloads, workloadVpc } from './helpers';
import { nameValue } from './undecided';
import { defineRule, type RuleContext } from './types';

/** VPCs that must resolve endpoint private DNS names: those of private workloads and those holding endpoints with private DNS on. */
function vpcsNeedingDns(context: RuleContext): Map<ResourceInstance, string> {
  const out = new Map<ResourceInstance, string>();
  for (const workload of privateWorkloads(context)) {
    const vpc = workloadVpc(context, workload);
    if (vpc && !out.has(vpc)) out.set(vpc, `${workload.service.fullAddress} runs in it without NAT`);
  }
  for (const endpoint of context.network.endpoints) {
    if (endpoint.type !== 'Interface' || endpoint.privateDns !== true) continue;
    const vpc = context.network.resolve(endpoint.resource.attr('vpc_id'), ['aws_vpc']);
    if (vpc && !out.has(vpc)) out.set(vpc, `${endpoint.resource.fullAddress} has private DNS on`);
  }
  return out;
}

/** The rule. */
export const vpcDnsAttributes = defineRule({
  meta: {
    id: 'vpc-dns-attributes',
    title: 'VPC DNS support and hostnames',
    description:
      'Private DNS names of interface endpoints only resolve in a VPC with both enableDnsSupport and enableDnsHostnames. On aws_vpc, enable_dns_hostnames defaults to false (the terraform-aws-modules vpc module defaults both to true).',
    defaultSeverity: 'error',
    fixable: true,
    messages: {
      off:
        '{{attribute}} is not on for {{address}}. ' +
        '{{address}} has {{attribute}} {{how}}, but {{why}}: endpoint private DNS names will not resolve, so tasks reach for public addresses and time out ("dial tcp <public ip>:443: i/o timeout"). Set {{attribute}} = true.',
      undecided:
        '{{attribute}} of {{address}} not decided. ' +
        'Whether {{address}} has {{attribute}} on is not known here: {{reason}}. It must be on because {{why}}: without it, endpoint private DNS names do not resolve and tasks time out ("dial tcp <public ip>:443: i/o timeout"); run "Private ECR: Verify Private ECR Access" against the live VPC.',
    },
  },
  check(context) {
    for (const [vpc, why] of vpcsNeedingDns(context)) {
      for (const [attribute, fallback] of [
        ['enable_dns_support', true],
        ['enable_dns_hostnames', false],
      ] as const) {
        const value = vpc.attr(attribute);
        const enabled = value.kind === 'null' ? fallback : asBool(value);
        if (enabled === undefined) {
          context.report({
            messageId: 'undecided',
            severity: 'info',
            data: { address: vpc.fullAddress, attribute, why, reason: `${attribute} is ${nameValue(context, vpc, attribute)}` },
            location: vpc.valueLocation(attribute),
            resource: vpc,
          });
          continue;
        }
        if (enabled !== false) continue;
        const explicit = value.kind !== 'null';
        const fixes: Fix[] = [];
        const decl = declaration(vpc);
        if (decl) {
          const written = vpc.attribute(attribute);
          const edit = written
            ? replaceRange(decl.file.path, written.expr.range, 'true')
            : insertAttribute(decl.file, decl.block, `${attribute} = true`);
          fixes.push({ title: `Set ${attribute} = true`, edits: [edit], isPreferred: true });
        } else if (vpc.synthesized && explicit) {
          // The terraform-aws-modules vpc module: the value is the call's argument of the same name.
          const argument = vpc.module.argument(attribute);
          const call = vpc.module.call;
          if (argument && call)
            fixes.push({
              title: `Set ${attribute} = true`,
              edits: [replaceRange(call.file, argument.expr.range, 'true')],
              isPreferred: true,
            });
        }
        context.report({
          messageId: 'off',
          data: { address: vpc.fullAddress, attribute, how: explicit ? 'set to false' : 'unset (Terraform\u2019s default is false)', why },
          location: explicit ? vpc.valueLocation(attribute) : vpc.location,
          resource: vpc,
          fixes: fixes.length > 0 ? fixes : undefined,
        });
      }
    }
  },
});
