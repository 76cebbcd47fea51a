/** Shared helpers for the HCL parser tests. */
import * as assert from 'node:assert/strict';
import type { Attribute, Block, BodyItem, Expression, HclFile, Position, Range } from '../../../src/core/hcl/ast';
import { parseHcl } from '../../../src/core/hcl/parser';

/** Parses and asserts that there were no syntax errors. */
export function parseClean(text: string): HclFile {
  const file = parseHcl(text, 'test.tf');
  assert.deepEqual(
    file.errors.map((e) => e.message),
    [],
    `unexpected syntax errors in:\n${text}`,
  );
  checkPositions(file);
  return file;
}

/** The source text a range covers. */
export function sourceOf(file: HclFile, range: Range): string {
  return file.text.slice(range.start.offset, range.end.offset);
}

/** `[startLine, startCharacter, endLine, endCharacter]`, for compact range assertions. */
export function span(range: Range): [number, number, number, number] {
  return [range.start.line, range.start.character, range.end.line, range.end.character];
}

export function attribute(items: BodyItem[], name: string): Attribute {
  const found = items.find((item): item is Attribute => item.kind === 'attribute' && item.name === name);
  assert.ok(found, `no attribute ${name}`);
  return found;
}

export function block(items: BodyItem[], type: string, index = 0): Block {
  const found = items.filter((item): item is Block => item.kind === 'block' && item.type === type)[index];
  assert.ok(found, `no block ${type}[${index}]`);
  return found;
}

/** The expression of `x = <expression>`. */
export function expressionOf(source: string, name = 'x'): { file: HclFile; expr: Expression } {
  const file = parseClean(`${name} = ${source}\n`);
  return { file, expr: attribute(file.body.items, name).expr };
}

/**
 * Checks every Position in the tree: offset, line and character agree with the text,
 * and no position falls between a `\r` and its `\n`.
 */
export function checkPositions(file: HclFile): void {
  const lineStarts = [0];
  for (let i = 0; i < file.text.length; i++) if (file.text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const seen = new Set<object>();
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if ('line' in value && 'character' in value && 'offset' in value) {
      const position = value as Position;
      assert.equal(
        lineStarts[position.line] + position.character,
        position.offset,
        `position ${JSON.stringify(position)} disagrees with its offset`,
      );
      assert.ok(position.offset <= file.text.length);
      if (position.offset > 0 && position.offset < file.text.length) {
        assert.ok(
          !(file.text[position.offset - 1] === '\r' && file.text[position.offset] === '\n'),
          `position inside \\r\\n at ${position.offset}`,
        );
      }
      return;
    }
    if ('start' in value && 'end' in value) {
      const range = value as Range;
      assert.ok(range.start.offset <= range.end.offset, `range ends before it starts: ${JSON.stringify(range)}`);
      // The parser's ranges compute their positions on each read (no own properties to walk into).
      visit(range.start);
      visit(range.end);
    }
    for (const child of Object.values(value)) visit(child);
  };
  visit(file.body);
  visit(file.comments);
  visit(file.errors);
}
