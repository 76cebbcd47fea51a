/**
 * The differential function test: the checker's evaluator against Terraform's own answers from
 * `terraform console`, recorded in test/fixtures/functions/console-table.json by
 * scripts/gen-function-table.ts (Terraform is not needed to run this test).
 *
 * A Terraform error must be unknown here (the checker never fails on a configuration), a Terraform
 * unknown must be unknown, a sensitive result must be marked sensitive, and a known result must be
 * the same value. Being less sure than Terraform (unknown where it knows) is allowed only for the
 * functions whose result the checker cannot reproduce by design (`LESS_KNOWN_BY_DESIGN`).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { parseHcl } from '../../../src/core/hcl/parser';
import { Configuration } from '../../../src/core/model/config';
import { Scope } from '../../../src/core/model/evaluator';
import { jsonEncodeText } from '../../../src/core/model/functions/encoding';
import { ParseCache } from '../../../src/core/model/loader';
import { DiskReader } from '../../../src/core/model/source';
import { marksOf, type Value } from '../../../src/core/model/values';
import { functionTableExpressions } from '../../fixtures/functions/expressions';

const fixtures = path.resolve(__dirname, '../../fixtures/functions');

interface Entry {
  expr: string;
  result: 'known' | 'unknown' | 'sensitive' | 'error';
  json?: string;
}

/** Results the checker does not reproduce on purpose, by the expression's start, and why. */
const LESS_KNOWN_BY_DESIGN: Array<[string, string]> = [
  ['base64gzip(', 'the bytes depend on Go\u2019s compressor'],
  ['length(base64gzip(', 'the bytes depend on Go\u2019s compressor'],
  ['jsondecode("1e400")', 'numbers beyond a double are not represented'],
  ['length(flatten([[var.u]', 'unknown values carry no type here, so an unknown element might be a list'],
];

function hasUnknown(value: Value, depth = 0): boolean {
  if (value.kind === 'unknown' || value.kind === 'ref') return true;
  if (depth > 64) return false;
  if (value.kind === 'list') return value.items.some((i) => hasUnknown(i, depth + 1));
  if (value.kind === 'object') return [...value.entries.values()].some((v) => hasUnknown(v, depth + 1));
  if (value.kind === 'json') return hasUnknown(value.value, depth + 1);
  return false;
}

function sameJson(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return sameJson(ka, kb) && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return `not JSON: ${text}`;
  }
}

/** What the checker makes of one expression, in the table's terms. */
function evaluateHere(configuration: Configuration, text: string): { result: Entry['result'] | 'known'; json?: string; reason?: string } {
  const file = parseHcl(`x = ${text}\n`, 'expression.tf');
  const item = file.body.items[0];
  if (file.errors.length > 0 || !item || item.kind !== 'attribute')
    return { result: 'unknown', reason: `checker parse error: ${file.errors[0]?.message}` };
  const value = configuration.evaluator.evaluate(item.expr, Scope.of(configuration.root));
  if (marksOf(value)?.sensitive) return { result: 'sensitive' };
  if (hasUnknown(value)) return { result: 'unknown', reason: value.kind === 'unknown' ? value.reason : 'partly unknown' };
  return { result: 'known', json: jsonEncodeText(value) };
}

describe('functions: differential test against terraform console', () => {
  const table = JSON.parse(fs.readFileSync(path.join(fixtures, 'console-table.json'), 'utf8')) as {
    terraformVersion: string;
    entries: Entry[];
  };
  const configuration = new Configuration(path.join(fixtures, 'module'), new DiskReader(), new ParseCache());

  it('covers every expression the generator lists (the table is up to date)', () => {
    assert.deepEqual(
      table.entries.map((e) => e.expr),
      functionTableExpressions(),
      'test/fixtures/functions/expressions.ts changed: run `npx tsx scripts/gen-function-table.ts`',
    );
    assert.ok(table.entries.length >= 300, `only ${table.entries.length} expressions`);
  });

  it('agrees with Terraform on every expression (errors and unknowns as unknown, sensitive as sensitive)', () => {
    const wrong: string[] = [];
    const lessKnown: string[] = [];
    let agree = 0;
    for (const entry of table.entries) {
      const here = evaluateHere(configuration, entry.expr);
      const describe = `${entry.expr}\n    terraform: ${entry.result}${entry.json !== undefined ? ' ' + entry.json : ''}\n    checker:   ${here.result}${here.json !== undefined ? ' ' + here.json : ''}${here.reason ? ` (${here.reason})` : ''}`;
      if (entry.result === 'known') {
        if (here.result === 'known' && sameJson(JSON.parse(entry.json!), parseOrText(here.json!))) agree++;
        else if (here.result === 'unknown') lessKnown.push(describe);
        else wrong.push(describe);
      } else if (entry.result === 'sensitive') {
        if (here.result === 'sensitive') agree++;
        else wrong.push(describe);
      } else if (here.result === 'unknown' || (entry.result === 'error' && here.result === 'sensitive')) agree++;
      else wrong.push(describe);
    }
    const unexpectedLessKnown = lessKnown.filter((d) => !LESS_KNOWN_BY_DESIGN.some(([start]) => d.startsWith(start)));
    if (process.env.FUNCTION_TABLE_REPORT) {
      console.log(`      ${agree}/${table.entries.length} agree; ${lessKnown.length} unknown where Terraform knows; ${wrong.length} wrong`);
      console.log(`      unknown where Terraform knows:\n  ${lessKnown.join('\n  ')}`);
    }
    assert.deepEqual(wrong, [], `${wrong.length} answers differ from Terraform ${table.terraformVersion}:\n  ${wrong.join('\n  ')}`);
    assert.deepEqual(
      unexpectedLessKnown,
      [],
      `${unexpectedLessKnown.length} answers are unknown where Terraform knows them:\n  ${unexpectedLessKnown.join('\n  ')}`,
    );
    assert.equal(agree + lessKnown.length, table.entries.length);
  });
});
