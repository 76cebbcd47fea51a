/**
 * What the console table cannot show: functions that depend on the clock or chance (unknown here by
 * design), OpenTofu's additions (Terraform 1.11 does not have them), rsadecrypt with a key made at
 * test time, and that no function throws on any argument.
 */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as path from 'node:path';
import { parseHcl } from '../../../src/core/hcl/parser';
import { Configuration } from '../../../src/core/model/config';
import { Scope } from '../../../src/core/model/evaluator';
import { callFunction, DOCUMENTED_FUNCTIONS, implementedFunctions, OUTSIDE_WORLD } from '../../../src/core/model/functions';
import { ParseCache } from '../../../src/core/model/loader';
import { DiskReader } from '../../../src/core/model/source';
import { str, toPlain, unknown, type Value } from '../../../src/core/model/values';

const moduleDir = path.resolve(__dirname, '../../fixtures/functions/module');

describe('functions beyond the console table', () => {
  const configuration = new Configuration(moduleDir, new DiskReader(), new ParseCache());
  const scope = Scope.of(configuration.root);
  const evaluate = (text: string): Value => {
    const file = parseHcl(`x = ${text}\n`, path.join(moduleDir, 'expression.tf'));
    const item = file.body.items[0];
    assert.ok(item && item.kind === 'attribute' && file.errors.length === 0, text);
    return configuration.evaluator.evaluate(item.expr, scope);
  };

  it('implements every documented function', () => {
    const documented = Object.values(DOCUMENTED_FUNCTIONS).flat();
    assert.deepEqual([...documented].sort(), implementedFunctions());
    assert.ok(documented.length >= 120);
  });

  it('gives unknown (not an error) for the clock, chance and console-only functions', () => {
    for (const text of [
      'timestamp()',
      'plantimestamp()',
      'uuid()',
      'bcrypt("secret")',
      'bcrypt("secret", 12)',
      'type(1)',
      'pathexpand("~/x")',
    ]) {
      const value = evaluate(text);
      assert.equal(value.kind, 'unknown', text);
      assert.ok(value.kind === 'unknown' && !value.error, `${text} must not count as an error (try() would skip it)`);
      assert.equal(evaluate(`try(${text}, "fallback")`).kind, 'unknown', text);
    }
    assert.deepEqual([...OUTSIDE_WORLD].sort(), ['bcrypt', 'plantimestamp', 'timestamp', 'type', 'uuid']);
  });

  it('evaluates OpenTofu\u2019s cidrcontains, urldecode and base64gunzip', () => {
    assert.equal(toPlain(evaluate('cidrcontains("10.0.0.0/16", "10.0.1.5")')), true);
    assert.equal(toPlain(evaluate('cidrcontains("10.0.0.0/16", "10.1.0.0/24")')), false);
    assert.equal(toPlain(evaluate('cidrcontains("10.0.0.0/16", "10.0.128.0/17")')), true);
    assert.equal(toPlain(evaluate('cidrcontains("fd00::/8", "fd12::1")')), true);
    assert.equal(evaluate('cidrcontains("10.0.0.0/16", "fd00::1")').kind, 'unknown');
    assert.equal(toPlain(evaluate('urldecode("a+b%26c%3D%C3%A9")')), 'a b&c=é');
    assert.equal(evaluate('urldecode("%zz")').kind, 'unknown');
    // Terraform 1.11's own base64gzip("hello"), from the console table.
    assert.equal(toPlain(evaluate('base64gunzip("H4sIAAAAAAAA/8pIzcnJBwAAAP//AQAA//+GphA2BQAAAA==")')), 'hello');
  });

  it('decrypts RSA PKCS #1 v1.5 as rsadecrypt does', () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 });
    const cipher = crypto
      .publicEncrypt({ key: publicKey, padding: crypto.constants.RSA_PKCS1_PADDING }, Buffer.from('pässword'))
      .toString('base64');
    const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const result = callFunction('rsadecrypt', [str(cipher), str(pem)], configuration.root, [], scope);
    assert.deepEqual(toPlain(result), 'pässword');
    const wrong = callFunction('rsadecrypt', [str(cipher), str('not a key')], configuration.root, [], scope);
    assert.ok(wrong.kind === 'unknown' && wrong.error);
  });

  it('never throws, whatever the arguments', () => {
    const samples: Value[] = [
      str(''),
      str('x'),
      str('10.0.0.0/16'),
      str('2024-01-01T00:00:00Z'),
      { kind: 'number', value: -1 },
      { kind: 'number', value: 1e300 },
      { kind: 'number', value: 0.5 },
      { kind: 'bool', value: true },
      { kind: 'null' },
      unknown('not known'),
      { kind: 'unknown', reason: 'failed', error: true },
      { kind: 'list', items: [] },
      { kind: 'list', items: [str('a'), { kind: 'number', value: 1 }, { kind: 'null' }] },
      { kind: 'list', items: [{ kind: 'list', items: [unknown('u')] }] },
      {
        kind: 'object',
        entries: new Map<string, Value>([
          ['a', str('1')],
          ['b', { kind: 'list', items: [] }],
        ]),
      },
      { kind: 'json', value: { kind: 'list', items: [str('j')] } },
    ];
    let calls = 0;
    for (const name of implementedFunctions()) {
      const lists: Value[][] = [[]];
      for (const a of samples) lists.push([a]);
      for (const a of samples) for (const b of samples.slice(0, 9)) lists.push([a, b]);
      for (const a of samples.slice(0, 6)) lists.push([a, a, a]);
      for (const args of lists) {
        calls++;
        let result: Value | undefined;
        assert.doesNotThrow(
          () => (result = callFunction(name, args, configuration.root, [], scope)),
          `${name}(${args.map((a) => a.kind).join(', ')})`,
        );
        assert.ok(result && typeof result.kind === 'string', name);
      }
    }
    assert.ok(calls > 20_000);
  });
});
