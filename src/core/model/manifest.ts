/**
 * The module manifest `terraform init` (and `tofu init`) writes: `.terraform/modules/modules.json`
 * in the root module, listing where each module call's code was installed:
 * `{"Modules":[{"Key":"app","Source":"git::https://…?ref=v1","Dir":".terraform/modules/app"}, …]}`.
 * Keys name calls from the root (`app`, then `app.db` for a call inside it); `Dir` is relative to
 * the root. A manifest that cannot be read, or entries that point outside the root or to missing
 * folders, are reported as problems (at the place in the manifest), never thrown.
 */
import * as nodePath from 'path';
import type { Range } from '../hcl/ast';
import { parseJson, type JsonNode } from '../hcl/json-config';
import type { SourceReader } from './source';

/** One installed module call. */
export interface ManifestEntry {
  key: string;
  source: string;
  version?: string;
  /** Absolute folder of the installed code. */
  dir: string;
}

/** A problem with the manifest file. */
export interface ManifestProblem {
  message: string;
  file: string;
  range: Range | null;
}

/** The manifest of a root: entries by key (empty when the root was never initialised). */
export interface ModuleManifest {
  /** The manifest file, when there is one. */
  file?: string;
  entries: Map<string, ManifestEntry>;
  problems: ManifestProblem[];
}

/** Where the manifest of a root is. */
export function manifestPath(rootDir: string): string {
  return nodePath.join(rootDir, '.terraform', 'modules', 'modules.json');
}

/** Normalises a module source for comparison with the manifest (registry host, case). */
export function normalizeSource(source: string): string {
  return source.trim().replace(/^registry\.(terraform|opentofu)\.io\//i, '').toLowerCase();
}

/** Reads the manifest of a root, if any. */
export function readModuleManifest(rootDir: string, reader: SourceReader): ModuleManifest {
  const file = manifestPath(rootDir);
  const manifest: ModuleManifest = { entries: new Map(), problems: [] };
  const read = reader.readText(file);
  if ('error' in read) {
    if (read.error !== 'no such file or folder') manifest.problems.push({ message: `Cannot read the module manifest .terraform/modules/modules.json: ${read.error}. Installed modules are not checked; run terraform init again.`, file, range: null });
    return manifest;
  }
  manifest.file = file;
  const problem = (message: string, range: Range | null) => manifest.problems.push({ message: `${message} Installed modules listed there are not checked; run terraform init again.`, file, range });
  const parsed = parseJson(read.text);
  if (parsed.error) {
    problem(`The module manifest .terraform/modules/modules.json is not valid JSON (${parsed.error.message.replace(/^Invalid JSON: /, '')}).`, parsed.error.range);
    return manifest;
  }
  const root = parsed.value;
  const modules = root.kind === 'object' ? root.properties.find((p) => p.key === 'Modules')?.value : undefined;
  if (!modules || modules.kind !== 'array') {
    problem('The module manifest .terraform/modules/modules.json has no "Modules" list.', root.range);
    return manifest;
  }
  const rootReal = reader.realPath(rootDir) ?? nodePath.resolve(rootDir);
  for (const entry of modules.items) {
    if (entry.kind !== 'object') {
      problem('An entry of the module manifest is not an object.', entry.range);
      continue;
    }
    const field = (name: string): Extract<JsonNode, { kind: 'string' }> | undefined => {
      const value = entry.properties.find((p) => p.key === name)?.value;
      return value && value.kind === 'string' ? value : undefined;
    };
    const key = field('Key');
    const dir = field('Dir');
    if (!key || !dir) {
      problem('An entry of the module manifest lacks a "Key" or "Dir" string.', entry.range);
      continue;
    }
    const source = field('Source')?.value ?? '';
    // The root itself, and local calls (resolved from the calling module's folder, as Terraform does).
    if (key.value === '' || source.startsWith('./') || source.startsWith('../')) continue;
    const absolute = nodePath.resolve(rootDir, dir.value);
    const relative = nodePath.relative(nodePath.resolve(rootDir), absolute);
    if (nodePath.isAbsolute(dir.value) || relative.startsWith('..') || nodePath.isAbsolute(relative)) {
      problem(`The module manifest gives module "${key.value}" the folder "${dir.value}", which is outside the root module.`, dir.range);
      continue;
    }
    if (!reader.isDirectory(absolute)) {
      problem(`The module manifest gives module "${key.value}" the folder "${dir.value}", which does not exist.`, dir.range);
      continue;
    }
    const real = reader.realPath(absolute);
    if (real && real !== rootReal && !real.startsWith(rootReal + nodePath.sep)) {
      problem(`The module manifest gives module "${key.value}" the folder "${dir.value}", which links outside the root module.`, dir.range);
      continue;
    }
    manifest.entries.set(key.value, { key: key.value, source, version: field('Version')?.value, dir: absolute });
  }
  return manifest;
}
