/**
 * Highlighting of `.tf` files when no other extension brings a Terraform grammar.
 *
 * VS Code gives a language the grammar of the extension it registers last, and it registers ours after
 * HashiCorp's (extensions are sorted by folder name), so any grammar we contributed for `terraform`
 * would replace theirs. We contribute none: the highlighting comes from semantic tokens, offered only
 * while no installed extension contributes a grammar for the language, and withdrawn as soon as one is
 * installed. See docs/snippets.md, "Highlighting".
 */
import * as vscode from 'vscode';
import { HIGHLIGHT_TOKEN_TYPES, highlightTerraform } from '../core/highlight/semantic-tokens';

/** The legend of our tokens: VS Code's standard types, which every theme colors. */
export const HIGHLIGHT_LEGEND = new vscode.SemanticTokensLegend([...HIGHLIGHT_TOKEN_TYPES], []);

const TYPE_INDEX = new Map<string, number>(HIGHLIGHT_TOKEN_TYPES.map((type, index) => [type, index]));

/** Ids of the installed extensions, other than `ownId`, that contribute a TextMate grammar for `language`. */
export function grammarOwners(language: string, ownId: string): string[] {
  return vscode.extensions.all
    .filter((extension) => extension.id.toLowerCase() !== ownId.toLowerCase())
    .filter((extension) => {
      const grammars = (extension.packageJSON as { contributes?: { grammars?: Array<{ language?: string }> } }).contributes?.grammars;
      return Array.isArray(grammars) && grammars.some((grammar) => grammar.language === language);
    })
    .map((extension) => extension.id);
}

class TerraformHighlighter implements vscode.DocumentRangeSemanticTokensProvider {
  provideDocumentRangeSemanticTokens(document: vscode.TextDocument, range: vscode.Range): vscode.SemanticTokens {
    const builder = new vscode.SemanticTokensBuilder(HIGHLIGHT_LEGEND);
    // JSON syntax (.tf.json) has its own language and grammar; only native syntax is scanned.
    if (/\.json$/i.test(document.uri.path)) return builder.build();
    for (const token of highlightTerraform(document.getText(), { startLine: range.start.line, endLine: range.end.line })) {
      builder.push(token.line, token.character, token.length, TYPE_INDEX.get(token.type) ?? 0, 0);
    }
    return builder.build();
  }
}

/**
 * Offers the highlighting while no other extension contributes a `terraform` grammar; re-decides when
 * extensions are installed, enabled or removed. `log` says which way it went.
 */
export function registerTerraformHighlighting(ownId: string, log: (message: string) => void): vscode.Disposable {
  let registration: vscode.Disposable | undefined;
  let said = '';
  const say = (message: string) => {
    if (message !== said) log(message);
    said = message;
  };
  const update = () => {
    const owners = grammarOwners('terraform', ownId);
    if (owners.length === 0 && !registration) {
      registration = vscode.languages.registerDocumentRangeSemanticTokensProvider(
        [
          { language: 'terraform', scheme: 'file' },
          { language: 'terraform', scheme: 'untitled' },
        ],
        new TerraformHighlighter(),
        HIGHLIGHT_LEGEND,
      );
      say('Highlighting .tf files: no other extension brings a Terraform grammar');
    } else if (owners.length > 0) {
      registration?.dispose();
      registration = undefined;
      say(`Highlighting .tf files is left to ${owners.join(', ')}`);
    }
  };
  update();
  const listener = vscode.extensions.onDidChange(update);
  return new vscode.Disposable(() => {
    listener.dispose();
    registration?.dispose();
  });
}
