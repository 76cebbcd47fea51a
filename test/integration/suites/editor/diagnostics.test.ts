import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { diagnosticCode, getExtensionUnderTest } from '../../support/extension';
import { waitFor } from '../../support/waitFor';
import { open, ours, removeScratch, scratchCopy, scratchFiles, waitForDiagnostic, waitForNoDiagnostic, workspaceRoot } from './helpers';

const repo = path.resolve(__dirname, '..', '..', '..', '..');

describe('diagnostics in the editor', () => {
  it('shows each finding with source, code linking to its documentation, exact range and related information', async () => {
    const ecs = vscode.Uri.file(path.join(workspaceRoot(), 'broken', 'ecs.tf'));
    await open(ecs.fsPath);
    const dkr = await waitForDiagnostic(ecs, 'ecr-dkr-endpoint');
    assert.equal(dkr.severity, vscode.DiagnosticSeverity.Error);
    const code = dkr.code as { value: string; target: vscode.Uri };
    assert.equal(code.value, 'ecr-dkr-endpoint');
    assert.match(code.target.toString(), /docs\/rules\.md#ecr-dkr-endpoint$/);
    // The service header `resource "aws_ecs_service" "app"` on line 65 (0-based 64), as the CLI reports it.
    assert.deepEqual([dkr.range.start.line, dkr.range.start.character, dkr.range.end.line, dkr.range.end.character], [64, 0, 64, 32]);
    assert.ok(
      (dkr.relatedInformation ?? []).some((r) => /task subnet/.test(r.message)),
      'related information names the task subnets',
    );
    const endpoints = vscode.Uri.file(path.join(workspaceRoot(), 'broken', 'endpoints.tf'));
    await open(endpoints.fsPath);
    await waitForDiagnostic(endpoints, 'endpoint-sg-ingress');
  });

  it('re-checks unsaved text on edit, and clears a file closed in openFiles scope', async () => {
    const dir = scratchCopy(path.join(repo, 'test', 'fixtures', 'rules', 'ecr-dkr-endpoint', 'invalid', 'missing-literal'));
    try {
      const main = vscode.Uri.file(path.join(dir, 'main.tf'));
      const document = await open(main.fsPath);
      const diagnostic = await waitForDiagnostic(main, 'ecr-dkr-endpoint');
      // Type the missing endpoint (unsaved): the finding goes away from the editor's text alone.
      const fix = (
        await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', main, diagnostic.range)
      ).find((a) => a.title === 'Add ECR DKR endpoint');
      assert.ok(fix?.edit, 'Add ECR DKR endpoint is offered');
      await vscode.workspace.applyEdit(fix.edit);
      assert.ok(document.isDirty, 'the edit is not saved yet');
      await waitForNoDiagnostic(main, 'ecr-dkr-endpoint');
      // Undo (still unsaved): the finding comes back.
      await vscode.commands.executeCommand('undo');
      await waitForDiagnostic(main, 'ecr-dkr-endpoint');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await waitFor('diagnostics of the closed file to be cleared', () => ours(main).length === 0 || undefined);
    } finally {
      await removeScratch(dir);
    }
  });

  it('re-checks a module when another of its files is created on disk', async () => {
    const dir = scratchCopy(path.join(repo, 'test', 'fixtures', 'rules', 'ecr-dkr-endpoint', 'invalid', 'missing-literal'));
    try {
      const main = vscode.Uri.file(path.join(dir, 'main.tf'));
      await open(main.fsPath);
      await waitForDiagnostic(main, 'ecr-dkr-endpoint');
      const text = fs.readFileSync(path.join(dir, 'main.tf'), 'utf8');
      const region = /com\.amazonaws\.(\$\{[^}]+\}|[a-z0-9-]+)\.ecr\.api/.exec(text)?.[1] ?? 'eu-west-1';
      const api = /resource "aws_vpc_endpoint" "(\w+)" \{[^}]*ecr\.api/.exec(text)?.[1];
      assert.ok(api, 'the fixture has an ecr.api endpoint to copy the wiring from');
      fs.writeFileSync(
        path.join(dir, 'dkr.tf'),
        `resource "aws_vpc_endpoint" "ecr_dkr_added" {\n  vpc_id              = aws_vpc_endpoint.${api}.vpc_id\n  service_name        = "com.amazonaws.${region}.ecr.dkr"\n  vpc_endpoint_type   = "Interface"\n  subnet_ids          = aws_vpc_endpoint.${api}.subnet_ids\n  security_group_ids  = aws_vpc_endpoint.${api}.security_group_ids\n  private_dns_enabled = true\n}\n`,
      );
      await waitForNoDiagnostic(main, 'ecr-dkr-endpoint');
    } finally {
      await removeScratch(dir);
    }
  });

  it('analyses a 10 MB file in the worker thread, not in the extension host, and still reports on it', async () => {
    const base = fs.readFileSync(path.join(repo, 'examples', 'article-broken', 'ecs.tf'), 'utf8');
    const padding: string[] = [];
    let size = base.length;
    for (let i = 0; size < 10 * 1024 * 1024; i++) {
      const block = `\nresource "aws_cloudwatch_log_group" "padding_${i}" {\n  name              = "/ecs/padding-${i}"\n  retention_in_days = 7\n}\n`;
      padding.push(block);
      size += block.length;
    }
    const dir = scratchFiles({
      'network.tf': fs.readFileSync(path.join(repo, 'examples', 'article-broken', 'network.tf'), 'utf8'),
      'ecs.tf': base + padding.join(''),
    });
    try {
      const ecs = vscode.Uri.file(path.join(dir, 'ecs.tf'));
      const document = await open(ecs.fsPath);
      await waitForDiagnostic(ecs, 'ecr-dkr-endpoint');
      // Typing in the big file: the edit lands, and the re-analysis still reports.
      const editor = vscode.window.activeTextEditor!;
      await editor.edit((builder) => builder.insert(new vscode.Position(document.lineCount - 1, 0), '# edited\n'));
      await waitFor('re-analysis of the edited 10 MB file', () => ours(ecs, 'ecr-dkr-endpoint').length > 0 || undefined);
      const api = getExtensionUnderTest().exports as { analysisThread(): string };
      assert.equal(api.analysisThread(), 'worker');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } finally {
      await removeScratch(dir);
    }
  });

  it('words syntax errors as Terraform does, from hcl2json started once in the analysis worker', async () => {
    const dir = scratchFiles({ 'a.tf': 'locals {\n  a = 1 +\n}\n', 'b.tf': 'locals {\n  b = [1, 2\n}\n' });
    try {
      const api = getExtensionUnderTest().exports as { hcl2jsonStarts(): number; analysisIdle(): Promise<void> };
      const a = vscode.Uri.file(path.join(dir, 'a.tf'));
      const b = vscode.Uri.file(path.join(dir, 'b.tf'));
      await open(a.fsPath);
      await open(b.fsPath);
      const worded = (uri: vscode.Uri) => ours(uri, 'hcl-syntax').some((d) => /\(Terraform, line \d+/.test(d.message)) || undefined;
      await waitFor("Terraform's wording on a.tf", () => worded(a));
      await waitFor("Terraform's wording on b.tf", () => worded(b));
      // Another syntax error typed into a.tf: worded again, by the same hcl2json.
      const editor =
        vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === a.fsPath) ??
        (await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(a)));
      await editor.edit((builder) => builder.insert(new vscode.Position(0, 0), 'variable "v" {\n  default = (\n}\n'));
      await waitFor("Terraform's wording on the edited a.tf", () =>
        ours(a, 'hcl-syntax').some((d) => d.range.start.line <= 2 && /\(Terraform, line/.test(d.message)) ? true : undefined,
      );
      await api.analysisIdle();
      assert.equal(api.hcl2jsonStarts(), 1);
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await removeScratch(dir);
    }
  });

  it('lists problems of files that are not open when privateEcr.scope is "workspace"', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const network = vscode.Uri.file(path.join(workspaceRoot(), 'broken', 'network.tf'));
    await waitFor('problems of closed files to be cleared in openFiles scope', () => ours(network).length === 0 || undefined);
    const config = vscode.workspace.getConfiguration('privateEcr');
    try {
      await config.update('scope', 'workspace', vscode.ConfigurationTarget.Workspace);
      await waitForDiagnostic(network, 'vpc-dns-attributes');
    } finally {
      await config.update('scope', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor('problems of closed files to be cleared again', () => ours(network).length === 0 || undefined);
  });

  it('applies per-rule severity and off from settings', async () => {
    const ecs = vscode.Uri.file(path.join(workspaceRoot(), 'broken', 'ecs.tf'));
    await open(ecs.fsPath);
    await waitForDiagnostic(ecs, 'ecr-dkr-endpoint');
    const config = vscode.workspace.getConfiguration('privateEcr');
    try {
      await config.update('rules', { 'ecr-dkr-endpoint': 'warning', 'logs-endpoint': 'off' }, vscode.ConfigurationTarget.Workspace);
      await waitFor(
        'ecr-dkr-endpoint as a warning',
        () => ours(ecs, 'ecr-dkr-endpoint')[0]?.severity === vscode.DiagnosticSeverity.Warning || undefined,
      );
      await waitForNoDiagnostic(ecs, 'logs-endpoint');
    } finally {
      await config.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor(
      'ecr-dkr-endpoint back to an error',
      () => ours(ecs, 'ecr-dkr-endpoint')[0]?.severity === vscode.DiagnosticSeverity.Error || undefined,
    );
    assert.ok(ours(ecs, 'logs-endpoint').length > 0);
    assert.ok(ours(ecs).every((d) => diagnosticCode(d) !== undefined));
  });
});
