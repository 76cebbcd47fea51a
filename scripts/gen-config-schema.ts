/**
 * Writes schemas/private-ecr.schema.json, the JSON schema of `.private-ecr.json` that the extension
 * contributes (`jsonValidation`) for completion and validation: one property per rule id, so it is
 * generated from the registry. `npx tsx scripts/gen-config-schema.ts` (a test fails when it is stale).
 */
import * as fs from 'fs';
import * as path from 'path';
import { allRuleMetas } from '../src/core/rules/registry';
import { docsUrl } from '../src/core/rules/types';

/** The schema document. */
export function configSchema(): object {
  const severity = { type: 'string', enum: ['error', 'warning', 'info', 'off'] };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/private-ecr-pull/private-ecr-pull/blob/main/schemas/private-ecr.schema.json',
    title: 'Private ECR Pull settings (.private-ecr.json)',
    description:
      'Shared settings of the private-ecr CLI and the Private ECR Pull VS Code extension. Command-line flags and VS Code settings a user sets win over this file.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      rules: {
        type: 'object',
        description: 'Severity per rule id, or "off".',
        additionalProperties: false,
        properties: Object.fromEntries(
          allRuleMetas().map((m) => [
            m.id,
            {
              ...severity,
              description: `${m.title} (default ${m.defaultSeverity}). ${docsUrl(m.id)}`,
              markdownDescription: `${m.title} (default \`${m.defaultSeverity}\`). [Documentation](${docsUrl(m.id)})`,
            },
          ]),
        ),
      },
      exclude: {
        type: 'array',
        items: { type: 'string' },
        description: 'Globs of files and folders whose findings are dropped, relative to this file (** any folders, * any name part).',
      },
      varFiles: {
        type: 'array',
        items: { type: 'string' },
        description: 'Variable files (.tfvars, .tfvars.json) for the root modules, relative to this file, lowest precedence first.',
      },
      modules: {
        type: 'object',
        description:
          'Which module calls to follow. A call not followed is reported once (module-not-followed, info) and listed as skipped.',
        additionalProperties: false,
        properties: {
          follow: {
            type: 'string',
            enum: ['all', 'local', 'none'],
            default: 'all',
            description:
              'As tflint\'s call_module_type: "all" local and installed remote calls (default), "local" only calls whose source is a local path, "none" no call.',
            enumDescriptions: [
              'Local calls and remote calls installed by terraform init (default).',
              'Only calls whose source is a local path (./, ../).',
              'No module call.',
            ],
          },
          skip: {
            type: 'array',
            items: {
              type: 'string',
              pattern: '^module\\.[A-Za-z_][\\w-]*(\\[[^\\]]*\\])?(\\.module\\.[A-Za-z_][\\w-]*(\\[[^\\]]*\\])?)*$',
            },
            description:
              'Calls never followed, by address from the root: "module.legacy", "module.app.module.db" (instance keys do not matter).',
          },
        },
      },
    },
  };
}

if (require.main === module) {
  const file = path.join(__dirname, '..', 'schemas', 'private-ecr.schema.json');
  fs.writeFileSync(file, JSON.stringify(configSchema(), null, 2) + '\n');
  process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
}
