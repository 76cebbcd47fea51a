// With HashiCorp's extension installed (a stand-in declaring its published contributes), highlighting and
// typing are exactly what that extension alone gives: its grammar is the one VS Code uses, we add no
// tokens, and the language configuration behaves as theirs. Our diagnostics still appear.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnosticCode, diagnosticSource, workspaceFile } from '../../support/extension';
import {
  assertHashicorpAutoClosing,
  assertLine,
  hasTextMateTokenizer,
  openScratchTerraform,
  semanticTokens,
  textMateScopesAt,
  typeAt,
} from '../../support/terraform-editing';
import { waitFor } from '../../support/waitFor';

describe("next to HashiCorp's Terraform extension (stand-in)", () => {
  it('the stand-in is installed and declares the terraform language with the grammar source.hcl.terraform', () => {
    const standIn = vscode.extensions.getExtension('hashicorp.terraform');
    assert.ok(standIn, 'the harness did not install the hashicorp.terraform stand-in');
    const grammars = (standIn.packageJSON as { contributes: { grammars: Array<{ language: string; scopeName: string }> } }).contributes
      .grammars;
    assert.ok(grammars.some((grammar) => grammar.language === 'terraform' && grammar.scopeName === 'source.hcl.terraform'));
  });

  it('VS Code tokenizes .tf with their grammar, and we add no semantic tokens', async () => {
    const { editor, dispose } = await openScratchTerraform('resource "aws_vpc_endpoint" "ecr_dkr" {\n  vpc_id = aws_vpc.main.id\n}\n');
    try {
      assert.equal(
        await hasTextMateTokenizer(editor.document),
        true,
        'no TextMate tokenizer for terraform: the stand-in grammar is not in use',
      );
      assert.equal(
        await semanticTokens(editor.document, new vscode.Range(0, 0, 3, 0)),
        undefined,
        'Private ECR Pull still offers semantic tokens next to a Terraform grammar',
      );
      // The scopes VS Code shows for `resource` and for a label: the stand-in grammar's, under its root scope.
      const blockType = await textMateScopesAt(editor, 0, 2);
      if (blockType !== undefined) {
        assert.match(blockType, /textmate scopes\s+entity\.name\.type\.terraform\s+source\.hcl\.terraform(\s|$)/, blockType);
        assert.doesNotMatch(blockType, /semantic token type/, `a semantic token covers the block type:\n${blockType}`);
        const label = await textMateScopesAt(editor, 0, 12);
        assert.match(label ?? '', /textmate scopes\s+string\.quoted\.double\.terraform\s+source\.hcl\.terraform(\s|$)/, label);
      }
    } finally {
      await dispose();
    }
  });

  it("their grammar decides what is a string or a comment: ' does not close there, as in their extension alone", async () => {
    const { editor, dispose } = await openScratchTerraform('locals {\n  a = "x "\n  # a comment \n}\n');
    try {
      // Wait until the grammar has tokenized the lines (auto-closing reads the token types).
      await waitFor('the TextMate tokenizer', () => hasTextMateTokenizer(editor.document));
      await typeAt(editor, 1, 9, "'");
      await assertLine(editor, 1, '  a = "x \'"');
      await typeAt(editor, 2, 14, "'");
      await assertLine(editor, 2, "  # a comment '");
    } finally {
      await dispose();
    }
  });

  it('auto-closes as their extension does: "${ closes }, the \' pair, brackets', async () => {
    await assertHashicorpAutoClosing();
  });

  it('our diagnostics still appear on .tf files', async () => {
    const mainTf = workspaceFile('fargate-missing-ecr-dkr', 'main.tf');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(mainTf));
    await waitFor('an ecr-dkr-endpoint diagnostic', () =>
      vscode.languages.getDiagnostics(mainTf).find((d) => d.source === diagnosticSource && diagnosticCode(d) === 'ecr-dkr-endpoint'),
    );
  });
});
