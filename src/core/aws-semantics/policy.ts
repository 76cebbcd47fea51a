/**
 * A small IAM policy evaluator for the questions the live check asks ("may this role call ecr:BatchGetImage on
 * this repository?"). Wildcards in actions and resources, NotAction/NotResource, principals of resource policies,
 * common condition operators, explicit Deny over Allow. Anything it cannot decide comes back "indeterminate".
 */

/** What one request looks like to a policy. */
export interface PolicyRequest {
  action: string;
  resource: string;
  /** The calling principal's ARN, for resource policies (endpoint policies); null when unknown. */
  principalArn?: string | null;
  /** The calling principal's account id, for resource policies; null when unknown. */
  principalAccount?: string | null;
  /**
   * Condition keys (lower case) the request carries: a string value, or null when the key is known to be absent.
   * Keys not listed are unknown and make conditions on them indeterminate.
   */
  context?: Readonly<Record<string, string | null>>;
}

/** A policy decision. */
export type PolicyDecision = 'allow' | 'explicit-deny' | 'implicit-deny' | 'indeterminate';

/** A decision with the statements that made it, named by Sid or position. */
export interface PolicyEvaluation {
  decision: PolicyDecision;
  /** Statements that matched (Allow for allow, Deny for explicit-deny) or might have (indeterminate). */
  statements: string[];
  /** Condition keys that were unknown, for the "could not decide" reason. */
  unknownConditionKeys: string[];
}

/** A policy document with a label (its name or ARN) for messages. */
export interface LabelledPolicy {
  label: string;
  document: unknown;
}

type Tristate = 'yes' | 'no' | 'unknown';

interface NormalizedStatement {
  label: string;
  effect: 'Allow' | 'Deny';
  raw: Record<string, unknown>;
}

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function stringsOf(value: unknown): string[] {
  return asArray(value).filter((item): item is string => typeof item === 'string');
}

function wildcardToRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, caseInsensitive ? 'is' : 's');
}

/** IAM wildcard match: `*` any run, `?` one character. Actions compare case-insensitively, ARNs case-sensitively. */
export function wildcardMatches(pattern: string, value: string, caseInsensitive = false): boolean {
  return wildcardToRegExp(pattern, caseInsensitive).test(value);
}

/** Parses a policy given as an object or JSON text (URL-encoded text too, as IAM returns it). Null when not a policy. */
export function parsePolicyDocument(document: unknown): Record<string, unknown> | null {
  let value = document;
  if (typeof value === 'string') {
    let text = value.trim();
    if (!text.startsWith('{')) {
      try {
        text = decodeURIComponent(text);
      } catch {
        return null;
      }
    }
    try {
      value = JSON.parse(text);
    } catch {
      return null;
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  return value as Record<string, unknown>;
}

function statementsOf(label: string, document: unknown): NormalizedStatement[] {
  const parsed = parsePolicyDocument(document);
  if (!parsed) return [];
  return asArray(parsed.Statement)
    .filter((statement): statement is Record<string, unknown> => typeof statement === 'object' && statement !== null)
    .map((statement, index) => ({
      label: `${label} ${typeof statement.Sid === 'string' && statement.Sid ? `statement "${statement.Sid}"` : `statement ${index + 1}`}`,
      effect: statement.Effect === 'Deny' ? ('Deny' as const) : ('Allow' as const),
      raw: statement,
    }))
    .filter((statement) => statement.raw.Effect === 'Allow' || statement.raw.Effect === 'Deny');
}

function matchesAction(statement: Record<string, unknown>, action: string): boolean {
  if (statement.Action !== undefined) return stringsOf(statement.Action).some((pattern) => wildcardMatches(pattern, action, true));
  if (statement.NotAction !== undefined) return !stringsOf(statement.NotAction).some((pattern) => wildcardMatches(pattern, action, true));
  return false;
}

function matchesResource(statement: Record<string, unknown>, resource: string): boolean {
  if (statement.Resource !== undefined) return stringsOf(statement.Resource).some((pattern) => wildcardMatches(pattern, resource));
  if (statement.NotResource !== undefined) return !stringsOf(statement.NotResource).some((pattern) => wildcardMatches(pattern, resource));
  // Resource policies (endpoint policies) may omit Resource only in odd documents; treat as every resource.
  return true;
}

function principalValueMatches(principal: unknown, request: PolicyRequest): Tristate {
  if (principal === '*') return 'yes';
  if (typeof principal !== 'object' || principal === null) return 'no';
  const awsPrincipals = stringsOf((principal as Record<string, unknown>).AWS);
  if (awsPrincipals.includes('*')) return 'yes';
  if (awsPrincipals.length === 0) return 'no';
  const arn = request.principalArn ?? null;
  const account = request.principalAccount ?? null;
  if (!arn && !account) return 'unknown';
  for (const entry of awsPrincipals) {
    if (arn && entry === arn) return 'yes';
    if (account && (entry === account || entry === `arn:aws:iam::${account}:root`)) return 'yes';
  }
  return 'no';
}

function matchesPrincipal(statement: Record<string, unknown>, request: PolicyRequest, isResourcePolicy: boolean): Tristate {
  if (!isResourcePolicy) return 'yes';
  if (statement.Principal !== undefined) return principalValueMatches(statement.Principal, request);
  if (statement.NotPrincipal !== undefined) {
    const inside = principalValueMatches(statement.NotPrincipal, request);
    return inside === 'yes' ? 'no' : inside === 'no' ? 'yes' : 'unknown';
  }
  return 'no';
}

const stringOperators: Record<string, (pattern: string, value: string) => boolean> = {
  stringequals: (pattern, value) => pattern === value,
  stringnotequals: (pattern, value) => pattern === value,
  stringequalsignorecase: (pattern, value) => pattern.toLowerCase() === value.toLowerCase(),
  stringnotequalsignorecase: (pattern, value) => pattern.toLowerCase() === value.toLowerCase(),
  stringlike: (pattern, value) => wildcardMatches(pattern, value),
  stringnotlike: (pattern, value) => wildcardMatches(pattern, value),
  arnequals: (pattern, value) => wildcardMatches(pattern, value),
  arnlike: (pattern, value) => wildcardMatches(pattern, value),
  arnnotequals: (pattern, value) => wildcardMatches(pattern, value),
  arnnotlike: (pattern, value) => wildcardMatches(pattern, value),
  bool: (pattern, value) => pattern.toLowerCase() === value.toLowerCase(),
};

function isNegatedOperator(operator: string): boolean {
  return operator.includes('not') && operator !== 'null';
}

function evaluateConditionBlock(condition: unknown, request: PolicyRequest, unknownKeys: Set<string>): Tristate {
  if (condition === undefined) return 'yes';
  if (typeof condition !== 'object' || condition === null) return 'unknown';
  let result: Tristate = 'yes';
  for (const [rawOperator, keyValues] of Object.entries(condition as Record<string, unknown>)) {
    let operator = rawOperator.toLowerCase();
    operator = operator.replace(/^for(any|all)value:/, '');
    const ifExists = operator.endsWith('ifexists');
    if (ifExists) operator = operator.slice(0, -'ifexists'.length);
    if (typeof keyValues !== 'object' || keyValues === null) return 'unknown';
    for (const [rawKey, expected] of Object.entries(keyValues as Record<string, unknown>)) {
      const key = rawKey.toLowerCase();
      const patterns = asArray(expected).map((item) => String(item));
      const context = request.context ?? {};
      if (!(key in context)) {
        unknownKeys.add(rawKey);
        result = 'unknown';
        continue;
      }
      const actual = context[key];
      if (operator === 'null') {
        const wantsAbsent = patterns.some((pattern) => pattern.toLowerCase() === 'true');
        if ((actual === null) !== wantsAbsent) return 'no';
        continue;
      }
      const compare = stringOperators[operator];
      if (!compare) {
        unknownKeys.add(`${rawOperator}:${rawKey}`);
        result = 'unknown';
        continue;
      }
      const negated = isNegatedOperator(operator);
      if (actual === null) {
        // IAM: a missing key fails positive operators, satisfies negated ones, and satisfies any ...IfExists.
        if (ifExists || negated) continue;
        return 'no';
      }
      const anyMatch = patterns.some((pattern) => compare(pattern, actual));
      if (negated ? anyMatch : !anyMatch) return 'no';
    }
  }
  return result;
}

function combine(...values: Tristate[]): Tristate {
  if (values.includes('no')) return 'no';
  if (values.includes('unknown')) return 'unknown';
  return 'yes';
}

/**
 * Evaluates policies for one request: an explicit Deny that surely applies wins, then a sure Allow; a Deny or
 * Allow that might apply (unknown condition key or principal) makes the answer indeterminate.
 */
export function evaluatePolicies(
  policies: LabelledPolicy[],
  request: PolicyRequest,
  options: { resourcePolicy?: boolean } = {},
): PolicyEvaluation {
  const unknownKeys = new Set<string>();
  const sureAllows: string[] = [];
  const maybeAllows: string[] = [];
  const sureDenies: string[] = [];
  const maybeDenies: string[] = [];
  for (const policy of policies) {
    for (const statement of statementsOf(policy.label, policy.document)) {
      if (!matchesAction(statement.raw, request.action)) continue;
      if (!matchesResource(statement.raw, request.resource)) continue;
      const applies = combine(
        matchesPrincipal(statement.raw, request, options.resourcePolicy ?? false),
        evaluateConditionBlock(statement.raw.Condition, request, unknownKeys),
      );
      if (applies === 'no') continue;
      const bucket =
        statement.effect === 'Deny' ? (applies === 'yes' ? sureDenies : maybeDenies) : applies === 'yes' ? sureAllows : maybeAllows;
      bucket.push(statement.label);
    }
  }
  const unknownConditionKeys = [...unknownKeys];
  if (sureDenies.length > 0) return { decision: 'explicit-deny', statements: sureDenies, unknownConditionKeys };
  if (maybeDenies.length > 0 && (sureAllows.length > 0 || maybeAllows.length > 0)) {
    return { decision: 'indeterminate', statements: maybeDenies, unknownConditionKeys };
  }
  if (sureAllows.length > 0) return { decision: 'allow', statements: sureAllows, unknownConditionKeys };
  if (maybeAllows.length > 0) return { decision: 'indeterminate', statements: maybeAllows, unknownConditionKeys };
  return { decision: 'implicit-deny', statements: [], unknownConditionKeys };
}

/** True when some Allow statement grants `sts:AssumeRole` to the service principal (conditions are not judged). */
export function trustsServicePrincipal(trustPolicy: unknown, servicePrincipal: string): boolean {
  return statementsOf('trust policy', trustPolicy).some((statement) => {
    if (statement.effect !== 'Allow' || !matchesAction(statement.raw, 'sts:AssumeRole')) return false;
    const principal = statement.raw.Principal;
    if (principal === '*') return true;
    if (typeof principal !== 'object' || principal === null) return false;
    const services = stringsOf((principal as Record<string, unknown>).Service);
    return services.includes(servicePrincipal) || services.includes('*');
  });
}

/**
 * Statements of `policies` that would grant `action` but carry a condition on one of `conditionKeys`
 * (used to spot `ecr:GetAuthorizationToken` limited by `aws:SourceVpc`/`aws:SourceVpce`).
 */
export function statementsConditionedOn(
  policies: LabelledPolicy[],
  action: string,
  resource: string,
  conditionKeys: string[],
): Array<{ label: string; effect: 'Allow' | 'Deny'; keys: string[] }> {
  const wanted = conditionKeys.map((key) => key.toLowerCase());
  const found: Array<{ label: string; effect: 'Allow' | 'Deny'; keys: string[] }> = [];
  for (const policy of policies) {
    for (const statement of statementsOf(policy.label, policy.document)) {
      if (!matchesAction(statement.raw, action) || !matchesResource(statement.raw, resource)) continue;
      const condition = statement.raw.Condition;
      if (typeof condition !== 'object' || condition === null) continue;
      const keys = Object.values(condition as Record<string, unknown>)
        .flatMap((keyValues) => (typeof keyValues === 'object' && keyValues !== null ? Object.keys(keyValues) : []))
        .filter((key) => wanted.includes(key.toLowerCase()));
      if (keys.length > 0) found.push({ label: statement.label, effect: statement.effect, keys });
    }
  }
  return found;
}

/** True when a policy document grants every action on every resource to everyone (the endpoint default). */
export function isFullAccessPolicy(document: unknown): boolean {
  const statements = statementsOf('policy', document);
  return (
    statements.some(
      (statement) =>
        statement.effect === 'Allow' &&
        statement.raw.Condition === undefined &&
        stringsOf(statement.raw.Action).includes('*') &&
        stringsOf(statement.raw.Resource).includes('*') &&
        (statement.raw.Principal === '*' || stringsOf((statement.raw.Principal as Record<string, unknown> | undefined)?.AWS).includes('*')),
    ) && !statements.some((statement) => statement.effect === 'Deny')
  );
}
