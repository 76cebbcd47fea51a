/**
 * The language status item of Terraform files ("Private ECR: 3 problems", "analysing…", "off"), which
 * opens the log, and the commands "Show Output" and "Re-check Workspace".
 */
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from './diagnostics';

/** Counts this extension's problems over every file. */
function countProblems(collection: vscode.DiagnosticCollection): { errors: number; warnings: number; infos: number } {
  const counts = { errors: 0, warnings: 0, infos: 0 };
  collection.forEach((_uri, diagnostics) => {
    for (const d of diagnostics) {
      if (d.source !== DIAGNOSTIC_SOURCE) continue;
      if (d.severity === vscode.DiagnosticSeverity.Error) counts.errors++;
      else if (d.severity === vscode.DiagnosticSeverity.Warning) counts.warnings++;
      else counts.infos++;
    }
  });
  return counts;
}

/** The status item; call `update` when analyses start or end and when settings change. */
export class PrivateEcrStatus implements vscode.Disposable {
  private readonly item = vscode.languages.createLanguageStatusItem('privateEcr.status', [
    { language: 'terraform' },
    { language: 'opentofu' },
    { pattern: '**/*.{tf.json,tofu.json}' },
  ]);

  constructor(
    private readonly collection: vscode.DiagnosticCollection,
    private readonly enabled: () => boolean,
  ) {
    this.item.name = 'Private ECR Pull';
    this.item.command = { title: vscode.l10n.t('Show Output'), command: 'privateEcr.showOutput' };
    this.update(false);
  }

  /** Refreshes the text: off, analysing, or the problem count. */
  update(analysing: boolean): void {
    this.item.busy = analysing;
    if (!this.enabled()) {
      this.item.text = vscode.l10n.t('Private ECR: off');
      this.item.detail = vscode.l10n.t('privateEcr.enable is false');
      this.item.severity = vscode.LanguageStatusSeverity.Information;
      return;
    }
    if (analysing) {
      this.item.text = vscode.l10n.t('Private ECR: analysing…');
      this.item.detail = undefined;
      return;
    }
    const { errors, warnings, infos } = countProblems(this.collection);
    const total = errors + warnings + infos;
    this.item.text =
      total === 0
        ? vscode.l10n.t('Private ECR: no problems')
        : total === 1
          ? vscode.l10n.t('Private ECR: 1 problem')
          : vscode.l10n.t('Private ECR: {0} problems', total);
    this.item.detail = total === 0 ? undefined : vscode.l10n.t('{0} error, {1} warning, {2} info', errors, warnings, infos);
    this.item.severity =
      errors > 0
        ? vscode.LanguageStatusSeverity.Error
        : warnings > 0
          ? vscode.LanguageStatusSeverity.Warning
          : vscode.LanguageStatusSeverity.Information;
  }

  dispose(): void {
    this.item.dispose();
  }
}
