/**
 * The command-line checker: `private-ecr check` runs the same rules as the editor over folders and
 * files (text, JSON or SARIF output, `--fix`), `private-ecr verify` runs the live check, and
 * `private-ecr rules` lists the rules. Exit codes: 0 no error findings, 1 error findings, 2 usage or
 * internal error.
 */
import * as v8 from 'v8';
import { JA_TITLES } from './core/l10n/ja';
import { isLanguage, languageFromEnvironment } from './core/l10n/language';
import { allRuleMetas } from './core/rules/registry';
import { UsageError } from './cli/check-options';
import type { Output } from './cli/output';
import { runCheck } from './cli/run-check';
// The live check (and the AWS SDK) loads only when `verify` runs: see src/load-live.ts.
import { loadLive } from './load-live';
import { guardedOutput, OUTPUT_FAILED_EXIT } from './cli/process-output';

export type { Output } from './cli/output';
export { findingsToJson } from './cli/output';

const VERSION = '0.1.0';

const USAGE = `Usage:
  private-ecr check [paths...] [--format <format> [-o <file>]]... [--fix] [--rule <id>]... [--severity <id>=<level>]...
                    [--var-file <file>]... [--var <name>=<value>]... [--fail-on error|warning|info] [--max-warnings <n>]
                    [--exclude <glob>]... [--chdir <dir>] [--config <file> | --no-config] [--baseline <file>] [--write-baseline <file>]
                    [--lang en|ja]
  private-ecr check (--plan <plan.json> | <plan.json>) [<root folder>] [--format ...] [--rule <id>]... [--severity ...]
  private-ecr verify --region <region> (--cluster <c> (--service <s> | --task <id>) | --vpc-id <vpc> [--subnet-ids a,b] [--security-group-ids a,b])
                     [--profile <p>] [--endpoint-url <url>] [--format text|json]
  private-ecr rules [--format text|json] [--lang en|ja]
  private-ecr --help | --version

check analyses every Terraform and OpenTofu root module under the given paths (default: the current
folder). Root variables come, lowest first, from TF_VAR_<name>, terraform.tfvars(.json),
*.auto.tfvars(.json), then --var-file and --var in command-line order, as Terraform takes them.
Exit status: 0 no error findings, 1 error findings, 2 usage or internal error (a rule or parser failed, or
the output or a fixed file could not be written; the findings computed are still printed).`;

function runRulesList(args: string[], out: Output): number {
  const lang =
    args.find((a) => a.startsWith('--lang='))?.slice(7) ?? (args.includes('--lang') ? args[args.indexOf('--lang') + 1] : undefined);
  if (lang !== undefined && !isLanguage(lang)) throw new UsageError(`--lang takes en or ja, got "${lang}"`);
  const language = lang ?? languageFromEnvironment(process.env);
  const metas = allRuleMetas().map((meta) => (language === 'ja' ? { ...meta, title: JA_TITLES[meta.id] ?? meta.title } : meta));
  if (args.includes('--format=json') || args.some((a, i) => a === '--format' && args[i + 1] === 'json')) {
    out.stdout(
      JSON.stringify(
        metas.map(({ messages: _messages, ...meta }) => meta),
        null,
        2,
      ) + '\n',
    );
  } else {
    for (const meta of metas)
      out.stdout(`${meta.id.padEnd(32)} ${meta.defaultSeverity.padEnd(8)} ${meta.fixable ? 'fix ' : '    '}${meta.title}\n`);
  }
  return 0;
}

const CHECK_USAGE = `Usage: private-ecr check [paths...] [options]

Checks every Terraform and OpenTofu root module under the paths (default: the current folder).

Output
  --format <f>              text (default), json, sarif, junit, checkstyle, github (workflow annotations),
                            gitlab (Code Quality). Repeatable: each -o/--output writes the format before it,
                            e.g. --format sarif -o results.sarif --format text
  -o, --output <file>       write the preceding --format to a file instead of stdout
  --lang <en|ja>            language of the messages (default: from LC_ALL, LC_MESSAGES or LANG, e.g.
                            ja_JP.UTF-8 gives Japanese; else English). JSON and SARIF carry the messageId too
Verdict
  --fail-on <level>         exit 1 on findings at or above error (default), warning or info
  --max-warnings <n>        exit 1 when there are more than n warnings
  --baseline <file>         report only findings not recorded in the baseline file
  --write-baseline <file>   record today's findings (by rule, module, resource and message) in a baseline
What is checked
  --rule <id>               only this rule (repeatable; list them with: private-ecr rules)
  --severity <id>=<level>   error, warning, info or off for one rule (repeatable)
  --exclude <glob>          drop findings in matching files or folders (repeatable; ** and * as in .gitignore)
  --var-file <file>         root variable values from a .tfvars or .tfvars.json file (repeatable)
  --var <name>=<value>      one root variable value, an HCL expression (repeatable)
  --config <file>           settings file (default: the nearest ${'.private-ecr.json'} up to the repository root)
  --no-config               ignore any settings file
  --chdir <dir>             run from this folder
Fixing
  --fix                     apply every mechanical fix, written atomically, then check again

Root variables come, lowest first, from TF_VAR_<name>, terraform.tfvars(.json), *.auto.tfvars(.json), the
settings file's varFiles, then --var-file and --var in command-line order, as Terraform takes them.
Modules installed by terraform init are read from .terraform/modules/modules.json, or from the data
folder TF_DATA_DIR names (relative to each root module, as Terraform takes it).
Command-line flags win over the settings file.
Exit status: 0 no findings at the --fail-on level, 1 such findings (or too many warnings), 2 usage or internal error.`;

/** Runs the CLI with arguments (without node and script) and returns the exit code. */
export async function main(argv: string[], out: Output): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        out.stdout(USAGE + '\n');
        return command === undefined ? 2 : 0;
      case '--version':
      case '-v':
        out.stdout(VERSION + '\n');
        return 0;
      case 'check':
        if (rest.includes('--help') || rest.includes('-h')) {
          out.stdout(CHECK_USAGE + '\n');
          return 0;
        }
        return await runCheck(rest, out, VERSION);
      case 'verify':
        return await loadLive().runVerifyCli(rest, out);
      case 'rules':
        return runRulesList(rest, out);
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      out.stderr(`private-ecr: ${error.message}\n${USAGE.split('\n').slice(0, 6).join('\n')}\n`);
      return 2;
    }
    out.stderr(`private-ecr: internal error: ${(error as Error).message}\n`);
    return 2;
  }
}

/**
 * A batch run makes a root's trees and values, reports, and drops them: little stays alive, much
 * becomes garbage. V8's default lets the heap grow to about four times the live data before a full
 * collection, so peak memory followed the garbage of several roots (about 170 MB of heap for 35 MB
 * alive on 500 modules). Growing by 30% of the live data keeps the peak near the work in hand, at no
 * measurable CPU cost (bench/analysis.ts). Only the command line's own process is tuned; a host
 * that imports the CLI keeps its settings.
 */
function limitHeapHeadroom(): void {
  try {
    v8.setFlagsFromString('--heap-growing-percent=30');
  } catch {
    // An embedder without the flag: the default growth only costs memory.
  }
}

/**
 * Runs the CLI on this process's arguments and sets the exit code (used by bin/private-ecr.js).
 * Until the run finishes the exit code is 2, so a run that stops early never reports success;
 * a broken stdout (closed pipe, full disk) also ends in 2 with one line on stderr.
 */
export function runFromProcess(): Promise<void> {
  process.exitCode = 2;
  limitHeapHeadroom();
  const { out, failed } = guardedOutput(process.stdout, process.stderr, () => {
    process.exitCode = OUTPUT_FAILED_EXIT;
  });
  let finished = false;
  process.once('exit', () => {
    if (!finished) out.stderr('private-ecr: internal error: the run stopped before it finished (exit status 2)\n');
  });
  return main(process.argv.slice(2), out).then(
    (code) => {
      finished = true;
      process.exitCode = failed() ? OUTPUT_FAILED_EXIT : code;
    },
    (error: unknown) => {
      finished = true;
      out.stderr(`private-ecr: internal error: ${(error as Error)?.message ?? String(error)}\n`);
      process.exitCode = 2;
    },
  );
}

if (require.main === module) void runFromProcess();
