/**
 * Rule ids and message ids are typed: a rule that reports a message id its `messages` lacks, or
 * code that names a rule id the registry does not have, fails the type check. Proven by compiling
 * planted files against the real sources with the TypeScript compiler (as `npm run typecheck` does).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';
import { RULES } from '../../../src/core/rules/registry';
import { defineRule } from '../../../src/core/rules/types';

const repo = path.resolve(__dirname, '../../..');

/** Type errors of one planted file compiled with the project's options. */
function typeErrors(source: string): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'private-ecr-typed-ids-'));
  try {
    const file = path.join(dir, 'planted.ts');
    const rules = path.join(repo, 'src/core/rules').split(path.sep).join('/');
    fs.writeFileSync(file, source.replaceAll('RULES_DIR', rules));
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      skipLibCheck: true,
      types: ['node'],
    });
    return ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const RULE_HEAD = `import { defineRule } from 'RULES_DIR/types';
export const planted = defineRule({
  meta: { id: 'planted', title: 'Planted', description: 'A planted rule.', defaultSeverity: 'error', fixable: false, messages: { missing: 'Missing {{thing}}.' } },
  check(context) {
    for (const workload of context.workloads) {
      context.report({ messageId: MESSAGE_ID, data: { thing: 'x' }, location: workload.service.location, resource: workload.service });
    }
  },
});
`;

describe('typed rule and message ids', function () {
  this.timeout(120000);

  it('a message id the rule declares type-checks', () => {
    assert.deepEqual(typeErrors(RULE_HEAD.replace('MESSAGE_ID', "'missing'")), []);
  });

  it('a misspelt message id is a type error', () => {
    const errors = typeErrors(RULE_HEAD.replace('MESSAGE_ID', "'mising'"));
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0], /"mising"/);
    assert.match(errors[0], /"missing"/);
  });

  it('a rule id the registry lacks is a type error where a RuleId is expected', () => {
    const source = `import type { RuleId } from 'RULES_DIR/registry';\nexport const good: RuleId = 'ecr-dkr-endpoint';\nexport const bad: RuleId = 'ecr-dkr-endpiont';\n`;
    const errors = typeErrors(source);
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0], /"ecr-dkr-endpiont"/);
  });

  it('defineRule keeps the rule as written, and every registered rule reports only its declared ids', () => {
    const rule = defineRule({
      meta: { id: 'x', title: 'X', description: 'X.', defaultSeverity: 'info', fixable: false, messages: { a: 'A' } },
      check() {},
    });
    assert.equal(rule.meta.id, 'x');
    assert.deepEqual(Object.keys(rule.meta.messages), ['a']);
    assert.ok(RULES.length >= 19);
    for (const r of RULES) assert.ok(Object.keys(r.meta.messages).length > 0, `${r.meta.id} declares no message`);
  });
});
