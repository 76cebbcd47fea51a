/**
 * Loads Terraform and OpenTofu module folders: every `.tf`, `.tf.json`, `.tofu` and `.tofu.json`
 * file of a folder, parsed (where `x.tofu` and `x.tf` both exist only `x.tofu` counts, as OpenTofu
 * reads them; override files come last, in name order), plus the root's `terraform.tfvars`,
 * `terraform.tfvars.json` and `*.auto.tfvars(.json)`. Parsed files are cached by path and text so
 * the editor's re-analysis after a keystroke only re-parses the file that changed.
 */
import * as nodePath from 'path';
import type { HclFile } from '../hcl/ast';
import { parseTerraformJson, parseTfvarsJson } from '../hcl/json-config';
import { parseHcl } from '../hcl/parser';
import type { SourceReader } from './source';

/** A file of a module that could not be read (binary, not UTF-8, too large, unreadable). */
export interface UnreadableFile {
  path: string;
  message: string;
}

/** A configuration file of a folder that is not read, and why. */
export interface SkippedFile {
  path: string;
  reason: string;
}

/** The files of one module folder. */
export interface ModuleSource {
  dir: string;
  /** The configuration files: ordinary files in name order, then override files in name order. */
  files: HclFile[];
  /** Paths of the override files among `files` (`override.tf`, `*_override.tf`, and their JSON and OpenTofu forms). */
  overrides: Set<string>;
  /** `terraform.tfvars`, `terraform.tfvars.json`, then `*.auto.tfvars(.json)` in name order, as Terraform reads them. */
  tfvars: HclFile[];
  unreadable: UnreadableFile[];
  /** Files not read (a `.tf` file shadowed by its `.tofu` twin). */
  skipped: SkippedFile[];
}

/** Caches parse results by path; a cached tree is reused only while the text is the same. */
export class ParseCache {
  private readonly entries = new Map<string, HclFile>();

  /** Parses `text` unless the same text was parsed for this path before. */
  parse(path: string, text: string): HclFile {
    const cached = this.entries.get(path);
    if (cached && cached.text === text) return cached;
    const parsed = parseConfigurationText(text, path);
    this.entries.set(path, parsed);
    return parsed;
  }

  /** Drops a path (file deleted). */
  forget(path: string): void {
    this.entries.delete(path);
  }

  /** How many files are cached. */
  get size(): number {
    return this.entries.size;
  }
}

/** Parses a file by its name: JSON syntax for `*.json`, native syntax otherwise. */
export function parseConfigurationText(text: string, path: string): HclFile {
  if (path.endsWith('.tfvars.json')) return parseTfvarsJson(text, path);
  if (path.endsWith('.json')) return parseTerraformJson(text, path);
  return parseHcl(text, path);
}

/** The suffix of a configuration file name (`.tf`, `.tf.json`, `.tofu`, `.tofu.json`), or undefined. */
function configurationSuffix(base: string): string | undefined {
  if (base.startsWith('.') || base.endsWith('~')) return undefined;
  for (const suffix of ['.tf.json', '.tofu.json', '.tf', '.tofu']) if (base.endsWith(suffix) && base.length > suffix.length) return suffix;
  return undefined;
}

/** True for the files Terraform or OpenTofu read as configuration in a module folder. */
export function isConfigurationFile(path: string): boolean {
  return configurationSuffix(nodePath.basename(path)) !== undefined;
}

/** True for files in JSON syntax. */
export function isJsonFile(path: string): boolean {
  return path.endsWith('.json');
}

/** True for override files: `override.tf`, `x_override.tf`, and their `.tf.json`, `.tofu`, `.tofu.json` forms. */
export function isOverrideFile(path: string): boolean {
  const base = nodePath.basename(path);
  const suffix = configurationSuffix(base);
  if (!suffix) return false;
  const stem = base.slice(0, -suffix.length);
  return stem === 'override' || stem.endsWith('_override');
}

/** True for variable files Terraform loads automatically in a root module. */
export function isAutoVariablesFile(path: string): boolean {
  const base = nodePath.basename(path);
  return (
    base === 'terraform.tfvars' || base === 'terraform.tfvars.json' || base.endsWith('.auto.tfvars') || base.endsWith('.auto.tfvars.json')
  );
}

/**
 * The configuration files of a folder listing, as OpenTofu reads them: `x.tf` is skipped when
 * `x.tofu` exists (and `x.tf.json` when `x.tofu.json` does); ordinary files first, then override
 * files, each in name order.
 */
export function selectConfigurationFiles(files: string[]): { primary: string[]; overrides: string[]; skipped: SkippedFile[] } {
  const present = new Set(files);
  const primary: string[] = [];
  const overrides: string[] = [];
  const skipped: SkippedFile[] = [];
  for (const path of files) {
    const suffix = configurationSuffix(nodePath.basename(path));
    if (!suffix) continue;
    if (suffix === '.tf' || suffix === '.tf.json') {
      const twin = path.slice(0, -suffix.length) + (suffix === '.tf' ? '.tofu' : '.tofu.json');
      if (present.has(twin)) {
        skipped.push({ path, reason: `shadowed by ${nodePath.basename(twin)} (OpenTofu reads only the .tofu file)` });
        continue;
      }
    }
    (isOverrideFile(path) ? overrides : primary).push(path);
  }
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return { primary: primary.sort(byName), overrides: overrides.sort(byName), skipped };
}

/** Orders variable files as Terraform loads them: terraform.tfvars, terraform.tfvars.json, then the *.auto.tfvars(.json) files by name. */
export function orderVariableFiles(paths: string[]): string[] {
  const rank = (p: string) => {
    const base = nodePath.basename(p);
    return base === 'terraform.tfvars' ? 0 : base === 'terraform.tfvars.json' ? 1 : 2;
  };
  return [...paths].sort(
    (a, b) => rank(a) - rank(b) || (nodePath.basename(a) < nodePath.basename(b) ? -1 : nodePath.basename(a) > nodePath.basename(b) ? 1 : 0),
  );
}

/** Reads and parses one module folder; variable files only for a root (Terraform ignores them in child modules). */
export function loadModuleSource(dir: string, reader: SourceReader, cache: ParseCache, isRoot = true): ModuleSource {
  const source: ModuleSource = { dir, files: [], overrides: new Set(), tfvars: [], unreadable: [], skipped: [] };
  const listed = reader.listDir(dir);
  if ('error' in listed) {
    source.unreadable.push({ path: dir, message: listed.error });
    return source;
  }
  const tfvarsPaths = isRoot ? orderVariableFiles(listed.files.filter(isAutoVariablesFile)) : [];
  const selected = selectConfigurationFiles(listed.files);
  source.skipped.push(...selected.skipped);
  for (const path of [...selected.primary, ...selected.overrides]) {
    const read = reader.readText(path);
    if ('error' in read) source.unreadable.push({ path, message: read.error });
    else source.files.push(cache.parse(path, read.text));
  }
  for (const path of selected.overrides) source.overrides.add(path);
  for (const path of tfvarsPaths) {
    const read = reader.readText(path);
    if ('error' in read) source.unreadable.push({ path, message: read.error });
    else source.tfvars.push(cache.parse(path, read.text));
  }
  return source;
}

/** Folders never searched for modules. */
const SKIPPED_FOLDERS = new Set(['.terraform', 'node_modules', '.git', '.vscode-test', 'dist', 'out']);

/** How many folders one search for module folders looks into at most (a symlink to `/` would walk the whole disk). */
export const MAX_FOLDERS_SEARCHED = 20000;

/** Something the folder search skipped or stopped at, for the caller to report. */
export interface FolderSearchNote {
  path: string;
  message: string;
  severity: 'warning' | 'info';
}

/**
 * Finds every folder under `dir` that holds `.tf` files, without following link loops or links
 * to a folder that contains `dir` (a link to `/` would walk the whole disk). Bounded: stops after `limit`
 * folders holding `.tf` files or MAX_FOLDERS_SEARCHED folders looked into; `notes` gets what was skipped.
 */
export function findModuleFolders(dir: string, reader: SourceReader, limit = 20000, notes?: FolderSearchNote[]): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const stack = [dir];
  const top = reader.realPath(dir) ?? dir;
  // A link to a folder that contains the searched folder (`/`, `..`) would walk the tree again and everything around it.
  const containsTop = (real: string) => real !== top && top.startsWith(real.endsWith(nodePath.sep) ? real : real + nodePath.sep);
  let searched = 0;
  while (stack.length > 0 && found.length < limit) {
    if (searched >= MAX_FOLDERS_SEARCHED) {
      notes?.push({
        path: dir,
        severity: 'warning',
        message: `Stopped searching ${dir} for Terraform modules after ${MAX_FOLDERS_SEARCHED} folders; modules in the folders not searched are not checked. Check a smaller folder.`,
      });
      break;
    }
    const current = stack.pop()!;
    const real = reader.realPath(current) ?? current;
    if (seen.has(real)) continue;
    seen.add(real);
    if (containsTop(real)) {
      notes?.push({
        path: current,
        severity: 'info',
        message: `Skipped ${current}: it is a link to ${real}, which contains ${dir} itself.`,
      });
      continue;
    }
    searched++;
    const listed = reader.listDir(current);
    if ('error' in listed) continue;
    // `<data folder>/modules` (with modules.json) holds what `terraform init` installed, wherever
    // TF_DATA_DIR put the data folder: module calls of a root, not roots of their own.
    if (nodePath.basename(current) === 'modules' && current !== dir && listed.files.includes(nodePath.join(current, 'modules.json')))
      continue;
    if (listed.files.some(isConfigurationFile)) found.push(current);
    for (const sub of listed.dirs.slice().reverse()) {
      const base = nodePath.basename(sub);
      if (SKIPPED_FOLDERS.has(base) || base.startsWith('.')) continue;
      stack.push(sub);
    }
  }
  return found.sort();
}
