/**
 * The command-line checker: `private-ecr check` runs the same rules as the editor over folders and
 * files (text, JSON or SARIF output, `--fix`), `private-ecr verify` runs the live check, and
 * `private-ecr rules` lists the rules. Exit codes: 0 no error findings, 1 error findings, 2 usage or
 * internal error.
 */
import * as fs from 'fs';
import * as nodePath from 'path';
import { analyzePaths } from './core/analyze';
import type { Finding, Severity } from './core/findings';
import { fixAllInMemory } from './core/fixes/fix-all';
import { addTerraformSyntaxMessages } from './core/hcl/terraform-messages';
import { DiskReader } from './core/model/source';
import { toSarif } from './cli/sarif';
import { allRuleMetas } from './core/rules/registry';
import { runVerifyCli } from './cli/verify';

const VERSION = '0.1.0';

const USAGE = `Usage:
  private-ecr check [paths...] [--format text|json|sarif] [--fix] [--rule <id>]... [--severity <id>=<error|warning|info|off>]...
  private-ecr verify --region <region> (--cluster <c> --service <s> | --vpc-id <vpc> [--subnet-ids a,b] [--security-group-ids a,b])
                     [--profile <p>] [--endpoint-url <url>] [--format text|json]
  private-ecr rules [--format text|json]
  private-ecr --help | --version

check analyses every Terraform root module under the given paths (default: the current folder).
Exit status: 0 no error findings, 1 error findings, 2 usage or internal error.`;

/** Where the CLI writes. */
export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
}

class UsageError extends Error {}

interface CheckOptions {
  paths: string[];
  format: 'text' | 'json' | 'sarif';
  fix: boolean;
  ruleIds: string[];
  severities: Record<string, Severity | 'off'>;
}

function parseCheckArgs(args: string[]): CheckOptions {
  const options: CheckOptions = { paths: [], format: 'text', fix: false, ruleIds: [], severities: {} };
  const known = new Set(allRuleMetas().map((m) => m.id));
  const valueOf = (flag: string, i: number): string => {
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return value;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const take = () => (inline !== undefined ? inline : valueOf(flag, i++));
    switch (flag) {
      case '--format': {
        const format = take();
        if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`unknown format "${format}" (use text, json or sarif)`);
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
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option "${arg}"`);
        options.paths.push(arg);
    }
  }
  if (options.paths.length === 0) options.paths.push('.');
  for (const path of options.paths) {
    if (!fs.existsSync(path)) throw new UsageError(`no such file or folder: ${path}`);
    try {
      fs.accessSync(path, fs.constants.R_OK);
    } catch {
      throw new UsageError(`cannot read ${path}: permission denied`);
    }
  }
  return options;
}

function relative(file: string | null): string | null {
  if (!file) return null;
  const rel = nodePath.relative(process.cwd(), file);
  return (rel === '' ? '.' : rel).split(nodePath.sep).join('/');
}

/** The JSON contract: `{"version":1,"findings":[...]}`. */
export function findingsToJson(findings: Finding[]): object {
  return {
    version: 1,
    findings: findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      file: relative(f.file),
      range: f.range,
      resource: f.resource,
      module: f.module,
      ...(f.related && f.related.length > 0 ? { related: f.related.map((r) => ({ file: relative(r.file), range: r.range, message: r.message })) } : {}),
      ...(f.fixes && f.fixes.length > 0 ? { fixes: f.fixes.map((x) => ({ title: x.title, edits: x.edits.map((e) => ({ file: relative(e.file), range: e.range, newText: e.newText })) })) } : {}),
    })),
  };
}

function formatText(findings: Finding[]): string {
  const lines = findings.map((f) => {
    const where = f.file ? `${relative(f.file)}:${(f.range?.start.line ?? 0) + 1}:${(f.range?.start.character ?? 0) + 1}` : '<no file>';
    return `${where} ${f.severity} ${f.ruleId} ${f.message}`;
  });
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  lines.push(`${findings.length} finding${findings.length === 1 ? '' : 's'} (${count('error')} error, ${count('warning')} warning, ${count('info')} info)`);
  return lines.join('\n') + '\n';
}

/** Applies every fix (see fixAllInMemory), writes the changed files, and says what it did on stderr. */
function applyAllFixes(options: CheckOptions, out: Output): number {
  const result = fixAllInMemory(options.paths, new DiskReader(), () => true, { ruleIds: options.ruleIds, severities: options.severities });
  for (const fix of result.applied) out.stderr(`fixed: ${relative(fix.file)} ${fix.ruleId}: ${fix.title}\n`);
  for (const [file, text] of result.texts) fs.writeFileSync(file, text);
  return result.applied.length;
}

async function runCheck(args: string[], out: Output): Promise<number> {
  const options = parseCheckArgs(args);
  if (options.fix) {
    const applied = applyAllFixes(options, out);
    out.stderr(`${applied} fix${applied === 1 ? '' : 'es'} applied\n`);
  }
  const reader = new DiskReader();
  const analysed = analyzePaths(options.paths, { reader, ruleIds: options.ruleIds, severities: options.severities }).findings;
  const findings = await addTerraformSyntaxMessages(analysed, (path) => {
    const read = reader.readText(path);
    return 'text' in read ? read.text : undefined;
  });
  if (options.format === 'json') out.stdout(JSON.stringify(findingsToJson(findings), null, 2) + '\n');
  else if (options.format === 'sarif') out.stdout(JSON.stringify(toSarif(findings, VERSION, relative), null, 2) + '\n');
  else out.stdout(formatText(findings));
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}

function runRulesList(args: string[], out: Output): number {
  const metas = allRuleMetas();
  if (args.includes('--format=json') || (args[0] === '--format' && args[1] === 'json')) {
    out.stdout(JSON.stringify(metas.map(({ messages: _messages, ...meta }) => meta), null, 2) + '\n');
  } else {
    for (const meta of metas) out.stdout(`${meta.id.padEnd(32)} ${meta.defaultSeverity.padEnd(8)} ${meta.fixable ? 'fix ' : '    '}${meta.title}\n`);
  }
  return 0;
}

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
        return await runCheck(rest, out);
      case 'verify':
        return await runVerifyCli(rest, out);
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

/** Runs the CLI on this process's arguments and sets the exit code (used by bin/private-ecr.js). */
export function runFromProcess(): Promise<void> {
  const out: Output = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };
  return main(process.argv.slice(2), out).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`private-ecr: internal error: ${(error as Error).message}\n`);
      process.exitCode = 2;
    },
  );
}

if (require.main === module) void runFromProcess();
