/**
 * Renders the templates of the catalog (template-catalog.ts) as Terraform text in `terraform fmt`
 * layout, checking every value a caller passes. The catalog's types and data are re-exported here,
 * so the fixes import one module.
 */
import {
  definitionOf,
  PLACEHOLDER,
  RULE_BLOCKS,
  valueInString,
  type RuleBlockId,
  type TemplateDefinition,
  type TemplateId,
  type TemplateParam,
  type TemplateValues,
} from './template-catalog';

export {
  fullSetParts,
  RULE_BLOCK_IDS,
  TEMPLATE_IDS,
  TEMPLATES,
  type ResourceTemplate,
  type RuleBlockId,
  type TemplateId,
  type TemplateParam,
  type TemplateParamName,
  type TemplateValues,
} from './template-catalog';

/** A resource name label Terraform accepts (HCL identifier). */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Names that stand in a resource label position (`resource "type" "{{name}}"`), which must be identifiers. */
function labelParamsOf(definition: Pick<TemplateDefinition, 'source'>): Set<string> {
  const labels = new Set<string>();
  for (const match of definition.source.matchAll(/^resource "[^"]+" "\{\{([a-z][a-z0-9_]*)\}\}"/gm)) labels.add(match[1]);
  return labels;
}

/** Checks caller-supplied values and merges them over the defaults; throws with a clear message on bad input. */
function resolveValues(
  definition: { id: string; params: TemplateParam[]; source: string },
  values: TemplateValues | undefined,
): Map<string, string> {
  const resolved = new Map<string, string>(definition.params.map((p) => [p.name, p.default]));
  const labels = labelParamsOf(definition);
  for (const [name, value] of Object.entries(values ?? {})) {
    if (value === undefined) continue;
    if (!resolved.has(name)) {
      const known = definition.params.map((p) => p.name).join(', ');
      throw new Error(`Template "${definition.id}" has no parameter "${name}". Its parameters are: ${known}`);
    }
    if (typeof value !== 'string') {
      throw new Error(`Template "${definition.id}": value of "${name}" must be a string, got ${typeof value}`);
    }
    if (value.trim() === '') throw new Error(`Template "${definition.id}": value of "${name}" is empty`);
    if (/[\r\n]/.test(value)) {
      throw new Error(`Template "${definition.id}": value of "${name}" must be on one line (multi-line values would break fmt alignment)`);
    }
    if (labels.has(name) && !IDENTIFIER.test(value)) {
      throw new Error(`Template "${definition.id}": "${value}" is not a valid Terraform resource name for "${name}"`);
    }
    resolved.set(name, value.trim());
  }
  return resolved;
}

/**
 * Renders a template as plain Terraform text in `terraform fmt` layout, ending with one newline.
 * `values` are Terraform expressions (or, for `name`, a resource name) inserted verbatim; missing ones use the defaults.
 */
export function renderTemplate(id: TemplateId, values?: TemplateValues): string {
  const definition = definitionOf(id);
  const resolved = resolveValues(definition, values);
  return definition.source.replace(PLACEHOLDER, (_whole, name: string, inString: string | undefined) => {
    const value = resolved.get(name);
    if (value === undefined) throw new Error(`Template "${id}" uses undeclared parameter "${name}"`);
    return inString ? valueInString(value) : value;
  });
}

/** The resource addresses (`type.name`) a template creates with the given values, in text order. */
export function templateResourceAddresses(id: TemplateId, values?: TemplateValues): string[] {
  const text = renderTemplate(id, values);
  return [...text.matchAll(/^resource "([^"]+)" "([^"]+)"/gm)].map((m) => `${m[1]}.${m[2]}`);
}

/**
 * Renders an inline rule block in `terraform fmt` layout, every line prefixed with `indent` (the
 * indentation of the security group's body), ending with one newline. Values are one-line expressions.
 */
export function renderRuleBlock(id: RuleBlockId, values: TemplateValues, indent: string): string {
  const definition = RULE_BLOCKS.get(id);
  if (!definition) throw new Error(`Unknown rule block id "${String(id)}". Known ids: ${[...RULE_BLOCKS.keys()].join(', ')}`);
  const resolved = resolveValues(definition, values);
  const text = definition.source.replace(PLACEHOLDER, (_whole, name: string) => resolved.get(name)!);
  return text.replace(/^(?=.)/gm, indent);
}
