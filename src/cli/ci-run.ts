/**
 * The CI side of `check`, around the analysis: the config file and `--chdir` before it; after it,
 * `--exclude`, the baseline, every requested output (stdout or files) and the verdict
 * (`--fail-on`, `--max-warnings`).
 */
import * as fs from 'fs';
import * as nodePath from 'path';
import type { Finding, Severity } from '../core/findings';
import type { Coverage } from '../core/analyze';
import type { Language } from '../core/l10n/language';
import { UsageError, type CheckOptions } from './check-options';
import { parseCiArgs, type CiOptions } from './ci-options';
import { ConfigError, findConfigFile, loadConfigFile, withoutExcluded, type ProjectConfig } from '../core/config-file';
import { excludeMatcher } from '../core/glob';
import { allRuleMetas } from '../core/rules/registry';
import { applyBaseline, makeBaseline, parseBaseline } from './formats/baseline';
import { toCheckstyle } from './formats/checkstyle';
import { toGithubAnnotations } from './formats/github';
import { toGitlabCodeQuality } from './formats/gitlab';
import { toJunit } from './formats/junit';
import { formatFindings, relative, type Output } from './output';
import { findSourceRoot, toSarif } from './sarif';

/** The CI flags, with `--chdir` already applied (so later paths resolve from there). */
export function prepareCi(args: string[]): { ci: CiOptions; rest: string[] } {
  const parsed = parseCiArgs(args);
  if (parsed.ci.chdir) {
    const dir = nodePath.resolve(parsed.ci.chdir);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`--chdir ${parsed.ci.chdir}: no such folder`);
    process.chdir(dir);
  }
  return parsed;
}

/** Applies the config file (found upward from the first path, or named) under the command line's own flags. */
export function applyConfigFile(ci: CiOptions, options: CheckOptions): ProjectConfig | undefined {
  if (ci.noConfig) return undefined;
  const file = ci.config ? nodePath.resolve(ci.config) : findConfigFile(options.paths[0] ?? '.');
  if (!file) return undefined;
  let config: ProjectConfig;
  try {
    config = loadConfigFile(file, new Set(allRuleMetas().map((meta) => meta.id)));
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  // Flags win: the file's severities first, then --severity; its var files before --var-file/--var.
  options.severities = { ...config.rules, ...options.severities };
  const variables = options.variables as { cli?: Array<{ file: string } | { name: string; value: string }> };
  variables.cli = [...config.varFiles.map((f) => ({ file: f })), ...(variables.cli ?? [])];
  options.modules = config.modules;
  return config;
}

/** Drops findings in excluded files (globs from the command line relative to the current folder, from the config file relative to its folder). */
export function excludeFindings(findings: Finding[], ci: CiOptions, config: ProjectConfig | undefined): Finding[] {
  const fromFlags = excludeMatcher(ci.exclude, process.cwd());
  const kept = ci.exclude.length > 0 ? findings.filter((f) => !f.file || !fromFlags(f.file)) : findings;
  // The config file's excludes: the same core function the editor applies.
  return withoutExcluded(kept, config);
}

/** Applies `--baseline` and writes `--write-baseline`; notes go to stderr. */
export function baselineFindings(findings: Finding[], ci: CiOptions, out: Output): Finding[] {
  if (ci.writeBaseline) {
    const active = findings.filter((f) => !f.suppressed);
    writeOutputFile(ci.writeBaseline, JSON.stringify(makeBaseline(active, relative), null, 2) + '\n');
    out.stderr(`private-ecr: wrote ${active.length} finding${active.length === 1 ? '' : 's'} to the baseline ${ci.writeBaseline}\n`);
  }
  if (!ci.baseline) return findings;
  let text: string;
  try {
    text = fs.readFileSync(ci.baseline, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read the baseline ${ci.baseline}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
  let baseline;
  try {
    baseline = parseBaseline(text, ci.baseline);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const suppressed = findings.filter((f) => f.suppressed);
  const { fresh: freshActive, baselined } = applyBaseline(
    findings.filter((f) => !f.suppressed),
    baseline,
    relative,
  );
  const fresh = [...freshActive, ...suppressed];
  out.stderr(
    `private-ecr: ${baselined} finding${baselined === 1 ? ' is' : 's are'} in the baseline ${ci.baseline} and not shown; ${fresh.length} new\n`,
  );
  return fresh;
}

/** Writes a report file (folders created), replacing it whole. */
function writeOutputFile(file: string, text: string): void {
  const path = nodePath.resolve(file);
  fs.mkdirSync(nodePath.dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, path);
}

/** One format's text. */
export function renderFormat(
  format: CiOptions['outputs'][number]['format'],
  all: Finding[],
  version: string,
  coverage: Coverage | undefined,
  language: Language = 'en',
): string {
  // Suppressed findings (ignore comments) are facts for machines that track them — JSON and SARIF —
  // and noise everywhere else.
  const findings = format === 'json' || format === 'sarif' ? all : all.filter((f) => !f.suppressed);
  switch (format) {
    case 'text':
    case 'json':
      return formatFindings(findings, format, version, coverage, language);
    case 'sarif': {
      const sarif = toSarif(findings, version, relative, findSourceRoot(process.cwd()), language) as {
        runs: Array<{ properties?: Record<string, unknown> }>;
      };
      if (coverage) {
        const json = JSON.parse(formatFindings([], 'json', version, coverage)) as { coverage?: unknown };
        for (const run of sarif.runs) run.properties = { ...run.properties, coverage: json.coverage };
      }
      return JSON.stringify(sarif, null, 2) + '\n';
    }
    case 'junit':
      return toJunit(findings, relative);
    case 'checkstyle':
      return toCheckstyle(findings, relative);
    case 'github':
      return toGithubAnnotations(findings, relative);
    case 'gitlab':
      return toGitlabCodeQuality(findings, relative);
  }
}

/** Prints or writes every requested output. Returns false (after saying why on stderr) when a file could not be written. */
export function writeOutputs(
  findings: Finding[],
  ci: CiOptions,
  version: string,
  coverage: Coverage | undefined,
  out: Output,
  language: Language = 'en',
): boolean {
  let ok = true;
  for (const target of ci.outputs) {
    const text = renderFormat(target.format, findings, version, coverage, language);
    if (target.file === undefined) {
      out.stdout(text);
      continue;
    }
    try {
      writeOutputFile(target.file, text);
    } catch (error) {
      ok = false;
      out.stderr(`private-ecr: cannot write the ${target.format} report ${target.file}: ${(error as Error).message}\n`);
    }
  }
  return ok;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** 1 when findings at or above `--fail-on` exist or warnings exceed `--max-warnings`, else 0. */
export function verdict(findings: Finding[], ci: CiOptions): 0 | 1 {
  if (findings.some((f) => !(f as Finding & { suppressed?: unknown }).suppressed && RANK[f.severity] >= RANK[ci.failOn])) return 1;
  if (ci.maxWarnings !== undefined && findings.filter((f) => f.severity === 'warning').length > ci.maxWarnings) return 1;
  return 0;
}
