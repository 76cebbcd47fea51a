/**
 * Security group rules in the group's own style. A group's rules can be written three ways: inline
 * `ingress {}` / `egress {}` blocks (or `ingress = [...]`), `aws_security_group_rule` resources, or
 * `aws_vpc_security_group_ingress_rule` / `_egress_rule` resources. The AWS provider warns that
 * mixing inline rules with rule resources on one group causes rule conflicts, perpetual
 * differences and rules being overwritten: a rule resource added next to inline rules of the same
 * direction is removed again by the next apply, and an inline block added next to rule resources
 * makes Terraform revoke them. So a fix writes a new rule the way the group's rules of that
 * direction are already written.
 */
import type { Fix, TextEdit } from '../findings';
import type { Block } from '../hcl/ast';
import type { Configuration, ResourceInstance } from '../model/config';
import { asString } from '../model/values';
import { declaration, fileOf, insertAfterBlock, replaceRange, uniqueName } from './edits';
import { renderRuleBlock, renderTemplate, type RuleBlockId, type TemplateId } from './templates';

/** The direction of a rule. */
export type RuleDirection = 'ingress' | 'egress';

/** How one rule of a group is written. */
export type RuleStyle = 'inline' | 'security-group-rule' | 'vpc-security-group-rule';

/** A separate rule resource that applies to a group. */
export interface SeparateRule {
  resource: ResourceInstance;
  style: 'security-group-rule' | 'vpc-security-group-rule';
  /** Undefined when an `aws_security_group_rule`'s `type` is not known. */
  direction: RuleDirection | undefined;
}

/** How a group's rules are written, per direction. */
export interface GroupRuleStyles {
  group: ResourceInstance;
  /** Inline rules of a direction: `blocks` (including `dynamic` blocks), the `attribute` list form, or none. */
  inline: Record<RuleDirection, 'blocks' | 'attribute' | undefined>;
  /** Rule resources whose `security_group_id` is this group. */
  separate: SeparateRule[];
}

const RULE_RESOURCE_TYPES: ReadonlyArray<{ type: string; style: SeparateRule['style'] }> = [
  { type: 'aws_security_group_rule', style: 'security-group-rule' },
  { type: 'aws_vpc_security_group_ingress_rule', style: 'vpc-security-group-rule' },
  { type: 'aws_vpc_security_group_egress_rule', style: 'vpc-security-group-rule' },
];

/** The nested blocks of a group body that write inline rules of `direction` (`ingress {}` and `dynamic "ingress" {}`). */
export function inlineRuleBlocks(block: Block, direction: RuleDirection): Block[] {
  return block.body.items.filter(
    (item): item is Block =>
      item.kind === 'block' &&
      ((item.type === direction && item.labels.length === 0) || (item.type === 'dynamic' && item.labels[0] === direction)),
  );
}

/** Reads how the rules of a security group (`aws_security_group` or `aws_default_security_group`) are written. */
export function groupRuleStyles(configuration: Configuration, group: ResourceInstance): GroupRuleStyles {
  const inline: GroupRuleStyles['inline'] = { ingress: undefined, egress: undefined };
  for (const direction of ['ingress', 'egress'] as const) {
    if (group.attribute(direction)) inline[direction] = 'attribute';
    else if (group.block && inlineRuleBlocks(group.block, direction).length > 0) inline[direction] = 'blocks';
  }
  const separate: SeparateRule[] = [];
  for (const { type, style } of RULE_RESOURCE_TYPES) {
    for (const resource of configuration.resourcesOfType(type)) {
      const target = resource.attr('security_group_id');
      if (target.kind !== 'ref' || target.target !== group) continue;
      let direction: RuleDirection | undefined;
      if (type === 'aws_security_group_rule') {
        const written = asString(resource.attr('type'));
        direction = written === 'ingress' || written === 'egress' ? written : undefined;
      } else direction = type.endsWith('_ingress_rule') ? 'ingress' : 'egress';
      separate.push({ resource, style, direction });
    }
  }
  return { group, inline, separate };
}

/**
 * The style a new rule of `direction` takes on the group: inline when that direction is written
 * inline (the inline set is authoritative, a resource beside it would be removed); the kind of the
 * rule resources of that direction when there are some (an inline block would revoke them); else
 * the style of the group's other rules; the `aws_vpc_security_group_*_rule` resources for a group
 * with no rules yet. Undefined when the direction uses the `ingress = [...]` attribute form, which
 * a fix cannot extend without rewriting the list.
 */
export function styleForNewRule(styles: GroupRuleStyles, direction: RuleDirection): RuleStyle | undefined {
  const own = styles.inline[direction];
  if (own === 'attribute') return undefined;
  if (own === 'blocks') return 'inline';
  const separateOf = (d: RuleDirection | undefined) => styles.separate.filter((s) => s.direction === d || s.direction === undefined);
  const pick = (rules: SeparateRule[]): RuleStyle | undefined => {
    if (rules.some((r) => r.style === 'vpc-security-group-rule')) return 'vpc-security-group-rule';
    return rules.length > 0 ? 'security-group-rule' : undefined;
  };
  const sameDirection = pick(separateOf(direction));
  if (sameDirection) return sameDirection;
  const other: RuleDirection = direction === 'ingress' ? 'egress' : 'ingress';
  if (styles.inline[other] !== undefined) return 'inline';
  return pick(styles.separate) ?? 'vpc-security-group-rule';
}

/** One HTTPS rule to add, in every style: the template of each, and the values they take. */
export interface NewRule {
  direction: RuleDirection;
  /** Template ids per separate style, and the inline block (with its `self = true` variant for a rule naming the group itself). */
  templates: {
    'security-group-rule': TemplateId;
    'vpc-security-group-rule': TemplateId;
    inline: RuleBlockId;
    inlineSelf?: RuleBlockId;
    /** The variant naming the VPC range instead of the peer group, for when naming the group would close a dependency cycle. */
    inlineVpcRange?: RuleBlockId;
  };
  /** The peer group the rule names, when it is one (to detect a cycle between inline rules). */
  peerGroup?: ResourceInstance;
  /** The resource name to start from for a separate rule resource. */
  baseName: string;
  /** The template parameter that names the group the rule is on (separate resources only). */
  groupParam: string;
  /** The other parameters: the peer group or prefix list, as expressions inside the group's module. */
  values: Record<string, string>;
}

const RESOURCE_TYPE: Record<SeparateRule['style'], (direction: RuleDirection) => string> = {
  'security-group-rule': () => 'aws_security_group_rule',
  'vpc-security-group-rule': (direction) => `aws_vpc_security_group_${direction}_rule`,
};

/**
 * The edit that adds `rules` (all of one direction) to `group` in the group's own style (see
 * `styleForNewRule`): inline blocks inside the group after its rule blocks, or rule resources after
 * the group's last rule resource in the group's file (else after the group). Undefined when the group
 * is not written as a block or the style cannot be extended mechanically.
 */
export function addRulesEdit(
  configuration: Configuration,
  group: ResourceInstance,
  rules: NewRule[],
): { edit: TextEdit; style: RuleStyle } | undefined {
  if (rules.length === 0) return undefined;
  const decl = declaration(group);
  if (!decl) return undefined;
  const direction = rules[0].direction;
  if (rules.some((r) => r.direction !== direction)) return undefined;
  const styles = groupRuleStyles(configuration, group);
  const style = styleForNewRule(styles, direction);
  if (!style) return undefined;
  const selfId = `${group.address}.id`;

  if (style === 'inline') {
    const indent = bodyIndent(decl.file.text, decl.block);
    const blocks: string[] = [];
    for (const rule of rules) {
      const names = Object.keys(rule.values);
      let id = rule.templates.inline;
      let values: Record<string, string> = rule.values;
      if (rule.templates.inlineSelf && names.length === 1 && rule.values[names[0]] === selfId) {
        id = rule.templates.inlineSelf;
        values = {};
      } else if (rule.peerGroup && refersTo(rule.peerGroup, group)) {
        // The peer group's block already names this group: naming it back from this group's block is a cycle.
        const range = rule.templates.inlineVpcRange && vpcRangeExpression(group);
        if (!range) return undefined;
        id = rule.templates.inlineVpcRange!;
        values = { vpc_cidr_block: range };
      }
      blocks.push(renderRuleBlock(id, values, indent).replace(/\n$/, ''));
    }
    const text = blocks.join('\n\n');
    const edit = inlineInsertion(decl.file.text, decl.file.path, decl.block, direction, text);
    return edit ? { edit, style } : undefined;
  }

  const type = RESOURCE_TYPE[style](direction);
  const taken = new Set<string>();
  const texts = rules.map((rule) => {
    let name = uniqueName(group.module, type, rule.baseName);
    for (let i = 2; taken.has(name); i++) name = uniqueName(group.module, type, `${rule.baseName}_${i}`);
    taken.add(name);
    return renderTemplate(rule.templates[style], { name, [rule.groupParam]: selfId, ...rule.values });
  });
  // After the last rule resource of this group in the group's own file, so the rules stay together.
  let anchor: Block = decl.block;
  for (const rule of styles.separate) {
    const block = rule.resource.block;
    if (!block || rule.resource.module !== group.module || rule.resource.file !== group.file) continue;
    if (block.range.start.offset > anchor.range.start.offset) anchor = block;
  }
  const file = fileOf(group.module, group.file) ?? decl.file;
  return { edit: insertAfterBlock(file, anchor, texts.join('\n')), style };
}

/** True when `resource`'s block mentions `target` (same module): a reference from `target` back to it would be a cycle. */
function refersTo(resource: ResourceInstance, target: ResourceInstance): boolean {
  if (resource.module !== target.module || !resource.block) return false;
  const file = fileOf(resource.module, resource.file);
  if (!file) return true;
  const text = file.text.slice(resource.block.range.start.offset, resource.block.range.end.offset);
  const address = `${target.type}.${target.name}`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_.-])${address}(?![A-Za-z0-9_-])`).test(text);
}

/** `aws_vpc.<x>.cidr_block` for the VPC a group is in, when that VPC is declared in the group's module. */
function vpcRangeExpression(group: ResourceInstance): string | undefined {
  const vpc = group.attr('vpc_id');
  if (
    vpc.kind !== 'ref' ||
    vpc.target.type !== 'aws_vpc' ||
    vpc.attribute !== 'id' ||
    vpc.target.module !== group.module ||
    !vpc.target.block
  )
    return undefined;
  return `${vpc.target.address}.cidr_block`;
}

/** The indentation of the items inside a block's body (that of its first item, else the closing brace's plus two spaces). */
function bodyIndent(text: string, block: Block): string {
  const lines = text.split('\n');
  const first = block.body.items[0];
  if (first && first.range.start.line > block.openBraceRange.start.line) return /^[ \t]*/.exec(lines[first.range.start.line] ?? '')![0];
  return /^[ \t]*/.exec(lines[block.closeBraceRange.start.line] ?? '')![0] + '  ';
}

/** Where an inline block of `direction` goes: after that direction's blocks, else ingress before the first egress block and egress after the last ingress one, else at the end of the body. */
function inlineInsertion(text: string, file: string, block: Block, direction: RuleDirection, blockText: string): TextEdit | undefined {
  const own = inlineRuleBlocks(block, direction);
  const afterBlock = (anchor: Block): TextEdit => {
    const at = anchor.closeBraceRange.end;
    return replaceRange(file, { start: at, end: at }, '\n\n' + blockText);
  };
  if (own.length > 0) return afterBlock(own[own.length - 1]);
  if (direction === 'egress') {
    const ingress = inlineRuleBlocks(block, 'ingress');
    if (ingress.length > 0) return afterBlock(ingress[ingress.length - 1]);
  } else {
    const egress = inlineRuleBlocks(block, 'egress');
    if (egress.length > 0) {
      const start = egress[0].range.start;
      const lineStart = { line: start.line, character: 0, offset: start.offset - start.character };
      if (text.slice(lineStart.offset, start.offset).trim() !== '') return undefined;
      return replaceRange(file, { start: lineStart, end: lineStart }, blockText + '\n\n');
    }
  }
  const close = block.closeBraceRange.start;
  if (close.line === block.openBraceRange.start.line) return undefined;
  const lineStart = { line: close.line, character: 0, offset: close.offset - close.character };
  if (text.slice(lineStart.offset, close.offset).trim() !== '') return undefined;
  return replaceRange(file, { start: lineStart, end: lineStart }, (block.body.items.length > 0 ? '\n' : '') + blockText + '\n');
}

// ---------------------------------------------------------------------------------------------
// Moving rule resources into inline blocks, for a group that mixes the two.

/** Arguments a rule resource may have for the move to be mechanical (anything else, e.g. `tags`, has no inline form). */
const MOVABLE_ARGUMENTS: Record<SeparateRule['style'], ReadonlySet<string>> = {
  'security-group-rule': new Set([
    'type',
    'security_group_id',
    'description',
    'protocol',
    'from_port',
    'to_port',
    'cidr_blocks',
    'ipv6_cidr_blocks',
    'prefix_list_ids',
    'source_security_group_id',
    'self',
  ]),
  'vpc-security-group-rule': new Set([
    'security_group_id',
    'description',
    'ip_protocol',
    'from_port',
    'to_port',
    'cidr_ipv4',
    'cidr_ipv6',
    'prefix_list_id',
    'referenced_security_group_id',
  ]),
};

/** The inline block (lines without indentation, in fmt layout) that writes the same rule as a rule resource; undefined when not mechanical. */
function inlineFormOf(rule: SeparateRule, group: ResourceInstance): string[] | undefined {
  const resource = rule.resource;
  const block = resource.block;
  const file = fileOf(resource.module, resource.file);
  if (!block || !file || !rule.direction) return undefined;
  const text = (name: string): string | undefined => {
    const attribute = resource.attribute(name);
    if (!attribute) return undefined;
    const value = file.text.slice(attribute.expr.range.start.offset, attribute.expr.range.end.offset);
    return value.includes('\n') ? '\n' : value;
  };
  for (const item of block.body.items) if (item.kind !== 'attribute' || !MOVABLE_ARGUMENTS[rule.style].has(item.name)) return undefined;
  const legacy = rule.style === 'security-group-rule';
  const protocolName = legacy ? 'protocol' : 'ip_protocol';
  const protocol =
    asString(resource.attr(protocolName)) ??
    (resource.attr(protocolName).kind === 'number' ? String((resource.attr(protocolName) as { value: number }).value) : undefined);
  if (protocol === undefined) return undefined;
  const allTraffic = protocol === '-1' || protocol.toLowerCase() === 'all';
  const lines: Array<[string, string]> = [];
  const description = text('description');
  if (description) lines.push(['description', description]);
  if (allTraffic) {
    // Inline rules take all traffic as protocol "-1" with both ports 0.
    lines.push(['from_port', '0'], ['to_port', '0'], ['protocol', '"-1"']);
  } else {
    const from = text('from_port');
    const to = text('to_port');
    const written = text(protocolName);
    if (!from || !to || !written) return undefined;
    lines.push(['from_port', from], ['to_port', to], ['protocol', written]);
  }
  const selfId = `${group.type}.${group.name}`;
  const groupValue = (name: string): Array<[string, string]> | undefined => {
    const value = text(name);
    if (value === undefined) return [];
    const target = resource.attr(name);
    if (target.kind === 'ref' && target.target === group) return [['self', 'true']];
    // Naming a group whose own block names this group would make the two groups a dependency cycle.
    if (target.kind === 'ref' && target.target.type === 'aws_security_group' && refersTo(target.target, group)) return undefined;
    if (value.includes(selfId)) return undefined;
    return [['security_groups', `[${value}]`]];
  };
  if (legacy) {
    for (const name of ['cidr_blocks', 'ipv6_cidr_blocks', 'prefix_list_ids']) {
      const value = text(name);
      if (value) lines.push([name, value]);
    }
    const source = groupValue('source_security_group_id');
    if (!source) return undefined;
    lines.push(...source);
    const self = text('self');
    if (self) lines.push(['self', self]);
  } else {
    for (const [from, to] of [
      ['cidr_ipv4', 'cidr_blocks'],
      ['cidr_ipv6', 'ipv6_cidr_blocks'],
      ['prefix_list_id', 'prefix_list_ids'],
    ]) {
      const value = text(from);
      if (value) lines.push([to, `[${value}]`]);
    }
    const source = groupValue('referenced_security_group_id');
    if (!source) return undefined;
    lines.push(...source);
  }
  if (lines.some(([, value]) => value === '\n')) return undefined;
  if (new Set(lines.map(([name]) => name)).size !== lines.length) return undefined;
  const width = Math.max(...lines.map(([name]) => name.length));
  return [`${rule.direction} {`, ...lines.map(([name, value]) => `  ${name.padEnd(width)} = ${value}`), '}'];
}

/** True when some file of the module names `address` outside the resource's own block (a reference the move would break). */
function referencedElsewhere(resource: ResourceInstance): boolean {
  const address = `${resource.type}.${resource.name}`;
  const pattern = new RegExp(`(^|[^A-Za-z0-9_.-])${address.replace(/\./g, '\\.')}(?![A-Za-z0-9_-])`, 'g');
  for (const file of resource.module.files) {
    for (const match of file.text.matchAll(pattern)) {
      const at = match.index + match[1].length;
      const own =
        file.path === resource.file && resource.block && at >= resource.block.range.start.offset && at < resource.block.range.end.offset;
      if (!own) return true;
    }
  }
  return false;
}

/** True when a comment sits inside the block (it would be lost with the block). */
function hasCommentInside(resource: ResourceInstance): boolean {
  const file = fileOf(resource.module, resource.file);
  const block = resource.block;
  if (!file || !block) return true;
  return file.comments.some((c) => c.range.start.offset > block.range.start.offset && c.range.start.offset < block.range.end.offset);
}

/**
 * "Move the rule resources into inline blocks": for a group that mixes inline rules with rule
 * resources, writes each rule resource as an inline block of the group and replaces the resource
 * with a `removed { from = ...; lifecycle { destroy = false } }` block (Terraform 1.7+), so Terraform
 * forgets the resource without revoking its rule, and the inline set, which already reads every rule
 * of the group from AWS, now lists it: nothing is revoked or re-created on apply. Offered only when
 * every rule resource of the group moves mechanically (same module, no count/for_each, no reference
 * to it, no comment inside, only arguments that have an inline form, no dependency cycle).
 */
export function moveRulesInlineFix(styles: GroupRuleStyles): Fix | undefined {
  const group = styles.group;
  const decl = declaration(group);
  if (!decl || styles.separate.length === 0) return undefined;
  const byDirection = new Map<RuleDirection, string[]>();
  const removals: TextEdit[] = [];
  const indent = bodyIndent(decl.file.text, decl.block);
  for (const rule of styles.separate) {
    const resource = rule.resource;
    // declaration() also refuses a block an override file changed.
    const block = declaration(resource)?.block;
    if (!block || resource.module !== group.module || !resource.certain || resource.key !== undefined) return undefined;
    if (!rule.direction || styles.inline[rule.direction] === 'attribute') return undefined;
    if (referencedElsewhere(resource) || hasCommentInside(resource)) return undefined;
    const inline = inlineFormOf(rule, group);
    if (!inline) return undefined;
    const blocks = byDirection.get(rule.direction) ?? [];
    blocks.push(inline.map((line) => indent + line).join('\n'));
    byDirection.set(rule.direction, blocks);
    const removed = [
      `removed {`,
      `  from = ${resource.type}.${resource.name}`,
      '',
      '  lifecycle {',
      '    destroy = false',
      '  }',
      '}',
    ].join('\n');
    removals.push(replaceRange(resource.file, block.range, removed));
  }
  const edits: TextEdit[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    const blocks = byDirection.get(direction);
    if (!blocks) continue;
    const edit = inlineInsertion(decl.file.text, decl.file.path, decl.block, direction, blocks.join('\n\n'));
    if (!edit) return undefined;
    const same = edits.find(
      (e) => e.file === edit.file && e.range.start.line === edit.range.start.line && e.range.start.character === edit.range.start.character,
    );
    if (same) return undefined;
    edits.push(edit);
  }
  return { title: 'Move the rule resources into inline blocks (the rules stay in AWS)', edits: [...edits, ...removals], isPreferred: true };
}
