// Facts about the extension under test, shared by the suites.
import * as path from 'node:path';
import * as vscode from 'vscode';
import manifest from '../../../package.json';

/** `publisher.name` from package.json: the id VS Code knows the extension by. */
export const extensionId = `${manifest.publisher}.${manifest.name}`;

/** The diagnostic `source` of every finding the extension publishes. */
export const diagnosticSource = 'private-ecr';

/**
 * How the runner loaded the extension: `development` (the repository folder) or `vsix` (the packaged file
 * installed into a fresh extensions folder). Set by test/harness/run.mjs and run-electron.mjs.
 */
export const testMode: 'development' | 'vsix' = process.env.PRIVATE_ECR_TEST_MODE === 'vsix' ? 'vsix' : 'development';

/** The extensions folder a vsix run installed into, when the runner says so. */
export const installedExtensionsDir = process.env.PRIVATE_ECR_TEST_EXTENSIONS_DIR;

/** The extension under test; fails with a clear message when VS Code does not know it. */
export function getExtensionUnderTest(): vscode.Extension<unknown> {
  const extension = vscode.extensions.getExtension(extensionId);
  if (!extension) {
    const known = vscode.extensions.all.map((candidate) => candidate.id).filter((id) => !id.startsWith('vscode.'));
    throw new Error(`Extension ${extensionId} is not loaded (non-built-in extensions: ${known.join(', ') || 'none'})`);
  }
  return extension;
}

/** The absolute path of a file in the opened workspace folder. */
export function workspaceFile(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('The integration test runner opened no workspace folder');
  return vscode.Uri.file(path.join(folder.uri.fsPath, ...segments));
}

/** The `code` of a diagnostic as a string, whether it is set as a plain value or as `{ value, target }`. */
export function diagnosticCode(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}
