// Helpers of the editor suite: scratch module folders in the workspace, diagnostics of our source, and
// applying code actions the way the lightbulb does.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { diagnosticCode, diagnosticSource } from '../../support/extension';
import { waitFor } from '../../support/waitFor';

let scratchCount = 0;

/** The workspace folder's path. */
export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder');
  return folder.uri.fsPath;
}

/** Copies a folder (without expected.json and fixed/) into a new scratch folder of the workspace. */
export function scratchCopy(source: string): string {
  const target = path.join(workspaceRoot(), `scratch-${process.pid}-${++scratchCount}`);
  fs.cpSync(source, target, { recursive: true, filter: (src) => !/[\\/](expected\.json|fixed)$/.test(src) });
  return target;
}

/** Writes files into a new scratch folder. */
export function scratchFiles(files: Record<string, string>): string {
  const target = path.join(workspaceRoot(), `scratch-${process.pid}-${++scratchCount}`);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(target, rel)), { recursive: true });
    fs.writeFileSync(path.join(target, rel), text);
  }
  return target;
}

/** Closes editors and removes a scratch folder. */
export async function removeScratch(dir: string): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Our diagnostics of a file. */
export function ours(uri: vscode.Uri, ruleId?: string): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === diagnosticSource && (ruleId === undefined || diagnosticCode(d) === ruleId));
}

/** Opens a file in an editor. */
export async function open(file: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(document, { preview: false });
  return document;
}

/** Waits for at least one diagnostic of a rule on a file. */
export function waitForDiagnostic(uri: vscode.Uri, ruleId: string): Promise<vscode.Diagnostic> {
  return waitFor(`a ${ruleId} diagnostic on ${path.basename(uri.fsPath)}`, () => ours(uri, ruleId)[0]);
}

/** Waits until a file has no diagnostic of a rule. */
export function waitForNoDiagnostic(uri: vscode.Uri, ruleId: string): Promise<true> {
  return waitFor(`no ${ruleId} diagnostic on ${path.basename(uri.fsPath)}`, () => ours(uri, ruleId).length === 0 || undefined);
}

/** The code actions VS Code offers at a diagnostic. */
export async function actionsAt(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  // Resolve up to 100 actions, as choosing one in the menu would (some compute their edit only then).
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind, 100)) ?? [];
}

/** Applies a code action's edit and saves every changed file. */
export async function applyAndSave(action: vscode.CodeAction): Promise<void> {
  if (!action.edit) throw new Error(`code action "${action.title}" has no edit`);
  const dirtyBefore = new Set(vscode.workspace.textDocuments.filter((d) => d.isDirty).map((d) => d.uri.toString()));
  const ok = await vscode.workspace.applyEdit(action.edit);
  if (!ok) throw new Error(`workspace.applyEdit refused "${action.title}"`);
  // Save every file the edit touched, including ones it opened in the background. `entries()`,
  // `size` and `has()` leave out snippet edits (the ignore comment's tab stop): the documents the
  // edit made dirty count too.
  const touched = new Map(action.edit.entries().map(([uri]) => [uri.toString(), uri]));
  for (const document of vscode.workspace.textDocuments)
    if (document.isDirty && !dirtyBefore.has(document.uri.toString())) touched.set(document.uri.toString(), document.uri);
  for (const uri of touched.values()) {
    const document = await vscode.workspace.openTextDocument(uri);
    if (document.isDirty && !(await document.save())) throw new Error(`could not save ${uri.fsPath}`);
  }
}
