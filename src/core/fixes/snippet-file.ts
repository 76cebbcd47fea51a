/**
 * The contributed snippets file (`snippets/terraform.code-snippets`, written by `scripts/gen-snippets.mjs`)
 * and the snippets table of docs/snippets.md, both generated from the template catalog.
 */
import {
  definitionOf,
  PLACEHOLDER,
  SINGLE_QUOTED_STRING,
  TEMPLATE_IDS,
  TEMPLATES,
  valueInString,
  type TemplateId,
} from './template-catalog';
import { templateResourceAddresses } from './templates';

// ---------------------------------------------------------------------------------------------
// Snippets (VS Code snippet syntax: `\` escapes `$`, `}` and `\` in text and placeholders;
// inside a choice `\` escapes only `,`, `|` and `\`, and `$`/`}` are taken literally).

function escapeSnippetText(text: string): string {
  return text.replace(/[\\$}]/g, (ch) => '\\' + ch);
}

function escapeSnippetChoice(text: string): string {
  return text.replace(/[\\,|]/g, (ch) => '\\' + ch);
}

/** The snippet body lines: tab stops `${n:default}` or `${n|a,b|}` numbered by first use, later uses `${n}`, `$0` last. */
export function renderSnippetBody(id: TemplateId): string[] {
  const definition = definitionOf(id);
  const paramsByName = new Map<string, (typeof definition.params)[number]>(definition.params.map((p) => [p.name, p]));
  const occurrences = [...definition.source.matchAll(PLACEHOLDER)];

  // A parameter used only inside strings shows its values in string form (so a literal region can be offered);
  // one also used as an expression keeps expression form and is wrapped in ${...} where it sits in a string.
  const onlyInStrings = new Map<string, boolean>();
  for (const match of occurrences) {
    onlyInStrings.set(match[1], (onlyInStrings.get(match[1]) ?? true) && match[2] !== undefined);
  }

  const tabStops = new Map<string, number>();
  let body = '';
  let last = 0;
  for (const match of occurrences) {
    const [whole, name, inString] = match;
    const param = paramsByName.get(name);
    if (!param) throw new Error(`Template "${id}" uses undeclared parameter "${name}"`);
    body += escapeSnippetText(definition.source.slice(last, match.index));
    last = match.index + whole.length;

    const stringForm = onlyInStrings.get(name) === true;
    const display = (value: string): string => (stringForm ? valueInString(value) : value);
    let tabStop: string;
    const known = tabStops.get(name);
    if (known !== undefined) {
      tabStop = '${' + known + '}';
    } else {
      const index = tabStops.size + 1;
      tabStops.set(name, index);
      // Quoted literals would become ${"..."} inside a string, so they are not offered where a string wraps the value.
      const choices = (param.choices ?? []).filter(
        (c) => stringForm || !SINGLE_QUOTED_STRING.test(c) || !inStringSomewhere(occurrences, name),
      );
      tabStop =
        choices.length > 1
          ? '${' + index + '|' + choices.map((c) => escapeSnippetChoice(display(c))).join(',') + '|}'
          : '${' + index + ':' + escapeSnippetText(display(param.default)) + '}';
    }
    body += inString && !stringForm ? '\\${' + tabStop + '\\}' : tabStop;
  }
  body += escapeSnippetText(definition.source.slice(last));

  const lines = body.split('\n');
  // The source ends with a newline, so the last line is empty: the final tab stop goes there.
  lines[lines.length - 1] += '$0';
  return lines;
}

function inStringSomewhere(occurrences: RegExpMatchArray[], name: string): boolean {
  return occurrences.some((m) => m[1] === name && m[2] !== undefined);
}

/**
 * One entry of a `.code-snippets` file. It has no `prefix`: VS Code then lists it only in "Insert
 * Snippet", and completion offers the `pecr-` prefixes through the extension's module-aware provider
 * (unique names, the module's wiring), so one prefix never shows twice.
 */
export interface SnippetFileEntry {
  description: string;
  scope: string;
  body: string[];
}

/** The snippets file content (keyed by title), as written to `snippets/terraform.code-snippets`. */
export function buildSnippetsFile(): Record<string, SnippetFileEntry> {
  const file: Record<string, SnippetFileEntry> = {};
  for (const id of TEMPLATE_IDS) {
    const template = TEMPLATES[id];
    if (template.title in file) throw new Error(`Two templates share the title "${template.title}"`);
    file[template.title] = {
      description: `${template.description} (completion: ${template.snippetPrefix})`,
      scope: 'terraform',
      body: renderSnippetBody(id),
    };
  }
  return file;
}

/** The exact text of `snippets/terraform.code-snippets` (2-space JSON, trailing newline). */
export function buildSnippetsFileText(): string {
  return JSON.stringify(buildSnippetsFile(), null, 2) + '\n';
}

/** The Markdown table of snippets for docs/snippets.md (between its `snippets-table` markers). */
export function buildSnippetsDocTable(): string {
  const cell = (text: string): string => text.replace(/\|/g, '\\|');
  const rows = TEMPLATE_IDS.map((id) => {
    const template = TEMPLATES[id];
    const creates = templateResourceAddresses(id)
      .map((address) => '`' + address + '`')
      .join(', ');
    const tabStops = template.params.map((p) => '`' + p.name + '`').join(', ');
    return `| \`${template.snippetPrefix}\` | ${cell(template.title)}: ${cell(template.description)} | ${creates} | ${tabStops} |`;
  });
  return ['| Prefix | Inserts | Resources (default names) | Tab stops |', '|---|---|---|---|', ...rows].join('\n') + '\n';
}
