/**
 * Expands a VS Code snippet body the way VS Code's SnippetParser does for the subset our generator emits:
 * text escapes (`\$`, `\}`, `\\`), tab stops `$n` / `${n}`, placeholders `${n:text}`, choices `${n|a,b|}`
 * (where `\` escapes only `,`, `|` and `\`), and the final tab stop `$0`.
 * It is stricter than VS Code: an unescaped `$` or `}` in text, or a snippet variable, is an error,
 * because our generator must never emit them.
 */

/** A parsed piece of a snippet body. */
type SnippetNode = { kind: 'text'; value: string } | { kind: 'tabstop'; index: number; placeholder?: SnippetNode[]; choices?: string[] };

/** A parse problem with the offset where it happened. */
export class SnippetSyntaxError extends Error {}

class SnippetParser {
  private pos = 0;
  constructor(private readonly source: string) {}

  parseAll(): SnippetNode[] {
    const nodes = this.parseSequence(false);
    if (this.pos !== this.source.length) throw this.error('unexpected text after the snippet');
    return nodes;
  }

  private error(message: string): SnippetSyntaxError {
    const context = JSON.stringify(this.source.slice(Math.max(0, this.pos - 20), this.pos + 20));
    return new SnippetSyntaxError(`${message} at offset ${this.pos} (near ${context})`);
  }

  /** Parses text and tab stops until the end, or until an unescaped `}` when inside a placeholder. */
  private parseSequence(insidePlaceholder: boolean): SnippetNode[] {
    const nodes: SnippetNode[] = [];
    let text = '';
    const flush = (): void => {
      if (text) nodes.push({ kind: 'text', value: text });
      text = '';
    };
    while (this.pos < this.source.length) {
      const ch = this.source[this.pos];
      if (ch === '\\') {
        const next = this.source[this.pos + 1];
        if (next === '$' || next === '}' || next === '\\') {
          text += next;
          this.pos += 2;
        } else {
          text += ch;
          this.pos += 1;
        }
      } else if (ch === '$') {
        flush();
        nodes.push(this.parseTabStop());
      } else if (ch === '}') {
        if (insidePlaceholder) break;
        throw this.error('unescaped "}" in snippet text');
      } else {
        text += ch;
        this.pos += 1;
      }
    }
    flush();
    return nodes;
  }

  private parseTabStop(): SnippetNode {
    const rest = this.source.slice(this.pos);
    const simple = /^\$(\d+)/.exec(rest);
    if (simple) {
      this.pos += simple[0].length;
      return { kind: 'tabstop', index: Number(simple[1]) };
    }
    const complex = /^\$\{(\d+)([:|}])/.exec(rest);
    if (!complex) throw this.error('"$" that is neither escaped nor a tab stop (a snippet variable?)');
    this.pos += complex[0].length;
    const index = Number(complex[1]);
    if (complex[2] === '}') return { kind: 'tabstop', index };
    if (complex[2] === ':') {
      const placeholder = this.parseSequence(true);
      if (this.source[this.pos] !== '}') throw this.error(`placeholder \${${index}:...} is not closed`);
      this.pos += 1;
      return { kind: 'tabstop', index, placeholder };
    }
    return { kind: 'tabstop', index, choices: this.parseChoices(index) };
  }

  private parseChoices(index: number): string[] {
    const choices: string[] = [];
    let current = '';
    while (this.pos < this.source.length) {
      const ch = this.source[this.pos];
      if (ch === '\\') {
        const next = this.source[this.pos + 1];
        if (next === ',' || next === '|' || next === '\\') {
          current += next;
          this.pos += 2;
        } else {
          current += ch;
          this.pos += 1;
        }
      } else if (ch === ',') {
        choices.push(current);
        current = '';
        this.pos += 1;
      } else if (ch === '|') {
        choices.push(current);
        if (this.source[this.pos + 1] !== '}') throw this.error(`choice \${${index}|...|} is not closed with "|}"`);
        this.pos += 2;
        if (choices.some((c) => c === '')) throw this.error(`choice \${${index}|...|} has an empty option`);
        return choices;
      } else {
        current += ch;
        this.pos += 1;
      }
    }
    throw this.error(`choice \${${index}|...|} runs to the end of the snippet`);
  }
}

/** What a tab stop looks like in a snippet: whether it has a default or choices, and how often it is used. */
export interface TabStopInfo {
  index: number;
  uses: number;
  /** How many of the uses carry a default or a choice list (VS Code takes the first). */
  definitions: number;
  choices?: string[];
}

/** Parses a snippet body (lines joined with "\n") and describes its tab stops. */
export function describeTabStops(body: string): Map<number, TabStopInfo> {
  const infos = new Map<number, TabStopInfo>();
  const visit = (nodes: SnippetNode[]): void => {
    for (const node of nodes) {
      if (node.kind !== 'tabstop') continue;
      const info = infos.get(node.index) ?? { index: node.index, uses: 0, definitions: 0 };
      info.uses += 1;
      if (node.placeholder || node.choices) info.definitions += 1;
      if (node.choices && !info.choices) info.choices = node.choices;
      infos.set(node.index, info);
      if (node.placeholder) visit(node.placeholder);
    }
  };
  visit(new SnippetParser(body).parseAll());
  return infos;
}

/**
 * Expands a snippet body as if the user accepted every default: placeholders keep their text,
 * choices take their first option (or the one `choose` returns), mirrors repeat the first value, `$0` is empty.
 */
export function expandSnippet(body: string, choose?: (index: number, choices: string[]) => string | undefined): string {
  const nodes = new SnippetParser(body).parseAll();
  const values = new Map<number, string>();

  // Like VS Code, the first occurrence of an index that has a default or choices defines the value of all its mirrors.
  const define = (list: SnippetNode[]): void => {
    for (const node of list) {
      if (node.kind !== 'tabstop' || values.has(node.index)) continue;
      if (node.placeholder) define(node.placeholder);
      if (node.choices) values.set(node.index, choose?.(node.index, node.choices) ?? node.choices[0]);
      else if (node.placeholder) values.set(node.index, render(node.placeholder));
    }
  };
  const render = (list: SnippetNode[]): string =>
    list
      .map((node) => {
        if (node.kind === 'text') return node.value;
        if (node.index === 0) return '';
        return values.get(node.index) ?? '';
      })
      .join('');
  define(nodes);
  return render(nodes);
}
