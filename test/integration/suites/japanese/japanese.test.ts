import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnosticCode, diagnosticSource, getExtensionUnderTest, workspaceFile } from '../../support/extension';
import { waitFor } from '../../support/waitFor';

// The harness starts this suite with code-server's `--locale ja` (see harness.json): everything the
// extension shows must come out in Japanese — the manifest (package.nls.ja.json), the runtime strings
// (l10n/bundle.l10n.ja.json) and the findings (the core's Japanese catalog, chosen by vscode.env.language).
describe('Japanese display language', () => {
  it('runs with the display language ja', () => {
    assert.equal(vscode.env.language, 'ja');
  });

  it('shows the command titles from package.nls.ja.json', () => {
    const commands = (
      getExtensionUnderTest().packageJSON as { contributes: { commands: Array<{ command: string; title: string | { value: string } }> } }
    ).contributes.commands;
    const verify = commands.find((c) => c.command === 'privateEcr.verifyAccess')!;
    const title = typeof verify.title === 'string' ? verify.title : verify.title.value;
    assert.equal(title, 'Private ECRへのアクセスを検証');
  });

  it('reports the missing ecr.dkr endpoint in Japanese, linked to the Japanese rule page, with Japanese quick fixes', async () => {
    const mainTf = workspaceFile('fargate-missing-ecr-dkr', 'main.tf');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(mainTf));
    const diagnostic = await waitFor('a private-ecr diagnostic with code ecr-dkr-endpoint on main.tf', () =>
      vscode.languages.getDiagnostics(mainTf).find((d) => d.source === diagnosticSource && diagnosticCode(d) === 'ecr-dkr-endpoint'),
    );
    assert.match(diagnostic.message, /^aws_ecs_service\.\S+ 用の ecr\.dkr エンドポイントがありません。/);
    assert.ok(
      diagnostic.message.includes('"dial tcp <public ip>:443: i/o timeout"'),
      `the ECS error text must stay in English: ${diagnostic.message}`,
    );
    const target = typeof diagnostic.code === 'object' ? diagnostic.code.target.toString() : '';
    assert.match(target, /\/docs\/ja\/rules\/ecr-dkr-endpoint\.md$/);
    for (const related of diagnostic.relatedInformation ?? []) assert.match(related.message, /^タスクのサブネット /);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      mainTf,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('ECR DKRエンドポイントを追加'), `quick fixes: ${titles.join(' | ')}`);
    assert.ok(titles.includes('ecr-dkr-endpoint のドキュメントを表示'), `quick fixes: ${titles.join(' | ')}`);
    assert.ok(titles.includes('このブロックで ecr-dkr-endpoint を無視'), `quick fixes: ${titles.join(' | ')}`);
  });
});
