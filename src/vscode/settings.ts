/** Reads the extension's `privateEcr.*` settings. */
import * as nodePath from 'path';
import * as vscode from 'vscode';
import type { Severity } from '../core/findings';
import type { VariableInputs } from '../core/model/config';

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

/**
 * The variable files `privateEcr.varFiles` lists for the folder of a root module (resource scope,
 * so each workspace folder can name its own), resolved against that workspace folder, as
 * `-var-file` inputs of the analysis.
 */
export function variableInputsFor(root: string): VariableInputs {
  const uri = vscode.Uri.file(root);
  const base = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? root;
  const listed = vscode.workspace.getConfiguration('privateEcr', uri).get<unknown>('varFiles', []);
  const files = Array.isArray(listed) ? listed.filter((f): f is string => typeof f === 'string' && f.trim() !== '') : [];
  return files.length > 0 ? { cli: files.map((f) => ({ file: nodePath.resolve(base, f) })) } : {};
}
