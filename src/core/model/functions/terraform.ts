/**
 * The functions of Terraform's built-in provider (`provider::terraform::…`): encode_tfvars,
 * decode_tfvars and encode_expr, writing values in Terraform's own syntax the way `terraform fmt`
 * lays it out (lists inline, objects one attribute per line with aligned `=`).
 */
import type { Expression } from '../../hcl/ast';
import { parseHcl } from '../../hcl/parser';
import { isFullyKnown, type Value } from '../values';
import {
  arity,
  asEntries,
  asText,
  fail,
  object,
  pending,
  plainScalarText,
  quoteText,
  requireKnown,
  sortedEntries,
  type FunctionSpec,
} from './support';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function quote(text: string): string {
  // `${` and `%{` would start a template sequence: HCL writes them doubled.
  return quoteText(text, (ch, c, next) =>
    (ch === '$' || ch === '%') && next === '{' ? ch + ch : c < 0x20 ? '\\u' + c.toString(16).padStart(4, '0') : undefined,
  );
}

function expression(value: Value, indent: string): string {
  switch (value.kind) {
    case 'string':
      return quote(value.value);
    case 'number':
    case 'bool':
    case 'null':
      return plainScalarText(value);
    case 'json':
      return quote(JSON.stringify(value.value));
    case 'list':
      return '[' + value.items.map((i) => expression(i, indent)).join(', ') + ']';
    case 'object': {
      if (value.entries.size === 0) return '{}';
      return '{\n' + attributes(sortedEntries(value.entries), indent + '  ') + indent + '}';
    }
    default:
      return pending(value);
  }
}

function attributes(entries: Array<[string, Value]>, indent: string): string {
  const keys = entries.map(([k]) => (IDENTIFIER.test(k) ? k : quote(k)));
  const width = Math.max(...keys.map((k) => k.length));
  return entries.map(([, v], i) => `${indent}${keys[i].padEnd(width)} = ${expression(v, indent)}\n`).join('');
}

function constantOnly(expr: Expression): boolean {
  let ok = true;
  const visit = (node: unknown): void => {
    if (!ok || !node || typeof node !== 'object') return;
    const type = (node as { type?: string }).type;
    if (type === 'variable' || type === 'call' || type === 'for' || type === 'splat' || type === 'invalid') ok = false;
    for (const child of Object.values(node as Record<string, unknown>)) if (child && typeof child === 'object') visit(child);
  };
  visit(expr);
  return ok;
}

/** Functions of the built-in `terraform` provider, by their short name. */
export const TERRAFORM_PROVIDER_FUNCTIONS: Record<string, FunctionSpec> = {
  encode_expr: {
    fn: (args) => {
      arity(args, 1);
      if (args[0].kind === 'null') fail('encode_expr of null');
      requireKnown(args[0]);
      return { kind: 'string', value: expression(args[0], '') };
    },
  },
  encode_tfvars: {
    fn: (args) => {
      arity(args, 1);
      const entries = sortedEntries(asEntries(args[0], 'object'));
      for (const [k, v] of entries) {
        if (!IDENTIFIER.test(k)) fail('encode_tfvars: an attribute name is not a valid variable name');
        requireKnown(v);
      }
      return { kind: 'string', value: entries.length === 0 ? '' : attributes(entries, '') };
    },
  },
  decode_tfvars: {
    fn: (args, context) => {
      arity(args, 1);
      const file = parseHcl(asText(args[0], 'tfvars text'), 'decode_tfvars');
      if (file.errors.length > 0) fail('decode_tfvars: invalid tfvars syntax');
      const entries: Array<[string, Value]> = [];
      for (const item of file.body.items) {
        if (item.kind !== 'attribute') fail('decode_tfvars: blocks are not allowed in tfvars');
        if (!constantOnly(item.expr)) fail('decode_tfvars: tfvars values must be constants');
        const value = context.scope
          ? context.module.evaluator.evaluate(item.expr, context.scope)
          : pending({ kind: 'unknown', reason: 'decode_tfvars outside the evaluator' });
        if (!isFullyKnown(value)) fail('decode_tfvars: a value could not be evaluated');
        entries.push([item.name, value]);
      }
      return object(entries);
    },
  },
};
