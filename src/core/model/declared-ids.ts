/**
 * Which Terraform block stands for an AWS resource the live check names by its id (`sg-…`, `vpce-…`,
 * an ARN): the block of the resource whose instance has that id in the root's local state
 * (`terraform.tfstate`: Terraform's own record of which object each address manages), the resource an
 * `import` block brings that id into, or a data source that reads that literal id. Only what the
 * workspace says for certain: no guess from names or tags; an id nothing maps to is not answered.
 */
import * as nodePath from 'path';
import type { LineCharacter } from '../findings';
import type { Block, HclFile } from '../hcl/ast';
import { Configuration, type ModuleInstance } from './config';
import type { ParseCache } from './loader';
import type { SourceReader } from './source';

/** The block that declares (or reads) the AWS object with an id. */
export interface DeclaredId {
  /** The AWS id asked about. */
  id: string;
  /** The resource address (`aws_security_group.endpoints`, `module.net.aws_vpc.main`, `data.aws_vpc.shared`). */
  address: string;
  file: string;
  /** The block, from its type keyword to its closing brace. */
  range: { start: LineCharacter; end: LineCharacter };
  /** How the workspace ties the id to the block. */
  via: 'state' | 'import' | 'data';
}

/** `module.a["k"].module.b[0]` → `module.a.module.b`. */
const unkeyed = (path: string) => path.replace(/\[[^\]]*\]/g, '');

const plain = (p: { line: number; character: number }): LineCharacter => ({ line: p.line, character: p.character });

/** The literal string an attribute holds (`"sg-123"`), or undefined. */
function literalAttribute(file: HclFile, block: Block, name: string): string | undefined {
  const item = block.body.items.find((i) => i.kind === 'attribute' && i.name === name);
  if (!item || item.kind !== 'attribute') return undefined;
  const m = /^"([^"$%\\]*)"$/.exec(file.text.slice(item.expr.range.start.offset, item.expr.range.end.offset).trim());
  return m ? m[1] : undefined;
}

function attributeText(file: HclFile, block: Block, name: string): string | undefined {
  const item = block.body.items.find((i) => i.kind === 'attribute' && i.name === name);
  return item && item.kind === 'attribute' ? file.text.slice(item.expr.range.start.offset, item.expr.range.end.offset).trim() : undefined;
}

function fileOf(module: ModuleInstance, path: string): HclFile | undefined {
  return module.files.find((f) => f.path === path);
}

/** Resource (or data, with `data.`) address within a module → its block and file. */
function findBlock(modules: ModuleInstance[], address: string): { block: Block; file: string; module: ModuleInstance } | undefined {
  const parts = unkeyed(address).split('.');
  const data = parts.length >= 3 && parts[parts.length - 3] === 'data';
  const type = parts[parts.length - 2];
  const name = parts[parts.length - 1];
  const modulePath = parts.slice(0, parts.length - (data ? 3 : 2)).join('.');
  for (const module of modules) {
    if (unkeyed(module.path) !== modulePath) continue;
    for (const { block, file } of module.topBlocks(data ? 'data' : 'resource'))
      if (block.labels[0] === type && block.labels[1] === name) return { block, file, module };
  }
  return undefined;
}

/** Attribute values of a state instance that name the AWS object. */
const STATE_ID_ATTRIBUTES = ['id', 'arn'];

/** id → address of the managed resource instances in a root's local state (`terraform.tfstate`, format version 4). */
function stateIds(root: string, reader: SourceReader): Map<string, string> {
  const out = new Map<string, string>();
  const read = reader.readText(nodePath.join(root, 'terraform.tfstate'));
  if ('error' in read) return out;
  let state: unknown;
  try {
    state = JSON.parse(read.text);
  } catch {
    return out;
  }
  const resources = (state as { resources?: unknown }).resources;
  if (!Array.isArray(resources)) return out;
  for (const resource of resources as Array<Record<string, unknown>>) {
    if (resource.mode !== 'managed' || typeof resource.type !== 'string' || typeof resource.name !== 'string') continue;
    const address = `${typeof resource.module === 'string' && resource.module ? `${resource.module}.` : ''}${resource.type}.${resource.name}`;
    for (const instance of Array.isArray(resource.instances) ? (resource.instances as Array<Record<string, unknown>>) : []) {
      const attributes = instance.attributes as Record<string, unknown> | undefined;
      for (const key of STATE_ID_ATTRIBUTES) {
        const value = attributes?.[key];
        if (typeof value === 'string' && value !== '' && !out.has(value)) out.set(value, address);
      }
    }
  }
  return out;
}

/** The blocks that stand for `ids` in the configurations of `roots` (see the file comment); one per id that something maps. */
export function declaredIds(roots: string[], ids: string[], reader: SourceReader, cache: ParseCache): DeclaredId[] {
  const wanted = new Set(ids);
  const found = new Map<string, DeclaredId>();
  const record = (id: string, address: string, block: Block, file: string, via: DeclaredId['via']) => {
    if (!wanted.has(id) || found.has(id)) return;
    found.set(id, { id, address, file, range: { start: plain(block.range.start), end: plain(block.range.end) }, via });
  };
  for (const root of roots) {
    if ([...wanted].every((id) => found.has(id))) break;
    const configuration = new Configuration(root, reader, cache);
    const modules = configuration.modules.filter((m) => m.dir !== null);
    for (const [id, address] of stateIds(root, reader)) {
      if (!wanted.has(id)) continue;
      const declaration = findBlock(modules, address);
      if (declaration) record(id, address, declaration.block, declaration.file, 'state');
    }
    for (const { block, file: path } of configuration.root.topBlocks('import')) {
      const file = fileOf(configuration.root, path);
      const id = file && literalAttribute(file, block, 'id');
      const to = file && attributeText(file, block, 'to');
      if (!id || !to || !wanted.has(id)) continue;
      const declaration = findBlock(modules, to);
      if (declaration) record(id, unkeyed(to), declaration.block, declaration.file, 'import');
    }
    for (const module of modules)
      for (const { block, file: path } of module.topBlocks('data')) {
        const file = fileOf(module, path);
        const id = file && literalAttribute(file, block, 'id');
        if (id && block.labels.length === 2)
          record(id, `${module.path ? `${unkeyed(module.path)}.` : ''}data.${block.labels[0]}.${block.labels[1]}`, block, path, 'data');
      }
  }
  return ids.flatMap((id) => (found.has(id) ? [found.get(id)!] : []));
}
