import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { highlightTerraform, type HighlightTokenType } from '../../../src/core/highlight/semantic-tokens';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** The tokens of `text` as `line:text:type` strings, easy to compare. */
function tokensOf(text: string, range?: { startLine: number; endLine: number }): string[] {
  const lines = text.split('\n');
  return highlightTerraform(text, range).map((t) => `${t.line}:${lines[t.line].slice(t.character, t.character + t.length)}:${t.type}`);
}

function assertToken(text: string, line: number, token: string, type: HighlightTokenType): void {
  const all = tokensOf(text);
  assert.ok(all.includes(`${line}:${token}:${type}`), `expected ${line}:${token}:${type} in\n${all.join('\n')}`);
}

describe('Terraform highlighting (semantic tokens)', () => {
  const sample = [
    '# A hash comment',
    'resource "aws_vpc_endpoint" "ecr_dkr" {',
    '  vpc_id            = aws_vpc.main.id // trailing',
    '  count             = length(var.subnets) > 0 ? 1 : 0 /* a block',
    '  comment */',
    '  tags = { Name = "ecr-${var.env}-dkr", "k": 1.5e3, on = true }',
    '  policy = <<-EOF',
    '    {"Statement": []}',
    '    EOF',
    '  dynamic "ingress" {',
    '    for_each = [for s in var.s : s if s != null]',
    '  }',
    '}',
    'locals {',
    '  escaped = "a \\"quoted\\" $${literal} %%{x}"',
    '}',
  ].join('\n');

  it('block types and labels, attribute names, references and functions', () => {
    assertToken(sample, 1, 'resource', 'type');
    assertToken(sample, 1, '"aws_vpc_endpoint"', 'enumMember');
    assertToken(sample, 1, '"ecr_dkr"', 'enumMember');
    assertToken(sample, 2, 'vpc_id', 'property');
    assertToken(sample, 2, 'aws_vpc', 'variable');
    assertToken(sample, 2, 'main', 'property');
    assertToken(sample, 3, 'length', 'function');
    assertToken(sample, 9, 'dynamic', 'type');
    assertToken(sample, 9, '"ingress"', 'enumMember');
    assertToken(sample, 13, 'locals', 'type');
    assertToken(sample, 5, 'Name', 'property');
    assertToken(sample, 5, 'on', 'property');
  });

  it('comments of every form, split per line', () => {
    assertToken(sample, 0, '# A hash comment', 'comment');
    assertToken(sample, 2, '// trailing', 'comment');
    assertToken(sample, 3, '/* a block', 'comment');
    assertToken(sample, 4, '  comment */', 'comment');
  });

  it('strings with interpolation, escapes and heredocs; numbers and keywords', () => {
    assertToken(sample, 5, '"ecr-', 'string');
    assertToken(sample, 5, '${', 'keyword');
    assertToken(sample, 5, 'env', 'property');
    assertToken(sample, 5, '-dkr"', 'string');
    assertToken(sample, 5, '1.5e3', 'number');
    assertToken(sample, 5, 'true', 'keyword');
    assertToken(sample, 6, '<<-EOF', 'string');
    assertToken(sample, 7, '    {"Statement": []}', 'string');
    assertToken(sample, 8, '    EOF', 'string');
    assertToken(sample, 10, 'for', 'keyword');
    assertToken(sample, 10, 'in', 'keyword');
    assertToken(sample, 10, 'null', 'keyword');
    // Escaped quotes and $${ / %%{ stay inside the one string.
    assertToken(sample, 14, '"a \\"quoted\\" $${literal} %%{x}"', 'string');
  });

  it('a line range reports only its lines, with the state of the lines above', () => {
    const ranged = tokensOf(sample, { startLine: 7, endLine: 9 });
    assert.deepEqual(ranged, ['7:    {"Statement": []}:string', '8:    EOF:string', '9:dynamic:type', '9:"ingress":enumMember']);
    assert.deepEqual(tokensOf(sample, { startLine: 4, endLine: 4 }), ['4:  comment */:comment']);
  });

  it('never returns a token across a line or outside its line (CRLF, unterminated strings and comments)', () => {
    const broken = 'a = "no end\r\nb = /* open\r\n  still\r\nresource "x" {\r\n  c = "${var.x"\r\n';
    const lines = broken.split('\n').map((line) => line.replace(/\r$/, ''));
    for (const token of highlightTerraform(broken)) {
      assert.ok(token.length > 0);
      assert.ok(token.character + token.length <= lines[token.line].length, `token past the end of line ${token.line}`);
    }
    assertToken(broken.replace(/\r/g, ''), 0, '"no end', 'string');
  });

  it('scans the bundled examples without a token outside its line', () => {
    const file = path.join(repoRoot, 'examples', 'article', 'main.tf');
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    const tokens = highlightTerraform(text);
    assert.ok(tokens.length > 30, `only ${tokens.length} tokens`);
    for (const token of tokens) assert.ok(token.character + token.length <= lines[token.line].length);
    assert.ok(tokens.some((token) => token.type === 'type' && lines[token.line].startsWith('module', token.character)));
  });
});

describe('language configuration', () => {
  it("is HashiCorp's (the stand-in of the integration tests declares their published values), property by property", () => {
    const ours = JSON.parse(readFileSync(path.join(repoRoot, 'language-configuration.json'), 'utf8'));
    const theirs = JSON.parse(
      readFileSync(path.join(repoRoot, 'test', 'integration', 'standins', 'hashicorp-terraform', 'language-configuration.json'), 'utf8'),
    );
    // VS Code merges the configurations of one language property by property, the later extension
    // winning: identical properties and values make the order irrelevant.
    assert.deepEqual(ours, theirs);
  });

  it("the manifest contributes no grammar for the terraform language (it would replace HashiCorp's)", () => {
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    const grammars: Array<{ language?: string }> = manifest.contributes.grammars ?? [];
    assert.deepEqual(
      grammars.filter((grammar) => grammar.language === 'terraform'),
      [],
    );
  });
});
