/**
 * The module manifest `terraform init` (and `tofu init`) writes: `.terraform/modules/modules.json`
 * in the root module, listing where each module call's code was installed:
 * `{"Modules":[{"Key":"app","Source":"git::https://…?ref=v1","Dir":".terraform/modules/app"}, …]}`.
 * Keys name calls from the root (`app`, then `app.db` for a call inside it); `Dir` is relative to
 * the root. A manifest that cannot be read, or entries that point outside the root or to missing
 * folders, are reported as problems (at the place in the manifest), never thrown.
 *
 * `TF_DATA_DIR` moves the data folder (`.terraform`) as Terraform's "Environment Variables" page
 * says: when set and non-empty it is used instead; a relative value is relative to the working
 * directory Terraform runs in, i.e. the root module (also with `-chdir`). Terraform then writes the
 * installed folders under it (`Dir` relative to the root, or absolute when the data folder is).
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

/** The data folder of a root (`.terraform`, or `TF_DATA_DIR` when set and non-empty, relative to the root). */
export function dataDirOf(rootDir: string, tfDataDir?: string): string {
  return tfDataDir ? nodePath.resolve(rootDir, tfDataDir) : nodePath.join(nodePath.resolve(rootDir), '.terraform');
}

/** Where the manifest of a root is. */
export function manifestPath(rootDir: string, tfDataDir?: string): string {
  return nodePath.join(dataDirOf(rootDir, tfDataDir), 'modules', 'modules.json');
}

/** True when `file` is inside `folder` (or is it). */
function isInside(file: string, folder: string): boolean {
  const relative = nodePath.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !nodePath.isAbsolute(relative));
}

/** Normalises a module source for comparison with the manifest (registry host, case). */
export function normalizeSource(source: string): string {
  return source
    .trim()
    .replace(/^registry\.(terraform|opentofu)\.io\//i, '')
    .toLowerCase();
}

/** Reads the manifest of a root, if any. */
export function readModuleManifest(rootDir: string, reader: SourceReader, tfDataDir?: string): ModuleManifest {
  const file = manifestPath(rootDir, tfDataDir);
  const dataDir = dataDirOf(rootDir, tfDataDir);
  // How messages name the manifest: relative to the root when it is inside it.
  const shown = isInside(file, nodePath.resolve(rootDir))
    ? nodePath.relative(nodePath.resolve(rootDir), file).split(nodePath.sep).join('/')
    : file;
  const manifest: ModuleManifest = { entries: new Map(), problems: [] };
  const read = reader.readText(file);
  if ('error' in read) {
    if (read.error !== 'no such file or folder')
      manifest.problems.push({
        message: `Cannot read the module manifest ${shown}: ${read.error}. Installed modules are not checked; run terraform init again.`,
        file,
        range: null,
      });
    return manifest;
  }
  manifest.file = file;
  const problem = (message: string, range: Range | null) =>
    manifest.problems.push({
      message: `${message} Installed modules listed there are not checked; run terraform init again.`,
      file,
      range,
    });
  const parsed = parseJson(read.text);
  if (parsed.error) {
    problem(`The module manifest ${shown} is not valid JSON (${parsed.error.message.replace(/^Invalid JSON: /, '')}).`, parsed.error.range);
    return manifest;
  }
  const root = parsed.value;
  const modules = root.kind === 'object' ? root.properties.find((p) => p.key === 'Modules')?.value : undefined;
  if (!modules || modules.kind !== 'array') {
    problem(`The module manifest ${shown} has no "Modules" list.`, root.range);
    return manifest;
  }
  const rootReal = reader.realPath(rootDir) ?? nodePath.resolve(rootDir);
  const dataReal = reader.realPath(dataDir) ?? dataDir;
  // Installed code lives inside the root, or inside the data folder when TF_DATA_DIR puts it elsewhere.
  const allowed = (real: string) => isInside(real, rootReal) || isInside(real, dataReal);
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
    if (!isInside(absolute, nodePath.resolve(rootDir)) && !isInside(absolute, dataDir)) {
      problem(`The module manifest gives module "${key.value}" the folder "${dir.value}", which is outside the root module.`, dir.range);
      continue;
    }
    if (!reader.isDirectory(absolute)) {
      problem(`The module manifest gives module "${key.value}" the folder "${dir.value}", which does not exist.`, dir.range);
      continue;
    }
    const real = reader.realPath(absolute);
    if (real && !allowed(real)) {
      problem(`The module manifest gives module "${key.value}" the folder "${dir.value}", which links outside the root module.`, dir.range);
      continue;
    }
    manifest.entries.set(key.value, { key: key.value, source, version: field('Version')?.value, dir: absolute });
  }
  return manifest;
}
