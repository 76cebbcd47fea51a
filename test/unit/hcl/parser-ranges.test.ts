import * as assert from 'node:assert/strict';
import type { TemplateExpr } from '../../../src/core/hcl/ast';
import { attribute, block, checkPositions, parseClean, sourceOf, span } from './helpers';
import { parseHcl } from '../../../src/core/hcl/parser';

describe('HCL parser: ranges', () => {
  it('gives exact ranges for attribute names, values and whole attributes', () => {
    const file = parseClean('  name  =  "value"   # trailing\ncount = 3\n');
    const name = attribute(file.body.items, 'name');
    assert.deepEqual(span(name.nameRange), [0, 2, 0, 6]);
    assert.deepEqual(span(name.expr.range), [0, 11, 0, 18]);
    assert.deepEqual(span(name.range), [0, 2, 0, 18]);
    assert.equal(sourceOf(file, name.range), 'name  =  "value"');
    const count = attribute(file.body.items, 'count');
    assert.deepEqual(span(count.range), [1, 0, 1, 9]);
    assert.deepEqual(span(file.body.range), [0, 0, 2, 0]);
  });

  it('gives block header, label, brace and body ranges', () => {
    const text = 'resource "aws_vpc" main {\n  cidr_block = "10.0.0.0/16"\n}\n';
    const file = parseClean(text);
    const vpc = block(file.body.items, 'resource');
    assert.deepEqual(vpc.labels, ['aws_vpc', 'main']);
    assert.deepEqual(span(vpc.typeRange), [0, 0, 0, 8]);
    assert.deepEqual(vpc.labelRanges.map(span), [
      [0, 9, 0, 18],
      [0, 19, 0, 23],
    ]);
    assert.equal(sourceOf(file, vpc.labelRanges[0]), '"aws_vpc"');
    assert.deepEqual(span(vpc.openBraceRange), [0, 24, 0, 25]);
    assert.deepEqual(span(vpc.closeBraceRange), [2, 0, 2, 1]);
    assert.deepEqual(span(vpc.range), [0, 0, 2, 1]);
    assert.deepEqual(span(vpc.body.range), [0, 25, 2, 0]);
    assert.deepEqual(span(attribute(vpc.body.items, 'cidr_block').range), [1, 2, 1, 28]);
  });

  it('parses nested blocks and one-line blocks with their ranges', () => {
    const text =
      'resource "aws_security_group" "sg" {\n  ingress { from_port = 443 }\n  egress {}\n  lifecycle {\n    create_before_destroy = true\n  }\n}\n';
    const file = parseClean(text);
    const sg = block(file.body.items, 'resource');
    const ingress = block(sg.body.items, 'ingress');
    assert.deepEqual(span(ingress.range), [1, 2, 1, 29]);
    assert.equal(attribute(ingress.body.items, 'from_port').expr.type, 'literal');
    assert.deepEqual(span(attribute(ingress.body.items, 'from_port').range), [1, 12, 1, 27]);
    const egress = block(sg.body.items, 'egress');
    assert.deepEqual(egress.body.items, []);
    assert.deepEqual(span(egress.range), [2, 2, 2, 11]);
    const lifecycle = block(sg.body.items, 'lifecycle');
    assert.deepEqual(span(lifecycle.range), [3, 2, 5, 3]);
    assert.equal(attribute(lifecycle.body.items, 'create_before_destroy').name, 'create_before_destroy');
  });

  it('gives template part ranges, with unescaped values and interpolation ranges', () => {
    const file = parseClean('x = "a\\n${var.b}c"\n');
    const template = attribute(file.body.items, 'x').expr as TemplateExpr;
    assert.equal(template.type, 'template');
    assert.equal(template.heredoc, false);
    assert.deepEqual(span(template.range), [0, 4, 0, 18]);
    assert.deepEqual(
      template.parts.map((p) => p.kind),
      ['text', 'interpolation', 'text'],
    );
    assert.deepEqual(
      template.parts.map((p) => sourceOf(file, p.range)),
      ['a\\n', '${var.b}', 'c'],
    );
    assert.equal((template.parts[0] as { value: string }).value, 'a\n');
    const interpolation = template.parts[1];
    assert.ok(interpolation.kind === 'interpolation');
    assert.equal(sourceOf(file, interpolation.expr.range), 'var.b');
  });

  it('gives heredoc ranges and strips the indentation of <<- heredocs', () => {
    const text = 'policy = <<-EOT\n    {\n      "a": "${var.b}"\n    }\n  EOT\nnext = 1\n';
    const file = parseClean(text);
    const heredoc = attribute(file.body.items, 'policy').expr as TemplateExpr;
    assert.equal(heredoc.heredoc, true);
    assert.deepEqual(span(heredoc.range), [0, 9, 4, 5]);
    assert.equal(sourceOf(file, heredoc.range).slice(-3), 'EOT');
    const values = heredoc.parts.map((p) => (p.kind === 'text' ? p.value : `<${p.kind}>`));
    assert.deepEqual(values, ['{\n  "a": "', '<interpolation>', '"\n}\n']);
    assert.deepEqual(span(heredoc.parts[0].range), [1, 0, 2, 12]);
    assert.deepEqual(span(attribute(file.body.items, 'next').range), [5, 0, 5, 8]);
  });

  it('keeps plain heredocs as written', () => {
    const file = parseClean('x = <<EOT\n  keep\n\tthis\nEOT\n');
    const heredoc = attribute(file.body.items, 'x').expr as TemplateExpr;
    assert.deepEqual(
      heredoc.parts.map((p) => (p.kind === 'text' ? p.value : '')),
      ['  keep\n\tthis\n'],
    );
  });

  it('collects #, // and /* */ comments with their ranges', () => {
    const text = '# first\nx = 1 // second\n/* third\n   spans */ y = 2\nz = [1, # inside\n  2]\n';
    const file = parseClean(text);
    assert.deepEqual(
      file.comments.map((c) => c.text),
      ['# first', '// second', '/* third\n   spans */', '# inside'],
    );
    assert.deepEqual(
      file.comments.map((c) => span(c.range)),
      [
        [0, 0, 0, 7],
        [1, 6, 1, 15],
        [2, 0, 3, 11],
        [4, 8, 4, 16],
      ],
    );
    assert.deepEqual(
      file.body.items.map((i) => (i.kind === 'attribute' ? i.name : i.type)),
      ['x', 'y', 'z'],
    );
  });

  it('handles CRLF line endings: the \\r is never part of a range', () => {
    const text = 'resource "a" "b" {\r\n  x = "v" # note\r\n  y = 2\r\n}\r\n';
    const file = parseClean(text);
    const resource = block(file.body.items, 'resource');
    assert.deepEqual(span(resource.range), [0, 0, 3, 1]);
    assert.deepEqual(span(attribute(resource.body.items, 'x').range), [1, 2, 1, 9]);
    assert.deepEqual(span(attribute(resource.body.items, 'y').range), [2, 2, 2, 7]);
    assert.equal(file.comments[0].text, '# note');
    assert.deepEqual(span(file.comments[0].range), [1, 10, 1, 16]);
  });

  it("keeps CRLF inside heredoc text, as HashiCorp's parser does", () => {
    const file = parseClean('x = <<EOT\r\nline\r\nEOT\r\ny = 1\r\n');
    const heredoc = attribute(file.body.items, 'x').expr as TemplateExpr;
    assert.deepEqual(
      heredoc.parts.map((p) => (p.kind === 'text' ? p.value : '')),
      ['line\r\n'],
    );
    assert.deepEqual(span(heredoc.range), [0, 4, 2, 3]);
  });

  it('counts characters in UTF-16 code units (Japanese text and emoji)', () => {
    const text = 'tags = { Name = "日本語🚀" }\nafter = "x"\n';
    const file = parseClean(text);
    const tags = attribute(file.body.items, 'tags');
    assert.ok(tags.expr.type === 'object');
    const value = tags.expr.items[0].value as TemplateExpr;
    assert.deepEqual(span(value.range), [0, 16, 0, 23]); // 日本語 = 3 units, 🚀 = 2 units, plus quotes
    assert.equal((value.parts[0] as { value: string }).value, '日本語🚀');
    assert.deepEqual(span(tags.range), [0, 0, 0, 25]);
    assert.deepEqual(span(attribute(file.body.items, 'after').range), [1, 0, 1, 11]);
  });

  it('gives ranges for identifier labels, unicode identifiers and a BOM', () => {
    const file = parseClean('\ufefflocals {\n  名前 = 1\n}\n');
    const locals = block(file.body.items, 'locals');
    assert.deepEqual(span(locals.typeRange), [0, 1, 0, 7]);
    assert.deepEqual(span(attribute(locals.body.items, '名前').nameRange), [1, 2, 1, 4]);
  });

  it('keeps positions consistent on every node of a realistic file', () => {
    const text = 'variable "x" {\n  type = list(object({ a = string }))\n  default = [{ a = "b" }]\n}\n';
    checkPositions(parseHcl(text, 'v.tf'));
  });
});
