// The repository's .private-ecr.json in the editor: its severities apply to diagnostics, a change to the
// file re-checks at once, a rule the user sets in VS Code settings wins over the file, and files its
// exclude globs match are not diagnosed.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { waitFor } from '../../support/waitFor';
import { open, ours, removeScratch, scratchCopy, waitForDiagnostic } from './helpers';

const repo = path.resolve(__dirname, '../../../..');

describe('shared settings file (.private-ecr.json)', () => {
  it('applies its severities, reloads when it changes, and yields to the user setting', async () => {
    const dir = scratchCopy(path.join(repo, 'test', 'fixtures', 'rules', 'ecr-dkr-endpoint', 'invalid', 'missing-literal'));
    const settings = path.join(dir, '.private-ecr.json');
    const config = vscode.workspace.getConfiguration('privateEcr');
    try {
      fs.writeFileSync(settings, JSON.stringify({ rules: { 'ecr-dkr-endpoint': 'warning' } }));
      const main = vscode.Uri.file(path.join(dir, 'main.tf'));
      await open(main.fsPath);
      const first = await waitForDiagnostic(main, 'ecr-dkr-endpoint');
      await waitFor('ecr-dkr-endpoint shown as a warning, as the file says', () =>
        ours(main, 'ecr-dkr-endpoint')[0]?.severity === vscode.DiagnosticSeverity.Warning ? true : undefined,
      );
      assert.ok(first);
      fs.writeFileSync(settings, JSON.stringify({ rules: { 'ecr-dkr-endpoint': 'off' } }));
      await waitFor('ecr-dkr-endpoint gone after the file turned it off', () =>
        ours(main, 'ecr-dkr-endpoint').length === 0 ? true : undefined,
      );
      await config.update('rules', { 'ecr-dkr-endpoint': 'error' }, vscode.ConfigurationTarget.Workspace);
      await waitFor('the user setting (error) winning over the file (off)', () =>
        ours(main, 'ecr-dkr-endpoint')[0]?.severity === vscode.DiagnosticSeverity.Error ? true : undefined,
      );
    } finally {
      await config.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
      await removeScratch(dir);
    }
  });

  it('does not diagnose files its exclude globs match', async () => {
    const dir = scratchCopy(path.join(repo, 'test', 'fixtures', 'rules', 'ecr-dkr-endpoint', 'invalid', 'missing-literal'));
    const settings = path.join(dir, '.private-ecr.json');
    try {
      const main = vscode.Uri.file(path.join(dir, 'main.tf'));
      await open(main.fsPath);
      assert.ok(await waitForDiagnostic(main, 'ecr-dkr-endpoint'));
      fs.writeFileSync(settings, JSON.stringify({ exclude: ['main.tf'] }));
      await waitFor('no diagnostics in main.tf once the settings file excludes it', () => (ours(main).length === 0 ? true : undefined));
      fs.writeFileSync(settings, JSON.stringify({ exclude: ['other.tf'] }));
      assert.ok(await waitForDiagnostic(main, 'ecr-dkr-endpoint'), 'diagnosed again when the exclude no longer matches');
    } finally {
      await removeScratch(dir);
    }
  });
});
