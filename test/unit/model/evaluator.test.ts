import * as assert from 'node:assert/strict';
import { Configuration } from '../../../src/core/model/config';
import { ParseCache } from '../../../src/core/model/loader';
import { DiskReader } from '../../../src/core/model/source';
import { toPlain, type Value } from '../../../src/core/model/values';
import { removeTree, writeTree } from '../support/temp-module';

function configurationOf(files: Record<string, string>): { configuration: Configuration; dir: string } {
  const dir = writeTree(files);
  return { configuration: new Configuration(dir, new DiskReader(), new ParseCache()), dir };
}

function attrOf(configuration: Configuration, address: string, name: string): Value {
  const resource = configuration.resources.find((r) => r.fullAddress === address);
  assert.ok(resource, `no resource ${address}; have ${configuration.resources.map((r) => r.fullAddress).join(', ')}`);
  return resource.attr(name);
}

describe('evaluator', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach(removeTree));
  const load = (files: Record<string, string>) => {
    const { configuration, dir } = configurationOf(files);
    dirs.push(dir);
    return configuration;
  };

  it('evaluates literals, templates, locals, variables with defaults and tfvars', () => {
    const c = load({
      'main.tf': `
variable "region" { default = "eu-west-1" }
variable "env" {}
locals {
  name = "\${var.env}-app"
  ports = [443, 8443]
}
resource "aws_vpc_endpoint" "dkr" {
  service_name = "com.amazonaws.\${var.region}.ecr.dkr"
  tags = { Name = local.name, Port = local.ports[0] }
}
`,
      'terraform.tfvars': 'env = "prod"\n',
      'z.auto.tfvars': 'region = "ap-northeast-1"\n',
    });
    assert.deepEqual(toPlain(attrOf(c, 'aws_vpc_endpoint.dkr', 'service_name')), 'com.amazonaws.ap-northeast-1.ecr.dkr');
    assert.deepEqual(toPlain(attrOf(c, 'aws_vpc_endpoint.dkr', 'tags')), { Name: 'prod-app', Port: 443 });
  });

  it('keeps the known parts of a string with an unknown variable as a pattern', () => {
    const c = load({
      'main.tf': 'variable "region" {}\nresource "aws_vpc_endpoint" "x" {\n  service_name = "com.amazonaws.${var.region}.ecr.api"\n}\n',
    });
    const v = attrOf(c, 'aws_vpc_endpoint.x', 'service_name');
    assert.equal(v.kind, 'unknown');
    assert.equal(v.kind === 'unknown' && v.pattern, 'com.amazonaws.*.ecr.api');
  });

  it('resolves references to resources as refs and to written attributes as values', () => {
    const c = load({
      'main.tf': `
resource "aws_vpc" "main" { cidr_block = "10.0.0.0/16" }
resource "aws_security_group" "sg" {
  vpc_id = aws_vpc.main.id
  description = aws_vpc.main.cidr_block
}
`,
    });
    const vpcId = attrOf(c, 'aws_security_group.sg', 'vpc_id');
    assert.equal(vpcId.kind, 'ref');
    assert.equal(vpcId.kind === 'ref' && vpcId.target.fullAddress, 'aws_vpc.main');
    assert.deepEqual(toPlain(attrOf(c, 'aws_security_group.sg', 'description')), '10.0.0.0/16');
  });

  it('expands count and for_each with count.index, each.key and each.value, and splats', () => {
    const c = load({
      'main.tf': `
locals { azs = ["a", "b", "c"] }
resource "aws_subnet" "private" {
  count = length(local.azs)
  cidr_block = cidrsubnet("10.0.0.0/16", 8, count.index + 10)
  availability_zone = "eu-west-1\${local.azs[count.index]}"
}
resource "aws_vpc_endpoint" "this" {
  for_each = toset(["ecr.api", "ecr.dkr"])
  service_name = "com.amazonaws.eu-west-1.\${each.value}"
  subnet_ids = aws_subnet.private[*].id
}
`,
    });
    assert.deepEqual(
      c.resourcesOfType('aws_subnet').map((r) => r.fullAddress),
      ['aws_subnet.private[0]', 'aws_subnet.private[1]', 'aws_subnet.private[2]'],
    );
    assert.deepEqual(toPlain(attrOf(c, 'aws_subnet.private[2]', 'cidr_block')), '10.0.12.0/24');
    assert.deepEqual(toPlain(attrOf(c, 'aws_subnet.private[1]', 'availability_zone')), 'eu-west-1b');
    assert.deepEqual(toPlain(attrOf(c, 'aws_vpc_endpoint.this["ecr.dkr"]', 'service_name')), 'com.amazonaws.eu-west-1.ecr.dkr');
    const subnets = attrOf(c, 'aws_vpc_endpoint.this["ecr.api"]', 'subnet_ids');
    assert.equal(subnets.kind === 'list' && subnets.items.length, 3);
  });

  it('evaluates for expressions, conditionals, merge, lookup and jsonencode', () => {
    const c = load({
      'main.tf': `
variable "services" { default = { api = "ecr.api", dkr = "ecr.dkr" } }
variable "enabled" { default = true }
resource "aws_ecs_task_definition" "t" {
  container_definitions = jsonencode([{ name = "app", image = "nginx", logConfiguration = { logDriver = var.enabled ? "awslogs" : "none" } }])
  tags = merge({ a = "1" }, { for k, v in var.services : k => upper(v) if k != "api" })
  family = lookup(var.services, "dkr", "x")
}
`,
    });
    const defs = attrOf(c, 'aws_ecs_task_definition.t', 'container_definitions');
    assert.equal(defs.kind, 'json');
    assert.deepEqual(toPlain(defs.kind === 'json' ? defs.value : defs), [
      { name: 'app', image: 'nginx', logConfiguration: { logDriver: 'awslogs' } },
    ]);
    assert.deepEqual(toPlain(attrOf(c, 'aws_ecs_task_definition.t', 'tags')), { a: '1', dkr: 'ECR.DKR' });
    assert.deepEqual(toPlain(attrOf(c, 'aws_ecs_task_definition.t', 'family')), 'ecr.dkr');
  });

  it('reads file() and templatefile() beside the module', () => {
    const c = load({
      'main.tf':
        'resource "aws_ecs_task_definition" "t" {\n  container_definitions = file("${path.module}/defs.json")\n  family = templatefile("${path.module}/name.tpl", { env = "dev" })\n}\n',
      'defs.json': '[{"name":"app","image":"x"}]',
      'name.tpl': 'app-${env}',
    });
    assert.deepEqual(toPlain(attrOf(c, 'aws_ecs_task_definition.t', 'container_definitions')), '[{"name":"app","image":"x"}]');
    assert.deepEqual(toPlain(attrOf(c, 'aws_ecs_task_definition.t', 'family')), 'app-dev');
  });

  it('follows local modules: arguments into variables, outputs back', () => {
    const c = load({
      'main.tf':
        'module "network" {\n  source = "./modules/network"\n  cidr = "10.1.0.0/16"\n}\nmodule "app" {\n  source = "./modules/app"\n  subnet_ids = module.network.private_subnet_ids\n}\n',
      'modules/network/main.tf':
        'variable "cidr" {}\nresource "aws_subnet" "p" {\n  count = 2\n  cidr_block = cidrsubnet(var.cidr, 8, count.index)\n}\noutput "private_subnet_ids" { value = aws_subnet.p[*].id }\n',
      'modules/app/main.tf':
        'variable "subnet_ids" {}\nresource "aws_ecs_service" "s" {\n  network_configuration {\n    subnets = var.subnet_ids\n  }\n}\n',
    });
    const service = c.resources.find((r) => r.fullAddress === 'module.app.aws_ecs_service.s')!;
    const subnets = service.blocks('network_configuration')[0].attr('subnets');
    assert.equal(subnets.kind, 'list');
    const first = subnets.kind === 'list' ? subnets.items[0] : undefined;
    assert.equal(first?.kind === 'ref' && first.target.fullAddress, 'module.network.aws_subnet.p[0]');
    assert.deepEqual(toPlain(first!.kind === 'ref' ? first!.target.attr('cidr_block') : first!), '10.1.0.0/24');
  });

  it('models the vpc-endpoints registry module as endpoint resources', () => {
    const c = load({
      'main.tf': `
module "endpoints" {
  source  = "terraform-aws-modules/vpc/aws//modules/vpc-endpoints"
  version = "~> 5.0"
  vpc_id = "vpc-123"
  subnet_ids = ["subnet-1"]
  endpoints = {
    dkr = { service = "ecr.dkr", private_dns_enabled = true }
    s3  = { service = "s3", service_type = "Gateway", route_table_ids = ["rtb-1"] }
  }
}
`,
    });
    const dkr = c.resources.find((r) => r.fullAddress === 'module.endpoints.aws_vpc_endpoint.this["dkr"]')!;
    assert.ok(dkr);
    assert.equal(
      dkr.attr('service_name').kind === 'unknown' && (dkr.attr('service_name') as { pattern?: string }).pattern,
      'com.amazonaws.*.ecr.dkr',
    );
    assert.deepEqual(toPlain(dkr.attr('vpc_endpoint_type')), 'Interface');
    assert.deepEqual(toPlain(dkr.attr('private_dns_enabled')), true);
    const s3 = c.resources.find((r) => r.fullAddress === 'module.endpoints.aws_vpc_endpoint.this["s3"]')!;
    assert.deepEqual(toPlain(s3.attr('route_table_ids')), ['rtb-1']);
    assert.deepEqual(toPlain(s3.attr('private_dns_enabled')), null);
  });

  it('turns reference cycles between locals into unknowns instead of recursing forever', () => {
    const c = load({ 'main.tf': 'locals {\n  a = local.b\n  b = local.a\n}\nresource "aws_vpc" "v" { cidr_block = local.a }\n' });
    assert.equal(attrOf(c, 'aws_vpc.v', 'cidr_block').kind, 'unknown');
  });

  it('treats unknown functions and data sources as unknown or refs, never as values', () => {
    const c = load({
      'main.tf':
        'data "aws_subnets" "private" {}\nresource "aws_ecs_service" "s" {\n  name = timestamp()\n  network_configuration { subnets = data.aws_subnets.private.ids }\n}\n',
    });
    assert.equal(attrOf(c, 'aws_ecs_service.s', 'name').kind, 'unknown');
    const subnets = c.resources
      .find((r) => r.type === 'aws_ecs_service')!
      .blocks('network_configuration')[0]
      .attr('subnets');
    assert.equal(subnets.kind, 'ref');
  });
});
