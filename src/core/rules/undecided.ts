/**
 * How a rule names the value that kept it from a verdict. A rule that cannot decide reports one
 * info finding at that value; its message says what the value is (`var.policy_arns`, a data source,
 * a value known only after apply) so the reader knows what to look at, or to check live.
 */
import type { BodyView } from '../model/body';
import { asString, type Value } from '../model/values';
import type { RuleContext } from './types';

/** Longest expression text quoted in a message; longer ones are described by their value instead. */
const MAX_QUOTED = 80;

/** The expression text of `view`'s attribute as written (`var.task_definition_arn`), when it is one short line. */
export function writtenExpression(context: RuleContext, view: BodyView, name: string): string | undefined {
  const attribute = view.attribute(name);
  if (!attribute) return undefined;
  const location = view.valueLocation(name);
  for (const module of context.configuration.modules) {
    const file = module.files.find((f) => f.path === location.file);
    if (!file) continue;
    const text = file.text.slice(location.range.start.offset, location.range.end.offset);
    return text.includes('\n') || text.length > MAX_QUOTED || text.trim() === '' ? undefined : text;
  }
  return undefined;
}

/** What an undecided value is, in words: `data.aws_iam_policy.x.arn`, `"arn:aws:..."`, or why it is not known. */
export function describeValue(value: Value | undefined): string {
  if (!value || value.kind === 'null') return 'not set';
  switch (value.kind) {
    case 'ref':
      return `${value.target.fullAddress}.${value.attribute}, known only after apply`;
    case 'unknown':
      return `not known here (${value.reason})`;
    case 'string':
      return `"${value.value.length > MAX_QUOTED ? value.value.slice(0, MAX_QUOTED) + '\u2026' : value.value}"`;
    default: {
      const text = asString(value);
      return text !== undefined ? `"${text}"` : `${/^[aeiou]/.test(value.kind) ? 'an' : 'a'} ${value.kind} value`;
    }
  }
}

/**
 * Names the value of `view`'s attribute for a message: its expression and why it is not known
 * (`var.policy_arns (variable "policy_arns" has no value in this configuration)`), or just one of them.
 */
export function nameValue(context: RuleContext, view: BodyView, name: string, value: Value = view.attr(name)): string {
  const written = writtenExpression(context, view, name);
  const described = value.kind === 'unknown' ? value.reason : describeValue(value);
  if (!written) return describeValue(value);
  if (value.kind === 'string' || value.kind === 'null' || described === written) return written;
  if (
    value.kind === 'ref' &&
    `${value.target.fullAddress}.${value.attribute}, known only after apply` === described &&
    written === `${value.target.address}.${value.attribute}`
  ) {
    return `${written}, known only after apply`;
  }
  return `${written} (${described})`;
}
