/**
 * ecr-auth-source-vpc-condition: `ecr:GetAuthorizationToken` must not depend on aws:SourceVpc or
 * aws:SourceVpce. The token is fetched by the ECS/Fargate agent, not through the tasks' VPC endpoint,
 * so such a condition never holds: an Allow tied to it never applies, a Deny "unless it holds" always does.
 */
import { evaluatePolicies, statementsConditionedOn, type PolicyRequest } from '../aws-semantics/policy';
import type { SourceLocation } from '../model/body';
import type { ResourceInstance } from '../model/config';
import { ECR_TOKEN_ACTION, labelled, rolePolicies, statementsOf, type PolicySource } from '../model/iam';
import { ecrTaskDefinitions } from './execution-role';
import { defineRule } from './types';

/** The condition keys that describe the network path of a request. */
const SOURCE_VPC_KEYS = ['aws:SourceVpc', 'aws:SourceVpce'];

/** The token request as AWS sees it: neither key is present. */
const TOKEN_REQUEST: PolicyRequest = {
  action: ECR_TOKEN_ACTION,
  resource: '*',
  context: { 'aws:sourcevpc': null, 'aws:sourcevpce': null },
};

function locationOf(source: PolicySource, statement: number, keys: string[]): { location: SourceLocation; resource: ResourceInstance } {
  const site = source.statementSites[statement];
  if (!site) return source.documentSite ?? { location: source.location, resource: source.attachedBy };
  for (const key of keys) {
    const at = site.conditionKeys.get(key.toLowerCase());
    if (at) return { location: at, resource: site.resource };
  }
  return { location: site.location, resource: site.resource };
}

/** The rule. */
export const ecrAuthSourceVpcCondition = defineRule({
  meta: {
    id: 'ecr-auth-source-vpc-condition',
    title: 'GetAuthorizationToken not tied to the source VPC',
    description:
      'ecr:GetAuthorizationToken is called by the ECS agent outside the tasks\u2019 VPC endpoint, so a condition on aws:SourceVpc or aws:SourceVpce never holds for it. Keep such conditions on the pull actions only, and grant the token on "*" without them.',
    defaultSeverity: 'error',
    fixable: false,
    messages: {
      allowConditioned:
        '{{role}} never gets an ECR auth token. ' +
        'Statement {{statement}} of {{policy}} allows ecr:GetAuthorizationToken only when {{keys}} matches, but the token request does not come through the VPC endpoint, so {{role}} (execution role of {{taskDefinition}}) never gets it: "ResourceInitializationError: unable to pull secrets or registry auth". Grant ecr:GetAuthorizationToken on "*" in a statement without this condition.',
      denyConditioned:
        '{{role}} is always refused the ECR auth token. ' +
        'Statement {{statement}} of {{policy}} denies ecr:GetAuthorizationToken unless {{keys}} matches; the token request never carries it, so {{role}} (execution role of {{taskDefinition}}) is always refused the token. Exclude ecr:GetAuthorizationToken from this Deny.',
    },
  },
  check(context) {
    const byRole = new Map<ResourceInstance, string[]>();
    for (const use of ecrTaskDefinitions(context)) {
      if (use.role.kind !== 'role') continue;
      byRole.set(use.role.role, [...(byRole.get(use.role.role) ?? []), use.resource.fullAddress]);
    }
    const reported = new Set<string>();
    for (const [role, taskDefinitions] of byRole) {
      const policies = rolePolicies(context.configuration, role);
      const documents = labelled(policies.sources.map((s) => s.document));
      const overall = evaluatePolicies(documents, TOKEN_REQUEST).decision;
      policies.sources.forEach((source, sourceIndex) => {
        if (!source.document) return;
        statementsOf(source.document).forEach((statement, statementIndex) => {
          const single = [{ label: `#${sourceIndex}`, document: { Statement: [statement] } }];
          const conditioned = statementsConditionedOn(single, ECR_TOKEN_ACTION, '*', SOURCE_VPC_KEYS);
          if (conditioned.length === 0) return;
          const { effect, keys } = conditioned[0];
          let messageId: 'denyConditioned' | 'allowConditioned' | undefined;
          if (effect === 'Deny' && evaluatePolicies(single, TOKEN_REQUEST).decision === 'explicit-deny') messageId = 'denyConditioned';
          // An Allow tied to the VPC matters only when nothing else grants the token.
          if (effect === 'Allow' && overall === 'implicit-deny' && policies.complete) messageId = 'allowConditioned';
          if (!messageId) return;
          const { location, resource } = locationOf(source, statementIndex, keys);
          const key = `${location.file}|${location.range.start.offset}|${messageId}`;
          if (reported.has(key)) return;
          reported.add(key);
          context.report({
            messageId,
            data: {
              statement: String(statementIndex + 1),
              policy: source.label,
              keys: keys.join('/'),
              role: role.fullAddress,
              taskDefinition: taskDefinitions.join(', '),
            },
            location,
            resource,
            related: [{ location: role.location, message: `execution role ${role.fullAddress}` }],
          });
        });
      });
    }
  },
});
