/**
 * A read view over a block body (a resource, a nested block, a `dynamic` block's content or a
 * synthesized resource of a registry module): attributes evaluated in the right scope, nested
 * blocks with `dynamic` blocks expanded, and the syntax nodes for ranges.
 */
import type { Attribute, Block, Body } from '../hcl/ast';
import type { Evaluator, Scope } from './evaluator';
import { originFile } from './merge';
import { headerRange, type SourceLocation } from './location';
import type { SensitiveSchema } from './sensitive';
import { asList, NULL, rememberMarkedTexts, withMarks, type Value } from './values';

export { headerRange, type SourceLocation } from './location';

/** Read access to one body. */
export class BodyView {
  /** Attribute values once evaluated (made on the first one: most views of a large root are never read). */
  private values: Map<string, Value> | undefined;
  /**
   * The attributes the provider marks sensitive here (and in nested blocks), with the analysis that
   * remembers their texts for redaction: their values carry the `sensitive` mark (values.ts).
   */
  private sensitive: { schema: SensitiveSchema; owner: object } | undefined;

  constructor(
    readonly evaluator: Evaluator,
    readonly scope: Scope,
    readonly file: string,
    readonly body: Body | null,
    /** Where the view points when nothing finer exists (the block header, or a module call for synthesized resources). */
    readonly location: SourceLocation,
    /** Attribute values given directly (synthesized resources of registry modules). */
    readonly given: Map<string, Value> | null = null,
    /** Nested blocks given directly (synthesized resources). */
    readonly givenBlocks: Map<string, BodyView[]> | null = null,
    /** Where each given attribute came from, for ranges. */
    readonly givenLocations: Map<string, SourceLocation> | null = null,
  ) {}

  /** Marks the values of the schema's sensitive attributes (of this body and its nested blocks) as sensitive. */
  markSensitive(schema: SensitiveSchema | undefined, owner: object): this {
    this.sensitive = schema ? { schema, owner } : undefined;
    return this;
  }

  /** True when the provider marks the attribute sensitive. */
  isSensitive(name: string): boolean {
    return this.sensitive?.schema.attributes.has(name) ?? false;
  }

  /** The attribute's syntax node, when it is written in this body. */
  attribute(name: string): Attribute | undefined {
    if (!this.body) return undefined;
    for (const item of this.body.items) if (item.kind === 'attribute' && item.name === name) return item;
    return undefined;
  }

  /** True when the attribute is written (or given). */
  has(name: string): boolean {
    return this.given?.has(name) ?? this.attribute(name) !== undefined;
  }

  /** The attribute's value; `null` when not written. */
  attr(name: string): Value {
    const cached = this.values?.get(name);
    if (cached) return cached;
    let value: Value;
    if (this.given) value = this.given.get(name) ?? NULL;
    else {
      const attribute = this.attribute(name);
      value = attribute ? this.evaluator.evaluate(attribute.expr, this.scope) : NULL;
    }
    if (this.sensitive && value.kind !== 'null' && this.isSensitive(name)) {
      value = withMarks(value, { sensitive: true });
      rememberMarkedTexts(this.sensitive.owner, value);
    }
    (this.values ??= new Map()).set(name, value);
    return value;
  }

  /** Where the attribute's value is written, falling back to the view's own location. */
  valueLocation(name: string): SourceLocation {
    const given = this.givenLocations?.get(name);
    if (given) return given;
    const attribute = this.attribute(name);
    return attribute ? { file: originFile(attribute) ?? this.file, range: attribute.expr.range } : this.location;
  }

  /** Nested blocks of a type, `dynamic "type"` blocks expanded when their `for_each` is known. */
  blocks(type: string): BodyView[] {
    if (this.givenBlocks) return this.givenBlocks.get(type) ?? [];
    if (!this.body) return [];
    const out: BodyView[] = [];
    for (const item of this.body.items) {
      if (item.kind !== 'block') continue;
      if (item.type === type && item.labels.length === 0) out.push(this.nested(item, this.scope));
      else if (item.type === 'dynamic' && item.labels[0] === type) out.push(...this.expandDynamic(item, type));
    }
    return out;
  }

  /** True when some `dynamic "type"` block could not be expanded, so `blocks(type)` may be incomplete. */
  hasUnknownBlocks(type: string): boolean {
    if (!this.body) return false;
    for (const item of this.body.items) {
      if (item.kind === 'block' && item.type === 'dynamic' && item.labels[0] === type) {
        const forEach = this.dynamicForEach(item);
        if (forEach === undefined) return true;
      }
    }
    return false;
  }

  /** The header location of a nested view. */
  private nested(block: Block, scope: Scope): BodyView {
    const file = originFile(block) ?? this.file;
    return this.nestedSensitive(new BodyView(this.evaluator, scope, file, block.body, { file, range: headerRange(block) }), block.type);
  }

  private nestedSensitive(view: BodyView, type: string): BodyView {
    return this.sensitive ? view.markSensitive(this.sensitive.schema.blocks.get(type), this.sensitive.owner) : view;
  }

  private dynamicForEach(block: Block): Array<{ key: Value; value: Value }> | undefined {
    const forEachAttr = block.body.items.find((i): i is Attribute => i.kind === 'attribute' && i.name === 'for_each');
    if (!forEachAttr) return undefined;
    const collection = this.evaluator.evaluate(forEachAttr.expr, this.scope);
    return iterationPairs(collection);
  }

  private expandDynamic(block: Block, type: string): BodyView[] {
    const pairs = this.dynamicForEach(block);
    if (!pairs) return [];
    const iteratorAttr = block.body.items.find((i): i is Attribute => i.kind === 'attribute' && i.name === 'iterator');
    let iteratorName = type;
    if (iteratorAttr && iteratorAttr.expr.type === 'variable') iteratorName = iteratorAttr.expr.name;
    const content = block.body.items.find((i): i is Block => i.kind === 'block' && i.type === 'content');
    if (!content) return [];
    return pairs.map(({ key, value }) => {
      const iterator: Value = {
        kind: 'object',
        entries: new Map([
          ['key', key],
          ['value', value],
        ]),
      };
      const scope = this.scope.with(iteratorName, iterator);
      return this.nestedSensitive(
        new BodyView(this.evaluator, scope, this.file, content.body, { file: this.file, range: headerRange(block) }),
        type,
      );
    });
  }
}

/** The key/value pairs `for_each` iterates: a map's entries or a set's elements (key = value). Undefined when unknown. */
export function iterationPairs(collection: Value): Array<{ key: Value; value: Value }> | undefined {
  if (collection.kind === 'object') {
    return [...collection.entries].map(([k, v]) => ({ key: { kind: 'string', value: k } as Value, value: v }));
  }
  // A collection of unknown size expands to an unknown number of blocks: not a list of known ones.
  if (collection.kind === 'unknown') return undefined;
  const items = asList(collection);
  if (!items) return undefined;
  if (items.some((i) => i.kind === 'unknown')) return undefined;
  return items.map((item) => ({ key: item, value: item }));
}
