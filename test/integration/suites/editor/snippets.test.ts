import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { renderTemplate, TEMPLATES, TEMPLATE_IDS } from '../../../../src/core/fixes/templates';
import { removeScratch, scratchFiles } from './helpers';

describe('snippets', () => {
  it('offers every pecr- snippet in completion on a Terraform file', async () => {
    const dir = scratchFiles({ 'main.tf': '\n' });
    try {
      const uri = vscode.Uri.file(path.join(dir, 'main.tf'));
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        uri,
        new vscode.Position(0, 0),
        undefined,
        200,
      );
      const labels = new Set(
        list.items
          .filter((i) => i.kind === vscode.CompletionItemKind.Snippet)
          .map((i) => (typeof i.label === 'string' ? i.label : i.label.label)),
      );
      for (const id of TEMPLATE_IDS)
        assert.ok(labels.has(TEMPLATES[id].snippetPrefix), `snippet ${TEMPLATES[id].snippetPrefix} is not offered`);
    } finally {
      await removeScratch(dir);
    }
  });

  it('inserts the ECR DKR endpoint snippet with its defaults as the fix template writes it', async () => {
    const dir = scratchFiles({ 'main.tf': '' });
    try {
      const uri = vscode.Uri.file(path.join(dir, 'main.tf'));
      const document = await vscode.workspace.openTextDocument(uri);
      const editor = await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('editor.action.insertSnippet', {
        langId: 'terraform',
        name: TEMPLATES['ecr-dkr-endpoint'].title,
      });
      // Leave snippet mode with the defaults in place.
      await vscode.commands.executeCommand('leaveSnippet');
      assert.equal(editor.document.getText(), renderTemplate('ecr-dkr-endpoint'));
    } finally {
      await removeScratch(dir);
    }
  });
});

describe('snippet completion that knows the module', () => {
  it('is not offered inside a block', async () => {
    const dir = scratchFiles({ 'main.tf': 'resource "aws_vpc" "core" {\n  pecr\n}\n' });
    try {
      const uri = vscode.Uri.file(path.join(dir, 'main.tf'));
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        uri,
        new vscode.Position(1, 6),
      );
      assert.deepEqual(
        list.items.filter((i) => String(typeof i.label === 'string' ? i.label : i.label.label).startsWith('pecr-')).map((i) => i.label),
        [],
      );
    } finally {
      await removeScratch(dir);
    }
  });
});
