/**
 * Turns a plan into Terraform text the checker's model reads as it reads any module, so every rule
 * runs unchanged on what the plan says will exist.
 *
 * Every resource instance of every module (count and for_each expanded, remote modules included) becomes
 * one block of a single flat module, named after its address (`module.app.aws_subnet.private[0]` →
 * `aws_subnet.app__private__0`). Known values are written as literals. Values the plan only knows after
 * apply are rebuilt from the `configuration` section's references, followed through module inputs and
 * outputs to the instance they name (`subnet_ids = var.private_subnet_ids` → the subnets of module.network);
 * what cannot be followed (locals, functions of unknowns) becomes `var.known_after_apply`, which the model
 * treats as unknown. A known id or ARN that belongs to another instance of the plan becomes a reference to
 * it, so a plan against existing resources links them as the sources do. Data sources come from
 * `prior_state` (read during planning) or, when planning could not read them, from their planned change.
 */
import type {
  ConfigModule,
  ConfigResource,
  JsonValue,
  PlanDocument,
  PlanExpression,
  PlanExpressions,
  PlanModule,
  PlanResource,
} from './document';

/** One synthesized block and where it came from. */
export interface SynthBlock {
  /** `aws_subnet.app__private__0` or `data.aws_region.current` as written in the synthesized text. */
  synthAddress: string;
  /** The plan's instance address without its module part: `aws_subnet.private[0]`. */
  address: string;
  /** Module instance address: '' for the root, else `module.app` / `module.x["a"].module.y`. */
  module: string;
  /** The module path in the configuration (indexes dropped): [] for the root, ['app'] ... */
  configPath: string[];
  mode: 'managed' | 'data';
  type: string;
  name: string;
  /** The synthesized file the block is in. */
  file: string;
}

/** The synthesized module. */
export interface SynthModule {
  /** File name → text (all in one module folder). */
  files: Map<string, string>;
  blocks: SynthBlock[];
  /** Synthesized names mapped to the plan's full addresses, longest first (to rewrite messages). */
  renames: Array<[string, string]>;
}

/** The variable that stands for values known only after apply. */
export const UNKNOWN_VARIABLE = 'known_after_apply';

interface Instance {
  resource: PlanResource;
  module: string;
  configPath: string[];
  synthName: string;
  values: Record<string, JsonValue>;
  unknown: JsonValue | undefined;
  /** The plan's sensitivity mask: its shape tells lists (arrays) from single values. */
  shape: JsonValue | undefined;
  config?: ConfigResource;
}

/** Splits `module.a["x"].module.b[0]` into [{name:'a', key:'["x"]'}, {name:'b', key:'[0]'}]. */
export function moduleSteps(moduleAddress: string): Array<{ name: string; key: string }> {
  const steps: Array<{ name: string; key: string }> = [];
  let i = 0;
  const s = moduleAddress;
  while (i < s.length) {
    if (!s.startsWith('module.', i)) break;
    i += 'module.'.length;
    let name = '';
    while (i < s.length && /[A-Za-z0-9_-]/.test(s[i])) name += s[i++];
    let key = '';
    if (s[i] === '[') {
      const start = i;
      i++;
      if (s[i] === '"') {
        i++;
        while (i < s.length && s[i] !== '"') i += s[i] === '\\' ? 2 : 1;
        i++;
      } else while (i < s.length && s[i] !== ']') i++;
      i++;
      key = s.slice(start, i);
    }
    steps.push({ name, key });
    if (s[i] === '.') i++;
  }
  return steps;
}

function hclString(value: string): string {
  return JSON.stringify(value).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
}

function isIdentifier(key: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key);
}

/** Writes a plan from `terraform show -json` as a flat module (see the file comment). */
export function synthesizePlan(plan: PlanDocument): SynthModule {
  const instances: Instance[] = [];
  const usedNames = new Set<string>();
  const changes = new Map((plan.resource_changes ?? []).map((c) => [c.address, c]));

  const synthNameOf = (resource: PlanResource, module: string): string => {
    const parts = moduleSteps(module).map((st) => st.name + (st.key ? '_' + st.key.replace(/[^A-Za-z0-9_-]+/g, '_') : ''));
    parts.push(resource.name);
    if (resource.index !== undefined) parts.push(String(resource.index).replace(/[^A-Za-z0-9_-]+/g, '_'));
    let base = parts.join('__').replace(/_+$/, '') || 'r';
    if (!/^[A-Za-z_]/.test(base)) base = 'r_' + base;
    let name = base;
    for (let n = 2; usedNames.has(`${resource.mode}.${resource.type}.${name}`); n++) name = `${base}_${n}`;
    usedNames.add(`${resource.mode}.${resource.type}.${name}`);
    return name;
  };

  const configModule = (path: string[]): ConfigModule | undefined => {
    let current = plan.configuration?.root_module;
    for (const step of path) current = current?.module_calls?.[step]?.module;
    return current;
  };
  const configResource = (path: string[], resource: PlanResource): ConfigResource | undefined => {
    const prefix = resource.mode === 'data' ? 'data.' : '';
    return configModule(path)?.resources?.find((r) => r.address === `${prefix}${resource.type}.${resource.name}`);
  };

  const seen = new Set<string>();
  const collect = (module: PlanModule | undefined, fromPrior: boolean) => {
    if (!module) return;
    const moduleAddress = module.address ?? '';
    for (const resource of module.resources ?? []) {
      if (fromPrior && resource.mode !== 'data') continue;
      if (seen.has(resource.address)) continue;
      seen.add(resource.address);
      const change = changes.get(resource.address);
      const configPath = moduleSteps(moduleAddress).map((st) => st.name);
      let values = (resource.values ?? {}) as Record<string, JsonValue>;
      let unknownMask: JsonValue | undefined = change?.change.after_unknown;
      const shape =
        (resource as { sensitive_values?: JsonValue }).sensitive_values ??
        (change?.change as { after_sensitive?: JsonValue } | undefined)?.after_sensitive;
      if (fromPrior) unknownMask = undefined;
      if (!fromPrior && change && change.change.after && typeof change.change.after === 'object' && !Array.isArray(change.change.after)) {
        values = { ...(change.change.after as Record<string, JsonValue>), ...values };
      }
      instances.push({
        resource,
        module: moduleAddress,
        configPath,
        synthName: synthNameOf(resource, moduleAddress),
        values,
        unknown: unknownMask,
        shape,
        config: configResource(configPath, resource),
      });
    }
    for (const child of module.child_modules ?? []) collect(child, fromPrior);
  };
  // Data sources read during planning first (their values are known), then what the plan will create.
  collect(plan.prior_state?.values?.root_module, true);
  collect(plan.planned_values.root_module, false);
  // Data sources planning could not read are only in resource_changes (action "read").
  for (const change of plan.resource_changes ?? []) {
    if (seen.has(change.address) || change.mode !== 'data') continue;
    seen.add(change.address);
    const moduleAddress = change.module_address ?? '';
    const resource: PlanResource = { address: change.address, mode: 'data', type: change.type, name: change.name, index: change.index };
    const configPath = moduleSteps(moduleAddress).map((st) => st.name);
    instances.push({
      resource,
      module: moduleAddress,
      configPath,
      synthName: synthNameOf(resource, moduleAddress),
      values: (change.change.after as Record<string, JsonValue>) ?? {},
      unknown: change.change.after_unknown,
      shape: (change.change as { after_sensitive?: JsonValue }).after_sensitive,
      config: configResource(configPath, resource),
    });
  }

  const refOf = (inst: Instance, attribute: string) =>
    `${inst.resource.mode === 'data' ? 'data.' : ''}${inst.resource.type}.${inst.synthName}.${attribute}`;

  // Known ids and ARNs → the instance that has them.
  const byIdentity = new Map<string, string>();
  for (const inst of instances) {
    for (const attr of ['id', 'arn']) {
      const v = inst.values[attr];
      if (typeof v === 'string' && v.length > 0 && !byIdentity.has(v)) byIdentity.set(v, refOf(inst, attr));
    }
  }

  const byKey = new Map<string, Instance[]>();
  for (const inst of instances) {
    const key = `${inst.module}|${inst.resource.mode}|${inst.resource.type}|${inst.resource.name}`;
    byKey.set(key, [...(byKey.get(key) ?? []), inst]);
  }
  const instancesOf = (module: string, mode: string, type: string, name: string) => byKey.get(`${module}|${mode}|${type}|${name}`) ?? [];
  const moduleAddresses = [...new Set(instances.map((x) => x.module))];

  // ---- references → expressions

  interface Context {
    module: string;
    path: string[];
    /** The index or key of the instance whose body is being written (for count.index / each.key). */
    key?: number | string;
    depth: number;
    /** The instance's `for_each` expression (to follow `each.value.<attr>` when it iterates over a resource). */
    forEach?: PlanExpression;
  }
  type Resolved = { expr: string; list: boolean } | undefined;

  const literal = (value: JsonValue, self?: string): string => {
    if (value === null) return 'null';
    if (typeof value === 'string') {
      const ref = byIdentity.get(value);
      if (ref && ref !== self) return ref;
      return hclString(value);
    }
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (Array.isArray(value)) return `[${value.map((v) => literal(v, self)).join(', ')}]`;
    const entries = Object.entries(value).map(([k, v]) => `${hclString(k)} = ${literal(v, self)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  };

  /** Splits a reference such as `aws_subnet.private[0].id` into segments: ['aws_subnet', 'private', '[0]', 'id']. */
  const segments = (ref: string): string[] => {
    const out: string[] = [];
    const re = /([A-Za-z_][A-Za-z0-9_-]*)|(\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\])/g;
    for (const m of ref.matchAll(re)) out.push(m[0]);
    return out;
  };
  const keyOf = (segment: string | undefined): number | string | undefined => {
    if (!segment || !segment.startsWith('[')) return undefined;
    const inner = segment.slice(1, -1);
    if (inner.startsWith('"')) return JSON.parse(inner) as string;
    const n = Number(inner);
    return Number.isInteger(n) ? n : undefined;
  };

  /** The references that are not a prefix of another one (Terraform lists `a.b.c` and then `a.b`). */
  const primaries = (refs: string[]): { refs: string[]; perInstance: boolean } => {
    let perInstance = false;
    const out: string[] = [];
    for (const ref of refs) {
      if (ref === 'count.index' || ref.startsWith('each.')) {
        perInstance = true;
        continue;
      }
      if (/^(path|terraform|self)\./.test(ref)) continue;
      if (out.some((o) => o === ref || o.startsWith(ref + '.') || o.startsWith(ref + '['))) continue;
      out.push(ref);
    }
    return { refs: out, perInstance };
  };

  const resolveRefs = (expression: PlanExpression | undefined, ctx: Context): Resolved => {
    if (!expression) return undefined;
    if ('constant_value' in expression) {
      const v = expression.constant_value ?? null;
      return { expr: literal(v), list: Array.isArray(v) };
    }
    const eachValue = (expression.references ?? []).filter(
      (r) => r === 'each.value' || r.startsWith('each.value.') || r.startsWith('each.value['),
    );
    if (eachValue.length > 0 && eachValue.length === (expression.references ?? []).length) {
      // `subnet_id = each.value.id` with `for_each = aws_subnet.private`: each.value is that resource's instance at each.key.
      const over = ctx.forEach && !('constant_value' in ctx.forEach) ? primaries(ctx.forEach.references ?? []).refs : [];
      const source =
        over.length === 1 &&
        !/^(var|local|module|count|each|path|terraform|self)\./.test(over[0]) &&
        segments(over[0]).length === (over[0].startsWith('data.') ? 3 : 2)
          ? over[0]
          : undefined;
      const attribute = eachValue.find((r) => r.startsWith('each.value.'));
      if (!source || ctx.key === undefined || !attribute || eachValue.some((r) => r !== 'each.value' && r !== attribute)) return undefined;
      return resolveOne(`${source}[${JSON.stringify(ctx.key)}]${attribute.slice('each.value'.length)}`, ctx, false);
    }
    const { refs, perInstance } = primaries(expression.references ?? []);
    if (refs.length === 0) return undefined;
    // An expression that also reads each.value or a local (a conditional, a lookup) cannot be rebuilt from its
    // references alone: `each.value.type == "Interface" ? [subnets] : null` names subnets it may not use.
    if ((expression.references ?? []).some((r) => r.startsWith('each.value') || r.startsWith('local.'))) return undefined;
    const parts = refs.map((r) => resolveOne(r, ctx, perInstance));
    if (parts.length === 1) return parts[0];
    if (parts.some((p) => p === undefined)) return undefined;
    const items = parts.flatMap((p) => (p!.list ? [`${p!.expr}...`] : [p!.expr]));
    // Several references: a list of them (the usual case: `[aws_security_group.a.id, aws_security_group.b.id]`).
    if (items.some((i) => i.endsWith('...')))
      return { expr: `concat(${parts.map((p) => (p!.list ? p!.expr : `[${p!.expr}]`)).join(', ')})`, list: true };
    return { expr: `[${items.join(', ')}]`, list: true };
  };

  const resolveOne = (ref: string, ctx: Context, perInstance: boolean): Resolved => {
    if (ctx.depth > 20) return undefined;
    const segs = segments(ref);
    const head = segs[0];
    if (head === 'var') {
      const name = segs[1];
      if (ctx.path.length === 0) {
        const v = plan.variables?.[name]?.value;
        return v === undefined ? undefined : { expr: literal(v), list: Array.isArray(v) };
      }
      const parentPath = ctx.path.slice(0, -1);
      const steps = moduleSteps(ctx.module);
      const last = steps[steps.length - 1];
      const call = configModule(parentPath)?.module_calls?.[ctx.path[ctx.path.length - 1]];
      const parentModule = steps
        .slice(0, -1)
        .map((st) => `module.${st.name}${st.key}`)
        .join('.');
      const expression = call?.expressions?.[name] as PlanExpression | undefined;
      if (expression) {
        const resolved = resolveRefs(expression, { module: parentModule, path: parentPath, key: keyOf(last?.key), depth: ctx.depth + 1 });
        if (resolved && segs.length > 2) return withTail(resolved, segs.slice(2));
        return resolved;
      }
      const def = configModule(ctx.path)?.variables?.[name]?.default;
      return def === undefined ? undefined : { expr: literal(def), list: Array.isArray(def) };
    }
    if (head === 'module') {
      const name = segs[1];
      let i = 2;
      const key = keyOf(segs[i]);
      if (key !== undefined) i++;
      const output = segs[i];
      if (!output) return undefined;
      const childPath = [...ctx.path, name];
      const childPrefix = `${ctx.module ? ctx.module + '.' : ''}module.${name}`;
      const childModules = moduleAddresses.filter(
        (m) => m === childPrefix || m.startsWith(childPrefix + '[') || m.startsWith(childPrefix + '.'),
      );
      const exact = childModules.map((m) =>
        m.slice(
          0,
          childPrefix.length + (m.startsWith(childPrefix + '[') ? m.indexOf(']', childPrefix.length) - childPrefix.length + 1 : 0),
        ),
      );
      const wanted =
        key !== undefined ? `${childPrefix}[${typeof key === 'string' ? JSON.stringify(key) : key}]` : (exact[0] ?? childPrefix);
      const expression = configModule(childPath)?.outputs?.[output]?.expression;
      const resolved = resolveRefs(expression, { module: wanted, path: childPath, depth: ctx.depth + 1 });
      if (resolved && segs.length > i + 1) return withTail(resolved, segs.slice(i + 1));
      return resolved;
    }
    if (head === 'local' || head === 'count' || head === 'each') return undefined;
    const mode = head === 'data' ? 'data' : 'managed';
    const s = mode === 'data' ? segs.slice(1) : segs;
    if (s.length < 2) return undefined;
    const [type, name] = s;
    let rest = s.slice(2);
    const explicitKey = keyOf(rest[0]);
    if (explicitKey !== undefined) rest = rest.slice(1);
    const found = instancesOf(ctx.module, mode, type, name);
    if (found.length === 0) return undefined;
    const attribute = rest.filter((r) => !r.startsWith('[')).join('.') || 'id';
    const one = (inst: Instance): string => {
      // A data source's known value is more exact than a reference to it.
      if (inst.resource.mode === 'data') {
        const v = valueAt(inst.values, rest);
        if (v !== undefined && v !== null) return literal(v);
      }
      return refOf(inst, attribute);
    };
    if (explicitKey !== undefined) {
      const inst = found.find((f) => f.resource.index === explicitKey);
      return inst ? { expr: one(inst), list: false } : undefined;
    }
    if (found.length === 1 && found[0].resource.index === undefined) return { expr: one(found[0]), list: false };
    if (perInstance && ctx.key !== undefined) {
      const inst = found.find((f) => f.resource.index === ctx.key);
      if (inst) return { expr: one(inst), list: false };
    }
    return { expr: `[${found.map(one).join(', ')}]`, list: true };
  };

  const withTail = (resolved: NonNullable<Resolved>, tail: string[]): Resolved => {
    if (tail.length === 0) return resolved;
    return { expr: `(${resolved.expr})${tail.map((t) => (t.startsWith('[') ? t : `.${t}`)).join('')}`, list: false };
  };

  const valueAt = (values: JsonValue, path: string[]): JsonValue | undefined => {
    let current: JsonValue | undefined = values;
    for (const p of path) {
      if (current === null || current === undefined || typeof current !== 'object') return undefined;
      const key = keyOf(p) ?? p;
      current = Array.isArray(current) ? current[Number(key)] : (current as Record<string, JsonValue>)[String(key)];
    }
    return current;
  };

  // ---- bodies

  const unknownExpr = `var.${UNKNOWN_VARIABLE}`;
  /** Attributes holding JSON text (container definitions, state machine definitions, policies). */
  const JSON_TEXT_ATTRIBUTE = /^(container_definitions|definition|policy|assume_role_policy|.+_policy|.+_json)$/;
  const SKIP = new Set(['id', 'arn', 'tags_all', 'timeouts', 'owner_id']);

  const isBlockList = (value: JsonValue | undefined): value is Array<Record<string, JsonValue>> =>
    Array.isArray(value) && value.length > 0 && value.every((v) => v !== null && typeof v === 'object' && !Array.isArray(v));

  const writeBody = (
    lines: string[],
    indent: string,
    values: Record<string, JsonValue>,
    mask: JsonValue | undefined,
    config: PlanExpressions | undefined,
    ctx: Context,
    self: string,
    shape: JsonValue | undefined,
    inherited: PlanExpression | undefined,
  ): void => {
    const maskObj = mask && typeof mask === 'object' && !Array.isArray(mask) ? (mask as Record<string, JsonValue>) : {};
    const shapeObj = shape && typeof shape === 'object' && !Array.isArray(shape) ? (shape as Record<string, JsonValue>) : {};
    const asList = (key: string, resolved: Resolved): string | undefined => {
      if (!resolved) return undefined;
      const isList =
        Array.isArray(shapeObj[key]) || (shapeObj[key] === undefined && /_ids$|^(security_groups|subnets|cidr_blocks)$/.test(key));
      return isList && !resolved.list ? `[${resolved.expr}]` : resolved.expr;
    };
    const keys = [...new Set([...Object.keys(values), ...Object.keys(maskObj)])].sort();
    for (const key of keys) {
      if (indent === '  ' && SKIP.has(key)) continue;
      const value = values[key];
      const m = maskObj[key];
      const expression = config?.[key] ?? (inherited && m === true ? inherited : undefined);
      const name = isIdentifier(key) ? key : hclString(key);
      if (m === true) {
        // Known only after apply: rebuild it from the configuration, or say it is unknown.
        if (expression === undefined) continue; // computed and not set in the configuration: as in the sources
        let resolved = Array.isArray(expression) ? undefined : resolveRefs(expression, ctx);
        // A JSON document built from several references (jsonencode of a container list or a state
        // machine naming ARNs) is text, not the list of those references: it is simply unknown.
        // A single reference stands for it only when it is a document itself (`data.aws_iam_policy_document.x.json`).
        if (
          resolved &&
          JSON_TEXT_ATTRIBUTE.test(key) &&
          (resolved.list || !/\.(json|minified_json|policy|definition|container_definitions|rendered)$/.test(resolved.expr))
        )
          resolved = undefined;
        lines.push(`${indent}${name} = ${asList(key, resolved) ?? unknownExpr}`);
        continue;
      }
      if (value === null || value === undefined) continue;
      if (isBlockList(value) && isIdentifier(key)) {
        value.forEach((item, i) => {
          const itemMask = Array.isArray(m) ? m[i] : undefined;
          const itemConfig = Array.isArray(expression) ? (expression[i] as PlanExpressions | undefined) : undefined;
          const itemShape = Array.isArray(shapeObj[key]) ? (shapeObj[key] as JsonValue[])[i] : undefined;
          // A block written with references (or dynamic) has no per-argument expressions: its references stand for them.
          const itemInherited =
            expression && !Array.isArray(expression) && (expression as PlanExpression).references
              ? (expression as PlanExpression)
              : inherited;
          lines.push(`${indent}${key} {`);
          writeBody(lines, indent + '  ', item, itemMask, itemConfig, ctx, self, itemShape, itemInherited);
          lines.push(`${indent}}`);
        });
        continue;
      }
      if (Array.isArray(value) && Array.isArray(m) && m.some((x) => x === true)) {
        // A list with elements known only after apply.
        const resolved = expression && !Array.isArray(expression) ? resolveRefs(expression, ctx) : undefined;
        const items = value.map((v, i) => (m[i] === true ? unknownExpr : literal(v, self)));
        lines.push(`${indent}${name} = ${(resolved && (resolved.list ? resolved.expr : `[${resolved.expr}]`)) ?? `[${items.join(', ')}]`}`);
        continue;
      }
      if (value !== null && typeof value === 'object' && !Array.isArray(value) && m && typeof m === 'object' && !Array.isArray(m)) {
        const entries = Object.entries(value).map(
          ([k, v]) => `${hclString(k)} = ${(m as Record<string, JsonValue>)[k] === true ? unknownExpr : literal(v, self)}`,
        );
        for (const [k, u] of Object.entries(m)) if (u === true && !(k in value)) entries.push(`${hclString(k)} = ${unknownExpr}`);
        lines.push(`${indent}${name} = ${entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`}`);
        continue;
      }
      lines.push(`${indent}${name} = ${literal(value, self)}`);
    }
  };

  const files = new Map<string, string>();
  const blocks: SynthBlock[] = [];
  const byModule = new Map<string, Instance[]>();
  for (const inst of instances) byModule.set(inst.module, [...(byModule.get(inst.module) ?? []), inst]);

  const header: string[] = [
    `variable "${UNKNOWN_VARIABLE}" {`,
    `  description = "Stands for values the plan knows only after apply."`,
    '}',
    '',
  ];
  const provider = plan.configuration?.provider_config?.aws;
  if (provider) {
    const region = provider.expressions?.region as PlanExpression | undefined;
    const resolved = region ? resolveRefs(region, { module: '', path: [], depth: 0 }) : undefined;
    header.push('provider "aws" {');
    if (resolved) header.push(`  region = ${resolved.expr}`);
    header.push('}', '');
  }
  files.set('plan_meta.tf', header.join('\n'));

  for (const [module, list] of [...byModule].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    const lines: string[] = [];
    const fileName = module ? `${module.replace(/[^A-Za-z0-9_.-]+/g, '_')}.tf` : 'root.tf';
    for (const inst of list) {
      const keyword = inst.resource.mode === 'data' ? 'data' : 'resource';
      lines.push(`${keyword} "${inst.resource.type}" "${inst.synthName}" {`);
      writeBody(
        lines,
        '  ',
        inst.values,
        inst.unknown,
        inst.config?.expressions,
        { module, path: inst.configPath, key: inst.resource.index, depth: 0, forEach: inst.config?.for_each_expression },
        refOf(inst, 'id'),
        inst.shape,
        undefined,
      );
      lines.push('}', '');
      const address =
        inst.resource.address.startsWith(module + '.') && module ? inst.resource.address.slice(module.length + 1) : inst.resource.address;
      blocks.push({
        synthAddress: `${inst.resource.mode === 'data' ? 'data.' : ''}${inst.resource.type}.${inst.synthName}`,
        address,
        module,
        configPath: inst.configPath,
        mode: inst.resource.mode,
        type: inst.resource.type,
        name: inst.resource.name,
        file: fileName,
      });
    }
    files.set(fileName, lines.join('\n'));
  }

  const renames: Array<[string, string]> = blocks
    .map((b): [string, string] => [b.synthAddress, `${b.module ? b.module + '.' : ''}${b.address}`])
    .sort((a, b) => b[0].length - a[0].length);
  return { files, blocks, renames };
}
