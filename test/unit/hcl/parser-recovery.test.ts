import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Block, HclFile } from '../../../src/core/hcl/ast';
import { MAX_DIAGNOSTICS, MAX_NESTING_DEPTH, parseHcl } from '../../../src/core/hcl/parser';
import { attribute, checkPositions, span } from './helpers';

function parse(text: string): HclFile {
  const file = parseHcl(text, 'broken.tf');
  checkPositions(file);
  return file;
}

function messages(file: HclFile): string[] {
  return file.errors.map((e) => e.message);
}

function blocks(file: HclFile): string[] {
  return file.body.items.filter((i): i is Block => i.kind === 'block').map((b) => [b.type, ...b.labels].join('.'));
}

describe('HCL parser: error recovery', () => {
  it('reports a missing } and closes the block with an empty range at the end of the text', () => {
    const text = 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n';
    const file = parse(text);
    assert.deepEqual(messages(file), ["Expected '}' to close the block opened at line 1"]);
    assert.deepEqual(span(file.errors[0].range), [0, 26, 0, 27]);
    const vpc = file.body.items[0] as Block;
    assert.equal(vpc.closeBraceRange.start.offset, text.length);
    assert.equal(vpc.closeBraceRange.end.offset, text.length);
    assert.equal(vpc.range.end.offset, text.length);
    assert.equal(attribute(vpc.body.items, 'cidr_block').expr.type, 'template');
  });

  it('ends an unclosed block where the next top-level block starts in column 0', () => {
    const text = 'resource "a" "one" {\n  tags = {\n    Name = "x"\n}\n\nresource "a" "two" {\n  y = 2\n}\n';
    const file = parse(text);
    assert.deepEqual(blocks(file), ['resource.a.one', 'resource.a.two']);
    assert.deepEqual(messages(file), ["Expected '}' to close the block opened at line 1"]);
    const one = file.body.items[0] as Block;
    assert.deepEqual(span(one.closeBraceRange), [5, 0, 5, 0]);
  });

  it('reports a missing value after = and keeps parsing', () => {
    const file = parse('x =\ny = 2\n');
    assert.deepEqual(messages(file), ['Expected an expression after \'=\' for the argument "x"']);
    assert.equal(attribute(file.body.items, 'x').expr.type, 'invalid');
    assert.equal(attribute(file.body.items, 'y').expr.type, 'literal');
  });

  it('reports stray characters and skips the line', () => {
    const file = parse('a = 1\n@@@ garbage\nb = 2\nc = @\n');
    assert.deepEqual(messages(file), ["Invalid character '@'", "Invalid character '@'"]);
    assert.deepEqual(span(file.errors[0].range), [1, 0, 1, 11]);
    assert.deepEqual(
      file.body.items.map((i) => i.kind === 'attribute' && i.name),
      ['a', 'b', 'c'],
    );
  });

  it('keeps both good blocks around a garbage line', () => {
    const text = 'resource "a" "one" {\n  x = 1\n}\nthis is not { valid hcl ]\nresource "a" "two" {\n  y = 2\n}\n';
    const file = parse(text);
    assert.ok(file.errors.length > 0);
    assert.deepEqual(
      blocks(file).filter((b) => b.startsWith('resource')),
      ['resource.a.one', 'resource.a.two'],
    );
    const two = file.body.items.find((i) => i.kind === 'block' && i.labels[1] === 'two') as Block;
    assert.equal(attribute(two.body.items, 'y').name, 'y');
  });

  it('keeps the following blocks when a bracket or call is left open', () => {
    for (const opener of ['x = [1, 2', 'x = foo(1,', 'x = { a = 1', 'x = (1 +', 'x = a[0']) {
      const file = parse(`${opener}\nresource "a" "b" {\n  y = 1\n}\n`);
      assert.ok(file.errors.length >= 1, opener);
      assert.deepEqual(blocks(file), ['resource.a.b'], opener);
    }
  });

  it('reports an unterminated string and resumes on the next line', () => {
    const file = parse('x = "abc\ny = 2\n');
    assert.equal(file.errors.length, 1);
    assert.match(file.errors[0].message, /^Unterminated string/);
    assert.deepEqual(span(file.errors[0].range), [0, 4, 0, 8]);
    assert.equal(attribute(file.body.items, 'y').expr.type, 'literal');
  });

  it('reports an unterminated heredoc', () => {
    const file = parse('x = <<EOT\nabc\n');
    assert.deepEqual(messages(file), ["Unterminated heredoc: expected a line containing only 'EOT' to end the heredoc opened at line 1"]);
  });

  it('reports one-line block and newline mistakes like HCL does', () => {
    assert.match(messages(parse('x = 1 y = 2\n'))[0], /Expected a newline after the argument/);
    assert.match(messages(parse('a {} b = 1\n'))[0], /Expected a newline after the block/);
    assert.match(messages(parse('a { b = 1\n  c = 2 }\n'))[0], /single-line block/);
    assert.match(messages(parse('a { b {} }\n'))[0], /single-line block cannot contain a nested block/);
    assert.match(messages(parse('a = 1, b = 2\n'))[0], /separated by newlines, not commas/);
    assert.match(messages(parse('}\nx = 1\n'))[0], /no open block/);
    assert.match(messages(parse('resource "a" "b"\n{\n}\n'))[0], /Expected '\{' to open the block "resource"/);
    // Inside a block, `name "value"` is an argument that lost its `=`: say so.
    assert.match(messages(parse('resource "aws_vpc" "x" {\n  cidr_block "10.0.0.0/16"\n}\n'))[0], /Expected '=' after "cidr_block"/);
  });

  it('reports expression syntax errors', () => {
    const cases: Array<[string, RegExp]> = [
      ['x = [1 2]\n', /Expected ',' or '\]'/],
      ['x = {a = 1 b = 2}\n', /Expected a newline or ','/],
      ['x = a.\n', /Expected an attribute name after '\.'/],
      ["x = 'single'\n", /strings use double quotes/],
      ['x = "${a b}"\n', /Expected '\}' to close the interpolation/],
      ['x = "%{if a}x"\n', /has no matching '%\{endif\}'/],
      ['x = "%{endfor}"\n', /without a matching/],
      ['x = "\\q"\n', /Invalid escape sequence '\\q'/],
      ['x = "\\u12"\n', /Invalid escape sequence/],
      ['resource "a${b}" "c" {\n}\n', /Block labels must be plain strings/],
      ['x = 1\nx = 2\n', /already set at line 1/],
      ['x = a.*.b.*.c\n', /cannot be used inside another attribute-only splat/],
      ['x = [for x in y: x...]\n', /only allowed in an object 'for'/],
      ['x = [for in y: x]\n', /Expected (a variable name after 'for'|'in' after the 'for' variables)/],
      ['x = a ?\n  b : c\n', /Expected an expression after '\?'/],
      ['x = 1 +\n  2\n', /Expected an expression after '\+'/],
      ['x = /* open\n', /Unterminated comment/],
      ['x = <<EOT  \nabc\nEOT\n', /must be followed directly by a newline/],
      ['x = a.0.1\n', /Chained legacy indexes/],
      ['x = foo(a...,b)\n', /only the last argument can be expanded/],
    ];
    for (const [text, pattern] of cases) {
      const file = parse(text);
      assert.ok(
        file.errors.some((e) => pattern.test(e.message)),
        `${JSON.stringify(text)} gave ${JSON.stringify(messages(file))}`,
      );
    }
  });

  it('gives one clear diagnostic and an empty body for binary input', () => {
    const withNul = parse('x = 1\n\0\0\0\x01\x02garbage\0'.repeat(100));
    assert.deepEqual(messages(withNul), ['This file looks binary (it contains NUL characters or invalid UTF-8), so it was not parsed']);
    assert.deepEqual(withNul.body.items, []);
    const undecodable = parse('\ufffd\ufffd\ufffdPK\ufffd\ufffd\x03\ufffd'.repeat(50));
    assert.equal(undecodable.errors.length, 1);
    assert.deepEqual(undecodable.body.items, []);
    // A stray replacement character in a comment is not "binary".
    assert.deepEqual(messages(parse('# caf\ufffd\nx = 1\n')), []);
  });

  it('caps the number of diagnostics, keeping the first one', () => {
    const text = Array.from({ length: 1000 }, (_, i) => `@ line ${i}`).join('\n');
    const file = parse(text);
    assert.equal(file.errors.length, MAX_DIAGNOSTICS + 1);
    assert.deepEqual(span(file.errors[0].range), [0, 0, 0, 8]);
    assert.match(file.errors[MAX_DIAGNOSTICS].message, /Too many syntax errors/);
  });

  it('survives very deep nesting with one diagnostic and no stack overflow', () => {
    const depth = 20000;
    for (const [open, close] of [
      ['[', ']'],
      ['(', ')'],
      ['{ a = ', ' }'],
    ]) {
      const file = parse(`x = ${open.repeat(depth)}1${close.repeat(depth)}\ny = 2\n`);
      assert.equal(file.errors.length, 1, open);
      assert.match(file.errors[0].message, new RegExp(`more than ${MAX_NESTING_DEPTH} levels`));
      assert.equal(attribute(file.body.items, 'y').expr.type, 'literal');
    }
    const unary = parse(`x = ${'!'.repeat(depth)}true\ny = 2\n`);
    assert.equal(unary.errors.length, 1);
    const blocksDeep = parse(`${'a {\n'.repeat(depth)}${'}\n'.repeat(depth)}y = 2\n`);
    assert.equal(blocksDeep.errors.length, 1);
    assert.equal(attribute(blocksDeep.body.items, 'y').name, 'y');
    const templates = parse(`x = ${'"${'.repeat(depth)}1${'}"'.repeat(depth)}\n`);
    assert.ok(templates.errors.length >= 1);
  });

  it('parses 10 MB of Terraform without errors', () => {
    const chunk = fs.readFileSync(path.join(__dirname, 'corpus', 'endpoints.tf'), 'utf8');
    const copies = Math.ceil((10 * 1024 * 1024) / chunk.length);
    // Distinct locals names so that the attribute-redefinition check does not fire.
    const text = Array.from({ length: copies }, (_, i) =>
      chunk.replace(/^locals \{\n  interface_endpoints/m, `locals {\n  interface_endpoints_${i}`),
    ).join('\n');
    assert.ok(text.length >= 10 * 1024 * 1024);
    const file = parseHcl(text, 'big.tf');
    assert.deepEqual(file.errors, []);
    assert.equal(file.body.items.length, copies * 5);
  });

  it('never throws on mutated and truncated Terraform (seeded fuzz)', () => {
    const corpusDir = path.join(__dirname, 'corpus');
    const sources = fs
      .readdirSync(corpusDir)
      .filter((f) => f.endsWith('.tf'))
      .map((f) => fs.readFileSync(path.join(corpusDir, f), 'utf8'));
    let seed = 12345;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const inserts = [
      '{',
      '}',
      '[',
      ']',
      '(',
      ')',
      '"',
      '${',
      '%{',
      '<<EOT\n',
      '\n',
      '#',
      '/*',
      '=',
      ',',
      '.',
      '*',
      '~',
      '\\',
      '\r\n',
      '日',
      '🚀',
    ];
    for (let round = 0; round < 400; round++) {
      let text = sources[random(sources.length)];
      const edits = 1 + random(5);
      for (let e = 0; e < edits; e++) {
        const at = random(text.length + 1);
        const kind = random(3);
        if (kind === 0) text = text.slice(0, at) + inserts[random(inserts.length)] + text.slice(at);
        else if (kind === 1) text = text.slice(0, at) + text.slice(at + 1 + random(20));
        else text = text.slice(0, at);
      }
      const file = parseHcl(text, 'fuzz.tf');
      checkPositions(file);
      assert.ok(file.errors.length <= MAX_DIAGNOSTICS + 1);
    }
  });
});
