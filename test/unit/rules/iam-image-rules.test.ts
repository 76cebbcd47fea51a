/**
 * The IAM and image rules (execution-role, ecr-auth-source-vpc-condition, endpoint-policy,
 * image-registry, vpc-dhcp-dns): their fixtures run through the engine with only these rules (so
 * they pass before and after the registry lists them), the examples, and the shared IAM helpers.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findRoots } from '../../../src/core/analyze';
import type { Finding } from '../../../src/core/findings';
import { Configuration } from '../../../src/core/model/config';
import {
  AWS_MANAGED_POLICY_DOCUMENTS,
  awsManagedPolicyName,
  judgePermission,
  labelled,
  resolveRoleArn,
  rolePolicies,
  type PolicyDocument,
} from '../../../src/core/model/iam';
import { ParseCache } from '../../../src/core/model/loader';
import { DiskReader } from '../../../src/core/model/source';
import { str, unknown, type Value } from '../../../src/core/model/values';
import { ecrAuthSourceVpcCondition } from '../../../src/core/rules/ecr-auth-source-vpc-condition';
import { runRules } from '../../../src/core/rules/engine';
import { endpointPolicy } from '../../../src/core/rules/endpoint-policy';
import { executionRole } from '../../../src/core/rules/execution-role';
import { classifyImageValue, imageRegistry } from '../../../src/core/rules/image-registry';
import type { Rule } from '../../../src/core/rules/types';
import { vpcDhcpDns } from '../../../src/core/rules/vpc-dhcp-dns';
import { removeTree, writeTree } from '../support/temp-module';
import { FIXTURES_ROOT } from './fixture-runner';

const RULES: Rule[] = [executionRole, ecrAuthSourceVpcCondition, endpointPolicy, imageRegistry, vpcDhcpDns];
const REPO_ROOT = path.resolve(__dirname, '../../..');

/** Findings of `rules` for every root module under `dir`, as the CLI would analyse the folder. */
function run(dir: string, rules: Rule[]): Finding[] {
  const reader = new DiskReader();
  const cache = new ParseCache();
  return findRoots(path.resolve(dir), reader, cache).flatMap((root) => runRules(new Configuration(root, reader, cache), { rules }));
}

describe('IAM and image rules', () => {
  // The fixture cases of these rules run in the one fixture runner (fixtures.test.ts).
  describe('examples', () => {
    it('examples/article: only the redundant AmazonEC2ContainerRegistryReadOnly info', () => {
      const dir = path.join(REPO_ROOT, 'examples/article');
      const findings = run(dir, RULES);
      assert.deepEqual(
        findings.map((f) => ({
          ruleId: f.ruleId,
          severity: f.severity,
          file: path.relative(dir, f.file!),
          line: f.range!.start.line,
          resource: f.resource,
          module: f.module,
        })),
        [
          {
            ruleId: 'execution-role',
            severity: 'info',
            file: 'modules/private-ecr-app/iam.tf',
            line: 22,
            resource: 'aws_iam_role_policy_attachment.ecs_ecr_readonly_policy',
            module: 'module.app',
          },
        ],
      );
      assert.match(findings[0].message, /AmazonEC2ContainerRegistryReadOnly .* redundant/);
    });

    it('examples/article-broken: missing ECR and secret permissions, and a Docker Hub sidecar', () => {
      const dir = path.join(REPO_ROOT, 'examples/article-broken');
      const findings = run(dir, RULES).sort((a, b) => a.range!.start.line - b.range!.start.line || a.message.localeCompare(b.message));
      assert.deepEqual(
        findings.map((f) => `${f.ruleId} ${f.severity} ${path.relative(dir, f.file!)}:${f.range!.start.line} ${f.resource}`),
        [
          'execution-role error ecs.tf:4 aws_iam_role.execution',
          'execution-role error ecs.tf:4 aws_iam_role.execution',
          'image-registry error ecs.tf:58 aws_ecs_task_definition.app',
        ],
      );
      assert.match(
        findings[0].message,
        /ecr:GetAuthorizationToken, ecr:BatchCheckLayerAvailability, ecr:GetDownloadUrlForLayer and ecr:BatchGetImage/,
      );
      assert.equal(findings[0].fixes?.[0].title, 'Attach AmazonECSTaskExecutionRolePolicy');
      assert.match(findings[1].message, /secretsmanager:GetSecretValue/);
      assert.match(findings[2].message, /nginx:1\.27 from Docker Hub/);
    });
  });

  describe('IAM helpers', () => {
    const dirs: string[] = [];
    after(() => dirs.forEach(removeTree));
    const load = (files: Record<string, string>): Configuration => {
      const dir = writeTree(files);
      dirs.push(dir);
      return new Configuration(dir, new DiskReader(), new ParseCache());
    };
    const role = (configuration: Configuration, address = 'aws_iam_role.execution') =>
      configuration.resources.find((r) => r.fullAddress === address)!;
    const TRUST = `assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "ecs-tasks.amazonaws.com" }, Action = "sts:AssumeRole" }] })`;

    it('names AWS managed policies from literal ARNs and ARNs with an unknown partition', () => {
      assert.equal(
        awsManagedPolicyName(str('arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy')),
        'AmazonECSTaskExecutionRolePolicy',
      );
      assert.equal(
        awsManagedPolicyName(str('arn:aws-cn:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly')),
        'AmazonEC2ContainerRegistryReadOnly',
      );
      assert.equal(awsManagedPolicyName(unknown('partition', 'arn:*:iam::aws:policy/AdministratorAccess')), 'AdministratorAccess');
      assert.equal(awsManagedPolicyName(str('arn:aws:iam::123456789012:policy/team/pull')), null);
      assert.equal(awsManagedPolicyName(unknown('no idea')), undefined);
    });

    it('models the managed policies that matter, and PullOnly lacks BatchCheckLayerAvailability', () => {
      const can = (policy: string, action: string) =>
        judgePermission(
          labelled([AWS_MANAGED_POLICY_DOCUMENTS[policy] as PolicyDocument]),
          { action, resource: 'arn:aws:ecr:eu-west-1:123456789012:repository/app' },
          { complete: true },
        ).verdict;
      assert.equal(can('AmazonECSTaskExecutionRolePolicy', 'ecr:BatchGetImage'), 'granted');
      assert.equal(can('AmazonEC2ContainerRegistryFullAccess', 'ecr:BatchGetImage'), 'granted');
      assert.equal(can('PowerUserAccess', 'ecr:BatchGetImage'), 'granted');
      assert.equal(can('PowerUserAccess', 'iam:PassRole'), 'missing');
      assert.equal(can('AmazonEC2ContainerRegistryPullOnly', 'ecr:BatchCheckLayerAvailability'), 'missing');
      assert.equal(can('AmazonEC2ContainerRegistryReadOnly', 'logs:PutLogEvents'), 'missing');
    });

    it('judges: Deny beats Allow, unknown sources never make "missing", resource references stay unknown', () => {
      const allowAll: PolicyDocument = { Statement: [{ Effect: 'Allow', Action: 'ecr:*', Resource: '*' }] };
      const deny: PolicyDocument = {
        Statement: [
          { Effect: 'Allow', Action: 'logs:*', Resource: '*' },
          { Effect: 'Deny', Action: 'ecr:BatchGetImage', Resource: '*' },
        ],
      };
      const repo = 'arn:aws:ecr:eu-west-1:123456789012:repository/app';
      const denied = judgePermission(
        labelled([allowAll, undefined, deny]),
        { action: 'ecr:BatchGetImage', resource: repo },
        { complete: false },
      );
      assert.deepEqual(denied, { verdict: 'denied', deniedBy: [{ source: 2, statement: 1 }] });
      assert.equal(
        judgePermission(labelled([deny]), { action: 'ecr:GetAuthorizationToken', resource: '*' }, { complete: false }).verdict,
        'unknown',
      );
      assert.equal(
        judgePermission(labelled([deny]), { action: 'ecr:GetAuthorizationToken', resource: '*' }, { complete: true }).verdict,
        'missing',
      );
      const onOtherRepository: PolicyDocument = {
        Statement: [{ Effect: 'Allow', Action: 'ecr:BatchGetImage', Resource: 'arn:aws:ecr:eu-west-1:123456789012:repository/web' }],
      };
      assert.equal(
        judgePermission(labelled([onOtherRepository]), { action: 'ecr:BatchGetImage', resource: repo }, { complete: true }).verdict,
        'missing',
      );
      // Without a known repository only "nothing at all" counts as missing.
      assert.equal(judgePermission(labelled([onOtherRepository]), { action: 'ecr:BatchGetImage' }, { complete: true }).verdict, 'unknown');
      const onReference: PolicyDocument = {
        Statement: [{ Effect: 'Allow', Action: 'ecr:BatchGetImage', Resource: '${aws_ecr_repository.app.arn}' }],
      };
      assert.equal(
        judgePermission(labelled([onReference]), { action: 'ecr:BatchGetImage', resource: repo }, { complete: true }).verdict,
        'unknown',
      );
      const conditioned: PolicyDocument = {
        Statement: [{ Effect: 'Allow', Action: 'ecr:*', Resource: '*', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } }],
      };
      assert.equal(
        judgePermission(labelled([conditioned]), { action: 'ecr:BatchGetImage', resource: repo, context: {} }, { complete: true }).verdict,
        'unknown',
      );
    });

    it('finds policies attached by role name string, aws_iam_policy_attachment roles and managed_policy_arns', () => {
      const c = load({
        'main.tf': `
resource "aws_iam_role" "execution" {
  name = "svc-execution"
  ${TRUST}
  managed_policy_arns = ["arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly"]
}
resource "aws_iam_role" "other" {
  name = "other"
  ${TRUST}
}
resource "aws_iam_role_policy_attachment" "by_name" {
  role       = "svc-execution"
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
resource "aws_iam_role_policy_attachment" "other" {
  role       = aws_iam_role.other.name
  policy_arn = "arn:aws:iam::aws:policy/PowerUserAccess"
}
resource "aws_iam_policy_attachment" "shared" {
  name       = "shared"
  roles      = [aws_iam_role.execution.name, aws_iam_role.other.name]
  policy_arn = aws_iam_policy.logs.arn
}
resource "aws_iam_policy" "logs" {
  name   = "logs"
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = ["logs:CreateLogStream", "logs:PutLogEvents"], Resource = "*" }] })
}
`,
      });
      const policies = rolePolicies(c, role(c));
      assert.deepEqual(policies.sources.map((s) => s.label).sort(), [
        'AdministratorAccess',
        'AmazonEC2ContainerRegistryPullOnly',
        'aws_iam_policy.logs',
      ]);
      assert.equal(policies.complete, true);
    });

    it('is incomplete when an attachment may name the role, or a policy cannot be read', () => {
      const c = load({
        'main.tf': `
variable "role_name" { type = string }
resource "aws_iam_role" "execution" {
  name = "svc-execution"
  ${TRUST}
}
resource "aws_iam_role_policy_attachment" "maybe" {
  role       = var.role_name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}
`,
      });
      assert.equal(rolePolicies(c, role(c)).complete, false);
      const d = load({
        'main.tf': `
resource "aws_iam_role" "execution" {
  name = "svc-execution"
  ${TRUST}
}
resource "aws_iam_role_policy" "from_file" {
  role   = aws_iam_role.execution.id
  policy = file("\${path.module}/missing-policy.json")
}
`,
      });
      const policies = rolePolicies(d, role(d));
      assert.equal(policies.complete, false);
      assert.equal(policies.sources[0].document, undefined);
    });

    it('applies the permissions boundary', () => {
      const c = load({
        'main.tf': `
resource "aws_iam_role" "execution" {
  name                 = "svc-execution"
  permissions_boundary = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"
  ${TRUST}
  managed_policy_arns  = ["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"]
}
`,
      });
      const policies = rolePolicies(c, role(c));
      const judge = (action: string) =>
        judgePermission(
          labelled(policies.sources.map((s) => s.document)),
          { action, resource: '*' },
          { complete: policies.complete, boundary: policies.boundary },
        );
      assert.equal(judge('ecr:GetAuthorizationToken').verdict, 'granted');
      assert.deepEqual(judge('logs:PutLogEvents'), { verdict: 'missing', deniedBy: [], boundary: true });
    });

    it('resolves execution_role_arn: references, literal ARNs of roles created here, and nothing else', () => {
      const c = load({
        'main.tf': `
resource "aws_iam_role" "execution" {
  name = "svc-execution"
  ${TRUST}
}
data "aws_iam_role" "existing" {
  name = "shared-execution"
}
`,
      });
      const r = role(c);
      assert.deepEqual(resolveRoleArn(c, { kind: 'ref', target: r, attribute: 'arn' }), { kind: 'role', role: r });
      assert.deepEqual(resolveRoleArn(c, str('arn:aws:iam::123456789012:role/svc-execution')), { kind: 'role', role: r });
      assert.equal(resolveRoleArn(c, str('arn:aws:iam::123456789012:role/elsewhere')).kind, 'unknown');
      const data = c.resources.find((x) => x.fullAddress === 'data.aws_iam_role.existing')!;
      assert.equal(resolveRoleArn(c, { kind: 'ref', target: data, attribute: 'arn' }).kind, 'unknown');
      assert.deepEqual(resolveRoleArn(c, { kind: 'null' }), { kind: 'none' });
    });
  });

  describe('image classification', () => {
    const classify = (value: Value) => classifyImageValue(value);
    it('classifies literals', () => {
      assert.deepEqual(classify(str('123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app:1.0')), {
        display: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app:1.0',
        ecr: 'yes',
        kind: 'ecr-private',
        registryHost: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
        account: '123456789012',
        region: 'eu-west-1',
        repository: 'team/app',
        repositoryArn: 'arn:aws:ecr:eu-west-1:123456789012:repository/team/app',
      });
      assert.equal(classify(str('nginx'))?.kind, 'docker-hub');
      assert.equal(classify(str('public.ecr.aws/nginx/nginx:1'))?.kind, 'ecr-public');
      assert.equal(classify(str('registry.example.com/app:1'))?.kind, 'other-registry');
      assert.equal(classify({ kind: 'null' }), undefined);
    });
    it('keeps what is known of templates', () => {
      const regionUnknown = classify(unknown('var.region', '123456789012.dkr.ecr.*.amazonaws.com/app:1.0'));
      assert.equal(regionUnknown?.ecr, 'yes');
      assert.equal(regionUnknown?.region, undefined);
      assert.equal(regionUnknown?.repository, 'app');
      const tagUnknown = classify(unknown('var.tag', '123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:*'));
      assert.equal(tagUnknown?.repositoryArn, 'arn:aws:ecr:eu-west-1:123456789012:repository/app');
      assert.equal(classify(unknown('var.tag', 'nginx:*'))?.kind, 'docker-hub');
      assert.equal(classify(unknown('var.image', '*:latest'))?.ecr, 'maybe');
      assert.equal(classify(unknown('var.image'))?.ecr, 'maybe');
    });
  });

  describe('rule behaviour beyond the fixtures', () => {
    const dirs: string[] = [];
    after(() => dirs.forEach(removeTree));
    const findingsOf = (rule: Rule, files: Record<string, string>) => {
      const dir = writeTree(files);
      dirs.push(dir);
      return run(dir, [rule]);
    };
    const taskDefinition = (extra: string, compat = '["FARGATE"]') => `
resource "aws_ecs_task_definition" "app" {
  family                   = "app"
  network_mode             = "awsvpc"
  requires_compatibilities = ${compat}
  cpu                      = "256"
  memory                   = "512"
${extra}
  container_definitions = jsonencode([{ name = "app", image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1" }])
}
`;

    it('warns (not errors) about a missing execution role on the EC2 launch type', () => {
      const findings = findingsOf(executionRole, { 'main.tf': taskDefinition('', '["EC2"]') });
      assert.deepEqual(
        findings.map((f) => f.severity),
        ['warning'],
      );
      assert.match(findings[0].message, /container instance role/);
    });

    it('offers no "add role" fix when the module already has a role', () => {
      const findings = findingsOf(executionRole, {
        'main.tf':
          taskDefinition('') +
          `
resource "aws_iam_role" "task" {
  name               = "app-task"
  assume_role_policy = "{}"
}
`,
      });
      assert.equal(findings.length, 1);
      assert.equal(findings[0].fixes, undefined);
    });

    it('stays quiet about the read-only policy when the role is also the task role', () => {
      const findings = findingsOf(executionRole, {
        'main.tf':
          `
resource "aws_iam_role" "both" {
  name               = "app"
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "ecs-tasks.amazonaws.com" }, Action = "sts:AssumeRole" }] })
  managed_policy_arns = [
    "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
    "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
  ]
}
` + taskDefinition('  execution_role_arn       = aws_iam_role.both.arn\n  task_role_arn            = aws_iam_role.both.arn'),
      });
      assert.deepEqual(findings, []);
    });

    it('says once, as info, that a role outside the configuration was not checked', () => {
      const findings = findingsOf(executionRole, {
        'main.tf': taskDefinition('  execution_role_arn       = "arn:aws:iam::123456789012:role/shared-execution"'),
      });
      assert.deepEqual(
        findings.map((f) => [f.messageId, f.severity]),
        [['roleUnknown', 'info']],
      );
      assert.match(findings[0].message, /is "arn:aws:iam::123456789012:role\/shared-execution", not a role this configuration creates/);
    });

    it('warns about a registry it does not know, and errors on a public one, in a private workload', () => {
      const fixture = path.join(FIXTURES_ROOT, 'image-registry/invalid/docker-hub-sidecars');
      const ecs = fs
        .readFileSync(path.join(fixture, 'ecs.tf'), 'utf8')
        .replace('nginx:1.27-alpine', 'harbor.corp.example.com/platform/nginx:1.27')
        .replace('datadog/agent:7', 'registry.gitlab.com/acme/agent:7');
      const findings = findingsOf(imageRegistry, {
        'network.tf': fs.readFileSync(path.join(fixture, 'network.tf'), 'utf8'),
        'ecs.tf': ecs,
      });
      assert.deepEqual(findings.map((f) => f.severity).sort(), ['error', 'warning']);
      assert.match(findings.find((f) => f.severity === 'warning')!.message, /harbor\.corp\.example\.com/);
      assert.match(findings.find((f) => f.severity === 'error')!.message, /from registry\.gitlab\.com/);
    });

    it('leaves endpoint policies alone when no workload is private', () => {
      const findings = findingsOf(endpointPolicy, {
        'main.tf': fs.readFileSync(path.join(FIXTURES_ROOT, 'endpoint-policy/invalid/s3-policy-app-bucket-only/network.tf'), 'utf8'),
        'ecs.tf': `
resource "aws_ecs_service" "public" {
  name            = "public"
  task_definition = "app:1"

  network_configuration {
    subnets          = [aws_subnet.private_a.id]
    assign_public_ip = true
  }
}
`,
      });
      assert.deepEqual(findings, []);
    });
  });
});
