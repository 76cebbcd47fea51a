import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Attribute, Block, Range, TemplateExpr } from '../../../src/core/hcl/ast';
import { parseJson, parseTerraformJson, parseTfvarsJson, type JsonNode } from '../../../src/core/hcl/json-config';

/** A parsed node as the plain value JSON.parse gives (the last of repeated keys wins, as there). */
function plain(node: JsonNode): unknown {
  switch (node.kind) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const p of node.properties)
        Object.defineProperty(out, p.key, { value: plain(p.value), enumerable: true, configurable: true, writable: true });
      return out;
    }
    case 'array':
      return node.items.map(plain);
    case 'null':
      return null;
    default:
      return node.value;
  }
}

const at = (r: Range) => [r.start.line, r.start.character, r.end.line, r.end.character];
const slice = (text: string, r: Range) => text.slice(r.start.offset, r.end.offset);

describe('Terraform JSON syntax', () => {
  const text = [
    '{',
    '  "//": "generated",',
    '  "resource": {',
    '    "aws_vpc_endpoint": {',
    '      "ecr_dkr": {',
    '        "vpc_id": "${aws_vpc.main.id}",',
    '        "service_name": "com.amazonaws.${var.region}.ecr.dkr",',
    '        "tags": { "Name": "dkr" },',
    '        "dns_options": { "dns_record_ip_type": "ipv4" }',
    '      }',
    '    },',
    '    "aws_subnet": { "a": [{ "cidr_block": "10.0.1.0/24" }, { "cidr_block": "10.0.2.0/24" }] }',
    '  },',
    '  "variable": { "region": { "type": "string", "default": "eu-west-1" } },',
    '  "locals": [{ "a": 1 }, { "b": "x\\"${local.a}\\u00e9" }]',
    '}',
  ].join('\n');
  const file = parseTerraformJson(text, 'main.tf.json');
  const blocks = file.body.items as Block[];

  it('reads blocks, labels and bodies with the ranges of their JSON keys', () => {
    assert.deepEqual(file.errors, []);
    assert.deepEqual(
      blocks.map((b) => [b.type, ...b.labels]),
      [
        ['resource', 'aws_vpc_endpoint', 'ecr_dkr'],
        ['resource', 'aws_subnet', 'a'],
        ['resource', 'aws_subnet', 'a'],
        ['variable', 'region'],
        ['locals'],
        ['locals'],
      ],
    );
    const dkr = blocks[0];
    assert.equal(slice(text, dkr.typeRange), '"ecr_dkr"');
    assert.deepEqual(
      dkr.labelRanges.map((r) => slice(text, r)),
      ['"aws_vpc_endpoint"', '"ecr_dkr"'],
    );
    assert.equal(slice(text, dkr.closeBraceRange), '}');
    assert.equal(text[dkr.openBraceRange.start.offset], '{');
  });

  it('reads strings as templates whose parts point into the JSON text', () => {
    const attrs = blocks[0].body.items.filter((i): i is Attribute => i.kind === 'attribute');
    const vpc = attrs.find((a) => a.name === 'vpc_id')!;
    assert.equal(slice(text, vpc.nameRange), '"vpc_id"');
    assert.deepEqual(at(vpc.expr.range), [5, 18, 5, 38]);
    const parts = (vpc.expr as TemplateExpr).parts;
    assert.equal(parts.length, 1);
    assert.equal(parts[0].kind, 'interpolation');
    if (parts[0].kind === 'interpolation') assert.equal(slice(text, parts[0].expr.range), 'aws_vpc.main.id');
    const service = attrs.find((a) => a.name === 'service_name')!.expr as TemplateExpr;
    assert.deepEqual(
      service.parts.map((p) => [p.kind, slice(text, p.range)]),
      [
        ['text', 'com.amazonaws.'],
        ['interpolation', '${var.region}'],
        ['text', '.ecr.dkr'],
      ],
    );
  });

  it('keeps positions exact after escapes', () => {
    const local = (blocks[5].body.items[0] as Attribute).expr as TemplateExpr;
    assert.deepEqual(
      local.parts.map((p) => p.kind),
      ['text', 'interpolation', 'text'],
    );
    assert.equal(local.parts[0].kind === 'text' && local.parts[0].value, 'x"');
    assert.equal(local.parts[2].kind === 'text' && local.parts[2].value, '\u00e9');
    const interpolation = local.parts[1];
    if (interpolation.kind === 'interpolation') assert.equal(slice(text, interpolation.expr.range), 'local.a');
  });

  it('reads map arguments as attributes and other objects of a resource as nested blocks', () => {
    const items = blocks[0].body.items;
    assert.equal(items.find((i) => i.kind === 'attribute' && i.name === 'tags')?.kind, 'attribute');
    assert.ok(items.some((i) => i.kind === 'block' && i.type === 'dns_options'));
  });

  it('skips "//" comment properties', () => {
    assert.ok(!blocks.some((b) => b.type === '//'));
  });

  it('gives invalid JSON one diagnostic at the parser position', () => {
    const broken = parseTerraformJson('{\n  "locals": {\n    "a": 1\n    "b": 2\n  }\n}\n', 'x.tf.json');
    assert.equal(broken.errors.length, 1);
    assert.deepEqual(at(broken.errors[0].range), [3, 4, 3, 5]);
    assert.match(broken.errors[0].message, /expected ',' or '}'/);
    assert.deepEqual(broken.body.items, []);
  });

  it('reports a top-level value that is not an object, and unknown block types', () => {
    assert.equal(parseTerraformJson('[]', 'x.tf.json').errors.length, 1);
    assert.match(parseTerraformJson('{"resources": {}}', 'x.tf.json').errors[0].message, /Unsupported block type "resources"/);
  });

  it('reads variable files in JSON as attributes', () => {
    const vars = parseTfvarsJson('{"a": "x", "b": [1, 2], "c": {"k": true}}', 'terraform.tfvars.json');
    assert.deepEqual(vars.errors, []);
    assert.deepEqual(
      vars.body.items.map((i) => (i.kind === 'attribute' ? [i.name, i.expr.type] : [])),
      [
        ['a', 'template'],
        ['b', 'tuple'],
        ['c', 'object'],
      ],
    );
  });

  it('refuses nesting deeper than its limit with a message instead of overflowing the stack', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const result = parseJson(deep);
    assert.ok(result.error);
    assert.match(result.error.message, /nested more than/);
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.json().map((j) => j.slice(0, Math.max(0, j.length - 1))),
        ),
        (input) => {
          const parsed = parseTerraformJson(input, 'x.tf.json');
          assert.ok(Array.isArray(parsed.errors));
          parseTfvarsJson(input, 'x.tfvars.json');
        },
      ),
      { numRuns: 500 },
    );
  });

  it('parses what JSON.parse parses, to the same values', () => {
    fc.assert(
      fc.property(fc.json(), (input) => {
        const parsed = parseJson(input);
        assert.ok(parsed.value, `${input}: ${parsed.error?.message}`);
        assert.deepEqual(plain(parsed.value), JSON.parse(input));
      }),
      { numRuns: 500 },
    );
  });
});
