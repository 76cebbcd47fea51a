/**
 * The command line of `private-ecr check`: flags parsed into CheckOptions, paths checked to exist and
 * be readable. Bad input throws UsageError (the CLI prints it with the usage and exits 2).
 */
import * as fs from 'fs';
import * as nodePath from 'path';
import type { Severity } from '../core/findings';
import type { ModuleFollow, VariableInputs } from '../core/model/config';
import { allRuleMetas } from '../core/rules/registry';
import { variablesFromEnvironment } from '../core/variables';

/** A mistake on the command line: one clear line, the usage, exit 2. */
export class UsageError extends Error {}

/** What `check` was asked to do. */
export interface CheckOptions {
  paths: string[];
  format: 'text' | 'json' | 'sarif';
  fix: boolean;
  ruleIds: string[];
  severities: Record<string, Severity | 'off'>;
  /** `--var-file` and `--var` in command-line order, and `TF_VAR_<name>` from the environment. */
  variables: VariableInputs;
  /** Plans to check (`--plan FILE`, or a `.json` path that is not `.tf.json`); the folders given with them are their sources. */
  plans: string[];
  /** `TF_DATA_DIR` from the environment: where `terraform init` wrote `modules/modules.json` (relative to each root). */
  tfDataDir?: string;
  /** Which module calls to follow (the settings file's `modules`). */
  modules?: ModuleFollow;
}

/** A path `check` reads as a plan (`terraform show -json` output) rather than as Terraform sources. */
export function isPlanPath(path: string): boolean {
  return (/\.json$/i.test(path) && !/\.tf\.json$/i.test(path)) || /\.(tfstate|tfplan)$/i.test(path);
}

export { variablesFromEnvironment } from '../core/variables';

/**
 * Walks command-line arguments, calling `visit(flag, argument, take)` for each; `take()` reads the flag's
 * value, written inline (`--flag=value`) or as the next argument, which must not look like a flag.
 */
export function walkFlags(
  args: string[],
  looksLikeFlag: (value: string) => boolean,
  visit: (flag: string, argument: string, take: () => string) => void,
): void {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = equals >= 0 ? arg.slice(0, equals) : arg;
    const take = (): string => {
      if (equals >= 0) return arg.slice(equals + 1);
      const value = args[i + 1];
      if (value === undefined || looksLikeFlag(value)) throw new UsageError(`${flag} needs a value`);
      i++;
      return value;
    };
    visit(flag, arg, take);
  }
}

/** Parses the arguments after `check`. */
export function parseCheckArgs(args: string[], env: NodeJS.ProcessEnv = process.env): CheckOptions {
  const cli: NonNullable<VariableInputs['cli']> = [];
  const options: CheckOptions = {
    paths: [],
    format: 'text',
    fix: false,
    ruleIds: [],
    severities: {},
    variables: { env: variablesFromEnvironment(env), cli },
    plans: [],
  };
  if (env.TF_DATA_DIR) options.tfDataDir = env.TF_DATA_DIR;
  const known = new Set(allRuleMetas().map((m) => m.id));
  walkFlags(
    args,
    (value) => value.startsWith('--'),
    (flag, arg, take) => {
      switch (flag) {
        case '--format': {
          const format = take();
          if (format !== 'text' && format !== 'json' && format !== 'sarif')
            throw new UsageError(`unknown format "${format}" (use text, json or sarif)`);
          options.format = format;
          break;
        }
        case '--fix':
          options.fix = true;
          break;
        case '--rule': {
          const id = take();
          if (!known.has(id)) throw new UsageError(`unknown rule "${id}" (see: private-ecr rules)`);
          options.ruleIds.push(id);
          break;
        }
        case '--severity': {
          const spec = take();
          const m = /^([a-z0-9-]+)=(error|warning|info|off)$/.exec(spec);
          if (!m) throw new UsageError(`--severity takes <rule-id>=<error|warning|info|off>, got "${spec}"`);
          if (!known.has(m[1])) throw new UsageError(`unknown rule "${m[1]}" (see: private-ecr rules)`);
          options.severities[m[1]] = m[2] as Severity | 'off';
          break;
        }
        case '--plan':
          options.plans.push(take());
          break;
        case '--var': {
          const spec = take();
          const m = /^([A-Za-z_][A-Za-z0-9_-]*)=([\s\S]*)$/.exec(spec);
          if (!m) throw new UsageError(`--var takes <name>=<value>, got "${spec}"`);
          cli.push({ name: m[1], value: m[2] });
          break;
        }
        case '--var-file': {
          const file = take();
          const path = nodePath.resolve(file);
          try {
            if (!fs.statSync(path).isFile()) throw new UsageError(`cannot read the variable file ${file}: it is a folder`);
            fs.accessSync(path, fs.constants.R_OK);
          } catch (error) {
            if (error instanceof UsageError) throw error;
            const code = (error as NodeJS.ErrnoException).code;
            throw new UsageError(
              `cannot read the variable file ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error).message}`,
            );
          }
          cli.push({ file: path });
          break;
        }
        default:
          if (arg.startsWith('-')) throw new UsageError(`unknown option "${arg}"`);
          if (isPlanPath(arg) && fs.existsSync(arg) && !fs.statSync(arg).isDirectory()) options.plans.push(arg);
          else options.paths.push(arg);
      }
    },
  );
  if (options.plans.length > 0) {
    if (options.fix) throw new UsageError('--fix edits Terraform sources; it cannot fix a plan (run it on the folder instead)');
    if (options.paths.length > 1) throw new UsageError('a plan is checked with at most one folder: the root module the plan was made from');
    for (const path of options.paths)
      if (!fs.existsSync(path) || !fs.statSync(path).isDirectory())
        throw new UsageError(`the sources of a plan must be its root module folder, got ${path}`);
    for (const plan of options.plans) {
      if (!fs.existsSync(plan)) throw new UsageError(`no such plan file: ${plan}`);
      if (fs.statSync(plan).isDirectory())
        throw new UsageError(`--plan takes the JSON file from \`terraform show -json <planfile>\`, got the folder ${plan}`);
    }
  }
  if (options.paths.length === 0 && options.plans.length === 0) options.paths.push('.');
  for (const path of [...options.paths, ...options.plans]) {
    if (!fs.existsSync(path)) throw new UsageError(`no such file or folder: ${path}`);
    try {
      fs.accessSync(path, fs.constants.R_OK);
    } catch {
      throw new UsageError(`cannot read ${path}: permission denied`);
    }
  }
  return options;
}
