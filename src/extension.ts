/**
 * Desktop activation: the analysis service in a worker thread, the features shared with the browser
 * entry (src/vscode/editor-features.ts), and what only the desktop has: the file watcher over `file:`
 * paths, the live-check command and the grammar check. Everything else lives in src/vscode (editor
 * glue) and src/core (the analysis itself).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { AnalysisService, isTerraformDocument, TERRAFORM_LANGUAGE_IDS } from './vscode/analysis-service';
import { registerEditorFeatures } from './vscode/editor-features';
import { registerTerraformHighlighting } from './vscode/highlighting';
import type { Locations } from './vscode/locations';
import { readAnalysisSettings, setKnownRuleIds } from './vscode/settings';
import { registerVerifyCommand } from './vscode/verify';

/** What the extension returns from `activate`, for integration tests and other extensions. */
export interface PrivateEcrApi {
  /** Resolves when no analysis is pending. */
  analysisIdle(): Promise<void>;
  /** Milliseconds the most recent analysis took. */
  lastAnalysisMs(): number;
  /** Where the analyses run: always the worker thread (never the extension host, even after a worker failure). */
  analysisThread(): 'worker';
  /** How many times the analysis worker started hcl2json's WebAssembly (at most once per worker). */
  hcl2jsonStarts(): number;
  /** Milliseconds from the start of `activate` to its end. */
  activationMs: number;
  /** CPU milliseconds (user + system) the process spent during `activate`. */
  activationCpuMs: number;
}

/** Entry point. */
/** The documents code actions are offered in: Terraform and OpenTofu files, native and JSON syntax. */
const CONFIGURATION_SELECTOR: vscode.DocumentSelector = [
  ...TERRAFORM_LANGUAGE_IDS.map((language) => ({ language, scheme: 'file' })),
  { scheme: 'file', pattern: '**/*.{tf,tofu,tf.json,tofu.json}' },
];

/** On the desktop the core's paths are the `file:` URIs' paths; files not open in an editor are read from disk. */
const fileLocations: Locations = {
  uriOf: (path) => vscode.Uri.file(path),
  pathOf: (uri) => uri.fsPath,
  readText: (path) => {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === path);
    if (open) return open.getText();
    try {
      return fs.readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
};

export function activate(context: vscode.ExtensionContext): PrivateEcrApi {
  const started = performance.now();
  const startedCpu = process.cpuUsage();
  const output = vscode.window.createOutputChannel('Private ECR', { log: true });
  setKnownRuleIds(context.extension.packageJSON);
  const settings = (path?: string) => readAnalysisSettings(path ? vscode.Uri.file(path) : undefined, (message) => output.warn(message));
  // Everything that parses runs in a worker thread next to this bundle (dist/analysis-worker.js); this thread keeps books.
  const workerScript = path.join(__dirname, 'analysis-worker.js');
  if (!fs.existsSync(workerScript))
    output.error(`${workerScript} is missing: the installation is incomplete, so nothing can be analysed. Reinstall the extension.`);
  const analysis = new AnalysisService(settings, workerScript, (message) => output.warn(message));
  const features = registerEditorFeatures(context, analysis, {
    output,
    settings,
    locations: fileLocations,
    selector: CONFIGURATION_SELECTOR,
    // The pecr- snippets rendered for the module (in the worker), so they never declare an address twice.
    snippetSource: (path, without) => analysis.moduleSnippets(path, without),
    scheduleDocument: (document, delay) => scheduleDocument(document, delay),
    analyzeWorkspace: () => analyzeWorkspace(),
    documentSaved: (document) => {
      if (/\bmodule\s/.test(document.getText())) analysis.invalidateGraph();
    },
    recheck: () => {
      analysis.invalidateGraph();
      analysis.forgetResults();
      analysis.scheduleWorkspace(0);
      for (const document of vscode.workspace.textDocuments) scheduleDocument(document, 0);
    },
  });
  const { status, enabled } = features;
  context.subscriptions.push(output, analysis);

  const scheduleDocument = (document: vscode.TextDocument, delay: number) => {
    if (enabled() && isTerraformDocument(document)) {
      status.update(true);
      analysis.schedule(document.uri.fsPath, delay);
    }
  };
  const analyzeWorkspace = () => {
    if (!enabled()) return;
    if (settings().scope === 'workspace') analysis.scheduleWorkspace(0);
    for (const document of vscode.workspace.textDocuments) scheduleDocument(document, 0);
  };

  context.subscriptions.push(
    vscode.workspace.onDidChangeWorkspaceFolders(() => {
      analysis.invalidateGraph();
      analyzeWorkspace();
    }),
  );

  // Another file of a module created, changed on disk or deleted: the module's analysis changes.
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.{tf,tofu,tfvars,json}');
  const onFileEvent = (uri: vscode.Uri, structural: boolean) => {
    // The worker reads each file once while it is unchanged: tell it this one changed, even while disabled.
    analysis.fileChanged(uri.fsPath);
    if (!enabled()) return;
    // The shared settings file changes severities for every module under its folder.
    if (uri.fsPath.endsWith(`${path.sep}.private-ecr.json`)) {
      analyzeWorkspace();
      analysis.scheduleWorkspace(0, path.dirname(uri.fsPath));
      return;
    }
    if (structural) analysis.invalidateGraph();
    // .json files count too: container definitions and policies are read with file().
    analysis.schedule(uri.fsPath, settings().debounceMs);
  };
  context.subscriptions.push(
    watcher,
    watcher.onDidCreate((uri) => onFileEvent(uri, true)),
    watcher.onDidDelete((uri) => onFileEvent(uri, true)),
    watcher.onDidChange((uri) => onFileEvent(uri, false)),
  );

  context.subscriptions.push(...registerVerifyCommand(context, output, (ids) => analysis.declaredIds(ids)));
  context.subscriptions.push(registerTerraformHighlighting(context.extension.id, (message) => output.info(message)));

  analyzeWorkspace();
  const activationMs = performance.now() - started;
  const cpu = process.cpuUsage(startedCpu);
  const activationCpuMs = (cpu.user + cpu.system) / 1000;
  output.info(`Private ECR Pull activated in ${activationMs.toFixed(1)} ms`);
  return {
    analysisIdle: () => analysis.idle(),
    lastAnalysisMs: () => analysis.lastDurationMs,
    analysisThread: () => analysis.analysisThread(),
    hcl2jsonStarts: () => analysis.hcl2jsonStarts(),
    activationMs,
    activationCpuMs,
  };
}

/** Nothing to clean up beyond the disposables. */
export function deactivate(): void {}
