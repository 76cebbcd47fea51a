/**
 * execution-role: a task definition that pulls from ECR needs an execution role the ECS agent can
 * assume (trusting ecs-tasks.amazonaws.com) that may get the registry token and pull the images,
 * and also write awslogs logs and read the secrets the containers use.
 */
import type { Fix } from '../findings';
import { declaration, insertAfterBlock, insertAttribute, replaceRange, singleLineText, uniqueName } from '../fixes/edits';
import { renderTemplate } from '../fixes/templates';
import { evaluatePolicies, trustsServicePrincipal, type LabelledPolicy } from '../aws-semantics/policy';
import type { ResourceInstance } from '../model/config';
import {
  AWSLOGS_ACTIONS,
  ECR_PULL_ACTIONS,
  ECR_TOKEN_ACTION,
  ECS_TASKS_PRINCIPAL,
  judgePermission,
  labelled,
  NOT_KNOWN_CONDITION_KEY,
  resolveRoleArn,
  statementsOf,
  type PolicyDocument,
  rolePolicies,
  TASK_EXECUTION_POLICY_ACTIONS,
  trustPolicyOf,
  type PermissionJudgement,
  type RoleResolution,
  type RolePolicies,
} from '../model/iam';
import { TaskDefinition, type Container } from '../model/workloads';
import type { SourceLocation } from '../model/body';
import { describeValue, nameValue } from './undecided';
import { messageText } from './value-text';
import { classifyImageValue, type ImageFacts } from './image-registry';
import { secretService } from './secrets-endpoints';
import { endpointsForService, workloadVpc } from './helpers';
import { defineRule, type RuleContext } from './types';

/** A task definition whose containers pull from private ECR, with its execution role. */
export interface EcrTaskDefinition {
  resource: ResourceInstance;
  containers: Container[];
  /** The ECR images (repository ARN set when known). */
  ecrImages: ImageFacts[];
  role: RoleResolution;
}

/** A task definition none of whose images is surely in ECR but some of which may be (not known here). */
interface MaybeEcrTaskDefinition extends EcrTaskDefinition {
  /** The first image that may be in ECR, and its container index. */
  maybe: { facts: ImageFacts; index: number };
}

/** Every certain task definition of the configuration whose containers use a private ECR image. */
export function ecrTaskDefinitions(context: RuleContext): EcrTaskDefinition[] {
  return readTaskDefinitions(context).sure;
}

/** The task definitions with a surely private ECR image, and those whose images are not known but may be. */
function readTaskDefinitions(context: RuleContext): { sure: EcrTaskDefinition[]; maybe: MaybeEcrTaskDefinition[] } {
  const sure: EcrTaskDefinition[] = [];
  const maybe: MaybeEcrTaskDefinition[] = [];
  for (const resource of context.configuration.resourcesOfType('aws_ecs_task_definition')) {
    if (!resource.certain) continue;
    const containers = new TaskDefinition(resource).containers;
    if (!containers) continue;
    const facts = containers.map((c) => classifyImageValue(c.image));
    const ecrImages = facts.filter((f): f is ImageFacts => f !== undefined && f.ecr === 'yes');
    const role = resolveRoleArn(context.configuration, resource.attr('execution_role_arn'));
    if (ecrImages.length > 0) sure.push({ resource, containers, ecrImages, role });
    else {
      const index = facts.findIndex((f) => f?.ecr === 'maybe');
      if (index >= 0) maybe.push({ resource, containers, ecrImages: [], role, maybe: { facts: facts[index]!, index } });
    }
  }
  return { sure, maybe };
}

/** Whether the task definition runs on Fargate (where nothing but the execution role can pull). */
function runsOnFargate(context: RuleContext, resource: ResourceInstance): boolean {
  const compatibilities = new TaskDefinition(resource).compatibilities ?? [];
  if (compatibilities.includes('FARGATE')) return true;
  return context.workloads.some((w) => w.taskDefinition?.resource === resource && w.launchType === 'FARGATE');
}

/** One permission the role needs, and why. */
interface Need {
  action: string;
  resource?: string;
  why: string;
}

/** The ARN the fixes attach. */
const EXECUTION_POLICY_ARN = 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy';

function needsOf(uses: EcrTaskDefinition[]): Need[] {
  const needs: Need[] = [];
  const seen = new Set<string>();
  const add = (need: Need) => {
    const key = `${need.action}|${need.resource ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    needs.push(need);
  };
  for (const use of uses) {
    add({ action: ECR_TOKEN_ACTION, resource: '*', why: 'to log in to ECR' });
    for (const image of use.ecrImages) {
      for (const action of ECR_PULL_ACTIONS) add({ action, resource: image.repositoryArn, why: `to pull ${image.display}` });
    }
    const logging = use.containers.find((c) => c.logDriver === 'awslogs');
    if (logging) for (const action of AWSLOGS_ACTIONS) add({ action, why: `container "${logging.name ?? '?'}" logs with awslogs` });
    for (const container of use.containers) {
      for (const source of container.secretSources) {
        const service = secretService(source);
        if (service === 'secretsmanager')
          add({ action: 'secretsmanager:GetSecretValue', why: `container "${container.name ?? '?'}" reads secrets from Secrets Manager` });
        if (service === 'ssm')
          add({ action: 'ssm:GetParameters', why: `container "${container.name ?? '?'}" reads secrets from SSM Parameter Store` });
      }
      if (container.repositoryCredentials)
        add({ action: 'secretsmanager:GetSecretValue', why: `container "${container.name ?? '?'}" reads private registry credentials` });
    }
  }
  return needs;
}

/** Roles some task definition uses as its task role (where ECR read access may be meant for the application). */
function rolesUsedAsTaskRoles(context: RuleContext): Set<ResourceInstance> {
  const roles = new Set<ResourceInstance>();
  for (const resource of context.configuration.resourcesOfType('aws_ecs_task_definition')) {
    const resolution = resolveRoleArn(context.configuration, resource.attr('task_role_arn'));
    if (resolution.kind === 'role') roles.add(resolution.role);
  }
  return roles;
}

/**
 * "Attach AmazonECSTaskExecutionRolePolicy": an attachment after the role block. When the role has an
 * AmazonEC2ContainerRegistryReadOnly attachment, that attachment's ARN is switched instead, since the
 * execution policy covers everything it grants an execution role (and both together are redundant).
 */
function attachExecutionPolicyFix(role: ResourceInstance, policies: RolePolicies): Fix | undefined {
  const title = 'Attach AmazonECSTaskExecutionRolePolicy';
  const readOnly = policies.sources.find(
    (s) =>
      s.managedPolicy === 'AmazonEC2ContainerRegistryReadOnly' &&
      s.attachedBy.type === 'aws_iam_role_policy_attachment' &&
      s.attachedBy.key === undefined,
  );
  const readOnlyDecl = readOnly ? declaration(readOnly.attachedBy) : undefined;
  const readOnlyArn = readOnly?.attachedBy.attribute('policy_arn');
  if (
    readOnly &&
    readOnlyDecl &&
    readOnlyArn &&
    readOnlyArn.expr.type === 'template' &&
    readOnlyArn.expr.parts.every((p) => p.kind === 'text')
  ) {
    return { title, isPreferred: true, edits: [replaceRange(readOnlyDecl.file.path, readOnlyArn.expr.range, `"${EXECUTION_POLICY_ARN}"`)] };
  }
  const decl = declaration(role);
  if (!decl || role.key !== undefined) return undefined;
  const text = renderTemplate('execution-role-policy-attachment', {
    name: uniqueName(role.module, 'aws_iam_role_policy_attachment', `${role.name}_policy`),
    execution_role_name: `aws_iam_role.${role.name}.name`,
  });
  return { title, edits: [insertAfterBlock(decl.file, decl.block, text)], isPreferred: true };
}

/** The IAM role name for a new execution role, from the task definition's family. */
function roleNameExpression(resource: ResourceInstance): string {
  const decl = declaration(resource);
  const family = resource.attribute('family');
  const text = decl && family ? singleLineText(decl.file, family.expr) : undefined;
  if (!text) return '"ecs-task-execution"';
  if (/^"(?:[^"\\]|\\.)*"$/.test(text)) return `${text.slice(0, -1)}-execution"`;
  return `"\${${text}}-execution"`;
}

/** "Add task execution role": a role and its policy attachment after the task definition, and `execution_role_arn` set to it. */
function addExecutionRoleFix(resource: ResourceInstance): Fix | undefined {
  const decl = declaration(resource);
  if (!decl) return undefined;
  const module = resource.module;
  if (module.topBlocks('resource').some(({ block }) => block.labels[0] === 'aws_iam_role')) return undefined;
  const roleName = uniqueName(module, 'aws_iam_role', 'ecs_task_execution');
  const role = renderTemplate('execution-role', { name: roleName, role_name: roleNameExpression(resource) });
  const attachment = renderTemplate('execution-role-policy-attachment', {
    name: uniqueName(module, 'aws_iam_role_policy_attachment', 'ecs_task_execution'),
    execution_role_name: `aws_iam_role.${roleName}.name`,
  });
  return {
    title: 'Add task execution role',
    isPreferred: true,
    edits: [
      insertAttribute(decl.file, decl.block, `execution_role_arn = aws_iam_role.${roleName}.arn`),
      insertAfterBlock(decl.file, decl.block, `${role}\n${attachment}`),
    ],
  };
}

function list(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * The source keys of the requests the tasks make to `service` (the image pull through ecr.dkr, log
 * writes through logs...) as AWS sees them, when every workload running these task definitions
 * agrees: through the one endpoint for it in its VPC (aws:SourceVpce and aws:SourceVpc are that
 * endpoint's and VPC's ids, written as the references policies use), or from the internet through a
 * NAT (both absent). Otherwise not known.
 */
function sourceKeysOf(context: RuleContext, uses: EcrTaskDefinition[], service: string): Record<string, string | null> {
  const seen = new Set<string>();
  let result: Record<string, string | null> | undefined;
  for (const workload of context.workloads) {
    if (!workload.taskDefinition || !uses.some((u) => u.resource === workload.taskDefinition!.resource)) continue;
    let keys: Record<string, string | null> | undefined;
    if (workload.reach.kind === 'internet') keys = { 'aws:sourcevpc': null, 'aws:sourcevpce': null };
    else if (workload.reach.kind === 'private') {
      const { found, maybe } = endpointsForService(context, workload, service);
      const vpc = workloadVpc(context, workload);
      if (found.length === 1 && !maybe && vpc)
        keys = { 'aws:sourcevpce': '${' + found[0].resource.address + '.id}', 'aws:sourcevpc': '${' + vpc.address + '.id}' };
    }
    if (!keys) return {};
    seen.add(JSON.stringify(keys));
    result = keys;
  }
  return result && seen.size === 1 ? result : {};
}

/** The value that keeps a verdict open, in words, and where it is written. */
interface Cause {
  reason: string;
  location: SourceLocation;
  resource: ResourceInstance;
}

/** Why a permission of the role is neither granted nor missing: the first value, in the checker's order of evaluation, that decides it. */
function causeOfUnknown(
  context: RuleContext,
  role: ResourceInstance,
  policies: RolePolicies,
  documents: LabelledPolicy[],
  need: Need,
  uses: EcrTaskDefinition[],
): Cause {
  const request = { action: need.action, resource: need.resource ?? '*', context: {} };
  // A statement with a part not known here (an Effect, an Action, a condition) that might apply.
  const whole = evaluatePolicies(documents, request).decision;
  for (const policy of documents) {
    // The document that decides: alone it cannot be told, or without it the others can.
    const alone = evaluatePolicies([policy], request).decision;
    const without = evaluatePolicies(
      documents.filter((d) => d !== policy),
      request,
    ).decision;
    if (alone !== 'indeterminate' && !(whole === 'indeterminate' && without !== 'indeterminate')) continue;
    const source = policies.sources[Number(policy.label.slice(1))];
    // The document's own statement that might apply, when its place is known (appended widenings have none).
    const statements = statementsOf(policy.document as PolicyDocument);
    const index = statements.findIndex((statement, i) => {
      if (i >= source.statementSites.length) return false;
      const others = documents.filter((d) => d !== policy);
      const rest = { label: policy.label, document: { Statement: statements.filter((_, j) => j !== i) } };
      return (
        evaluatePolicies([{ label: policy.label, document: { Statement: [statement] } }], request).decision === 'indeterminate' ||
        evaluatePolicies([...others, rest], request).decision !== 'indeterminate'
      );
    });
    const statementSite = index >= 0 ? source.statementSites[index] : undefined;
    const site = statementSite ?? source.documentSite ?? { location: source.location, resource: source.attachedBy };
    const which = index >= 0 ? `statement ${index + 1} of ${source.label}` : `a statement of ${source.label}`;
    const notKnown = JSON.stringify(index >= 0 ? statements[index] : statements).includes(NOT_KNOWN_CONDITION_KEY);
    const what = notKnown
      ? 'has a part not known here (its Effect, Action, Principal or a Condition value) that decides it'
      : 'has a condition on the request (such as its source VPC or endpoint) that the checker cannot evaluate for these tasks';
    return { reason: `${which} ${what}`, location: site.location, resource: site.resource };
  }
  if (!policies.complete && policies.gap) {
    const gap = policies.gap;
    return {
      reason: gap.origin ? `${gap.subject} ${nameValue(context, gap.origin.view, gap.origin.attribute)}` : gap.subject,
      location: gap.location,
      resource: gap.resource,
    };
  }
  if (policies.boundary && !policies.boundary.document) {
    return {
      reason: `its permissions boundary is ${nameValue(context, role, 'permissions_boundary')}, which cannot be read here`,
      location: role.valueLocation('permissions_boundary'),
      resource: role,
    };
  }
  if (need.resource === undefined) {
    const image = uses.flatMap((u) => u.ecrImages.map((facts) => ({ u, facts }))).find(({ facts }) => !facts.repositoryArn);
    if (image) {
      const index = image.u.containers.findIndex((c) => classifyImageValue(c.image)?.display === image.facts.display);
      return {
        reason: `the repository of ${image.facts.display} is not known here, and the policies grant ${need.action} only on some repositories`,
        location: new TaskDefinition(image.u.resource).containerFieldLocation(Math.max(index, 0), 'image'),
        resource: image.u.resource,
      };
    }
  }
  // Statements whose resources are references known only after apply.
  const referencing = policies.sources.find((s) => s.document && JSON.stringify(s.document).includes('${'));
  const site = referencing
    ? (referencing.documentSite ?? { location: referencing.location, resource: referencing.attachedBy })
    : { location: role.location, resource: role };
  return {
    reason: `${referencing?.label ?? 'its policies'} grant ${need.action} on resources known only after apply, which the checker cannot compare`,
    ...site,
  };
}

/**
 * A role whose task definition's images are not known (`image = var.image`): if they are in ECR the
 * role needs the token and pull actions. Granted, nothing to say; otherwise one info at the image,
 * never an error, since the image may be somewhere that needs none of them.
 */
function checkMaybeEcr(context: RuleContext, role: ResourceInstance, use: MaybeEcrTaskDefinition): void {
  const policies = rolePolicies(context.configuration, role);
  const documents = labelled(policies.sources.map((s) => s.document));
  const open = [ECR_TOKEN_ACTION, ...ECR_PULL_ACTIONS].filter((action) => {
    const judgement = judgePermission(
      documents,
      { action, resource: action === ECR_TOKEN_ACTION ? '*' : undefined, context: {} },
      { complete: policies.complete, boundary: policies.boundary },
    );
    return judgement.verdict !== 'granted' && !judgement.grantedOnSomeResource;
  });
  if (open.length === 0) return;
  const container = use.containers[use.maybe.index];
  const known = use.maybe.facts.display !== 'an image not known here';
  const image = container.image
    ? messageText(
        container.image,
        known ? use.maybe.facts.display : container.image.kind === 'unknown' ? container.image.reason : describeValue(container.image),
        'image',
      )
    : use.maybe.facts.display;
  context.report({
    messageId: 'undecided',
    data: {
      role: role.fullAddress,
      taskDefinition: use.resource.fullAddress,
      actions: list(open),
      reason: `the image of container "${container.name ?? `#${use.maybe.index + 1}`}" is not known here (${image}), so whether the tasks pull from ECR and need these actions is not known`,
    },
    location: new TaskDefinition(use.resource).containerFieldLocation(use.maybe.index, 'image'),
    resource: use.resource,
    related: [{ location: role.location, message: `execution role ${role.fullAddress}` }],
    severity: 'info',
  });
}

function checkRole(context: RuleContext, role: ResourceInstance, uses: EcrTaskDefinition[], taskRoles: Set<ResourceInstance>): void {
  const names = list(uses.map((u) => u.resource.fullAddress));
  const related = uses.map((u) => ({
    location: u.resource.valueLocation('execution_role_arn'),
    message: `execution role of ${u.resource.fullAddress}`,
  }));
  const trust = trustPolicyOf(role);
  const undecided: Array<{ action: string; cause: Cause }> = [];
  if (!trust && role.has('assume_role_policy'))
    undecided.push({
      action: 'sts:AssumeRole by ecs-tasks.amazonaws.com',
      cause: {
        reason: `its assume_role_policy is ${nameValue(context, role, 'assume_role_policy')}`,
        location: role.valueLocation('assume_role_policy'),
        resource: role,
      },
    });
  if (trust && !trustsServicePrincipal(trust, ECS_TASKS_PRINCIPAL)) {
    context.report({
      messageId: 'notTrusted',
      data: { role: role.fullAddress, taskDefinition: names },
      location: role.valueLocation('assume_role_policy'),
      resource: role,
      related,
    });
  }

  const policies: RolePolicies = rolePolicies(context.configuration, role);
  const documents = labelled(policies.sources.map((s) => s.document));
  const missing: Need[] = [];
  let boundaryMissing = false;
  const denied = new Map<string, { sourceIndex: number; statement: number; actions: string[] }>();
  const contexts = new Map<string, Record<string, string | null>>();
  const contextFor = (action: string): Record<string, string | null> => {
    const service = ECR_PULL_ACTIONS.includes(action)
      ? 'ecr.dkr'
      : action.startsWith('logs:')
        ? 'logs'
        : action.startsWith('secretsmanager:')
          ? 'secretsmanager'
          : action.startsWith('ssm:')
            ? 'ssm'
            : undefined;
    if (!service) return {};
    if (!contexts.has(service)) contexts.set(service, sourceKeysOf(context, uses, service));
    return contexts.get(service)!;
  };
  for (const need of needsOf(uses)) {
    const requestContext = contextFor(need.action);
    const options = { complete: policies.complete, boundary: policies.boundary };
    let judgement: PermissionJudgement = judgePermission(
      documents,
      { action: need.action, resource: need.resource, context: requestContext },
      options,
    );
    if (judgement.verdict === 'unknown' && need.action === ECR_TOKEN_ACTION) {
      // The token request never comes through the tasks' endpoint: with the source keys absent, a
      // verdict that now holds is either fine or ecr-auth-source-vpc-condition's to report.
      const asSent = judgePermission(
        documents,
        { action: need.action, resource: need.resource, context: { 'aws:sourcevpc': null, 'aws:sourcevpce': null } },
        options,
      );
      if (asSent.verdict !== 'unknown') continue;
      judgement = asSent;
    }
    if (judgement.verdict === 'missing') {
      missing.push(need);
      if (judgement.boundary) boundaryMissing = true;
    } else if (judgement.verdict === 'unknown' && !judgement.grantedOnSomeResource) {
      undecided.push({ action: need.action, cause: causeOfUnknown(context, role, policies, documents, need, uses) });
    } else if (judgement.verdict === 'denied') {
      for (const { source, statement } of judgement.deniedBy) {
        const key = `${source}|${statement}`;
        const entry = denied.get(key) ?? { sourceIndex: source, statement, actions: [] };
        if (!entry.actions.includes(need.action)) entry.actions.push(need.action);
        denied.set(key, entry);
      }
    }
  }

  for (const { sourceIndex, statement, actions } of denied.values()) {
    const source = policies.sources[sourceIndex];
    const site = source.statementSites[statement];
    context.report({
      messageId: 'denied',
      data: {
        role: role.fullAddress,
        taskDefinition: names,
        actions: list(actions),
        policy: source.label,
        statement: String(statement + 1),
      },
      location: site?.location ?? source.documentSite?.location ?? source.location,
      resource: site?.resource ?? source.documentSite?.resource ?? source.attachedBy,
      related: [{ location: role.location, message: `execution role ${role.fullAddress}` }, ...related],
    });
  }

  // ECR and log actions come with AmazonECSTaskExecutionRolePolicy (the fix); secret access never does.
  const groups = [
    missing.filter((m) => TASK_EXECUTION_POLICY_ACTIONS.includes(m.action)),
    missing.filter((m) => !TASK_EXECUTION_POLICY_ACTIONS.includes(m.action)),
  ];
  groups.forEach((group, index) => {
    if (group.length === 0) return;
    const actions = [...new Set(group.map((m) => m.action))];
    const reasons = [...new Set(group.map((m) => m.why))];
    const fix = index === 0 && !boundaryMissing ? attachExecutionPolicyFix(role, policies) : undefined;
    context.report({
      messageId: boundaryMissing ? 'boundary' : index === 0 ? 'missing' : 'missingSecrets',
      data: { role: role.fullAddress, taskDefinition: names, actions: list(actions), reasons: reasons.join('; ') },
      location: role.location,
      resource: role,
      related: [...related, ...policies.sources.map((s) => ({ location: s.location, message: `policy of the role: ${s.label}` }))],
      fixes: fix ? [fix] : undefined,
    });
  });

  if (undecided.length > 0) {
    const { cause } = undecided[0];
    const actions = [...new Set(undecided.filter((u) => u.cause.location === cause.location).map((u) => u.action))];
    context.report({
      messageId: 'undecided',
      data: { role: role.fullAddress, taskDefinition: names, actions: list(actions), reason: cause.reason },
      location: cause.location,
      resource: cause.resource,
      related: [{ location: role.location, message: `execution role ${role.fullAddress}` }, ...related],
      severity: 'info',
    });
  }

  const executionPolicy = policies.sources.find((s) => s.managedPolicy === 'AmazonECSTaskExecutionRolePolicy');
  const readOnly = policies.sources.find((s) => s.managedPolicy === 'AmazonEC2ContainerRegistryReadOnly');
  if (executionPolicy && readOnly && !taskRoles.has(role)) {
    context.report({
      messageId: 'redundantReadOnly',
      data: { role: role.fullAddress, attachment: readOnly.attachedBy.fullAddress },
      location: readOnly.location,
      resource: readOnly.attachedBy,
      related: [{ location: executionPolicy.location, message: 'AmazonECSTaskExecutionRolePolicy already grants the ECR pull actions' }],
      severity: 'info',
    });
  }
}

/** The rule. */
export const executionRole = defineRule({
  meta: {
    id: 'execution-role',
    title: 'Task execution role can pull from ECR',
    description:
      'The ECS agent pulls ECR images with the task execution role: the task definition needs execution_role_arn, the role must trust ecs-tasks.amazonaws.com and allow ecr:GetAuthorizationToken on "*" plus ecr:BatchCheckLayerAvailability, ecr:GetDownloadUrlForLayer and ecr:BatchGetImage (AmazonECSTaskExecutionRolePolicy grants them), and logs:CreateLogStream/PutLogEvents with awslogs, secretsmanager:GetSecretValue / ssm:GetParameters with secrets.',
    defaultSeverity: 'error',
    fixable: true,
    messages: {
      noRole:
        '{{taskDefinition}} has no execution role. ' +
        '{{taskDefinition}} pulls {{image}} from ECR but has no execution_role_arn: the task cannot log in to ECR ("ResourceInitializationError: unable to pull secrets or registry auth"). Set execution_role_arn to a role that trusts ecs-tasks.amazonaws.com and has AmazonECSTaskExecutionRolePolicy attached.',
      noRoleEc2:
        '{{taskDefinition}} has no execution role. ' +
        '{{taskDefinition}} pulls {{image}} from ECR but has no execution_role_arn; on the EC2 launch type the container instance role is used instead, which must allow the ECR pull actions. Set execution_role_arn to a role with AmazonECSTaskExecutionRolePolicy to make the task independent of the instance role.',
      notTrusted:
        '{{role}} cannot be assumed by ECS tasks. ' +
        '{{role}} is the execution role of {{taskDefinition}}, but its assume_role_policy does not let ecs-tasks.amazonaws.com assume it: tasks fail to start. Allow sts:AssumeRole for the service principal "ecs-tasks.amazonaws.com".',
      missing:
        '{{role}} lacks permissions the task needs. ' +
        '{{role}}, the execution role of {{taskDefinition}}, is not allowed {{actions}} ({{reasons}}): the task fails with "ResourceInitializationError: unable to pull secrets or registry auth". Attach AmazonECSTaskExecutionRolePolicy or grant these actions.',
      missingSecrets:
        '{{role}} may not read the task\u2019s secrets. ' +
        '{{role}}, the execution role of {{taskDefinition}}, is not allowed {{actions}} ({{reasons}}): the task fails with "ResourceInitializationError: unable to pull secrets or registry auth ... unable to retrieve secret". Allow these actions on the secrets and parameters (and kms:Decrypt when they use a customer managed key).',
      boundary:
        'The permissions boundary of {{role}} blocks the pull. ' +
        'The permissions boundary of {{role}}, the execution role of {{taskDefinition}}, does not allow {{actions}} ({{reasons}}), so its policies cannot grant them. Allow these actions in the boundary.',
      denied:
        'A Deny in {{policy}} blocks the image pull. ' +
        'Statement {{statement}} of {{policy}} denies {{actions}} to {{role}}, the execution role of {{taskDefinition}}: a Deny beats every Allow, so the task cannot pull its image or start. Narrow or remove the Deny.',
      roleUnknown:
        'Execution role of {{taskDefinition}} not checked. ' +
        'The execution role of {{taskDefinition}} is {{value}}, not a role this configuration creates: whether it trusts ecs-tasks.amazonaws.com and may pull {{image}} is not known here. Run "Private ECR: Verify Private ECR Access" against the account.',
      undecided:
        'Pull permissions of {{role}} cannot be decided. ' +
        'Whether {{role}}, the execution role of {{taskDefinition}}, allows {{actions}} is not known here: {{reason}}. Run "Private ECR: Verify Private ECR Access" against the account.',
      redundantReadOnly:
        '{{role}} has a redundant ECR read-only policy. ' +
        'AmazonEC2ContainerRegistryReadOnly on {{role}} is redundant: AmazonECSTaskExecutionRolePolicy, also attached, already grants every ECR action an image pull needs. {{attachment}} can be removed.',
    },
  },
  check(context) {
    const byRole = new Map<ResourceInstance, EcrTaskDefinition[]>();
    const { sure, maybe } = readTaskDefinitions(context);
    for (const use of [...sure, ...maybe]) {
      if (use.role.kind === 'unknown') {
        context.report({
          messageId: 'roleUnknown',
          data: {
            taskDefinition: use.resource.fullAddress,
            value: nameValue(context, use.resource, 'execution_role_arn'),
            image: use.ecrImages[0]?.display ?? (use as MaybeEcrTaskDefinition).maybe.facts.display,
          },
          location: use.resource.valueLocation('execution_role_arn'),
          resource: use.resource,
          severity: 'info',
        });
        continue;
      }
      // Without a surely ECR image, a missing role is not an error: the images may need none.
      if (!use.ecrImages.length) continue;
      if (use.role.kind === 'none') {
        const fargate = runsOnFargate(context, use.resource);
        const fix = addExecutionRoleFix(use.resource);
        context.report({
          messageId: fargate ? 'noRole' : 'noRoleEc2',
          data: { taskDefinition: use.resource.fullAddress, image: use.ecrImages[0]!.display },
          location: use.resource.location,
          resource: use.resource,
          fixes: fix ? [fix] : undefined,
          severity: fargate ? undefined : 'warning',
        });
        continue;
      }
      if (use.role.kind !== 'role') continue;
      byRole.set(use.role.role, [...(byRole.get(use.role.role) ?? []), use]);
    }
    const taskRoles = rolesUsedAsTaskRoles(context);
    for (const [role, uses] of byRole) checkRole(context, role, uses, taskRoles);
    for (const use of maybe) if (use.role.kind === 'role' && !byRole.has(use.role.role)) checkMaybeEcr(context, use.role.role, use);
  },
});
