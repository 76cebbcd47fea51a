import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { addRulesEdit, groupRuleStyles, styleForNewRule, type NewRule } from '../../../src/core/fixes/security-group-rules';
import { renderRuleBlock } from '../../../src/core/fixes/templates';
import { Configuration, type ResourceInstance } from '../../../src/core/model/config';
import { ParseCache } from '../../../src/core/model/loader';
import { DiskReader } from '../../../src/core/model/source';
import { terraformAvailable, terraformFmt } from '../templates/terraform-tools';
import { removeTree, writeTree } from '../support/temp-module';

const VPC = 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n';

/** Loads `main.tf` (after a VPC) and returns the configuration with its `aws_security_group.g`. */
function load(text: string): { configuration: Configuration; group: ResourceInstance; cleanup: () => void } {
  const dir = writeTree({ 'main.tf': VPC + '\n' + text });
  const configuration = new Configuration(path.resolve(dir), new DiskReader(), new ParseCache());
  const group = configuration.resourcesOfType('aws_security_group').find((r) => r.name === 'g')!;
  return { configuration, group, cleanup: () => removeTree(dir) };
}

function styleOf(text: string, direction: 'ingress' | 'egress'): string | undefined {
  const { configuration, group, cleanup } = load(text);
  try {
    return styleForNewRule(groupRuleStyles(configuration, group), direction);
  } finally {
    cleanup();
  }
}

const GROUP = (body: string) => `resource "aws_security_group" "g" {\n  vpc_id = aws_vpc.main.id\n${body}}\n`;
const INLINE_EGRESS =
  '\n  egress {\n    from_port   = 0\n    to_port     = 0\n    protocol    = "-1"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n';
const LEGACY_INGRESS = `
resource "aws_security_group_rule" "in" {
  type              = "ingress"
  security_group_id = aws_security_group.g.id
  protocol          = "tcp"
  from_port         = 80
  to_port           = 80
  cidr_blocks       = ["10.0.0.0/16"]
}
`;
const MODERN_EGRESS = `
resource "aws_vpc_security_group_egress_rule" "out" {
  security_group_id = aws_security_group.g.id
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}
`;

describe('security group rules in the group\u2019s own style', () => {
  it('a group with no rules gets the aws_vpc_security_group_*_rule resources', () => {
    assert.equal(styleOf(GROUP(''), 'ingress'), 'vpc-security-group-rule');
  });

  it('a direction written inline stays inline, even when rule resources sit beside it (the inline set wins on apply)', () => {
    assert.equal(styleOf(GROUP(INLINE_EGRESS), 'egress'), 'inline');
    assert.equal(styleOf(GROUP(INLINE_EGRESS) + MODERN_EGRESS, 'egress'), 'inline');
  });

  it('a direction written as rule resources gets one more of those (an inline block would revoke them)', () => {
    assert.equal(styleOf(GROUP(INLINE_EGRESS) + LEGACY_INGRESS, 'ingress'), 'security-group-rule');
    assert.equal(styleOf(GROUP('') + MODERN_EGRESS, 'egress'), 'vpc-security-group-rule');
    assert.equal(
      styleOf(GROUP('') + LEGACY_INGRESS + LEGACY_INGRESS.replace('"in"', '"in2"').replace('"ingress"', '"egress"'), 'egress'),
      'security-group-rule',
    );
  });

  it('a direction with no rules follows the other direction\u2019s style', () => {
    assert.equal(styleOf(GROUP(INLINE_EGRESS), 'ingress'), 'inline');
    assert.equal(styleOf(GROUP('') + LEGACY_INGRESS, 'egress'), 'security-group-rule');
    assert.equal(styleOf(GROUP('') + MODERN_EGRESS, 'ingress'), 'vpc-security-group-rule');
  });

  it('the ingress = [...] attribute form offers no mechanical fix', () => {
    assert.equal(styleOf(GROUP('  ingress = []\n'), 'ingress'), undefined);
    const { configuration, group, cleanup } = load(GROUP('  ingress = []\n'));
    try {
      assert.equal(addRulesEdit(configuration, group, [rule({ task_security_group_id: 'aws_security_group.t.id' })]), undefined);
    } finally {
      cleanup();
    }
  });

  it('an inline ingress block goes before the first egress block, indented like the group body', () => {
    const { configuration, group, cleanup } = load(GROUP(INLINE_EGRESS));
    try {
      const added = addRulesEdit(configuration, group, [rule({ task_security_group_id: 'aws_security_group.t.id' })]);
      assert.equal(added?.style, 'inline');
      assert.equal(added!.edit.range.start.line, 7);
      assert.equal(
        added!.edit.newText,
        renderRuleBlock('endpoint-sg-https-ingress-block', { task_security_group_id: 'aws_security_group.t.id' }, '  ') + '\n',
      );
    } finally {
      cleanup();
    }
  });

  it('names the group itself with self = true, and the VPC range when the peer group\u2019s block names this one (a cycle otherwise)', () => {
    const peer =
      'resource "aws_security_group" "t" {\n  vpc_id = aws_vpc.main.id\n\n  egress {\n    from_port       = 443\n    to_port         = 443\n    protocol        = "tcp"\n    security_groups = [aws_security_group.g.id]\n  }\n}\n';
    const { configuration, group, cleanup } = load(GROUP(INLINE_EGRESS) + '\n' + peer);
    try {
      const self = addRulesEdit(configuration, group, [rule({ task_security_group_id: 'aws_security_group.g.id' })]);
      assert.match(self!.edit.newText, /self        = true/);
      const t = configuration.resourcesOfType('aws_security_group').find((r) => r.name === 't')!;
      const cyclic = addRulesEdit(configuration, group, [{ ...rule({ task_security_group_id: 'aws_security_group.t.id' }), peerGroup: t }]);
      assert.match(cyclic!.edit.newText, /cidr_blocks = \[aws_vpc\.main\.cidr_block\]/);
      assert.doesNotMatch(cyclic!.edit.newText, /aws_security_group\.t/);
    } finally {
      cleanup();
    }
  });

  it('renders every inline block fmt-clean at any body indentation', function () {
    if (!terraformAvailable()) this.skip();
    for (const id of [
      'endpoint-sg-https-ingress-block',
      'endpoint-sg-https-ingress-self-block',
      'endpoint-sg-https-ingress-cidr-block',
      'task-sg-https-egress-block',
      'task-sg-https-egress-self-block',
      'task-sg-https-egress-cidr-block',
      'task-sg-s3-prefix-list-egress-block',
    ] as const) {
      const text = `resource "aws_security_group" "g" {\n${renderRuleBlock(id, {}, '  ')}}\n`;
      assert.equal(terraformFmt(text), text, id);
    }
  });
});

function rule(values: Record<string, string>): NewRule {
  return {
    direction: 'ingress',
    templates: {
      'vpc-security-group-rule': 'endpoint-sg-https-ingress-rule',
      'security-group-rule': 'endpoint-sg-https-ingress-sg-rule',
      inline: 'endpoint-sg-https-ingress-block',
      inlineSelf: 'endpoint-sg-https-ingress-self-block',
      inlineVpcRange: 'endpoint-sg-https-ingress-cidr-block',
    },
    baseName: 'g_https_from_tasks',
    groupParam: 'endpoint_security_group_id',
    values,
  };
}
