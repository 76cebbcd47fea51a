/**
 * The browser entry (package.json `browser`, bundled as dist/web/extension.js): the static checks,
 * diagnostics, quick fixes, fix-all and the ignore/documentation actions on any file system the
 * editor shows (vscode.dev, github.dev, a remote workspace seen from the web worker extension host),
 * read through `vscode.workspace.fs`. Snippets and the grammar are declarative and need no code.
 *
 * What the browser build leaves out, and says so: the live AWS check (it needs Node, the AWS SDK and
 * your local credentials), and Terraform's own wording of syntax errors (hcl2json's WebAssembly is
 * not loaded: syntax errors are worded by this checker's parser alone).
 */
import * as vscode from 'vscode';
import { PrivateEcrCodeActions, registerRevealCommand, registerShowRuleDocsCommand } from '../vscode/code-actions';
import { DiagnosticsPublisher } from '../vscode/diagnostics';
import { readAnalysisSettings } from '../vscode/settings';
import { registerSnippetCompletions } from '../vscode/snippet-completion';
import { PrivateEcrStatus } from '../vscode/status';
import { isWebTerraformDocument, WebAnalysisService } from './web-analysis';

/** What `activate` returns in the browser, for the integration tests. */
export interface PrivateEcrWebApi {
  analysisIdle(): Promise<void>;
  lastAnalysisMs(): number;
  /** Always `web-worker`: the analysis runs in the browser's extension host, between its other tasks. */
  analysisThread(): 'web-worker';
  /** Files copied from the workspace through workspace.fs so far. */
  copiedFiles(): number;
}

/** Why the live check is not offered in the browser (in the display language). */
export function liveCheckUnavailable(): string {
  return vscode.l10n.t(
    'Verify Private ECR Access needs the desktop extension host: it calls AWS with the AWS SDK and your local credentials, which a browser tab does not have. The static checks of your Terraform run here as usual; open the folder in VS Code desktop (or a Codespace in VS Code desktop) to check the account.',
  );
}

const SELECTOR: vscode.DocumentSelector = [
  { language: 'terraform' },
  { language: 'opentofu' },
  { pattern: '**/*.{tf,tofu,tf.json,tofu.json}' },
];

export function activate(context: vscode.ExtensionContext): PrivateEcrWebApi {
  const output = vscode.window.createOutputChannel('Private ECR', { log: true });
  // Assigned once below; the settings reader closes over it and runs only after activation.
  // eslint-disable-next-line prefer-const
  let analysis: WebAnalysisService | undefined;
  const settings = (path?: string) =>
    readAnalysisSettings(path && analysis ? analysis.locations.uriOf(path) : undefined, (message) => output.warn(message), path);
  analysis = new WebAnalysisService(settings, output);
  const service = analysis;
  const locations = service.locations;
  const isVisible = (path: string) =>
    settings().scope === 'workspace' ||
    vscode.window.tabGroups.all.some((group) =>
      group.tabs.some((tab) => tab.input instanceof vscode.TabInputText && locations.pathOf(tab.input.uri) === path),
    );
  const diagnostics = new DiagnosticsPublisher(service, isVisible, locations);
  const status = new PrivateEcrStatus(diagnostics.collection, () => settings().enable);
  context.subscriptions.push(
    output,
    service,
    diagnostics,
    status,
    service.onDidAnalyze(() => {
      diagnostics.publishAll();
      void service.idle().then(() => status.update(false));
    }),
  );

  const enabled = () => settings().enable;
  /** The folder copied for a document: its workspace folder, else its own folder. */
  const folderOf = (uri: vscode.Uri) =>
    vscode.workspace.getWorkspaceFolder(uri)?.uri ?? uri.with({ path: uri.path.replace(/\/[^/]*$/, '') || '/' });
  const scheduleDocument = async (document: vscode.TextDocument, delay: number) => {
    if (!enabled() || !isWebTerraformDocument(document)) return;
    status.update(true);
    await service.load(folderOf(document.uri));
    service.schedule(locations.pathOf(document.uri), delay);
  };
  const analyzeWorkspace = async () => {
    if (!enabled()) return;
    await Promise.all((vscode.workspace.workspaceFolders ?? []).map((folder) => service.load(folder.uri)));
    if (settings().scope === 'workspace') for (const root of service.workspaceRoots()) service.scheduleRoot(root, 0);
    await Promise.all(vscode.workspace.textDocuments.map((document) => scheduleDocument(document, 0)));
  };

  const watcher = vscode.workspace.createFileSystemWatcher('**/*');
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument((document) => void scheduleDocument(document, 0)),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length === 0 || settings().run !== 'onType') return;
      void scheduleDocument(event.document, settings().debounceMs);
    }),
    vscode.workspace.onDidSaveTextDocument((document) => {
      service.documentSaved(document);
      void scheduleDocument(document, 0);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => void scheduleDocument(document, 0)),
    vscode.window.tabGroups.onDidChangeTabs(() => diagnostics.publishAll()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('privateEcr')) return;
      if (!enabled()) {
        diagnostics.collection.clear();
        status.update(false);
        return;
      }
      diagnostics.publishAll();
      void analyzeWorkspace();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void analyzeWorkspace()),
    vscode.languages.registerCodeActionsProvider(
      SELECTOR,
      new PrivateEcrCodeActions(service, diagnostics, settings, (message) => output.error(message), locations),
      PrivateEcrCodeActions.metadata,
    ),
    watcher,
    watcher.onDidCreate((uri) => enabled() && void service.fileChanged(uri, true)),
    watcher.onDidChange((uri) => enabled() && void service.fileChanged(uri, false)),
    watcher.onDidDelete((uri) => enabled() && service.fileDeleted(uri)),
    registerRevealCommand(),
    // The pecr- snippets are completions computed for the module (read through the fs stand-in's copy).
    registerSnippetCompletions((message) => output.error(message), ['*']),
    // The shipped docs pages are not read in the browser (no file system of the extension): the web page opens.
    registerShowRuleDocsCommand(context.extensionPath),
    vscode.commands.registerCommand('privateEcr.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('privateEcr.recheckWorkspace', async () => {
      output.info('Re-check Workspace: rebuilding the module graph and analysing every root');
      status.update(true);
      service.rebuildGraph();
      for (const root of service.workspaceRoots()) service.scheduleRoot(root, 0);
      await service.idle();
      status.update(false);
    }),
    vscode.commands.registerCommand('privateEcr.verifyAccess', async () => {
      const message = liveCheckUnavailable();
      output.info(`Verify Private ECR Access: not available in the browser. ${message}`);
      // Not awaited: the message stays until dismissed, the command's answer does not wait for that.
      void vscode.window.showInformationMessage(message);
      return { unavailable: 'browser' };
    }),
  );

  output.info(
    'Private ECR Pull (browser build) activated: files are read through workspace.fs; the live AWS check is not available here; syntax errors are worded by this checker\u2019s own parser (Terraform\u2019s hcl2json is not loaded in the browser).',
  );
  void analyzeWorkspace();
  return {
    analysisIdle: () => service.idle(),
    lastAnalysisMs: () => service.lastDurationMs,
    analysisThread: () => 'web-worker',
    copiedFiles: () => service.tree.size,
  };
}

export function deactivate(): void {
  // Disposables end with the context.
}
