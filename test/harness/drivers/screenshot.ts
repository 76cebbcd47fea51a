// Runs inside the extension host for test/harness/screenshot.mjs: opens a Terraform file, waits for the
// extension's diagnostic, puts it in view with the Problems panel open, says "ready" and waits until the
// harness has taken the picture. Not a test: it asserts nothing beyond finding the diagnostic.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { waitFor } from '../../integration/support/waitFor';

/** The line the harness waits for before taking the screenshot. */
export const screenshotReadyLine = '[screenshot] ready';

/** Entry point called by the workbench (`extensionTestsPath`). */
export async function run(): Promise<void> {
  const relativeFile = process.env.PRIVATE_ECR_SCREENSHOT_FILE;
  const doneFile = process.env.PRIVATE_ECR_SCREENSHOT_DONE;
  const wantedCode = process.env.PRIVATE_ECR_SCREENSHOT_CODE || undefined;
  const showHover = process.env.PRIVATE_ECR_SCREENSHOT_HOVER === '1';
  const showQuickFix = process.env.PRIVATE_ECR_SCREENSHOT_QUICKFIX === '1';
  const applyFix = process.env.PRIVATE_ECR_SCREENSHOT_APPLY === '1';
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!relativeFile || !doneFile || !folder) {
    throw new Error('screenshot driver: PRIVATE_ECR_SCREENSHOT_FILE, PRIVATE_ECR_SCREENSHOT_DONE and an open folder are required');
  }

  const uri = vscode.Uri.file(path.join(folder.uri.fsPath, relativeFile));
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
  const diagnostic = await waitFor(
    `a private-ecr diagnostic${wantedCode ? ` with code ${wantedCode}` : ''} on ${relativeFile}`,
    () =>
      vscode.languages.getDiagnostics(uri).find((candidate) => {
        if (candidate.source !== 'private-ecr') return false;
        const code = typeof candidate.code === 'object' ? String(candidate.code.value) : String(candidate.code);
        return wantedCode === undefined || code === wantedCode;
      }),
    { timeoutMs: 60_000 },
  );

  await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
  await vscode.commands.executeCommand('notifications.clearAll');
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
  editor.selection = new vscode.Selection(diagnostic.range.start, diagnostic.range.start);
  editor.revealRange(diagnostic.range, vscode.TextEditorRevealType.InCenter);
  if (showHover) await vscode.commands.executeCommand('editor.action.showHover');
  if (showQuickFix) await vscode.commands.executeCommand('editor.action.quickFix');
  if (applyFix) {
    // Apply the preferred fix as Auto Fix would, then show where it wrote.
    const actions =
      (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, 'quickfix')) ??
      [];
    const preferred = actions.find((action) => action.isPreferred && action.edit);
    if (!preferred?.edit) throw new Error('screenshot driver: no preferred fix to apply');
    await vscode.workspace.applyEdit(preferred.edit);
    const [changedUri, edits] = preferred.edit.entries()[0];
    const shown = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(changedUri), { preview: false });
    const start = edits[0].range.start;
    const insertedLines = edits[0].newText.split('\n').length;
    const inserted = new vscode.Range(start, start.translate(insertedLines));
    shown.selection = new vscode.Selection(inserted.start, inserted.end);
    shown.revealRange(inserted, vscode.TextEditorRevealType.InCenter);
  }

  console.log(screenshotReadyLine);
  await waitFor('the harness to take the screenshot', () => fs.existsSync(doneFile), { timeoutMs: 60_000, intervalMs: 100 });
}
