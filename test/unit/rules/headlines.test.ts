import * as assert from 'node:assert/strict';
import { RULES } from '../../../src/core/rules/registry';
import { findingsOf, listFixtureCases } from './fixture-runner';

/**
 * Rules whose messages follow the convention: a headline of at most 80 characters first
 * ("No ecr.dkr endpoint for aws_ecs_service.app."), then the detail and the ECS error users see.
 */
const HEADLINE_RULES = [
  'ecr-dkr-endpoint',
  'ecr-api-endpoint',
  'logs-endpoint',
  'secrets-endpoints',
  'ecs-agent-endpoints',
  'exec-ssmmessages-endpoint',
  'endpoint-sg-ingress',
  'task-sg-egress',
  'sg-mixed-rule-styles',
  'endpoint-private-dns',
  'vpc-dns-attributes',
  's3-gateway-endpoint',
  'endpoint-subnets',
  'nacl-https',
  'vpc-dhcp-dns',
  'endpoint-policy',
  'ecr-auth-source-vpc-condition',
  'execution-role',
  'image-registry',
  'task-definition-unknown',
];

/** The headline: the message up to its first sentence end. */
function headline(message: string): string {
  const end = message.indexOf('. ');
  return end < 0 ? message : message.slice(0, end);
}

describe('messages open with a short headline', () => {
  for (const id of HEADLINE_RULES) {
    describe(id, () => {
      it('writes every message template as a headline sentence, then the detail', () => {
        const rule = RULES.find((r) => r.meta.id === id);
        assert.ok(rule, `${id} is not registered`);
        for (const [messageId, template] of Object.entries(rule.meta.messages)) {
          const head = headline(template);
          assert.ok(head.length < template.length - 40, `${id}.${messageId} has no detail after its headline`);
          assert.doesNotMatch(head, /[:;(]/, `${id}.${messageId}: the headline should be one plain sentence: ${head}`);
        }
      });

      it('keeps the headline of every fixture finding within 80 characters', () => {
        const cases = listFixtureCases().filter((c) => c.ruleId === id && c.kind === 'invalid');
        let seen = 0;
        for (const c of cases) {
          for (const finding of findingsOf(c.dir, id)) {
            seen++;
            const head = headline(finding.message);
            assert.ok(head.length <= 80, `${c.name}: ${head.length} characters: ${head}`);
          }
        }
        assert.ok(seen > 0, `no finding of ${id} in its fixtures`);
      });
    });
  }
});
