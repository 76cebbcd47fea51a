// The browser build in the browser: code-server's web worker extension host (no Node), files on a remote
// workspace and on an in-memory file system (`memfs:`) read through workspace.fs; diagnostics, a quick fix,
// fix-all, snippets, syntax errors in Terraform's wording (hcl2json in the worker, adding no global), and the
// live check saying it is desktop-only.
import * as vscode from 'vscode';
import { SYNTAX_ERROR_FILE, SYNTAX_ERROR_MESSAGE, SYNTAX_ERROR_TEXT } from './syntax-wording';

const EXTENSION_ID = 'private-ecr-pull.private-ecr-pull';

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

async function waitFor<T>(
  description: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' && d.code ? String(d.code.value) : String(d.code));
const ours = (uri: vscode.Uri, rule: string) =>
  vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'private-ecr' && codeOf(d) === rule);

/** A minimal in-memory file system, as a web extension (or a test) would register it. */
class MemFs implements vscode.FileSystemProvider {
  private readonly files = new Map<string, Uint8Array>();
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }
  private dirs(): Set<string> {
    const dirs = new Set<string>(['/']);
    for (const path of this.files.keys()) for (let p = path.replace(/\/[^/]*$/, ''); p; p = p.replace(/\/[^/]*$/, '')) dirs.add(p);
    return dirs;
  }
  stat(uri: vscode.Uri): vscode.FileStat {
    const file = this.files.get(uri.path);
    if (file) return { type: vscode.FileType.File, ctime: 0, mtime: Date.now(), size: file.length };
    if (this.dirs().has(uri.path)) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    throw vscode.FileSystemError.FileNotFound(uri);
  }
  readDirectory(uri: vscode.Uri): Array<[string, vscode.FileType]> {
    const prefix = uri.path === '/' ? '/' : `${uri.path}/`;
    const out = new Map<string, vscode.FileType>();
    for (const path of this.files.keys()) {
      if (!path.startsWith(prefix)) continue;
      const [name, ...rest] = path.slice(prefix.length).split('/');
      out.set(name, rest.length > 0 ? vscode.FileType.Directory : vscode.FileType.File);
    }
    return [...out];
  }
  readFile(uri: vscode.Uri): Uint8Array {
    const file = this.files.get(uri.path);
    if (!file) throw vscode.FileSystemError.FileNotFound(uri);
    return file;
  }
  writeFile(uri: vscode.Uri, content: Uint8Array): void {
    const created = !this.files.has(uri.path);
    this.files.set(uri.path, content);
    this.emitter.fire([{ type: created ? vscode.FileChangeType.Created : vscode.FileChangeType.Changed, uri }]);
  }
  createDirectory(): void {}
  delete(uri: vscode.Uri): void {
    this.files.delete(uri.path);
    this.emitter.fire([{ type: vscode.FileChangeType.Deleted, uri }]);
  }
  rename(): void {
    throw vscode.FileSystemError.NoPermissions('rename');
  }
}

describe('the browser build (web worker extension host)', () => {
  const folder = () => vscode.workspace.workspaceFolders![0].uri;
  const fixture = (name: string) => vscode.Uri.joinPath(folder(), 'fargate-missing-ecr-dkr', name);

  it('runs in the web worker extension host, not in Node', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    check(extension, `${EXTENSION_ID} is not installed`);
    check(
      extension.extensionKind === vscode.ExtensionKind.UI,
      `the extension runs on the ${extension.extensionKind === vscode.ExtensionKind.Workspace ? 'workspace (Node)' : 'unknown'} host`,
    );
    check(
      typeof (globalThis as { importScripts?: unknown }).importScripts === 'function' &&
        typeof (globalThis as { process?: unknown }).process === 'undefined',
      'this is not a web worker',
    );
    check(extension.packageJSON.main === undefined, 'the extension under test still has its Node entry');
    // The manifest's strings come from package.nls.json, as in the packaged extension.
    const command = (extension.packageJSON.contributes.commands as Array<{ command: string; title: string }>).find(
      (c) => c.command === 'privateEcr.verifyAccess',
    );
    check(command && !command.title.startsWith('%'), `the command title is ${command?.title}: package.nls.json was not loaded`);
    const api = (await extension.activate()) as { analysisThread(): string };
    check(api.analysisThread() === 'web-worker', `analysis runs in ${api.analysisThread()}`);
    check(folder().scheme === 'vscode-remote', `the workspace is ${folder().toString()}, not a remote one`);
  });

  it('reads a remote workspace through workspace.fs: the missing ecr.dkr endpoint, with its quick fix offered', async () => {
    const uri = fixture('main.tf');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const diagnostic = await waitFor('the ecr-dkr-endpoint diagnostic on the remote main.tf', () => ours(uri, 'ecr-dkr-endpoint')[0]);
    check(diagnostic.severity === vscode.DiagnosticSeverity.Error, 'not an error');
    check(diagnostic.range.end.line < document.lineCount && !diagnostic.range.isEmpty, 'the diagnostic range is empty or outside the file');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((action) => action.isPreferred && action.edit);
    check(fix, `no preferred quick fix; offered: ${actions.map((a) => a.title).join(' | ')}`);
    check(
      fix.edit!.entries().every(([target]) => target.scheme === 'vscode-remote'),
      'the fix edits a file outside the remote workspace',
    );
    // The repository's fixture is not edited here: the fix is applied on the in-memory copy below.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('checks a file on an in-memory file system (memfs:) and fixes it all, saved back through the provider', async () => {
    const memfs = new MemFs();
    const registration = vscode.workspace.registerFileSystemProvider('memfs', memfs, { isCaseSensitive: true });
    try {
      for (const name of ['main.tf', 'variables.tf', 'versions.tf'])
        memfs.writeFile(vscode.Uri.parse(`memfs:/tf/${name}`), await vscode.workspace.fs.readFile(fixture(name)));
      const uri = vscode.Uri.parse('memfs:/tf/main.tf');
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      const diagnostic = await waitFor('the ecr-dkr-endpoint diagnostic on memfs:/tf/main.tf', () => ours(uri, 'ecr-dkr-endpoint')[0]);

      // The quick fix: its edit targets the memfs file, and applying it (unsaved) clears the diagnostic.
      const quickFixes = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        uri,
        diagnostic.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      const fix = quickFixes.find((action) => action.isPreferred && action.edit);
      check(fix, `no preferred quick fix on memfs; offered: ${quickFixes.map((a) => a.title).join(' | ')}`);
      check(
        fix.edit!.entries().every(([target]) => target.toString() === uri.toString()),
        `the fix edits ${fix
          .edit!.entries()
          .map(([t]) => t.toString())
          .join(', ')}`,
      );
      check(await vscode.workspace.applyEdit(fix.edit!), 'the quick fix was not applied');
      check(/com\.amazonaws\.[^"]*\.ecr\.dkr/.test(document.getText()), 'the quick fix added no ecr.dkr endpoint');
      await waitFor(
        'the ecr-dkr-endpoint diagnostic to clear after the quick fix (unsaved text)',
        () => ours(uri, 'ecr-dkr-endpoint').length === 0,
      );
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await waitFor('memfs:/tf/main.tf to be reverted', () => !document.isDirty && !/\.ecr\.dkr"/.test(document.getText()));
      await waitFor('the ecr-dkr-endpoint diagnostic again after the revert', () => ours(uri, 'ecr-dkr-endpoint').length > 0);

      // Fix-all, saved back through the provider.
      const fixAll = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        uri,
        new vscode.Range(0, 0, 0, 0),
        'source.fixAll.privateEcr',
      );
      const action = fixAll.find((a) => a.edit);
      check(action, `no fix-all action; offered: ${fixAll.map((a) => a.title).join(' | ')}`);
      check(await vscode.workspace.applyEdit(action.edit!), 'the fix-all edit was not applied');
      check(await document.save(), 'saving memfs:/tf/main.tf failed');
      const saved = new TextDecoder().decode(memfs.readFile(uri));
      check(/service_name\s*=\s*"com\.amazonaws\.[^"]*\.ecr\.dkr"/.test(saved), 'the saved file has no ecr.dkr endpoint');
      await waitFor('no ecr-dkr-endpoint diagnostic after fix-all', () => ours(uri, 'ecr-dkr-endpoint').length === 0);

      // The snippets are offered on the virtual file too.
      const end = document.lineAt(document.lineCount - 1).range.end;
      const edit = new vscode.WorkspaceEdit();
      edit.insert(uri, end, '\npecr');
      await vscode.workspace.applyEdit(edit);
      const completions = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        uri,
        document.lineAt(document.lineCount - 1).range.end,
      );
      const labels = completions.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
      check(labels.includes('pecr-ecr-dkr'), `no pecr-ecr-dkr snippet; got ${labels.slice(0, 20).join(', ')}`);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    } finally {
      registration.dispose();
    }
  });

  it('words a syntax error as the desktop does, from hcl2json started once in this host, adding no global', async function () {
    // The first syntax error reads and starts the 6.5 MB WebAssembly module in this (shared, single-threaded) host.
    this.timeout(120_000);
    const api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as {
      hcl2jsonStarts(): number;
      analysisIdle(): Promise<void>;
    };
    check(api.hcl2jsonStarts() === 0, `hcl2json started ${api.hcl2jsonStarts()} time(s) before any syntax error`);
    // Every web extension of this window shares this global object: Go's runtime must not add to it.
    const globals = Reflect.ownKeys(globalThis).map(String).sort();
    const memfs = new MemFs();
    const registration = vscode.workspace.registerFileSystemProvider('memfs', memfs, { isCaseSensitive: true });
    try {
      const uri = vscode.Uri.parse(`memfs:/syntax/${SYNTAX_ERROR_FILE}`);
      memfs.writeFile(uri, new TextEncoder().encode(SYNTAX_ERROR_TEXT));
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const diagnostic = await waitFor(
        "the hcl-syntax diagnostic in Terraform's wording",
        () => ours(uri, 'hcl-syntax').find((d) => d.message.includes('(Terraform')),
        90_000,
      ).catch((error: Error) => {
        const shown = ours(uri, 'hcl-syntax').map((d) => d.message);
        throw new Error(`${error.message}; hcl-syntax diagnostics: ${JSON.stringify(shown)}; hcl2json starts: ${api.hcl2jsonStarts()}`);
      });
      check(
        diagnostic.message === SYNTAX_ERROR_MESSAGE,
        `the message is\n${diagnostic.message}\nnot the desktop's\n${SYNTAX_ERROR_MESSAGE}`,
      );
      check(diagnostic.range.start.line === 1, `the diagnostic is on line ${diagnostic.range.start.line + 1}`);
      await api.analysisIdle();
      check(api.hcl2jsonStarts() === 1, `hcl2json started ${api.hcl2jsonStarts()} times`);
      const added = Reflect.ownKeys(globalThis)
        .map(String)
        .filter((key) => !globals.includes(key));
      check(added.length === 0, `globals added while hcl2json ran: ${added.join(', ')}`);
      for (const name of ['Go', 'fs', 'process', '__parse_terraform_config_wasm__', 'global'])
        check(!(name in globalThis), `globalThis.${name} exists`);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    } finally {
      registration.dispose();
    }
  });

  it('says the live check is desktop-only instead of failing', async () => {
    const answer = await vscode.commands.executeCommand<{ unavailable?: string }>('privateEcr.verifyAccess');
    check(answer?.unavailable === 'browser', `the command answered ${JSON.stringify(answer)}`);
  });
});
