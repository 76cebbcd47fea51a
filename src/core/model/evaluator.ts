/**
 * Evaluates Terraform expressions the way Terraform would at plan time, as far as the
 * configuration alone allows: literals, templates, references between resources, variables
 * (arguments, tfvars, defaults), locals, module outputs, `for_each`/`count`, `for` expressions,
 * and the functions configurations use for these resources. Everything else is `unknown`.
 */
import { checkBudget, rethrowBudget } from '../budget';
import type { Expression, TemplateExpr } from '../hcl/ast';
import type { ModuleInstance, ResourceInstance } from './config';
import { callFunction } from './functions';
import {
  asBool,
  asNumber,
  asString,
  marksOf,
  NULL,
  partialText,
  str,
  symbolic,
  unionMarks,
  unknown,
  withMarks,
  type Value,
  type ValueMarks,
} from './values';

/** Names bound while evaluating: the module, plus `each`, `count`, `for` variables and dynamic iterators. */
const NO_BINDINGS: ReadonlyMap<string, Value> = new Map();
const topScopes = new WeakMap<ModuleInstance, Scope>();

export class Scope {
  private constructor(
    readonly module: ModuleInstance,
    private readonly bindings: ReadonlyMap<string, Value>,
  ) {}

  /** The top scope of a module (one per module instance: a scope never changes, `with` makes a new one). */
  static of(module: ModuleInstance): Scope {
    let scope = topScopes.get(module);
    if (!scope) topScopes.set(module, (scope = new Scope(module, NO_BINDINGS)));
    return scope;
  }

  /** A child scope with one more name bound. */
  with(name: string, value: Value): Scope {
    const bindings = new Map(this.bindings);
    bindings.set(name, value);
    return new Scope(this.module, bindings);
  }

  /** The bound value of a name, if any. */
  lookup(name: string): Value | undefined {
    return this.bindings.get(name);
  }
}

/** Resource and module objects, which only exist during evaluation (attribute access turns them into values). */
export type Evaluated = Value | { kind: 'resourceObject'; instance: ResourceInstance } | { kind: 'moduleObject'; instance: ModuleInstance };

const MAX_DEPTH = 150;
const MAX_COLLECTION = 10000;

/** Evaluates expressions; one per configuration (it holds the cycle guard). */
export class Evaluator {
  private depth = 0;
  private readonly inProgress = new Set<string>();

  /** Evaluates an expression to a value. Never throws. */
  evaluate(expr: Expression, scope: Scope): Value {
    return this.settle(this.evaluateInner(expr, scope));
  }

  /** Runs `compute` unless `key` is already being computed (a reference cycle), in which case the result is unknown. */
  guarded(key: string, compute: () => Value): Value {
    if (this.inProgress.has(key)) return unknown('reference cycle');
    this.inProgress.add(key);
    try {
      return compute();
    } finally {
      this.inProgress.delete(key);
    }
  }

  /** Turns resource and module objects into plain values (a resource as its `id` reference). */
  settle(value: Evaluated): Value {
    if (value.kind === 'resourceObject') return value.instance.objectValue();
    if (value.kind === 'moduleObject') return value.instance.outputsValue();
    return value;
  }

  private evaluateInner(expr: Expression, scope: Scope): Evaluated {
    if (this.depth > MAX_DEPTH) return unknown('expression nested too deeply');
    checkBudget();
    this.depth++;
    try {
      return this.dispatch(expr, scope);
    } catch (error) {
      rethrowBudget(error);
      // A bug in one expression must not take the analysis down; say so in the value.
      return unknown(`could not evaluate: ${(error as Error).message}`);
    } finally {
      this.depth--;
    }
  }

  private dispatch(expr: Expression, scope: Scope): Evaluated {
    switch (expr.type) {
      case 'literal':
        if (expr.value === null) return NULL;
        if (typeof expr.value === 'number') return { kind: 'number', value: expr.value };
        if (typeof expr.value === 'boolean') return { kind: 'bool', value: expr.value };
        return str(expr.value);
      case 'template':
        return this.template(expr, scope);
      case 'tuple':
        return { kind: 'list', items: expr.items.map((item) => this.evaluate(item, scope)) };
      case 'object': {
        const entries = new Map<string, Value>();
        for (const item of expr.items) {
          const key = item.key.type === 'variable' ? item.key.name : asString(this.evaluate(item.key, scope));
          if (key === undefined) return unknown('object with a computed key');
          entries.set(key, this.evaluate(item.value, scope));
        }
        return { kind: 'object', entries };
      }
      case 'variable':
        return this.variable(expr.name, scope);
      case 'getAttr':
        return this.getAttr(this.evaluateInner(expr.object, scope), expr.name);
      case 'index': {
        const key = this.evaluate(expr.key, scope);
        return this.index(this.evaluateInner(expr.object, scope), key);
      }
      case 'splat': {
        const target = this.evaluateInner(expr.object, scope);
        let items: Evaluated[];
        if (target.kind === 'list') items = target.items;
        else if (target.kind === 'null') items = [];
        else if (target.kind === 'unknown' && !target.each) return unknown(target.reason);
        else if (target.kind === 'unknown') items = [target.each!];
        else items = [target];
        const mapped = items.map((item) => {
          let current: Evaluated = item;
          for (const step of expr.traversal) {
            current = step.kind === 'attr' ? this.getAttr(current, step.name) : this.index(current, this.evaluate(step.key, scope));
          }
          return this.settle(current);
        });
        if (target.kind === 'unknown') return symbolic(target.reason, mapped[0]);
        return { kind: 'list', items: mapped };
      }
      case 'call': {
        const args = expr.args.map((arg) => this.evaluate(arg, scope));
        if (expr.expandFinal && args.length > 0) {
          const last = args.pop()!;
          if (last.kind !== 'list') return unknown(`${expr.name}(...) with an unknown expanded argument`);
          args.push(...last.items);
        }
        const result = callFunction(expr.name, args, scope.module, expr.args, scope);
        // Conversions that keep every element as it is keep a collection of alike elements alike.
        const first = args[0];
        if (result.kind === 'unknown' && !result.each && first?.kind === 'unknown' && first.each && ELEMENT_PRESERVING.has(expr.name)) {
          return symbolic(first.reason, first.each);
        }
        if (expr.name === 'element' && first?.kind === 'unknown' && first.each) return first.each;
        return result;
      }
      case 'for':
        return this.forExpression(expr, scope);
      case 'conditional': {
        const condition = asBool(this.evaluate(expr.condition, scope));
        if (condition === true) return this.evaluateInner(expr.trueExpr, scope);
        if (condition === false) return this.evaluateInner(expr.falseExpr, scope);
        return unknown('condition not known before apply');
      }
      case 'binary':
        return binary(expr.op, this.evaluate(expr.left, scope), this.evaluate(expr.right, scope));
      case 'unary': {
        const operand = this.evaluate(expr.operand, scope);
        if (expr.op === '!') {
          const b = asBool(operand);
          return b === undefined ? unknown('negation of an unknown') : { kind: 'bool', value: !b };
        }
        const n = asNumber(operand);
        return n === undefined ? unknown('negation of an unknown') : { kind: 'number', value: -n };
      }
      case 'paren':
        return this.evaluateInner(expr.expr, scope);
      case 'invalid':
        return unknown('syntax error');
    }
  }

  private template(expr: TemplateExpr, scope: Scope): Value {
    // A template that is one interpolation and nothing else yields the inner value unchanged, as HCL does.
    if (expr.parts.length === 1 && expr.parts[0].kind === 'interpolation') return this.evaluate(expr.parts[0].expr, scope);
    const pieces: Array<string | Value> = [];
    let reason = '';
    let marks: ValueMarks | undefined;
    for (const part of expr.parts) {
      if (part.kind === 'text') pieces.push(part.value);
      else if (part.kind === 'directive') {
        reason = 'template directive';
        pieces.push(unknown('template directive'));
      } else {
        const value = this.evaluate(part.expr, scope);
        marks = unionMarks(marks, marksOf(value));
        if (asString(value) === undefined) reason = value.kind === 'unknown' ? value.reason : `${value.kind} in a string template`;
        pieces.push(value);
      }
    }
    const result = partialText(pieces, reason);
    // A string built from a sensitive or file-read value is as sensitive as it (values.ts marks).
    return marks ? withMarks(result, marks) : result;
  }

  private variable(name: string, scope: Scope): Evaluated {
    const bound = scope.lookup(name);
    if (bound) return bound;
    const module = scope.module;
    switch (name) {
      case 'var':
        return {
          kind: 'object',
          entries: new LazyEntries(
            (key) => module.variableValue(key),
            () => module.variableNames(),
          ),
        };
      case 'local':
        return {
          kind: 'object',
          entries: new LazyEntries(
            (key) => module.localValue(key),
            () => module.localNames(),
          ),
        };
      case 'path':
        return {
          kind: 'object',
          entries: new Map<string, Value>([
            ['module', module.dir ? str(module.dir) : unknown('remote module path')],
            ['root', str(module.root.dir ?? '.')],
            ['cwd', unknown('working directory')],
          ]),
        };
      case 'terraform':
        return { kind: 'object', entries: new Map<string, Value>([['workspace', unknown('Terraform workspace')]]) };
      case 'module':
        return {
          kind: 'object',
          entries: new LazyEntries(
            (key) => module.moduleCallValue(key),
            () => module.moduleCallNames(),
          ),
        };
      case 'data':
        return {
          kind: 'object',
          entries: new LazyEntries(
            (type) => module.dataTypeValue(type),
            () => [],
          ),
        };
      case 'each':
      case 'count':
      case 'self':
        return unknown(`${name} outside its block`);
      default:
        return module.resourceTypeValue(name);
    }
  }

  /** `object.name` */
  getAttr(target: Evaluated, name: string): Evaluated {
    switch (target.kind) {
      case 'resourceObject':
        return target.instance.attributeForReference(name);
      case 'moduleObject':
        return target.instance.outputValue(name);
      case 'object': {
        if (target.entries instanceof LazyEntries) return target.entries.resolve(name);
        const v = target.entries.get(name);
        return v ?? failed(`no attribute "${name}"`);
      }
      case 'unknown':
        return unknown(target.reason);
      case 'ref':
        return unknown(`${target.target.address}.${target.attribute}.${name} is known only after apply`);
      case 'json':
        return unknown('attribute of a JSON string');
      default:
        return failed(`no attribute "${name}" on a ${target.kind}`);
    }
  }

  /** `object[key]` */
  index(target: Evaluated, key: Value): Evaluated {
    if (target.kind === 'list') {
      const i = asNumber(key);
      if (i === undefined) return unknown('index not known before apply');
      return target.items[i] ?? failed(`index ${i} out of range`);
    }
    if (target.kind === 'object') {
      const k = asString(key);
      if (k === undefined) return unknown('key not known before apply');
      if (target.entries instanceof LazyEntries) return target.entries.resolve(k);
      return target.entries.get(k) ?? failed('no such key');
    }
    // Any element of a collection of alike elements is that element.
    if (target.kind === 'unknown' && target.each) return target.each;
    if (target.kind === 'unknown') return unknown(target.reason);
    return failed(`cannot index a ${target.kind}`);
  }

  private forExpression(expr: Extract<Expression, { type: 'for' }>, scope: Scope): Value {
    const collection = this.evaluate(expr.collection, scope);
    let pairs: Array<[Value, Value]>;
    if (collection.kind === 'list') pairs = collection.items.map((item, i) => [{ kind: 'number', value: i }, item]);
    else if (collection.kind === 'object') pairs = [...collection.entries].map(([k, v]) => [str(k), v]);
    else if (collection.kind === 'unknown' && collection.each) return this.forOverAlike(expr, scope, collection.reason, collection.each);
    else if (collection.kind === 'unknown') return unknown(collection.reason);
    else return unknown(`for expression over a ${collection.kind}`);
    if (pairs.length > MAX_COLLECTION) return unknown('collection too large to expand');
    const listOut: Value[] = [];
    const objectOut = new Map<string, Value>();
    for (const [key, value] of pairs) {
      let inner = scope.with(expr.valueVar, value);
      if (expr.keyVar) inner = inner.with(expr.keyVar, key);
      if (expr.condition) {
        const keep = asBool(this.evaluate(expr.condition, inner));
        if (keep === undefined) return unknown('for condition not known before apply');
        if (!keep) continue;
      }
      const produced = this.evaluate(expr.valueExpr, inner);
      if (expr.isObject && expr.keyExpr) {
        const k = asString(this.evaluate(expr.keyExpr, inner));
        if (k === undefined) return unknown('for expression with an unknown key');
        if (expr.grouping) {
          const group = objectOut.get(k);
          if (group && group.kind === 'list') group.items.push(produced);
          else objectOut.set(k, { kind: 'list', items: [produced] });
        } else objectOut.set(k, produced);
      } else listOut.push(produced);
    }
    return expr.isObject ? { kind: 'object', entries: objectOut } : { kind: 'list', items: listOut };
  }

  /** A `for` over a collection of alike elements: the result is alike too, each element what the template gives. */
  private forOverAlike(expr: Extract<Expression, { type: 'for' }>, scope: Scope, reason: string, each: Value): Value {
    let inner = scope.with(expr.valueVar, each);
    if (expr.keyVar) inner = inner.with(expr.keyVar, unknown('key of an element of a collection of unknown size'));
    if (expr.condition && asBool(this.evaluate(expr.condition, inner)) === false)
      return expr.isObject ? { kind: 'object', entries: new Map() } : { kind: 'list', items: [] };
    const produced = this.evaluate(expr.valueExpr, inner);
    return symbolic(reason, expr.grouping ? { kind: 'list', items: [produced] } : produced);
  }
}

/** Functions whose result holds the elements of their first argument unchanged (some of them, in some order). */
const ELEMENT_PRESERVING = new Set([
  'toset',
  'tolist',
  'values',
  'distinct',
  'compact',
  'sort',
  'reverse',
  'slice',
  'nonsensitive',
  'sensitive',
]);

/**
 * Map entries resolved on demand: `var`, `local`, `module`, `data` and resource types are looked
 * up by name only when referenced, so unrelated values are never computed.
 */
export class LazyEntries extends Map<string, Value> {
  constructor(
    private readonly resolver: (key: string) => Evaluated,
    private readonly names: () => string[],
  ) {
    super();
  }

  /** Resolves one name (possibly to a resource or module object). */
  resolve(key: string): Evaluated {
    return this.resolver(key);
  }

  override get(key: string): Value | undefined {
    const v = this.resolver(key);
    if (v.kind === 'resourceObject') return v.instance.objectValue();
    if (v.kind === 'moduleObject') return v.instance.outputsValue();
    return v;
  }

  override has(key: string): boolean {
    return this.names().includes(key);
  }

  override *entries(): MapIterator<[string, Value]> {
    for (const name of this.names()) yield [name, this.get(name)!];
  }

  override [Symbol.iterator](): MapIterator<[string, Value]> {
    return this.entries();
  }

  override *values(): MapIterator<Value> {
    for (const [, v] of this.entries()) yield v;
  }

  override *keys(): MapIterator<string> {
    for (const name of this.names()) yield name;
  }

  override get size(): number {
    return this.names().length;
  }
}

/** What Terraform would report as an error: unknown here, marked so `try()` and `can()` see it as a failure. */
function failed(reason: string): Value {
  return { kind: 'unknown', reason, error: true };
}

function binary(op: string, left: Value, right: Value): Value {
  if (op === '==' || op === '!=') {
    if (left.kind === 'unknown' || right.kind === 'unknown') return unknown('comparison with an unknown');
    const equal = equalForCompare(left, right, new Map());
    return { kind: 'bool', value: op === '==' ? equal : !equal };
  }
  if (op === '&&' || op === '||') {
    const l = asBool(left);
    const r = asBool(right);
    if (op === '&&' && (l === false || r === false)) return { kind: 'bool', value: false };
    if (op === '||' && (l === true || r === true)) return { kind: 'bool', value: true };
    if (l === undefined || r === undefined) return unknown('logic with an unknown');
    return { kind: 'bool', value: op === '&&' ? l && r : l || r };
  }
  const l = asNumber(left);
  const r = asNumber(right);
  if (l === undefined || r === undefined) return unknown('arithmetic with an unknown');
  switch (op) {
    case '+':
      return { kind: 'number', value: l + r };
    case '-':
      return { kind: 'number', value: l - r };
    case '*':
      return { kind: 'number', value: l * r };
    case '/':
      return r === 0 ? unknown('division by zero') : { kind: 'number', value: l / r };
    case '%':
      return r === 0 ? unknown('modulo by zero') : { kind: 'number', value: l % r };
    case '<':
      return { kind: 'bool', value: l < r };
    case '<=':
      return { kind: 'bool', value: l <= r };
    case '>':
      return { kind: 'bool', value: l > r };
    case '>=':
      return { kind: 'bool', value: l >= r };
    default:
      return unknown(`operator ${op}`);
  }
}

/**
 * Structural equality for `==`/`!=` (unknowns compare as "?", refs by address). Values are shared
 * (`a1 = [local.a0, local.a0]`): a pair already being compared, or compared equal, is not compared
 * again, so a DAG costs its size, not the size of the tree it unfolds to.
 */
function equalForCompare(left: Value, right: Value, done: Map<Value, Set<Value>>): boolean {
  if (left === right) return true;
  const leftLeaf = leafForCompare(left);
  const rightLeaf = leafForCompare(right);
  if (leftLeaf !== NOT_A_LEAF || rightLeaf !== NOT_A_LEAF) return leftLeaf === rightLeaf;
  if (left.kind !== right.kind) return false;
  let pairs = done.get(left);
  if (pairs?.has(right)) return true;
  if (!pairs) done.set(left, (pairs = new Set()));
  pairs.add(right);
  if (left.kind === 'list' && right.kind === 'list') {
    if (left.items.length !== right.items.length) return false;
    for (let i = 0; i < left.items.length; i++) if (!equalForCompare(left.items[i], right.items[i], done)) return false;
    return true;
  }
  if (left.kind === 'json' && right.kind === 'json') return equalForCompare(left.value, right.value, done);
  if (left.kind === 'object' && right.kind === 'object') {
    const keys = [...left.entries.keys()];
    if (keys.length !== right.entries.size) return false;
    for (const key of keys) {
      const other = right.entries.get(key);
      if (other === undefined || !equalForCompare(left.entries.get(key)!, other, done)) return false;
    }
    return true;
  }
  return false;
}

const NOT_A_LEAF = Symbol('not a leaf');

/** The comparable form of a primitive, null, unknown or ref; NOT_A_LEAF for lists, objects and json. */
function leafForCompare(value: Value): unknown {
  switch (value.kind) {
    case 'list':
    case 'object':
    case 'json':
      return NOT_A_LEAF;
    case 'ref':
      return `ref:${value.target.fullAddress}.${value.attribute}`;
    case 'null':
      return null;
    case 'unknown':
      return '?';
    default:
      return value.value;
  }
}
