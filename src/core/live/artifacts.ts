/**
 * What a task fetches besides network paths: its ECR images (repository, tag or digest, repository policy, the
 * repository's KMS key, pull-through cache rules) and its secrets and parameters (they exist, and a customer KMS
 * key on them can be used by the execution role). Every read may fail; a failed read makes its step unknown.
 */
import { CheckContext, ecrPullActions, liveStep, unknownStep } from './context';
import { ljoin, lt, type LiveText } from '../l10n/live-messages';
import { judgeRole, RoleData } from './iam';
import { ecrRepositoryArn, ImageReference } from '../aws-semantics/images';
import type { SecretReference } from './needs';
import { evaluatePolicies, LabelledPolicy, parsePolicyDocument } from '../aws-semantics/policy';
import type { CheckStep, ScopeResult } from './result';
import { settle, Settled } from './settled';
import type { EcrRepositoryInfo, KmsKeyInfo, ParameterInfo, PullThroughCacheRuleInfo, SecretInfo } from './types';

/** What was read about one repository an image comes from. */
interface RepositoryReads {
  reference: ImageReference;
  containers: string[];
  repository: Settled<EcrRepositoryInfo>;
  image: Settled<{ imageDigest: string | null; imageTags: string[] }>;
  policy: Settled<string | null>;
  /** Read only when the repository or the image is missing. */
  pullThroughRules: Settled<PullThroughCacheRuleInfo[]> | null;
  key: KeyReads | null;
}

/** A KMS key and, for a customer-managed key, its key policy. */
interface KeyReads {
  keyId: string;
  key: Settled<KmsKeyInfo>;
  policy: Settled<string> | null;
}

/** Everything read for the artifacts, started before the network paths are walked. */
export interface ArtifactReads {
  repositories: RepositoryReads[];
  secrets: Array<{ reference: SecretReference; secret: Settled<SecretInfo> | null; key: KeyReads | null }>;
  parameters: Settled<ParameterInfo[]> | null;
  parameterKeys: Map<string, KeyReads>;
}

/** The tag or digest of an image reference (`latest` when it names neither). */
export function imageTagOrDigest(image: string): string {
  const at = image.indexOf('@');
  if (at !== -1) return image.slice(at + 1);
  const lastPart = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastPart.lastIndexOf(':');
  return colon === -1 ? 'latest' : lastPart.slice(colon + 1);
}

/** The SSM parameter name inside an `arn:…:parameter/…` ARN (hierarchical names keep their leading slash). */
export function parameterNameOf(arn: string): string {
  const rest = arn.slice(arn.indexOf(':parameter/') + ':parameter/'.length);
  return rest.includes('/') ? `/${rest}` : rest;
}

function regionOfArn(arn: string): string {
  return arn.split(':')[3] ?? '';
}

/** True for key ids that name an AWS managed key without reading it (`alias/aws/ssm`, `alias/aws/secretsmanager`). */
function isAwsManagedAlias(keyId: string): boolean {
  return /(^|:)alias\/aws\//.test(keyId);
}

async function readKey(context: Pick<CheckContext, 'reader'>, keyId: string): Promise<KeyReads> {
  const key = await settle(context.reader.describeKey(keyId), 'DescribeKey');
  const policy =
    key.ok && key.value.keyManager === 'CUSTOMER' ? await settle(context.reader.getKeyPolicy(key.value.keyArn), 'GetKeyPolicy') : null;
  return { keyId, key, policy };
}

/** Starts every artifact read (they depend only on the task definition). */
export async function readArtifacts(context: Pick<CheckContext, 'reader' | 'region' | 'requirements'>): Promise<ArtifactReads> {
  const { reader, region, requirements } = context;
  const keyReads = new Map<string, Promise<KeyReads>>();
  const keyOnce = (keyId: string) => {
    let pending = keyReads.get(keyId);
    if (!pending) keyReads.set(keyId, (pending = readKey(context, keyId)));
    return pending;
  };

  const byRepository = new Map<string, { reference: ImageReference; containers: string[] }>();
  for (const { container, reference } of requirements.images) {
    if (reference.kind !== 'ecr-private' || reference.region !== region || !reference.account || !reference.repository) continue;
    const key = `${reference.account}/${reference.repository}/${imageTagOrDigest(reference.image)}`;
    const entry = byRepository.get(key) ?? { reference, containers: [] };
    entry.containers.push(container);
    byRepository.set(key, entry);
  }
  const repositoriesPending = Promise.all(
    [...byRepository.values()].map(async ({ reference, containers }): Promise<RepositoryReads> => {
      const registryId = reference.account as string;
      const name = reference.repository as string;
      const [repository, image, policy] = await Promise.all([
        settle(reader.describeRepository(registryId, name), 'DescribeRepositories'),
        settle(reader.describeImage(registryId, name, imageTagOrDigest(reference.image)), 'DescribeImages'),
        settle(reader.getRepositoryPolicy(registryId, name), 'GetRepositoryPolicy'),
      ]);
      const missing = (!repository.ok && repository.failure.kind === 'not-found') || (!image.ok && image.failure.kind === 'not-found');
      const [pullThroughRules, key] = await Promise.all([
        missing ? settle(reader.listPullThroughCacheRules(registryId), 'DescribePullThroughCacheRules') : Promise.resolve(null),
        repository.ok && repository.value.encryptionType.startsWith('KMS') && repository.value.kmsKey
          ? keyOnce(repository.value.kmsKey)
          : Promise.resolve(null),
      ]);
      return { reference, containers, repository, image, policy, pullThroughRules, key };
    }),
  );

  const inRegion = (secret: SecretReference) => regionOfArn(secret.arn) === region;
  const secretsPending = Promise.all(
    requirements.secrets
      .filter((secret) => secret.store === 'secretsmanager')
      .map(async (reference) => {
        if (!inRegion(reference)) return { reference, secret: null, key: null };
        const secret = await settle(reader.describeSecret(reference.arn), 'DescribeSecret');
        const keyId = secret.ok ? secret.value.kmsKeyId : null;
        const key = keyId && !isAwsManagedAlias(keyId) ? await keyOnce(keyId) : null;
        return { reference, secret, key };
      }),
  );
  const parameterNames = [
    ...new Set(
      requirements.secrets.filter((secret) => secret.store === 'ssm' && inRegion(secret)).map((secret) => parameterNameOf(secret.arn)),
    ),
  ];
  const parametersPending =
    parameterNames.length > 0 ? settle(reader.describeParameters(parameterNames), 'DescribeParameters') : Promise.resolve(null);

  const [repositories, secrets, parameters] = await Promise.all([repositoriesPending, secretsPending, parametersPending]);
  const parameterKeys = new Map<string, KeyReads>();
  if (parameters?.ok) {
    const keyIds = [
      ...new Set(
        parameters.value
          .filter((parameter) => parameter.type === 'SecureString' && parameter.keyId && !isAwsManagedAlias(parameter.keyId))
          .map((parameter) => parameter.keyId as string),
      ),
    ];
    for (const [index, reads] of (await Promise.all(keyIds.map(keyOnce))).entries()) parameterKeys.set(keyIds[index], reads);
  }
  return { repositories, secrets, parameters, parameterKeys };
}

/**
 * kms:Decrypt by the execution role on a customer key: the key policy must allow the role itself, or allow the
 * account (which hands the decision to IAM) while the role's policies allow it too. An unreadable key or key policy
 * is unknown, never a pass.
 */
function kmsStep(context: CheckContext, reads: KeyReads, roleData: RoleData | null, what: LiveText, resource: string): CheckStep {
  const title = lt('title.kmsKey', { what });
  const base = { ruleId: 'execution-role', severity: 'error' as const, title, resource: reads.keyId };
  if (!reads.key.ok) {
    if (reads.key.failure.kind === 'not-found') {
      return liveStep({
        ...base,
        status: 'failed',
        reason: lt('kms.keyMissing', { what, key: reads.keyId }),
        fix: lt('kms.keyMissingFix', { resource }),
      });
    }
    return unknownStep('execution-role', title, reads.keyId, reads.key.failure);
  }
  const keyArn = reads.key.value.keyArn;
  const unknown = (reason: LiveText): CheckStep => liveStep({ ...base, resource: keyArn, status: 'unknown', reason, fix: null });
  if (reads.key.value.keyManager === 'AWS')
    return liveStep({ ...base, resource: keyArn, status: 'passed', reason: lt('kms.awsManaged', { what }), fix: null });
  if (!reads.policy) return unknown(lt('kms.policyNotRead', { key: keyArn }));
  if (!reads.policy.ok) return unknownStep('execution-role', title, keyArn, reads.policy.failure);
  const roleArn = context.executionRoleArn;
  if (!roleArn) return unknown(lt('kms.noRole', { key: keyArn }));
  const keyPolicy: LabelledPolicy[] = [{ label: `key policy of ${keyArn}`, document: reads.policy.value }];
  if (!parsePolicyDocument(reads.policy.value)) return unknown(lt('kms.policyInvalid', { key: keyArn }));
  const account = context.target.accountId;
  const request = { action: 'kms:Decrypt', resource: keyArn, context: {} };
  const direct = evaluatePolicies(keyPolicy, { ...request, principalArn: roleArn, principalAccount: null }, { resourcePolicy: true });
  const roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1);
  if (direct.decision === 'explicit-deny') {
    return liveStep({
      ...base,
      resource: keyArn,
      status: 'failed',
      reason: lt('kms.denied', { key: keyArn, role: roleName, statements: direct.statements.join(', '), what }),
      fix: lt('kms.deniedFix', { role: roleName, key: keyArn }),
    });
  }
  if (direct.decision === 'allow')
    return liveStep({ ...base, resource: keyArn, status: 'passed', reason: lt('kms.allowed', { key: keyArn, role: roleName }), fix: null });
  const delegated = account
    ? evaluatePolicies(keyPolicy, { ...request, principalArn: null, principalAccount: account }, { resourcePolicy: true })
    : null;
  if (direct.decision === 'indeterminate' || delegated?.decision === 'indeterminate') {
    const keys = [...new Set([...direct.unknownConditionKeys, ...(delegated?.unknownConditionKeys ?? [])])];
    return unknown(
      lt('kms.policyDepends', { key: keyArn, role: roleName, keys: keys.length > 0 ? keys.join(', ') : lt('repoPolicy.thePrincipal') }),
    );
  }
  if (delegated?.decision !== 'allow') {
    return liveStep({
      ...base,
      resource: keyArn,
      status: 'failed',
      reason: lt('kms.notDelegated', { key: keyArn, role: roleName, account: account ?? '<account>', what }),
      fix: lt('kms.notDelegatedFix', { key: keyArn, roleArn }),
    });
  }
  if (!roleData || !roleData.policies.ok || !roleData.boundary.ok) {
    const failure =
      roleData && !roleData.policies.ok ? roleData.policies.failure : roleData && !roleData.boundary.ok ? roleData.boundary.failure : null;
    return failure ? unknownStep('execution-role', title, keyArn, failure) : unknown(lt('kms.rolePoliciesNotRead', { role: roleName }));
  }
  const identity = judgeRole(roleData.policies.value, roleData.boundary.value, {
    ...request,
    principalArn: roleArn,
    principalAccount: account,
  });
  if (identity.decision === 'allow')
    return liveStep({
      ...base,
      resource: keyArn,
      status: 'passed',
      reason: lt('kms.delegatedAllowed', { key: keyArn, role: roleName }),
      fix: null,
    });
  if (identity.decision === 'indeterminate')
    return unknown(
      lt('kms.roleDepends', {
        key: keyArn,
        role: roleName,
        keys: identity.unknownConditionKeys.length > 0 ? identity.unknownConditionKeys.join(', ') : lt('iam.aCondition'),
      }),
    );
  const where = identity.boundary
    ? lt('kms.whereBoundary', { boundary: identity.boundary, role: roleName })
    : lt('kms.wherePolicy', { role: roleName });
  return liveStep({
    ...base,
    resource: keyArn,
    status: 'failed',
    reason: identity.boundary
      ? lt('kms.roleNotAllowedBoundary', { role: roleName, key: keyArn, boundary: identity.boundary, what })
      : identity.decision === 'explicit-deny'
        ? lt('kms.roleNotAllowedDenied', { role: roleName, key: keyArn, statements: identity.statements.join(', '), what })
        : lt('kms.roleNotAllowed', { role: roleName, key: keyArn, what }),
    fix: lt('kms.roleNotAllowedFix', { key: keyArn, where }),
  });
}

function matchingRule(rules: Settled<PullThroughCacheRuleInfo[]> | null, repositoryName: string): PullThroughCacheRuleInfo | null {
  if (!rules?.ok) return null;
  return rules.value.find((rule) => repositoryName === rule.prefix || repositoryName.startsWith(`${rule.prefix}/`)) ?? null;
}

/** Steps for one repository: it and the image exist, the repository policy lets the role pull, its KMS key. */
function repositorySteps(context: CheckContext, reads: RepositoryReads, roleData: RoleData | null, scope: ScopeResult): CheckStep[] {
  const { reference } = reads;
  const name = reference.repository as string;
  const registryId = reference.account as string;
  const tag = imageTagOrDigest(reference.image);
  const uses = lt('repo.uses', { containers: reads.containers.join(', ') });
  const imageTitle = lt('title.image', { name, tag });
  const repositoryTitle = lt('title.repository', { name });
  const steps: CheckStep[] = [];
  const base = { ruleId: 'image-registry', severity: 'error' as const, resource: `${registryId}/${name}` };
  const rule = !reads.repository.ok || !reads.image.ok ? matchingRule(reads.pullThroughRules, name) : null;
  const throughCache = (what: LiveText, resource = base.resource): CheckStep =>
    liveStep({
      ...base,
      resource,
      title: imageTitle,
      status: scope.inScope ? 'failed' : 'passed',
      severity: scope.inScope ? 'error' : 'info',
      reason: lt(scope.inScope ? 'repo.throughCacheNoInternet' : 'repo.throughCache', {
        what,
        name,
        prefix: `${rule?.prefix}`,
        upstream: `${rule?.upstreamUrl}`,
      }),
      fix: scope.inScope ? lt('repo.throughCacheFix', { image: reference.image }) : null,
    });
  if (!reads.repository.ok) {
    if (reads.repository.failure.kind !== 'not-found')
      return [unknownStep('image-registry', repositoryTitle, base.resource, reads.repository.failure)];
    if (rule) return [throughCache(lt('repo.cacheRepositoryMissing', { name, registry: registryId }))];
    // Unreadable cache rules matter only with internet access (a cache repository would be created on the first
    // pull); without it the pull fails either way.
    if (reads.pullThroughRules && !reads.pullThroughRules.ok && !scope.inScope)
      return [unknownStep('image-registry', repositoryTitle, base.resource, reads.pullThroughRules.failure)];
    return [
      liveStep({
        ...base,
        title: repositoryTitle,
        status: 'failed',
        reason: lt('repo.missing', { name, registry: registryId, region: context.region, uses, image: reference.image }),
        fix: lt('repo.missingFix', { name, registry: registryId, region: context.region }),
      }),
    ];
  }
  const repository = reads.repository.value;
  steps.push(
    liveStep({
      ...base,
      title: repositoryTitle,
      resource: repository.repositoryArn,
      status: 'passed',
      reason: lt('repo.exists', { name, registry: registryId, region: context.region }),
      fix: null,
    }),
  );
  if (!reads.image.ok) {
    if (reads.image.failure.kind !== 'not-found')
      steps.push(unknownStep('image-registry', imageTitle, repository.repositoryArn, reads.image.failure));
    else if (rule) steps.push(throughCache(lt('repo.cacheImageMissing', { tag, name }), repository.repositoryArn));
    else if (reads.pullThroughRules && !reads.pullThroughRules.ok && !scope.inScope)
      steps.push(unknownStep('image-registry', imageTitle, repository.repositoryArn, reads.pullThroughRules.failure));
    else {
      steps.push(
        liveStep({
          ...base,
          title: imageTitle,
          resource: repository.repositoryArn,
          status: 'failed',
          reason: lt('repo.imageMissing', { name, tag, uses, image: reference.image }),
          fix: lt('repo.imageMissingFix', { name, tag, registry: registryId }),
        }),
      );
    }
  } else {
    const digest = reads.image.value.imageDigest;
    steps.push(
      liveStep({
        ...base,
        title: imageTitle,
        resource: repository.repositoryArn,
        status: 'passed',
        reason:
          digest && !tag.startsWith('sha256:')
            ? lt('repo.imageFoundDigest', { name, tag, digest: digest.slice(0, 19) })
            : lt('repo.imageFound', { name, tag }),
        fix: null,
      }),
    );
  }
  steps.push(repositoryPolicyStep(context, reads, repository));
  if (reads.key) steps.push(kmsStep(context, reads.key, roleData, lt('kms.whatRepository', { name }), repository.repositoryArn));
  return steps;
}

function repositoryPolicyStep(context: CheckContext, reads: RepositoryReads, repository: EcrRepositoryInfo): CheckStep {
  const name = repository.repositoryName;
  const title = lt('title.repositoryPolicy', { name });
  const crossAccount = !!context.target.accountId && repository.registryId !== context.target.accountId;
  const base = { ruleId: 'image-registry', severity: 'error' as const, title, resource: repository.repositoryArn };
  if (!reads.policy.ok) return unknownStep('image-registry', title, repository.repositoryArn, reads.policy.failure);
  const roleArn = context.executionRoleArn;
  const account = `${context.target.accountId}`;
  const principal = roleArn ?? `arn:aws:iam::${context.target.accountId}:root`;
  if (reads.policy.value === null) {
    return crossAccount
      ? liveStep({
          ...base,
          status: 'failed',
          reason: lt('repoPolicy.noPolicyCrossAccount', { name, registry: repository.registryId, account }),
          fix: lt('repoPolicy.noPolicyCrossAccountFix', { name, actions: ecrPullActions.join(', '), principal }),
        })
      : liveStep({ ...base, status: 'passed', reason: lt('repoPolicy.noPolicySameAccount', { name }), fix: null });
  }
  if (!parsePolicyDocument(reads.policy.value))
    return liveStep({ ...base, status: 'unknown', reason: lt('repoPolicy.invalid', { name }), fix: null });
  const policies: LabelledPolicy[] = [{ label: `repository policy of ${repository.repositoryName}`, document: reads.policy.value }];
  const resource = ecrRepositoryArn(reads.reference) ?? repository.repositoryArn;
  const denied: LiveText[] = [];
  const notAllowed: string[] = [];
  const undecided: LiveText[] = [];
  for (const action of ecrPullActions) {
    const evaluation = evaluatePolicies(
      policies,
      {
        action,
        resource,
        principalArn: roleArn,
        principalAccount: context.target.accountId,
        context: { 'aws:sourcevpc': context.target.vpcId },
      },
      { resourcePolicy: true },
    );
    if (evaluation.decision === 'explicit-deny')
      denied.push(lt('repoPolicy.deniedAction', { action, statements: evaluation.statements.join(', ') }));
    else if (evaluation.decision === 'indeterminate')
      undecided.push(
        lt('repoPolicy.dependsAction', {
          action,
          keys: evaluation.unknownConditionKeys.length > 0 ? evaluation.unknownConditionKeys.join(', ') : lt('repoPolicy.thePrincipal'),
        }),
      );
    else if (evaluation.decision === 'implicit-deny' && crossAccount) notAllowed.push(action);
  }
  const who = roleArn ? roleArn.slice(roleArn.lastIndexOf('/') + 1) : lt('repoPolicy.theRole');
  if (denied.length > 0) {
    return liveStep({
      ...base,
      status: 'failed',
      reason: lt('repoPolicy.denies', { name, who, denied: ljoin(denied, '; ') }),
      fix: lt('repoPolicy.deniesFix', { name }),
    });
  }
  if (notAllowed.length > 0) {
    return liveStep({
      ...base,
      status: 'failed',
      reason: lt('repoPolicy.notAllowed', { name, registry: repository.registryId, who, account, actions: notAllowed.join(', ') }),
      fix: lt('repoPolicy.notAllowedFix', { actions: notAllowed.join(', '), principal, name }),
    });
  }
  if (undecided.length > 0)
    return liveStep({ ...base, status: 'unknown', reason: lt('repoPolicy.undecided', { items: ljoin(undecided, '; '), name }), fix: null });
  return liveStep({
    ...base,
    status: 'passed',
    reason: lt(crossAccount ? 'repoPolicy.allowsPull' : 'repoPolicy.doesNotDeny', { name, who }),
    fix: null,
  });
}

/** The image-registry steps for repositories (images outside ECR and in other regions are judged by imageSteps). */
export function registrySteps(context: CheckContext, reads: ArtifactReads, roleData: RoleData | null, scope: ScopeResult): CheckStep[] {
  return reads.repositories.flatMap((repository) => repositorySteps(context, repository, roleData, scope));
}

/** The secrets-endpoints / execution-role steps for secrets and parameters: they exist and their keys can be used. */
export function secretSteps(context: CheckContext, reads: ArtifactReads, roleData: RoleData | null): CheckStep[] {
  const steps: CheckStep[] = [];
  for (const { reference, secret, key } of reads.secrets) {
    const title = lt(reference.registryCredentials ? 'title.registryCredentials' : 'title.secret', {
      name: reference.arn.split(':').slice(6).join(':') || reference.arn,
    });
    const base = { ruleId: 'secrets-endpoints', severity: 'error' as const, title, resource: reference.arn };
    if (!secret) {
      steps.push(
        liveStep({
          ...base,
          status: 'unknown',
          reason: lt('secret.otherRegion', { arn: reference.arn, secretRegion: regionOfArn(reference.arn), region: context.region }),
          fix: null,
        }),
      );
      continue;
    }
    if (!secret.ok) {
      if (secret.failure.kind === 'not-found') {
        steps.push(
          liveStep({
            ...base,
            status: 'failed',
            reason: lt('secret.missing', { arn: reference.arn, container: reference.container }),
            fix: lt('secret.missingFix', {
              field: reference.registryCredentials ? 'repositoryCredentials.credentialsParameter' : 'secrets[].valueFrom',
              container: reference.container,
            }),
          }),
        );
      } else steps.push(unknownStep('secrets-endpoints', title, reference.arn, secret.failure));
      continue;
    }
    steps.push(
      liveStep({
        ...base,
        resource: secret.value.arn,
        status: 'passed',
        reason: secret.value.kmsKeyId
          ? lt('secret.existsWithKey', { name: secret.value.name, key: secret.value.kmsKeyId })
          : lt('secret.exists', { name: secret.value.name }),
        fix: null,
      }),
    );
    if (key) steps.push(kmsStep(context, key, roleData, lt('kms.whatSecret', { name: secret.value.name }), secret.value.arn));
  }
  const parameterRefs = context.requirements.secrets.filter((secret) => secret.store === 'ssm');
  for (const reference of parameterRefs) {
    const name = parameterNameOf(reference.arn);
    const title = lt('title.parameter', { name });
    const base = { ruleId: 'secrets-endpoints', severity: 'error' as const, title, resource: reference.arn };
    if (regionOfArn(reference.arn) !== context.region) {
      steps.push(
        liveStep({
          ...base,
          status: 'unknown',
          reason: lt('parameter.otherRegion', { arn: reference.arn, parameterRegion: regionOfArn(reference.arn), region: context.region }),
          fix: null,
        }),
      );
      continue;
    }
    if (!reads.parameters) continue;
    if (!reads.parameters.ok) {
      steps.push(unknownStep('secrets-endpoints', title, reference.arn, reads.parameters.failure));
      continue;
    }
    const parameter = reads.parameters.value.find((item) => item.name === name);
    if (!parameter) {
      steps.push(
        liveStep({
          ...base,
          status: 'failed',
          reason: lt('parameter.missing', { name, container: reference.container, region: context.region }),
          fix: lt('parameter.missingFix', { name, container: reference.container }),
        }),
      );
      continue;
    }
    steps.push(
      liveStep({
        ...base,
        status: 'passed',
        reason: parameter.keyId
          ? lt('parameter.existsWithKey', { name, type: parameter.type, key: parameter.keyId })
          : lt('parameter.exists', { name, type: parameter.type }),
        fix: null,
      }),
    );
    const keyReads = parameter.keyId ? reads.parameterKeys.get(parameter.keyId) : undefined;
    if (keyReads) steps.push(kmsStep(context, keyReads, roleData, lt('kms.whatParameter', { name }), reference.arn));
  }
  return steps;
}
