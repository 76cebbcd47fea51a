/**
 * The configuration Terraform would build from a root module: module instances (local child
 * modules followed, known registry modules synthesized), resource and data instances expanded by
 * `count`/`for_each`, variables bound to the caller's arguments, tfvars and defaults.
 */
import * as nodePath from 'path';
import { checkBudget } from '../budget';
import type { Attribute, Block, HclFile } from '../hcl/ast';
import { parseHcl } from '../hcl/parser';
import { BodyView, headerRange, iterationPairs, type SourceLocation } from './body';
import { Evaluator, LazyEntries, Scope, type Evaluated } from './evaluator';
import { loadModuleSource, type ModuleSource, type ParseCache } from './loader';
import { dataDirOf, normalizeSource, readModuleManifest, type ModuleManifest } from './manifest';
import { mergeModuleFiles, originFile, type MergedModule, type TopBlock } from './merge';
import { synthesizeRegistryModule, registryModuleKind, type RegistryModuleKind } from './registry-modules';
import type { SourceReader } from './source';
import { sensitiveSchemaOf, type SensitiveSchema } from './sensitive';
import { asNumber, asString, NULL, str, rememberMarkedTexts, symbolic, unknown, withMarks, type Value } from './values';

/** A problem found while building the configuration (bad files, module sources, cycles). */
export interface LoadProblem {
  kind: 'syntax' | 'unreadable' | 'module-source' | 'duplicate-block' | 'module-not-installed' | 'module-not-followed';
  severity: 'error' | 'warning' | 'info';
  message: string;
  file: string;
  range: import('../hcl/ast').Range | null;
  module: string;
  /** Another place involved (the first declaration of a duplicate). */
  related?: { file: string; range: import('../hcl/ast').Range; message: string };
}

/**
 * Variable values from outside the configuration, as Terraform takes them: `TF_VAR_<name>`
 * environment variables (lowest), then the root's automatic variable files, then `-var-file` and
 * `-var` in command-line order (highest).
 */
export interface VariableInputs {
  /** `TF_VAR_<name>` values by variable name. */
  env?: Record<string, string>;
  /** `-var-file` (absolute path) and `-var name=value`, in command-line order. */
  cli?: Array<{ file: string } | { name: string; value: string }>;
}

/**
 * Which module calls are followed (`modules` in `.private-ecr.json`), with tflint's `call_module_type`
 * meaning: `all` local and remote (installed) calls, `local` only calls whose source is a local path,
 * `none` no call; `skip` names calls never followed, by address (`module.legacy`, `module.app.module.db`;
 * instance keys do not matter). A call not followed gives one info finding and a "skipped" line.
 */
export interface ModuleFollow {
  follow?: 'all' | 'local' | 'none';
  skip?: string[];
}

/** How a configuration is read beyond its files. */
export interface ConfigurationOptions {
  /** `TF_DATA_DIR` as set in the environment (relative to the root), if it is. */
  tfDataDir?: string;
  modules?: ModuleFollow;
}

/** A module address without instance keys: `module.a[0].module.b["x"]` → `module.a.module.b`. */
export function unkeyedAddress(address: string): string {
  return address.trim().replace(/\[[^\]]*\]/g, '');
}

/** Something the checker did not analyse, and why (shown at the end of the output). */
export interface SkippedItem {
  /** A file, or a module call address such as `module.vpc`. */
  what: string;
  reason: string;
  /** For a module call: the root module folder it was found under. */
  root?: string;
}

/** The merged top-level blocks of each module source. */
const mergedBySource = new WeakMap<ModuleSource, MergedModule>();

/**
 * The last merge of each module folder's files, by the first file's tree: a merge is a function of the
 * file trees (in order), which of them are overrides, and the folder, so a later analysis whose module
 * has the very same trees (the parse cache returns the same tree for the same text) reuses it. A merged
 * module is never modified after it is made.
 */
const lastMerge = new WeakMap<HclFile, { files: HclFile[]; overrides: string[]; dir: string; merged: MergedModule }>();

function mergedOf(source: ModuleSource): MergedModule {
  let result = mergedBySource.get(source);
  if (!result) {
    const overrides = [...source.overrides].sort();
    const first = source.files[0];
    const last = first ? lastMerge.get(first) : undefined;
    if (
      last &&
      last.dir === source.dir &&
      last.files.length === source.files.length &&
      last.files.every((file, i) => file === source.files[i]) &&
      last.overrides.length === overrides.length &&
      last.overrides.every((path, i) => path === overrides[i])
    )
      result = last.merged;
    else {
      result = mergeModuleFiles(source.files, source.overrides, source.dir);
      if (first) lastMerge.set(first, { files: [...source.files], overrides, dir: source.dir, merged: result });
    }
    mergedBySource.set(source, result);
  }
  return result;
}

/** How deep module calls may nest before the checker stops following them. */
const MAX_MODULE_DEPTH = 24;
/** How many instances `count`/`for_each` may expand to before the checker stops. */
const MAX_INSTANCES = 1000;
/** How many module instances one configuration may hold (nested `count = 1000` multiplies). */
export const MAX_MODULE_INSTANCES = 2000;
/** How many resource and data instances one configuration may hold: far above what a real configuration declares (a 10 MB file of small resources is about 100,000), low enough that nested fan-out stops before memory runs out. */
export const MAX_RESOURCE_INSTANCES = 250000;

/** Instance key from `count` (number) or `for_each` (string). */
export type InstanceKey = string | number | undefined;

/** Formats an instance key as Terraform prints it: `[0]` or `["name"]`. */
export function formatKey(key: InstanceKey): string {
  if (key === undefined) return '';
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
}

/** One `resource` or `data` block, before expansion, with what its expansion needs that depends only on the block. */
interface ResourceDeclaration {
  mode: 'managed' | 'data';
  type: string;
  name: string;
  block: Block;
  file: string;
  /** `managed.aws_vpc.main`: the key of its instances in a module. */
  groupKey: string;
  /** `managed\0aws_vpc\0main`: its key in the module's index. */
  indexKey: string;
  /** Where its instances point: the block header. */
  location: SourceLocation;
  count: Attribute | undefined;
  forEach: Attribute | undefined;
  /** The provider's sensitive attributes of the type, null for none. */
  sensitive: SensitiveSchema | null;
}

/**
 * Declarations by top-level entry: everything in a declaration is a function of the block and its file,
 * and the merge shares an unchanged file's entries between analyses, so an unchanged block's declaration is
 * made once. Declarations are never modified.
 */
const declarationsByEntry = new WeakMap<TopBlock, ResourceDeclaration | null>();

function declarationOfEntry(entry: TopBlock, mode: 'managed' | 'data'): ResourceDeclaration | null {
  let declaration = declarationsByEntry.get(entry);
  if (declaration !== undefined) return declaration;
  const { block, file } = entry;
  if (block.labels.length < 2) declaration = null;
  else {
    const [type, name] = block.labels;
    declaration = {
      mode,
      type,
      name,
      block,
      file,
      groupKey: `${mode}.${type}.${name}`,
      indexKey: `${mode}\u0000${type}\u0000${name}`,
      location: { file, range: headerRange(block) },
      count: findAttribute(block, 'count'),
      forEach: findAttribute(block, 'for_each'),
      sensitive: sensitiveSchemaOf(mode, type) ?? null,
    };
  }
  declarationsByEntry.set(entry, declaration);
  return declaration;
}

/** A module's declarations and their index by address (the first declaration of each), made once per merged module. */
interface DeclarationTable {
  list: ResourceDeclaration[];
  index: Map<string, ResourceDeclaration>;
}

const declarationTables = new WeakMap<MergedModule, DeclarationTable>();
const EMPTY_DECLARATIONS: DeclarationTable = { list: [], index: new Map() };

function declarationTableOf(merged: MergedModule): DeclarationTable {
  let table = declarationTables.get(merged);
  if (!table) {
    table = { list: [], index: new Map() };
    for (const [blockType, mode] of [
      ['resource', 'managed'],
      ['data', 'data'],
    ] as const) {
      for (const entry of merged.byType.get(blockType) ?? []) {
        const declaration = declarationOfEntry(entry, mode);
        if (!declaration) continue;
        table.list.push(declaration);
        if (!table.index.has(declaration.indexKey)) table.index.set(declaration.indexKey, declaration);
      }
    }
    declarationTables.set(merged, table);
  }
  return table;
}

/** One instance of a resource or data source. */
export class ResourceInstance extends BodyView {
  private objectCache: Value | undefined;

  constructor(
    readonly module: ModuleInstance,
    readonly mode: 'managed' | 'data',
    readonly type: string,
    readonly name: string,
    readonly key: InstanceKey,
    /** False when `count`/`for_each` could not be evaluated: the instance may not exist. */
    readonly certain: boolean,
    readonly block: Block | null,
    file: string,
    scope: Scope,
    location: SourceLocation,
    given: Map<string, Value> | null = null,
    givenBlocks: Map<string, BodyView[]> | null = null,
    givenLocations: Map<string, SourceLocation> | null = null,
    /** The provider's sensitive attributes of the type, null for none (the expansion looks them up once per block). */
    sensitive?: SensitiveSchema | null,
  ) {
    super(module.evaluator, scope, file, block ? block.body : null, location, given, givenBlocks, givenLocations);
    this.markSensitive(sensitive === undefined ? sensitiveSchemaOf(mode, type) : (sensitive ?? undefined), module.configuration);
  }

  /** Address inside its module: `aws_subnet.private[0]`, `data.aws_region.current`. */
  get address(): string {
    return `${this.mode === 'data' ? 'data.' : ''}${this.type}.${this.name}${formatKey(this.key)}`;
  }

  /** Address from the root: `module.network.aws_subnet.private[0]`. */
  get fullAddress(): string {
    return this.module.path ? `${this.module.path}.${this.address}` : this.address;
  }

  /** True for resources synthesized from a registry module's inputs. */
  get synthesized(): boolean {
    return this.block === null;
  }

  /** The instance as an object value whose attributes resolve on access. */
  objectValue(): Value {
    if (!this.objectCache) {
      this.objectCache = {
        kind: 'object',
        entries: new LazyEntries(
          (name) => this.attributeForReference(name),
          () => [],
        ),
      };
    }
    return this.objectCache;
  }

  /** The value another expression gets from `<this>.name`. */
  attributeForReference(name: string): Value {
    if (this.mode === 'data')
      return this.isSensitive(name) ? withMarks(dataAttribute(this, name), { sensitive: true }) : dataAttribute(this, name);
    // A sensitive attribute's value is marked by `attr`; a computed one is a marked reference (Terraform hides both).
    if (name !== 'id' && name !== 'arn' && this.has(name)) return this.attr(name);
    if (this.isSensitive(name)) return { kind: 'ref', target: this, attribute: name, marks: { sensitive: true } };
    return { kind: 'ref', target: this, attribute: name };
  }
}

/** True when a `variable` or `output` block says `sensitive = true`. */
function declaresSensitive(block: Block | undefined): boolean {
  const attribute = block ? findAttribute(block, 'sensitive') : undefined;
  return attribute?.expr.type === 'literal' && attribute.expr.value === true;
}

/** A module call instance (or the root). */
export class ModuleInstance {
  private instancesByGroup = new Map<string, ResourceInstance[] | 'unknown'>();
  private childCache: Map<string, ModuleInstance[]> | null = null;
  private readonly variableCache = new Map<string, Value>();
  private readonly localCache = new Map<string, Value>();
  private readonly outputCache = new Map<string, Value>();
  private synthesizedResources: ResourceInstance[] | null = null;
  private synthesizedOutputs: Map<string, Value> | null = null;
  private outputsObject: Value | undefined;

  constructor(
    readonly configuration: Configuration,
    /** '' for the root, else `module.app`, `module.app.module.endpoints`, `module.x["k"]`... */
    readonly path: string,
    /** The folder, or null for a registry or remote module. */
    readonly dir: string | null,
    readonly source: ModuleSource | null,
    readonly parent: ModuleInstance | null,
    /** The `module` block that calls this instance, and the file it is in. */
    readonly call: { block: Block; file: string; scope: Scope } | null,
    readonly kind: 'local' | RegistryModuleKind | 'remote',
    /** False when the call's count/for_each is unknown. */
    readonly certain: boolean,
    readonly depth: number,
    /** The key of this call in `.terraform/modules/modules.json`: '' for the root, `app`, `app.db`... */
    readonly manifestKey = '',
  ) {}

  /** The evaluator shared by the configuration. */
  get evaluator(): Evaluator {
    return this.configuration.evaluator;
  }

  /** The root module instance. */
  get root(): ModuleInstance {
    return this.configuration.root;
  }

  /** The parsed files of the module (none for registry and remote modules). */
  get files(): HclFile[] {
    return this.source?.files ?? [];
  }

  /** Top-level blocks of a type across the module's files, with their file, override files merged in. */
  topBlocks(type: string): TopBlock[] {
    return this.source ? (mergedOf(this.source).byType.get(type) ?? []) : [];
  }

  /**
   * The declaration of an address (the first one, when a duplicate is declared), from an index built once:
   * a reference lookup that scanned every declaration made a module with N resources cost N² to evaluate.
   */
  private declarationOf(mode: 'managed' | 'data', type: string, name: string): ResourceDeclaration | undefined {
    return this.declarationTable().index.get(`${mode}\u0000${type}\u0000${name}`);
  }

  private getDeclarations(): ResourceDeclaration[] {
    return this.declarationTable().list;
  }

  private declarationTable(): DeclarationTable {
    return this.source ? declarationTableOf(mergedOf(this.source)) : EMPTY_DECLARATIONS;
  }

  /** The module's resource list once complete (references look resources up in it: rebuilding it per lookup made N references cost N²). */
  private resourceList: ResourceInstance[] | null = null;
  /** How many of this module's resource blocks are being expanded right now. */
  private expanding = 0;

  /** Every resource and data instance of this module (not of its children). */
  get resources(): ResourceInstance[] {
    if (this.kind !== 'local' && this.kind !== 'remote') return this.registryResources();
    if (this.resourceList) return this.resourceList;
    const out: ResourceInstance[] = [];
    for (const declaration of this.getDeclarations()) {
      const group = this.expand(declaration);
      if (group !== 'unknown') out.push(...group);
    }
    // Asked for while one of its blocks was being expanded (a for_each over its own resources), the list
    // lacks that block: it is only kept when no expansion was in progress.
    if (this.expanding === 0) this.resourceList = out;
    return out;
  }

  private registryResources(): ResourceInstance[] {
    if (!this.synthesizedResources) {
      const synthesized = synthesizeRegistryModule(this, (...args) => new ResourceInstance(...args));
      this.synthesizedResources = synthesized.resources;
      this.synthesizedOutputs = synthesized.outputs;
    }
    return this.synthesizedResources;
  }

  private expand(declaration: ResourceDeclaration): ResourceInstance[] | 'unknown' {
    const groupKey = declaration.groupKey;
    const cached = this.instancesByGroup.get(groupKey);
    if (cached) return cached;
    // Mark as in progress so a for_each that refers to its own resource ends as unknown.
    this.instancesByGroup.set(groupKey, 'unknown');
    this.expanding++;
    let result: ResourceInstance[];
    try {
      result = this.expandUncached(declaration);
    } finally {
      this.expanding--;
    }
    const room = this.configuration.claimResourceInstances(result.length);
    if (room < result.length && this.configuration.firstLimitAt(declaration.block)) {
      this.configuration.limitProblem(
        `${declaration.type}.${declaration.name} expands past the checker's limit of ${MAX_RESOURCE_INSTANCES} resource instances in one configuration; the instances past the limit are not checked.`,
        declaration.file,
        headerRange(declaration.block),
        this.path,
      );
    }
    if (room < result.length) result = result.slice(0, room);
    this.instancesByGroup.set(groupKey, result);
    return result;
  }

  private expandUncached(declaration: ResourceDeclaration): ResourceInstance[] {
    const { block, file, location } = declaration;
    const scope = Scope.of(this);
    const make = (key: InstanceKey, certain: boolean, instanceScope: Scope) => {
      checkBudget();
      return new ResourceInstance(
        this,
        declaration.mode,
        declaration.type,
        declaration.name,
        key,
        certain,
        block,
        file,
        instanceScope,
        location,
        null,
        null,
        null,
        declaration.sensitive,
      );
    };
    const countAttr = declaration.count;
    const forEachAttr = declaration.forEach;
    if (countAttr) {
      const count = asNumber(this.evaluator.evaluate(countAttr.expr, scope));
      if (count === undefined)
        return [make(undefined, false, scope.with('count', objectOf({ index: unknown('count.index of an unknown count') })))];
      const out: ResourceInstance[] = [];
      for (let i = 0; i < Math.min(count, MAX_INSTANCES); i++)
        out.push(make(i, true, scope.with('count', objectOf({ index: { kind: 'number', value: i } }))));
      return out;
    }
    if (forEachAttr) {
      const collection = this.evaluator.evaluate(forEachAttr.expr, scope);
      const pairs = iterationPairs(collection);
      if (!pairs) {
        // Over a collection of alike elements (another block's instances), each.value is that element.
        const value = collection.kind === 'unknown' && collection.each ? collection.each : unknown('each.value of an unknown for_each');
        const each = objectOf({ key: unknown('each.key of an unknown for_each'), value });
        return [make(undefined, false, scope.with('each', each))];
      }
      return pairs.slice(0, MAX_INSTANCES).map(({ key, value }) => {
        const k = asString(key) ?? '?';
        return make(k, true, scope.with('each', objectOf({ key: str(k), value })));
      });
    }
    return [make(undefined, true, scope)];
  }

  /** `aws_vpc` in an expression: an object from resource names to instances (or lists/maps of them). */
  resourceTypeValue(type: string): Evaluated {
    return {
      kind: 'object',
      entries: new LazyEntries(
        (name) => this.groupValue('managed', type, name),
        () => [],
      ),
    };
  }

  /** `data.<type>` in an expression. */
  dataTypeValue(type: string): Evaluated {
    return {
      kind: 'object',
      entries: new LazyEntries(
        (name) => this.groupValue('data', type, name),
        () => [],
      ),
    };
  }

  private groupValue(mode: 'managed' | 'data', type: string, name: string): Evaluated {
    if (this.kind !== 'local' && this.kind !== 'remote') {
      const matches = this.registryResources().filter((r) => r.mode === mode && r.type === type && r.name === name);
      return groupAsValue(
        matches,
        matches.length === 1 && matches[0].key === undefined ? 'single' : typeof matches[0]?.key === 'number' ? 'count' : 'map',
      );
    }
    const declaration = this.declarationOf(mode, type, name);
    if (!declaration) return unknown(`${mode === 'data' ? 'data.' : ''}${type}.${name} is not declared in this module`);
    const instances = this.expand(declaration);
    if (instances === 'unknown') return unknown('reference cycle');
    if (instances.length === 1 && !instances[0].certain)
      return symbolic(`${type}.${name} has an unknown count or for_each`, instances[0].objectValue());
    const shape = declaration.count ? 'count' : declaration.forEach ? 'map' : 'single';
    return groupAsValue(instances, shape);
  }

  /** The names of the variables the module declares. */
  variableNames(): string[] {
    return this.topBlocks('variable')
      .map((v) => v.block.labels[0])
      .filter((n): n is string => !!n);
  }

  /** Where a variable is declared. */
  variableDeclaration(name: string): { block: Block; file: string } | undefined {
    return this.topBlocks('variable').find((v) => v.block.labels[0] === name);
  }

  /** The value of `var.<name>`: the caller's argument, then tfvars (root), then the default. */
  variableValue(name: string): Value {
    const cached = this.variableCache.get(name);
    if (cached) return cached;
    let value = this.evaluator.guarded(`var:${this.path}:${name}`, () => this.computeVariable(name));
    // `sensitive = true`: the value, and everything computed from it, stays out of messages.
    if (declaresSensitive(this.variableDeclaration(name)?.block)) {
      value = withMarks(value, { sensitive: true });
      rememberMarkedTexts(this.configuration, value);
    }
    this.variableCache.set(name, value);
    return value;
  }

  /** The argument expression the caller passes for a variable, if any. */
  argument(name: string): Attribute | undefined {
    return this.call ? findAttribute(this.call.block, name) : undefined;
  }

  private computeVariable(name: string): Value {
    if (this.call) {
      const argument = findAttribute(this.call.block, name);
      if (argument) return this.evaluator.evaluate(argument.expr, this.call.scope);
    } else {
      const fromTfvars = this.configuration.tfvarsValue(name);
      if (fromTfvars) return fromTfvars;
    }
    if (this.kind !== 'local') return NULL;
    const declaration = this.variableDeclaration(name);
    if (!declaration) return unknown(`variable "${name}" is not declared`);
    const defaultAttr = findAttribute(declaration.block, 'default');
    if (defaultAttr) return this.evaluator.evaluate(defaultAttr.expr, Scope.of(this));
    return unknown(`variable "${name}" has no value in this configuration`);
  }

  /** The names of the module's locals. */
  localNames(): string[] {
    const names: string[] = [];
    for (const { block } of this.topBlocks('locals'))
      for (const item of block.body.items) if (item.kind === 'attribute') names.push(item.name);
    return names;
  }

  /** The value of `local.<name>`. */
  localValue(name: string): Value {
    const cached = this.localCache.get(name);
    if (cached) return cached;
    let attribute: Attribute | undefined;
    for (const { block } of this.topBlocks('locals')) {
      for (const item of block.body.items) if (item.kind === 'attribute' && item.name === name) attribute = item;
    }
    const value = attribute
      ? this.evaluator.guarded(`local:${this.path}:${name}`, () => this.evaluator.evaluate(attribute!.expr, Scope.of(this)))
      : unknown(`local.${name} is not declared`);
    this.localCache.set(name, value);
    return value;
  }

  /** The value of one of the module's outputs. */
  outputValue(name: string): Value {
    if (this.kind !== 'local') {
      if (this.kind === 'remote') return unknown(`outputs of remote module ${this.path} are not known`);
      this.registryResources();
      return this.synthesizedOutputs?.get(name) ?? unknown(`output "${name}" of ${this.path} is not modelled`);
    }
    const cached = this.outputCache.get(name);
    if (cached) return cached;
    const declaration = this.topBlocks('output').find((o) => o.block.labels[0] === name);
    const valueAttr = declaration ? findAttribute(declaration.block, 'value') : undefined;
    let value = valueAttr
      ? this.evaluator.guarded(`output:${this.path}:${name}`, () => this.evaluator.evaluate(valueAttr.expr, Scope.of(this)))
      : unknown(`module ${this.path} has no output "${name}"`);
    if (declaresSensitive(declaration?.block)) {
      value = withMarks(value, { sensitive: true });
      rememberMarkedTexts(this.configuration, value);
    }
    this.outputCache.set(name, value);
    return value;
  }

  /** `module.<name>` as an object of outputs whose entries resolve on access. */
  outputsValue(): Value {
    if (!this.outputsObject)
      this.outputsObject = {
        kind: 'object',
        entries: new LazyEntries(
          (n) => this.outputValue(n),
          () => [],
        ),
      };
    return this.outputsObject;
  }

  /** Child module instances by call name. */
  children(): Map<string, ModuleInstance[]> {
    if (!this.childCache) {
      this.childCache = new Map();
      if (this.kind === 'local')
        for (const { block, file } of this.topBlocks('module')) {
          const name = block.labels[0];
          if (!name) continue;
          this.childCache.set(name, this.configuration.instantiateCall(this, name, block, file));
        }
    }
    return this.childCache;
  }

  /** The names of module calls in this module. */
  moduleCallNames(): string[] {
    return [...this.children().keys()];
  }

  /** `module.<name>` in an expression. */
  moduleCallValue(name: string): Evaluated {
    const instances = this.children().get(name);
    if (!instances) return unknown(`module "${name}" is not called here`);
    if (instances.length === 1 && !instances[0].certain) return unknown(`module.${name} has an unknown count or for_each`);
    const call = instances[0]?.call?.block;
    if (call && findAttribute(call, 'count')) return { kind: 'list', items: instances.map((i) => i.outputsValue()) };
    if (call && findAttribute(call, 'for_each')) {
      const entries = new Map<string, Value>();
      for (const instance of instances) entries.set(instance.path.replace(/^.*\["(.*)"\]$/, '$1'), instance.outputsValue());
      return { kind: 'object', entries };
    }
    return instances[0] ? { kind: 'moduleObject', instance: instances[0] } : unknown(`module "${name}" could not be loaded`);
  }
}

/** Everything one root module builds. */
export class Configuration {
  readonly evaluator = new Evaluator();
  readonly problems: LoadProblem[] = [];
  readonly root: ModuleInstance;
  private allModules: ModuleInstance[] | null = null;
  private allResources: ResourceInstance[] | null = null;
  private byType: Map<string, ResourceInstance[]> | null = null;
  private tfvars: Map<string, Value> | null = null;
  private manifestCache: ModuleManifest | undefined;
  /** Variable files given on the command line or in the editor's settings, parsed. */
  private readonly extraVarFiles = new Map<string, HclFile>();
  /** What was not analysed, and why. */
  readonly skipped: SkippedItem[] = [];
  private moduleInstances = 0;
  private resourceInstances = 0;
  private readonly limitedCalls = new Set<Block>();
  private readonly limitedResources = new Set<Block>();

  /** The root's data folder (`.terraform`, or where `TF_DATA_DIR` puts it), absolute. */
  readonly dataDir: string;
  private readonly follow: ModuleFollow['follow'];
  /** Module call addresses not followed (`module.a.module.b`, instance keys dropped). */
  private readonly skipCalls: Set<string>;

  constructor(
    readonly rootDir: string,
    readonly reader: SourceReader,
    readonly cache: ParseCache,
    readonly inputs: VariableInputs = {},
    readonly options: ConfigurationOptions = {},
  ) {
    this.dataDir = dataDirOf(rootDir, options.tfDataDir);
    this.follow = options.modules?.follow ?? 'all';
    this.skipCalls = new Set((options.modules?.skip ?? []).map(unkeyedAddress));
    const source = loadModuleSource(rootDir, reader, cache);
    this.root = new ModuleInstance(this, '', rootDir, source, null, null, 'local', true, 0);
    this.recordSourceProblems(source, '');
    void this.manifest;
    for (const item of inputs.cli ?? []) {
      if (!('file' in item) || this.extraVarFiles.has(item.file)) continue;
      const read = reader.readText(item.file);
      if ('error' in read) {
        this.problems.push({
          kind: 'unreadable',
          severity: 'error',
          message: `Cannot read the variable file ${item.file}: ${read.error}.`,
          file: item.file,
          range: null,
          module: '',
        });
        continue;
      }
      const file = cache.parse(item.file, read.text);
      this.extraVarFiles.set(item.file, file);
      for (const error of file.errors)
        this.problems.push({ kind: 'syntax', severity: 'error', message: error.message, file: file.path, range: error.range, module: '' });
    }
  }

  private recordSourceProblems(source: ModuleSource, modulePath: string): void {
    for (const bad of source.unreadable) {
      this.problems.push({
        kind: 'unreadable',
        severity: 'error',
        message: `Cannot read ${nodePath.basename(bad.path)}: ${bad.message}.`,
        file: bad.path,
        range: null,
        module: modulePath,
      });
      this.skipped.push({ what: bad.path, reason: bad.message });
    }
    for (const skipped of source.skipped) this.skipped.push({ what: skipped.path, reason: skipped.reason });
    for (const file of [...source.files, ...source.tfvars]) {
      for (const error of file.errors) {
        this.problems.push({
          kind: 'syntax',
          severity: 'error',
          message: error.message,
          file: file.path,
          range: error.range,
          module: modulePath,
        });
      }
    }
    for (const problem of mergedOf(source).problems) {
      this.problems.push({
        kind: 'duplicate-block',
        severity: 'error',
        message: problem.message,
        file: problem.location.file,
        range: problem.location.range,
        module: modulePath,
        related: problem.previous
          ? { file: problem.previous.file, range: problem.previous.range, message: 'first declared here' }
          : undefined,
      });
    }
  }

  /** The root's `.terraform/modules/modules.json`, read once (problems recorded). */
  get manifest(): ModuleManifest {
    if (!this.manifestCache) {
      this.manifestCache = readModuleManifest(this.rootDir, this.reader, this.options.tfDataDir);
      for (const problem of this.manifestCache.problems) {
        this.problems.push({
          kind: 'module-source',
          severity: 'error',
          message: problem.message,
          file: problem.file,
          range: problem.range,
          module: '',
        });
      }
    }
    return this.manifestCache;
  }

  /** Takes up to `wanted` of the remaining resource instances; returns how many were granted. */
  claimResourceInstances(wanted: number): number {
    const granted = Math.max(0, Math.min(wanted, MAX_RESOURCE_INSTANCES - this.resourceInstances));
    this.resourceInstances += granted;
    return granted;
  }

  /** True the first time a resource block hits the instance limit (so it is reported once, not per module instance). */
  firstLimitAt(block: Block): boolean {
    if (this.limitedResources.has(block)) return false;
    this.limitedResources.add(block);
    return true;
  }

  /** A limit of the checker was hit: the configuration is only partly checked (a warning, once per place). */
  limitProblem(message: string, file: string, range: import('../hcl/ast').Range | null, module: string): void {
    this.problems.push({ kind: 'module-source', severity: 'warning', message, file, range, module });
  }

  /** A root variable's value from outside the configuration (TF_VAR_, variable files, -var), if set there. */
  tfvarsValue(name: string): Value | undefined {
    if (!this.tfvars) {
      this.tfvars = new Map();
      const scope = Scope.of(this.root);
      const fromFile = (file: HclFile) => {
        for (const item of file.body.items)
          if (item.kind === 'attribute') this.tfvars!.set(item.name, this.evaluator.evaluate(item.expr, scope));
      };
      for (const [key, text] of Object.entries(this.inputs.env ?? {})) this.tfvars.set(key, this.valueFromText(key, text));
      for (const file of this.root.source?.tfvars ?? []) fromFile(file);
      for (const item of this.inputs.cli ?? []) {
        if ('file' in item) {
          const file = this.extraVarFiles.get(item.file);
          if (file) fromFile(file);
        } else this.tfvars.set(item.name, this.valueFromText(item.name, item.value));
      }
    }
    return this.tfvars.get(name);
  }

  /**
   * A value given as text (`-var`, `TF_VAR_`): taken literally for variables of a primitive type or
   * no type (Terraform converts it to the type), parsed as an HCL expression for complex types.
   */
  private valueFromText(name: string, text: string): Value {
    const declaration = this.root.variableDeclaration(name);
    const typeAttr = declaration ? findAttribute(declaration.block, 'type') : undefined;
    const typeName =
      typeAttr?.expr.type === 'variable'
        ? typeAttr.expr.name
        : typeAttr?.expr.type === 'template' && typeAttr.expr.parts.length === 1 && typeAttr.expr.parts[0].kind === 'text'
          ? typeAttr.expr.parts[0].value
          : undefined;
    if (!typeAttr || typeName === 'string' || typeName === 'any') return str(text);
    if (typeName === 'number') {
      const n = Number(text.trim());
      return text.trim() !== '' && Number.isFinite(n)
        ? { kind: 'number', value: n }
        : unknown(`"${text}" given for var.${name} is not a number`);
    }
    if (typeName === 'bool')
      return text === 'true'
        ? { kind: 'bool', value: true }
        : text === 'false'
          ? { kind: 'bool', value: false }
          : unknown(`"${text}" given for var.${name} is not a bool`);
    const parsed = parseHcl(`value = ${text}\n`, `<value of var.${name}>`);
    const item = parsed.body.items[0];
    if (parsed.errors.length > 0 || !item || item.kind !== 'attribute')
      return unknown(`the value given for var.${name} is not a valid expression`);
    return this.evaluator.evaluate(item.expr, Scope.of(this.root));
  }

  /** Every module instance, root first, depth first in call order. */
  get modules(): ModuleInstance[] {
    if (!this.allModules) {
      const out: ModuleInstance[] = [];
      const visit = (module: ModuleInstance) => {
        out.push(module);
        for (const instances of module.children().values()) for (const child of instances) visit(child);
      };
      visit(this.root);
      this.allModules = out;
    }
    return this.allModules;
  }

  /** Every resource and data instance of every module (computed once). */
  get resources(): ResourceInstance[] {
    if (!this.allResources) this.allResources = this.modules.flatMap((m) => m.resources);
    return this.allResources;
  }

  /** Managed resource instances of one type, across modules. */
  resourcesOfType(type: string): ResourceInstance[] {
    if (!this.byType) {
      this.byType = new Map();
      for (const resource of this.resources) {
        if (resource.mode !== 'managed') continue;
        const list = this.byType.get(resource.type);
        if (list) list.push(resource);
        else this.byType.set(resource.type, [resource]);
      }
    }
    return this.byType.get(type) ?? [];
  }

  /** Why the settings say a call is not followed, or undefined when it is. */
  private notFollowedBecause(address: string, isLocal: boolean): string | undefined {
    if (this.skipCalls.has(address)) return `the settings file lists ${address} in modules.skip`;
    if (this.follow === 'none') return 'the settings file sets modules.follow to "none"';
    if (this.follow === 'local' && !isLocal) return 'its source is not a local path and the settings file sets modules.follow to "local"';
    return undefined;
  }

  /** Creates the instances of one module call (one per count/for_each key). */
  instantiateCall(parent: ModuleInstance, name: string, block: Block, file: string): ModuleInstance[] {
    const sourceAttr = findAttribute(block, 'source');
    const sourceText =
      sourceAttr && sourceAttr.expr.type === 'template' && sourceAttr.expr.parts.every((p) => p.kind === 'text')
        ? sourceAttr.expr.parts.map((p) => (p.kind === 'text' ? p.value : '')).join('')
        : undefined;
    const modulePath = (key: InstanceKey) => `${parent.path ? parent.path + '.' : ''}module.${name}${formatKey(key)}`;
    const manifestKey = parent.manifestKey ? `${parent.manifestKey}.${name}` : name;
    const problemFile = (sourceAttr && originFile(sourceAttr)) ?? file;
    const problem = (message: string, severity: LoadProblem['severity'] = 'error', kind: LoadProblem['kind'] = 'module-source') =>
      this.problems.push({
        kind,
        severity,
        message,
        file: problemFile,
        range: sourceAttr ? sourceAttr.expr.range : headerRange(block),
        module: parent.path,
      });
    if (sourceText === undefined) {
      problem(`Module "${name}" has no literal "source"; Terraform requires one.`);
      return [];
    }
    if (parent.depth + 1 > MAX_MODULE_DEPTH) {
      problem(`Module "${name}" is nested more than ${MAX_MODULE_DEPTH} levels deep; the checker stops following module calls here.`);
      return [];
    }
    const registryKind = registryModuleKind(sourceText);
    const isLocal = sourceText.startsWith('./') || sourceText.startsWith('../');
    let dir: string | null = null;
    let source: ModuleSource | null = null;
    let kind: ModuleInstance['kind'] = registryKind ?? 'remote';
    const notFollowed = this.notFollowedBecause(unkeyedAddress(modulePath(undefined)), isLocal);
    if (notFollowed) {
      // Not read at all: its outputs are unknown, as for a module that is not installed.
      kind = 'remote';
      problem(
        `Module "${name}" (source "${sourceText}") is not followed, so its resources were not checked: ${notFollowed}.`,
        'info',
        'module-not-followed',
      );
      this.skipped.push({ what: modulePath(undefined), reason: `not followed: ${notFollowed}` });
    } else if (isLocal) {
      if (!parent.dir) return [];
      dir = nodePath.resolve(parent.dir, sourceText);
      if (!this.reader.isDirectory(dir)) {
        problem(
          `Module "${name}": source "${sourceText}" is not an existing folder relative to this module, so terraform init will fail. Fix the path or create the module.`,
        );
        return [];
      }
      const real = this.reader.realPath(dir) ?? dir;
      for (let ancestor: ModuleInstance | null = parent; ancestor; ancestor = ancestor.parent) {
        if (ancestor.dir && (this.reader.realPath(ancestor.dir) ?? ancestor.dir) === real) {
          problem(
            `Module "${name}" calls "${sourceText}", which is already being called higher up (${ancestor.path || 'the root module'}): module calls form a cycle.`,
          );
          return [];
        }
      }
      source = loadModuleSource(dir, this.reader, this.cache, false);
      kind = 'local';
      this.recordSourceProblems(source, modulePath(undefined));
    } else {
      // A remote source: the code `terraform init` installed, when the manifest lists it.
      const installed = this.manifest.entries.get(manifestKey);
      if (installed && normalizeSource(installed.source) === normalizeSource(sourceText)) {
        dir = installed.dir;
        source = loadModuleSource(dir, this.reader, this.cache, false);
        kind = 'local';
        this.recordSourceProblems(source, modulePath(undefined));
      } else if (!registryKind) {
        const reason = installed ? `was installed from "${installed.source}", not from this source` : 'is not installed';
        problem(
          `Module "${name}" (source "${sourceText}") ${reason}, so its resources were not checked: run terraform init (or tofu init) in ${nodePath.basename(this.rootDir)}.`,
          'info',
          'module-not-installed',
        );
        this.skipped.push({ what: modulePath(undefined), reason: `source "${sourceText}" ${reason} (run terraform init)` });
      }
    }
    const room = Math.max(0, MAX_MODULE_INSTANCES - this.moduleInstances);
    const expanded = this.expandCall(parent, block, file, modulePath, dir, source, kind, room, manifestKey);
    this.moduleInstances += expanded.instances.length;
    if (expanded.wanted > expanded.instances.length && !this.limitedCalls.has(block)) {
      // Once per module block, however many instances of its parent hit the limit.
      this.limitedCalls.add(block);
      problem(
        `Module "${name}" expands past the checker's limit of ${MAX_MODULE_INSTANCES} module instances in one configuration (count/for_each of nested calls multiply); only the first ${MAX_MODULE_INSTANCES} instances are checked.`,
        'warning',
      );
    }
    return expanded.instances;
  }

  private expandCall(
    parent: ModuleInstance,
    block: Block,
    file: string,
    modulePath: (key: InstanceKey) => string,
    dir: string | null,
    source: ModuleSource | null,
    kind: ModuleInstance['kind'],
    room: number,
    manifestKey: string,
  ): { instances: ModuleInstance[]; wanted: number } {
    const parentScope = Scope.of(parent);
    let wanted = 0;
    const instances: ModuleInstance[] = [];
    const make = (key: InstanceKey, certain: boolean, scope: () => Scope) => {
      checkBudget();
      if (wanted++ < room)
        instances.push(
          new ModuleInstance(
            this,
            modulePath(key),
            dir,
            source,
            parent,
            { block, file, scope: scope() },
            kind,
            certain,
            parent.depth + 1,
            manifestKey,
          ),
        );
    };
    const done = () => ({ instances, wanted });
    const countAttr = findAttribute(block, 'count');
    const forEachAttr = findAttribute(block, 'for_each');
    if (countAttr) {
      const count = asNumber(this.evaluator.evaluate(countAttr.expr, parentScope));
      if (count === undefined) make(undefined, false, () => parentScope.with('count', objectOf({ index: unknown('unknown count') })));
      else
        for (let i = 0; i < Math.min(count, MAX_INSTANCES); i++)
          make(i, true, () => parentScope.with('count', objectOf({ index: { kind: 'number', value: i } })));
      return done();
    }
    if (forEachAttr) {
      const pairs = iterationPairs(this.evaluator.evaluate(forEachAttr.expr, parentScope));
      if (!pairs) {
        make(undefined, false, () =>
          parentScope.with('each', objectOf({ key: unknown('unknown for_each'), value: unknown('unknown for_each') })),
        );
        return done();
      }
      for (const { key, value } of pairs.slice(0, MAX_INSTANCES)) {
        const k = asString(key) ?? '?';
        make(k, true, () => parentScope.with('each', objectOf({ key: str(k), value })));
      }
      return done();
    }
    make(undefined, true, () => parentScope);
    return done();
  }
}

/** The attribute of a block's body, by name. */
export function findAttribute(block: Block, name: string): Attribute | undefined {
  for (const item of block.body.items) if (item.kind === 'attribute' && item.name === name) return item;
  return undefined;
}

/** An object value from plain entries. */
export function objectOf(entries: Record<string, Value>): Value {
  return { kind: 'object', entries: new Map(Object.entries(entries)) };
}

function groupAsValue(instances: ResourceInstance[], shape: 'single' | 'count' | 'map'): Evaluated {
  if (shape === 'single') return instances[0] ? { kind: 'resourceObject', instance: instances[0] } : unknown('no instance');
  if (shape === 'count') return { kind: 'list', items: instances.map((i) => i.objectValue()) };
  const entries = new Map<string, Value>();
  for (const instance of instances) entries.set(String(instance.key), instance.objectValue());
  return { kind: 'object', entries };
}

/** What a data source's attribute evaluates to: policy documents are built, service names matched, the rest is a reference. */
function dataAttribute(instance: ResourceInstance, name: string): Value {
  switch (instance.type) {
    case 'aws_iam_policy_document':
      if (name === 'json' || name === 'minified_json') return { kind: 'json', value: buildPolicyDocument(instance) };
      break;
    case 'aws_vpc_endpoint_service':
      if (name === 'service_name') {
        const explicit = instance.attr('service_name');
        if (explicit.kind === 'string') return explicit;
        const service = asString(instance.attr('service'));
        if (service !== undefined) return unknown('service name from a data source', `com.amazonaws.*.${service}`);
        return unknown('service name from a data source');
      }
      break;
    case 'aws_region':
      if (name === 'name' || name === 'region' || name === 'id') {
        const explicit = instance.attr('name');
        if (explicit.kind === 'string') return explicit;
        return unknown('region from data.aws_region');
      }
      break;
    case 'aws_partition':
      if (name === 'partition') return unknown('partition from data.aws_partition');
      break;
  }
  return { kind: 'ref', target: instance, attribute: name };
}

/** Builds the JSON document `data.aws_iam_policy_document` renders from its `statement` blocks. */
function buildPolicyDocument(instance: ResourceInstance): Value {
  const statements: Value[] = [];
  for (const source of ['source_policy_documents', 'source_json']) {
    const docs = instance.attr(source);
    const items = docs.kind === 'list' ? docs.items : docs.kind === 'null' ? [] : [docs];
    for (const doc of items) {
      const decoded = doc.kind === 'json' ? doc.value : undefined;
      const st = decoded && decoded.kind === 'object' ? decoded.entries.get('Statement') : undefined;
      if (st && st.kind === 'list') statements.push(...st.items);
      else if (doc.kind !== 'null') return unknown('policy document built from an unknown source document');
    }
  }
  for (const statement of instance.blocks('statement')) {
    const entries = new Map<string, Value>();
    const sid = statement.attr('sid');
    if (sid.kind !== 'null') entries.set('Sid', sid);
    const effect = statement.attr('effect');
    entries.set('Effect', effect.kind === 'null' ? str('Allow') : effect);
    for (const [attr, key] of [
      ['actions', 'Action'],
      ['not_actions', 'NotAction'],
      ['resources', 'Resource'],
      ['not_resources', 'NotResource'],
    ] as const) {
      const v = statement.attr(attr);
      if (v.kind !== 'null') entries.set(key, v);
    }
    for (const [blockType, key] of [
      ['principals', 'Principal'],
      ['not_principals', 'NotPrincipal'],
    ] as const) {
      const principals = statement.blocks(blockType);
      if (principals.length === 0) continue;
      const map = new Map<string, Value>();
      let everyone = false;
      let unknownType = false;
      for (const p of principals) {
        const type = asString(p.attr('type'));
        if (type === undefined) {
          unknownType = true;
          continue;
        }
        // `type = "*"` with identifiers ["*"] renders as `"Principal": "*"`, as the provider does.
        if (type === '*') everyone = true;
        else map.set(type, p.attr('identifiers'));
      }
      entries.set(key, unknownType ? unknown('principal type not known') : everyone ? str('*') : { kind: 'object', entries: map });
    }
    const conditions = statement.blocks('condition');
    if (conditions.length > 0) {
      const byTest = new Map<string, Value>();
      for (const c of conditions) {
        const test = asString(c.attr('test'));
        const variable = asString(c.attr('variable'));
        // An unknown test or variable leaves this condition unknown, not the whole document.
        const key = test ?? '?';
        const existing = byTest.get(key);
        const inner = existing && existing.kind === 'object' ? existing.entries : new Map<string, Value>();
        inner.set(
          variable ?? '?',
          test === undefined || variable === undefined ? unknown('policy condition with unknown test or variable') : c.attr('values'),
        );
        byTest.set(key, { kind: 'object', entries: inner });
      }
      entries.set('Condition', { kind: 'object', entries: byTest });
    }
    statements.push({ kind: 'object', entries });
  }
  return {
    kind: 'object',
    entries: new Map<string, Value>([
      ['Version', str('2012-10-17')],
      ['Statement', { kind: 'list', items: statements }],
    ]),
  };
}
