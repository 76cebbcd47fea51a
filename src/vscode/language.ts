/** The language findings are shown in: VS Code's display language when the core has it, else English. */
import * as vscode from 'vscode';
import { languageOfLocale, type Language } from '../core/l10n/language';

/** The display language (`vscode.env.language`, e.g. `ja`) as a language of the core's catalogs. */
export function displayLanguage(): Language {
  return languageOfLocale(vscode.env.language) ?? 'en';
}
