import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { parseHcl2jsonError, parseWithHcl2json } from '../../../src/core/hcl/hcl2json';
import { hcl2jsonWasmCandidates } from '../../../src/core/hcl/hcl2json-start';

describe('hcl2json wrapper', () => {
  it('turns HashiCorp error text into a clean message with a 1-based position', () => {
    assert.deepEqual(
      parseHcl2jsonError(
        'parse config: [a.tf:2,6-3,1: Invalid expression; Expected the start of an expression, but found an invalid expression token.]',
        'a.tf',
      ),
      { message: 'Invalid expression: Expected the start of an expression, but found an invalid expression token.', line: 2, column: 6 },
    );
    assert.deepEqual(
      parseHcl2jsonError(
        'parse config: [dir/my file.tf:1,5-6: Invalid character; This character is not used within the language. dir/my file.tf:1,5-6: Invalid expression; Expected the start of an expression.]',
        'dir/my file.tf',
      ),
      { message: 'Invalid character: This character is not used within the language.', line: 1, column: 5 },
    );
    assert.deepEqual(
      parseHcl2jsonError('convert to HCL: convert file: convert body: convert block: Unable to convert Block to JSON: a.x', 'a.tf'),
      { message: 'Unable to convert Block to JSON: a.x' },
    );
    assert.deepEqual(
      parseHcl2jsonError(
        'convert to HCL: convert file: convert body: convert expression: a.tf:1,6-7: Invalid operand; Unsuitable value for unary operand: bool required.',
        'a.tf',
      ),
      { message: 'Invalid operand: Unsuitable value for unary operand: bool required.', line: 1, column: 6 },
    );
  });

  it('parses valid Terraform into hcl2json JSON', async () => {
    const result = await parseWithHcl2json('main.tf', 'resource "aws_vpc" "main" {\n  cidr_block = var.cidr\n}\n');
    assert.deepEqual(result, { ok: true, json: { resource: { aws_vpc: { main: [{ cidr_block: '${var.cidr}' }] } } } });
  });

  it('reports syntax errors with their position and conversion errors separately', async () => {
    assert.deepEqual(await parseWithHcl2json('broken.tf', 'x =\ny = 1\n'), {
      ok: false,
      message: 'Invalid expression: Expected the start of an expression, but found an invalid expression token.',
      line: 1,
      column: 4,
      stage: 'parse',
    });
    const conversion = await parseWithHcl2json('labels.tf', 'a "x" {\n}\na {\n}\n');
    assert.equal(conversion.ok, false);
    assert.equal(!conversion.ok && conversion.stage, 'convert');
  });

  it('serves many calls from one running Go program', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => parseWithHcl2json(`f${i}.tf`, `v${i} = ${i}\n`)));
    results.forEach((result, i) => assert.deepEqual(result, { ok: true, json: { [`v${i}`]: i } }));
  });

  it('finds the wasm next to a bundle first, then in the installed package', () => {
    const candidates = hcl2jsonWasmCandidates();
    assert.ok(candidates[0].endsWith('main.wasm.gz'));
    assert.ok(
      candidates.some((candidate) => fs.existsSync(candidate)),
      `none of ${candidates.join(', ')} exists`,
    );
  });
});
