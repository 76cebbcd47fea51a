/**
 * Reads the extension's `privateEcr.*` settings for a file or folder, under the repository's shared
 * `.private-ecr.json` (the same file the CLI reads): the file's rule severities apply unless the user
 * sets the same rule in VS Code settings, which win.
 */
import * as fs from 'fs';
import * as nodePath from 'path';
import * as vscode from 'vscode';
import type { RootInputs } from '../core/analyze';
import { findConfigFile, loadConfigFile, type ProjectConfig } from '../core/config-file';
import type { Severity } from '../core/findings';
import type { VariableInputs } from '../core/model/config';
import { variableInputsOf } from '../core/variables';

const configCache = new Map<string, { mtimeMs: number; config: ProjectConfig | undefined; error?: string }>();

/** The rule ids a shared settings file may name: those the extension's manifest lists under `privateEcr.rules` (generated from the rule registry, which this thread does not load). */
let knownRuleIds: ReadonlySet<string> = new Set();

/** Reads the rule ids from the extension's manifest (`context.extension.packageJSON`), once at activation. */
export function setKnownRuleIds(packageJson: unknown): void {
  const configuration = (packageJson as { contributes?: { configuration?: unknown } })?.contributes?.configuration;
  const sections = Array.isArray(configuration) ? configuration : [configuration];
  const ids = new Set<string>();
  for (const section of sections) {
    const rules = (section as { properties?: Record<string, { properties?: Record<string, unknown> }> } | undefined)?.properties?.[
      'privateEcr.rules'
    ];
    for (const id of Object.keys(rules?.properties ?? {})) ids.add(id);
  }
  knownRuleIds = ids;
  configCache.clear();
}

/** The shared settings file that applies to `path`, read again only when it changed on disk. */
export function projectConfigFor(path: string, report: (message: string) => void = () => undefined): ProjectConfig | undefined {
  const file = findConfigFile(path);
  if (!file) return undefined;
  let mtimeMs: number;
  try {
    mtimeMs = fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
  const cached = configCache.get(file);
  if (cached && cached.mtimeMs === mtimeMs) return cached.config;
  try {
    const config = loadConfigFile(file, knownRuleIds);
    configCache.set(file, { mtimeMs, config });
    return config;
  } catch (error) {
    const message = (error as Error).message;
    configCache.set(file, { mtimeMs, config: undefined, error: message });
    report(`${nodePath.basename(file)} is not used: ${message}`);
    return undefined;
  }
}

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
export function readAnalysisSettings(
  scope?: vscode.Uri,
  report?: (message: string) => void,
  path: string | undefined = scope?.scheme === 'file' ? scope.fsPath : undefined,
): AnalysisSettings {
  const config = vscode.workspace.getConfiguration('privateEcr', scope);
  const rawSeverities = config.get<Record<string, string>>('rules', {}) ?? {};
  // `path`: where the shared settings file is looked for (the browser build passes its virtual paths).
  const shared = path !== undefined ? projectConfigFor(path, report) : undefined;
  const severities: Record<string, Severity | 'off'> = { ...(shared?.rules ?? {}) };
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

/** Everything a root's analysis takes from outside its files: variables, TF_DATA_DIR, which module calls to follow. */
export function rootInputsFor(root: string): RootInputs {
  const modules = projectConfigFor(root)?.modules;
  return { variables: variableInputsFor(root), tfDataDir: hostTfDataDir(), ...(modules ? { modules } : {}) };
}

/** `TF_DATA_DIR` of the extension host's environment (where `terraform init` put modules.json), as the CLI reads it. */
export function hostTfDataDir(): string | undefined {
  // The browser build has no process environment.
  return (typeof process === 'undefined' ? undefined : process.env.TF_DATA_DIR) || undefined;
}

/**
 * The root variable inputs of a root module's analysis, in the CLI's precedence (core/variables.ts):
 * `TF_VAR_<name>` from the extension host's environment, then the root's tfvars files, then the
 * shared settings file's varFiles, then the variable files `privateEcr.varFiles` lists for the folder
 * (resource scope, so each workspace folder can name its own), resolved against that workspace folder.
 */
export function variableInputsFor(root: string, uriOf: (path: string) => vscode.Uri = vscode.Uri.file): VariableInputs {
  const uri = uriOf(root);
  const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri;
  const base = folder ? (folder.scheme === 'file' ? folder.fsPath : folder.path) : root;
  const listed = vscode.workspace.getConfiguration('privateEcr', uri).get<unknown>('varFiles', []);
  const files = Array.isArray(listed) ? listed.filter((f): f is string => typeof f === 'string' && f.trim() !== '') : [];
  // The shared settings file's var files come first, so the user's own privateEcr.varFiles win.
  const shared = projectConfigFor(root)?.varFiles ?? [];
  // The browser build has no process environment (no TF_VAR_ variables there).
  return variableInputsOf(typeof process === 'undefined' ? {} : process.env, [...shared, ...files.map((f) => nodePath.resolve(base, f))]);
}
