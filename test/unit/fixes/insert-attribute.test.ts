import * as assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/fixes/apply';
import { insertAttribute } from '../../../src/core/fixes/edits';
import type { Block } from '../../../src/core/hcl/ast';
import { parseHcl } from '../../../src/core/hcl/parser';
import { terraformAvailable, terraformFmt } from '../templates/terraform-tools';

/** The text after inserting `line` into the first block of `text`. */
function inserted(text: string, line: string): string {
  const file = parseHcl(text, '/x/main.tf');
  const block = file.body.items.find((i): i is Block => i.kind === 'block')!;
  const edit = insertAttribute(file, block, line);
  return applyEdits(text, [{ ...edit, file: '/x/main.tf' }]).text;
}

const CASES: Array<{ name: string; before: string; line: string; after: string }> = [
  {
    name: 'joins the aligned group and re-aligns it to a longer name',
    before: 'resource "aws_vpc_endpoint" "x" {\n  vpc_id            = aws_vpc.main.id\n  vpc_endpoint_type = "Interface"\n}\n',
    line: 'private_dns_enabled = true',
    after:
      'resource "aws_vpc_endpoint" "x" {\n  vpc_id              = aws_vpc.main.id\n  vpc_endpoint_type   = "Interface"\n  private_dns_enabled = true\n}\n',
  },
  {
    name: 'pads a shorter name to the group',
    before: 'resource "aws_vpc" "x" {\n  cidr_block           = "10.0.0.0/16"\n  enable_dns_hostnames = true\n}\n',
    line: 'enable_dns_support = true',
    after:
      'resource "aws_vpc" "x" {\n  cidr_block           = "10.0.0.0/16"\n  enable_dns_hostnames = true\n  enable_dns_support   = true\n}\n',
  },
  {
    name: 'goes to the end of the last group when a tags map or a block follows it',
    before:
      'resource "aws_vpc_endpoint" "x" {\n  vpc_id = aws_vpc.main.id\n\n  tags = {\n    Name = "x"\n  }\n\n  timeouts {\n    create = "5m"\n  }\n}\n',
    line: 'private_dns_enabled = true',
    after:
      'resource "aws_vpc_endpoint" "x" {\n  vpc_id              = aws_vpc.main.id\n  private_dns_enabled = true\n\n  tags = {\n    Name = "x"\n  }\n\n  timeouts {\n    create = "5m"\n  }\n}\n',
  },
  {
    name: 'keeps away from a group with a trailing comment (fmt would move the comment too)',
    before: 'resource "aws_vpc_endpoint" "x" {\n  vpc_id = aws_vpc.main.id # shared VPC\n}\n',
    line: 'private_dns_enabled = true',
    after: 'resource "aws_vpc_endpoint" "x" {\n  vpc_id = aws_vpc.main.id # shared VPC\n\n  private_dns_enabled = true\n}\n',
  },
  {
    name: 'does not join a group of meta-arguments only',
    before: 'resource "aws_vpc_endpoint" "x" {\n  for_each = toset(["a"])\n\n  tags = {\n    Name = each.key\n  }\n}\n',
    line: 'private_dns_enabled = true',
    after:
      'resource "aws_vpc_endpoint" "x" {\n  for_each = toset(["a"])\n\n  tags = {\n    Name = each.key\n  }\n\n  private_dns_enabled = true\n}\n',
  },
  {
    name: 'opens a one-line block',
    before: 'resource "aws_vpc" "x" {}\n',
    line: 'enable_dns_support = true',
    after: 'resource "aws_vpc" "x" {\n  enable_dns_support = true\n}\n',
  },
  {
    name: 'fills an empty body',
    before: 'resource "aws_vpc" "x" {\n}\n',
    line: 'enable_dns_support = true',
    after: 'resource "aws_vpc" "x" {\n  enable_dns_support = true\n}\n',
  },
];

describe('insertAttribute lays the new line out as terraform fmt does', () => {
  it('keeps a CRLF file\u2019s line breaks (the edit stops before the CR)', () => {
    const before = 'resource "aws_vpc" "x" {\r\n  cidr_block = "10.0.0.0/16"\r\n}\r\n';
    assert.equal(
      inserted(before, 'enable_dns_support = true'),
      'resource "aws_vpc" "x" {\r\n  cidr_block         = "10.0.0.0/16"\r\n  enable_dns_support = true\r\n}\r\n',
    );
  });

  for (const c of CASES) {
    it(c.name, () => {
      const got = inserted(c.before, c.line);
      assert.equal(got, c.after);
      // Only whitespace of the old text changes: without the new line, the non-space characters are the old ones.
      const [name] = c.line.split(' ');
      const withoutNewLine = got
        .split('\n')
        .filter((l) => !new RegExp(`^\\s*${name}\\s*=`).test(l))
        .join('\n');
      assert.equal(withoutNewLine.replace(/\s+/g, ''), c.before.replace(/\s+/g, ''));
      if (terraformAvailable()) assert.equal(terraformFmt(got), got, 'terraform fmt would change the result');
    });
  }
});
