/**
 * Renders template text as `templatefile()` and `templatestring()` do: `${…}` interpolations and
 * `%{if}`/`%{for}` directives (with `~` strip markers), the expressions evaluated by the checker's
 * evaluator with only the template's variables in scope. A part that is not known makes the result
 * unknown, keeping the known text as a pattern (`*` for the unknown parts).
 */
import type { Expression, TemplatePart } from '../../hcl/ast';
import { parseHcl } from '../../hcl/parser';
import { asString, partialText, str, unknown, type Value } from '../values';
import { asBoolean, asEntries, fail, isPending, numberText, pending, Stop, type CallContext } from './support';
import type { Scope } from '../evaluator';

const SENTINEL = '\uE000';
const MAX_OUTPUT = 4 * 1024 * 1024;
const MAX_ITERATIONS = 100_000;

/** Parses template text into its parts (undefined on a syntax error). */
function parseTemplate(text: string): TemplatePart[] | undefined {
  let delimiter = 'PECR_TEMPLATE';
  while (text.includes(delimiter)) delimiter += '_X';
  const file = parseHcl(`t = <<${delimiter}\n${text}${SENTINEL}\n${delimiter}\n`, 'template');
  const item = file.body.items[0];
  if (file.errors.length > 0 || !item || item.kind !== 'attribute' || item.expr.type !== 'template') return undefined;
  const parts = item.expr.parts.map((p) => ({ ...p }));
  const last = parts[parts.length - 1];
  if (!last || last.kind !== 'text' || !last.value.endsWith(SENTINEL + '\n')) return undefined;
  last.value = last.value.slice(0, -SENTINEL.length - 1);
  return parts;
}

function parseExpressionText(text: string): Expression | undefined {
  const file = parseHcl(`x = ${text}\n`, 'template');
  const item = file.body.items[0];
  return file.errors.length === 0 && item && item.kind === 'attribute' ? item.expr : undefined;
}

type Node =
  | { kind: 'text'; value: string }
  | { kind: 'expr'; expr: Expression }
  | { kind: 'if'; condition: Expression; then: Node[]; otherwise: Node[] }
  | { kind: 'for'; keyVar?: string; valueVar: string; collection: Expression; body: Node[] };

/** Builds the directive tree; undefined when a directive is malformed. */
function buildTree(parts: TemplatePart[]): Node[] | undefined {
  const root: Node[] = [];
  const stack: Array<{ node: Node & { kind: 'if' | 'for' }; inElse: boolean }> = [];
  const target = (): Node[] => {
    const top = stack[stack.length - 1];
    if (!top) return root;
    if (top.node.kind === 'for') return top.node.body;
    return top.inElse ? top.node.otherwise : top.node.then;
  };
  for (const part of parts) {
    if (part.kind === 'text') target().push({ kind: 'text', value: part.value });
    else if (part.kind === 'interpolation') target().push({ kind: 'expr', expr: part.expr });
    else {
      const m = /^%\{~?\s*(if|else|endif|for|endfor)\b([\s\S]*?)~?\}$/.exec(part.text);
      if (!m) return undefined;
      const [, keyword, rest] = m;
      if (keyword === 'if') {
        const condition = parseExpressionText(rest);
        if (!condition) return undefined;
        const node: Node & { kind: 'if' } = { kind: 'if', condition, then: [], otherwise: [] };
        target().push(node);
        stack.push({ node, inElse: false });
      } else if (keyword === 'for') {
        const header = /^\s*([A-Za-z_][\w-]*)\s*(?:,\s*([A-Za-z_][\w-]*)\s*)?\bin\b([\s\S]*)$/.exec(rest);
        const collection = header ? parseExpressionText(header[3]) : undefined;
        if (!header || !collection) return undefined;
        const node: Node & { kind: 'for' } = header[2]
          ? { kind: 'for', keyVar: header[1], valueVar: header[2], collection, body: [] }
          : { kind: 'for', valueVar: header[1], collection, body: [] };
        target().push(node);
        stack.push({ node, inElse: false });
      } else if (keyword === 'else') {
        const top = stack[stack.length - 1];
        if (!top || top.node.kind !== 'if' || top.inElse) return undefined;
        top.inElse = true;
      } else {
        const top = stack.pop();
        if (!top || (keyword === 'endif') !== (top.node.kind === 'if')) return undefined;
      }
    }
  }
  return stack.length === 0 ? root : undefined;
}

class Renderer {
  text = '';
  pattern = '';
  known = true;
  reason = '';
  iterations = 0;
  /** The output as known text and the values of its unknown parts, so JSON in it keeps its structure. */
  readonly pieces: Array<string | Value> = [];

  constructor(private readonly evaluate: (expr: Expression, scope: Scope) => Value) {}

  render(nodes: Node[], scope: Scope): void {
    for (const node of nodes) {
      if (++this.iterations > MAX_ITERATIONS || this.text.length > MAX_OUTPUT) fail('template output too large');
      switch (node.kind) {
        case 'text':
          this.add(node.value);
          break;
        case 'expr':
          this.interpolate(this.evaluate(node.expr, scope));
          break;
        case 'if': {
          const condition = this.evaluate(node.condition, scope);
          if (isPending(condition)) pending(condition, 'a template condition');
          this.render(asBoolean(condition, 'template condition') ? node.then : node.otherwise, scope);
          break;
        }
        case 'for': {
          const collection = this.evaluate(node.collection, scope);
          if (isPending(collection)) pending(collection, 'a template for collection');
          const pairs: Array<[Value, Value]> =
            collection.kind === 'list'
              ? collection.items.map((v, i) => [{ kind: 'number', value: i }, v])
              : collection.kind === 'object'
                ? [...asEntries(collection)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [str(k), v])
                : fail('template for over a value that is not a collection');
          for (const [key, value] of pairs) {
            let inner = scope.with(node.valueVar, value);
            if (node.keyVar) inner = scope.with(node.keyVar, key).with(node.valueVar, value);
            this.render(node.body, inner);
          }
          break;
        }
      }
    }
  }

  private add(text: string): void {
    this.pieces.push(text);
    this.text += text;
    this.pattern += text.replace(/\*/g, '');
  }

  private interpolate(value: Value): void {
    if (value.kind === 'unknown' && value.error) throw new Stop({ kind: 'unknown', reason: value.reason, error: true });
    if (value.kind === 'null') fail('null interpolated in a template');
    if (value.kind === 'list' || value.kind === 'object') fail('a list or map interpolated in a template');
    const text = value.kind === 'number' ? numberText(value.value) : asString(value);
    if (text !== undefined) {
      this.add(text);
      return;
    }
    this.known = false;
    this.pieces.push(value);
    this.reason = value.kind === 'unknown' ? value.reason : 'a value known only after apply in a template';
    this.pattern += value.kind === 'unknown' && value.pattern !== undefined ? value.pattern : '*';
  }
}

/** Renders `text` with `vars` (an object) in scope; `label` names the call in reasons. */
export function renderTemplateText(text: string, vars: Value | undefined, context: CallContext, label: string): Value {
  if (!context.scope) return unknown(`${label} outside the evaluator`);
  const parts = parseTemplate(text);
  const tree = parts && buildTree(parts);
  if (!tree) fail(`${label}: the template has a syntax error`);
  let scope = context.scope;
  const variables = vars === undefined || vars.kind === 'null' ? new Map<string, Value>() : asEntries(vars, 'template variables');
  for (const [name, value] of variables) {
    if (!/^[A-Za-z_][\w-]*$/.test(name)) fail(`${label}: invalid template variable name`);
    scope = scope.with(name, value);
  }
  const evaluator = context.module.evaluator;
  const renderer = new Renderer((expr, s) => evaluator.evaluate(expr, s));
  renderer.render(tree, scope);
  if (renderer.known) return str(renderer.text);
  return partialText(renderer.pieces, renderer.reason);
}
