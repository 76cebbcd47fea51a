/**
 * The entry point of the analysis: find the root modules under some paths, build each root's
 * configuration, run the rules, and return sorted, de-duplicated findings.
 */
import * as nodePath from 'path';
import { BudgetExceeded, DEFAULT_ROOT_BUDGET, withBudget, type AnalysisBudget } from './budget';
import { compareFindings, type Finding } from './findings';
import { Configuration, type ModuleFollow, type SkippedItem, type VariableInputs } from './model/config';
import { findModuleFolders, ParseCache, selectConfigurationFiles, type FolderSearchNote } from './model/loader';
import { DiskReader, ReadOnceReader, type SourceReader } from './model/source';
import { runRules, type SeverityOverrides } from './rules/engine';
import { RULES } from './rules/registry';
import type { Rule } from './rules/types';

/** Options of an analysis. */
export interface AnalyzeOptions {
  reader?: SourceReader;
  cache?: ParseCache;
  /** Only these rule ids (default: all). */
  ruleIds?: string[];
  severities?: SeverityOverrides;
  /** Root variable values from TF_VAR_, `-var-file` and `-var` (applied to every root). */
  variables?: VariableInputs;
  /** Time and memory allowed per root (default DEFAULT_ROOT_BUDGET). A root over it yields one internal-error finding. */
  budget?: AnalysisBudget;
  /** Keep findings ignore comments suppressed, marked `suppressed` (the CLI's JSON and SARIF show them). */
  keepSuppressed?: boolean;
  /** `TF_DATA_DIR` from the environment (where `terraform init` put `modules/modules.json`; relative to each root). */
  tfDataDir?: string;
  /** Which module calls to follow (`modules` of `.private-ecr.json`; default all). */
  modules?: ModuleFollow;
}

/** The inputs of a root's analysis from outside its files (what the editor passes to its worker). */
export type RootInputs = Pick<AnalyzeOptions, 'variables' | 'tfDataDir' | 'modules'>;

/** What an analysis covered: shown at the end of the text output and as `coverage` in JSON. */
export interface Coverage {
  /** Root module folders analysed. */
  roots: string[];
  /** Module instances analysed (roots included). */
  modules: number;
  /** Configuration files read, once each. */
  files: string[];
  /** What was not analysed, and why. */
  skipped: SkippedItem[];
}

/** The result of analysing some paths. */
export interface AnalysisResult {
  findings: Finding[];
  /** The root module folders analysed. */
  roots: string[];
  coverage: Coverage;
}

/** The local module folders a module folder calls (`source = "./..."`), resolved to absolute paths. */
export function localModuleCalls(dir: string, reader: SourceReader, cache: ParseCache): string[] {
  const listed = reader.listDir(dir);
  if ('error' in listed) return [];
  const out: string[] = [];
  const selected = selectConfigurationFiles(listed.files);
  for (const path of [...selected.primary, ...selected.overrides]) {
    const read = reader.readText(path);
    if ('error' in read) continue;
    // Cheap pre-check: most files call no module.
    if (!read.text.includes('module')) continue;
    const file = cache.parse(path, read.text);
    for (const item of file.body.items) {
      if (item.kind !== 'block' || item.type !== 'module') continue;
      const source = item.body.items.find((i) => i.kind === 'attribute' && i.name === 'source');
      if (!source || source.kind !== 'attribute' || source.expr.type !== 'template') continue;
      const text = source.expr.parts.map((p) => (p.kind === 'text' ? p.value : '\u0000')).join('');
      if (text.startsWith('./') || text.startsWith('../'))
        out.push(reader.realPath(nodePath.resolve(dir, text)) ?? nodePath.resolve(dir, text));
    }
  }
  return out;
}

/**
 * The root modules among the module folders under `dir`: folders no other folder there calls.
 * A folder that only calls itself in a cycle is still a root so its problems get reported.
 */
export function findRoots(dir: string, reader: SourceReader, cache: ParseCache, notes?: FolderSearchNote[]): string[] {
  const folders = findModuleFolders(dir, reader, undefined, notes);
  const real = (f: string) => reader.realPath(f) ?? f;
  const calls = new Map<string, string[]>();
  const called = new Set<string>();
  for (const folder of folders) {
    const self = real(folder);
    const targets = localModuleCalls(folder, reader, cache).filter((t) => t !== self);
    calls.set(self, targets);
    for (const target of targets) called.add(target);
  }
  const roots = folders.filter((f) => !called.has(real(f)));
  // Folders only reachable through a cycle of module calls have no outside caller: analyse one
  // folder of each such cycle as a root, so the cycle is reported rather than silently skipped.
  const reached = new Set<string>();
  const reach = (start: string) => {
    const stack = [start];
    while (stack.length > 0) {
      const current = stack.pop()!;
      if (reached.has(current)) continue;
      reached.add(current);
      stack.push(...(calls.get(current) ?? []));
    }
  };
  for (const root of roots) reach(real(root));
  for (const folder of folders) {
    if (reached.has(real(folder))) continue;
    roots.push(folder);
    reach(real(folder));
  }
  return roots.sort();
}

/**
 * Analyses one root module folder, within its time and memory budget. A root over budget yields
 * one `internal-error` finding (an internal problem: the run must not pass as clean) instead of
 * hanging or exhausting memory; the other roots are analysed as usual.
 */
export function analyzeRoot(rootDir: string, options: AnalyzeOptions = {}): Finding[] {
  return analyzeRootWithConfiguration(rootDir, options).findings;
}

/** The findings of one root, and its configuration (none when the root went over its budget). */
function analyzeRootWithConfiguration(rootDir: string, options: AnalyzeOptions): { findings: Finding[]; configuration?: Configuration } {
  const reader = options.reader ?? new DiskReader();
  const cache = options.cache ?? new ParseCache();
  try {
    return withBudget(options.budget ?? DEFAULT_ROOT_BUDGET, () => {
      const configuration = new Configuration(rootDir, reader, cache, options.variables, {
        tfDataDir: options.tfDataDir,
        modules: options.modules,
      });
      const findings = runRules(configuration, {
        rules: selectRules(options.ruleIds),
        severities: options.severities,
        keepSuppressed: options.keepSuppressed,
      });
      // Coverage reads the module list: build it inside the budget too.
      void configuration.modules;
      return { findings, configuration };
    });
  } catch (error) {
    if (!(error instanceof BudgetExceeded)) throw error;
    return { findings: [budgetFinding(rootDir, error)] };
  }
}

/**
 * One root of a multi-root run: a crash in the analysis of one root (a bug in the model or the
 * parser, not in a rule: rules are already isolated) becomes one internal-error finding for that
 * root, so the other roots' findings are still reported and the CLI exits 2 saying what failed.
 */
function analyzeRootOrReport(rootDir: string, options: AnalyzeOptions): { findings: Finding[]; configuration?: Configuration } {
  try {
    return analyzeRootWithConfiguration(rootDir, options);
  } catch (error) {
    return {
      findings: [
        {
          ruleId: 'internal-error',
          severity: 'error',
          message: `The analysis of the module ${rootDir} failed: ${(error as Error)?.message ?? String(error)}. Its findings are missing. Please report this.`,
          file: null,
          range: null,
          resource: null,
          module: '',
        },
      ],
    };
  }
}

/** The finding for a root whose analysis was stopped by its budget. */
export function budgetFinding(rootDir: string, error: BudgetExceeded): Finding {
  return {
    ruleId: 'internal-error',
    severity: 'error',
    message: `The analysis of the module ${rootDir} was stopped: ${error.message}. Its findings are missing; check the module for very large count/for_each expansions or values.`,
    file: null,
    range: null,
    resource: null,
    module: '',
  };
}

/** A note of the folder search (a link skipped, the search stopped) as a finding. */
function folderNoteFinding(note: FolderSearchNote): Finding {
  return { ruleId: 'module-source', severity: note.severity, message: note.message, file: null, range: null, resource: null, module: '' };
}

function selectRules(ruleIds: string[] | undefined): readonly Rule[] {
  if (!ruleIds || ruleIds.length === 0) return RULES;
  return RULES.filter((r) => ruleIds.includes(r.meta.id));
}

/** Analyses folders (all roots under each) and files (their folder's roots; findings kept for those files). */
export function analyzePaths(paths: string[], options: AnalyzeOptions = {}): AnalysisResult {
  // Without a caller's cache (the command line), every file is read once, and parsed trees live only
  // as long as the root that needs them: memory follows the largest root, not the whole tree. A
  // caller's cache (the editor, fix-all) is used throughout, as that caller keeps it between runs.
  const ownCaches = options.cache === undefined;
  const reader = ownCaches ? new ReadOnceReader(options.reader ?? new DiskReader()) : (options.reader ?? new DiskReader());
  let cache: ParseCache | undefined = options.cache ?? new ParseCache();
  const roots: string[] = [];
  const fileFilter = new Set<string>();
  const notes: FolderSearchNote[] = [];
  let onlyFiles = true;
  for (const input of paths) {
    const path = nodePath.resolve(input);
    if (reader.isDirectory(path)) {
      onlyFiles = false;
      for (const root of findRoots(path, reader, cache, notes)) if (!roots.includes(root)) roots.push(root);
    } else {
      fileFilter.add(path);
      const dir = nodePath.dirname(path);
      if (!roots.includes(dir)) roots.push(dir);
    }
  }
  // The trees parsed to find the roots' module calls are dropped; each root parses what it uses.
  if (ownCaches) cache = undefined;
  const findings: Finding[] = notes.map(folderNoteFinding);
  const seen = new Set<string>();
  const coverage: Coverage = { roots, modules: 0, files: [], skipped: [] };
  const files = new Set<string>();
  const skippedSeen = new Set<string>();
  for (const root of roots) {
    const analysed = analyzeRootOrReport(root, { ...options, reader, cache: cache ?? new ParseCache() });
    const modules = analysed.configuration?.modules ?? [];
    coverage.modules += modules.length;
    for (const module of modules) for (const file of module.files) files.add(file.path);
    for (const item of analysed.configuration?.skipped ?? []) {
      const key = `${item.what}|${item.reason}`;
      if (!skippedSeen.has(key)) {
        skippedSeen.add(key);
        coverage.skipped.push(item.what.startsWith('module.') ? { ...item, root } : item);
      }
    }
    for (const finding of analysed.findings) {
      if (onlyFiles && finding.file && !fileFilter.has(finding.file)) continue;
      const key = `${finding.ruleId}|${finding.file}|${JSON.stringify(finding.range)}|${finding.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(finding);
    }
  }
  findings.sort(compareFindings);
  coverage.files = [...files].sort();
  return { findings, roots, coverage };
}
