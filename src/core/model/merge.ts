/**
 * The top-level blocks of a module as Terraform sees them after reading every file: ordinary
 * files first, then override files merged in, in name order ("Override Files" in Terraform's
 * documentation): each argument of an override block replaces the original's, a nested block type
 * in the override replaces every block of that type in the original (`lifecycle` is merged argument
 * by argument), `locals` replace the named values, `terraform` blocks are merged setting by setting
 * (`required_providers` provider by provider). Two ordinary blocks with the same address, and
 * an override without an original, are errors Terraform reports; they are returned as problems,
 * with both places, and the first declaration is the one analysed.
 */
import * as nodePath from 'path';
import type { Attribute, Block, BodyItem, HclFile } from '../hcl/ast';
import { headerRange, type SourceLocation } from './location';

/** One top-level block and the file it comes from (the original's file for a merged block). */
export interface TopBlock {
  block: Block;
  file: string;
}

/** A duplicate declaration or an override without an original. */
export interface MergeProblem {
  message: string;
  location: SourceLocation;
  /** The first declaration, for a duplicate. */
  previous?: SourceLocation;
}

/** The merged top-level blocks of a module, by block type, in declaration order. */
export interface MergedModule {
  byType: Map<string, TopBlock[]>;
  problems: MergeProblem[];
}

/** Syntax nodes moved into a merged block from an override file, and that file. */
const origins = new WeakMap<object, string>();
/** Blocks built by merging an override into an original: their nodes come from two files. */
const merged = new WeakSet<Block>();

/** The file a node of a merged block was written in, when it is not the block's own file. */
export function originFile(node: object): string | undefined {
  return origins.get(node);
}

/** True for a block that an override file changed: edits to it could span two files, so fixes leave it alone. */
export function isMergedBlock(block: Block): boolean {
  return merged.has(block);
}

/** The address Terraform keys a top-level block by, or undefined for blocks that may repeat. */
function addressOf(block: Block): string | undefined {
  const [a, b] = block.labels;
  switch (block.type) {
    case 'resource':
    case 'data':
    case 'ephemeral':
      return a !== undefined && b !== undefined ? `${block.type === 'resource' ? '' : block.type + '.'}${a}.${b}` : undefined;
    case 'module':
    case 'variable':
    case 'output':
    case 'check':
      return a !== undefined ? `${block.type}.${a}` : undefined;
    case 'provider': {
      if (a === undefined) return undefined;
      const alias = block.body.items.find((i): i is Attribute => i.kind === 'attribute' && i.name === 'alias');
      const aliasText =
        alias && alias.expr.type === 'template' && alias.expr.parts.length === 1 && alias.expr.parts[0].kind === 'text'
          ? alias.expr.parts[0].value
          : alias
            ? '?'
            : '';
      return `provider.${a}${aliasText ? '.' + aliasText : ''}`;
    }
    default:
      return undefined;
  }
}

/** How Terraform names a block in its messages: `resource "aws_vpc" "main"`. */
function describe(block: Block): string {
  return [block.type, ...block.labels.map((l) => JSON.stringify(l))].join(' ');
}

function where(location: SourceLocation, root: string): string {
  return `${nodePath.relative(root, location.file) || nodePath.basename(location.file)}:${location.range.start.line + 1}`;
}

function mark(node: BodyItem, file: string): void {
  origins.set(node, file);
}

/** Merges one override block into its original. */
function mergeBlock(base: Block, override: Block, overrideFile: string): Block {
  let items: BodyItem[] = [...base.body.items];
  const replacedTypes = new Set<string>();
  for (const item of override.body.items) {
    if (item.kind === 'block' && item.type !== 'lifecycle') replacedTypes.add(item.type === 'dynamic' ? (item.labels[0] ?? '') : item.type);
  }
  // Nested block types the override gives replace all of the original's (dynamic ones included).
  items = items.filter(
    (i) => !(i.kind === 'block' && (replacedTypes.has(i.type) || (i.type === 'dynamic' && replacedTypes.has(i.labels[0] ?? '')))),
  );
  for (const item of override.body.items) {
    mark(item, overrideFile);
    if (item.kind === 'attribute') {
      const at = items.findIndex((i) => i.kind === 'attribute' && i.name === item.name);
      if (at >= 0) items[at] = item;
      else items.push(item);
    } else if (item.type === 'lifecycle') {
      const at = items.findIndex((i) => i.kind === 'block' && i.type === 'lifecycle');
      if (at >= 0) items[at] = mergeBlock(items[at] as Block, item, overrideFile);
      else items.push(item);
    } else items.push(item);
  }
  const result: Block = { ...base, body: { items, range: base.body.range } };
  merged.add(result);
  return result;
}

/** A copy of `block` whose body holds `items` (a merged block: its nodes may come from two files). */
function withItems(block: Block, items: BodyItem[]): Block {
  const result: Block = { ...block, body: { items, range: block.body.range } };
  merged.add(result);
  return result;
}

/**
 * Merges an override file's `terraform` block into the module's `terraform` blocks, setting by
 * setting ("Merging terraform blocks"): an argument (`required_version`, …) replaces the original's
 * wherever it is set; `required_providers` is merged provider by provider, each entry replacing the
 * original's entry whole (its `source` too); a `backend` or `cloud` block replaces the original's
 * backend and cloud blocks alike; any other nested block type replaces the original's blocks of that
 * type. Returns the new list; an override with no original `terraform` block is kept as written.
 */
function mergeTerraformBlocks(bases: TopBlock[], override: Block, overrideFile: string): TopBlock[] {
  if (bases.length === 0) return [{ block: override, file: overrideFile }];
  const argumentNames = new Set<string>();
  const providerNames = new Set<string>();
  const replacedTypes = new Set<string>();
  for (const item of override.body.items) {
    if (item.kind === 'attribute') argumentNames.add(item.name);
    else if (item.type === 'required_providers') {
      for (const entry of item.body.items) if (entry.kind === 'attribute') providerNames.add(entry.name);
    } else if (item.type === 'backend' || item.type === 'cloud') {
      replacedTypes.add('backend');
      replacedTypes.add('cloud');
    } else replacedTypes.add(item.type);
  }
  // Every original setting the override sets is dropped, wherever it is written.
  const out = bases.map(({ block, file }) => {
    const items: BodyItem[] = [];
    for (const item of block.body.items) {
      if (item.kind === 'attribute' ? argumentNames.has(item.name) : replacedTypes.has(item.type)) continue;
      if (item.kind === 'block' && item.type === 'required_providers' && providerNames.size > 0) {
        items.push(
          withItems(
            item,
            item.body.items.filter((e) => !(e.kind === 'attribute' && providerNames.has(e.name))),
          ),
        );
      } else items.push(item);
    }
    return {
      block: items.length === block.body.items.length && items.every((i, n) => i === block.body.items[n]) ? block : withItems(block, items),
      file,
    };
  });
  // The override's settings go into the first original (its required_providers entries into the
  // original's required_providers block, where there is one).
  const first = out[0];
  const items = [...first.block.body.items];
  for (const item of override.body.items) {
    mark(item, overrideFile);
    if (item.kind === 'block' && item.type === 'required_providers') {
      for (const entry of item.body.items) mark(entry, overrideFile);
      const at = items.findIndex((i) => i.kind === 'block' && i.type === 'required_providers');
      const elsewhere =
        at < 0 ? out.findIndex((b) => b.block.body.items.some((i) => i.kind === 'block' && i.type === 'required_providers')) : -1;
      if (at >= 0) items[at] = withItems(items[at] as Block, [...(items[at] as Block).body.items, ...item.body.items]);
      else if (elsewhere > 0) {
        const target = out[elsewhere].block;
        out[elsewhere] = {
          block: withItems(
            target,
            target.body.items.map((i) =>
              i.kind === 'block' && i.type === 'required_providers' ? withItems(i, [...i.body.items, ...item.body.items]) : i,
            ),
          ),
          file: out[elsewhere].file,
        };
      } else items.push(item);
    } else items.push(item);
  }
  out[0] = { block: withItems(first.block, items), file: first.file };
  return out;
}

/** One top-level block of an ordinary file, with its address and its entry, made once per parsed file. */
interface PreparedBlock {
  entry: TopBlock;
  address: string | undefined;
}

/**
 * The top-level blocks of each parsed file, prepared once: a file's syntax tree never changes, and the
 * parse cache returns the same tree while its text is unchanged, so after a one-file edit only the edited
 * file is prepared again. The entries are shared between merges and never modified (a merge copies the
 * lists and replaces overridden entries by new ones).
 */
const preparedFiles = new WeakMap<HclFile, PreparedBlock[]>();

function preparedBlocks(file: HclFile): PreparedBlock[] {
  let prepared = preparedFiles.get(file);
  if (!prepared) {
    prepared = [];
    for (const item of file.body.items)
      if (item.kind === 'block') prepared.push({ entry: { block: item, file: file.path }, address: addressOf(item) });
    preparedFiles.set(file, prepared);
  }
  return prepared;
}

/** Merges the top-level blocks of a module's files (see the file comment). */
export function mergeModuleFiles(files: HclFile[], overrides: ReadonlySet<string>, root: string): MergedModule {
  const byType = new Map<string, TopBlock[]>();
  const problems: MergeProblem[] = [];
  const byAddress = new Map<string, { list: TopBlock[]; index: number }>();
  const localsSeen = new Map<string, SourceLocation>();
  const push = (entry: TopBlock) => {
    let list = byType.get(entry.block.type);
    if (!list) byType.set(entry.block.type, (list = []));
    list.push(entry);
    return list;
  };
  for (const file of files) {
    if (overrides.has(file.path)) continue;
    for (const { entry, address } of preparedBlocks(file)) {
      const item = entry.block;
      if (address !== undefined) {
        const first = byAddress.get(address);
        if (first) {
          const previous = first.list[first.index];
          const previousLocation = { file: previous.file, range: headerRange(previous.block) };
          problems.push({
            message: `Duplicate ${describe(item)}: it is already declared at ${where(previousLocation, root)}. Terraform refuses two blocks with the same address in a module; remove or rename one. The first is the one checked.`,
            location: { file: file.path, range: headerRange(item) },
            previous: previousLocation,
          });
          continue;
        }
      }
      if (item.type === 'locals') {
        for (const local of item.body.items) {
          if (local.kind !== 'attribute') continue;
          const location = { file: file.path, range: local.nameRange };
          const previous = localsSeen.get(local.name);
          if (previous) {
            problems.push({
              message: `Duplicate local value "${local.name}": it is already defined at ${where(previous, root)}. Terraform refuses two local values with the same name in a module.`,
              location,
              previous,
            });
          } else localsSeen.set(local.name, location);
        }
      }
      const list = push(entry);
      if (address !== undefined) byAddress.set(address, { list, index: list.length - 1 });
    }
  }
  for (const file of files) {
    if (!overrides.has(file.path)) continue;
    for (const item of file.body.items) {
      if (item.kind !== 'block') continue;
      const address = addressOf(item);
      if (address !== undefined) {
        const base = byAddress.get(address);
        if (!base) {
          problems.push({
            message: `${nodePath.basename(file.path)} overrides ${describe(item)}, which no other file of the module declares: Terraform refuses an override without an original ("Missing ${item.type} to override"). Declare it in an ordinary file or remove the override.`,
            location: { file: file.path, range: headerRange(item) },
          });
          continue;
        }
        const entry = base.list[base.index];
        base.list[base.index] = { block: mergeBlock(entry.block, item, file.path), file: entry.file };
        continue;
      }
      if (item.type === 'locals') {
        for (const local of item.body.items) {
          if (local.kind === 'attribute' && !localsSeen.has(local.name)) {
            problems.push({
              message: `${nodePath.basename(file.path)} overrides local value "${local.name}", which no other file of the module defines: Terraform refuses an override without an original. Define it in an ordinary file or remove the override.`,
              location: { file: file.path, range: local.nameRange },
            });
          }
        }
      }
      if (item.type === 'terraform') {
        byType.set('terraform', mergeTerraformBlocks(byType.get('terraform') ?? [], item, file.path));
        continue;
      }
      // locals (the last definition of a name wins) apply after the originals.
      push({ block: item, file: file.path });
    }
  }
  return { byType, problems };
}
