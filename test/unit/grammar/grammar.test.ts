import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Token, formatSnapshot, grammarPath, grammarScope, repoRoot, tokenize } from './tokenize';

const casesDir = path.join(__dirname, 'cases');
const updateSnapshots = process.env.UPDATE_SNAPSHOTS === '1';

/** The scopes of the first token with exactly this text (optionally the n-th occurrence). */
function scopesOf(tokens: Token[], text: string, occurrence = 0): string[] {
  const found = tokens.filter((t) => t.text === text)[occurrence];
  assert.ok(found, `no token ${JSON.stringify(text)} (occurrence ${occurrence})`);
  return found.scopes;
}

function assertScope(tokens: Token[], text: string, scope: string, occurrence = 0): void {
  const scopes = scopesOf(tokens, text, occurrence);
  assert.ok(
    scopes.some((s) => s === scope || s.startsWith(scope + '.')),
    `${JSON.stringify(text)} has scopes ${scopes.join(' ')}, expected ${scope}`,
  );
}

function assertNotScope(tokens: Token[], text: string, scope: string, occurrence = 0): void {
  const scopes = scopesOf(tokens, text, occurrence);
  assert.ok(!scopes.some((s) => s.startsWith(scope)), `${JSON.stringify(text)} should not be ${scope}: ${scopes.join(' ')}`);
}

describe('TextMate grammar', () => {
  it('is the grammar package.json contributes for the terraform language, under our own scope name', () => {
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      contributes: { grammars: Array<{ language: string; scopeName: string; path: string }> };
    };
    const contribution = manifest.contributes.grammars.find((g) => path.resolve(repoRoot, g.path) === grammarPath);
    assert.ok(contribution, 'package.json does not contribute syntaxes/terraform.tmLanguage.json');
    assert.equal(contribution.language, 'terraform');
    assert.equal(contribution.scopeName, grammarScope);
    const grammar = JSON.parse(readFileSync(grammarPath, 'utf8')) as { scopeName: string };
    assert.equal(grammar.scopeName, grammarScope);
    // HashiCorp's extension owns source.hcl.terraform; reusing it would overwrite their grammar registration.
    assert.notEqual(grammar.scopeName, 'source.hcl.terraform');
  });

  describe('snapshots (UPDATE_SNAPSHOTS=1 rewrites them)', () => {
    const cases = readdirSync(casesDir).filter((f) => f.endsWith('.tf')).sort();

    it('has fixture cases', () => {
      assert.ok(cases.length >= 6, `only ${cases.length} cases in ${casesDir}`);
    });

    for (const file of cases) {
      it(file, async () => {
        const text = readFileSync(path.join(casesDir, file), 'utf8');
        const actual = formatSnapshot(text, await tokenize(text));
        const snapshotPath = path.join(casesDir, `${file}.snap`);
        if (updateSnapshots) {
          writeFileSync(snapshotPath, actual);
          return;
        }
        assert.ok(existsSync(snapshotPath), `${snapshotPath} is missing: run with UPDATE_SNAPSHOTS=1 and review it`);
        assert.equal(actual, readFileSync(snapshotPath, 'utf8'));
      });
    }
  });

  // Targeted checks, so a wrong snapshot accepted by UPDATE_SNAPSHOTS=1 still fails here.
  describe('scopes', () => {
    it('comments: #, // and /* */ including block comments over several lines', async () => {
      const tokens = await tokenize(readFileSync(path.join(casesDir, 'comments.tf'), 'utf8'));
      assertScope(tokens, ' A hash comment', 'comment.line.number-sign');
      assertScope(tokens, ' A double-slash comment', 'comment.line.double-slash');
      assertScope(tokens, '   over two lines ', 'comment.block');
      assertScope(tokens, ' trailing comment', 'comment.line.number-sign');
      assertScope(tokens, 'route_table_ids', 'variable.other.readwrite');
    });

    it('blocks: type, quoted and bare labels, nested blocks, attribute names and braces', async () => {
      const tokens = await tokenize(readFileSync(path.join(casesDir, 'blocks.tf'), 'utf8'));
      assertScope(tokens, 'resource', 'entity.name.type');
      assertScope(tokens, 'resource', 'meta.block');
      assertScope(tokens, '"aws_security_group"', 'variable.other.enummember');
      assertScope(tokens, '"vpc_endpoint"', 'variable.other.enummember');
      assertScope(tokens, 'dynamic', 'entity.name.type');
      assertScope(tokens, '"ingress"', 'variable.other.enummember');
      assertScope(tokens, 'content', 'entity.name.type');
      assertScope(tokens, 'lifecycle', 'entity.name.type');
      assertScope(tokens, 'create_before_destroy', 'variable.other.readwrite');
      assertScope(tokens, 'unquoted_label', 'variable.other.enummember');
      assertScope(tokens, 'for_each', 'variable.other.readwrite');
      assertScope(tokens, 'string', 'storage.type.primitive');
      assertScope(tokens, '{', 'punctuation.section.block.begin');
      // `aws = {` is an attribute holding an object, not a block.
      assertScope(tokens, 'aws', 'variable.other.readwrite');
      assertNotScope(tokens, 'aws', 'entity.name.type');
      assertScope(tokens, 'service_type', 'variable.other.readwrite');
    });

    it('strings: escapes, interpolation, template directives and literal $${ / %%{', async () => {
      const tokens = await tokenize(readFileSync(path.join(casesDir, 'strings.tf'), 'utf8'));
      assertScope(tokens, 'hello', 'string.quoted.double');
      assertScope(tokens, '\\t', 'constant.character.escape');
      assertScope(tokens, '\\"', 'constant.character.escape');
      assertScope(tokens, '\\u00e9', 'constant.character.escape');
      assertScope(tokens, '\\U0001F600', 'constant.character.escape');
      assertScope(tokens, '\\q', 'invalid.illegal.escape');
      assertScope(tokens, '${', 'keyword.other.interpolation.begin');
      assertScope(tokens, 'var', 'variable.other.readwrite');
      assertScope(tokens, 'var', 'meta.interpolation');
      assertScope(tokens, 'region', 'variable.other.member');
      assertScope(tokens, '.ecr.dkr', 'string.quoted.double');
      assertNotScope(tokens, '.ecr.dkr', 'meta.interpolation');
      assertScope(tokens, '~', 'keyword.operator.template.left.trim');
      assertScope(tokens, '$${', 'constant.character.escape');
      assertScope(tokens, '%%{', 'constant.character.escape');
      assertScope(tokens, 'not_interpolated} and ', 'string.quoted.double');
      assertNotScope(tokens, 'not_interpolated} and ', 'meta.interpolation');
      assertScope(tokens, 'if', 'keyword.control');
      assertScope(tokens, 'endif', 'keyword.control');
      assertScope(tokens, 'upper', 'support.function.builtin');
      assertScope(tokens, 'suffix', 'meta.interpolation');
      assertScope(tokens, '日本語の文字列', 'string.quoted.double');
    });

    it('heredocs: <<EOT and <<-EOT with interpolation, ending at their marker', async () => {
      const tokens = await tokenize(readFileSync(path.join(casesDir, 'heredoc.tf'), 'utf8'));
      assertScope(tokens, '<<', 'keyword.operator.heredoc');
      assertScope(tokens, 'EOT', 'keyword.control.heredoc');
      assertScope(tokens, 'EOT', 'keyword.control.heredoc', 1);
      assertScope(tokens, '  "Resource": "arn:aws:s3:::prod-', 'string.unquoted.heredoc');
      assertScope(tokens, 'region', 'meta.interpolation');
      assertScope(tokens, '<<-', 'keyword.operator.heredoc');
      assertScope(tokens, 'for', 'keyword.control');
      assertScope(tokens, 'endfor', 'keyword.control');
      assertScope(tokens, '$${', 'constant.character.escape');
      assertScope(tokens, 'SCRIPT', 'keyword.control.heredoc', 1);
      // After the heredoc the body is back to attributes.
      assertScope(tokens, 'after', 'variable.other.readwrite');
      assertNotScope(tokens, 'after', 'string');
      assertScope(tokens, 'true', 'constant.language.boolean');
    });

    it('expressions: numbers, booleans, null, operators, calls, for/in/if, references and splats', async () => {
      const tokens = await tokenize(readFileSync(path.join(casesDir, 'expressions.tf'), 'utf8'));
      assertScope(tokens, '443', 'constant.numeric.integer');
      assertScope(tokens, '1.5e3', 'constant.numeric.float');
      assertScope(tokens, 'true', 'constant.language.boolean');
      assertScope(tokens, 'false', 'constant.language.boolean');
      assertScope(tokens, 'null', 'constant.language.null');
      assertScope(tokens, '>=', 'keyword.operator.comparison');
      assertScope(tokens, '&&', 'keyword.operator.logical');
      assertScope(tokens, '!', 'keyword.operator.logical');
      assertScope(tokens, '*', 'keyword.operator.arithmetic');
      assertScope(tokens, '?', 'keyword.operator.ternary');
      assertScope(tokens, 'format', 'support.function.builtin');
      assertScope(tokens, 'provider', 'support.function.provider');
      assertScope(tokens, 'arn_parse', 'support.function.provider');
      assertScope(tokens, '::', 'punctuation.separator.namespace');
      // Named values (var, local, data, each, count, self, path, terraform, module) are plain
      // references, as in HashiCorp's grammar, so both grammars color them alike.
      for (const root of ['count', 'data', 'each', 'self', 'terraform', 'path', 'module']) {
        assertScope(tokens, root, 'variable.other.readwrite');
      }
      assertScope(tokens, 'aws_subnet', 'variable.other.readwrite');
      assertScope(tokens, 'private', 'variable.other.member');
      assertScope(tokens, '*', 'keyword.operator.splat', 1);
      assertScope(tokens, 'for', 'keyword.control');
      assertScope(tokens, 'in', 'keyword.control');
      assertScope(tokens, 'if', 'keyword.control');
      assertScope(tokens, '=>', 'storage.type.function');
      assertScope(tokens, '...', 'keyword.operator.spread');
      assertScope(tokens, 'Name', 'variable.other.readwrite');
      assertScope(tokens, 'Name', 'meta.mapping.key');
      assertScope(tokens, 'awslogs-group', 'string.quoted.double');
      assertScope(tokens, 'awslogs-group', 'meta.mapping.key');
      const quotedKey = tokens.findIndex((t) => t.text === 'awslogs-group');
      const afterKey = tokens.slice(quotedKey + 1).find((t) => t.text.trim() !== '' && t.text !== '"');
      assert.ok(afterKey?.text === '=' && afterKey.scopes.includes('keyword.operator.assignment.terraform'));
      assertScope(tokens, 'list', 'support.function.builtin');
    });

    it('edge cases: an unterminated string stops at the line end, heredocs inside calls, == is not an assignment', async () => {
      const tokens = await tokenize(readFileSync(path.join(casesDir, 'edge-cases.tf'), 'utf8'));
      assertScope(tokens, 'next_line', 'variable.other.readwrite');
      assertNotScope(tokens, 'next_line', 'string');
      assertScope(tokens, 'EOT', 'keyword.control.heredoc', 1);
      assertScope(tokens, ')', 'punctuation.section.parens.end', 1);
      assertNotScope(tokens, ')', 'string', 1);
      assertScope(tokens, '==', 'keyword.operator.comparison');
      assertScope(tokens, 'ecr:GetAuthorizationToken', 'string.quoted.double');
      const last = tokens.filter((t) => t.text === '}').at(-1);
      assert.deepEqual(last?.scopes, [grammarScope, 'meta.block.terraform', 'punctuation.section.block.end.terraform']);
    });

    it('the article: every block type is a block and every service name a string with interpolation', async () => {
      const tokens = await tokenize(readFileSync(path.join(casesDir, 'article.tf'), 'utf8'));
      const blockTypes = tokens.filter((t) => t.scopes.some((s) => s.startsWith('entity.name.type'))).map((t) => t.text);
      assert.deepEqual(blockTypes.filter((t) => t === 'resource').length, 9);
      assert.ok(blockTypes.includes('ingress') && blockTypes.includes('egress') && blockTypes.includes('network_configuration'));
      assertScope(tokens, ' VPCのCIDR範囲', 'comment.line.number-sign');
      const lastBrace = tokens.filter((t) => t.text === '}').at(-1);
      assert.ok(lastBrace && lastBrace.scopes.includes('meta.block.terraform'));
      assert.equal(lastBrace.scopes.filter((s) => s === 'meta.block.terraform').length, 1, 'blocks must all be closed by the end');
    });
  });
});
