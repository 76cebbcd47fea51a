import assert from 'node:assert/strict';
import {
  TEMPLATES,
  TEMPLATE_IDS,
  type TemplateId,
  type TemplateParam,
  renderTemplate,
  templateResourceAddresses,
} from '../../../src/core/fixes/templates';
import { renderSnippetBody } from '../../../src/core/fixes/snippet-file';
import { describeTabStops, expandSnippet } from './snippet-expander';
import { type ParsedResources, parseResources, terraformAvailable, terraformFmt } from './terraform-tools';

const INTERFACE_ENDPOINTS: Array<[TemplateId, string]> = [
  ['ecr-api-endpoint', 'ecr.api'],
  ['ecr-dkr-endpoint', 'ecr.dkr'],
  ['logs-endpoint', 'logs'],
  ['secretsmanager-endpoint', 'secretsmanager'],
  ['ssm-endpoint', 'ssm'],
  ['ssmmessages-endpoint', 'ssmmessages'],
  ['ecs-agent-endpoint', 'ecs-agent'],
  ['ecs-telemetry-endpoint', 'ecs-telemetry'],
  ['ecs-endpoint', 'ecs'],
];

/** Values different from every default: the last choice, or an expression/name nobody would use as a default. */
function alternativeValues(params: TemplateParam[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const param of params) {
    if (param.choices && param.choices.length > 1) values[param.name] = param.choices[param.choices.length - 1];
    else if (param.name === 'name') values[param.name] = 'custom-name_2';
    else values[param.name] = `module.network_and_other_long_module_name.outputs["${param.name}"]`;
  }
  return values;
}

function onlyResource(resources: ParsedResources, type: string): Record<string, unknown> {
  const byName = resources[type];
  assert.ok(byName, `expected a ${type} resource`);
  const bodies = Object.values(byName);
  assert.equal(bodies.length, 1, `expected one ${type}`);
  return bodies[0][0];
}

function fmtCheck(this: Mocha.Context, text: string): void {
  if (!terraformAvailable()) {
    console.warn('    terraform is not on PATH: fmt check skipped');
    this.skip();
  }
  assert.equal(terraformFmt(text), text, 'terraform fmt changes the text');
}

describe('resource templates', () => {
  describe('catalog', () => {
    it('has every id once, keyed by its own id, with unique titles and pecr- prefixes', () => {
      assert.deepEqual(Object.keys(TEMPLATES).sort(), [...TEMPLATE_IDS].sort());
      assert.equal(TEMPLATE_IDS.length, 27);
      const titles = new Set<string>();
      const prefixes = new Set<string>();
      for (const id of TEMPLATE_IDS) {
        const template = TEMPLATES[id];
        assert.equal(template.id, id);
        assert.match(template.snippetPrefix, /^pecr-[a-z0-9-]+$/);
        assert.ok(template.title.length > 0 && template.description.length > 0, id);
        assert.ok(!titles.has(template.title), `duplicate title ${template.title}`);
        assert.ok(!prefixes.has(template.snippetPrefix), `duplicate prefix ${template.snippetPrefix}`);
        titles.add(template.title);
        prefixes.add(template.snippetPrefix);
      }
    });

    it('declares single-line parameters whose first choice is the default', () => {
      for (const id of TEMPLATE_IDS) {
        const names = TEMPLATES[id].params.map((p) => p.name);
        assert.equal(new Set(names).size, names.length, `${id} repeats a parameter`);
        for (const param of TEMPLATES[id].params) {
          assert.doesNotMatch(param.default, /[\r\n]/, `${id}.${param.name}`);
          if (param.choices) assert.equal(param.choices[0], param.default, `${id}.${param.name}: first choice must be the default`);
          assert.ok(param.description.length > 0, `${id}.${param.name} has no description`);
        }
      }
    });

    it('is frozen so callers cannot change the shared catalog', () => {
      assert.ok(Object.isFrozen(TEMPLATES));
      assert.ok(Object.isFrozen(TEMPLATES['ecr-dkr-endpoint']));
    });
  });

  describe('renderTemplate with defaults', () => {
    for (const id of TEMPLATE_IDS) {
      describe(id, () => {
        const text = renderTemplate(id);

        it('ends with exactly one newline and uses 2-space indentation only', () => {
          assert.ok(text.endsWith('}\n'), 'must end with "}\\n"');
          assert.doesNotMatch(text, /\t/);
          assert.doesNotMatch(text, /[ ]+$/m, 'trailing spaces');
          assert.doesNotMatch(text, /\{\{|\}\}/, 'unfilled placeholder');
          for (const line of text.split('\n')) assert.equal((line.match(/^ */)?.[0].length ?? 0) % 2, 0, line);
        });

        it('parses with hcl2json', async () => {
          const resources = await parseResources(`${id}.tf`, text);
          assert.ok(Object.keys(resources).length > 0);
        });

        it('is unchanged by terraform fmt', function () {
          fmtCheck.call(this, text);
        });
      });
    }
  });

  describe('renderTemplate with other values', () => {
    for (const id of TEMPLATE_IDS) {
      it(`${id}: every parameter replaced keeps the text parseable and fmt-clean`, async function () {
        const values = alternativeValues(TEMPLATES[id].params);
        const text = renderTemplate(id, values);
        await parseResources(`${id}.tf`, text);
        for (const [name, value] of Object.entries(values)) {
          const inString = value.startsWith('"') ? value.slice(1, -1) : '${' + value + '}';
          assert.ok(text.includes(value) || text.includes(inString), `${name} value missing from the text`);
        }
        fmtCheck.call(this, text);
      });
    }

    it('writes a quoted region literal straight into the service name, and interpolates any other expression', () => {
      assert.match(
        renderTemplate('ecr-dkr-endpoint', { region: '"eu-west-1"' }),
        /service_name {8}= "com\.amazonaws\.eu-west-1\.ecr\.dkr"/,
      );
      assert.match(renderTemplate('ecr-dkr-endpoint', { region: 'local.region' }), /"com\.amazonaws\.\$\{local\.region\}\.ecr\.dkr"/);
      assert.match(renderTemplate('ecr-dkr-endpoint'), /"com\.amazonaws\.\$\{var\.region\}\.ecr\.dkr"/);
      // As an expression (awslogs-region) the literal stays a quoted string.
      assert.match(renderTemplate('task-definition', { region: '"eu-west-1"' }), /"awslogs-region" {8}= "eu-west-1"/);
    });

    it('treats undefined values as missing', () => {
      assert.equal(renderTemplate('ecs-service', { name: undefined }), renderTemplate('ecs-service'));
    });

    it('rejects bad input with a clear message', () => {
      assert.throws(
        () => renderTemplate('no-such-template' as TemplateId),
        /Unknown template id "no-such-template"\. Known ids: ecr-api-endpoint/,
      );
      // A misspelt parameter is a type error in TypeScript; the run-time check covers JavaScript callers.
      assert.throws(
        // @ts-expect-error -- deliberately unknown parameter name
        () => renderTemplate('ecr-dkr-endpoint', { vpcid: 'x' }),
        /has no parameter "vpcid"\. Its parameters are: name, vpc_id, region/,
      );
      assert.throws(() => renderTemplate('ecr-dkr-endpoint', { subnet_ids: '[\n  a,\n]' }), /must be on one line/);
      assert.throws(() => renderTemplate('ecr-dkr-endpoint', { vpc_id: '  ' }), /is empty/);
      assert.throws(() => renderTemplate('ecr-dkr-endpoint', { name: 'ecr dkr' }), /not a valid Terraform resource name/);
      assert.throws(() => renderTemplate('ecr-dkr-endpoint', { name: '1st' }), /not a valid Terraform resource name/);
      assert.throws(() => renderTemplate('ecr-dkr-endpoint', { vpc_id: 42 as unknown as string }), /must be a string, got number/);
    });
  });

  describe('what the templates configure', () => {
    for (const [id, service] of INTERFACE_ENDPOINTS) {
      it(`${id} is an Interface endpoint for ${service} with private DNS, subnets and security groups`, async () => {
        const endpoint = onlyResource(await parseResources(`${id}.tf`, renderTemplate(id)), 'aws_vpc_endpoint');
        assert.equal(endpoint.service_name, `com.amazonaws.\${var.region}.${service}`);
        assert.equal(endpoint.vpc_endpoint_type, 'Interface');
        assert.equal(endpoint.private_dns_enabled, true);
        assert.equal(endpoint.subnet_ids, '${aws_subnet.private[*].id}');
        assert.deepEqual(endpoint.security_group_ids, ['${aws_security_group.vpc_endpoint.id}']);
        assert.equal(endpoint.vpc_id, '${aws_vpc.main.id}');
      });
    }

    it('interface-endpoints-for-each creates one Interface endpoint with private DNS per service of a toset([...])', async () => {
      const endpoint = onlyResource(await parseResources('x.tf', renderTemplate('interface-endpoints-for-each')), 'aws_vpc_endpoint');
      assert.equal(endpoint.for_each, '${toset(["ecr.api", "ecr.dkr", "logs"])}');
      assert.equal(endpoint.service_name, 'com.amazonaws.${var.region}.${each.value}');
      assert.equal(endpoint.vpc_endpoint_type, 'Interface');
      assert.equal(endpoint.private_dns_enabled, true);
    });

    it('s3-gateway-endpoint is a Gateway endpoint on the route tables', async () => {
      const endpoint = onlyResource(await parseResources('x.tf', renderTemplate('s3-gateway-endpoint')), 'aws_vpc_endpoint');
      assert.equal(endpoint.service_name, 'com.amazonaws.${var.region}.s3');
      assert.equal(endpoint.vpc_endpoint_type, 'Gateway');
      assert.deepEqual(endpoint.route_table_ids, ['${aws_route_table.private.id}']);
      assert.equal(endpoint.subnet_ids, undefined);
    });

    it('the security group rules open TCP 443 between the right groups and to the S3 prefix list', async () => {
      const ingress = onlyResource(
        await parseResources('x.tf', renderTemplate('endpoint-sg-https-ingress-rule')),
        'aws_vpc_security_group_ingress_rule',
      );
      assert.deepEqual(
        [ingress.security_group_id, ingress.referenced_security_group_id, ingress.ip_protocol, ingress.from_port, ingress.to_port],
        ['${aws_security_group.vpc_endpoint.id}', '${aws_security_group.ecs_task.id}', 'tcp', 443, 443],
      );
      const egress = onlyResource(
        await parseResources('x.tf', renderTemplate('task-sg-https-egress-rule')),
        'aws_vpc_security_group_egress_rule',
      );
      assert.deepEqual(
        [egress.security_group_id, egress.referenced_security_group_id, egress.from_port, egress.to_port],
        ['${aws_security_group.ecs_task.id}', '${aws_security_group.vpc_endpoint.id}', 443, 443],
      );
      const s3 = onlyResource(
        await parseResources('x.tf', renderTemplate('task-sg-s3-prefix-list-egress-rule')),
        'aws_vpc_security_group_egress_rule',
      );
      assert.equal(s3.prefix_list_id, '${aws_vpc_endpoint.s3.prefix_list_id}');
      assert.deepEqual([s3.ip_protocol, s3.from_port, s3.to_port], ['tcp', 443, 443]);
    });

    it('the execution role trusts ecs-tasks.amazonaws.com and the attachments use the managed policies', async () => {
      const role = onlyResource(await parseResources('x.tf', renderTemplate('execution-role')), 'aws_iam_role');
      assert.match(String(role.assume_role_policy), /^\$\{jsonencode\(\{/);
      assert.match(String(role.assume_role_policy), /Principal = \{ Service = "ecs-tasks\.amazonaws\.com" \}/);
      assert.match(String(role.assume_role_policy), /Action {4}= "sts:AssumeRole"/);
      const execution = onlyResource(
        await parseResources('x.tf', renderTemplate('execution-role-policy-attachment')),
        'aws_iam_role_policy_attachment',
      );
      assert.equal(execution.policy_arn, 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy');
      const readOnly = onlyResource(
        await parseResources('x.tf', renderTemplate('ecr-readonly-policy-attachment')),
        'aws_iam_role_policy_attachment',
      );
      assert.equal(readOnly.policy_arn, 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly');
    });

    it('the task definition is Fargate/awsvpc with an execution role and awslogs in jsonencode container definitions', async () => {
      const taskDefinition = onlyResource(await parseResources('x.tf', renderTemplate('task-definition')), 'aws_ecs_task_definition');
      assert.equal(taskDefinition.network_mode, 'awsvpc');
      assert.deepEqual(taskDefinition.requires_compatibilities, ['FARGATE']);
      assert.equal(taskDefinition.execution_role_arn, '${aws_iam_role.ecs_task_execution.arn}');
      const containers = String(taskDefinition.container_definitions);
      assert.match(containers, /^\$\{jsonencode\(\[/);
      assert.match(containers, /logDriver = "awslogs"/);
      assert.match(containers, /"awslogs-region" {8}= var\.region/);
    });

    it('the service runs in private subnets without a public IP', async () => {
      const service = onlyResource(await parseResources('x.tf', renderTemplate('ecs-service')), 'aws_ecs_service');
      assert.equal(service.launch_type, 'FARGATE');
      const network = (service.network_configuration as Array<Record<string, unknown>>)[0];
      assert.equal(network.assign_public_ip, false);
      assert.equal(network.subnets, '${aws_subnet.private[*].id}');
      assert.deepEqual(network.security_groups, ['${aws_security_group.ecs_task.id}']);
    });

    it('templateResourceAddresses lists what a template creates', () => {
      assert.deepEqual(templateResourceAddresses('ecr-dkr-endpoint'), ['aws_vpc_endpoint.ecr_dkr']);
      assert.deepEqual(templateResourceAddresses('ecr-dkr-endpoint', { name: 'dkr' }), ['aws_vpc_endpoint.dkr']);
      assert.equal(templateResourceAddresses('private-ecr-full-set').length, 14);
    });
  });

  describe('private-ecr-full-set', () => {
    const text = renderTemplate('private-ecr-full-set');
    let resources: ParsedResources;
    before(async () => {
      resources = await parseResources('full-set.tf', text);
    });
    const get = (type: string, name: string): Record<string, unknown> => {
      const body = resources[type]?.[name]?.[0];
      assert.ok(body, `full set lacks ${type}.${name}`);
      return body;
    };

    it("contains the article's three endpoints: ECR API and ECR DKR (Interface, private DNS) and S3 (Gateway)", () => {
      for (const [name, service] of [
        ['ecr_api', 'ecr.api'],
        ['ecr_dkr', 'ecr.dkr'],
      ]) {
        const endpoint = get('aws_vpc_endpoint', name);
        assert.equal(endpoint.service_name, `com.amazonaws.\${var.region}.${service}`);
        assert.equal(endpoint.vpc_endpoint_type, 'Interface');
        assert.equal(endpoint.private_dns_enabled, true);
        assert.deepEqual(endpoint.security_group_ids, ['${aws_security_group.vpc_endpoint.id}']);
      }
      const s3 = get('aws_vpc_endpoint', 's3');
      assert.equal(s3.vpc_endpoint_type, 'Gateway');
      assert.deepEqual(s3.route_table_ids, ['${aws_route_table.private.id}']);
    });

    it("contains the article's endpoint and task security groups, with HTTPS rules between them and to S3", () => {
      get('aws_security_group', 'vpc_endpoint');
      get('aws_security_group', 'ecs_task');
      const ingress = get('aws_vpc_security_group_ingress_rule', 'vpc_endpoint_https_from_tasks');
      assert.equal(ingress.security_group_id, '${aws_security_group.vpc_endpoint.id}');
      assert.equal(ingress.referenced_security_group_id, '${aws_security_group.ecs_task.id}');
      assert.equal(
        get('aws_vpc_security_group_egress_rule', 'ecs_task_https_to_endpoints').referenced_security_group_id,
        '${aws_security_group.vpc_endpoint.id}',
      );
      assert.equal(
        get('aws_vpc_security_group_egress_rule', 'ecs_task_https_to_s3').prefix_list_id,
        '${aws_vpc_endpoint.s3.prefix_list_id}',
      );
    });

    it("contains the article's execution policy attachment, on an execution role it also defines", () => {
      get('aws_iam_role', 'ecs_task_execution');
      const attachment = get('aws_iam_role_policy_attachment', 'ecs_task_execution');
      assert.equal(attachment.role, '${aws_iam_role.ecs_task_execution.name}');
      assert.equal(attachment.policy_arn, 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy');
      // The article's AmazonEC2ContainerRegistryReadOnly attachment is left out on purpose: the execution
      // policy already grants the ECR pull actions, and the checker reports the extra one as redundant.
      assert.doesNotMatch(text, /AmazonEC2ContainerRegistryReadOnly/);
    });

    it("contains the article's task definition and service, wired to the role, log group and task security group", () => {
      const taskDefinition = get('aws_ecs_task_definition', 'app');
      assert.equal(taskDefinition.network_mode, 'awsvpc');
      assert.deepEqual(taskDefinition.requires_compatibilities, ['FARGATE']);
      assert.equal(taskDefinition.execution_role_arn, '${aws_iam_role.ecs_task_execution.arn}');
      assert.match(String(taskDefinition.container_definitions), /"awslogs-group" {9}= aws_cloudwatch_log_group\.app\.name/);
      get('aws_cloudwatch_log_group', 'app');
      const service = get('aws_ecs_service', 'app');
      assert.equal(service.task_definition, '${aws_ecs_task_definition.app.arn}');
      const network = (service.network_configuration as Array<Record<string, unknown>>)[0];
      assert.equal(network.assign_public_ip, false);
      assert.deepEqual(network.security_groups, ['${aws_security_group.ecs_task.id}']);
    });

    it('adds the logs endpoint the awslogs driver needs', () => {
      assert.equal(get('aws_vpc_endpoint', 'logs').service_name, 'com.amazonaws.${var.region}.logs');
    });

    it('shares one value per parameter across its resources', () => {
      const text = renderTemplate('private-ecr-full-set', { vpc_id: 'module.vpc.vpc_id', region: '"ap-northeast-1"' });
      assert.equal(text.match(/module\.vpc\.vpc_id/g)?.length, 6);
      assert.equal(text.match(/com\.amazonaws\.ap-northeast-1\./g)?.length, 4);
      assert.match(text, /"awslogs-region" {8}= "ap-northeast-1"/);
    });
  });

  describe('renderSnippetBody', () => {
    for (const id of TEMPLATE_IDS) {
      describe(id, () => {
        const lines = renderSnippetBody(id);
        const body = lines.join('\n');

        it('expanded with its defaults equals renderTemplate', () => {
          assert.equal(expandSnippet(body), renderTemplate(id));
        });

        it('ends with the final tab stop $0, used once', () => {
          assert.equal(lines[lines.length - 1], '$0');
          assert.equal(describeTabStops(body).get(0)?.uses, 1);
        });

        it('gives each parameter one tab stop, numbered 1..n, defined once and mirrored elsewhere', () => {
          const stops = [...describeTabStops(body).values()].filter((s) => s.index !== 0).sort((a, b) => a.index - b.index);
          assert.deepEqual(
            stops.map((s) => s.index),
            TEMPLATES[id].params.map((_p, i) => i + 1),
          );
          for (const stop of stops) assert.equal(stop.definitions, 1, `tab stop ${stop.index} defined ${stop.definitions} times`);
        });

        it('offers choices that each expand to renderTemplate with that choice', () => {
          const candidates = new Set<string>();
          for (const param of TEMPLATES[id].params) {
            for (const choice of param.choices ?? []) candidates.add(renderTemplate(id, { [param.name]: choice }));
          }
          for (const stop of describeTabStops(body).values()) {
            for (const option of stop.choices ?? []) {
              const expanded = expandSnippet(body, (index) => (index === stop.index ? option : undefined));
              assert.ok(
                candidates.has(expanded),
                `choice ${JSON.stringify(option)} of tab stop ${stop.index} expands to text no value gives`,
              );
            }
          }
        });

        // The expander rejects any unescaped $ or } in text, so parsing alone proves the escaping.
        it('keeps Terraform ${...} literal', () => {
          for (const match of renderTemplate(id).matchAll(/\$\{[^}]*\}/g)) {
            assert.ok(expandSnippet(body).includes(match[0]));
          }
        });
      });
    }

    it('offers the region as a choice: in service names in string form, a literal region included', () => {
      const body = renderSnippetBody('ecr-dkr-endpoint').join('\n');
      assert.match(body, /"com\.amazonaws\.\$\{3\|\$\{var\.region\},\$\{data\.aws_region\.current\.name\},us-east-1\|\}\.ecr\.dkr"/);
      const literal = expandSnippet(body, (_index, choices) => (choices.includes('us-east-1') ? 'us-east-1' : undefined));
      assert.equal(literal, renderTemplate('ecr-dkr-endpoint', { region: '"us-east-1"' }));
    });

    it('escapes commas inside choices and leaves them out of the expanded text escaped', () => {
      const body = renderSnippetBody('interface-endpoints-for-each').join('\n');
      assert.ok(body.includes('${2|["ecr.api"\\, "ecr.dkr"\\, "logs"],'));
      assert.match(expandSnippet(body), /toset\(\["ecr\.api", "ecr\.dkr", "logs"\]\)/);
    });

    it('in the full set, mirrors the region into the service names as ${...} and into awslogs-region as an expression', () => {
      const body = renderSnippetBody('private-ecr-full-set').join('\n');
      assert.match(body, /"com\.amazonaws\.\\\$\{\$\{2\|var\.region,data\.aws_region\.current\.name\|\}\\\}\.ecr\.api"/);
      assert.match(body, /"awslogs-region" {8}= \$\{2\}/);
      const other = expandSnippet(body, (index, choices) => (index === 2 ? choices[1] : undefined));
      assert.equal(other, renderTemplate('private-ecr-full-set', { region: 'data.aws_region.current.name' }));
    });
  });
});
