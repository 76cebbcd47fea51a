/**
 * Which Terraform block stands for an AWS id the live check names ("Show in Terraform" in the results
 * view): through the root's local state (also for resources of a called module), an import block, or a
 * data source with a literal id; an id nothing maps is not answered, and an unreadable state is no crash.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { declaredIds } from '../../../src/core/model/declared-ids';
import { ParseCache } from '../../../src/core/model/loader';
import { DiskReader } from '../../../src/core/model/source';
import { removeTree, writeTree } from '../support/temp-module';

const state = (resources: unknown[]) =>
  JSON.stringify({ version: 4, terraform_version: '1.11.0', serial: 1, lineage: 'x', outputs: {}, resources });

describe('declared ids (Show in Terraform from a live finding)', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach(removeTree));
  const tree = (files: Record<string, string>) => {
    const dir = writeTree(files);
    dirs.push(dir);
    return path.resolve(dir);
  };

  it('maps ids through the local state, import blocks and data sources, to the declaring block', () => {
    const root = tree({
      'main.tf': [
        'module "net" {',
        '  source = "./net"',
        '}',
        '',
        'import {',
        '  to = aws_security_group.tasks',
        '  id = "sg-0000000000000000b"',
        '}',
        '',
        'resource "aws_security_group" "tasks" {',
        '  name = "tasks"',
        '}',
        '',
        'data "aws_vpc" "shared" {',
        '  id = "vpc-0000000000000000c"',
        '}',
        '',
      ].join('\n'),
      'net/main.tf': 'resource "aws_vpc_endpoint" "ecr_api" {\n  service_name = "com.amazonaws.eu-west-1.ecr.api"\n}\n',
      'terraform.tfstate': state([
        {
          module: 'module.net',
          mode: 'managed',
          type: 'aws_vpc_endpoint',
          name: 'ecr_api',
          instances: [
            { attributes: { id: 'vpce-0000000000000000a', arn: 'arn:aws:ec2:eu-west-1:123456789012:vpc-endpoint/vpce-0000000000000000a' } },
          ],
        },
        { mode: 'data', type: 'aws_vpc', name: 'shared', instances: [{ attributes: { id: 'vpc-0000000000000000d' } }] },
      ]),
    });
    const found = declaredIds(
      [root],
      ['vpce-0000000000000000a', 'sg-0000000000000000b', 'vpc-0000000000000000c', 'vpc-0000000000000000d', 'sg-0000000000000000e'],
      new DiskReader(),
      new ParseCache(),
    );
    assert.deepEqual(
      found.map((d) => [d.id, d.address, path.relative(root, d.file), d.range.start.line, d.via]),
      [
        ['vpce-0000000000000000a', 'module.net.aws_vpc_endpoint.ecr_api', path.join('net', 'main.tf'), 0, 'state'],
        ['sg-0000000000000000b', 'aws_security_group.tasks', 'main.tf', 9, 'import'],
        ['vpc-0000000000000000c', 'data.aws_vpc.shared', 'main.tf', 13, 'data'],
      ],
      'a data instance in the state, and an id nothing names, are not answered',
    );
    assert.equal(found[0].range.end.line, 2);
  });

  it('answers an ARN the state holds, and nothing for a state that is not JSON or names a block that does not exist', () => {
    const arn = 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole';
    const root = tree({
      'main.tf': 'resource "aws_iam_role" "execution" {\n  name = "ecsTaskExecutionRole"\n}\n',
      'terraform.tfstate': state([
        { mode: 'managed', type: 'aws_iam_role', name: 'execution', instances: [{ attributes: { id: 'ecsTaskExecutionRole', arn } }] },
        { mode: 'managed', type: 'aws_vpc', name: 'gone', instances: [{ attributes: { id: 'vpc-0000000000000000f' } }] },
      ]),
    });
    assert.deepEqual(
      declaredIds([root], [arn, 'vpc-0000000000000000f'], new DiskReader(), new ParseCache()).map((d) => d.address),
      ['aws_iam_role.execution'],
    );
    const broken = tree({ 'main.tf': 'resource "aws_vpc" "main" {}\n', 'terraform.tfstate': '{ not json' });
    assert.deepEqual(declaredIds([broken], ['vpc-0000000000000000f'], new DiskReader(), new ParseCache()), []);
  });
});
