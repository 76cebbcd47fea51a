/**
 * `.private-ecr.json`, the repository's shared settings for the CLI and the editor: rule severities,
 * paths to exclude, variable files. Found by looking upward from the checked folder to the repository
 * root (the folder with `.git`), or named with `--config FILE`. Command-line flags win over the file.
 */
import * as fs from 'fs';
import * as nodePath from 'path';
import type { Severity } from './findings';

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
const KEYS = new Set(['$schema', 'rules', 'exclude', 'varFiles']);

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
    throw new ConfigError(`cannot read the config file ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ConfigError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new ConfigError(`${file} must hold a JSON object`);
  const record = data as Record<string, unknown>;
  for (const key of Object.keys(record)) if (!KEYS.has(key)) throw new ConfigError(`${file}: unknown setting "${key}" (known: rules, exclude, varFiles)`);
  const known = knownRuleIds;
  const rules: Record<string, Severity | 'off'> = {};
  if (record.rules !== undefined) {
    if (!record.rules || typeof record.rules !== 'object' || Array.isArray(record.rules)) throw new ConfigError(`${file}: "rules" must be an object of rule id to severity`);
    for (const [id, level] of Object.entries(record.rules as Record<string, unknown>)) {
      if (!known.has(id)) throw new ConfigError(`${file}: unknown rule "${id}" in "rules" (see: private-ecr rules)`);
      if (typeof level !== 'string' || !SEVERITIES.has(level)) throw new ConfigError(`${file}: rule "${id}" must be error, warning, info or off`);
      rules[id] = level as Severity | 'off';
    }
  }
  const strings = (key: 'exclude' | 'varFiles'): string[] => {
    const value = record[key];
    if (value === undefined) return [];
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new ConfigError(`${file}: "${key}" must be a list of strings`);
    return value as string[];
  };
  const base = nodePath.dirname(file);
  const varFiles = strings('varFiles').map((v) => nodePath.resolve(base, v));
  for (const varFile of varFiles) {
    if (!fs.existsSync(varFile)) throw new ConfigError(`${file}: the variable file ${nodePath.relative(base, varFile)} does not exist`);
  }
  return { file, rules, exclude: strings('exclude'), varFiles };
}
