/**
 * The flags of `check` that shape its output and verdict for CI, parsed before the analysis flags:
 * `--format F [-o FILE]` (repeatable: each `-o/--output` writes the format named just before it, a
 * format without one goes to stdout), `--fail-on`, `--max-warnings`, `--chdir`, `--exclude`,
 * `--baseline`, `--write-baseline`, `--config`, `--no-config`, `--lang`. The other arguments are returned for
 * parseCheckArgs.
 */
import { isLanguage, type Language } from '../core/l10n/language';
import { UsageError, walkFlags } from './check-options';

/** The output formats of `check`. */
export const FORMATS = ['text', 'json', 'sarif', 'junit', 'checkstyle', 'github', 'gitlab'] as const;
/** One output format. */
export type Format = (typeof FORMATS)[number];

/** Where one format goes. */
export interface OutputTarget {
  format: Format;
  /** A file path, or undefined for stdout. */
  file?: string;
}

/** The CI flags of one `check` command line. */
export interface CiOptions {
  outputs: OutputTarget[];
  /** Findings at or above this severity make the exit status 1 (default error). */
  failOn: 'error' | 'warning' | 'info';
  /** More warnings than this make the exit status 1. */
  maxWarnings?: number;
  chdir?: string;
  exclude: string[];
  baseline?: string;
  writeBaseline?: string;
  config?: string;
  noConfig: boolean;
  /** `--lang`: the language of the messages; undefined leaves it to LC_ALL, LC_MESSAGES and LANG. */
  lang?: Language;
}

/** Splits the CI flags off the arguments of `check`. */
export function parseCiArgs(args: string[]): { ci: CiOptions; rest: string[] } {
  const ci: CiOptions = { outputs: [], failOn: 'error', exclude: [], noConfig: false };
  const rest: string[] = [];
  walkFlags(
    args,
    (value) => value.startsWith('-') && value !== '-',
    (flag, arg, take) => {
      switch (flag) {
        case '--format': {
          const format = take();
          if (!(FORMATS as readonly string[]).includes(format))
            throw new UsageError(`unknown format "${format}" (use ${FORMATS.join(', ')})`);
          ci.outputs.push({ format: format as Format });
          break;
        }
        case '-o':
        case '--output': {
          const file = take();
          const last = ci.outputs[ci.outputs.length - 1];
          if (!last) throw new UsageError(`${flag} ${file} needs a --format before it (e.g. --format sarif -o results.sarif)`);
          if (last.file !== undefined)
            throw new UsageError(`--format ${last.format} already writes to ${last.file}; give --format again for another file`);
          last.file = file === '-' ? undefined : file;
          break;
        }
        case '--fail-on': {
          const level = take();
          if (level !== 'error' && level !== 'warning' && level !== 'info')
            throw new UsageError(`--fail-on takes error, warning or info, got "${level}"`);
          ci.failOn = level;
          break;
        }
        case '--max-warnings': {
          const value = take();
          if (!/^\d+$/.test(value)) throw new UsageError(`--max-warnings takes a count (0 or more), got "${value}"`);
          ci.maxWarnings = Number(value);
          break;
        }
        case '--chdir':
          ci.chdir = take();
          break;
        case '--exclude':
          ci.exclude.push(take());
          break;
        case '--baseline':
          ci.baseline = take();
          break;
        case '--write-baseline':
          ci.writeBaseline = take();
          break;
        case '--config':
          ci.config = take();
          break;
        case '--no-config':
          ci.noConfig = true;
          break;
        case '--lang': {
          const lang = take();
          if (!isLanguage(lang)) throw new UsageError(`--lang takes en or ja, got "${lang}"`);
          ci.lang = lang;
          break;
        }
        default:
          rest.push(arg);
      }
    },
  );
  if (ci.config && ci.noConfig) throw new UsageError('--config and --no-config cannot be used together');
  if (ci.outputs.length === 0) ci.outputs.push({ format: 'text' });
  const toStdout = ci.outputs.filter((o) => o.file === undefined && o.format !== 'text' && o.format !== 'github');
  if (toStdout.length > 1)
    throw new UsageError(`only one of ${toStdout.map((o) => o.format).join(', ')} can go to stdout: give the others -o FILE`);
  return { ci, rest };
}
