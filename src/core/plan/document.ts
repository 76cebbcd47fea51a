/**
 * The JSON form of a Terraform plan (`terraform show -json <planfile>`), as far as the checker reads it,
 * and the recognition of what a JSON file is: a plan, a state (`terraform show -json` without a plan,
 * or a raw `terraform.tfstate`), a plan in a format version this reader does not know, or something else.
 */

/** A value of the plan's JSON (resource attributes, variables). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** `{"constant_value": ...}` or `{"references": [...]}`; nested blocks are arrays of expression maps. */
export interface PlanExpression {
  constant_value?: JsonValue;
  references?: string[];
}
export type PlanExpressions = Record<string, PlanExpression | PlanExpressions[] | undefined>;

/** A resource instance in `planned_values` or `prior_state`. */
export interface PlanResource {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  index?: number | string;
  values?: Record<string, JsonValue>;
}

/** A module instance in `planned_values` or `prior_state`. */
export interface PlanModule {
  address?: string;
  resources?: PlanResource[];
  child_modules?: PlanModule[];
}

/** A resource as the `configuration` section declares it. */
export interface ConfigResource {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  expressions?: PlanExpressions;
  count_expression?: PlanExpression;
  for_each_expression?: PlanExpression;
}

/** A module as the `configuration` section declares it. */
export interface ConfigModule {
  resources?: ConfigResource[];
  module_calls?: Record<
    string,
    {
      source: string;
      expressions?: PlanExpressions;
      module?: ConfigModule;
      count_expression?: PlanExpression;
      for_each_expression?: PlanExpression;
    }
  >;
  outputs?: Record<string, { expression?: PlanExpression }>;
  variables?: Record<string, { default?: JsonValue }>;
}

/** One entry of `resource_changes`. */
export interface ResourceChange {
  address: string;
  module_address?: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  index?: number | string;
  change: { actions: string[]; before?: JsonValue; after?: JsonValue; after_unknown?: JsonValue };
}

/** The parts of a plan the checker reads. */
export interface PlanDocument {
  format_version: string;
  terraform_version?: string;
  variables?: Record<string, { value?: JsonValue }>;
  planned_values: { root_module: PlanModule };
  prior_state?: { values?: { root_module?: PlanModule } };
  resource_changes?: ResourceChange[];
  configuration?: {
    provider_config?: Record<string, { name: string; expressions?: PlanExpressions; module_address?: string }>;
    root_module?: ConfigModule;
  };
  errored?: boolean;
}

/** What a JSON text turned out to be. */
export type PlanRecognition = { plan: PlanDocument } | { error: string };

/** Major version of the plan JSON format this reader understands. */
const SUPPORTED_MAJOR = 1;

/** True when the text is JSON whose top level looks like Terraform's plan or state output (cheap test for `check x.json`). */
export function looksLikeTerraformJson(text: string): boolean {
  const head = text.slice(0, 4096);
  return /^\s*\{/.test(head) && /"(format_version|terraform_version|planned_values|lineage)"/.test(text.slice(0, 1 << 20));
}

/**
 * Recognises a plan in `text` (named `name` in messages). Everything that is not a plan this reader
 * can use gets one message saying what it is.
 */
export function recognizePlan(text: string, name: string): PlanRecognition {
  if (text.startsWith('PK')) {
    return { error: `${name} is a binary plan file (terraform plan -out); convert it first: terraform show -json ${name} > ${name}.json` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { error: `${name} is not JSON (${(error as Error).message}); expected the output of \`terraform show -json <planfile>\`` };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return {
      error: `${name} is JSON but not a Terraform plan (its top level is ${Array.isArray(json) ? 'an array' : typeof json}); expected the output of \`terraform show -json <planfile>\``,
    };
  }
  const doc = json as Record<string, unknown>;
  if ('lineage' in doc && 'serial' in doc && ('resources' in doc || 'version' in doc)) {
    return {
      error: `${name} is a Terraform state file (terraform.tfstate), not a plan: run \`terraform plan -out=tfplan && terraform show -json tfplan > ${name}\` and check that`,
    };
  }
  const format = typeof doc.format_version === 'string' ? doc.format_version : undefined;
  if (!('planned_values' in doc)) {
    if (format && 'values' in doc) {
      return {
        error: `${name} is the JSON of a Terraform state (\`terraform show -json\` without a plan file), not a plan: run \`terraform show -json tfplan\` on a saved plan instead`,
      };
    }
    if (format && 'provider_schemas' in doc) return { error: `${name} is Terraform's provider schema JSON, not a plan` };
    if (format && 'valid' in doc && 'diagnostics' in doc)
      return { error: `${name} is the output of \`terraform validate -json\`, not a plan` };
    return {
      error: `${name} is JSON but not a Terraform plan (it has no "planned_values"); expected the output of \`terraform show -json <planfile>\``,
    };
  }
  if (!format) return { error: `${name} has "planned_values" but no "format_version": not a plan written by \`terraform show -json\`` };
  const major = Number(format.split('.')[0]);
  if (!Number.isInteger(major) || major < SUPPORTED_MAJOR) {
    return {
      error: `${name} is a plan in JSON format version ${format} (Terraform ${String(doc.terraform_version ?? 'older than 0.13')}), older than the format 1.x this checker reads: re-run \`terraform show -json\` with Terraform 1.0 or newer`,
    };
  }
  if (major > SUPPORTED_MAJOR) {
    return { error: `${name} is a plan in JSON format version ${format}, newer than the format 1.x this checker reads` };
  }
  const planned = doc.planned_values as { root_module?: unknown } | null;
  if (!planned || typeof planned !== 'object' || !planned.root_module || typeof planned.root_module !== 'object') {
    return {
      error: `${name} is a plan without planned values ("planned_values.root_module" is missing)${doc.errored ? ': the plan errored' : ''}`,
    };
  }
  return { plan: doc as unknown as PlanDocument };
}
