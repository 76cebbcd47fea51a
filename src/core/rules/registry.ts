/**
 * Every rule, in catalog order. A rule is added here and nowhere else; the CLI, the editor, the
 * docs table and the parity test all read this list.
 */
import { CHECKER_MESSAGES } from './checker-messages';
import { ecrApiEndpoint } from './ecr-api-endpoint';
import { ecrAuthSourceVpcCondition } from './ecr-auth-source-vpc-condition';
import { endpointPolicy } from './endpoint-policy';
import { executionRole } from './execution-role';
import { imageRegistry } from './image-registry';
import { vpcDhcpDns } from './vpc-dhcp-dns';
import { ecrDkrEndpoint } from './ecr-dkr-endpoint';
import { ecsAgentEndpoints } from './ecs-agent-endpoints';
import { endpointSgIngress } from './endpoint-sg-ingress';
import { endpointSubnets } from './endpoint-subnets';
import { naclHttps } from './nacl-https';
import { sgMixedRuleStyles } from './sg-mixed-rule-styles';
import { taskSgEgress } from './task-sg-egress';
import { endpointPrivateDns } from './endpoint-private-dns';
import { execSsmmessagesEndpoint } from './exec-ssmmessages-endpoint';
import { logsEndpoint } from './logs-endpoint';
import { networkUnmanaged } from './network-unmanaged';
import { s3GatewayEndpoint } from './s3-gateway-endpoint';
import { secretsEndpoints } from './secrets-endpoints';
import { taskDefinitionUnknown } from './task-definition-unknown';
import { vpcDnsAttributes } from './vpc-dns-attributes';
import type { Rule, RuleMeta } from './types';

/** The rules of the catalog that can be seen in Terraform. */
export const RULES: Rule[] = [
  ecrDkrEndpoint,
  ecrApiEndpoint,
  endpointPrivateDns,
  vpcDnsAttributes,
  vpcDhcpDns,
  s3GatewayEndpoint,
  endpointSgIngress,
  taskSgEgress,
  sgMixedRuleStyles,
  endpointSubnets,
  naclHttps,
  logsEndpoint,
  secretsEndpoints,
  ecsAgentEndpoints,
  execSsmmessagesEndpoint,
  executionRole,
  ecrAuthSourceVpcCondition,
  endpointPolicy,
  imageRegistry,
  networkUnmanaged,
  taskDefinitionUnknown,
];

/** Rule ids of the catalog that only the live check can decide. */
export const LIVE_ONLY_RULE_IDS = ['endpoint-state'];

/** Metadata of everything that can appear as a finding's rule id: the rules plus the checker's own messages. */
export function allRuleMetas(): RuleMeta[] {
  const seen = new Set<string>();
  const out: RuleMeta[] = [];
  for (const meta of [...RULES.map((r) => r.meta), ...CHECKER_MESSAGES]) {
    if (seen.has(meta.id)) continue;
    seen.add(meta.id);
    out.push(meta);
  }
  return out;
}

/** Looks a rule's metadata up by id. */
export function ruleMeta(id: string): RuleMeta | undefined {
  return allRuleMetas().find((m) => m.id === id);
}
