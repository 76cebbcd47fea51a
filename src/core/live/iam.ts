/** The execution role: trust, ECR pull, logs and secrets permissions, and the GetAuthorizationToken condition trap. */
import { AWS_MANAGED_POLICY_DOCUMENTS } from '../model/iam';
import { CheckContext, ecrPullActions, ecsTasksPrincipal, unknownStep } from './context';
import { ecrRepositoryArn } from '../aws-semantics/images';
import {
  evaluatePolicies,
  LabelledPolicy,
  PolicyEvaluation,
  PolicyRequest,
  statementsConditionedOn,
  trustsServicePrincipal,
} from '../aws-semantics/policy';
import type { CheckStep, ScopeResult } from './result';
import { settle, Settled } from './settled';
import type { AwsNetworkReader } from './types';

/** What was read about the execution role. */
export interface RoleData {
  role: Settled<{ roleName: string; arn: string; trustPolicy: unknown; permissionsBoundaryArn: string | null }>;
  policies: Settled<LabelledPolicy[]>;
  boundary: Settled<LabelledPolicy | null>;
}

/**
 * An AWS managed policy is the same in every account: the ones whose documented content the checker knows (the
 * same table the static rules use) are taken from it, not read (GetPolicy + GetPolicyVersion would repeat it).
 */
function documentedAwsManagedPolicy(policyArn: string): Record<string, unknown> | null {
  const name = /^arn:[^:]+:iam::aws:policy\/(?:[^*]*\/)?([^/*]+)$/.exec(policyArn)?.[1];
  return name !== undefined && Object.prototype.hasOwnProperty.call(AWS_MANAGED_POLICY_DOCUMENTS, name)
    ? AWS_MANAGED_POLICY_DOCUMENTS[name]
    : null;
}

/** A managed policy's document: the documented one of a known AWS managed policy, else its default version, read. */
async function managedPolicyDocument(reader: AwsNetworkReader, policyArn: string): Promise<Settled<unknown>> {
  const documented = documentedAwsManagedPolicy(policyArn);
  if (documented) return { ok: true, value: documented };
  const read = await settle(reader.getManagedPolicyDocument(policyArn), 'GetPolicyVersion');
  return read.ok ? { ok: true, value: read.value.document } : read;
}

async function readRolePolicies(
  reader: AwsNetworkReader,
  roleName: string,
  attached: Settled<Array<{ policyArn: string; policyName: string }>>,
  inlineNames: Settled<string[]>,
): Promise<Settled<LabelledPolicy[]>> {
  if (!attached.ok) return attached;
  if (!inlineNames.ok) return inlineNames;
  const [managed, inline] = await Promise.all([
    Promise.all(attached.value.map((policy) => managedPolicyDocument(reader, policy.policyArn))),
    Promise.all(inlineNames.value.map((name) => settle(reader.getRolePolicyDocument(roleName, name), 'GetRolePolicy'))),
  ]);
  const policies: LabelledPolicy[] = [];
  for (const [index, document] of managed.entries()) {
    if (!document.ok) return document;
    policies.push({ label: `managed policy ${attached.value[index].policyName}`, document: document.value });
  }
  for (const [index, document] of inline.entries()) {
    if (!document.ok) return document;
    policies.push({ label: `inline policy ${inlineNames.value[index]}`, document: document.value });
  }
  return { ok: true, value: policies };
}

/**
 * Reads the role, its managed and inline policy documents and its permissions boundary, as far as each read
 * succeeds (the first failed document makes the policy set unknown).
 */
export async function readRoleData(reader: AwsNetworkReader, roleName: string): Promise<RoleData> {
  const [role, attached, inlineNames] = await Promise.all([
    settle(reader.getRole(roleName), 'GetRole'),
    settle(reader.listAttachedRolePolicies(roleName), 'ListAttachedRolePolicies'),
    settle(reader.listRolePolicyNames(roleName), 'ListRolePolicies'),
  ]);
  const boundaryArn = role.ok ? role.value.permissionsBoundaryArn : null;
  const [policies, boundary] = await Promise.all([
    readRolePolicies(reader, roleName, attached, inlineNames),
    boundaryArn
      ? managedPolicyDocument(reader, boundaryArn).then(
          (document): Settled<LabelledPolicy | null> =>
            document.ok ? { ok: true, value: { label: `permissions boundary ${boundaryArn}`, document: document.value } } : document,
        )
      : Promise.resolve<Settled<LabelledPolicy | null>>({ ok: true, value: null }),
  ]);
  return { role, policies, boundary };
}

/** An identity-policy decision for the execution role; `boundary` names the permissions boundary when it is what refused. */
export type RoleDecision = PolicyEvaluation & { boundary: string | null };

/** Judges one request against the role's policies and its permissions boundary (both must allow). */
export function judgeRole(policies: LabelledPolicy[], boundary: LabelledPolicy | null, request: PolicyRequest): RoleDecision {
  const identity = evaluatePolicies(policies, request);
  if (!boundary || identity.decision !== 'allow') return { ...identity, boundary: null };
  const bounded = evaluatePolicies([boundary], request);
  if (bounded.decision === 'allow') return { ...identity, boundary: null };
  return {
    ...bounded,
    statements: bounded.statements.length ? bounded.statements : [boundary.label],
    boundary: boundary.label.replace(/^permissions boundary /, ''),
  };
}

/** execution-role and ecr-auth-source-vpc-condition: trust, then the permissions the task definition needs. */
export function executionRoleSteps(
  context: CheckContext,
  roleName: string | null,
  data: RoleData | null,
  endpointIds: Map<string, string>,
  scope: ScopeResult,
): CheckStep[] {
  const { requirements, taskDefinition, target } = context;
  const ecrImages = requirements.images.filter((image) => image.reference.kind === 'ecr-private');
  const needsRole = ecrImages.length > 0 || requirements.logGroups.length > 0 || requirements.secrets.length > 0;
  const taskDefinitionName = taskDefinition ? `${taskDefinition.family}:${taskDefinition.revision}` : null;
  if (!taskDefinition) return [];
  const isEc2 = target.launchType === 'EC2' || target.launchType === 'EXTERNAL';
  if (!roleName) {
    if (!needsRole) return [];
    return [
      {
        ruleId: 'execution-role',
        status: 'failed',
        severity: isEc2 ? 'warning' : 'error',
        title: 'Execution role',
        resource: taskDefinitionName,
        reason: `Task definition ${taskDefinitionName} has no executionRoleArn, but ${ecrImages.length > 0 ? 'pulls from ECR' : requirements.logGroups.length > 0 ? 'logs with awslogs' : 'reads secrets'}${isEc2 ? ' (on EC2 the container instance role is used instead; it is not checked here)' : ''}.`,
        fix: 'Set execution_role_arn to a role that trusts ecs-tasks.amazonaws.com and has AmazonECSTaskExecutionRolePolicy attached.',
      },
    ];
  }
  if (!data) return [];
  const steps: CheckStep[] = [];
  const title = 'Execution role';
  if (!data.role.ok) {
    if (data.role.failure.kind === 'not-found') {
      return [
        {
          ruleId: 'execution-role',
          status: 'failed',
          severity: 'error',
          title,
          resource: roleName,
          reason: `Execution role ${roleName} of ${taskDefinitionName} does not exist.`,
          fix: `Create role ${roleName} or point execution_role_arn at an existing role.`,
        },
      ];
    }
    return [unknownStep('execution-role', title, roleName, data.role.failure)];
  }
  const trusted = trustsServicePrincipal(data.role.value.trustPolicy, ecsTasksPrincipal);
  steps.push(
    trusted
      ? {
          ruleId: 'execution-role',
          status: 'passed',
          severity: 'error',
          title: 'Execution role trust',
          resource: roleName,
          reason: `${roleName} trusts ${ecsTasksPrincipal}.`,
          fix: null,
        }
      : {
          ruleId: 'execution-role',
          status: 'failed',
          severity: 'error',
          title: 'Execution role trust',
          resource: roleName,
          reason: `The trust policy of ${roleName} does not let ${ecsTasksPrincipal} assume it.`,
          fix: `Add a statement allowing sts:AssumeRole to the service principal ${ecsTasksPrincipal} in the trust policy of ${roleName}.`,
        },
  );
  if (!needsRole) return steps;
  if (!data.policies.ok) {
    steps.push(unknownStep('execution-role', 'Execution role permissions', roleName, data.policies.failure));
    return steps;
  }
  if (!data.boundary.ok) {
    steps.push(unknownStep('execution-role', 'Execution role permissions', roleName, data.boundary.failure));
    return steps;
  }
  const policies = data.policies.value;
  const boundary = data.boundary.value;
  const principal = { principalArn: data.role.value.arn, principalAccount: target.accountId };
  const viaEndpoint = (service: string) =>
    scope.inScope && endpointIds.get(service)
      ? { 'aws:sourcevpc': target.vpcId, 'aws:sourcevpce': endpointIds.get(service) as string }
      : { 'aws:sourcevpc': null, 'aws:sourcevpce': null };
  const judge = (request: PolicyRequest) => judgeRole(policies, boundary, request);
  const permissionStep = (stepTitle: string, requests: PolicyRequest[], fix: string, skipActions: string[] = []): CheckStep => {
    const missing: string[] = [];
    const undecided: string[] = [];
    const missingActions = new Map<string, Set<string>>();
    const boundaryDenied = new Set<string>();
    const explicitlyDenied: string[] = [];
    for (const request of requests) {
      if (skipActions.includes(request.action)) continue;
      const evaluation = judge(request);
      const text = `${request.action} on ${request.resource}`;
      const note = () => missingActions.set(request.action, (missingActions.get(request.action) ?? new Set()).add(request.resource));
      if (evaluation.boundary && evaluation.decision !== 'indeterminate') {
        missing.push(`${text} (the permissions boundary ${evaluation.boundary} does not allow it)`);
        boundaryDenied.add(request.action);
        note();
      } else if (evaluation.decision === 'explicit-deny') {
        missing.push(`${text} (denied by ${evaluation.statements.join(', ')})`);
        explicitlyDenied.push(...evaluation.statements);
        note();
      } else if (evaluation.decision === 'implicit-deny') {
        missing.push(text);
        note();
      } else if (evaluation.decision === 'indeterminate')
        undecided.push(`${text} (depends on ${evaluation.unknownConditionKeys.join(', ') || 'a condition'})`);
    }
    if (missing.length > 0) {
      // The fix names exactly what is missing, and where the refusal comes from.
      const parts: string[] = [];
      if (boundaryDenied.size > 0)
        parts.push(
          `Allow ${[...boundaryDenied].join(', ')} in the permissions boundary ${boundary?.label.replace(/^permissions boundary /, '')} of ${roleName} (or remove the boundary): the role's own policies already allow ${boundaryDenied.size === 1 ? 'it' : 'them'}.`,
        );
      if (explicitlyDenied.length > 0) parts.push(`Remove or narrow the Deny in ${[...new Set(explicitlyDenied)].join(', ')}.`);
      const plain = [...missingActions].filter(([action]) => !boundaryDenied.has(action));
      if (plain.length > 0 && explicitlyDenied.length === 0) {
        parts.push(
          `Allow ${plain.map(([action, resources]) => `${action} on ${[...resources].join(', ')}`).join('; ')} in a policy of ${roleName}.`,
        );
        if (plain.every(([action]) => action !== 'logs:CreateLogGroup') && fix) parts.push(fix);
      } else if (plain.length > 0) parts.push(fix);
      const statement =
        plain.length > 0 && explicitlyDenied.length === 0 && boundaryDenied.size === 0
          ? JSON.stringify({
              Version: '2012-10-17',
              Statement: plain.map(([action, resources]) => ({
                Effect: 'Allow',
                Action: action,
                Resource: resources.size === 1 ? [...resources][0] : [...resources],
              })),
            })
          : null;
      const command = statement
        ? `aws iam put-role-policy --role-name ${roleName} --policy-name private-ecr-${stepTitle.split(' ')[2]?.toLowerCase() ?? 'pull'} --policy-document '${statement}'`
        : undefined;
      return {
        ruleId: 'execution-role',
        status: 'failed',
        severity: 'error',
        title: stepTitle,
        resource: roleName,
        reason: `Execution role ${roleName} is not allowed ${missing.join('; ')}.`,
        fix: parts.join(' '),
        ...(command ? { command } : {}),
      };
    }
    if (undecided.length > 0)
      return {
        ruleId: 'execution-role',
        status: 'unknown',
        severity: 'error',
        title: stepTitle,
        resource: roleName,
        reason: `Could not decide ${undecided.join('; ')}.`,
        fix: null,
      };
    return {
      ruleId: 'execution-role',
      status: 'passed',
      severity: 'error',
      title: stepTitle,
      resource: roleName,
      reason: `${roleName} is allowed ${[...new Set(requests.map((request) => request.action))].join(', ')}.`,
      fix: null,
    };
  };
  if (ecrImages.length > 0) {
    const authRequest: PolicyRequest = {
      action: 'ecr:GetAuthorizationToken',
      resource: '*',
      ...principal,
      context: { 'aws:sourcevpc': null, 'aws:sourcevpce': null },
    };
    const conditioned = statementsConditionedOn([...policies, ...(boundary ? [boundary] : [])], 'ecr:GetAuthorizationToken', '*', [
      'aws:SourceVpc',
      'aws:SourceVpce',
    ]);
    const authDecision = judge(authRequest);
    const conditionBlocks = conditioned.length > 0 && authDecision.decision !== 'allow';
    if (conditioned.length > 0) {
      steps.push(
        conditionBlocks
          ? {
              ruleId: 'ecr-auth-source-vpc-condition',
              status: 'failed',
              severity: 'error',
              title: 'GetAuthorizationToken condition',
              resource: roleName,
              reason: `${conditioned.map((item) => `${item.label} (${item.effect}) ties ecr:GetAuthorizationToken to ${item.keys.join('/')}`).join('; ')}; that call does not come through the VPC endpoint, so the condition never holds and the token is refused.`,
              fix: `Grant ecr:GetAuthorizationToken on "*" in a statement without aws:SourceVpc/aws:SourceVpce conditions (keep the conditions on the pull actions).`,
            }
          : {
              ruleId: 'ecr-auth-source-vpc-condition',
              status: 'passed',
              severity: 'error',
              title: 'GetAuthorizationToken condition',
              resource: roleName,
              reason: `A statement without a source-VPC condition allows ecr:GetAuthorizationToken.`,
              fix: null,
            },
      );
    }
    const repositories = [...new Set(ecrImages.map((image) => ecrRepositoryArn(image.reference)).filter((arn): arn is string => !!arn))];
    const pullRequests: PolicyRequest[] = [
      authRequest,
      ...repositories.flatMap((repository) =>
        ecrPullActions.map((action) => ({ action, resource: repository, ...principal, context: viaEndpoint('ecr.dkr') })),
      ),
    ];
    steps.push(
      permissionStep(
        'Execution role ECR permissions',
        pullRequests,
        `Or attach AmazonECSTaskExecutionRolePolicy to ${roleName}.`,
        conditionBlocks ? ['ecr:GetAuthorizationToken'] : [],
      ),
    );
  }
  if (requirements.logGroups.length > 0) {
    const logRequests: PolicyRequest[] = requirements.logGroups.flatMap((group) => {
      const groupArn = `arn:aws:logs:${group.region}:${target.accountId ?? '*'}:log-group:${group.logGroup}`;
      const streamArn = `${groupArn}:log-stream:${group.streamPrefix ? `${group.streamPrefix}/` : ''}${group.container}/task`;
      return [
        ...(group.createGroup
          ? [{ action: 'logs:CreateLogGroup', resource: `${groupArn}:*`, ...principal, context: viaEndpoint('logs') }]
          : []),
        { action: 'logs:CreateLogStream', resource: `${groupArn}:log-stream:`, ...principal, context: viaEndpoint('logs') },
        { action: 'logs:PutLogEvents', resource: streamArn, ...principal, context: viaEndpoint('logs') },
      ];
    });
    steps.push(
      permissionStep(
        'Execution role log permissions',
        logRequests,
        `AmazonECSTaskExecutionRolePolicy grants logs:CreateLogStream and logs:PutLogEvents (not logs:CreateLogGroup).`,
      ),
    );
  }
  if (requirements.secrets.length > 0) {
    const secretRequests: PolicyRequest[] = requirements.secrets.map((secret) => ({
      action: secret.store === 'secretsmanager' ? 'secretsmanager:GetSecretValue' : 'ssm:GetParameters',
      resource: secret.arn,
      ...principal,
      context: viaEndpoint(secret.store),
    }));
    steps.push(permissionStep('Execution role secret permissions', secretRequests, ''));
  }
  return steps;
}
