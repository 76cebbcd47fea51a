/**
 * Tokenizes text with our TextMate grammar through vscode-textmate + vscode-oniguruma,
 * the same engine VS Code uses, and prints tokens in the snapshot format.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

/** The repository root. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** Our grammar file and the scope name package.json registers it under. */
export const grammarPath = path.join(repoRoot, 'syntaxes', 'terraform.tmLanguage.json');
export const grammarScope = 'source.hcl.terraform.private-ecr';

/** One token of one line. */
export interface Token {
  line: number;
  text: string;
  scopes: string[];
}

let grammarPromise: Promise<textmate.IGrammar> | undefined;

async function createGrammar(): Promise<textmate.IGrammar> {
  const wasm = readFileSync(path.join(repoRoot, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName: string) =>
      scopeName === grammarScope ? textmate.parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath) : null,
  });
  const grammar = await registry.loadGrammar(grammarScope);
  if (!grammar) throw new Error(`vscode-textmate could not load ${grammarPath}`);
  return grammar;
}

/** The grammar, loaded once per test run (the WASM can only be initialised once per process). */
export function loadGrammar(): Promise<textmate.IGrammar> {
  grammarPromise ??= createGrammar();
  return grammarPromise;
}

/** Tokenizes a whole text line by line, carrying the rule stack across lines as the editor does. */
export async function tokenize(text: string): Promise<Token[]> {
  const grammar = await loadGrammar();
  const tokens: Token[] = [];
  let ruleStack = textmate.INITIAL;
  text.split(/\r?\n/).forEach((line, index) => {
    const result = grammar.tokenizeLine(line, ruleStack);
    for (const token of result.tokens) {
      tokens.push({ line: index, text: line.slice(token.startIndex, token.endIndex), scopes: token.scopes });
    }
    ruleStack = result.ruleStack;
  });
  return tokens;
}

/**
 * The snapshot text: each source line as `> line`, then one line per non-blank token:
 * the token text as a JSON string, then its scopes without the root scope.
 */
export function formatSnapshot(text: string, tokens: Token[]): string {
  const lines = text.split(/\r?\n/);
  const out: string[] = [];
  lines.forEach((line, index) => {
    if (index === lines.length - 1 && line === '') return;
    out.push(`> ${line}`);
    for (const token of tokens) {
      if (token.line !== index || token.text.trim() === '') continue;
      const scopes = token.scopes.filter((scope) => scope !== grammarScope);
      out.push(`  ${JSON.stringify(token.text)} ${scopes.join(' ') || '(root)'}`);
    }
  });
  return out.join('\n') + '\n';
}
