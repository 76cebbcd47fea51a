/**
 * `private-ecr check`: optionally applies every fix (`--fix`), then analyses the paths, adds
 * Terraform's own wording to syntax errors and prints the findings. Returns the exit code.
 *
 * Exit codes tell the truth: 0 no error findings, 1 error findings, 2 when anything went wrong on
 * our side — a rule failed (an `internal-error` finding), the Terraform wording step failed, a fix
 * did not do what it should, or a fixed file could not be written. In those cases the findings
 * that were computed are still printed, and stderr says what failed.
 */
import * as fs from 'fs';
import * as nodePath from 'path';
import { analyzePaths } from '../core/analyze';
import type { Finding } from '../core/findings';
import { diskFileWriter, writeFilesSafely, type FileWriter } from '../core/fixes/file-writer';
import { fixAllInMemory, isInternalFixProblem } from '../core/fixes/fix-all';
import { addTerraformSyntaxMessages } from '../core/hcl/terraform-messages';
import { languageFromEnvironment } from '../core/l10n/language';
import { localizeFindings } from '../core/l10n/localize';
import { DiskReader } from '../core/model/source';
import { analyzePlanText } from '../core/plan/check';
import { parseCheckArgs, UsageError, type CheckOptions } from './check-options';
import { applyConfigFile, baselineFindings, excludeFindings, prepareCi, verdict, writeOutputs } from './ci-run';
import { relative, type Output } from './output';

/** Adds Terraform's wording to syntax findings; may throw, or report failures next to the findings. */
export type SyntaxMessageStep = (findings: Finding[], readText: (path: string) => string | undefined) => Promise<unknown>;

/** What runCheck uses from the outside world (replaced in tests to inject failures). */
export interface CheckDependencies {
  writer: FileWriter;
  syntaxMessages: SyntaxMessageStep;
  /** The analysis (tests substitute one whose rule fails). */
  analyze: typeof analyzePaths;
}

const defaultDependencies: CheckDependencies = {
  writer: diskFileWriter,
  syntaxMessages: addTerraformSyntaxMessages,
  analyze: analyzePaths,
};

/** Says why `file` must not be fixed: its real path is outside every path given on the command line. */
export function outsideGivenPaths(paths: string[]): (file: string) => string | undefined {
  const roots = paths.map((p) => {
    const resolved = nodePath.resolve(p);
    try {
      return fs.realpathSync(resolved);
    } catch {
      return resolved;
    }
  });
  return (file) => {
    let real: string;
    try {
      real = fs.realpathSync(file);
    } catch {
      return 'it cannot be resolved on disk, so it is not written';
    }
    if (roots.some((root) => real === root || real.startsWith(root.endsWith(nodePath.sep) ? root : root + nodePath.sep))) return undefined;
    const via = real !== nodePath.resolve(file) ? ` (it is reached through a link to ${real})` : '';
    return `it is outside the paths given on the command line${via}, so it is not written`;
  };
}

/** Applies every fix, writes the changed files safely, and says what it did on stderr. Returns true when all went well. */
function applyAllFixes(options: CheckOptions, out: Output, writer: FileWriter, analyze: typeof analyzePaths): boolean {
  const canEdit = outsideGivenPaths(options.paths);
  const result = fixAllInMemory(options.paths, new DiskReader(), () => true, {
    ruleIds: options.ruleIds,
    severities: options.severities,
    variables: options.variables,
    tfDataDir: options.tfDataDir,
    modules: options.modules,
    canEdit,
    analyze,
  });
  let ok = true;
  for (const problem of result.problems) {
    if (isInternalFixProblem(problem)) {
      ok = false;
      out.stderr(
        `private-ecr: internal error while fixing${problem.file ? ` ${relative(problem.file)}` : ''}: ${problem.message}. Please report this.\n`,
      );
    } else {
      out.stderr(`not fixed: ${relative(problem.file)}: ${problem.message}\n`);
    }
  }
  // Write through links to the real files (a renamed temporary file would replace the link itself).
  const texts = new Map<string, string>();
  const originals = new Map<string, string>();
  const shownAs = new Map<string, string>();
  for (const [file, text] of result.texts) {
    let real = file;
    try {
      real = fs.realpathSync(file);
    } catch {
      // writeFilesSafely reports it.
    }
    texts.set(real, text);
    const original = result.originals.get(file);
    if (original !== undefined) originals.set(real, original);
    shownAs.set(real, file);
  }
  const written = writeFilesSafely(texts, originals, writer);
  if (written.ok) {
    for (const fix of result.applied) out.stderr(`fixed: ${relative(fix.file)} ${fix.ruleId}: ${fix.title}\n`);
    const n = result.applied.length;
    out.stderr(`${n} fix${n === 1 ? '' : 'es'} applied\n`);
    return ok;
  }
  const count = written.files.filter((f) => f.state === 'written').length;
  out.stderr(`private-ecr: the fixes could not all be written (${count} of ${written.files.length} files written):\n`);
  for (const f of written.files) {
    const name = relative(shownAs.get(f.file) ?? f.file);
    const state = f.state === 'written' ? 'written with its fixes' : `not changed${f.reason ? ` (${f.reason})` : ''}`;
    out.stderr(`  ${name}: ${state}${f.leftover ? `; temporary file ${relative(f.leftover)} left behind, delete it` : ''}\n`);
  }
  return false;
}

/** Interprets what the syntax-message step gave: findings (and failures it reports), or a failure. */
function syntaxStepOutcome(value: unknown, fallback: Finding[]): { findings: Finding[]; failures: string[] } {
  if (Array.isArray(value)) return { findings: value as Finding[], failures: [] };
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const findings = Array.isArray(record.findings) ? (record.findings as Finding[]) : fallback;
    const failures: string[] = [];
    for (const key of ['failures', 'problems', 'errors']) {
      const list = record[key];
      if (!Array.isArray(list)) continue;
      for (const item of list) {
        if (typeof item === 'string') failures.push(item);
        else if (item && typeof item === 'object') {
          const { file, message } = item as { file?: unknown; message?: unknown };
          failures.push(
            `${typeof file === 'string' ? `${relative(file)}: ` : ''}${typeof message === 'string' ? message : JSON.stringify(item)}`,
          );
        }
      }
    }
    if (typeof record.error === 'string') failures.push(record.error);
    return { findings, failures };
  }
  return { findings: fallback, failures: ['the step returned nothing'] };
}

/** Waits for `promise`; if the process would otherwise exit with it still pending (a dead worker), gives up. */
function settleOrStall<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
  return new Promise((resolve) => {
    const stalled = () => resolve({ ok: false, error: 'it stopped without answering' });
    process.once('beforeExit', stalled);
    promise.then(
      (value) => {
        process.off('beforeExit', stalled);
        resolve({ ok: true, value });
      },
      (error: unknown) => {
        process.off('beforeExit', stalled);
        resolve({ ok: false, error: error instanceof Error ? error.message : String(error) });
      },
    );
  });
}

/** Runs `check` with the arguments after the command name. */
export async function runCheck(
  args: string[],
  out: Output,
  version: string,
  dependencies: Partial<CheckDependencies> = {},
): Promise<number> {
  const deps = { ...defaultDependencies, ...dependencies };
  const { ci, rest } = prepareCi(args);
  const options = parseCheckArgs(rest);
  const config = applyConfigFile(ci, options);
  if (options.plans.length > 0) return runPlanCheck(options, out, version, ci);
  let healthy = true;
  if (options.fix) healthy = applyAllFixes(options, out, deps.writer, deps.analyze) && healthy;
  const reader = new DiskReader();
  const result = deps.analyze(options.paths, {
    reader,
    ruleIds: options.ruleIds,
    severities: options.severities,
    variables: options.variables,
    tfDataDir: options.tfDataDir,
    modules: options.modules,
    keepSuppressed: true,
  });
  // Nothing to check is a mistake, not a pass: "0 findings" would read as "all good".
  if (result.coverage && result.coverage.files.length === 0) {
    throw new UsageError(`no Terraform or OpenTofu configuration (*.tf, *.tf.json, *.tofu, *.tofu.json) in ${options.paths.join(', ')}`);
  }
  const analysed = result.findings;
  const readText = (path: string) => {
    const read = reader.readText(path);
    return 'text' in read ? read.text : undefined;
  };
  let findings = analysed;
  const notes: string[] = [];
  let step: Promise<unknown>;
  try {
    step = deps.syntaxMessages(analysed, readText);
  } catch (error) {
    step = Promise.reject(error);
  }
  const settled = await settleOrStall(step);
  if (settled.ok) {
    const outcome = syntaxStepOutcome(settled.value, analysed);
    findings = outcome.findings;
    for (const failure of outcome.failures) notes.push(`Terraform's syntax check failed: ${failure}`);
  } else {
    notes.push(
      `Terraform's syntax check (hcl2json) failed: ${settled.error}; syntax errors are shown with this checker's own wording only`,
    );
  }
  const internal = findings.filter((f) => f.ruleId === 'internal-error');
  for (const f of internal) notes.push(f.message);
  findings = baselineFindings(excludeFindings(findings, ci, config), ci, out);
  const language = ci.lang ?? languageFromEnvironment(process.env);
  if (!writeOutputs(localizeFindings(findings, language), ci, version, result.coverage, out, language)) healthy = false;
  for (const note of notes) out.stderr(`private-ecr: internal error: ${note}\n`);
  if (notes.length > 0) out.stderr(`private-ecr: the results above are incomplete (exit status 2)\n`);
  if (!healthy || notes.length > 0) return 2;
  return verdict(findings, ci);
}

/** `check` on plans: the same rules on `terraform show -json` output, mapped to the sources when they are given. */
function runPlanCheck(options: CheckOptions, out: Output, version: string, ci: ReturnType<typeof prepareCi>['ci']): number {
  const findings: Finding[] = [];
  for (const plan of options.plans) {
    let text: string;
    try {
      text = fs.readFileSync(plan, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${plan}: ${(error as Error).message}`);
    }
    const result = analyzePlanText(text, plan, { sourceDir: options.paths[0], ruleIds: options.ruleIds, severities: options.severities });
    if ('error' in result) {
      out.stderr(`private-ecr: ${result.error}\n`);
      return 2;
    }
    for (const note of result.notes) out.stderr(`private-ecr: note: ${note}\n`);
    findings.push(...result.findings);
  }
  const language = ci.lang ?? languageFromEnvironment(process.env);
  if (!writeOutputs(localizeFindings(findings, language), ci, version, undefined, out, language)) return 2;
  return verdict(findings, ci);
}
