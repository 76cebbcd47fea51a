/**
 * The browser entry (package.json `browser`, bundled as dist/web/extension.js): the static checks,
 * diagnostics, quick fixes, fix-all and the ignore/documentation actions on any file system the
 * editor shows (vscode.dev, github.dev, a remote workspace seen from the web worker extension host),
 * read through `vscode.workspace.fs`. Snippets and the grammar are declarative and need no code.
 *
 * Syntax errors carry Terraform's own wording as on the desktop: hcl2json's WebAssembly
 * (dist/main.wasm.gz, read through `vscode.workspace.fs`) starts on the first syntax error, with a
 * private global object (src/web/hcl2json-start.ts). What the browser build leaves out, and says so:
 * the live AWS check (it needs Node, the AWS SDK and your local credentials).
 */
import * as vscode from 'vscode';
import { hcl2jsonStarts } from '../core/hcl/hcl2json';
import { registerEditorFeatures } from '../vscode/editor-features';
import { readAnalysisSettings } from '../vscode/settings';
import { configureHcl2jsonWasm } from './hcl2json-start';
import { isWebTerraformDocument, WebAnalysisService } from './web-analysis';

/** What `activate` returns in the browser, for the integration tests. */
export interface PrivateEcrWebApi {
  analysisIdle(): Promise<void>;
  lastAnalysisMs(): number;
  /** Always `web-worker`: the analysis runs in the browser's extension host, between its other tasks. */
  analysisThread(): 'web-worker';
  /** Files copied from the workspace through workspace.fs so far. */
  copiedFiles(): number;
  /** How many times hcl2json's WebAssembly was started in this host (0 until a syntax error, then 1). */
  hcl2jsonStarts(): number;
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
  // hcl2json's WebAssembly, shipped next to the bundles, read only when a file has a syntax error.
  const wasm = vscode.Uri.joinPath(context.extensionUri, 'dist', 'main.wasm.gz');
  configureHcl2jsonWasm(() => Promise.resolve(vscode.workspace.fs.readFile(wasm)));
  // Assigned once below; the settings reader closes over it and runs only after activation.
  // eslint-disable-next-line prefer-const
  let analysis: WebAnalysisService | undefined;
  const settings = (path?: string) =>
    readAnalysisSettings(path && analysis ? analysis.locations.uriOf(path) : undefined, (message) => output.warn(message), path);
  analysis = new WebAnalysisService(settings, output);
  const service = analysis;
  const locations = service.locations;
  const features = registerEditorFeatures(context, service, {
    output,
    settings,
    locations,
    selector: SELECTOR,
    // The pecr- snippets are completions computed for the module (read through the fs stand-in's copy), on every file system.
    snippetSchemes: ['*'],
    scheduleDocument: (document, delay) => void scheduleDocument(document, delay),
    analyzeWorkspace: () => void analyzeWorkspace(),
    documentSaved: (document) => service.documentSaved(document),
    recheck: () => {
      service.rebuildGraph();
      for (const root of service.workspaceRoots()) service.scheduleRoot(root, 0);
    },
  });
  const { status, enabled } = features;
  context.subscriptions.push(output, service);

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
    vscode.workspace.onDidChangeWorkspaceFolders(() => void analyzeWorkspace()),
    watcher,
    watcher.onDidCreate((uri) => enabled() && void service.fileChanged(uri, true)),
    watcher.onDidChange((uri) => enabled() && void service.fileChanged(uri, false)),
    watcher.onDidDelete((uri) => enabled() && service.fileDeleted(uri)),
    vscode.commands.registerCommand('privateEcr.verifyAccess', async () => {
      const message = liveCheckUnavailable();
      output.info(`Verify Private ECR Access: not available in the browser. ${message}`);
      // Not awaited: the message stays until dismissed, the command's answer does not wait for that.
      void vscode.window.showInformationMessage(message);
      return { unavailable: 'browser' };
    }),
  );

  output.info('Private ECR Pull (browser build) activated: files are read through workspace.fs; the live AWS check is not available here.');
  void analyzeWorkspace();
  return {
    analysisIdle: () => service.idle(),
    lastAnalysisMs: () => service.lastDurationMs,
    analysisThread: () => 'web-worker',
    copiedFiles: () => service.tree.size,
    hcl2jsonStarts,
  };
}

export function deactivate(): void {
  // Disposables end with the context.
}
