/**
 * Completion of the `pecr-` resource snippets, offered at the start of a line outside any block,
 * rendered for the module of the document by the analysis worker (the extension host never parses):
 * names the module does not use yet and its own VPC, subnets, security groups, route tables and
 * region (as the quick fixes wire them), so `pecr-full-set` in a module that has
 * `aws_vpc_endpoint.ecr_api` adds only what is missing and points the rest at it. When the worker has
 * no answer in time (or the document is not a file, or in the browser) the items carry the static
 * templates. The contributed snippets file has no prefixes, so it only serves "Insert Snippet" and a
 * prefix never shows twice (see docs/snippets.md).
 */
import * as vscode from 'vscode';
import type { TextRange } from '../core/findings';
import type { ModuleSnippet } from '../core/fixes/module-snippets';
import { renderTemplate, TEMPLATE_IDS, TEMPLATES, templateResourceAddresses, type TemplateId } from '../core/fixes/templates';

/** The family prefix every snippet shares. */
const FAMILY = 'pecr';

/** How long completion waits for the worker's rendering before it offers the static templates. */
export const MODULE_SNIPPET_WAIT_MS = 2000;

/** Renders every template for the module of a file, read without the text in `without`; null when it cannot. */
export type ModuleSnippetSource = (path: string, without: TextRange | undefined) => Promise<ModuleSnippet[] | null>;

const escapeSnippet = (text: string) => text.replace(/[$}\\]/g, (c) => `\\${c}`);

const toTextRange = (range: vscode.Range): TextRange => ({
  start: { line: range.start.line, character: range.start.character },
  end: { line: range.end.line, character: range.end.character },
});

/** Provides the module-aware snippet completions. */
export class ModuleSnippetCompletions implements vscode.CompletionItemProvider {
  constructor(
    private readonly log: (message: string) => void,
    private readonly source?: ModuleSnippetSource,
    private readonly waitMs = MODULE_SNIPPET_WAIT_MS,
  ) {}

  async provideCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
    token?: vscode.CancellationToken,
  ): Promise<vscode.CompletionList | undefined> {
    const wordRange = document.getWordRangeAtPosition(position, /[A-Za-z0-9_-]+/);
    const typed = wordRange ? document.getText(new vscode.Range(wordRange.start, position)) : '';
    const replace = wordRange ? new vscode.Range(wordRange.start, position) : new vscode.Range(position, position);
    // Only a word at the start of a line can become a resource block.
    if (document.lineAt(position.line).text.slice(0, replace.start.character).trim() !== '') return undefined;
    // "p", "pe", "pec": not yet ours, but ask again on the next keystroke (the list is incomplete).
    if (typed !== '' && typed.length < FAMILY.length && FAMILY.startsWith(typed.toLowerCase())) return new vscode.CompletionList([], true);
    if (typed !== '' && !typed.toLowerCase().startsWith(FAMILY)) return undefined;
    // A resource block starts at column 0.
    if (replace.start.character > 0) return new vscode.CompletionList([], false);
    const forModule = await this.forModule(document, wordRange, token);
    if (forModule)
      return new vscode.CompletionList(
        forModule.map((snippet) => this.item(snippet.id, snippet, replace, true)),
        false,
      );
    return new vscode.CompletionList(
      TEMPLATE_IDS.map((id) => this.item(id, staticSnippet(id), replace, false)),
      false,
    );
  }

  /** The worker's rendering for the document's module, or undefined when it has none in time. */
  private async forModule(
    document: vscode.TextDocument,
    word: vscode.Range | undefined,
    token: vscode.CancellationToken | undefined,
  ): Promise<ModuleSnippet[] | undefined> {
    if (!this.source || document.uri.scheme !== 'file') return undefined;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late' | 'cancelled'>((resolve) => {
      timer = setTimeout(() => resolve('late'), this.waitMs);
      token?.onCancellationRequested(() => resolve('cancelled'));
    });
    const asked = this.source(document.uri.fsPath, word && toTextRange(word)).catch((error: unknown) => {
      this.log(`snippet completion could not render the module of ${document.uri.fsPath}: ${(error as Error)?.message ?? error}`);
      return null;
    });
    try {
      const answer = await Promise.race([asked, late]);
      if (answer === 'cancelled') return undefined;
      if (answer === 'late') {
        this.log(`snippet completion: no rendering for ${document.uri.fsPath} within ${this.waitMs} ms; offering the static templates`);
        return undefined;
      }
      return answer ?? undefined;
    } finally {
      clearTimeout(timer);
    }
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
    item.detail = forModule ? vscode.l10n.t('{0}, wired to this module', template.title) : template.title;
    const code = (addresses: string[]) => addresses.map((a) => `\`${a}\``).join(', ');
    const notes: string[] = [];
    if (snippet.addresses.length > 0) notes.push(vscode.l10n.t('Declares {0}.', code(snippet.addresses)));
    if (snippet.reused.length > 0) notes.push(vscode.l10n.t('Uses what the module has: {0}.', code(snippet.reused.map((r) => r.address))));
    if (snippet.equivalents.length > 0)
      notes.push(vscode.l10n.t('The module already has {0} for this service.', code(snippet.equivalents)));
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

/**
 * Registers the provider for Terraform and OpenTofu documents in native syntax. `source` renders the
 * templates for a module (the analysis worker); without it (the browser build) the static texts are offered.
 */
export function registerSnippetCompletions(
  log: (message: string) => void,
  schemes: string[] = ['file', 'untitled'],
  source?: ModuleSnippetSource,
): vscode.Disposable {
  // The browser build passes its virtual file systems' schemes (there the static snippet text is offered).
  const selector: vscode.DocumentSelector = schemes.flatMap((scheme) => [
    { language: 'terraform', scheme },
    ...(scheme === 'untitled' ? [] : [{ language: 'opentofu', scheme }]),
  ]);
  return vscode.languages.registerCompletionItemProvider(selector, new ModuleSnippetCompletions(log, source));
}
