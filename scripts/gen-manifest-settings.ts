/**
 * Keeps the settings part of package.json in step with the rule registry: `privateEcr.rules` lists
 * every rule id as a property (completion and validation in settings.json, unknown ids flagged), and
 * every setting has an `order` so the Settings editor shows them in a deliberate sequence.
 * `npx tsx scripts/gen-manifest-settings.ts` rewrites package.json; a test fails when it is stale.
 */
import * as fs from 'fs';
import * as path from 'path';
import { allRuleMetas } from '../src/core/rules/registry';
import { docsUrl } from '../src/core/rules/types';

type Json = Record<string, unknown>;

/** The `privateEcr.rules` setting's schema. */
export function rulesSettingSchema(previous: Json): Json {
  const levels = ['error', 'warning', 'info', 'off'];
  return {
    ...previous,
    type: 'object',
    default: {},
    scope: 'resource',
    properties: Object.fromEntries(
      allRuleMetas().map((m) => [
        m.id,
        { type: 'string', enum: levels, markdownDescription: `${m.title}. Default \`${m.defaultSeverity}\`. [Documentation](${docsUrl(m.id)})` },
      ]),
    ),
    additionalProperties: false,
  };
}

/** The settings in the order they are shown. */
const ORDER = ['privateEcr.enable', 'privateEcr.run', 'privateEcr.debounceMs', 'privateEcr.scope', 'privateEcr.rules', 'privateEcr.varFiles', 'privateEcr.aws.profile', 'privateEcr.aws.region', 'privateEcr.aws.endpointUrl'];
/** Analysis settings apply per folder in a multi-root workspace. */
const RESOURCE_SCOPED = new Set(['privateEcr.enable', 'privateEcr.run', 'privateEcr.debounceMs', 'privateEcr.rules', 'privateEcr.varFiles']);

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
  const file = path.join(__dirname, '..', 'package.json');
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
  fs.writeFileSync(file, JSON.stringify(withGeneratedSettings(manifest), null, 2) + '\n');
  process.stdout.write('package.json settings regenerated\n');
}
