/**
 * The editor features the desktop (src/extension.ts) and the browser (src/web/extension.ts) entries
 * share: diagnostics, the status item, code actions, snippet completions, the document and
 * configuration events that schedule analyses, and the commands that need no Node. Each entry brings
 * its own analysis host (the desktop's worker thread, the browser's in-host service), its Locations
 * (`file:` paths, or a virtual file system's) and what differs: how a document is scheduled, what a
 * save or a re-check rebuilds. This module imports no Node built-in and none of the Node-only glue
 * (type-only imports are erased), so the browser bundle can carry it.
 */
import * as vscode from 'vscode';
import type { AnalysisService } from './analysis-service';
import { type AnalysisHost, PrivateEcrCodeActions, registerRevealCommand, registerShowRuleDocsCommand } from './code-actions';
import { DiagnosticsPublisher } from './diagnostics';
import type { Locations } from './locations';
import type { AnalysisSettings } from './settings';
import { type ModuleSnippetSource, registerSnippetCompletions } from './snippet-completion';
import { PrivateEcrStatus } from './status';

/** What the shared features need of an analysis host (both hosts have these). */
export type EditorAnalysisHost = AnalysisHost & Pick<AnalysisService, 'allResults' | 'onDidAnalyze'>;

/** The parts of activation that differ between the desktop and the browser. */
export interface EditorFeatureOptions {
  output: vscode.LogOutputChannel;
  settings: (path?: string) => AnalysisSettings;
  locations: Locations;
  /** The documents code actions are offered in. */
  selector: vscode.DocumentSelector;
  /** The URI schemes snippet completions are offered in (registerSnippetCompletions' default when absent). */
  snippetSchemes?: string[];
  /** Renders the snippets for the module of a document (the desktop's worker); the static templates when absent. */
  snippetSource?: ModuleSnippetSource;
  /** Schedules one document's analysis when it is a Terraform document and checks are enabled (and marks the status busy). */
  scheduleDocument(document: vscode.TextDocument, delay: number): void;
  /** Re-checks the workspace (the scope may have changed, or the folders). */
  analyzeWorkspace(): void;
  /** A document was saved: what the host must forget before it is scheduled again. */
  documentSaved(document: vscode.TextDocument): void;
  /** Re-check Workspace: rebuild the module graph and schedule every root (the command then waits for idle). */
  recheck(): void;
}

/** What the entries keep using after registration. */
export interface EditorFeatures {
  diagnostics: DiagnosticsPublisher;
  status: PrivateEcrStatus;
  enabled(): boolean;
}

/**
 * Registers the shared editor features on `context` and returns the diagnostics and the status
 * item, which the entry's own events (file watchers, document scheduling) update.
 */
export function registerEditorFeatures(
  context: vscode.ExtensionContext,
  analysis: EditorAnalysisHost,
  options: EditorFeatureOptions,
): EditorFeatures {
  const { output, settings, locations } = options;
  // A file's problems are listed while it is open in a tab (documents outlive their editors, so tabs decide).
  const isVisible = (path: string) =>
    settings().scope === 'workspace' ||
    vscode.window.tabGroups.all.some((group) =>
      group.tabs.some((tab) => tab.input instanceof vscode.TabInputText && locations.pathOf(tab.input.uri) === path),
    );
  const diagnostics = new DiagnosticsPublisher(analysis, isVisible, locations);
  const status = new PrivateEcrStatus(diagnostics.collection, () => settings().enable);
  const enabled = () => settings().enable;
  context.subscriptions.push(
    diagnostics,
    status,
    analysis.onDidAnalyze(() => {
      diagnostics.publishAll();
      // Busy until the last scheduled analysis has reported.
      void analysis.idle().then(() => status.update(false));
    }),
    vscode.workspace.onDidOpenTextDocument((document) => options.scheduleDocument(document, 0)),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length === 0 || settings().run !== 'onType') return;
      options.scheduleDocument(event.document, settings().debounceMs);
    }),
    vscode.workspace.onDidSaveTextDocument((document) => {
      options.documentSaved(document);
      options.scheduleDocument(document, 0);
    }),
    // The closed file's text now comes from the file system; re-check so its module sees the saved state.
    vscode.workspace.onDidCloseTextDocument((document) => options.scheduleDocument(document, 0)),
    // Closing or opening a tab changes which files' problems are listed.
    vscode.window.tabGroups.onDidChangeTabs(() => diagnostics.publishAll()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('privateEcr')) return;
      if (!enabled()) {
        diagnostics.collection.clear();
        status.update(false);
        return;
      }
      // The scope may have changed which files list problems: re-filter now, then re-check.
      diagnostics.publishAll();
      options.analyzeWorkspace();
    }),
    vscode.languages.registerCodeActionsProvider(
      options.selector,
      new PrivateEcrCodeActions(analysis, diagnostics, settings, (message) => output.error(message), locations),
      PrivateEcrCodeActions.metadata,
    ),
    registerRevealCommand(),
    // In the browser the shipped docs pages are not read (no file system of the extension): the web page opens.
    registerShowRuleDocsCommand(context.extensionPath),
    vscode.commands.registerCommand('privateEcr.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('privateEcr.recheckWorkspace', async () => {
      output.info('Re-check Workspace: rebuilding the module graph and analysing every root');
      options.recheck();
      status.update(true);
      await analysis.idle();
      status.update(false);
    }),
    registerSnippetCompletions((message) => output.error(message), options.snippetSchemes, options.snippetSource),
  );
  return { diagnostics, status, enabled };
}
