/** The one formatter of the live check's messages: a `LiveText` rendered in a language. */
import type { Language } from './language';
import { LIVE_JA } from './live-ja';
import { LIVE_EN, type LiveArg, type LiveJoin, type LiveMessageId, type LiveText } from './live-messages';

/** The Japanese separators: a list of ids or clauses reads with 、 (a list of reasons with ；, sentences with nothing). */
const JA_SEPARATORS: Record<LiveJoin['separator'], string> = { '; ': '；', ', ': '、', ' and ': '、', ' ': '' };

/** The template of a message id in a language. */
export function liveTemplate(id: LiveMessageId, language: Language): string {
  return language === 'ja' ? LIVE_JA[id] : LIVE_EN[id];
}

/** One placeholder value rendered in a language. */
export function renderLiveArg(value: LiveArg, language: Language): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if ('join' in value) {
    const separator = language === 'ja' ? JA_SEPARATORS[value.separator] : value.separator;
    return value.join.map((item) => renderLiveArg(item, language)).join(separator);
  }
  return renderLive(value, language);
}

/**
 * The one formatter of live messages: the template of the id in `language` with every placeholder
 * filled (phrases rendered in the same language). In Japanese a space between two Japanese
 * characters left by a placeholder goes, as `tidyJapaneseSpacing` does for the rule messages.
 */
export function renderLive(text: LiveText, language: Language): string {
  const rendered = liveTemplate(text.id, language).replace(/\{\{(\w+)\}\}/g, (match, name: string) =>
    name in text.data ? renderLiveArg(text.data[name], language) : match,
  );
  return language === 'ja'
    ? rendered.replace(/(?<=[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]) +(?=[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef])/g, '')
    : rendered;
}

/** The data of a message flattened to strings in a language (what a `Finding` carries as `data`). */
export function flatLiveData(text: LiveText, language: Language): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(text.data)) out[name] = typeof value === 'number' ? value : renderLiveArg(value, language);
  return out;
}
