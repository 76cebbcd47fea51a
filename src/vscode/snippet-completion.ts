/**
 * Completion of the `pecr-` resource snippets, offered at the start of a line outside any block.
 * The items carry the static templates (the extension host never parses; rendering them for the
 * module, with unique names and its own wiring, needs the analysis worker and is not wired yet).
 * The contributed snippets file has no prefixes, so it only serves "Insert Snippet" and a prefix
 * never shows twice (see docs/snippets.md).
 */
import * as vscode from 'vscode';
import type { ModuleSnippet } from '../core/fixes/module-snippets';
import { renderTemplate, TEMPLATE_IDS, TEMPLATES, templateResourceAddresses, type TemplateId } from '../core/fixes/templates';

/** The family prefix every snippet shares. */
const FAMILY = 'pecr';

const escapeSnippet = (text: string) => text.replace(/[$}\\]/g, (c) => `\\${c}`);

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
      return new vscode.CompletionList(
        TEMPLATE_IDS.map((id) => this.item(id, staticSnippet(id), replace, false)),
        false,
      );
    }
  }

  private items(document: vscode.TextDocument, replace: vscode.Range): vscode.CompletionItem[] {
    // The extension host never parses (the analysis worker does): a resource block starts at column 0.
    void document;
    if (replace.start.character > 0) return [];
    return TEMPLATE_IDS.map((id) => this.item(id, staticSnippet(id), replace, false));
  }

  private item(id: TemplateId, snippet: ModuleSnippet, replace: vscode.Range, forModule: boolean): vscode.CompletionItem {
    const template = TEMPLATES[id];
    const item = new vscode.CompletionItem(
      { label: template.snippetPrefix, description: template.title },
      vscode.CompletionItemKind.Snippet,
    );
    item.insertText = new vscode.SnippetString(`${escapeSnippet(snippet.text)}$0`);
    item.range = replace;
    item.filterText = template.snippetPrefix;
    item.detail = forModule ? `${template.title}, wired to this module` : template.title;
    const notes: string[] = [];
    if (snippet.addresses.length > 0) notes.push(`Declares ${snippet.addresses.map((a) => `\`${a}\``).join(', ')}.`);
    if (snippet.reused.length > 0) notes.push(`Uses what the module has: ${snippet.reused.map((r) => `\`${r.address}\``).join(', ')}.`);
    if (snippet.equivalents.length > 0)
      notes.push(`The module already has ${snippet.equivalents.map((a) => `\`${a}\``).join(', ')} for this service.`);
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
