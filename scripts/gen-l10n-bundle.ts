/**
 * Writes l10n/bundle.l10n.json: every `vscode.l10n.t('…')` message of the editor layer (src/vscode/,
 * src/extension.ts), keyed by itself as VS Code's bundles are. It does what `@vscode/l10n-dev export`
 * does for this project's code (that package is not a dependency): the TypeScript parser finds the
 * calls, and a call whose message is not a string literal is an error, since no bundle could hold it.
 * Translations live beside it in l10n/bundle.l10n.<language>.json (written by hand; the l10n test
 * checks they have exactly these keys and the same {0} placeholders).
 * `npx tsx scripts/gen-l10n-bundle.ts` rewrites the bundle; a test fails when it is stale.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const root = path.join(__dirname, '..');

/** The files of the editor layer, sorted. */
export function editorSourceFiles(): string[] {
  const out: string[] = [path.join(root, 'src', 'extension.ts')];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) out.push(full);
    }
  };
  walk(path.join(root, 'src', 'vscode'));
  walk(path.join(root, 'src', 'web'));
  return out;
}

/** The messages of `vscode.l10n.t` calls in the files, in order of first appearance; throws on a non-literal message. */
export function collectMessages(files: string[]): string[] {
  const messages: string[] = [];
  for (const file of files) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node) && node.expression.getText(source).replace(/\s/g, '') === 'vscode.l10n.t') {
        const first = node.arguments[0];
        if (!first || !(ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) {
          const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
          throw new Error(`${path.relative(root, file)}:${line + 1}: vscode.l10n.t needs a string literal message (use {0} placeholders)`);
        }
        if (!messages.includes(first.text)) messages.push(first.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return messages;
}

/** The English bundle for the current sources. */
export function englishBundle(): Record<string, string> {
  return Object.fromEntries(collectMessages(editorSourceFiles()).map((m) => [m, m]));
}

if (require.main === module) {
  fs.mkdirSync(path.join(root, 'l10n'), { recursive: true });
  fs.writeFileSync(path.join(root, 'l10n', 'bundle.l10n.json'), JSON.stringify(englishBundle(), null, 2) + '\n');
  process.stdout.write('l10n/bundle.l10n.json regenerated\n');
}
