/** Reads the extension's `privateEcr.*` settings. */
import * as vscode from 'vscode';
import type { Severity } from '../core/findings';

/** The settings the analysis uses. */
export interface AnalysisSettings {
  enable: boolean;
  /** `onType`: re-check while typing (debounced); `onSave`: only when files are saved or opened. */
  run: 'onType' | 'onSave';
  /** `openFiles`: problems of open files; `workspace`: every module's problems stay listed. */
  scope: 'openFiles' | 'workspace';
  severities: Record<string, Severity | 'off'>;
  debounceMs: number;
}

/** The current analysis settings for a resource (folder settings apply). */
export function readAnalysisSettings(scope?: vscode.Uri): AnalysisSettings {
  const config = vscode.workspace.getConfiguration('privateEcr', scope);
  const rawSeverities = config.get<Record<string, string>>('rules', {}) ?? {};
  const severities: Record<string, Severity | 'off'> = {};
  for (const [id, level] of Object.entries(rawSeverities)) {
    if (level === 'error' || level === 'warning' || level === 'info' || level === 'off') severities[id] = level;
  }
  return {
    enable: config.get<boolean>('enable', true),
    run: config.get<'onType' | 'onSave'>('run', 'onType') === 'onSave' ? 'onSave' : 'onType',
    scope: config.get<string>('scope', 'openFiles') === 'workspace' ? 'workspace' : 'openFiles',
    severities,
    debounceMs: Math.max(0, Math.min(5000, config.get<number>('debounceMs', 300))),
  };
}
