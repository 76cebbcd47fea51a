import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnosticCode, diagnosticSource, workspaceFile } from '../../support/extension';
import { waitFor } from '../../support/waitFor';

describe('diagnostics', () => {
  it('flags a Fargate service in private subnets whose VPC has no ecr.dkr endpoint', async () => {
    const mainTf = workspaceFile('fargate-missing-ecr-dkr', 'main.tf');
    const document = await vscode.workspace.openTextDocument(mainTf);
    await vscode.window.showTextDocument(document);

    const missingDkr = await waitFor('a private-ecr diagnostic with code ecr-dkr-endpoint on main.tf', () =>
      vscode.languages
        .getDiagnostics(mainTf)
        .find((diagnostic) => diagnostic.source === diagnosticSource && diagnosticCode(diagnostic) === 'ecr-dkr-endpoint'),
    );

    assert.equal(missingDkr.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(missingDkr.range.end.line < document.lineCount, 'the diagnostic range lies outside main.tf');
    assert.ok(!missingDkr.range.isEmpty, 'the diagnostic range is empty, so no squiggle would show');
  });
});
