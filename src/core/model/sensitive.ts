/**
 * Which attributes of a resource or data source the AWS provider marks sensitive (the generated
 * table in sensitive-attributes.ts), as a tree by nested block: Terraform hides their values, and so
 * do the checker's messages (values.ts marks), for what is written there and what is derived from it.
 */
import { SENSITIVE_DATA_ATTRIBUTES, SENSITIVE_RESOURCE_ATTRIBUTES } from './sensitive-attributes';

/** The sensitive attributes of one block and of its nested block types. */
export interface SensitiveSchema {
  readonly attributes: ReadonlySet<string>;
  readonly blocks: ReadonlyMap<string, SensitiveSchema>;
}

const trees = new Map<string, SensitiveSchema | undefined>();

function treeOf(paths: string): SensitiveSchema {
  const root = { attributes: new Set<string>(), blocks: new Map<string, SensitiveSchema>() };
  for (const path of paths.split(' ')) {
    const parts = path.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      let child = node.blocks.get(part) as typeof root | undefined;
      if (!child) node.blocks.set(part, (child = { attributes: new Set(), blocks: new Map() }));
      node = child;
    }
    node.attributes.add(parts[parts.length - 1]);
  }
  return root;
}

/** The sensitive attributes of a resource type (`managed`) or data source (`data`), or undefined when it has none. */
export function sensitiveSchemaOf(mode: 'managed' | 'data', type: string): SensitiveSchema | undefined {
  const key = `${mode}:${type}`;
  if (trees.has(key)) return trees.get(key);
  const table = mode === 'managed' ? SENSITIVE_RESOURCE_ATTRIBUTES : SENSITIVE_DATA_ATTRIBUTES;
  const paths = Object.prototype.hasOwnProperty.call(table, type) ? table[type] : undefined;
  const tree = paths ? treeOf(paths) : undefined;
  trees.set(key, tree);
  return tree;
}
