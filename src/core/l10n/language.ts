/**
 * The languages findings can be rendered in, and how a locale name (`ja`, `ja-JP`, `ja_JP.UTF-8`,
 * VS Code's `vscode.env.language`) or the POSIX locale variables choose one. English is the
 * language of the rule definitions; every other language is a catalog over the same message ids.
 */

/** A language findings can be rendered in. */
export type Language = 'en' | 'ja';

/** Every supported language, English first (the source language). */
export const LANGUAGES: readonly Language[] = ['en', 'ja'];

/** True when `value` names a supported language exactly (`en`, `ja`), as `--lang` takes it. */
export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}

/**
 * The language of a locale name: `ja`, `ja-JP`, `ja_JP.UTF-8`, `ja_JP@euro` are Japanese; any other
 * named locale (`en_US.UTF-8`, `C`, `POSIX`, `de`) is English. Undefined for an empty name, so
 * the caller can look at the next source.
 */
export function languageOfLocale(locale: string | undefined): Language | undefined {
  if (locale === undefined) return undefined;
  const name = locale.trim();
  if (name === '') return undefined;
  const base = name.split(/[._@]/)[0].split('-')[0].toLowerCase();
  return base === 'ja' ? 'ja' : 'en';
}

/**
 * The language the POSIX locale variables choose, in their precedence: `LC_ALL`, then
 * `LC_MESSAGES`, then `LANG` (an empty variable is skipped, as setlocale(3) does). English when
 * none is set.
 */
export function languageFromEnvironment(env: Record<string, string | undefined>): Language {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const language = languageOfLocale(env[name]);
    if (language) return language;
  }
  return 'en';
}
