// What a user sees while typing in a .tf file: the auto-closing results of real `type` commands (the path
// keystrokes take) and the semantic tokens and TextMate tokenizer VS Code has for the document. Shared by
// the editor suite (Private ECR Pull alone) and the coexistence suite (next to a HashiCorp stand-in).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { waitFor } from './waitFor';

/** Opens a scratch `.tf` file with `text` in an editor of the workspace; returns the editor and a clean-up. */
export async function openScratchTerraform(text: string): Promise<{ editor: vscode.TextEditor; dispose: () => Promise<void> }> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? os.tmpdir();
  const dir = fs.mkdtempSync(path.join(folder, 'typing-'));
  const file = path.join(dir, 'main.tf');
  fs.writeFileSync(file, text);
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  assert.equal(document.languageId, 'terraform');
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  return {
    editor,
    dispose: async () => {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Puts the cursor at (line, character) and types `keys` one character at a time, as a keyboard would. */
export async function typeAt(editor: vscode.TextEditor, line: number, character: number, keys: string): Promise<string> {
  const position = new vscode.Position(line, character);
  editor.selection = new vscode.Selection(position, position);
  for (const key of keys) await vscode.commands.executeCommand('type', { text: key });
  return editor.document.lineAt(line).text;
}

/** Waits until the line reads `expected` (typing may still be settling), then checks it. */
export async function assertLine(editor: vscode.TextEditor, line: number, expected: string): Promise<void> {
  await waitFor(`line ${line} to read ${JSON.stringify(expected)}`, () => editor.document.lineAt(line).text === expected || undefined, {
    timeoutMs: 5_000,
  }).catch(() => undefined);
  assert.equal(editor.document.lineAt(line).text, expected);
}

/** Auto-closing checks every set-up must pass: HashiCorp's language configuration. */
export async function assertHashicorpAutoClosing(): Promise<void> {
  const { editor, dispose } = await openScratchTerraform('locals {\n  a = \n  b = \n  c = \n  d = \n}\n');
  try {
    // "${ closes the brace because " is in autoCloseBefore.
    await typeAt(editor, 1, 6, '"${');
    await assertLine(editor, 1, '  a = "${}"');
    // The single-quote pair.
    await typeAt(editor, 2, 6, "'");
    await assertLine(editor, 2, "  b = ''");
    // Brackets.
    await typeAt(editor, 3, 6, '[(');
    await assertLine(editor, 3, '  c = [()]');
    await typeAt(editor, 4, 6, '{');
    await assertLine(editor, 4, '  d = {}');
  } finally {
    await dispose();
  }
}

/** One decoded semantic token. */
export interface DecodedToken {
  line: number;
  text: string;
  type: string;
}

/** The semantic tokens VS Code gets from the providers for a range of the document (empty when none answers). */
export async function semanticTokens(document: vscode.TextDocument, range: vscode.Range): Promise<DecodedToken[] | undefined> {
  const legend = await vscode.commands.executeCommand<vscode.SemanticTokensLegend | undefined>(
    'vscode.provideDocumentRangeSemanticTokensLegend',
    document.uri,
    range,
  );
  const tokens = await vscode.commands.executeCommand<vscode.SemanticTokens | undefined>(
    'vscode.provideDocumentRangeSemanticTokens',
    document.uri,
    range,
  );
  if (!legend || !tokens) return undefined;
  const decoded: DecodedToken[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < tokens.data.length; i += 5) {
    const [deltaLine, deltaStart, length, type] = tokens.data.slice(i, i + 4);
    line += deltaLine;
    character = deltaLine === 0 ? character + deltaStart : deltaStart;
    decoded.push({ line, text: document.lineAt(line).text.slice(character, character + length), type: legend.tokenTypes[type] });
  }
  return decoded;
}

/** Whether VS Code has a TextMate tokenizer for the document's language (the workbench's own probe). */
export async function hasTextMateTokenizer(document: vscode.TextDocument): Promise<boolean> {
  try {
    await vscode.commands.executeCommand('_workbench.colorizeTextMateTokens', document.uri);
    return true;
  } catch (error) {
    if (error instanceof Error && /Cannot resolve tokenizer/.test(error.message)) return false;
    throw error;
  }
}

let queryCount = 0;

/**
 * The text the window shows in the first element matching `selector`, read by the harness (run.mjs
 * answers `[harness-query]` lines); undefined when the runner cannot read the window (@vscode/test-electron).
 */
export async function windowText(selector: string): Promise<string | undefined> {
  const dir = process.env.PRIVATE_ECR_HARNESS_QUERY_DIR;
  if (!dir) return undefined;
  const id = `q${process.pid}-${++queryCount}`;
  console.log(`[harness-query] ${id} ${selector}`);
  const answer = path.join(dir, id);
  await waitFor(`the harness to read ${selector}`, () => fs.existsSync(answer) || fs.existsSync(`${answer}.error`), {
    timeoutMs: 30_000,
    intervalMs: 100,
  });
  if (fs.existsSync(`${answer}.error`))
    throw new Error(`the harness could not read ${selector}: ${fs.readFileSync(`${answer}.error`, 'utf8')}`);
  return fs.readFileSync(answer, 'utf8');
}

/** The TextMate scopes VS Code shows for the token at (line, character) ("Inspect Editor Tokens and Scopes"). */
export async function textMateScopesAt(editor: vscode.TextEditor, line: number, character: number): Promise<string | undefined> {
  const position = new vscode.Position(line, character);
  editor.selection = new vscode.Selection(position, position);
  await vscode.commands.executeCommand('editor.action.inspectTMScopes');
  // The command toggles the widget: running it again closes it.
  const text = await windowText('.token-inspect-widget .tm-metadata-table, .token-inspect-widget');
  await vscode.commands.executeCommand('editor.action.inspectTMScopes');
  return text;
}
