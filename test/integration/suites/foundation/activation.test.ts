import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { getExtensionUnderTest, workspaceFile } from '../../support/extension';
import { waitFor } from '../../support/waitFor';

describe('activation', () => {
  it('activates when a .tf file is opened, as a terraform document', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('fargate-missing-ecr-dkr', 'main.tf'));
    await vscode.window.showTextDocument(document);
    assert.equal(document.languageId, 'terraform');

    const extension = getExtensionUnderTest();
    await waitFor('the extension to become active', () => extension.isActive);
  });

  it('registers the Verify Private ECR Access command', async () => {
    await waitFor('the extension to become active', () => getExtensionUnderTest().isActive);
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('privateEcr.verifyAccess'), 'privateEcr.verifyAccess is not among the registered commands');
  });
});
