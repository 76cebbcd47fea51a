/**
 * Code actions: each finding's fix (the preferred one marked for Auto Fix), "Ignore <rule> for
 * this block", "Show documentation for <rule>", "Fix all" (source.fixAll.privateEcr), and, on an
 * aws_ecs_service block, "Add private ECR endpoints for this service".
 */
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { Finding, TextEdit } from '../core/findings';
import { adaptEditsToText } from '../core/fixes/apply';
import { fixAllInMemory, minimalReplacement, type FixAllResult } from '../core/fixes/fix-all';
import type { Block } from '../core/hcl/ast';
import { docsUrl } from '../core/rules/types';
import type { AnalysisService } from './analysis-service';
import { ruleIdOf, toRange, type DiagnosticsPublisher } from './diagnostics';
import { variableInputsFor, type AnalysisSettings } from './settings';

/** The code action kind of "fix everything this extension can fix in the file". */
export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('privateEcr');

/** Files larger than this are not parsed in the extension host just to place the cursor in a block. */
const MAX_SYNC_PARSE_CHARS = 2 * 1024 * 1024;

/** Rules whose fixes add endpoints for a service. */
const ENDPOINT_RULES = new Set(['ecr-dkr-endpoint', 'ecr-api-endpoint', 's3-gateway-endpoint', 'logs-endpoint', 'secrets-endpoints', 'ecs-agent-endpoints', 'exec-ssmmessages-endpoint']);

/** Line and character of an offset in a text. */
function positionIn(text: string, offset: number): vscode.Position {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return new vscode.Position(line, offset - lineStart);
}

function currentText(path: string): string | undefined {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === path);
  if (open) return open.getText();
  try {
    return fs.readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Turns whole new file texts into minimal workspace edits. */
export function editsFromTexts(texts: Map<string, string>): vscode.WorkspaceEdit | undefined {
  const edit = new vscode.WorkspaceEdit();
  let any = false;
  for (const [path, after] of texts) {
    const before = currentText(path);
    if (before === undefined || before === after) continue;
    const change = minimalReplacement(before, after);
    edit.replace(vscode.Uri.file(path), new vscode.Range(positionIn(before, change.start), positionIn(before, change.end)), change.newText);
    any = true;
  }
  return any ? edit : undefined;
}

/** A fix's edits as a workspace edit, their inserted text following each file's indentation and line endings. */
function toWorkspaceEdit(edits: TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  const byFile = new Map<string, TextEdit[]>();
  for (const e of edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  for (const [file, fileEdits] of byFile) {
    const text = currentText(file);
    for (const e of text === undefined ? fileEdits : adaptEditsToText(text, fileEdits)) edit.replace(vscode.Uri.file(e.file), toRange(e.range), e.newText);
  }
  return edit;
}

/** True when every open document an edit touches is still at the version the fix was computed for. */
function isCurrent(edits: TextEdit[], versions: Map<string, number>): boolean {
  for (const e of edits) {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === e.file);
    if (open && versions.has(e.file) && open.version !== versions.get(e.file)) return false;
  }
  return true;
}

/** The top-level block of a document that contains a position. */
function topBlockAt(analysis: AnalysisService, document: vscode.TextDocument, position: vscode.Position): Block | undefined {
  const file = analysis.cache.parse(document.uri.fsPath, document.getText());
  for (const item of file.body.items) {
    if (item.kind !== 'block') continue;
    const { start, end } = item.range;
    if ((position.line > start.line || (position.line === start.line && position.character >= start.character)) && (position.line < end.line || (position.line === end.line && position.character <= end.character))) {
      return item;
    }
  }
  return undefined;
}

/** Provides the actions. */
export class PrivateEcrCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  private readonly deferred = new WeakMap<vscode.CodeAction, () => vscode.WorkspaceEdit | undefined>();

  constructor(
    private readonly analysis: AnalysisService,
    private readonly diagnostics: DiagnosticsPublisher,
    private readonly settings: (path?: string) => AnalysisSettings,
    private readonly log: (message: string) => void,
  ) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    try {
      return this.computeActions(document, range, context);
    } catch (error) {
      this.log(`code actions failed on ${document.uri.fsPath}: ${(error as Error).stack ?? error}`);
      return [];
    }
  }

  private computeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    // Fix-all re-analyses the module several times, so it is only computed when asked for by kind
    // (Source Action menu, editor.codeActionsOnSave), never for every lightbulb request.
    const wantsFixAll = context.only ? FIX_ALL_KIND.contains(context.only) || context.only.contains(FIX_ALL_KIND) : false;
    if (wantsFixAll) {
      const fixAll = this.fixAllAction(document);
      return fixAll ? [fixAll] : [];
    }
    if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return actions;
    for (const diagnostic of context.diagnostics) {
      const ruleId = ruleIdOf(diagnostic);
      if (!ruleId) continue;
      const published = this.diagnostics.findingFor(document, diagnostic);
      for (const fix of published?.finding.fixes ?? []) {
        if (!isCurrent(fix.edits, published!.versions)) continue;
        // A fix anchored on a file that does not parse (an unclosed block while typing) could glue text into the wrong place.
        if (fix.edits.some((e) => this.diagnostics.findingsOf(e.file).some((p) => p.finding.ruleId === 'hcl-syntax'))) continue;
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = fix.isPreferred === true;
        action.edit = toWorkspaceEdit(fix.edits);
        actions.push(action);
      }
      // JSON has no comments: the ignore comment exists only in native syntax.
      if (!document.fileName.endsWith('.json')) actions.push(this.ignoreAction(document, diagnostic, ruleId), this.ignoreFileAction(document, diagnostic, ruleId));
      const docs = new vscode.CodeAction(`Show documentation for ${ruleId}`, vscode.CodeActionKind.QuickFix);
      docs.diagnostics = [diagnostic];
      docs.command = { title: `Show documentation for ${ruleId}`, command: 'vscode.open', arguments: [vscode.Uri.parse(docsUrl(ruleId))] };
      actions.push(docs);
    }
    const serviceAction = this.addEndpointsForServiceAction(document, range.start);
    if (serviceAction) actions.push(serviceAction);
    return actions;
  }

  /** Computes the edit of "Add private ECR endpoints for this service" only when the user picks it. */
  resolveCodeAction(action: vscode.CodeAction): vscode.CodeAction {
    const compute = this.deferred.get(action);
    if (compute && !action.edit) {
      try {
        action.edit = compute();
      } catch (error) {
        this.log(`resolving "${action.title}" failed: ${(error as Error).stack ?? error}`);
      }
    }
    return action;
  }

  /** "Ignore <rule> for this file": an `ignore-file` comment on the first line (after other leading comments' first line). */
  private ignoreFileAction(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, ruleId: string): vscode.CodeAction {
    const action = new vscode.CodeAction(`Ignore ${ruleId} for this file`, vscode.CodeActionKind.QuickFix);
    action.diagnostics = [diagnostic];
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(0, 0), `# private-ecr:ignore-file ${ruleId} TODO: say why this is fine\n`);
    action.edit = edit;
    return action;
  }

  private ignoreAction(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, ruleId: string): vscode.CodeAction {
    const action = new vscode.CodeAction(`Ignore ${ruleId} for this block`, vscode.CodeActionKind.QuickFix);
    action.diagnostics = [diagnostic];
    // Finding the enclosing block parses the file: done when the action is chosen, not on every request.
    this.deferred.set(action, () => {
      const block = topBlockAt(this.analysis, document, diagnostic.range.start);
      if (!block) return undefined;
      const line = document.lineAt(block.range.start.line);
      const indent = line.text.slice(0, line.firstNonWhitespaceCharacterIndex);
      const edit = new vscode.WorkspaceEdit();
      edit.insert(document.uri, new vscode.Position(block.range.start.line, 0), `${indent}# private-ecr:ignore ${ruleId} TODO: say why this is fine\n`);
      return edit;
    });
    return action;
  }

  private fixAllAction(document: vscode.TextDocument): vscode.CodeAction | undefined {
    const path = document.uri.fsPath;
    const roots = this.analysis.rootsForFile(path);
    const result = fixAllInMemory(roots, this.analysis.reader(), (f: Finding) => f.file === path, { severities: this.settings(path).severities, variables: variableInputsFor(roots[0] ?? path) });
    this.logProblems(result);
    const edit = editsFromTexts(result.texts);
    if (!edit) return undefined;
    const action = new vscode.CodeAction('Fix all Private ECR problems in this file', FIX_ALL_KIND);
    action.edit = edit;
    return action;
  }

  /** Logs the fixes fix-all left out (a file with syntax errors) or that went wrong. */
  private logProblems(result: FixAllResult): void {
    for (const p of result.problems) this.log(`fix all: ${p.file ?? ''}: ${p.message}`);
  }

  private addEndpointsForServiceAction(document: vscode.TextDocument, position: vscode.Position): vscode.CodeAction | undefined {
    // Placing the cursor needs a parse of the file in this thread: skip it for very large files.
    if (document.getText().length > MAX_SYNC_PARSE_CHARS) return undefined;
    const block = topBlockAt(this.analysis, document, position);
    if (!block || block.type !== 'resource' || block.labels[0] !== 'aws_ecs_service' || !block.labels[1]) return undefined;
    const path = document.uri.fsPath;
    const address = `aws_ecs_service.${block.labels[1]}`;
    const forService = (resource: string | null) => resource === address || (resource?.startsWith(address + '[') ?? false);
    const missing = this.diagnostics.findingsOf(path).filter((p) => ENDPOINT_RULES.has(p.finding.ruleId) && forService(p.finding.resource) && (p.finding.fixes?.length ?? 0) > 0);
    if (missing.length === 0) return undefined;
    const action = new vscode.CodeAction('Add private ECR endpoints for this service', vscode.CodeActionKind.QuickFix);
    // The edit (several analysis rounds) is computed in resolveCodeAction, when the action is chosen.
    this.deferred.set(action, () => {
      const roots = this.analysis.rootsForFile(path);
      const result = fixAllInMemory(
        roots,
        this.analysis.reader(),
        (f) => ENDPOINT_RULES.has(f.ruleId) && f.file === path && forService(f.resource),
        { severities: this.settings().severities, variables: variableInputsFor(roots[0] ?? path) },
      );
      this.logProblems(result);
      return editsFromTexts(result.texts);
    });
    return action;
  }
}
