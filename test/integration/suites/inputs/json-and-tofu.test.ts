import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { getExtensionUnderTest } from '../../support/extension';
import { waitFor } from '../../support/waitFor';
import { actionsAt, applyAndSave, open, ours, removeScratch, scratchCopy, waitForDiagnostic, waitForNoDiagnostic } from '../editor/helpers';

const repo = path.resolve(__dirname, '..', '..', '..', '..');
const fixtures = path.join(repo, 'test', 'fixtures', 'rules');

async function settled(): Promise<void> {
  const api = getExtensionUnderTest().exports as { analysisIdle(): Promise<void> };
  await new Promise((resolve) => setTimeout(resolve, 50));
  await api.analysisIdle();
}

/** Opens `file` of a scratch copy of a fixture, checks the diagnostic's range, applies the preferred fix and compares with fixed/. */
async function diagnoseAndFix(
  fixture: string,
  file: string,
  ruleId: string,
  range: [number, number, number, number],
): Promise<vscode.CodeAction[]> {
  const source = path.join(fixtures, fixture);
  const dir = scratchCopy(source);
  try {
    const uri = vscode.Uri.file(path.join(dir, file));
    await open(uri.fsPath);
    const diagnostic = await waitForDiagnostic(uri, ruleId);
    const r = diagnostic.range;
    assert.deepEqual([r.start.line, r.start.character, r.end.line, r.end.character], range);
    // Creating the scratch folder sends file events that re-check the module; the fix is offered
    // for the current analysis, so ask again until it has settled (as the lightbulb would).
    let actions: vscode.CodeAction[] = [];
    const preferred = await waitFor(`a preferred quick fix for ${ruleId}`, async () => {
      await settled();
      const current = ours(uri, ruleId)[0];
      if (!current) return undefined;
      actions = await actionsAt(uri, current.range, vscode.CodeActionKind.QuickFix.value);
      return actions.find((a) => a.isPreferred && a.edit && !a.title.startsWith('Ignore '));
    }).catch((error: Error) => assert.fail(`${error.message}; offered: ${actions.map((a) => a.title).join(', ')}`));
    await applyAndSave(preferred);
    await waitForNoDiagnostic(uri, ruleId);
    assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), fs.readFileSync(path.join(source, 'fixed', file), 'utf8'));
    return actions;
  } finally {
    await removeScratch(dir);
  }
}

describe('Terraform JSON and OpenTofu files in the editor', () => {
  it('activates in a workspace that holds only Terraform JSON', async () => {
    await waitFor('the extension to activate', () => getExtensionUnderTest().isActive || undefined);
  });

  it('a .tf.json file gets the diagnostic at the JSON value and a fix that keeps it valid JSON', async () => {
    const actions = await diagnoseAndFix(
      'endpoint-private-dns/invalid/json-only-module',
      'main.tf.json',
      'endpoint-private-dns',
      [149, 31, 149, 36],
    );
    // JSON has no comments: no "Ignore" action that would write one into it.
    assert.ok(!actions.some((a) => a.title.startsWith('Ignore ')), actions.map((a) => a.title).join(', '));
  });

  it('a .tofu file gets the diagnostic and the fix, and shadows its .tf twin', async () => {
    await diagnoseAndFix('ecr-dkr-endpoint/invalid/tofu-shadows-tf', 'main.tofu', 'ecr-dkr-endpoint', [175, 0, 175, 32]);
  });

  it('opens .tofu files as Terraform', async () => {
    const dir = scratchCopy(path.join(fixtures, 'ecr-dkr-endpoint/valid/tofu-shadows-tf'));
    try {
      const document = await open(path.join(dir, 'main.tofu'));
      assert.equal(document.languageId, 'terraform');
    } finally {
      await removeScratch(dir);
    }
  });
});
