import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzePaths } from '../../../src/core/analyze';
import { removeTree, writeTree } from '../support/temp-module';

const SERVICE_WITHOUT_DKR = `
resource "aws_vpc" "main" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_hostnames = true
}
resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}
resource "aws_ecs_service" "app" {
  network_configuration {
    subnets = [aws_subnet.a.id]
  }
}
`;

describe('bad input', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach(removeTree));
  const tree = (files: Record<string, string | Uint8Array>) => {
    const dir = writeTree(files);
    dirs.push(dir);
    return dir;
  };
  const ids = (dir: string) => analyzePaths([dir]).findings.map((f) => `${f.ruleId}@${path.basename(f.file ?? '')}`);

  it('reports a syntax error and still analyses the rest of the module', () => {
    const dir = tree({
      'broken.tf': 'locals {\n  name = \n}\n\nresource "aws_cloudwatch_log_group" "app" {\n  name = "/ecs/app"\n',
      'main.tf': SERVICE_WITHOUT_DKR,
    });
    const found = ids(dir);
    assert.ok(found.includes('hcl-syntax@broken.tf'), found.join());
    assert.ok(found.includes('ecr-dkr-endpoint@main.tf'), found.join());
  });

  it('reports binary and non-UTF-8 files without crashing', () => {
    const dir = tree({
      'bin.tf': new Uint8Array([0x72, 0, 1, 2, 0xff]),
      'latin1.tf': new Uint8Array([0x23, 0x20, 0x63, 0x61, 0x66, 0xe9, 0x0a]),
      'main.tf': SERVICE_WITHOUT_DKR,
    });
    const findings = analyzePaths([dir]).findings;
    const unreadable = findings.filter((f) => f.ruleId === 'file-unreadable');
    assert.equal(unreadable.length, 2);
    assert.match(unreadable.find((f) => f.file!.endsWith('bin.tf'))!.message, /binary/);
    assert.match(unreadable.find((f) => f.file!.endsWith('latin1.tf'))!.message, /UTF-8/);
    assert.ok(findings.some((f) => f.ruleId === 'ecr-dkr-endpoint'));
  });

  it('handles a 10 MB file', () => {
    const block = (i: number) =>
      `resource "aws_security_group" "sg_${i}" {\n  name   = "sg-${i}"\n  vpc_id = "vpc-123"\n\n  ingress {\n    from_port   = 443\n    to_port     = 443\n    protocol    = "tcp"\n    cidr_blocks = ["10.0.0.0/16"]\n  }\n}\n\n`;
    let text = '';
    for (let i = 0; text.length < 10 * 1024 * 1024; i++) text += block(i);
    const dir = tree({ 'big.tf': text });
    const result = analyzePaths([dir]);
    assert.deepEqual(
      result.findings.filter((f) => f.severity === 'error'),
      [],
    );
  });

  it('survives symlink loops', () => {
    const dir = tree({ 'main.tf': SERVICE_WITHOUT_DKR });
    const without = ids(dir);
    fs.symlinkSync(dir, path.join(dir, 'loop'));
    fs.symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'dangling.tf'));
    assert.ok(without.includes('ecr-dkr-endpoint@main.tf'));
    assert.deepEqual(ids(dir), without);
  });

  it('reports a module source that points to a missing folder', () => {
    const dir = tree({ 'main.tf': 'module "app" {\n  source = "./modules/app"\n}\n' });
    const findings = analyzePaths([dir]).findings;
    assert.equal(findings.length, 1);
    assert.equal(findings[0].ruleId, 'module-source');
    assert.deepEqual(findings[0].range, { start: { line: 1, character: 11 }, end: { line: 1, character: 26 } });
  });

  it('follows a module source outside the checked tree', () => {
    const outside = tree({ 'main.tf': SERVICE_WITHOUT_DKR });
    const dir = tree({
      'main.tf': `module "app" {\n  source = "${path
        .relative(tree({}), outside)
        .replace(/\\/g, '/')
        .replace(/^\.\.\//, '../')}"\n}\n`,
    });
    // A relative path from one temp folder to another: resolve it from dir instead.
    fs.writeFileSync(
      path.join(dir, 'main.tf'),
      `module "app" {\n  source = "${path.relative(dir, outside).split(path.sep).join('/')}"\n}\n`,
    );
    const findings = analyzePaths([dir]).findings;
    assert.ok(
      findings.some((f) => f.ruleId === 'ecr-dkr-endpoint' && f.module === 'module.app'),
      JSON.stringify(findings.map((f) => f.ruleId)),
    );
  });

  it('reports modules that call each other in a cycle', () => {
    const dir = tree({
      'a/main.tf': 'module "b" {\n  source = "../b"\n}\n',
      'b/main.tf': 'module "a" {\n  source = "../a"\n}\n',
    });
    const findings = analyzePaths([dir]).findings;
    assert.ok(
      findings.some((f) => f.ruleId === 'module-source' && /cycle/.test(f.message)),
      JSON.stringify(findings),
    );
  });

  it('stays quiet on a network from data sources, with one info that points to the live check', () => {
    const dir = tree({
      'main.tf':
        'data "aws_subnets" "private" {}\nresource "aws_ecs_service" "app" {\n  network_configuration {\n    subnets = data.aws_subnets.private.ids\n  }\n}\n',
    });
    const findings = analyzePaths([dir]).findings;
    assert.deepEqual(
      findings.map((f) => `${f.ruleId}:${f.severity}`),
      ['network-unmanaged:info'],
    );
    assert.match(findings[0].message, /Verify Private ECR Access/);
  });
});
