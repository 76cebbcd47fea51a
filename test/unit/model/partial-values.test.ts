/**
 * Partial values: JSON written in a template with unknown parts keeps its structure, and a policy
 * document with unknown leaves is judged on what its known parts decide.
 */
import * as assert from 'node:assert/strict';
import { evaluatePolicies } from '../../../src/core/aws-semantics/policy';
import { NOT_KNOWN_CONDITION_KEY, policyDocumentOf } from '../../../src/core/model/iam';
import { decodePartialJson, getEntry, partialText, str, unknown, type Value } from '../../../src/core/model/values';

const hole = (reason = 'not known'): Value => unknown(reason);
const obj = (entries: Record<string, Value>): Value => ({ kind: 'object', entries: new Map(Object.entries(entries)) });
const list = (...items: Value[]): Value => ({ kind: 'list', items });

describe('partial values', () => {
  it('decodes JSON with unknown parts inside strings and in value position', () => {
    const text = partialText(
      [
        '{"image": "',
        hole('account'),
        '.dkr.ecr.eu-west-1.amazonaws.com/app:1", "cpu": ',
        hole('cpu'),
        ', "q": "a\\"',
        hole(),
        '", "log": {"logDriver": "awslogs"}}',
      ],
      'x',
    );
    assert.equal(text.kind, 'unknown');
    const decoded = decodePartialJson((text as { template: Array<string | Value> }).template)!;
    assert.ok(decoded, 'decoded');
    const image = getEntry(decoded, 'image');
    assert.equal(image?.kind, 'unknown');
    assert.equal((image as { pattern?: string }).pattern, '*.dkr.ecr.eu-west-1.amazonaws.com/app:1');
    assert.deepEqual(getEntry(decoded, 'cpu'), unknown('cpu'));
    assert.equal((getEntry(decoded, 'q') as { pattern?: string }).pattern, 'a"*');
    assert.deepEqual(getEntry(getEntry(decoded, 'log'), 'logDriver'), str('awslogs'));
  });

  it('gives up on text that is not JSON even with placeholders', () => {
    assert.equal(decodePartialJson(['[{"a": ', hole(), ' ']), undefined);
  });

  it('keeps the known actions of a statement sure when one action is unknown', () => {
    const document = policyDocumentOf(
      obj({
        Version: str('2012-10-17'),
        Statement: list(obj({ Effect: str('Allow'), Action: list(str('ecr:BatchGetImage'), hole()), Resource: str('*') })),
      }),
    )!;
    const request = (action: string) => ({ action, resource: 'arn:aws:ecr:eu-west-1:123456789012:repository/app', context: {} });
    assert.equal(evaluatePolicies([{ label: 'p', document }], request('ecr:BatchGetImage')).decision, 'allow');
    assert.equal(evaluatePolicies([{ label: 'p', document }], request('ecr:GetDownloadUrlForLayer')).decision, 'indeterminate');
  });

  it('makes a statement with an unknown Effect one that might allow or deny', () => {
    const document = policyDocumentOf(
      obj({ Statement: list(obj({ Effect: hole(), Action: str('ecr:BatchGetImage'), Resource: str('*') })) }),
    )!;
    const statements = document.Statement as Array<Record<string, unknown>>;
    assert.deepEqual(
      statements.map((s) => s.Effect),
      ['Allow', 'Deny'],
    );
    assert.ok(statements.every((s) => JSON.stringify(s.Condition).includes(NOT_KNOWN_CONDITION_KEY)));
    const request = { action: 'ecr:BatchGetImage', resource: '*', context: {} };
    assert.equal(evaluatePolicies([{ label: 'p', document }], request).decision, 'indeterminate');
  });

  it('leaves an unknown resource as a reference-like string that matches no ARN', () => {
    const document = policyDocumentOf(
      obj({ Statement: list(obj({ Effect: str('Allow'), Action: str('logs:PutLogEvents'), Resource: hole() })) }),
    )!;
    assert.deepEqual((document.Statement as Array<Record<string, unknown>>)[0], {
      Effect: 'Allow',
      Action: 'logs:PutLogEvents',
      Resource: '${unknown}',
    });
  });
});
