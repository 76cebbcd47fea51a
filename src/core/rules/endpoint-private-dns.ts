/**
 * endpoint-private-dns: interface endpoints the tasks use must have private DNS on, or the
 * service's public name resolves to public IPs the tasks cannot reach (`dial tcp ...:443: i/o timeout`).
 */
import type { Fix } from '../findings';
import { declaration, insertAttribute, replaceRange } from '../fixes/edits';
import { noPrivateWorkloadButSomeOther } from './helpers';
import type { Rule } from './types';

/** Services whose interface endpoints ECS tasks and agents resolve by their public names. */
export const TASK_ENDPOINT_SERVICES = ['ecr.dkr', 'ecr.api', 'logs', 'secretsmanager', 'ssm', 'ssmmessages', 'ec2messages', 'ecs', 'ecs-agent', 'ecs-telemetry', 'kms', 'sts'];

/** The rule. */
export const endpointPrivateDns: Rule = {
  meta: {
    id: 'endpoint-private-dns',
    title: 'Private DNS on interface endpoints',
    description:
      'Tasks call ECR, CloudWatch Logs and the other services by their public names. Only with private DNS on does that name resolve to the endpoint in the VPC. Terraform\u2019s default for private_dns_enabled is false.',
    defaultSeverity: 'error',
    fixable: true,
    messages: {
      off: '{{address}} ({{service}}) has private DNS {{how}}: tasks resolve {{host}} to public addresses and time out without NAT. Set private_dns_enabled = true.',
    },
  },
  check(context) {
    if (noPrivateWorkloadButSomeOther(context)) return;
    for (const endpoint of context.network.endpoints) {
      if (endpoint.type !== 'Interface') continue;
      const service = TASK_ENDPOINT_SERVICES.find((s) => endpoint.serves(s) === 'yes');
      if (!service || endpoint.privateDns !== false) continue;
      const explicit = endpoint.resource.has('private_dns_enabled') && endpoint.resource.attr('private_dns_enabled').kind !== 'null';
      const fixes: Fix[] = [];
      const decl = declaration(endpoint.resource);
      if (decl) {
        const attribute = endpoint.resource.attribute('private_dns_enabled');
        const edit = attribute ? replaceRange(decl.file.path, attribute.expr.range, 'true') : insertAttribute(decl.file, decl.block, 'private_dns_enabled = true');
        fixes.push({ title: 'Enable private DNS', edits: [edit], isPreferred: true });
      }
      context.report({
        messageId: 'off',
        data: {
          address: endpoint.resource.fullAddress,
          service,
          how: explicit ? 'turned off' : 'off (private_dns_enabled is not set, and Terraform\u2019s default is false)',
          host: service.startsWith('ecr.') ? `${service === 'ecr.dkr' ? '<account>.dkr.ecr' : 'api.ecr'}.<region>.amazonaws.com` : `${service}.<region>.amazonaws.com`,
        },
        location: explicit ? endpoint.location('private_dns_enabled') : endpoint.location(),
        resource: endpoint.resource,
        fixes,
      });
    }
  },
};
