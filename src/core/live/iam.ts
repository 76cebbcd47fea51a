/** The execution role: trust, ECR pull, logs and secrets permissions, and the GetAuthorizationToken condition trap. */
import { AWS_MANAGED_POLICY_DOCUMENTS } from '../model/iam';
import { CheckContext, ecrPullActions, ecsTasksPrincipal, liveStep, unknownStep } from './context';
import { renderLive } from '../l10n/live-format';
import { ljoin, lt, type LiveArg, type LiveText } from '../l10n/live-messages';
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
    const use = lt(ecrImages.length > 0 ? 'iam.usePullsEcr' : requirements.logGroups.length > 0 ? 'iam.useLogs' : 'iam.useSecrets');
    return [
      liveStep({
        ruleId: 'execution-role',
        status: 'failed',
        severity: isEc2 ? 'warning' : 'error',
        title: lt('title.executionRole'),
        resource: taskDefinitionName,
        reason: lt(isEc2 ? 'iam.noRoleEc2' : 'iam.noRole', { taskDefinition: `${taskDefinitionName}`, use }),
        fix: lt('iam.noRoleFix'),
      }),
    ];
  }
  if (!data) return [];
  const steps: CheckStep[] = [];
  const title = lt('title.executionRole');
  if (!data.role.ok) {
    if (data.role.failure.kind === 'not-found') {
      return [
        liveStep({
          ruleId: 'execution-role',
          status: 'failed',
          severity: 'error',
          title,
          resource: roleName,
          reason: lt('iam.roleMissing', { role: roleName, taskDefinition: `${taskDefinitionName}` }),
          fix: lt('iam.roleMissingFix', { role: roleName }),
        }),
      ];
    }
    return [unknownStep('execution-role', title, roleName, data.role.failure)];
  }
  const trusted = trustsServicePrincipal(data.role.value.trustPolicy, ecsTasksPrincipal);
  steps.push(
    trusted
      ? liveStep({
          ruleId: 'execution-role',
          status: 'passed',
          severity: 'error',
          title: lt('title.executionRoleTrust'),
          resource: roleName,
          reason: lt('iam.trusted', { role: roleName, principal: ecsTasksPrincipal }),
          fix: null,
        })
      : liveStep({
          ruleId: 'execution-role',
          status: 'failed',
          severity: 'error',
          title: lt('title.executionRoleTrust'),
          resource: roleName,
          reason: lt('iam.notTrusted', { role: roleName, principal: ecsTasksPrincipal }),
          fix: lt('iam.notTrustedFix', { role: roleName, principal: ecsTasksPrincipal }),
        }),
  );
  if (!needsRole) return steps;
  if (!data.policies.ok) {
    steps.push(unknownStep('execution-role', lt('title.executionRolePermissions'), roleName, data.policies.failure));
    return steps;
  }
  if (!data.boundary.ok) {
    steps.push(unknownStep('execution-role', lt('title.executionRolePermissions'), roleName, data.boundary.failure));
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
  const permissionStep = (stepTitle: LiveText, requests: PolicyRequest[], fix: LiveText | null, skipActions: string[] = []): CheckStep => {
    const missing: LiveText[] = [];
    const undecided: LiveText[] = [];
    const missingActions = new Map<string, Set<string>>();
    const boundaryDenied = new Set<string>();
    const explicitlyDenied: string[] = [];
    for (const request of requests) {
      if (skipActions.includes(request.action)) continue;
      const evaluation = judge(request);
      const text = lt('iam.request', { action: request.action, resource: request.resource });
      const note = () => missingActions.set(request.action, (missingActions.get(request.action) ?? new Set()).add(request.resource));
      if (evaluation.boundary && evaluation.decision !== 'indeterminate') {
        missing.push(lt('iam.requestBoundary', { request: text, boundary: evaluation.boundary }));
        boundaryDenied.add(request.action);
        note();
      } else if (evaluation.decision === 'explicit-deny') {
        missing.push(lt('iam.requestDenied', { request: text, statements: evaluation.statements.join(', ') }));
        explicitlyDenied.push(...evaluation.statements);
        note();
      } else if (evaluation.decision === 'implicit-deny') {
        missing.push(text);
        note();
      } else if (evaluation.decision === 'indeterminate')
        undecided.push(
          lt('iam.requestDepends', {
            request: text,
            keys: evaluation.unknownConditionKeys.length > 0 ? evaluation.unknownConditionKeys.join(', ') : lt('iam.aCondition'),
          }),
        );
    }
    if (missing.length > 0) {
      // The fix names exactly what is missing, and where the refusal comes from.
      const parts: LiveArg[] = [];
      if (boundaryDenied.size > 0)
        parts.push(
          lt(boundaryDenied.size === 1 ? 'iam.fixBoundaryOne' : 'iam.fixBoundaryMany', {
            actions: [...boundaryDenied].join(', '),
            boundary: `${boundary?.label.replace(/^permissions boundary /, '')}`,
            role: roleName,
          }),
        );
      if (explicitlyDenied.length > 0) parts.push(lt('iam.fixRemoveDeny', { statements: [...new Set(explicitlyDenied)].join(', ') }));
      const plain = [...missingActions].filter(([action]) => !boundaryDenied.has(action));
      if (plain.length > 0 && explicitlyDenied.length === 0) {
        parts.push(
          lt('iam.fixAllow', {
            grants: ljoin(
              plain.map(([action, resources]) => lt('iam.request', { action, resource: [...resources].join(', ') })),
              '; ',
            ),
            role: roleName,
          }),
        );
        if (plain.every(([action]) => action !== 'logs:CreateLogGroup') && fix) parts.push(fix);
      } else if (plain.length > 0) parts.push(fix ?? '');
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
        ? `aws iam put-role-policy --role-name ${roleName} --policy-name private-ecr-${renderLive(stepTitle, 'en').split(' ')[2]?.toLowerCase() ?? 'pull'} --policy-document '${statement}'`
        : undefined;
      return liveStep({
        ruleId: 'execution-role',
        status: 'failed',
        severity: 'error',
        title: stepTitle,
        resource: roleName,
        reason: lt('iam.notAllowed', { role: roleName, missing: ljoin(missing, '; ') }),
        fix: lt('common.sentences', { sentences: ljoin(parts, ' ') }),
        ...(command ? { command } : {}),
      });
    }
    if (undecided.length > 0)
      return liveStep({
        ruleId: 'execution-role',
        status: 'unknown',
        severity: 'error',
        title: stepTitle,
        resource: roleName,
        reason: lt('iam.undecided', { items: ljoin(undecided, '; ') }),
        fix: null,
      });
    return liveStep({
      ruleId: 'execution-role',
      status: 'passed',
      severity: 'error',
      title: stepTitle,
      resource: roleName,
      reason: lt('iam.allowed', { role: roleName, actions: [...new Set(requests.map((request) => request.action))].join(', ') }),
      fix: null,
    });
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
          ? liveStep({
              ruleId: 'ecr-auth-source-vpc-condition',
              status: 'failed',
              severity: 'error',
              title: lt('title.authCondition'),
              resource: roleName,
              reason: lt('iam.conditionBlocks', {
                ties: ljoin(
                  conditioned.map((item) =>
                    lt('iam.conditionTies', { policy: item.label, effect: item.effect, keys: item.keys.join('/') }),
                  ),
                  '; ',
                ),
              }),
              fix: lt('iam.conditionFix'),
            })
          : liveStep({
              ruleId: 'ecr-auth-source-vpc-condition',
              status: 'passed',
              severity: 'error',
              title: lt('title.authCondition'),
              resource: roleName,
              reason: lt('iam.conditionOk'),
              fix: null,
            }),
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
        lt('title.executionRoleEcr'),
        pullRequests,
        lt('iam.fixOrAttach', { role: roleName }),
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
    steps.push(permissionStep(lt('title.executionRoleLogs'), logRequests, lt('iam.fixLogsNote')));
  }
  if (requirements.secrets.length > 0) {
    const secretRequests: PolicyRequest[] = requirements.secrets.map((secret) => ({
      action: secret.store === 'secretsmanager' ? 'secretsmanager:GetSecretValue' : 'ssm:GetParameters',
      resource: secret.arn,
      ...principal,
      context: viaEndpoint(secret.store),
    }));
    steps.push(permissionStep(lt('title.executionRoleSecrets'), secretRequests, null));
  }
  return steps;
}
