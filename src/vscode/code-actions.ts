/**
 * Code actions: each finding's fix (the preferred one marked for Auto Fix), "Ignore <rule> for
 * this block", "Show documentation for <rule>", "Fix all" (source.fixAll.privateEcr), and, on an
 * aws_ecs_service block, "Add private ECR endpoints for this service". Whatever needs a parse (the
 * block under the cursor, fix-all's rounds of analysis) is asked of the analysis worker.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { isExcludedBy } from '../core/config-file';
import type { Severity, TextEdit } from '../core/findings';
import { adaptEditsToText } from '../core/fixes/apply';
import { localizedDocsUrl } from '../core/l10n/localize';
import type { FixTarget } from './analysis-worker';
import { displayLanguage } from './language';
import type { AnalysisService } from './analysis-service';
import { ruleIdOf, toRange, type DiagnosticsPublisher } from './diagnostics';
import { openDocumentAt, type Locations } from './locations';
import { projectConfigFor, rootInputsFor, type AnalysisSettings } from './settings';

/** What the code actions ask of the analysis (the desktop's AnalysisService with its worker, or the browser's). */
export type AnalysisHost = Pick<AnalysisService, 'idle' | 'fixAll' | 'blockAt'>;

/** The code action kind of "fix everything this extension can fix in the file". */
export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('privateEcr');

/** How long fix-all waits for a pending analysis before it computes from what is known. */
const FIX_ALL_WAIT_MS = 2000;

/** True when the request asks for fix-all by kind (Source Action menu, editor.codeActionsOnSave). */
function wantsFixAll(context: vscode.CodeActionContext): boolean {
  return context.only ? FIX_ALL_KIND.contains(context.only) || context.only.contains(FIX_ALL_KIND) : false;
}

/** Rules whose fixes add endpoints for a service. */
const ENDPOINT_RULES = new Set([
  'ecr-dkr-endpoint',
  'ecr-api-endpoint',
  's3-gateway-endpoint',
  'logs-endpoint',
  'secrets-endpoints',
  'ecs-agent-endpoints',
  'exec-ssmmessages-endpoint',
]);

/** The versions of the open documents now, to tell whether an answer computed from them is still current. */
function openVersions(locations: Locations): Map<string, number> {
  return new Map(vscode.workspace.textDocuments.map((d) => [locations.pathOf(d.uri), d.version]));
}

/** The worker's edits (minimal replacements of the texts it was sent) as a workspace edit; undefined when there are none or a document changed meanwhile. */
export function workspaceEditFrom(
  edits: TextEdit[],
  versions: Map<string, number>,
  locations: Locations,
): vscode.WorkspaceEdit | undefined {
  if (edits.length === 0 || !isCurrent(edits, versions, locations)) return undefined;
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(locations.uriOf(e.file), toRange(e.range), e.newText);
  return edit;
}

/** A fix's edits as a workspace edit, their inserted text following each file's indentation and line endings. */
/** The command a cross-file quick fix runs after its edit: opens the other file and selects what was written there. */
export const REVEAL_COMMAND = 'privateEcr.revealFixEdit';

/**
 * Where a fix that writes into another file than the one it was invoked from should take the user:
 * the first edit in another file, as the range its new text occupies once applied. Undefined when
 * every edit stays in the invoking file (the user sees it already).
 */
export function revealTarget(
  edits: TextEdit[],
  invokedFrom: string,
  uriOf: (path: string) => vscode.Uri = vscode.Uri.file,
): { uri: vscode.Uri; range: vscode.Range } | undefined {
  const other = edits.filter((e) => e.file !== invokedFrom);
  if (other.length === 0) return undefined;
  // Edits of one file are applied together; the first one in file order is where the block starts.
  const first = [...other]
    .filter((e) => e.file === other[0].file)
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character)[0];
  const lines = first.newText.split('\n');
  // An insertion that starts with blank lines (a separating line) selects from the first written line.
  let skip = 0;
  while (skip < lines.length - 1 && lines[skip].trim() === '') skip++;
  const startLine = first.range.start.line + skip;
  const startCharacter = skip > 0 ? 0 : first.range.start.character;
  let endLine = first.range.start.line + lines.length - 1;
  let endCharacter = lines.length === 1 ? first.range.start.character + lines[0].length : lines[lines.length - 1].length;
  // Text ending in a newline ends at the start of the next line: select up to the end of the last written line.
  if (lines.length > 1 && lines[lines.length - 1] === '' && endLine > startLine) {
    endLine -= 1;
    endCharacter = lines[lines.length - 2].length;
  }
  return { uri: uriOf(first.file), range: new vscode.Range(startLine, startCharacter, endLine, endCharacter) };
}

/** The command behind "Show documentation for <rule>": the rule's page shipped in the extension, in a Markdown preview. */
export const SHOW_RULE_DOCS_COMMAND = 'privateEcr.showRuleDocumentation';

/**
 * The rule's page inside the installed extension (docs/<language>/rules/<id>.md, else docs/rules/<id>.md),
 * or undefined when the extension folder has none (then the web page is opened).
 */
export function localRuleDocs(extensionPath: string, ruleId: string, language: string): vscode.Uri | undefined {
  if (!/^[a-z0-9-]+$/.test(ruleId)) return undefined;
  const candidates = [
    ...(language === 'en' ? [] : [path.join(extensionPath, 'docs', language, 'rules', `${ruleId}.md`)]),
    path.join(extensionPath, 'docs', 'rules', `${ruleId}.md`),
  ];
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  return found ? vscode.Uri.file(found) : undefined;
}

/** Registers "Show documentation": the local page in a Markdown preview (works offline), else the web page. */
export function registerShowRuleDocsCommand(extensionPath: string): vscode.Disposable {
  return vscode.commands.registerCommand(SHOW_RULE_DOCS_COMMAND, async (ruleId: string) => {
    const language = displayLanguage();
    const local = localRuleDocs(extensionPath, ruleId, language);
    if (local) {
      await vscode.commands.executeCommand('markdown.showPreview', local);
      return local;
    }
    const web = vscode.Uri.parse(localizedDocsUrl(ruleId, language));
    await vscode.commands.executeCommand('vscode.open', web);
    return web;
  });
}

/** Registers the command that reveals a cross-file fix's edit. */
export function registerRevealCommand(): vscode.Disposable {
  return vscode.commands.registerCommand(REVEAL_COMMAND, async (uri: vscode.Uri, range: vscode.Range) => {
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document, { preview: false, selection: range });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  });
}

function toWorkspaceEdit(edits: TextEdit[], locations: Locations): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  const byFile = new Map<string, TextEdit[]>();
  for (const e of edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  for (const [file, fileEdits] of byFile) {
    const text = locations.readText(file);
    for (const e of text === undefined ? fileEdits : adaptEditsToText(text, fileEdits))
      edit.replace(locations.uriOf(e.file), toRange(e.range), e.newText);
  }
  return edit;
}

/** True when every open document an edit touches is still at the version the fix was computed for. */
function isCurrent(edits: TextEdit[], versions: Map<string, number>, locations: Locations): boolean {
  for (const e of edits) {
    const open = openDocumentAt(locations, e.file);
    if (open && versions.has(e.file) && open.version !== versions.get(e.file)) return false;
  }
  return true;
}

/**
 * Inserts an ignore comment line whose reason is a tab stop (a snippet edit: VS Code selects the
 * placeholder in the editor the action was invoked from, so typing replaces it).
 */
function ignoreCommentEdit(uri: vscode.Uri, at: vscode.Position, comment: string): vscode.WorkspaceEdit {
  const snippet = new vscode.SnippetString();
  snippet.appendText(comment);
  snippet.appendPlaceholder(vscode.l10n.t('TODO: say why this is fine'));
  snippet.appendText('\n');
  const edit = new vscode.WorkspaceEdit();
  edit.set(uri, [vscode.SnippetTextEdit.insert(at, snippet)]);
  return edit;
}

/** Provides the actions. */
export class PrivateEcrCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  private readonly deferred = new WeakMap<vscode.CodeAction, () => Promise<vscode.WorkspaceEdit | undefined>>();
  /** The file a deferred action was offered in, to reveal edits it makes elsewhere. */
  private readonly invokedFrom = new WeakMap<vscode.CodeAction, string>();

  constructor(
    private readonly analysis: AnalysisHost,
    private readonly diagnostics: DiagnosticsPublisher,
    private readonly settings: (path?: string) => AnalysisSettings,
    private readonly log: (message: string) => void,
    private readonly locations: Locations,
  ) {}

  provideCodeActions(
    document: vscode.TextDocument,
    range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] | Promise<vscode.CodeAction[]> {
    try {
      // Fix-all on save can be asked for before the first analysis of a just-opened document has run:
      // wait for it (at most FIX_ALL_WAIT_MS) so the module graph and the open documents are known.
      if (wantsFixAll(context)) {
        const waited = Promise.race([this.analysis.idle(), new Promise<void>((resolve) => setTimeout(resolve, FIX_ALL_WAIT_MS))]);
        return waited
          .then(() => this.fixAllAction(document))
          .then(
            (action) => (action ? [action] : []),
            (error: unknown) => {
              this.log(`fix all failed on ${document.uri.fsPath}: ${(error as Error).stack ?? error}`);
              return [];
            },
          );
      }
      // Fixes and fix-all, then the service action (asked of the worker), then ignore and documentation.
      const { head, tail } = this.computeActions(document, range, context);
      if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [...head, ...tail];
      const service = this.addEndpointsForServiceAction(document, range.start);
      if (!service) return [...head, ...tail];
      return service.then(
        (action) => (action ? [...head, action, ...tail] : [...head, ...tail]),
        (error: unknown) => {
          this.log(`code actions failed on ${document.uri.fsPath}: ${(error as Error).stack ?? error}`);
          return [...head, ...tail];
        },
      );
    } catch (error) {
      this.log(`code actions failed on ${document.uri.fsPath}: ${(error as Error).stack ?? error}`);
      return [];
    }
  }

  /**
   * The actions of the diagnostics in the request, from the published findings (no parse). Fix-all
   * re-analyses the module several times, so it is only computed when asked for by kind (Source Action
   * menu, editor.codeActionsOnSave), never for every lightbulb request.
   */
  private computeActions(
    document: vscode.TextDocument,
    range: vscode.Range,
    context: vscode.CodeActionContext,
  ): { head: vscode.CodeAction[]; tail: vscode.CodeAction[] } {
    const actions: vscode.CodeAction[] = [];
    if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return { head: actions, tail: [] };
    // The menu reads: the fixes of the diagnostic under the cursor, then fix-all, then the endpoints for
    // the service, then ignore and documentation for the diagnostic under the cursor. VS Code lists
    // actions that name diagnostics before those that do not (preferred first within each group, our
    // order otherwise), so only the fixes carry their diagnostic.
    const underCursor = context.diagnostics.filter((d) => d.range.contains(range.start) && ruleIdOf(d));
    const primary = underCursor.length > 0 ? underCursor : context.diagnostics.filter((d) => ruleIdOf(d));
    const ordered = [...primary, ...context.diagnostics.filter((d) => !primary.includes(d))];
    for (const diagnostic of ordered) {
      const ruleId = ruleIdOf(diagnostic);
      if (!ruleId) continue;
      const published = this.diagnostics.findingFor(document, diagnostic);
      for (const fix of published?.finding.fixes ?? []) {
        if (!isCurrent(fix.edits, published!.versions, this.locations)) continue;
        // A fix anchored on a file that does not parse (an unclosed block while typing) could glue text into the wrong place.
        if (fix.edits.some((e) => this.diagnostics.findingsOf(e.file).some((p) => p.finding.ruleId === 'hcl-syntax'))) continue;
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = fix.isPreferred === true;
        action.edit = toWorkspaceEdit(fix.edits, this.locations);
        const reveal = revealTarget(fix.edits, this.locations.pathOf(document.uri), (path) => this.locations.uriOf(path));
        if (reveal)
          action.command = {
            title: vscode.l10n.t('Show the inserted code'),
            command: REVEAL_COMMAND,
            arguments: [reveal.uri, reveal.range],
          };
        actions.push(action);
      }
    }
    const fixAll = this.fixAllQuickFix(document);
    if (fixAll) actions.push(fixAll);
    const tail: vscode.CodeAction[] = [];
    const offered = new Set<string>();
    for (const diagnostic of primary) {
      const ruleId = ruleIdOf(diagnostic)!;
      if (offered.has(ruleId)) continue;
      offered.add(ruleId);
      // JSON has no comments: the ignore comment exists only in native syntax.
      if (!document.fileName.endsWith('.json'))
        tail.push(this.ignoreAction(document, diagnostic, ruleId), this.ignoreFileAction(document, ruleId));
      const docs = new vscode.CodeAction(vscode.l10n.t('Show documentation for {0}', ruleId), vscode.CodeActionKind.QuickFix);
      docs.command = { title: docs.title, command: SHOW_RULE_DOCS_COMMAND, arguments: [ruleId] };
      tail.push(docs);
    }
    return { head: actions, tail };
  }

  /**
   * "Fix all Private ECR problems in this file" in the quick-fix menu too (not only as the
   * source.fixAll action), when the file has a fixable finding; its edit is computed when chosen.
   */
  private fixAllQuickFix(document: vscode.TextDocument): vscode.CodeAction | undefined {
    const path = document.uri.fsPath;
    if (!this.diagnostics.findingsOf(path).some((p) => p.finding.file === path && (p.finding.fixes?.length ?? 0) > 0)) return undefined;
    const action = new vscode.CodeAction(vscode.l10n.t('Fix all Private ECR problems in this file'), vscode.CodeActionKind.QuickFix);
    this.deferred.set(action, async () => (await this.fixAllAction(document))?.edit);
    return action;
  }

  /** Computes the edit of a deferred action ("Add private ECR endpoints for this service", "Ignore … for this block", "Fix all") only when the user picks it. */
  async resolveCodeAction(action: vscode.CodeAction): Promise<vscode.CodeAction> {
    const compute = this.deferred.get(action);
    if (compute && !action.edit) {
      try {
        action.edit = await compute();
        const invokedFrom = this.invokedFrom.get(action);
        if (action.edit && invokedFrom) {
          const edits: TextEdit[] = [];
          for (const [uri, changes] of action.edit.entries()) {
            for (const change of changes)
              edits.push({
                file: this.locations.pathOf(uri),
                range: {
                  start: { line: change.range.start.line, character: change.range.start.character },
                  end: { line: change.range.end.line, character: change.range.end.character },
                },
                newText: change.newText,
              });
          }
          const reveal = revealTarget(edits, invokedFrom, (path) => this.locations.uriOf(path));
          if (reveal)
            action.command = {
              title: vscode.l10n.t('Show the inserted code'),
              command: REVEAL_COMMAND,
              arguments: [reveal.uri, reveal.range],
            };
        }
      } catch (error) {
        this.log(`resolving "${action.title}" failed: ${(error as Error).stack ?? error}`);
      }
    }
    return action;
  }

  /** "Ignore <rule> for this file": an `ignore-file` comment on the first line (after other leading comments' first line). */
  private ignoreFileAction(document: vscode.TextDocument, ruleId: string): vscode.CodeAction {
    const action = new vscode.CodeAction(vscode.l10n.t('Ignore {0} for this file', ruleId), vscode.CodeActionKind.QuickFix);
    action.edit = ignoreCommentEdit(document.uri, new vscode.Position(0, 0), `# private-ecr:ignore-file ${ruleId} `);
    return action;
  }

  private ignoreAction(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, ruleId: string): vscode.CodeAction {
    const action = new vscode.CodeAction(vscode.l10n.t('Ignore {0} for this block', ruleId), vscode.CodeActionKind.QuickFix);
    // Finding the enclosing block parses the file (in the worker): done when the action is chosen, not on every request.
    this.deferred.set(action, async () => {
      const version = document.version;
      const block = await this.analysis.blockAt(this.locations.pathOf(document.uri), {
        line: diagnostic.range.start.line,
        character: diagnostic.range.start.character,
      });
      if (!block || document.version !== version) return undefined;
      const line = document.lineAt(block.range.start.line);
      const indent = line.text.slice(0, line.firstNonWhitespaceCharacterIndex);
      return ignoreCommentEdit(document.uri, new vscode.Position(block.range.start.line, 0), `${indent}# private-ecr:ignore ${ruleId} `);
    });
    return action;
  }

  private async fixAllAction(document: vscode.TextDocument): Promise<vscode.CodeAction | undefined> {
    const path = this.locations.pathOf(document.uri);
    if (isExcludedBy(projectConfigFor(path))(path)) return undefined;
    const edit = await this.fixEdit({ file: path }, this.settings(path).severities);
    if (!edit) return undefined;
    const action = new vscode.CodeAction(vscode.l10n.t('Fix all Private ECR problems in this file'), FIX_ALL_KIND);
    action.edit = edit;
    return action;
  }

  /** Fix-all of `target` in the worker, as a workspace edit (undefined when nothing changes or a document changed meanwhile); logs the fixes left out. */
  private async fixEdit(target: FixTarget, severities: Record<string, Severity | 'off'>): Promise<vscode.WorkspaceEdit | undefined> {
    const versions = openVersions(this.locations);
    const result = await this.analysis.fixAll(target, severities, rootInputsFor);
    for (const problem of result.problems) this.log(`fix all: ${problem}`);
    return workspaceEditFrom(result.edits, versions, this.locations);
  }

  /** "Add private ECR endpoints for this service" on an aws_ecs_service block that misses endpoints (asks the worker for the block only when one may). */
  private addEndpointsForServiceAction(
    document: vscode.TextDocument,
    position: vscode.Position,
  ): Promise<vscode.CodeAction | undefined> | undefined {
    const path = this.locations.pathOf(document.uri);
    const services = new Set<string>();
    for (const p of this.diagnostics.findingsOf(path)) {
      if (
        !ENDPOINT_RULES.has(p.finding.ruleId) ||
        (p.finding.fixes?.length ?? 0) === 0 ||
        !p.finding.resource?.startsWith('aws_ecs_service.')
      )
        continue;
      services.add(p.finding.resource.replace(/\[.*$/, ''));
    }
    // No service of this file misses an endpoint fix: no question to the worker.
    if (services.size === 0) return undefined;
    return this.analysis.blockAt(path, { line: position.line, character: position.character }).then((block) => {
      if (!block || block.type !== 'resource' || block.labels[0] !== 'aws_ecs_service' || !block.labels[1]) return undefined;
      const address = `aws_ecs_service.${block.labels[1]}`;
      if (!services.has(address)) return undefined;
      const action = new vscode.CodeAction(vscode.l10n.t('Add private ECR endpoints for this service'), vscode.CodeActionKind.QuickFix);
      // The edit (several analysis rounds, in the worker) is computed in resolveCodeAction, when the action is chosen.
      this.invokedFrom.set(action, path);
      this.deferred.set(action, () =>
        this.fixEdit({ file: path, ruleIds: [...ENDPOINT_RULES], resource: address }, this.settings().severities),
      );
      return action;
    });
  }
}
