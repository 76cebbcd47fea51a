/**
 * endpoint-private-dns: interface endpoints the tasks use must have private DNS on, or the
 * service's public name resolves to public IPs the tasks cannot reach (`dial tcp ...:443: i/o timeout`).
 */
import type { Fix } from '../findings';
import { declaration, insertAttribute, replaceRange } from '../fixes/edits';
import type { SourceLocation } from '../model/body';
import type { ResourceInstance } from '../model/config';
import type { Endpoint } from '../model/network';
import { asBool, getEntry } from '../model/values';
import { noPrivateWorkloadButSomeOther } from './helpers';
import { blockEditIsSafe } from './interface-endpoint';
import { nameValue } from './undecided';
import { defineRule, type RuleContext } from './types';

/** Services whose interface endpoints ECS tasks and agents resolve by their public names. */
export const TASK_ENDPOINT_SERVICES = [
  'ecr.dkr',
  'ecr.api',
  'logs',
  'secretsmanager',
  'ssm',
  'ssmmessages',
  'ec2messages',
  'ecs',
  'ecs-agent',
  'ecs-telemetry',
  'kms',
  'sts',
];

/** The rule. */
export const endpointPrivateDns = defineRule({
  meta: {
    id: 'endpoint-private-dns',
    title: 'Private DNS on interface endpoints',
    description:
      'Tasks call ECR, CloudWatch Logs and the other services by their public names. Only with private DNS on does that name resolve to the endpoint in the VPC. Terraform\u2019s default for private_dns_enabled is false.',
    defaultSeverity: 'error',
    fixable: true,
    messages: {
      off:
        'Private DNS is off on {{address}}. ' +
        '{{address}} ({{service}}) has private DNS {{how}}: tasks resolve {{host}} to public addresses and time out without NAT ("dial tcp <public ip>:443: i/o timeout"). Set private_dns_enabled = true.',
      undecided:
        'Private DNS of {{address}} not decided. ' +
        'Whether {{address}} ({{service}}) has private DNS on is not known here: {{reason}}. With it off, tasks resolve {{host}} to public addresses and time out without NAT ("dial tcp <public ip>:443: i/o timeout"); run "Private ECR: Verify Private ECR Access" against the live VPC.',
    },
  },
  check(context) {
    if (noPrivateWorkloadButSomeOther(context)) return;
    for (const endpoint of context.network.endpoints) {
      if (endpoint.type !== 'Interface') continue;
      const service = TASK_ENDPOINT_SERVICES.find((s) => endpoint.serves(s) === 'yes');
      if (!service) continue;
      const host = service.startsWith('ecr.')
        ? `${service === 'ecr.dkr' ? '<account>.dkr.ecr' : 'api.ecr'}.<region>.amazonaws.com`
        : `${service}.<region>.amazonaws.com`;
      const privateDns = endpoint.privateDns;
      if (privateDns === undefined) {
        // One info at the value that is not known: a separate aws_vpc_endpoint_private_dns wins over the attribute.
        const separate = context.network
          .associationsFor('aws_vpc_endpoint_private_dns', 'vpc_endpoint_id', endpoint.resource)
          .find((r) => asBool(r.attr('private_dns_enabled')) === undefined);
        const view = separate ?? endpoint.resource;
        context.report({
          messageId: 'undecided',
          severity: 'info',
          data: {
            address: endpoint.resource.fullAddress,
            service,
            host,
            reason: `private_dns_enabled of ${view.fullAddress} is ${nameValue(context, view, 'private_dns_enabled')}`,
          },
          location: view.valueLocation('private_dns_enabled'),
          resource: endpoint.resource,
        });
        continue;
      }
      if (privateDns !== false) continue;
      const setting = privateDnsSetting(context, endpoint);
      context.report({
        messageId: 'off',
        data: {
          address: endpoint.resource.fullAddress,
          service,
          how: setting.how,
          host,
        },
        location: setting.location,
        resource: endpoint.resource,
        fixes: setting.fix ? [setting.fix] : undefined,
      });
    }
  },
});

/**
 * Where private DNS was turned off (or left unset) for an endpoint, how to say it, and the edit
 * that turns it on in that same place: a separate `aws_vpc_endpoint_private_dns` that says false
 * wins over the endpoint's own attribute, so that is the value to change.
 */
function privateDnsSetting(context: RuleContext, endpoint: Endpoint): { how: string; location: SourceLocation; fix?: Fix } {
  const title = 'Enable private DNS';
  const separate = context.network
    .associationsFor('aws_vpc_endpoint_private_dns', 'vpc_endpoint_id', endpoint.resource)
    .find((r) => asBool(r.attr('private_dns_enabled')) === false);
  if (separate) {
    const decl = declaration(separate);
    const attribute = separate.attribute('private_dns_enabled');
    return {
      how: `turned off by ${separate.fullAddress}`,
      location: separate.valueLocation('private_dns_enabled'),
      fix:
        decl && attribute ? { title, edits: [replaceRange(decl.file.path, attribute.expr.range, 'true')], isPreferred: true } : undefined,
    };
  }
  const resource = endpoint.resource;
  if (resource.synthesized) {
    // The vpc-endpoints module passes an entry's private_dns_enabled through, null (= false) when the entry leaves it out.
    const written = writtenInModuleEntry(resource);
    return {
      how: written
        ? 'turned off'
        : 'off (the endpoints entry does not set private_dns_enabled, and the vpc-endpoints module then leaves it false)',
      location: written ? resource.valueLocation('private_dns_enabled') : resource.location,
    };
  }
  const attribute = resource.attribute('private_dns_enabled');
  const explicit = attribute !== undefined && resource.attr('private_dns_enabled').kind !== 'null';
  const decl = declaration(resource);
  let fix: Fix | undefined;
  if (decl && blockEditIsSafe(context, endpoint)) {
    const edit = attribute
      ? replaceRange(decl.file.path, attribute.expr.range, 'true')
      : insertAttribute(decl.file, decl.block, 'private_dns_enabled = true');
    fix = { title, edits: [edit], isPreferred: true };
  }
  return {
    how: explicit ? 'turned off' : 'off (private_dns_enabled is not set, and Terraform\u2019s default is false)',
    location: explicit ? endpoint.location('private_dns_enabled') : endpoint.location(),
    fix,
  };
}

/** True when the vpc-endpoints module call writes `private_dns_enabled` in this endpoint's entry. */
function writtenInModuleEntry(resource: ResourceInstance): boolean {
  if (resource.module.kind !== 'registry-vpc-endpoints' || typeof resource.key !== 'string') return false;
  const entry = getEntry(resource.module.variableValue('endpoints'), resource.key);
  const value = getEntry(entry, 'private_dns_enabled');
  return value !== undefined && value.kind !== 'null';
}
