/**
 * SARIF 2.1.0 output that GitHub code scanning accepts: one run, every rule with its help text and
 * documentation URL, results with 1-based regions relative to the repository root.
 */
import * as fs from 'fs';
import * as nodePath from 'path';
import { pathToFileURL } from 'url';
import type { Finding, Severity } from '../core/findings';
import type { Language } from '../core/l10n/language';
import { allRuleMetas } from '../core/rules/registry';
import { JA_TITLES } from '../core/l10n/ja';
import { localizedDocsUrl } from '../core/l10n/localize';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * The folder SARIF locations are relative to: the enclosing git work tree (the folder holding `.git`,
 * a folder or a worktree's file) when there is one, else `start`. Code scanning resolves results
 * against the repository, so paths must not depend on where the CLI was started.
 */
export function findSourceRoot(start: string): string {
  let dir = nodePath.resolve(start);
  for (;;) {
    if (fs.existsSync(nodePath.join(dir, '.git'))) return dir;
    const parent = nodePath.dirname(dir);
    if (parent === dir) return nodePath.resolve(start);
    dir = parent;
  }
}

/** A finding that an ignore comment suppressed (kept in machine outputs with its reason). */
type MaybeSuppressed = Finding & { suppressed?: { justification: string } };

/**
 * Builds the SARIF log for findings. With `srcRoot`, artifact URIs are relative to it and carry the
 * `%SRCROOT%` base id (declared in `originalUriBaseIds`); without, `relative` makes the paths.
 */
export function toSarif(
  findings: Finding[],
  version: string,
  relative: (file: string | null) => string | null,
  srcRoot?: string,
  language: Language = 'en',
): object {
  const artifact = (file: string) => {
    if (!srcRoot) return { uri: encodeURI(relative(file)!) };
    const rel = nodePath.relative(srcRoot, file).split(nodePath.sep).join('/');
    return { uri: encodeURI(rel), uriBaseId: '%SRCROOT%' };
  };
  const metas = allRuleMetas();
  // The rule pages and titles in the language of the messages (descriptions exist in English only).
  const docsUrl = (id: string) => localizedDocsUrl(id, language);
  const title = (id: string, english: string) => (language === 'ja' ? (JA_TITLES[id] ?? english) : english);
  const index = new Map(metas.map((m, i) => [m.id, i]));
  const region = (range: Finding['range']) =>
    range
      ? {
          startLine: range.start.line + 1,
          startColumn: range.start.character + 1,
          endLine: range.end.line + 1,
          endColumn: range.end.character + 1,
        }
      : { startLine: 1, startColumn: 1 };
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'private-ecr',
            fullName: 'Private ECR Pull checker',
            version,
            semanticVersion: version,
            informationUri: 'https://github.com/private-ecr-pull/private-ecr-pull',
            rules: metas.map((m) => ({
              id: m.id,
              name: m.id.replace(/(^|-)([a-z0-9])/g, (_x, _d, c: string) => c.toUpperCase()),
              shortDescription: { text: title(m.id, m.title) },
              fullDescription: { text: m.description },
              helpUri: docsUrl(m.id),
              help: { text: `${m.description} See ${docsUrl(m.id)}`, markdown: `${m.description}\n\n[Documentation](${docsUrl(m.id)})` },
              defaultConfiguration: { level: LEVEL[m.defaultSeverity] },
              properties: { tags: ['terraform', 'aws', 'ecr', 'ecs'] },
            })),
          },
        },
        // The language of the messages (SARIF's default is en-US; said only when it is another).
        ...(language !== 'en' ? { language } : {}),
        ...(srcRoot
          ? {
              originalUriBaseIds: {
                '%SRCROOT%': { uri: pathToFileURL(srcRoot.endsWith(nodePath.sep) ? srcRoot : srcRoot + nodePath.sep).href },
              },
            }
          : {}),
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => ({
          ruleId: f.ruleId,
          ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId) } : {}),
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: f.file
            ? [
                {
                  physicalLocation: { artifactLocation: artifact(f.file), region: region(f.range) },
                  ...(f.resource
                    ? { logicalLocations: [{ fullyQualifiedName: (f.module ? f.module + '.' : '') + f.resource, kind: 'resource' }] }
                    : {}),
                },
              ]
            : [],
          ...(f.related && f.related.length > 0
            ? {
                relatedLocations: f.related.map((r, i) => ({
                  id: i + 1,
                  message: { text: r.message },
                  physicalLocation: { artifactLocation: artifact(r.file), region: region(r.range) },
                })),
              }
            : {}),
          partialFingerprints: { primaryLocationLineHash: `${f.ruleId}:${f.module}:${f.resource ?? ''}` },
          // The message id names the message in every language (the text is in the chosen one).
          ...(f.messageId ? { properties: { messageId: f.messageId } } : {}),
          ...((f as MaybeSuppressed).suppressed
            ? { suppressions: [{ kind: 'inSource', status: 'accepted', justification: (f as MaybeSuppressed).suppressed!.justification }] }
            : {}),
        })),
      },
    ],
  };
}
