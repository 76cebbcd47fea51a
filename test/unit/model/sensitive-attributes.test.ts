/**
 * Attributes the AWS provider marks sensitive (#8 item 12): their values, written or computed, and
 * everything derived from them print as `(sensitive)`, as `sensitive = true` variables do. The table
 * comes from the real provider schema (scripts/gen-sensitive-attributes.ts); a test checks it is current
 * when terraform and the provider mirror are on this machine.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readProviderSchema, renderTable, TABLE_FILE } from '../../../scripts/gen-sensitive-attributes';
import { main } from '../../../src/cli';
import { FORMATS } from '../../../src/cli/ci-options';
import { Configuration } from '../../../src/core/model/config';
import { ParseCache } from '../../../src/core/model/loader';
import { sensitiveSchemaOf } from '../../../src/core/model/sensitive';
import { DiskReader } from '../../../src/core/model/source';
import { marksOf } from '../../../src/core/model/values';
import { findProviderMirror } from '../support/terraform-validate';
import { removeTree, writeTree } from '../support/temp-module';

const repo = path.resolve(__dirname, '../../..');
const fixture = path.join(repo, 'test/fixtures/rules/image-registry/invalid/sensitive-resource-attributes');

describe('sensitive resource attributes: the table', () => {
  it('holds the provider schema’s sensitive attributes, nested blocks included', () => {
    assert.deepEqual([...sensitiveSchemaOf('managed', 'aws_secretsmanager_secret_version')!.attributes].sort(), [
      'secret_binary',
      'secret_string',
      'secret_string_wo',
    ]);
    assert.ok(sensitiveSchemaOf('managed', 'aws_ssm_parameter')!.attributes.has('value'));
    assert.ok(sensitiveSchemaOf('managed', 'aws_db_instance')!.attributes.has('password'));
    assert.ok(sensitiveSchemaOf('data', 'aws_ssm_parameter')!.attributes.has('value'));
    const oidc = sensitiveSchemaOf('managed', 'aws_lb_listener')!.blocks.get('default_action')!.blocks.get('authenticate_oidc')!;
    assert.ok(oidc.attributes.has('client_secret'));
    assert.ok(!oidc.attributes.has('client_id'));
    assert.equal(sensitiveSchemaOf('managed', 'aws_vpc'), undefined);
    assert.equal(sensitiveSchemaOf('managed', 'toString'), undefined);
  });

  it('is what `terraform providers schema -json` says today', function () {
    this.timeout(180_000);
    const terraform = spawnSync('terraform', ['version'], { encoding: 'utf8' });
    if (terraform.status !== 0) {
      console.log('      skipped: terraform is not on PATH, so the checked-in table cannot be compared with the provider schema');
      this.skip();
    }
    try {
      findProviderMirror();
    } catch (error) {
      console.log(`      skipped: ${(error as Error).message}`);
      this.skip();
    }
    const { version, schema } = readProviderSchema();
    assert.equal(
      fs.readFileSync(TABLE_FILE, 'utf8'),
      renderTable(version, schema),
      'stale: run npx tsx scripts/gen-sensitive-attributes.ts',
    );
  });
});

describe('sensitive resource attributes: values', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach(removeTree));

  function configurationOf(main: string): Configuration {
    const dir = writeTree({ 'main.tf': main });
    dirs.push(dir);
    return new Configuration(dir, new DiskReader(), new ParseCache());
  }

  it('marks a written value, a reference to it and what is derived from it', () => {
    const configuration = configurationOf(`
resource "aws_ssm_parameter" "p" {
  name  = "/app/token"
  type  = "SecureString"
  value = "tok-1234567890"
}

locals {
  upper = upper(aws_ssm_parameter.p.value)
  name  = aws_ssm_parameter.p.name
  text  = "token: \${aws_ssm_parameter.p.value}"
}
`);
    const parameter = configuration.root.resources.find((r) => r.address === 'aws_ssm_parameter.p')!;
    assert.ok(marksOf(parameter.attr('value'))?.sensitive);
    assert.ok(!marksOf(parameter.attr('name'))?.sensitive);
    assert.ok(marksOf(configuration.root.localValue('upper'))?.sensitive);
    assert.ok(marksOf(configuration.root.localValue('text'))?.sensitive);
    assert.ok(!marksOf(configuration.root.localValue('name'))?.sensitive);
  });

  it('marks computed sensitive attributes and those of data sources', () => {
    const configuration = configurationOf(`
resource "aws_db_instance" "db" {
  identifier                  = "db"
  manage_master_user_password = true
}

data "aws_ssm_parameter" "image" {
  name = "/app/image"
}

locals {
  password = aws_db_instance.db.password
  image    = data.aws_ssm_parameter.image.value
  address  = aws_db_instance.db.address
}
`);
    assert.ok(marksOf(configuration.root.localValue('password'))?.sensitive);
    assert.ok(marksOf(configuration.root.localValue('image'))?.sensitive);
    assert.ok(!marksOf(configuration.root.localValue('address'))?.sensitive);
  });

  it('marks sensitive attributes of nested blocks, dynamic ones included', () => {
    const configuration = configurationOf(`
resource "aws_lb_listener" "l" {
  load_balancer_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/x/1"

  default_action {
    type = "authenticate-oidc"

    authenticate_oidc {
      client_id     = "client-abcdef"
      client_secret = "oidc-secret-123456"
    }
  }

  dynamic "default_action" {
    for_each = ["a"]
    content {
      type = "authenticate-oidc"
      authenticate_oidc {
        client_secret = "dynamic-secret-123456"
      }
    }
  }
}
`);
    const listener = configuration.root.resources.find((r) => r.address === 'aws_lb_listener.l')!;
    const oidc = listener.blocks('default_action').map((a) => a.blocks('authenticate_oidc')[0]);
    assert.equal(oidc.length, 2);
    for (const block of oidc) assert.ok(marksOf(block.attr('client_secret'))?.sensitive);
    assert.ok(!marksOf(oidc[0].attr('client_id'))?.sensitive);
  });
});

describe('sensitive resource attributes: CLI output', () => {
  const cwd = process.cwd();
  before(() => process.chdir(repo));
  after(() => process.chdir(cwd));

  for (const format of FORMATS) {
    it(`never prints a secret literal in --format ${format}`, async () => {
      let stdout = '';
      const code = await main(['check', path.relative(repo, fixture), '--format', format], {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stdout += t),
      });
      assert.equal(code, 1, stdout);
      assert.ok(stdout.includes('image-registry'), stdout);
      for (const secret of ['confidential', 'hunter2'])
        assert.ok(!stdout.toLowerCase().includes(secret), `secret in --format ${format}:\n${stdout}`);
      if (format === 'text' || format === 'json') assert.match(stdout, /uses \(sensitive\) from Docker Hub/);
    });
  }
});
