/**
 * Completion of the `pecr-` resource snippets, rendered for the module of the document: names the
 * module does not use yet and its own VPC, subnets, security groups, route tables and region (as the
 * quick fixes wire them), so `pecr-full-set` in a module that has `aws_vpc_endpoint.ecr_api` adds only
 * what is missing. When the module cannot be read (a very large file, an unsaved document) the items
 * carry the static templates. The contributed snippets file has no prefixes, so it only serves
 * "Insert Snippet" and a prefix never shows twice (see docs/snippets.md).
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { renderTemplateForModule, type ModuleSnippet } from '../core/fixes/module-snippets';
import { renderTemplate, TEMPLATE_IDS, TEMPLATES, templateResourceAddresses, type TemplateId } from '../core/fixes/templates';
import type { HclFile } from '../core/hcl/ast';
import { Configuration } from '../core/model/config';
import { ParseCache } from '../core/model/loader';
import { DiskReader, OverlayReader } from '../core/model/source';

/** The family prefix every snippet shares. */
const FAMILY = 'pecr';

/** Modules with more text than this are not read in the extension host for a completion. */
const MAX_MODULE_CHARS = 2 * 1024 * 1024;

const escapeSnippet = (text: string) => text.replace(/[$}\\]/g, (c) => `\\${c}`);

/** True when the position is inside a top-level block of the parsed file (resource snippets belong between blocks). */
function insideBlock(file: HclFile, position: vscode.Position): boolean {
  return file.body.items.some((item) => {
    if (item.kind !== 'block') return false;
    const { start, end } = item.range;
    const afterStart = position.line > start.line || (position.line === start.line && position.character > start.character);
    const beforeEnd = position.line < end.line || (position.line === end.line && position.character < end.character);
    return afterStart && beforeEnd;
  });
}

/** Provides the module-aware snippet completions. */
export class ModuleSnippetCompletions implements vscode.CompletionItemProvider {
  constructor(private readonly log: (message: string) => void) {}

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionList | undefined {
    const wordRange = document.getWordRangeAtPosition(position, /[A-Za-z0-9_-]+/);
    const typed = wordRange ? document.getText(new vscode.Range(wordRange.start, position)) : '';
    const replace = wordRange ? new vscode.Range(wordRange.start, position) : new vscode.Range(position, position);
    // Only a word at the start of a line can become a resource block.
    if (document.lineAt(position.line).text.slice(0, replace.start.character).trim() !== '') return undefined;
    // "p", "pe", "pec": not yet ours, but ask again on the next keystroke (the list is incomplete).
    if (typed !== '' && typed.length < FAMILY.length && FAMILY.startsWith(typed.toLowerCase())) return new vscode.CompletionList([], true);
    if (typed !== '' && !typed.toLowerCase().startsWith(FAMILY)) return undefined;
    try {
      return new vscode.CompletionList(this.items(document, replace), false);
    } catch (error) {
      this.log(`snippet completion failed on ${document.uri.fsPath}: ${(error as Error).stack ?? error}`);
      return new vscode.CompletionList(TEMPLATE_IDS.map((id) => this.item(id, staticSnippet(id), replace, false)), false);
    }
  }

  private items(document: vscode.TextDocument, replace: vscode.Range): vscode.CompletionItem[] {
    const module = this.moduleOf(document, replace);
    if (module === 'inside-block') return [];
    return TEMPLATE_IDS.map((id) => (module ? this.item(id, renderTemplateForModule(id, module), replace, true) : this.item(id, staticSnippet(id), replace, false)));
  }

  /** The document's module as a root of its own (for its declarations and wiring), or undefined when it cannot be read here. */
  private moduleOf(document: vscode.TextDocument, typed: vscode.Range) {
    if (document.uri.scheme !== 'file' || document.getText().length > MAX_MODULE_CHARS) return undefined;
    // The module as it will be once the typed prefix is replaced (the bare word would be a syntax error).
    const text = document.getText(new vscode.Range(new vscode.Position(0, 0), typed.start)) + document.getText(new vscode.Range(typed.end, document.lineAt(document.lineCount - 1).range.end));
    // An explicit request (a pecr- prefix typed on a line of its own), bounded by MAX_MODULE_CHARS: the
    // module is read here, with the unsaved text of open documents.
    const cache = new ParseCache();
    const file = cache.parse(document.uri.fsPath, text);
    if (insideBlock(file, typed.start)) return 'inside-block' as const;
    const overlay = new Map<string, string>();
    for (const open of vscode.workspace.textDocuments) if (open.uri.scheme === 'file' && open.isDirty) overlay.set(open.uri.fsPath, open.getText());
    overlay.set(document.uri.fsPath, text);
    return new Configuration(path.dirname(document.uri.fsPath), new OverlayReader(new DiskReader(), overlay), cache).root;
  }

  private item(id: TemplateId, snippet: ModuleSnippet, replace: vscode.Range, forModule: boolean): vscode.CompletionItem {
    const template = TEMPLATES[id];
    const item = new vscode.CompletionItem({ label: template.snippetPrefix, description: template.title }, vscode.CompletionItemKind.Snippet);
    item.insertText = new vscode.SnippetString(`${escapeSnippet(snippet.text)}$0`);
    item.range = replace;
    item.filterText = template.snippetPrefix;
    item.detail = forModule ? `${template.title}, wired to this module` : template.title;
    const notes: string[] = [];
    if (snippet.addresses.length > 0) notes.push(`Declares ${snippet.addresses.map((a) => `\`${a}\``).join(', ')}.`);
    if (snippet.reused.length > 0) notes.push(`Uses what the module has: ${snippet.reused.map((r) => `\`${r.address}\``).join(', ')}.`);
    if (snippet.equivalents.length > 0) notes.push(`The module already has ${snippet.equivalents.map((a) => `\`${a}\``).join(', ')} for this service.`);
    const documentation = new vscode.MarkdownString(`${template.description}\n\n${notes.join(' ')}`);
    documentation.appendCodeblock(snippet.text, 'terraform');
    item.documentation = documentation;
    return item;
  }
}

/** A template with its defaults, as the static snippet inserts it. */
function staticSnippet(id: TemplateId): ModuleSnippet {
  return { id, text: renderTemplate(id), addresses: templateResourceAddresses(id), reused: [], equivalents: [] };
}

/** Registers the provider for Terraform and OpenTofu documents in native syntax. */
export function registerSnippetCompletions(log: (message: string) => void, schemes: string[] = ['file', 'untitled']): vscode.Disposable {
  // The browser build passes its virtual file systems' schemes (there the static snippet text is offered).
  const selector: vscode.DocumentSelector = schemes.flatMap((scheme) => [
    { language: 'terraform', scheme },
    ...(scheme === 'untitled' ? [] : [{ language: 'opentofu', scheme }]),
  ]);
  return vscode.languages.registerCompletionItemProvider(selector, new ModuleSnippetCompletions(log));
}
