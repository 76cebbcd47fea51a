// Private ECR Pull installed alone: .tf files are highlighted (our semantic tokens, since we contribute no
// TextMate grammar that would replace HashiCorp's) and auto-closing works as in HashiCorp's extension.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  assertHashicorpAutoClosing,
  hasTextMateTokenizer,
  openScratchTerraform,
  semanticTokens,
  textMateScopesAt,
} from '../../support/terraform-editing';
import { waitFor } from '../../support/waitFor';

describe('highlighting and typing, Private ECR Pull alone', () => {
  it('no other extension brings a Terraform grammar in this set-up', () => {
    assert.equal(vscode.extensions.getExtension('hashicorp.terraform'), undefined);
  });

  it('highlights a .tf file with semantic tokens: block types, labels, attributes, references, strings, comments', async () => {
    const { editor, dispose } = await openScratchTerraform(
      '# endpoints\nresource "aws_vpc_endpoint" "ecr_dkr" {\n  vpc_id = aws_vpc.main.id\n  service_name = "com.amazonaws.${var.region}.ecr.dkr"\n  count = length(var.x)\n}\n',
    );
    try {
      const document = editor.document;
      assert.equal(
        await hasTextMateTokenizer(document),
        false,
        'a TextMate grammar is registered for terraform, so ours would not be needed',
      );
      const tokens = await waitFor('semantic tokens for main.tf', () => semanticTokens(document, new vscode.Range(0, 0, 6, 0)));
      const has = (line: number, text: string, type: string) =>
        assert.ok(
          tokens.some((t) => t.line === line && t.text === text && t.type === type),
          `no ${type} token ${JSON.stringify(text)} on line ${line}: ${JSON.stringify(tokens)}`,
        );
      has(0, '# endpoints', 'comment');
      has(1, 'resource', 'type');
      has(1, '"aws_vpc_endpoint"', 'enumMember');
      has(1, '"ecr_dkr"', 'enumMember');
      has(2, 'vpc_id', 'property');
      has(2, 'aws_vpc', 'variable');
      has(3, '"com.amazonaws.', 'string');
      has(3, '${', 'keyword');
      has(3, 'region', 'property');
      has(4, 'length', 'function');
      // What "Inspect Editor Tokens and Scopes" shows a user for `resource`: our semantic token, no grammar.
      const inspected = await textMateScopesAt(editor, 1, 2);
      if (inspected !== undefined) {
        assert.match(inspected, /semantic token type\s+type/, inspected);
      }
    } finally {
      await dispose();
    }
  });

  it("auto-closes as HashiCorp's extension does: \"${ closes }, the ' pair, brackets", async () => {
    await assertHashicorpAutoClosing();
  });
});
