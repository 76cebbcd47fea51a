/**
 * The network rules (endpoint-sg-ingress, task-sg-egress, endpoint-subnets, nacl-https): their
 * fixtures run with the rules given directly (so they pass before and after registration), the
 * article examples, and small modules for the cases where a rule must stay quiet or pick a severity.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { findRoots } from '../../../src/core/analyze';
import type { Finding } from '../../../src/core/findings';
import { Configuration } from '../../../src/core/model/config';
import { ParseCache } from '../../../src/core/model/loader';
import { DiskReader } from '../../../src/core/model/source';
import { endpointSgIngress } from '../../../src/core/rules/endpoint-sg-ingress';
import { endpointSubnets } from '../../../src/core/rules/endpoint-subnets';
import { runRules } from '../../../src/core/rules/engine';
import { naclHttps } from '../../../src/core/rules/nacl-https';
import { taskSgEgress } from '../../../src/core/rules/task-sg-egress';
import type { Rule } from '../../../src/core/rules/types';
import { removeTree, writeTree } from '../support/temp-module';

const NETWORK_RULES: Rule[] = [endpointSgIngress, taskSgEgress, endpointSubnets, naclHttps];
const REPO = path.resolve(__dirname, '../../..');

/** Findings of the given rules for every root module under `dir`. */
function findingsOf(dir: string, rules: Rule[] = NETWORK_RULES): Finding[] {
  const reader = new DiskReader();
  const cache = new ParseCache();
  return findRoots(path.resolve(dir), reader, cache).flatMap((root) => runRules(new Configuration(root, reader, cache), { rules }));
}

const at = (f: Finding) => `${f.ruleId} ${path.basename(f.file ?? '')}:${f.range?.start.line}`;
/** A finding by message id, severity and place: for the "cannot decide" infos. */
const undecidedAt = (f: Finding) => `${f.messageId} ${f.severity} ${at(f)}`;

// The fixture cases of these rules run in the one fixture runner (fixtures.test.ts).
describe('network rules: the article examples', () => {
  it('examples/article has no finding of the network rules', () => {
    assert.deepEqual(
      findingsOf(path.join(REPO, 'examples/article')).map((f) => f.message),
      [],
    );
  });

  it('examples/article-broken: the port-80 endpoint group and the missing S3 egress', () => {
    const findings = findingsOf(path.join(REPO, 'examples/article-broken'));
    assert.deepEqual(findings.map(at).sort(), ['endpoint-sg-ingress endpoints.tf:6', 'task-sg-egress ecs.tf:74']);
    const ingress = findings.find((f) => f.ruleId === 'endpoint-sg-ingress')!;
    assert.match(ingress.message, /aws_security_group\.vpc_endpoint .*none of its ingress rules admits TCP 443/);
    assert.equal(ingress.fixes?.[0]?.title, 'Allow HTTPS (443) from the tasks');
    const egress = findings.find((f) => f.ruleId === 'task-sg-egress')!;
    assert.match(egress.message, /outbound TCP 443 to S3/);
    assert.equal(egress.fixes?.[0]?.title, 'Allow HTTPS egress to the S3 prefix list');
    // The task group's rules are inline egress blocks, so the fix is one more inline block: a separate
    // rule resource beside them would be removed again by the next apply.
    assert.match(
      egress.fixes![0].edits[0].newText,
      /^\n\n  egress \{\n[^]*prefix_list_ids = \[aws_vpc_endpoint\.s3\.prefix_list_id\]\n  \}$/,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Small modules: one VPC, two private subnets without NAT, the ECR endpoints and one service.

interface ModuleParts {
  vpcCidr?: string;
  subnetA?: string;
  subnetB?: string;
  endpointGroups?: string;
  endpointSubnets?: string;
  taskGroups?: string;
  serviceSubnets?: string;
  groups?: string;
  extra?: string;
}

function moduleText(parts: ModuleParts = {}): string {
  const subnet = (name: string, body: string) => `resource "aws_subnet" "${name}" {\n  vpc_id = aws_vpc.main.id\n${body}\n}\n`;
  const endpoint = (name: string, service: string) => `resource "aws_vpc_endpoint" "${name}" {
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.eu-west-1.${service}"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
${parts.endpointSubnets ?? '  subnet_ids = [aws_subnet.a.id, aws_subnet.b.id]'}
${parts.endpointGroups ?? '  security_group_ids = [aws_security_group.endpoint.id]'}
}
`;
  return `variable "unset" {
  type = string
}
resource "aws_vpc" "main" {
  cidr_block           = "${parts.vpcCidr ?? '10.0.0.0/16'}"
  enable_dns_hostnames = true
}
${subnet('a', parts.subnetA ?? '  cidr_block = "10.0.1.0/24"\n  availability_zone = "eu-west-1a"')}
${subnet('b', parts.subnetB ?? '  cidr_block = "10.0.2.0/24"\n  availability_zone = "eu-west-1b"')}
resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
}
resource "aws_route_table_association" "a" {
  subnet_id      = aws_subnet.a.id
  route_table_id = aws_route_table.private.id
}
resource "aws_route_table_association" "b" {
  subnet_id      = aws_subnet.b.id
  route_table_id = aws_route_table.private.id
}
${endpoint('ecr_api', 'ecr.api')}
${endpoint('ecr_dkr', 'ecr.dkr')}
resource "aws_vpc_endpoint" "s3" {
  vpc_id          = aws_vpc.main.id
  service_name    = "com.amazonaws.eu-west-1.s3"
  route_table_ids = [aws_route_table.private.id]
}
${
  parts.groups ??
  `resource "aws_security_group" "endpoint" {
  vpc_id = aws_vpc.main.id
  ingress {
    from_port       = 443
    to_port         = 443
    protocol        = "tcp"
    security_groups = [aws_security_group.task.id]
  }
}
resource "aws_security_group" "task" {
  vpc_id = aws_vpc.main.id
  egress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}`
}
resource "aws_ecs_task_definition" "app" {
  family                   = "app"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  container_definitions    = jsonencode([{ name = "app", image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1" }])
}
resource "aws_ecs_service" "app" {
  task_definition = aws_ecs_task_definition.app.arn
  launch_type     = "FARGATE"
  network_configuration {
    subnets = ${parts.serviceSubnets ?? '[aws_subnet.a.id, aws_subnet.b.id]'}
${parts.taskGroups ?? '    security_groups = [aws_security_group.task.id]'}
  }
}
${parts.extra ?? ''}
`;
}

describe('network rules: small modules', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach(removeTree));
  const run = (parts: ModuleParts, rule: Rule): Finding[] => {
    const dir = writeTree({ 'main.tf': moduleText(parts) });
    dirs.push(dir);
    return findingsOf(dir, [rule]);
  };

  it('the base module is clean for every network rule', () => {
    const dir = writeTree({ 'main.tf': moduleText() });
    dirs.push(dir);
    assert.deepEqual(
      findingsOf(dir).map((f) => f.message),
      [],
    );
  });

  describe('endpoint-sg-ingress', () => {
    const endpointIngress = (source: string) => `resource "aws_security_group" "endpoint" {
  vpc_id = aws_vpc.main.id
  ingress {
    from_port = 443
    to_port   = 443
    protocol  = "tcp"
    ${source}
  }
}
resource "aws_security_group" "task" {
  vpc_id = aws_vpc.main.id
}`;

    it('says once (info, at the CIDR) that it cannot decide when the ingress CIDR is a variable without a value', () => {
      assert.deepEqual(run({ groups: endpointIngress('cidr_blocks = [var.unset]') }, endpointSgIngress).map(undecidedAt), [
        'undecided info endpoint-sg-ingress main.tf:59',
      ]);
    });

    it('compares with the VPC CIDR when a subnet CIDR is not known', () => {
      const unknownSubnet = { subnetA: '  cidr_block = var.unset\n  availability_zone = "eu-west-1a"' };
      assert.deepEqual(run({ ...unknownSubnet, groups: endpointIngress('cidr_blocks = ["10.0.0.0/16"]') }, endpointSgIngress).map(at), []);
      // 10.0.2.0/24 is known and not covered: that alone decides.
      assert.deepEqual(run({ ...unknownSubnet, groups: endpointIngress('cidr_blocks = ["10.0.1.0/24"]') }, endpointSgIngress).map(at), [
        'endpoint-sg-ingress main.tf:36',
      ]);
      // Only the unknown subnet is in doubt: one info at its CIDR.
      assert.deepEqual(
        run({ ...unknownSubnet, groups: endpointIngress('cidr_blocks = ["10.0.2.0/24"]') }, endpointSgIngress).map(undecidedAt),
        ['undecided info endpoint-sg-ingress main.tf:9'],
      );
    });

    it('accepts a union of CIDRs that covers every task subnet', () => {
      assert.deepEqual(run({ groups: endpointIngress('cidr_blocks = ["10.0.1.0/24", "10.0.2.0/24"]') }, endpointSgIngress).map(at), []);
    });

    it('reports once per endpoint group, with the group and the service as related locations', () => {
      const findings = run({ groups: endpointIngress('cidr_blocks = ["192.168.0.0/16"]') }, endpointSgIngress);
      assert.equal(findings.length, 1);
      assert.equal(findings[0].severity, 'error');
      assert.match(findings[0].message, /aws_vpc_endpoint\.ecr_api \(ecr\.api\), aws_vpc_endpoint\.ecr_dkr \(ecr\.dkr\)/);
      const related = findings[0].related?.map((r) => r.message) ?? [];
      assert.ok(related.includes('endpoint security group aws_security_group.endpoint'), related.join());
      assert.ok(
        related.some((r) => r.startsWith('tasks of aws_ecs_service.app')),
        related.join(),
      );
    });

    it('counts a managed default security group by its written rules', () => {
      const findings = run(
        {
          endpointGroups: '',
          taskGroups: '',
          groups: 'resource "aws_default_security_group" "default" {\n  vpc_id = aws_vpc.main.id\n}',
        },
        endpointSgIngress,
      );
      assert.deepEqual(findings.map(at), ['endpoint-sg-ingress main.tf:30']);
      assert.match(findings[0].message, /aws_default_security_group\.default .*no ingress rule at all/);
    });
  });

  describe('task-sg-egress', () => {
    const taskEgress = (target: string) => `resource "aws_security_group" "endpoint" {
  vpc_id = aws_vpc.main.id
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/16"]
  }
}
resource "aws_security_group" "task" {
  vpc_id = aws_vpc.main.id
  egress {
    from_port = 443
    to_port   = 443
    protocol  = "tcp"
    ${target}
  }
}`;

    it('says once that it cannot decide on a public range that is not 0.0.0.0/0 (it may be S3\u2019s published ranges)', () => {
      assert.deepEqual(run({ groups: taskEgress('cidr_blocks = ["10.0.0.0/16", "52.218.0.0/17"]') }, taskSgEgress).map(undecidedAt), [
        'undecided info task-sg-egress main.tf:64',
      ]);
    });

    it('says once that it cannot decide on a prefix list given as a literal id', () => {
      assert.deepEqual(
        run({ groups: taskEgress('cidr_blocks = ["10.0.0.0/16"]\n    prefix_list_ids = ["pl-6da54004"]') }, taskSgEgress).map(undecidedAt),
        ['undecided info task-sg-egress main.tf:64'],
      );
    });

    it('does not count a DynamoDB prefix list as S3', () => {
      const extra = 'data "aws_prefix_list" "dynamodb" {\n  name = "com.amazonaws.eu-west-1.dynamodb"\n}';
      const findings = run(
        { extra, groups: taskEgress('cidr_blocks = ["10.0.0.0/16"]\n    prefix_list_ids = [data.aws_prefix_list.dynamodb.id]') },
        taskSgEgress,
      );
      assert.equal(findings.length, 1);
      assert.match(findings[0].message, /to S3\./);
    });

    it('says when a group has no egress at all, and only then', () => {
      const none = run({ groups: taskEgress('').replace(/  egress \{[\s\S]*?\n  \}\n/, '') }, taskSgEgress);
      assert.equal(none.length, 2);
      for (const f of none) assert.match(f.message, /has no egress rule at all/);
      const vpcOnly = run({ groups: taskEgress('cidr_blocks = [aws_vpc.main.cidr_block]') }, taskSgEgress);
      assert.equal(vpcOnly.length, 1);
      assert.doesNotMatch(vpcOnly[0].message, /no egress rule at all/);
    });

    it('says once, at the task groups, that it cannot decide when they are not known', () => {
      assert.deepEqual(run({ taskGroups: '    security_groups = [var.unset]' }, taskSgEgress).map(undecidedAt), [
        'undecided info task-sg-egress main.tf:82',
      ]);
    });
  });

  describe('endpoint-subnets', () => {
    it('reports a missing zone as info and no subnets as an error', () => {
      const missingZone = run({ endpointSubnets: '  subnet_ids = [aws_subnet.a.id]' }, endpointSubnets);
      assert.deepEqual(
        missingZone.map((f) => f.severity),
        ['info', 'info'],
      );
      assert.match(missingZone[0].message, /no subnet in eu-west-1b/);
      const none = run({ endpointSubnets: '' }, endpointSubnets);
      assert.deepEqual(
        none.map((f) => f.severity),
        ['error', 'error'],
      );
      assert.equal(none[0].fixes?.[0]?.title, 'Place the endpoint in the task subnets');
    });

    it('says once, for both endpoints, that it cannot decide when the endpoint subnets are not known', () => {
      const findings = run({ endpointSubnets: '  subnet_ids = [var.unset]' }, endpointSubnets);
      assert.deepEqual(findings.map(undecidedAt), ['undecided info endpoint-subnets main.tf:44']);
      assert.match(
        findings[0].message,
        /aws_vpc_endpoint\.ecr_api \(ecr\.api\), aws_vpc_endpoint\.ecr_dkr \(ecr\.dkr\)|aws_vpc_endpoint\.ecr_dkr \(ecr\.dkr\), aws_vpc_endpoint\.ecr_api \(ecr\.api\)/,
      );
    });
  });

  describe('nacl-https', () => {
    const acl = (rules: string, subnets = '[aws_subnet.a.id, aws_subnet.b.id]') => `resource "aws_network_acl" "private" {
  vpc_id     = aws_vpc.main.id
  subnet_ids = ${subnets}
${rules}
}`;
    const rule = (kind: string, number: number, action: string, cidr: string, from: number, to: number) =>
      `  ${kind} {\n    rule_no    = ${number}\n    action     = "${action}"\n    protocol   = "tcp"\n    cidr_block = "${cidr}"\n    from_port  = ${from}\n    to_port    = ${to}\n  }`;

    it('says once, at its network_acl_id, that it cannot decide when a rule is attached to an unknown ACL id', () => {
      const extra =
        acl('') +
        '\nresource "aws_network_acl_rule" "somewhere" {\n  network_acl_id = var.unset\n  rule_number    = 100\n  protocol       = "-1"\n  rule_action    = "allow"\n  cidr_block     = "0.0.0.0/0"\n}';
      assert.deepEqual(run({ extra }, naclHttps).map(undecidedAt), ['undecided info nacl-https main.tf:91']);
    });

    it('reports the deny rule that comes first, not the allow after it', () => {
      const extra = acl(
        [
          rule('egress', 50, 'deny', '0.0.0.0/0', 443, 443),
          rule('egress', 100, 'allow', '0.0.0.0/0', 0, 65535),
          rule('ingress', 100, 'allow', '0.0.0.0/0', 0, 65535),
        ].join('\n'),
      );
      const findings = run({ extra }, naclHttps);
      assert.ok(findings.length > 0);
      for (const f of findings) assert.match(f.message, /rule 50 \(deny\)/);
      assert.ok(findings.every((f) => f.resource === 'aws_network_acl.private'));
    });

    it('leaves S3 alone when some public range is allowed (S3 ranges are not known here)', () => {
      const extra = acl(
        [
          rule('egress', 100, 'allow', '10.0.0.0/16', 0, 65535),
          rule('egress', 110, 'allow', '52.218.0.0/17', 443, 443),
          rule('ingress', 100, 'allow', '0.0.0.0/0', 1024, 65535),
          rule('ingress', 110, 'allow', '10.0.0.0/16', 443, 443),
        ].join('\n'),
      );
      assert.deepEqual(run({ extra }, naclHttps).map(at), []);
    });

    it('does not check traffic that stays inside one subnet', () => {
      // Tasks and endpoints share subnet a only; an ACL that blocks the VPC range cannot cut them off.
      const extra = acl(
        [rule('egress', 100, 'allow', '0.0.0.0/0', 443, 443), rule('ingress', 100, 'allow', '0.0.0.0/0', 1024, 65535)].join('\n'),
        '[aws_subnet.a.id]',
      );
      const findings = run({ extra, endpointSubnets: '  subnet_ids = [aws_subnet.a.id]', serviceSubnets: '[aws_subnet.a.id]' }, naclHttps);
      assert.deepEqual(findings.map(at), []);
    });
  });
});
