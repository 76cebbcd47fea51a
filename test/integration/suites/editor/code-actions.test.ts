import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { getExtensionUnderTest } from '../../support/extension';
import {
  actionsAt,
  applyAndSave,
  open,
  ours,
  removeScratch,
  scratchCopy,
  scratchFiles,
  waitForDiagnostic,
  waitForNoDiagnostic,
} from './helpers';

const repo = path.resolve(__dirname, '..', '..', '..', '..');
const fixturesRoot = path.join(repo, 'test', 'fixtures', 'rules');

interface Expected {
  findings: Array<{ ruleId: string; file: string }>;
}

/** Waits for the extension to finish every scheduled analysis. */
async function settled(): Promise<void> {
  const api = getExtensionUnderTest().exports as { analysisIdle(): Promise<void> };
  await new Promise((resolve) => setTimeout(resolve, 50));
  await api.analysisIdle();
}

/** For each fixable rule: its invalid fixture with a fixed/ output and the fewest findings. */
function fixCases(): Array<{ ruleId: string; dir: string; files: string[] }> {
  const out: Array<{ ruleId: string; dir: string; files: string[]; count: number }> = [];
  for (const ruleId of fs.readdirSync(fixturesRoot).sort()) {
    const invalid = path.join(fixturesRoot, ruleId, 'invalid');
    if (!fs.existsSync(invalid)) continue;
    let best: { ruleId: string; dir: string; files: string[]; count: number } | undefined;
    for (const name of fs.readdirSync(invalid).sort()) {
      const dir = path.join(invalid, name);
      if (!fs.existsSync(path.join(dir, 'fixed'))) continue;
      const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Expected;
      const files = [...new Set(expected.findings.map((f) => f.file))];
      if (!best || expected.findings.length < best.count) best = { ruleId, dir, files, count: expected.findings.length };
    }
    if (best) out.push(best);
  }
  return out;
}

function fmtClean(text: string): boolean {
  return execFileSync('terraform', ['fmt', '-'], { input: text, encoding: 'utf8', stdio: ['pipe', 'pipe', 'ignore'] }) === text;
}

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('quick fixes', () => {
  for (const fixture of fixCases()) {
    it(`${fixture.ruleId}: the preferred quick fix removes the finding, keeps every other byte and is fmt-clean (${path.basename(fixture.dir)})`, async () => {
      const dir = scratchCopy(fixture.dir);
      try {
        const uris = fixture.files.map((f) => vscode.Uri.file(path.join(dir, f)));
        for (const uri of uris) await open(uri.fsPath);
        await waitForDiagnostic(uris[0], fixture.ruleId);
        for (let round = 0; round < 10; round++) {
          await settled();
          const target = uris.map((uri) => ({ uri, diagnostic: ours(uri, fixture.ruleId)[0] })).find((t) => t.diagnostic);
          if (!target) break;
          const actions = await actionsAt(target.uri, target.diagnostic!.range, vscode.CodeActionKind.QuickFix.value);
          // executeCodeActionProvider returns the actions without their diagnostics; ours are the ones with an edit, marked preferred.
          const preferred = actions.find((a) => a.isPreferred && a.edit && !a.title.startsWith('Ignore '));
          const described = actions.map((a) => `${a.title}${a.isPreferred ? ' (preferred)' : ''}`);
          assert.ok(preferred, `no preferred fix among: ${described.join(', ')}`);
          await applyAndSave(preferred);
        }
        for (const uri of uris) await waitForNoDiagnostic(uri, fixture.ruleId);
        for (const expectedFile of walk(path.join(fixture.dir, 'fixed'))) {
          const rel = path.relative(path.join(fixture.dir, 'fixed'), expectedFile);
          const got = fs.readFileSync(path.join(dir, rel), 'utf8');
          assert.equal(got, fs.readFileSync(expectedFile, 'utf8'), `${rel} after the quick fixes`);
          if (rel.endsWith('.tf') && fmtClean(fs.readFileSync(path.join(fixture.dir, rel), 'utf8')))
            assert.ok(fmtClean(got), `${rel} is not terraform fmt clean`);
        }
      } finally {
        await removeScratch(dir);
      }
    });
  }

  it('offers "Ignore <rule> for this block" and "Show documentation", and the ignore comment silences the rule', async () => {
    const dir = scratchCopy(path.join(fixturesRoot, 'ecr-dkr-endpoint', 'invalid', 'missing-literal'));
    try {
      const main = vscode.Uri.file(path.join(dir, 'main.tf'));
      await open(main.fsPath);
      const diagnostic = await waitForDiagnostic(main, 'ecr-dkr-endpoint');
      const actions = await actionsAt(main, diagnostic.range);
      assert.ok(actions.some((a) => a.title === 'Show documentation for ecr-dkr-endpoint' && a.command !== undefined));
      const ignore = actions.find((a) => a.title === 'Ignore ecr-dkr-endpoint for this block');
      assert.ok(ignore);
      await applyAndSave(ignore);
      await waitForNoDiagnostic(main, 'ecr-dkr-endpoint');
      assert.match(fs.readFileSync(main.fsPath, 'utf8'), /^# private-ecr:ignore ecr-dkr-endpoint .+\nresource "aws_ecs_service"/m);
    } finally {
      await removeScratch(dir);
    }
  });

  it('fixes everything fixable in a file with source.fixAll.privateEcr', async () => {
    const dir = scratchCopy(path.join(repo, 'examples', 'article-broken'));
    try {
      const ecs = vscode.Uri.file(path.join(dir, 'ecs.tf'));
      const document = await open(ecs.fsPath);
      await waitForDiagnostic(ecs, 'ecr-dkr-endpoint');
      await settled();
      const all = await actionsAt(ecs, new vscode.Range(0, 0, document.lineCount, 0), 'source.fixAll.privateEcr');
      const fixAll = all.find((a) => a.kind?.value === 'source.fixAll.privateEcr');
      assert.ok(fixAll, `fix-all not offered: ${all.map((a) => a.title).join(', ')}`);
      await applyAndSave(fixAll);
      for (const ruleId of ['ecr-dkr-endpoint', 'logs-endpoint', 'secrets-endpoints', 'exec-ssmmessages-endpoint', 'task-sg-egress'])
        await waitForNoDiagnostic(ecs, ruleId);
    } finally {
      await removeScratch(dir);
    }
  });

  it('adds the whole missing endpoint set from the aws_ecs_service block', async () => {
    const source = fs.readFileSync(path.join(repo, 'examples', 'article-broken', 'network.tf'), 'utf8');
    const ecsText = fs.readFileSync(path.join(repo, 'examples', 'article-broken', 'ecs.tf'), 'utf8');
    const dir = scratchFiles({
      'network.tf': source.replace('cidr_block = "10.20.0.0/16"', 'cidr_block           = "10.20.0.0/16"\n  enable_dns_hostnames = true'),
      'ecs.tf': ecsText,
    });
    try {
      const ecs = vscode.Uri.file(path.join(dir, 'ecs.tf'));
      const document = await open(ecs.fsPath);
      await waitForDiagnostic(ecs, 'ecr-dkr-endpoint');
      await settled();
      const line = document
        .getText()
        .split('\n')
        .findIndex((l) => l.startsWith('resource "aws_ecs_service"'));
      const actions = await actionsAt(ecs, new vscode.Range(line + 2, 4, line + 2, 4));
      const addAll = actions.find((a) => a.title === 'Add private ECR endpoints for this service');
      assert.ok(addAll, `not offered: ${actions.map((a) => a.title).join(', ')}`);
      await applyAndSave(addAll);
      for (const ruleId of [
        'ecr-dkr-endpoint',
        'ecr-api-endpoint',
        's3-gateway-endpoint',
        'logs-endpoint',
        'secrets-endpoints',
        'exec-ssmmessages-endpoint',
      ])
        await waitForNoDiagnostic(ecs, ruleId);
      const text = fs.readFileSync(ecs.fsPath, 'utf8');
      assert.ok(text.startsWith(ecsText), 'everything the user wrote stays in place');
      assert.ok(fmtClean(text), 'the inserted resources are terraform fmt clean');
    } finally {
      await removeScratch(dir);
    }
  });
});

describe('quick-fix menu', () => {
  it('lists the fixes under the cursor, then Fix all, then Add endpoints for the service, then ignore and docs for the diagnostic under the cursor', async () => {
    const dir = scratchCopy(path.join(repo, 'examples', 'article-broken'));
    try {
      const ecs = vscode.Uri.file(path.join(dir, 'ecs.tf'));
      const document = await open(ecs.fsPath);
      const diagnostic = await waitForDiagnostic(ecs, 'ecr-dkr-endpoint');
      await settled();
      const cursor = diagnostic.range.start;
      const serviceLine = document
        .getText()
        .split('\n')
        .findIndex((l) => l.startsWith('resource "aws_ecs_service"'));
      assert.ok(cursor.line >= serviceLine, 'the finding is expected inside the aws_ecs_service block');
      const titles = (await actionsAt(ecs, new vscode.Range(cursor, cursor))).map((a) => a.title);
      const underCursor = [
        ...new Set(
          ours(ecs)
            .filter((d) => d.range.contains(cursor))
            .map((d) => String(typeof d.code === 'object' ? d.code.value : d.code)),
        ),
      ];
      const fixAll = titles.indexOf('Fix all Private ECR problems in this file');
      const service = titles.indexOf('Add private ECR endpoints for this service');
      const firstIgnoreOrDocs = titles.findIndex((t) => t.startsWith('Ignore ') || t.startsWith('Show documentation for '));
      const described = titles.join(' | ');
      assert.ok(fixAll > 0, `no Fix all after the fixes: ${described}`);
      assert.ok(
        titles.slice(0, fixAll).includes('Add ECR DKR endpoint') || titles.slice(0, fixAll).some((t) => /ECR DKR/i.test(t)),
        `the ECR DKR fix is not first: ${described}`,
      );
      assert.ok(service > fixAll, `Add endpoints for the service is not after Fix all: ${described}`);
      assert.ok(firstIgnoreOrDocs > service, `ignore/docs entries come before the service action: ${described}`);
      assert.ok(
        titles.slice(0, fixAll).every((t) => !t.startsWith('Ignore ') && !t.startsWith('Show documentation')),
        described,
      );
      // Ignore and documentation only for the rules whose diagnostics contain the cursor.
      const ignored = titles
        .filter((t) => t.startsWith('Ignore ') && t.endsWith(' for this block'))
        .map((t) => t.slice('Ignore '.length, -' for this block'.length));
      const documented = titles
        .filter((t) => t.startsWith('Show documentation for '))
        .map((t) => t.slice('Show documentation for '.length));
      assert.deepEqual(ignored.sort(), [...underCursor].sort(), described);
      assert.deepEqual(documented.sort(), [...underCursor].sort(), described);
    } finally {
      await removeScratch(dir);
    }
  });

  it('"Show documentation" opens the rule page shipped with the extension in a Markdown preview (offline)', async () => {
    const dir = scratchCopy(path.join(fixturesRoot, 'ecr-dkr-endpoint', 'invalid', 'missing-literal'));
    try {
      const main = vscode.Uri.file(path.join(dir, 'main.tf'));
      await open(main.fsPath);
      const diagnostic = await waitForDiagnostic(main, 'ecr-dkr-endpoint');
      const docs = (await actionsAt(main, diagnostic.range)).find((a) => a.title === 'Show documentation for ecr-dkr-endpoint');
      assert.ok(docs?.command);
      const opened = await vscode.commands.executeCommand<vscode.Uri>(docs.command.command, ...(docs.command.arguments ?? []));
      const extensionPath = fs.realpathSync(getExtensionUnderTest().extensionPath);
      assert.equal(opened.scheme, 'file');
      assert.equal(fs.realpathSync(opened.fsPath), path.join(extensionPath, 'docs', 'rules', 'ecr-dkr-endpoint.md'));
      const preview = () =>
        vscode.window.tabGroups.all
          .flatMap((group) => group.tabs)
          .find((tab) => tab.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(tab.input.viewType));
      const deadline = Date.now() + 20_000;
      while (!preview() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      assert.ok(
        preview(),
        `no Markdown preview tab: ${vscode.window.tabGroups.all
          .flatMap((g) => g.tabs)
          .map((t) => t.label)
          .join(', ')}`,
      );
    } finally {
      await removeScratch(dir);
    }
  });

  it('the inserted ignore comment has a tab stop on its reason', async () => {
    const dir = scratchCopy(path.join(fixturesRoot, 'ecr-dkr-endpoint', 'invalid', 'missing-literal'));
    try {
      const main = vscode.Uri.file(path.join(dir, 'main.tf'));
      await open(main.fsPath);
      const diagnostic = await waitForDiagnostic(main, 'ecr-dkr-endpoint');
      const ignore = (await actionsAt(main, diagnostic.range)).find((a) => a.title === 'Ignore ecr-dkr-endpoint for this block');
      assert.ok(ignore?.edit);
      assert.ok(await vscode.workspace.applyEdit(ignore.edit));
      const editor = vscode.window.activeTextEditor!;
      assert.equal(editor.document.uri.fsPath, main.fsPath);
      // The reason placeholder is selected, so typing replaces it.
      assert.equal(editor.document.getText(editor.selection), 'TODO: say why this is fine');
      await vscode.commands.executeCommand('type', { text: 'endpoints live in the shared network account' });
      await vscode.commands.executeCommand('leaveSnippet');
      assert.match(
        editor.document.getText(),
        /^# private-ecr:ignore ecr-dkr-endpoint endpoints live in the shared network account\nresource "aws_ecs_service"/m,
      );
      await editor.document.save();
      await waitForNoDiagnostic(main, 'ecr-dkr-endpoint');
    } finally {
      await removeScratch(dir);
    }
  });
});
