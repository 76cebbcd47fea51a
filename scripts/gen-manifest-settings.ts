/**
 * Keeps the settings part of package.json in step with the rule registry: `privateEcr.rules` lists
 * every rule id as a property (completion and validation in settings.json, unknown ids flagged), and
 * every setting has an `order` so the Settings editor shows them in a deliberate sequence.
 * Every user-visible manifest string is a `%key%` that VS Code looks up in package.nls.json
 * (English) and package.nls.<language>.json in the display language; the rule entries' keys are
 * generated here from the registry and src/core/l10n, the other keys are written by hand.
 * `npx tsx scripts/gen-manifest-settings.ts` rewrites package.json and the nls files; a test fails
 * when they are stale.
 */
import * as fs from 'fs';
import * as path from 'path';
import { JA_TITLES } from '../src/core/l10n/ja';
import type { Language } from '../src/core/l10n/language';
import { localizedDocsUrl } from '../src/core/l10n/localize';
import { allRuleMetas } from '../src/core/rules/registry';

type Json = Record<string, unknown>;

/** The nls key of a rule's entry under `privateEcr.rules`. */
function ruleKey(id: string): string {
  return `configuration.rules.${id}.markdownDescription`;
}

/** The generated nls entries (one per rule) in a language. */
export function generatedNlsEntries(language: Language): Record<string, string> {
  return Object.fromEntries(
    allRuleMetas().map((m) => [
      ruleKey(m.id),
      language === 'ja'
        ? `${JA_TITLES[m.id] ?? m.title}。既定値は \`${m.defaultSeverity}\`。[ドキュメント](${localizedDocsUrl(m.id, 'ja')})`
        : `${m.title}. Default \`${m.defaultSeverity}\`. [Documentation](${localizedDocsUrl(m.id, 'en')})`,
    ]),
  );
}

/** An nls file with the generated entries replaced by the current ones (hand-written keys first, in their order). */
export function withGeneratedNls(nls: Record<string, string>, language: Language): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(nls)) if (!/^configuration\.rules\.[^.]+\.markdownDescription$/.test(key)) out[key] = value;
  return { ...out, ...generatedNlsEntries(language) };
}

/** The nls files next to package.json: `package.nls.json` (English) and one per other language. */
export const NLS_FILES: Record<Language, string> = { en: 'package.nls.json', ja: 'package.nls.ja.json' };

/** The `privateEcr.rules` setting's schema. */
export function rulesSettingSchema(previous: Json): Json {
  const levels = ['error', 'warning', 'info', 'off'];
  return {
    ...previous,
    type: 'object',
    default: {},
    scope: 'resource',
    properties: Object.fromEntries(
      allRuleMetas().map((m) => [m.id, { type: 'string', enum: levels, markdownDescription: `%${ruleKey(m.id)}%` }]),
    ),
    additionalProperties: false,
  };
}

/** The settings in the order they are shown. */
const ORDER = [
  'privateEcr.enable',
  'privateEcr.run',
  'privateEcr.debounceMs',
  'privateEcr.scope',
  'privateEcr.rules',
  'privateEcr.varFiles',
  'privateEcr.aws.profile',
  'privateEcr.aws.region',
  'privateEcr.aws.endpointUrl',
];
/** Analysis settings apply per folder in a multi-root workspace. */
const RESOURCE_SCOPED = new Set([
  'privateEcr.enable',
  'privateEcr.run',
  'privateEcr.debounceMs',
  'privateEcr.rules',
  'privateEcr.varFiles',
]);

/** package.json with the settings part regenerated. */
export function withGeneratedSettings(manifest: Json): Json {
  const contributes = manifest.contributes as Json;
  const configuration = contributes.configuration as { properties: Record<string, Json> };
  const properties = configuration.properties;
  properties['privateEcr.rules'] = rulesSettingSchema(properties['privateEcr.rules'] ?? {});
  for (const [name, schema] of Object.entries(properties)) {
    const index = ORDER.indexOf(name);
    schema.order = index >= 0 ? index : ORDER.length;
    if (RESOURCE_SCOPED.has(name)) schema.scope = 'resource';
  }
  return manifest;
}

if (require.main === module) {
  const root = path.join(__dirname, '..');
  const file = path.join(root, 'package.json');
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
  fs.writeFileSync(file, JSON.stringify(withGeneratedSettings(manifest), null, 2) + '\n');
  for (const [language, name] of Object.entries(NLS_FILES) as Array<[Language, string]>) {
    const nlsFile = path.join(root, name);
    const nls = fs.existsSync(nlsFile) ? (JSON.parse(fs.readFileSync(nlsFile, 'utf8')) as Record<string, string>) : {};
    fs.writeFileSync(nlsFile, JSON.stringify(withGeneratedNls(nls, language), null, 2) + '\n');
  }
  process.stdout.write('package.json settings and package.nls*.json regenerated\n');
}
