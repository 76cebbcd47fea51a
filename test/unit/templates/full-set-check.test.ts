import * as assert from 'node:assert/strict';
import { analyzePaths } from '../../../src/core/analyze';
import { renderTemplate, TEMPLATE_IDS } from '../../../src/core/fixes/templates';
import { removeTree, writeTree } from '../support/temp-module';

/** The network the templates refer to by default (aws_vpc.main, aws_subnet.private, aws_route_table.private), as a user would have it. */
const NETWORK = `variable "region" {
  type    = string
  default = "eu-west-1"
}

resource "aws_vpc" "main" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
}

resource "aws_subnet" "private" {
  count             = 2
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)
  availability_zone = "eu-west-1\${count.index == 0 ? "a" : "b"}"
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route_table_association" "private" {
  count          = 2
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private.id
}

resource "aws_ecs_cluster" "main" {
  name = "main"
}

resource "aws_ecr_repository" "app" {
  name = "app"
}
`;

describe('the full snippet set', () => {
  it('passes the checker with no error or warning when dropped into a private network', () => {
    const dir = writeTree({ 'network.tf': NETWORK, 'private_ecr.tf': renderTemplate('private-ecr-full-set') });
    try {
      const findings = analyzePaths([dir]).findings.filter((f) => f.severity !== 'info');
      assert.deepEqual(
        findings.map((f) => `${f.ruleId}: ${f.message}`),
        [],
      );
    } finally {
      removeTree(dir);
    }
  });

  it('has every single-resource template parse without syntax findings', () => {
    for (const id of TEMPLATE_IDS) {
      const dir = writeTree({ 'main.tf': renderTemplate(id) });
      try {
        const syntax = analyzePaths([dir]).findings.filter((f) => f.ruleId === 'hcl-syntax');
        assert.deepEqual(syntax, [], id);
      } finally {
        removeTree(dir);
      }
    }
  });
});
