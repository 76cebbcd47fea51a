/**
 * `.private-ecr.json`, the repository's shared settings for the CLI and the editor: rule severities,
 * paths to exclude, variable files, which module calls to follow. Found by looking upward from the checked folder to the repository
 * root (the folder with `.git`), or named with `--config FILE`. Command-line flags win over the file.
 */
import * as fs from 'fs';
import * as nodePath from 'path';
import type { Finding, Severity } from './findings';
import { excludeMatcher } from './glob';
import type { ModuleFollow } from './model/config';

/** The file's name. */
export const CONFIG_FILE_NAME = '.private-ecr.json';

/** The settings a config file holds, paths made absolute. */
export interface ProjectConfig {
  /** The file they came from. */
  file: string;
  rules: Record<string, Severity | 'off'>;
  /** Globs, relative to the config file's folder. */
  exclude: string[];
  /** Absolute paths of variable files, in order. */
  varFiles: string[];
  /** Which module calls to follow (tflint's call_module_type: all, local, none) and which to skip by address. */
  modules: Required<ModuleFollow>;
}

/** A config file that cannot be used; the message names the file and the problem. */
export class ConfigError extends Error {}

/** The config file that applies to `start`: the nearest `.private-ecr.json` up to the repository root. */
export function findConfigFile(start: string): string | undefined {
  let dir = nodePath.resolve(start);
  try {
    if (!fs.statSync(dir).isDirectory()) dir = nodePath.dirname(dir);
  } catch {
    dir = nodePath.dirname(dir);
  }
  for (;;) {
    const candidate = nodePath.join(dir, CONFIG_FILE_NAME);
    if (fs.existsSync(candidate)) return candidate;
    if (fs.existsSync(nodePath.join(dir, '.git'))) return undefined;
    const parent = nodePath.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

const SEVERITIES = new Set(['error', 'warning', 'info', 'off']);
const KEYS = new Set(['$schema', 'rules', 'exclude', 'varFiles', 'modules']);
const FOLLOW = ['all', 'local', 'none'];
/** A module call address from the root: `module.a`, `module.a.module.b`, instance keys allowed. */
const CALL_ADDRESS = /^module\.[A-Za-z_][\w-]*(\[[^\]]*\])?(\.module\.[A-Za-z_][\w-]*(\[[^\]]*\])?)*$/;

/**
 * Reads and validates a config file against the rule ids there are (`allRuleMetas()` in the CLI; the
 * editor passes the ids its manifest lists, so its extension-host bundle need not load the rules).
 */
export function loadConfigFile(file: string, knownRuleIds: ReadonlySet<string>): ProjectConfig {
  let text: string;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new ConfigError(`${file} is not a file`);
    if (stat.size > 1024 * 1024) throw new ConfigError(`${file} is larger than 1 MB; a config file holds a few settings`);
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(
      `cannot read the config file ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ConfigError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new ConfigError(`${file} must hold a JSON object`);
  const record = data as Record<string, unknown>;
  for (const key of Object.keys(record))
    if (!KEYS.has(key)) throw new ConfigError(`${file}: unknown setting "${key}" (known: rules, exclude, varFiles, modules)`);
  const known = knownRuleIds;
  const rules: Record<string, Severity | 'off'> = {};
  if (record.rules !== undefined) {
    if (!record.rules || typeof record.rules !== 'object' || Array.isArray(record.rules))
      throw new ConfigError(`${file}: "rules" must be an object of rule id to severity`);
    for (const [id, level] of Object.entries(record.rules as Record<string, unknown>)) {
      if (!known.has(id)) throw new ConfigError(`${file}: unknown rule "${id}" in "rules" (see: private-ecr rules)`);
      if (typeof level !== 'string' || !SEVERITIES.has(level))
        throw new ConfigError(`${file}: rule "${id}" must be error, warning, info or off`);
      rules[id] = level as Severity | 'off';
    }
  }
  const strings = (key: 'exclude' | 'varFiles'): string[] => {
    const value = record[key];
    if (value === undefined) return [];
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
      throw new ConfigError(`${file}: "${key}" must be a list of strings`);
    return value as string[];
  };
  const base = nodePath.dirname(file);
  const varFiles = strings('varFiles').map((v) => nodePath.resolve(base, v));
  for (const varFile of varFiles) {
    if (!fs.existsSync(varFile)) throw new ConfigError(`${file}: the variable file ${nodePath.relative(base, varFile)} does not exist`);
  }
  return { file, rules, exclude: strings('exclude'), varFiles, modules: modulesOf(record.modules, file) };
}

/** Reads `modules`: `{ "follow": "all" | "local" | "none", "skip": ["module.legacy", …] }`. */
function modulesOf(value: unknown, file: string): Required<ModuleFollow> {
  if (value === undefined) return { follow: 'all', skip: [] };
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new ConfigError(`${file}: "modules" must be an object with "follow" and "skip"`);
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record))
    if (key !== 'follow' && key !== 'skip') throw new ConfigError(`${file}: unknown setting "modules.${key}" (known: follow, skip)`);
  const follow = record.follow ?? 'all';
  if (typeof follow !== 'string' || !FOLLOW.includes(follow))
    throw new ConfigError(`${file}: "modules.follow" must be "all", "local" or "none"`);
  const skip = record.skip ?? [];
  if (!Array.isArray(skip) || skip.some((v) => typeof v !== 'string'))
    throw new ConfigError(`${file}: "modules.skip" must be a list of module addresses such as "module.legacy"`);
  for (const address of skip as string[]) {
    if (!CALL_ADDRESS.test(address.trim()))
      throw new ConfigError(
        `${file}: "modules.skip" entry "${address}" is not a module address such as "module.legacy" or "module.app.module.db"`,
      );
  }
  return { follow: follow as Required<ModuleFollow>['follow'], skip: skip as string[] };
}

/** A test for the files the config file's `exclude` globs match (relative to the file's folder); never true without a config. */
export function isExcludedBy(config: ProjectConfig | undefined): (file: string) => boolean {
  return config ? excludeMatcher(config.exclude, nodePath.dirname(config.file)) : () => false;
}

/** The findings outside the files the config file excludes (findings without a file are kept): the CLI and the editor both use it. */
export function withoutExcluded(findings: Finding[], config: ProjectConfig | undefined): Finding[] {
  const excluded = isExcludedBy(config);
  return config && config.exclude.length > 0 ? findings.filter((f) => !f.file || !excluded(f.file)) : findings;
}
