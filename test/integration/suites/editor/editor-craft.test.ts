// Editor behaviour a careful engineer trusts: a fix that writes into another file opens that file with
// the inserted block selected; fix-all asked for right after opening (as editor.codeActionsOnSave does)
// waits for the first analysis instead of returning nothing; the Re-check Workspace and Show Output
// commands exist and run.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { waitFor } from '../../support/waitFor';
import { open, removeScratch, scratchCopy, waitForDiagnostic } from './helpers';

const repo = path.resolve(__dirname, '../../../..');
const fixtures = path.join(repo, 'test', 'fixtures', 'rules');

describe('editor craft', () => {
  it('a fix invoked in ecs.tf that writes endpoints.tf opens endpoints.tf with the new block selected', async () => {
    const dir = scratchCopy(path.join(fixtures, 'ecr-api-endpoint', 'invalid', 'cross-module-outputs'));
    try {
      const ecs = vscode.Uri.file(path.join(dir, 'modules', 'app', 'ecs.tf'));
      await open(ecs.fsPath);
      const diagnostic = await waitForDiagnostic(ecs, 'ecr-api-endpoint');
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', ecs, diagnostic.range);
      const fix = actions.find((a) => a.isPreferred && a.title.startsWith('Add ECR API endpoint'));
      assert.ok(fix?.edit && fix.command, `a preferred fix with a reveal command, got ${actions.map((a) => a.title).join(' | ')}`);
      await vscode.workspace.applyEdit(fix.edit);
      await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
      const editor = await waitFor('endpoints.tf to be the active editor', () =>
        vscode.window.activeTextEditor?.document.uri.fsPath.endsWith(path.join('app', 'endpoints.tf'))
          ? vscode.window.activeTextEditor
          : undefined,
      );
      const selected = editor.document.getText(editor.selection);
      assert.match(
        selected,
        /^resource "aws_vpc_endpoint" "[a-z_]+" \{/,
        `the selection starts at the inserted block: ${JSON.stringify(selected.slice(0, 80))}`,
      );
      assert.match(selected, /ecr\.api/);
      assert.match(selected, /\}$/);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } finally {
      await removeScratch(dir);
    }
  });

  it('fix-all requested right after opening a file waits for the analysis and returns the fix', async () => {
    const dir = scratchCopy(path.join(fixtures, 'ecr-dkr-endpoint', 'invalid', 'missing-literal'));
    try {
      const main = vscode.Uri.file(path.join(dir, 'main.tf'));
      const document = await vscode.workspace.openTextDocument(main);
      // No wait for diagnostics: this is what codeActionsOnSave does on a save straight after opening.
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        main,
        new vscode.Range(0, 0, 0, 0),
        'source.fixAll.privateEcr',
      );
      const fixAll = actions.find((a) => a.kind?.value === 'source.fixAll.privateEcr');
      assert.ok(fixAll?.edit, 'fix-all offered with an edit');
      assert.ok(fixAll.edit.get(document.uri).length > 0);
    } finally {
      await removeScratch(dir);
    }
  });

  it('offers Re-check Workspace and Show Output commands that run', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['privateEcr.recheckWorkspace', 'privateEcr.showOutput', 'privateEcr.verifyAccess'])
      assert.ok(commands.includes(id), id);
    await vscode.commands.executeCommand('privateEcr.recheckWorkspace');
    await vscode.commands.executeCommand('privateEcr.showOutput');
  });
});
