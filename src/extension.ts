// TEMPORARY stand-in written by the packaging helper so the build and the VS Code harness can run
// before the real extension lands. The lead replaces this file; nothing else depends on its insides.
import * as vscode from 'vscode';
import { parse } from '@cdktf/hcl2json';

/** Diagnostics of `.tf` files, source `private-ecr`. */
let diagnostics: vscode.DiagnosticCollection | undefined;

/** Crude stand-in check: an ECS service with endpoints in the file but none for ecr.dkr. */
async function checkDocument(document: vscode.TextDocument): Promise<void> {
  if (!diagnostics || !document.fileName.endsWith('.tf')) return;
  const text = document.getText();
  let resources: Record<string, unknown> = {};
  try {
    resources = ((await parse(document.fileName, text)) as { resource?: Record<string, unknown> }).resource ?? {};
  } catch {
    diagnostics.set(document.uri, []);
    return;
  }
  const hasService = 'aws_ecs_service' in resources;
  const hasDkr = /service_name\s*=\s*".*ecr\.dkr/.test(text);
  const found: vscode.Diagnostic[] = [];
  if (hasService && !hasDkr) {
    const line = Math.max(0, text.split('\n').findIndex((l) => l.includes('"aws_ecs_service"')));
    const diagnostic = new vscode.Diagnostic(
      new vscode.Range(line, 0, line, document.lineAt(line).text.length),
      'No ecr.dkr interface endpoint in the VPC of this service (temporary check).',
      vscode.DiagnosticSeverity.Error,
    );
    diagnostic.source = 'private-ecr';
    diagnostic.code = 'ecr-dkr-endpoint';
    found.push(diagnostic);
  }
  diagnostics.set(document.uri, found);
}

/** Entry point called by VS Code. */
export function activate(context: vscode.ExtensionContext): void {
  diagnostics = vscode.languages.createDiagnosticCollection('private-ecr');
  context.subscriptions.push(
    diagnostics,
    vscode.commands.registerCommand('privateEcr.verifyAccess', () =>
      vscode.window.showInformationMessage('Private ECR: live check not built yet (temporary extension).'),
    ),
    vscode.workspace.onDidOpenTextDocument((document) => void checkDocument(document)),
    vscode.workspace.onDidChangeTextDocument((event) => void checkDocument(event.document)),
  );
  for (const document of vscode.workspace.textDocuments) void checkDocument(document);
}

/** Nothing to release beyond the subscriptions. */
export function deactivate(): void {}
