/**
 * IAM roles and the policies that reach them, as the rules about the task execution role see them:
 * which role an `execution_role_arn` names, every policy attached to it (managed attachments, inline
 * policies, `inline_policy` blocks, `managed_policy_arns`, exclusive attachments), each document as
 * plain JSON with the places its statements are written, and AWS managed policies modelled by their
 * documented content. Evaluation goes through src/core/aws-semantics/policy.ts, the same code the live check uses.
 */
import type { Expression, ObjectExpr } from '../hcl/ast';
import { evaluatePolicies, type LabelledPolicy, type PolicyRequest } from '../aws-semantics/policy';
import type { BodyView, SourceLocation } from './body';
import type { Configuration, ResourceInstance } from './config';
import { asList, asNumber, asString, decodeJsonValue, isFullyKnown, patternMatches, toPlain, type Value } from './values';

/** The service principal ECS task execution roles must trust. */
export const ECS_TASKS_PRINCIPAL = 'ecs-tasks.amazonaws.com';

/** The ECR actions an image pull needs on the repository (the token is asked for separately, on "*"). */
export const ECR_PULL_ACTIONS = ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'];

/** The ECR action that issues the registry login token; it is only ever granted on "*". */
export const ECR_TOKEN_ACTION = 'ecr:GetAuthorizationToken';

/** The CloudWatch Logs actions the awslogs driver needs. */
export const AWSLOGS_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'];

/** Actions `AmazonECSTaskExecutionRolePolicy` grants, which the "attach it" fix can supply. */
export const TASK_EXECUTION_POLICY_ACTIONS = [ECR_TOKEN_ACTION, ...ECR_PULL_ACTIONS, ...AWSLOGS_ACTIONS];

const allowOnEverything = (actions: string[]) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
});

const ECR_READ_ACTIONS = [
  'ecr:GetAuthorizationToken',
  'ecr:BatchCheckLayerAvailability',
  'ecr:GetDownloadUrlForLayer',
  'ecr:GetRepositoryPolicy',
  'ecr:DescribeRepositories',
  'ecr:ListImages',
  'ecr:DescribeImages',
  'ecr:BatchGetImage',
  'ecr:GetLifecyclePolicy',
  'ecr:GetLifecyclePolicyPreview',
  'ecr:ListTagsForResource',
  'ecr:DescribeImageScanFindings',
];

/**
 * AWS managed policies that decide whether an execution role can pull, by their documented content
 * (AWS managed policy reference). Any other AWS managed policy is unknown to the checker.
 */
export const AWS_MANAGED_POLICY_DOCUMENTS: Readonly<Record<string, Record<string, unknown>>> = {
  AmazonECSTaskExecutionRolePolicy: allowOnEverything(TASK_EXECUTION_POLICY_ACTIONS),
  AmazonEC2ContainerRegistryReadOnly: allowOnEverything(ECR_READ_ACTIONS),
  AmazonEC2ContainerRegistryPullOnly: allowOnEverything([
    'ecr:GetAuthorizationToken',
    'ecr:BatchGetImage',
    'ecr:GetDownloadUrlForLayer',
    'ecr:BatchImportUpstreamImage',
  ]),
  AmazonEC2ContainerRegistryPowerUser: allowOnEverything([
    ...ECR_READ_ACTIONS,
    'ecr:InitiateLayerUpload',
    'ecr:UploadLayerPart',
    'ecr:CompleteLayerUpload',
    'ecr:PutImage',
  ]),
  AmazonEC2ContainerRegistryFullAccess: {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['ecr:*', 'cloudtrail:LookupEvents'], Resource: '*' },
      {
        Effect: 'Allow',
        Action: ['iam:CreateServiceLinkedRole'],
        Resource: '*',
        Condition: { StringEquals: { 'iam:AWSServiceName': ['replication.ecr.amazonaws.com'] } },
      },
    ],
  },
  AdministratorAccess: allowOnEverything(['*']),
  PowerUserAccess: {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
      {
        Effect: 'Allow',
        Action: [
          'iam:CreateServiceLinkedRole',
          'iam:DeleteServiceLinkedRole',
          'iam:ListRoles',
          'organizations:DescribeOrganization',
          'account:ListRegions',
          'account:GetAccountInformation',
        ],
        Resource: '*',
      },
    ],
  },
};

/** Plain JSON policy document. */
export type PolicyDocument = Record<string, unknown>;

/**
 * The condition key the checker adds to a statement some deciding part of which is not known
 * (Effect, Action, Principal, Condition): no request carries it, so the statement "might apply",
 * and the policy evaluation answers indeterminate exactly where that statement matters.
 */
export const NOT_KNOWN_CONDITION_KEY = 'private-ecr:ValueKnownOnlyAfterApply';

/** What an unknown leaf of a policy becomes in plain JSON: a reference-like string no ARN equals. */
const UNKNOWN_LEAF = '${unknown}';

/** Plain JSON of a value, unknown leaves as `${unknown}`; `unknownAt` is set when one was met. */
function toPlainLoose(value: Value, seen: { unknown: boolean }): unknown {
  switch (value.kind) {
    case 'unknown':
      seen.unknown = true;
      return UNKNOWN_LEAF;
    case 'list':
      return value.items.map((item) => toPlainLoose(item, seen));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of value.entries) out[k] = toPlainLoose(v, seen);
      return out;
    }
    case 'json': {
      const inner = toPlainLoose(value.value, seen);
      return JSON.stringify(inner);
    }
    default:
      return toPlain(value);
  }
}

/** Adds the not-known condition to a plain statement (it may or may not apply). */
function mightApply(statement: Record<string, unknown>): Record<string, unknown> {
  const condition =
    typeof statement.Condition === 'object' && statement.Condition !== null && !Array.isArray(statement.Condition)
      ? { ...(statement.Condition as Record<string, unknown>) }
      : {};
  const equals =
    typeof condition.StringEquals === 'object' && condition.StringEquals !== null
      ? { ...(condition.StringEquals as Record<string, unknown>) }
      : {};
  equals[NOT_KNOWN_CONDITION_KEY] = 'true';
  condition.StringEquals = equals;
  return { ...statement, Condition: condition };
}

/**
 * One statement value as plain statements: the statement itself (at its place), and, when an
 * unknown part could widen it, statements that "might apply" (appended after the document's own).
 * Unknown resources stay as `${unknown}` (like references: they never match a concrete ARN, and
 * never make a permission "missing"); an unknown action keeps the known actions sure and adds a
 * statement that might allow or deny any action; an unknown Effect, principal, NotAction or
 * condition makes the statement one that might apply.
 */
function partialStatement(value: Value): { statement: Record<string, unknown>; extra: Array<Record<string, unknown>> } {
  if (value.kind !== 'object') {
    const any = { Effect: 'Allow', Action: '*', Resource: '*' };
    return { statement: mightApply(any), extra: [mightApply({ ...any, Effect: 'Deny' })] };
  }
  const field = (name: string) => {
    const seen = { unknown: false };
    const v = value.entries.get(name);
    return { plain: v === undefined ? undefined : toPlainLoose(v, seen), unknown: seen.unknown };
  };
  const statement: Record<string, unknown> = {};
  let maybe = false;
  const extra: Array<Record<string, unknown>> = [];
  const holdsUnknown = (v: unknown) => JSON.stringify(v).includes(UNKNOWN_LEAF);
  for (const name of value.entries.keys()) {
    const { plain, unknown } = field(name);
    statement[name] = plain;
    if (!unknown) continue;
    if (name === 'Resource' || name === 'NotResource' || name === 'Sid' || name === 'Effect') continue;
    if (name !== 'Action') maybe = true;
    if (name === 'Action') {
      // The known actions stay sure; the unknown one might be any action.
      statement.Action = Array.isArray(plain) ? plain.filter((a) => a !== UNKNOWN_LEAF) : [];
      extra.push({ Action: '*' });
    } else if (name === 'NotAction') {
      if (Array.isArray(plain)) statement.NotAction = plain.filter((a) => a !== UNKNOWN_LEAF);
      else {
        delete statement.NotAction;
        statement.Action = '*';
      }
    } else if (name === 'Principal' || name === 'NotPrincipal') {
      delete statement[name];
      statement.Principal = '*';
    } else if (name === 'Condition' && typeof plain === 'object' && plain !== null && !Array.isArray(plain)) {
      // Known condition entries still decide; the unknown ones are left to the not-known key.
      const kept: Record<string, unknown> = {};
      for (const [operator, entries] of Object.entries(plain as Record<string, unknown>)) {
        if (typeof entries !== 'object' || entries === null || holdsUnknown(operator)) continue;
        const known = Object.fromEntries(
          Object.entries(entries as Record<string, unknown>).filter(([k, v]) => !holdsUnknown(k) && !holdsUnknown(v)),
        );
        if (Object.keys(known).length > 0) kept[operator] = known;
      }
      statement.Condition = kept;
    } else if (name === 'Condition') delete statement.Condition;
  }
  const effect = statement.Effect;
  const effects = effect === 'Allow' || effect === 'Deny' ? [effect] : ['Allow', 'Deny'];
  if (effects.length > 1) maybe = true;
  const base = maybe ? mightApply({ ...statement, Effect: effects[0] }) : statement;
  const widened = extra.map((e) => mightApply({ ...statement, ...e, Effect: effects[0] }));
  if (effects.length > 1) widened.push(mightApply({ ...statement, Effect: 'Deny', ...(extra[0] ?? {}) }));
  return { statement: base, extra: widened };
}

/**
 * Reads a policy value (jsonencode, heredoc/string JSON, a data.aws_iam_policy_document's json) as
 * plain JSON. Unknown leaves stay where they are and matter only where they decide (see
 * `partialStatement`); undefined when the document or its statement list is not known at all.
 */
export function policyDocumentOf(value: Value | undefined): PolicyDocument | undefined {
  const decoded = decodeJsonValue(value);
  if (!decoded) return undefined;
  if (isFullyKnown(decoded)) {
    const plain = toPlain(decoded);
    if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) return undefined;
    return plain as PolicyDocument;
  }
  if (decoded.kind !== 'object') return undefined;
  const document: PolicyDocument = {};
  const extra: Array<Record<string, unknown>> = [];
  for (const [key, v] of decoded.entries) {
    if (key !== 'Statement') {
      document[key] = toPlainLoose(v, { unknown: false });
      continue;
    }
    const items = v.kind === 'list' ? v.items : v.kind === 'object' ? [v] : undefined;
    if (!items) return undefined;
    document.Statement = items.map((item) => {
      const partial = partialStatement(item);
      extra.push(...partial.extra);
      return partial.statement;
    });
  }
  if (Array.isArray(document.Statement)) document.Statement = [...(document.Statement as unknown[]), ...extra];
  return document;
}

/** The statements of a plain document as an array (a single statement object counts as one). */
export function statementsOf(document: PolicyDocument): Array<Record<string, unknown>> {
  const raw = document.Statement;
  const items = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  return items.map((item) => (typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {}));
}

/**
 * The AWS managed policy an ARN names (`arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy`,
 * also with an unknown partition). `null` when the ARN is known not to be AWS managed; undefined when not known.
 */
export function awsManagedPolicyName(arn: Value): string | null | undefined {
  const text = arn.kind === 'string' ? arn.value : arn.kind === 'unknown' ? arn.pattern : undefined;
  if (text === undefined) return undefined;
  const managed = /^arn:[^:]*:iam::aws:policy\/(?:[^*]*\/)?([^/*]+)$/.exec(text);
  if (managed) return managed[1];
  if (arn.kind === 'string') return null;
  return /^arn:[^:]*:iam::\d{12}:policy\//.test(text) ? null : undefined;
}

// ---------------------------------------------------------------------------------------------
// Following references syntactically, for the places the evaluator turns into values.

/** The resource instance an expression like `aws_iam_role.x.name` or `data.aws_iam_policy_document.x[0].json` names in the view's module. */
export function referencedInstance(view: BodyView, expr: Expression): { instance: ResourceInstance; attribute: string } | undefined {
  const steps: Array<{ name: string } | { key: Expression }> = [];
  let current: Expression = expr;
  for (;;) {
    if (current.type === 'getAttr') {
      steps.unshift({ name: current.name });
      current = current.object;
    } else if (current.type === 'index') {
      steps.unshift({ key: current.key });
      current = current.object;
    } else if (current.type === 'paren') current = current.expr;
    else break;
  }
  if (current.type !== 'variable') return undefined;
  let mode: 'managed' | 'data' = 'managed';
  let type = current.name;
  if (type === 'data') {
    const first = steps.shift();
    if (!first || !('name' in first)) return undefined;
    mode = 'data';
    type = first.name;
  }
  if (['var', 'local', 'module', 'each', 'count', 'path', 'self', 'terraform'].includes(type)) return undefined;
  const nameStep = steps.shift();
  if (!nameStep || !('name' in nameStep)) return undefined;
  let key: string | number | undefined;
  let keyed = false;
  if (steps[0] && 'key' in steps[0]) {
    const keyValue = view.evaluator.evaluate((steps.shift() as { key: Expression }).key, view.scope);
    key = keyValue.kind === 'number' ? asNumber(keyValue) : asString(keyValue);
    if (key === undefined) return undefined;
    keyed = true;
  }
  const attributeStep = steps.shift();
  if (!attributeStep || !('name' in attributeStep) || steps.length > 0) return undefined;
  const instance = view.scope.module.resources.find(
    (r) => r.mode === mode && r.type === type && r.name === nameStep.name && (keyed ? r.key === key : r.key === undefined),
  );
  return instance ? { instance, attribute: attributeStep.name } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Roles

/** What an `execution_role_arn` names. */
export type RoleResolution = { kind: 'role'; role: ResourceInstance } | { kind: 'none' } | { kind: 'unknown'; reason: string };

/** Resolves an ARN value (a reference, or a literal ARN of a role this configuration creates) to the `aws_iam_role`. */
export function resolveRoleArn(configuration: Configuration, value: Value): RoleResolution {
  if (value.kind === 'null') return { kind: 'none' };
  if (value.kind === 'ref') {
    if (value.target.mode === 'managed' && value.target.type === 'aws_iam_role') {
      return value.target.certain
        ? { kind: 'role', role: value.target }
        : { kind: 'unknown', reason: `${value.target.fullAddress} may not exist` };
    }
    return { kind: 'unknown', reason: `the role is ${value.target.fullAddress}, which the checker cannot read` };
  }
  if (value.kind === 'string') {
    const m = /^arn:[^:]+:iam::\d{12}:role\/(?:.*\/)?([^/]+)$/.exec(value.value);
    if (m) {
      const named = configuration.resourcesOfType('aws_iam_role').filter((r) => asString(r.attr('name')) === m[1]);
      if (named.length === 1 && named[0].certain) return { kind: 'role', role: named[0] };
    }
    return { kind: 'unknown', reason: 'the role is not created by this configuration' };
  }
  return { kind: 'unknown', reason: value.kind === 'unknown' ? value.reason : 'the role is not known' };
}

/** Whether a role-name (or role ARN/id) value written in `view`'s attribute `attribute` names `role`. */
function namesRole(view: BodyView, attribute: string, value: Value, role: ResourceInstance): 'yes' | 'no' | 'maybe' {
  const written = view.attribute(attribute);
  if (written) {
    const target = referencedInstance(view, written.expr);
    if (target && target.instance.mode === 'managed' && target.instance.type === 'aws_iam_role')
      return target.instance === role ? 'yes' : 'no';
  }
  return valueNamesRole(value, role);
}

function valueNamesRole(value: Value, role: ResourceInstance): 'yes' | 'no' | 'maybe' {
  const roleName = role.attr('name');
  switch (value.kind) {
    case 'null':
      return 'no';
    case 'ref':
      if (value.target === role) return 'yes';
      if (value.target.mode === 'data' && value.target.type === 'aws_iam_role') {
        const dataName = asString(value.target.attr('name'));
        if (dataName === undefined || roleName.kind !== 'string') return 'maybe';
        return dataName === roleName.value ? 'yes' : 'no';
      }
      return value.target.type === 'aws_iam_role' ? 'no' : 'maybe';
    case 'string': {
      const name = value.value.replace(/^arn:[^:]+:iam::\d{12}:role\/(?:.*\/)?/, '');
      if (roleName.kind === 'string') return roleName.value === name ? 'yes' : 'no';
      // A role without a literal name (name_prefix, generated) can only be named by reference.
      if (roleName.kind === 'null' || roleName.kind === 'ref') return 'no';
      return roleName.kind === 'unknown' && roleName.pattern !== undefined && !patternMatches(roleName.pattern, name) ? 'no' : 'maybe';
    }
    case 'unknown':
      if (value.pattern !== undefined && roleName.kind === 'string' && !patternMatches(value.pattern, roleName.value)) return 'no';
      return 'maybe';
    default:
      return 'maybe';
  }
}

// ---------------------------------------------------------------------------------------------
// Policies of a role

/** Where one statement of a document is written, and the condition keys in it. */
export interface StatementSite {
  location: SourceLocation;
  /** The resource holding the statement (the data source, aws_iam_policy, role policy or role). */
  resource: ResourceInstance;
  /** Condition keys (lower case) to where each is written. */
  conditionKeys: Map<string, SourceLocation>;
}

/** One policy that applies to a role. */
export interface PolicySource {
  /** For messages: `AmazonECSTaskExecutionRolePolicy`, `aws_iam_role_policy.logs`... */
  label: string;
  /** The document as plain JSON, or undefined when the checker cannot know it. */
  document: PolicyDocument | undefined;
  /** The AWS managed policy name, for attachments of one. */
  managedPolicy?: string;
  /** The resource that attaches the policy to the role (attachment, role policy, or the role itself). */
  attachedBy: ResourceInstance;
  /** Where the policy ARN or document is written. */
  location: SourceLocation;
  /** Where the document itself is written, and the resource holding it, when it is written in this configuration. */
  documentSite?: { location: SourceLocation; resource: ResourceInstance };
  /** Where each statement of `document` is written, by index, when the checker can tell. */
  statementSites: Array<StatementSite | undefined>;
  /** The attribute whose value names or holds the policy (to name it when it cannot be read). */
  origin?: { view: BodyView; attribute: string };
}

/** Why some policy of a role cannot be seen or read: the first value that left `complete` false. */
export interface PolicyGap {
  /** What is not known, as the start of a sentence completed by the attribute's value: "managed_policy_arns of aws_iam_role.x is". */
  subject: string;
  location: SourceLocation;
  resource: ResourceInstance;
  /** The attribute whose value is not known, when there is one. */
  origin?: { view: BodyView; attribute: string };
}

/** Every policy of a role. */
export interface RolePolicies {
  role: ResourceInstance;
  sources: PolicySource[];
  /** False when some policy might apply that the checker cannot see or read: then nothing may be concluded missing. */
  complete: boolean;
  /** When not complete: the first value that made it so. */
  gap?: PolicyGap;
  /** The permissions boundary: null when none, undefined document when unknown. */
  boundary: { document: PolicyDocument | undefined } | null;
}

/** Statement sites of a document written in `view.attribute`: `jsonencode({...})` literals and `data.aws_iam_policy_document` references. */
function statementSitesOf(
  view: BodyView,
  attribute: string,
  resource: ResourceInstance,
  document: PolicyDocument | undefined,
): Array<StatementSite | undefined> {
  if (!document) return [];
  const written = view.attribute(attribute);
  if (!written) return [];
  const expr = written.expr;
  if (expr.type === 'call' && expr.name === 'jsonencode' && expr.args.length === 1 && expr.args[0].type === 'object') {
    const statementItem = objectItem(expr.args[0], 'Statement');
    if (!statementItem) return [];
    const objects = statementItem.value.type === 'tuple' ? statementItem.value.items : [statementItem.value];
    return objects.map((item) => {
      if (item.type !== 'object') return undefined;
      const conditionKeys = new Map<string, SourceLocation>();
      const condition = objectItem(item, 'Condition');
      if (condition && condition.value.type === 'object') {
        for (const operator of condition.value.items) {
          if (operator.value.type !== 'object') continue;
          for (const keyItem of operator.value.items) {
            const key = literalKey(keyItem.key);
            if (key !== undefined && !conditionKeys.has(key.toLowerCase()))
              conditionKeys.set(key.toLowerCase(), { file: view.file, range: keyItem.key.range });
          }
        }
      }
      return { location: { file: view.file, range: item.range }, resource, conditionKeys };
    });
  }
  const target = referencedInstance(view, expr);
  if (
    target &&
    target.instance.mode === 'data' &&
    target.instance.type === 'aws_iam_policy_document' &&
    (target.attribute === 'json' || target.attribute === 'minified_json')
  ) {
    const blocks = target.instance.blocks('statement');
    const offset = statementsOf(document).length - blocks.length;
    if (offset < 0) return [];
    const sites: Array<StatementSite | undefined> = new Array(offset).fill(undefined);
    for (const block of blocks) {
      const conditionKeys = new Map<string, SourceLocation>();
      for (const condition of block.blocks('condition')) {
        const variable = asString(condition.attr('variable'));
        if (variable !== undefined && !conditionKeys.has(variable.toLowerCase()))
          conditionKeys.set(variable.toLowerCase(), condition.valueLocation('variable'));
      }
      sites.push({ location: block.location, resource: target.instance, conditionKeys });
    }
    return sites;
  }
  return [];
}

function literalKey(expr: Expression): string | undefined {
  if (expr.type === 'literal' && typeof expr.value === 'string') return expr.value;
  if (expr.type === 'variable') return expr.name;
  if (expr.type === 'template' && expr.parts.every((p) => p.kind === 'text'))
    return expr.parts.map((p) => (p.kind === 'text' ? p.value : '')).join('');
  return undefined;
}

function objectItem(expr: ObjectExpr, key: string): ObjectExpr['items'][number] | undefined {
  return expr.items.find((item) => literalKey(item.key) === key);
}

/** A document written in an attribute of a view (role policy, aws_iam_policy, inline_policy block). */
function documentSource(
  label: string,
  view: BodyView,
  attribute: string,
  attachedBy: ResourceInstance,
  holder: ResourceInstance,
): PolicySource {
  const document = policyDocumentOf(view.attr(attribute));
  const location = view.valueLocation(attribute);
  return {
    label,
    document,
    attachedBy,
    location,
    documentSite: { location, resource: holder },
    statementSites: statementSitesOf(view, attribute, holder, document),
    origin: { view, attribute },
  };
}

/** The policy an ARN value names: an AWS managed policy, an `aws_iam_policy` of this configuration, or unknown. */
function sourceForPolicyArn(
  configuration: Configuration,
  arn: Value,
  attachedBy: ResourceInstance,
  location: SourceLocation,
  view: BodyView | undefined,
  attribute: string | undefined,
): PolicySource {
  const unknownSource = (label: string): PolicySource => ({ label, document: undefined, attachedBy, location, statementSites: [] });
  // aws_iam_policy.x.arn written directly: follow it syntactically too (its arn is only known after apply).
  let target: ResourceInstance | undefined = arn.kind === 'ref' ? arn.target : undefined;
  if (!target && view && attribute) {
    const written = view.attribute(attribute);
    if (written) target = referencedInstance(view, written.expr)?.instance;
  }
  if (target && target.mode === 'managed' && target.type === 'aws_iam_policy') {
    if (!target.certain) return unknownSource(target.fullAddress);
    const source = documentSource(target.fullAddress, target, 'policy', attachedBy, target);
    return { ...source, location };
  }
  if (target && target.mode === 'data' && target.type === 'aws_iam_policy') {
    const byArn = target.attr('arn');
    const name = byArn.kind !== 'null' ? awsManagedPolicyName(byArn) : asString(target.attr('name'));
    if (name && AWS_MANAGED_POLICY_DOCUMENTS[name]) {
      return { label: name, document: AWS_MANAGED_POLICY_DOCUMENTS[name], managedPolicy: name, attachedBy, location, statementSites: [] };
    }
    return unknownSource(target.fullAddress);
  }
  if (target) return unknownSource(target.fullAddress);
  const managed = awsManagedPolicyName(arn);
  if (managed) {
    const document = AWS_MANAGED_POLICY_DOCUMENTS[managed];
    return document
      ? { label: managed, document, managedPolicy: managed, attachedBy, location, statementSites: [] }
      : { ...unknownSource(managed), managedPolicy: managed };
  }
  if (managed === null && arn.kind === 'string') {
    // A customer managed policy written as a literal ARN: it may be an aws_iam_policy of this configuration.
    const m = /^arn:[^:]+:iam::\d{12}:policy\/(?:.*\/)?([^/]+)$/.exec(arn.value);
    const named = m ? configuration.resourcesOfType('aws_iam_policy').filter((p) => asString(p.attr('name')) === m[1]) : [];
    if (named.length === 1 && named[0].certain)
      return { ...documentSource(named[0].fullAddress, named[0], 'policy', attachedBy, named[0]), location };
    return unknownSource(arn.value);
  }
  return unknownSource(UNKNOWN_ARN_LABEL);
}

const UNKNOWN_ARN_LABEL = 'a policy whose ARN is not known';

function withFallbackLabel(source: PolicySource, label: string): PolicySource {
  return source.label === UNKNOWN_ARN_LABEL ? { ...source, label } : source;
}

/** Item locations of a tuple attribute, when written as a literal tuple with one item per value. */
function itemLocations(view: BodyView, attribute: string, count: number): SourceLocation[] {
  const written = view.attribute(attribute);
  const fallback = view.valueLocation(attribute);
  if (written && written.expr.type === 'tuple' && written.expr.items.length === count)
    return written.expr.items.map((item) => ({ file: view.file, range: item.range }));
  return Array.from({ length: count }, () => fallback);
}

/** Collects every policy that applies to `role`. */
export function rolePolicies(configuration: Configuration, role: ResourceInstance): RolePolicies {
  const sources: PolicySource[] = [];
  let complete = true;
  let gap: PolicyGap | undefined;
  const incomplete = (found: PolicyGap) => {
    complete = false;
    gap ??= found;
  };
  const addArns = (owner: ResourceInstance, attribute: string, fallbackLabel: string) => {
    const value = owner.attr(attribute);
    if (value.kind === 'null') return;
    const items = asList(value);
    if (!items) {
      incomplete({
        subject: `${attribute} of ${owner.fullAddress} is`,
        location: owner.valueLocation(attribute),
        resource: owner,
        origin: { view: owner, attribute },
      });
      return;
    }
    const locations = itemLocations(owner, attribute, items.length);
    items.forEach((arn, i) =>
      sources.push({
        ...withFallbackLabel(sourceForPolicyArn(configuration, arn, owner, locations[i], undefined, undefined), fallbackLabel),
        origin: { view: owner, attribute },
      }),
    );
  };

  // Inline policies written on the role.
  if (role.hasUnknownBlocks('inline_policy'))
    incomplete({
      subject: `the dynamic inline_policy blocks of ${role.fullAddress} iterate over a collection not known here`,
      location: role.location,
      resource: role,
    });
  for (const block of role.blocks('inline_policy')) {
    if (!block.has('policy')) continue;
    const name = asString(block.attr('name')) ?? '?';
    sources.push(documentSource(`${role.fullAddress} inline_policy "${name}"`, block, 'policy', role, role));
  }
  addArns(role, 'managed_policy_arns', `${role.fullAddress} managed_policy_arns`);

  const consider = (resource: ResourceInstance, match: 'yes' | 'no' | 'maybe', add: () => void, roleAttribute = 'role') => {
    if (match === 'no') return;
    if (!resource.certain) {
      incomplete({
        subject: `${resource.fullAddress} may attach a policy to ${role.fullAddress}, but whether it exists is not known here`,
        location: resource.location,
        resource,
      });
      return;
    }
    if (match === 'maybe') {
      incomplete({
        subject: `${resource.fullAddress} may attach a policy to ${role.fullAddress}: its ${roleAttribute} is`,
        location: resource.valueLocation(roleAttribute),
        resource,
        origin: { view: resource, attribute: roleAttribute },
      });
      return;
    }
    add();
  };
  for (const policy of configuration.resourcesOfType('aws_iam_role_policy')) {
    consider(policy, namesRole(policy, 'role', policy.attr('role'), role), () =>
      sources.push(documentSource(policy.fullAddress, policy, 'policy', policy, policy)),
    );
  }
  for (const attachment of configuration.resourcesOfType('aws_iam_role_policy_attachment')) {
    consider(attachment, namesRole(attachment, 'role', attachment.attr('role'), role), () => {
      const source = sourceForPolicyArn(
        configuration,
        attachment.attr('policy_arn'),
        attachment,
        attachment.valueLocation('policy_arn'),
        attachment,
        'policy_arn',
      );
      sources.push({
        ...withFallbackLabel(source, attachment.fullAddress),
        origin: source.origin ?? { view: attachment, attribute: 'policy_arn' },
      });
    });
  }
  for (const attachment of configuration.resourcesOfType('aws_iam_policy_attachment')) {
    const roles = asList(attachment.attr('roles'));
    let match: 'yes' | 'no' | 'maybe' = 'no';
    if (!roles) match = 'maybe';
    else {
      const written = attachment.attribute('roles');
      const itemExprs =
        written && written.expr.type === 'tuple' && written.expr.items.length === roles.length ? written.expr.items : undefined;
      roles.forEach((value, i) => {
        let m = valueNamesRole(value, role);
        const target = itemExprs ? referencedInstance(attachment, itemExprs[i]) : undefined;
        if (target && target.instance.type === 'aws_iam_role' && target.instance.mode === 'managed')
          m = target.instance === role ? 'yes' : 'no';
        if (m === 'yes') match = 'yes';
        else if (m === 'maybe' && match === 'no') match = 'maybe';
      });
    }
    consider(
      attachment,
      match,
      () => {
        const source = sourceForPolicyArn(
          configuration,
          attachment.attr('policy_arn'),
          attachment,
          attachment.valueLocation('policy_arn'),
          attachment,
          'policy_arn',
        );
        sources.push({
          ...withFallbackLabel(source, attachment.fullAddress),
          origin: source.origin ?? { view: attachment, attribute: 'policy_arn' },
        });
      },
      'roles',
    );
  }
  for (const exclusive of configuration.resourcesOfType('aws_iam_role_policy_attachments_exclusive')) {
    consider(
      exclusive,
      namesRole(exclusive, 'role_name', exclusive.attr('role_name'), role),
      () => addArns(exclusive, 'policy_arns', exclusive.fullAddress),
      'role_name',
    );
  }

  let boundary: RolePolicies['boundary'] = null;
  const boundaryArn = role.attr('permissions_boundary');
  if (boundaryArn.kind !== 'null') {
    boundary = {
      document: sourceForPolicyArn(
        configuration,
        boundaryArn,
        role,
        role.valueLocation('permissions_boundary'),
        role,
        'permissions_boundary',
      ).document,
    };
  }
  const unread = sources.find((s) => s.document === undefined);
  if (unread) {
    const literal = unread.origin?.view.attr(unread.origin.attribute).kind === 'string';
    incomplete({
      subject: literal
        ? `the policy ${unread.label} is not created by this configuration, so its document cannot be read`
        : unread.origin
          ? `the policy ${unread.label} cannot be read here: ${unread.origin.attribute} of ${unread.origin.view === unread.attachedBy ? unread.attachedBy.fullAddress : unread.label} is`
          : `the policy ${unread.label} cannot be read here`,
      location: unread.location,
      resource: unread.attachedBy,
      origin: literal ? undefined : unread.origin,
    });
  }
  return { role, sources, complete, boundary, gap };
}

/** The role's trust policy as plain JSON, or undefined when not known. */
export function trustPolicyOf(role: ResourceInstance): PolicyDocument | undefined {
  return policyDocumentOf(role.attr('assume_role_policy'));
}

// ---------------------------------------------------------------------------------------------
// Decisions

/** What the policies say about one action. */
export type PermissionVerdict = 'granted' | 'denied' | 'missing' | 'unknown';

/** A verdict with the policies behind a denial. */
export interface PermissionJudgement {
  verdict: PermissionVerdict;
  /** For `denied`: the policies whose statements deny, with the statement indexes. */
  deniedBy: Array<{ source: number; statement: number }>;
  /** For `missing`: true when the permissions boundary, not the policies, is what lacks the action. */
  boundary?: boolean;
  /**
   * For `unknown`: true when a statement grants the action on resources the checker cannot compare
   * with the request (references known only after apply, or a request whose resource is not known):
   * the grant is there, only its reach is not known.
   */
  grantedOnSomeResource?: boolean;
}

/** The known documents as labelled policies whose labels carry their index (`#3`). */
export function labelled(documents: Array<PolicyDocument | undefined>): LabelledPolicy[] {
  const out: LabelledPolicy[] = [];
  documents.forEach((document, index) => {
    if (document) out.push({ label: `#${index}`, document });
  });
  return out;
}

/** The Allow statements of the documents with every resource widened to "*": what could be granted at most. */
function allowsOnAnyResource(policies: LabelledPolicy[]): LabelledPolicy[] {
  return policies.map((policy) => ({
    label: policy.label,
    document: {
      Statement: statementsOf(policy.document as PolicyDocument)
        .filter((statement) => statement.Effect === 'Allow')
        .map((statement) => {
          const { NotResource: _notResource, ...rest } = statement;
          return { ...rest, Resource: '*' };
        }),
    },
  }));
}

/** Indexes (source, statement) of the statements that surely deny a request. */
function denyingStatements(
  policies: LabelledPolicy[],
  request: PolicyRequest,
  resourcePolicy: boolean,
): Array<{ source: number; statement: number }> {
  const out: Array<{ source: number; statement: number }> = [];
  for (const policy of policies) {
    statementsOf(policy.document as PolicyDocument).forEach((statement, index) => {
      if (statement.Effect !== 'Deny') return;
      const single = evaluatePolicies([{ label: policy.label, document: { Statement: [statement] } }], request, { resourcePolicy });
      if (single.decision === 'explicit-deny') out.push({ source: Number(policy.label.slice(1)), statement: index });
    });
  }
  return out;
}

/**
 * Decides one action. With a resource, the policies are evaluated for it; without one (not known
 * here), only a grant on "*" counts, and "missing" is said only when no statement allows the action
 * on any resource. Statements whose resources are references (`${aws_x.y.arn}`) never make it "missing".
 */
export function judgePermission(
  policies: LabelledPolicy[],
  request: Omit<PolicyRequest, 'resource'> & { resource?: string },
  options: { complete: boolean; resourcePolicy?: boolean; boundary?: RolePolicies['boundary'] },
): PermissionJudgement {
  const resourcePolicy = options.resourcePolicy ?? false;
  const concrete: PolicyRequest = { ...request, resource: request.resource ?? '*' };
  const decision = evaluatePolicies(policies, concrete, { resourcePolicy }).decision;
  if (decision === 'explicit-deny') return { verdict: 'denied', deniedBy: denyingStatements(policies, concrete, resourcePolicy) };
  if (decision === 'indeterminate') return { verdict: 'unknown', deniedBy: [] };
  if (decision === 'allow') {
    const boundary = options.boundary;
    if (!boundary) return { verdict: 'granted', deniedBy: [] };
    if (!boundary.document) return { verdict: 'unknown', deniedBy: [] };
    const bounded = evaluatePolicies([{ label: 'boundary', document: boundary.document }], concrete).decision;
    if (bounded === 'allow') return { verdict: 'granted', deniedBy: [] };
    return { verdict: bounded === 'indeterminate' ? 'unknown' : 'missing', deniedBy: [], boundary: true };
  }
  if (!options.complete) return { verdict: 'unknown', deniedBy: [] };
  const widened = evaluatePolicies(allowsOnAnyResource(policies), { ...request, resource: '*' }, { resourcePolicy }).decision;
  if (widened === 'implicit-deny') return { verdict: 'missing', deniedBy: [] };
  if (widened === 'indeterminate') return { verdict: 'unknown', deniedBy: [] };
  if (request.resource === undefined) return { verdict: 'unknown', deniedBy: [], grantedOnSomeResource: true };
  // Some statement allows the action on other resources: missing for this one, unless resources are references.
  const mentionsReferences = policies.some((p) =>
    statementsOf(p.document as PolicyDocument).some((s) => JSON.stringify([s.Resource, s.NotResource]).includes('${')),
  );
  return mentionsReferences ? { verdict: 'unknown', deniedBy: [], grantedOnSomeResource: true } : { verdict: 'missing', deniedBy: [] };
}
