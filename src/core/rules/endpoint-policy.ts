/**
 * endpoint-policy: a custom policy on a VPC endpoint replaces the default full access. On the S3
 * gateway endpoint it must let anyone read the ECR layer bucket (prod-<region>-starport-layer-bucket);
 * on the ecr.api/ecr.dkr endpoints it must allow the token and pull actions on the repositories used.
 */
import { isFullAccessPolicy } from '../aws-semantics/policy';
import type { SourceLocation } from '../model/body';
import type { ResourceInstance } from '../model/config';
import {
  ECR_PULL_ACTIONS,
  ECR_TOKEN_ACTION,
  judgePermission,
  NOT_KNOWN_CONDITION_KEY,
  policyDocumentOf,
  resolveRoleArn,
  statementsOf,
  type PolicyDocument,
} from '../model/iam';
import type { Endpoint } from '../model/network';
import { classifyImageValue, configurationRegion, regionOfServiceName } from './image-registry';
import { endpointInVpc, noPrivateWorkloadButSomeOther, privateWorkloads, workloadVpc } from './helpers';
import { defineRule, type RuleContext } from './types';
import { nameValue } from './undecided';

/** Where the endpoint's policy is written: an `aws_vpc_endpoint_policy`, else the endpoint's own attribute (or module entry). */
function policySite(context: RuleContext, endpoint: Endpoint): { location: SourceLocation; resource: ResourceInstance } {
  const separate = context.network.associationsFor('aws_vpc_endpoint_policy', 'vpc_endpoint_id', endpoint.resource)[0];
  if (separate) return { location: separate.valueLocation('policy'), resource: separate };
  return { location: endpoint.resource.valueLocation('policy'), resource: endpoint.resource };
}

/** True when every AWS principal the document names is "*" or a reference: only then can a reference to the role be compared. */
function principalsAreReferences(document: PolicyDocument): boolean {
  for (const statement of statementsOf(document)) {
    const principal = statement.Principal;
    if (principal === undefined || principal === '*') continue;
    if (typeof principal !== 'object' || principal === null) return false;
    for (const [type, value] of Object.entries(principal as Record<string, unknown>)) {
      if (type !== 'AWS') return false;
      const entries = Array.isArray(value) ? value : [value];
      if (!entries.every((e) => typeof e === 'string' && (e === '*' || /^\$\{[^}]+\}$/.test(e)))) return false;
    }
  }
  return true;
}

/** The repositories and execution roles of the private workloads whose VPC the endpoint may be in. */
function pullsThrough(
  context: RuleContext,
  endpoint: Endpoint,
  region: string | undefined,
): { repositories: Set<string>; roleArns: Set<string> } {
  const repositories = new Set<string>();
  const roleArns = new Set<string>();
  for (const workload of privateWorkloads(context)) {
    if (endpointInVpc(context, endpoint, workloadVpc(context, workload)) === 'no') continue;
    const taskDefinition = workload.taskDefinition;
    for (const container of taskDefinition?.containers ?? []) {
      const facts = classifyImageValue(container.image);
      if (facts?.repositoryArn && (!region || facts.region === region)) repositories.add(facts.repositoryArn);
    }
    if (taskDefinition) {
      const role = resolveRoleArn(context.configuration, taskDefinition.resource.attr('execution_role_arn'));
      // The policy document renders a reference to the role's ARN as this text (see toPlain).
      if (role.kind === 'role') roleArns.add('${' + role.role.address + '.arn}');
    }
  }
  return { repositories, roleArns };
}

/** The rule. */
export const endpointPolicy = defineRule({
  meta: {
    id: 'endpoint-policy',
    title: 'Endpoint policies allow the image pull',
    description:
      'A custom VPC endpoint policy replaces the default full access. The S3 gateway endpoint\u2019s policy must allow s3:GetObject on arn:aws:s3:::prod-<region>-starport-layer-bucket/*, where ECR keeps image layers; ecr.api/ecr.dkr endpoint policies must allow ecr:GetAuthorizationToken and the pull actions on the repositories the tasks use.',
    defaultSeverity: 'error',
    fixable: false,
    messages: {
      s3LayerBucket:
        '{{endpoint}} blocks the ECR layer bucket. ' +
        'The custom policy of {{endpoint}} does not allow s3:GetObject on arn:aws:s3:::prod-{{region}}-starport-layer-bucket/*{{denied}}: ECR serves image layers from that bucket, so pulls fail with "CannotPullContainerError ... failed to copy: httpReaderSeeker: failed open". Add a statement allowing s3:GetObject on it for Principal "*", or remove the custom policy.',
      undecided:
        '{{endpoint}} policy not decided. ' +
        'Whether the custom policy of {{endpoint}} allows {{actions}} is not known here: {{reason}}. A policy that does not fails the pull with "CannotPullContainerError"; run "Private ECR: Verify Private ECR Access" against the live VPC.',
      ecrActions:
        '{{endpoint}} blocks the image pull. ' +
        'The custom policy of {{endpoint}} ({{service}}) does not allow {{actions}}{{denied}}: the ECS agent cannot log in to ECR or pull through this endpoint ("CannotPullContainerError"). Allow these actions for the task execution role, or remove the custom policy.',
    },
  },
  check(context) {
    if (noPrivateWorkloadButSomeOther(context)) return;
    const configured = configurationRegion(context.configuration);
    for (const endpoint of context.network.endpoints) {
      if (!endpoint.resource.certain) continue;
      const isS3Gateway = endpoint.serves('s3') === 'yes' && endpoint.type === 'Gateway';
      const ecrService = ['ecr.api', 'ecr.dkr'].find((s) => endpoint.serves(s) === 'yes');
      if (!isS3Gateway && !ecrService) continue;
      const policy = endpoint.policy;
      if (policy === null) continue;
      const document = policyDocumentOf(policy);
      const site = policySite(context, endpoint);
      const related = [{ location: endpoint.location(), message: `the endpoint ${endpoint.resource.fullAddress}` }];
      const undecided = (actions: string, reason: string) =>
        context.report({
          messageId: 'undecided',
          data: { endpoint: endpoint.resource.fullAddress, actions, reason },
          location: site.location,
          resource: site.resource,
          related,
          severity: 'info',
        });
      const needed = isS3Gateway ? 's3:GetObject on the ECR layer bucket' : 'the ECR token and pull actions';
      if (!document) {
        undecided(needed, `the policy is ${site.resource.has('policy') ? nameValue(context, site.resource, 'policy') : 'not known here'}`);
        continue;
      }
      if (isFullAccessPolicy(document)) continue;
      const region = regionOfServiceName(endpoint.serviceName) ?? configured;
      const documents = [{ label: '#0', document }];
      const why = JSON.stringify(document).includes(NOT_KNOWN_CONDITION_KEY)
        ? 'a statement of the policy has a part not known here (its Effect, Action, Principal or a Condition value)'
        : 'the policy has a condition the checker cannot evaluate for these tasks';
      if (isS3Gateway) {
        // Layers are fetched with URLs ECR presigns: the caller is not the task's role, so only "*" principals count.
        const judgement = judgePermission(
          documents,
          {
            action: 's3:GetObject',
            resource: region ? `arn:aws:s3:::prod-${region}-starport-layer-bucket/layer` : undefined,
            principalArn: null,
            principalAccount: null,
          },
          { complete: true, resourcePolicy: true },
        );
        if (judgement.verdict === 'unknown' && !judgement.grantedOnSomeResource) {
          undecided(needed, why);
          continue;
        }
        if (judgement.verdict !== 'missing' && judgement.verdict !== 'denied') continue;
        context.report({
          messageId: 's3LayerBucket',
          data: {
            endpoint: endpoint.resource.fullAddress,
            region: region ?? '<region>',
            denied: judgement.verdict === 'denied' ? ' (a Deny statement refuses it)' : '',
          },
          location: site.location,
          resource: site.resource,
          related,
        });
        continue;
      }
      const { repositories, roleArns } = pullsThrough(context, endpoint, region);
      const principalArn = roleArns.size === 1 && principalsAreReferences(document) ? [...roleArns][0] : null;
      const requests = [
        { action: ECR_TOKEN_ACTION, resource: '*' },
        ...[...repositories].flatMap((repository) => ECR_PULL_ACTIONS.map((action) => ({ action, resource: repository }))),
      ];
      const refused: string[] = [];
      const open: string[] = [];
      let denied = false;
      for (const request of requests) {
        const judgement = judgePermission(
          documents,
          { ...request, principalArn, principalAccount: null },
          { complete: true, resourcePolicy: true },
        );
        if (judgement.verdict === 'unknown' && !judgement.grantedOnSomeResource) open.push(request.action);
        if (judgement.verdict !== 'missing' && judgement.verdict !== 'denied') continue;
        if (judgement.verdict === 'denied') denied = true;
        refused.push(request.resource === '*' ? request.action : `${request.action} on ${request.resource}`);
      }
      if (refused.length === 0) {
        if (open.length > 0) undecided([...new Set(open)].join(', '), why);
        continue;
      }
      context.report({
        messageId: 'ecrActions',
        data: {
          endpoint: endpoint.resource.fullAddress,
          service: ecrService!,
          actions: refused.join(', '),
          denied: denied ? ' (a Deny statement refuses some)' : '',
        },
        location: site.location,
        resource: site.resource,
        related,
      });
    }
  },
});
