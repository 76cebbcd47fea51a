/**
 * Builds quick-fix edits: where a new resource goes (after the related resources, in their file),
 * which names and expressions wire it to the module's own VPC, subnets, security groups and region,
 * and text edits that change one attribute while leaving every other byte alone.
 */
import type { Attribute, Block, BodyItem, Expression, HclFile, Range } from '../hcl/ast';
import type { TextEdit } from '../findings';
import type { ModuleInstance, ResourceInstance } from '../model/config';
import { isJsonFile } from '../model/loader';
import { Scope } from '../model/evaluator';
import { isMergedBlock } from '../model/merge';
import { toTextRange } from '../findings';

/** The parsed file at a path within a module. */
export function fileOf(module: ModuleInstance, path: string): HclFile | undefined {
  return module.files.find((f) => f.path === path);
}

/** The exact source text of a range. */
export function textOf(file: HclFile, range: Range): string {
  return file.text.slice(range.start.offset, range.end.offset);
}

/** The source text of an expression when it fits on one line (so templates stay fmt-clean), else undefined. */
export function singleLineText(file: HclFile, expr: Expression): string | undefined {
  // JSON syntax is not native syntax: its text is never copied into a .tf file.
  if (isJsonFile(file.path)) return undefined;
  const text = textOf(file, expr.range);
  // An expression without text (a value not typed yet) is not something a fix can copy.
  return text.includes('\n') || text.trim() === '' ? undefined : text;
}

/** A name for a new resource of `type` in `module` that no existing resource uses. */
export function uniqueName(module: ModuleInstance, type: string, base: string): string {
  const taken = module.resourceNames(type);
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
}

/** Inserts `text` (one or more blocks, no trailing newline needed) after a top-level block, separated by a blank line. */
export function insertAfterBlock(file: HclFile, block: Block, text: string): TextEdit {
  const at = block.closeBraceRange.end;
  return { file: file.path, range: toTextRange({ start: at, end: at }), newText: '\n\n' + text.replace(/\n+$/, '') };
}

/** Replaces a range with new text. */
export function replaceRange(file: string, range: Range, newText: string): TextEdit {
  return { file, range: toTextRange(range), newText };
}

/**
 * Inserts an attribute into a block's body without touching any byte but alignment whitespace, laid
 * out as `terraform fmt` lays it out: the new line joins the body's last run of one-line attributes
 * (consecutive lines, no comment after a value), and that run's `=` signs are re-aligned to the
 * longest name. With no such run (or only meta-arguments like `count`), it goes at the end of the
 * body after a blank line, as its own run.
 */
export function insertAttribute(file: HclFile, block: Block, line: string): TextEdit {
  const close = block.closeBraceRange.start;
  const text = file.text;
  const closeIndent = /^[ \t]*/.exec(lineTextAt(text, close.offset - close.character))![0];
  const indent = closeIndent + '  ';
  if (close.line === block.openBraceRange.start.line) {
    // A one-line block `x {}`: open it up.
    return replaceRange(file.path, { start: close, end: close }, `\n${indent}${line}\n${closeIndent}`);
  }
  const lineStart = { line: close.line, character: 0, offset: close.offset - close.character };
  const items = block.body.items;
  if (items.length === 0) return replaceRange(file.path, { start: lineStart, end: lineStart }, `${indent}${line}\n`);
  const [name, value] = splitAttributeLine(line);
  const run = name === undefined ? undefined : lastAttributeRun(text, items);
  if (name !== undefined && run) {
    const width = Math.max(name.length, ...run.map((a) => a.name.length));
    const last = run[run.length - 1];
    // Before a CR of a CRLF line ending, so the line break stays the file's own.
    let lastLineEnd = offsetOfLineEnd(text, last.range.end.offset);
    if (lastLineEnd > last.range.end.offset && text.charCodeAt(lastLineEnd - 1) === 13) lastLineEnd--;
    let out = '';
    for (let i = 0; i < run.length; i++) {
      const attribute = run[i];
      const until = i + 1 < run.length ? run[i + 1].nameRange.end.offset : lastLineEnd;
      out += ' '.repeat(width - attribute.name.length) + ' = ' + text.slice(attribute.expr.range.start.offset, until);
    }
    const runIndent = text.slice(run[0].range.start.offset - run[0].range.start.character, run[0].range.start.offset);
    out += `\n${runIndent}${name.padEnd(width)} = ${value}`;
    const from = run[0].nameRange.end;
    // The end of the run's last line is on the same line as the end of its value.
    const to = {
      line: last.range.end.line,
      character: last.range.end.character + (lastLineEnd - last.range.end.offset),
      offset: lastLineEnd,
    };
    return replaceRange(file.path, { start: from, end: to }, out);
  }
  return replaceRange(file.path, { start: lineStart, end: lineStart }, `\n${indent}${line}\n`);
}

/** Meta-arguments that form their own group at the top of a block; a new attribute does not join them. */
const META_ARGUMENTS = new Set(['count', 'for_each', 'provider', 'depends_on']);

/**
 * The last run of one-line attributes in a body, as `terraform fmt` groups them for alignment: each
 * alone on its line, on consecutive lines, with nothing after the value. Undefined when there is none
 * (or it holds only meta-arguments).
 */
function lastAttributeRun(text: string, items: BodyItem[]): Attribute[] | undefined {
  const isRunLine = (item: BodyItem): item is Attribute => {
    if (item.kind !== 'attribute' || item.range.start.line !== item.range.end.line) return false;
    if (text.slice(item.range.start.offset - item.range.start.character, item.range.start.offset).trim() !== '') return false;
    return text.slice(item.range.end.offset, offsetOfLineEnd(text, item.range.end.offset)).trim() === '';
  };
  for (let end = items.length - 1; end >= 0; end--) {
    if (!isRunLine(items[end])) continue;
    const run: Attribute[] = [items[end] as Attribute];
    for (let i = end - 1; i >= 0; i--) {
      const item = items[i];
      if (!isRunLine(item) || item.range.start.line !== run[0].range.start.line - 1) break;
      run.unshift(item);
    }
    if (run.every((a) => META_ARGUMENTS.has(a.name))) return undefined;
    return run;
  }
  return undefined;
}

/** The offset of the end of the line holding `offset` (before its `\n`, or the end of the text). */
function offsetOfLineEnd(text: string, offset: number): number {
  const next = text.indexOf('\n', offset);
  return next < 0 ? text.length : next;
}

/** The text of the line starting at `lineStart`, without its line break (read in place: fixes stay linear in the file size). */
function lineTextAt(text: string, lineStart: number): string {
  const end = text.indexOf('\n', lineStart);
  return text.slice(lineStart, end < 0 ? text.length : end).replace(/\r$/, '');
}

/** Splits `name = value` into its parts. */
function splitAttributeLine(line: string): [string | undefined, string] {
  const m = /^([A-Za-z_][A-Za-z0-9_-]*)\s*=\s*(.*)$/.exec(line);
  return m ? [m[1], m[2]] : [undefined, line];
}

/** The last top-level block in a file satisfying `predicate`. */
export function lastBlock(file: HclFile, predicate: (block: Block) => boolean): Block | undefined {
  let found: Block | undefined;
  for (const item of file.body.items) if (item.kind === 'block' && predicate(item)) found = item;
  return found;
}

/**
 * The one-line source text of a resource's attribute, when it is written in a block. Undefined for
 * an attribute without a value (`security_group_ids =` while typing): copying that into a new
 * resource would write the same broken line again (and the templates refuse empty values).
 */
export function attributeText(resource: ResourceInstance, name: string): string | undefined {
  const decl = declaration(resource);
  const attribute = resource.attribute(name);
  if (!decl || !attribute || attribute.expr.type === 'invalid') return undefined;
  const text = singleLineText(decl.file, attribute.expr);
  return text !== undefined && text.trim() !== '' ? text : undefined;
}

/**
 * The VPC id expression a new resource in `module` can take from a subnet of that module:
 * `aws_subnet.private.vpc_id`, or `aws_subnet.private[0].vpc_id` for a known instance. A subnet block
 * repeated over a count or for_each that is not known here has no instance to name, so its own
 * `vpc_id` text is taken when it does not depend on the instance (`aws_vpc.main.id`); else undefined.
 */
export function vpcIdFromSubnet(subnet: ResourceInstance, module: ModuleInstance): string | undefined {
  if (subnet.module !== module || !subnet.block) return undefined;
  const repeated = subnet.block.body.items.some((i) => i.kind === 'attribute' && (i.name === 'count' || i.name === 'for_each'));
  if (!repeated || subnet.key !== undefined) return `${subnet.address}.vpc_id`;
  const own = attributeText(subnet, 'vpc_id');
  return own !== undefined && !/\b(count|each|self)\./.test(own) ? own : undefined;
}

/** The block that declares a resource instance, with its file. */
export function declaration(resource: ResourceInstance): { file: HclFile; block: Block } | undefined {
  // A block an override file changed has parts in two files: no edit can be placed safely.
  if (!resource.block || isMergedBlock(resource.block)) return undefined;
  const file = fileOf(resource.module, resource.file);
  return file ? { file, block: resource.block } : undefined;
}

/** True for a known value that is not a region name (`"x"`, a list): an endpoint wired to it would not be recognised. */
function notARegion(value: import('../model/values').Value): boolean {
  if (value.kind === 'unknown') return false;
  return value.kind !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(value.value);
}

/**
 * The region expression a module already uses: from an endpoint's `service_name` template, a
 * `region` variable, or `data.aws_region`. Undefined when the module has none.
 */
export function regionExpression(module: ModuleInstance): string | undefined {
  for (const { block } of module.topBlocks('resource')) {
    if (block.labels[0] !== 'aws_vpc_endpoint') continue;
    const attr = block.body.items.find((i) => i.kind === 'attribute' && i.name === 'service_name');
    if (!attr || attr.kind !== 'attribute' || attr.expr.type !== 'template') continue;
    const parts = attr.expr.parts;
    const file = module.files.find((f) => f.body.items.includes(block));
    if (!file) continue;
    if (parts.length >= 2 && parts[0].kind === 'text' && parts[0].value === 'com.amazonaws.' && parts[1].kind === 'interpolation') {
      const text = singleLineText(file, parts[1].expr);
      if (text && !notARegion(module.evaluator.evaluate(parts[1].expr, Scope.of(module)))) return text;
    }
    if (parts.length === 1 && parts[0].kind === 'text') {
      const m = /^com\.amazonaws\.([a-z0-9-]+)\./.exec(parts[0].value);
      if (m) return `"${m[1]}"`;
    }
  }
  for (const name of ['region', 'aws_region']) {
    if (!module.variableNames().includes(name)) continue;
    // A variable whose known value is not a region name would write an endpoint no rule recognises.
    if (notARegion(module.variableValue(name))) continue;
    return `var.${name}`;
  }
  for (const { block } of module.topBlocks('data'))
    if (block.labels[0] === 'aws_region' && block.labels[1]) return `data.aws_region.${block.labels[1]}.name`;
  return undefined;
}
