/**
 * Renders findings in a language. The rules report a message id with data and the engine keeps
 * both on the finding (`messageId`, `data`, already redacted), so a finding built in English can be
 * rendered in Japanese afterwards: the message from the Japanese catalog, the English phrases in its
 * data, related locations and fix titles from the phrase table. What the catalog does not know stays
 * in English rather than disappearing.
 */
import type { Finding } from '../findings';
import { DOCS_BASE_URL, formatMessage } from '../rules/types';
import { JA_MESSAGES, JA_PATTERNS, JA_PHRASES } from './ja';
import type { Language } from './language';

/** The message template of a rule's message id in a language (English templates come from the rule). */
export function localizedTemplate(ruleId: string, messageId: string, language: Language, english: string | undefined): string | undefined {
  if (language === 'ja') return JA_MESSAGES[ruleId]?.[messageId] ?? english;
  return english;
}

const MAX_DEPTH = 4;

/**
 * A phrase in a language: an exact entry of the phrase table, else the first pattern that matches
 * the whole text, with its captured parts translated in turn, else a list ("a, b and c", "a; b")
 * whose items are all known or single tokens. Unknown text is returned unchanged.
 */
export function localizePhrase(text: string, language: Language, depth = 0): string {
  if (language === 'en' || text === '' || depth > MAX_DEPTH) return text;
  const exact = JA_PHRASES[text];
  if (exact !== undefined) return exact;
  for (const [pattern, replacement] of JA_PATTERNS) {
    const match = pattern.exec(text);
    if (!match || match[0].length !== text.length) continue;
    return replacement.replace(/\$(\d)/g, (_m, n: string) => localizePhrase(match[Number(n)] ?? '', language, depth + 1));
  }
  return localizeList(text, language, depth) ?? text;
}

/** A list of the rules' own making (`a, b and c` of ids, `a; b` of reasons) with "、" between items; undefined when an item is unknown prose. */
function localizeList(text: string, language: Language, depth: number): string | undefined {
  const separator = text.includes('; ') ? '; ' : text.includes(', ') || / and \S+$/.test(text) ? ', ' : undefined;
  if (!separator) return undefined;
  const items = text.split(separator);
  if (separator === ', ') {
    const last = / and (?=\S+$)/.exec(items[items.length - 1]);
    if (last) {
      const tail = items.pop()!;
      items.push(tail.slice(0, last.index), tail.slice(last.index + 5));
    }
  }
  if (items.length < 2) return undefined;
  const out: string[] = [];
  for (const item of items) {
    if (!/\s/.test(item)) {
      out.push(item);
      continue;
    }
    const localized = localizePhrase(item, language, depth + 1);
    if (localized === item) return undefined;
    out.push(localized);
  }
  return out.join('、');
}

/**
 * Japanese does not space words: a space the templates put around a placeholder goes when both of
 * its sides are Japanese (kana, kanji, full-width punctuation), and stays next to an address or id.
 */
export function tidyJapaneseSpacing(text: string): string {
  return text.replace(/(?<=[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]) +(?=[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef])/g, '');
}

/** The data of a finding with its phrases translated (numbers and unknown text kept). */
function localizeData(data: Record<string, string | number>, language: Language): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(data)) out[key] = typeof value === 'string' ? localizePhrase(value, language) : value;
  return out;
}

/**
 * A finding in `language`. English returns the finding as it is. A finding with a message id is
 * rendered again from the catalog; one without (the checker's load problems, live findings) keeps
 * its message unless the whole of it is a known phrase.
 */
export function localizeFinding(finding: Finding, language: Language): Finding {
  if (language === 'en') return finding;
  const tidy = (text: string) => tidyJapaneseSpacing(text);
  const template = finding.messageId && finding.data ? JA_MESSAGES[finding.ruleId]?.[finding.messageId] : undefined;
  // Load problems keep the wording of Terraform's own diagnostics, which people search for.
  const message =
    template !== undefined
      ? tidy(formatMessage(template, localizeData(finding.data!, language)))
      : finding.ruleId === 'internal-error'
        ? tidy(localizePhrase(finding.message, language))
        : finding.message;
  return {
    ...finding,
    message,
    ...(finding.related ? { related: finding.related.map((r) => ({ ...r, message: tidy(localizePhrase(r.message, language)) })) } : {}),
    ...(finding.fixes ? { fixes: finding.fixes.map((f) => ({ ...f, title: tidy(localizePhrase(f.title, language)) })) } : {}),
  };
}

/** Every finding in `language`, in the same order. */
export function localizeFindings(findings: Finding[], language: Language): Finding[] {
  return language === 'en' ? findings : findings.map((f) => localizeFinding(f, language));
}

/** The documentation of a rule in a language: the section of docs/rules.md, or the rule's page under docs/<lang>/rules/. */
export function localizedDocsUrl(ruleId: string, language: Language): string {
  if (language === 'en') return `${DOCS_BASE_URL}#${ruleId}`;
  return `${DOCS_BASE_URL.replace(/\/docs\/rules\.md$/, '')}/docs/${language}/rules/${ruleId}.md`;
}
