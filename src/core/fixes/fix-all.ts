/**
 * Applies fixes repeatedly in memory, re-analysing between rounds, until nothing selected is left to
 * fix. The command line's `--fix`, the editor's "Fix all" and "Add private ECR endpoints for this
 * service" all use it.
 *
 * One round applies, per file, every fix that edits a top-level block no other fix of the round
 * edits, and at most one fix that adds top-level blocks (two fixes computed together could each add
 * the same helper resource). So the number of rounds does not grow with the number of fixes, and
 * each round costs one analysis plus one linear pass per changed file.
 *
 * Safety: no fix is applied to a file with syntax errors, nor to another file of its module (fixes
 * are anchored on a parse that may not match what Terraform reads, e.g. an unclosed block while
 * typing, and what the broken file declares is not known), nor to any file of a module with a
 * `duplicate-block` error (Terraform refuses it; which declaration counts is not known); a fix may be refused by
 * `canEdit` (the CLI refuses files outside the paths it was given); and when a round does not remove
 * the finding a fix targeted, that fix is never applied again and the failure is reported.
 */
import * as nodePath from 'path';
import { analyzePaths, type AnalyzeOptions } from '../analyze';
import type { Finding, Fix, TextEdit } from '../findings';
import type { HclFile } from '../hcl/ast';
import { isConfigurationFile, ParseCache } from '../model/loader';
import { OverlayReader, type SourceReader } from '../model/source';
import { applyEdits, lineStarts } from './apply';

/** Why a fix was not applied, or what went wrong while applying fixes. */
export interface FixProblem {
  /**
   * `syntax-error`: a file the fix edits, or one beside it, has syntax errors; `duplicate-block`: its
   * module declares a block address twice; `refused`: `canEdit` refused a file;
   * `unreadable`: a file the fix edits cannot be read; `not-removed`: the fix was applied but its
   * finding is still there (an internal problem; the fix is not applied again); `round-limit`:
   * fixes were still being found after the last round (an internal problem).
   */
  kind: 'syntax-error' | 'duplicate-block' | 'refused' | 'unreadable' | 'not-removed' | 'round-limit';
  /** The file the problem is about (the edited file for syntax-error/refused/unreadable, the finding's file otherwise). */
  file: string | null;
  ruleId?: string;
  title?: string;
  message: string;
}

/** The outcome: new texts of the files that changed, the fixes applied, and what was skipped or failed. */
export interface FixAllResult {
  texts: Map<string, string>;
  /** The text each changed file had before the first fix (to check nothing changed it meanwhile). */
  originals: Map<string, string>;
  applied: Array<{ file: string | null; ruleId: string; title: string }>;
  problems: FixProblem[];
}

/** Options of fixAllInMemory: the analysis options, plus which files may be edited. */
export interface FixAllOptions extends Omit<AnalyzeOptions, 'reader'> {
  /** Returns why `file` must not be edited, or undefined when it may be. */
  canEdit?: (file: string) => string | undefined;
  /** The analysis run each round (default analyzePaths; tests substitute a faulty rule's output). */
  analyze?: typeof analyzePaths;
}

/** True for the problems that mean the fixer itself went wrong (not a file it was right to leave alone). */
export function isInternalFixProblem(problem: FixProblem): boolean {
  return problem.kind === 'not-removed' || problem.kind === 'round-limit';
}

/** Identifies a finding across rounds (positions move when text is inserted above it). */
function findingKey(finding: Finding, fix: Fix): string {
  return `${finding.ruleId}\u0000${finding.file}\u0000${finding.module}\u0000${finding.resource}\u0000${fix.title}`;
}

/** The fix fix-all applies for a finding: the preferred one, else the first. */
function chosenFix(finding: Finding): Fix | undefined {
  return finding.fixes?.find((f) => f.isPreferred) ?? finding.fixes?.[0];
}

/** True when an edit adds a top-level block (a line starting with a block keyword at column 0). */
function addsTopLevelBlock(edit: TextEdit): boolean {
  return /(^|\n)(resource|data|module|variable|output|locals|provider|terraform|moved|import|check|removed)\b/.test(edit.newText);
}

/** For each top-level item of a parsed file, its offsets; used to say which block an edit falls in. */
class BlockIndex {
  private readonly starts: number[];
  private readonly ends: number[];
  private readonly lines: number[];

  constructor(private readonly file: HclFile) {
    this.starts = file.body.items.map((i) => i.range.start.offset);
    this.ends = file.body.items.map((i) => i.range.end.offset);
    this.lines = lineStarts(file.text);
  }

  /** A key of the top-level item containing `offset` (end inclusive), or of the gap before the next one. */
  keyAt(line: number, character: number): string {
    const offset = line < this.lines.length ? this.lines[line] + character : this.file.text.length;
    let lo = 0;
    let hi = this.starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found >= 0 && offset <= this.ends[found] ? `b${found}` : `g${found}`;
  }
}

/** Fixes every finding `select` accepts under `paths`, reading through `reader`; writes nothing. */
export function fixAllInMemory(
  paths: string[],
  reader: SourceReader,
  select: (finding: Finding) => boolean,
  options: FixAllOptions = {},
  maxRounds = 50,
): FixAllResult {
  const { canEdit, analyze = analyzePaths, ...analyzeOptions } = options;
  const cache = analyzeOptions.cache ?? new ParseCache();
  // Syntax errors and duplicate addresses must be seen even when the caller turned their findings off.
  const severities = { ...(analyzeOptions.severities ?? {}) };
  delete severities['hcl-syntax'];
  delete severities['duplicate-block'];
  const texts = new Map<string, string>();
  const originals = new Map<string, string>();
  const applied: FixAllResult['applied'] = [];
  const problems: FixProblem[] = [];
  const reported = new Set<string>();
  const report = (key: string, problem: FixProblem) => {
    if (reported.has(key)) return;
    reported.add(key);
    problems.push(problem);
  };
  /** Fixes that did not remove their finding: never applied again. */
  const blocked = new Set<string>();
  /** Fixes applied in the previous round: how many findings had their key, and how many were fixed. */
  let pending = new Map<string, { before: number; fixed: number; finding: Finding; title: string }>();

  for (let round = 0; ; round++) {
    const overlayReader = new OverlayReader(reader, texts);
    const { findings } = analyze(paths, { ...analyzeOptions, cache, severities, reader: overlayReader });
    const counts = new Map<string, number>();
    for (const finding of findings) {
      const fix = chosenFix(finding);
      if (!fix) continue;
      const key = findingKey(finding, fix);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const [key, p] of pending) {
      if ((counts.get(key) ?? 0) <= p.before - p.fixed) continue;
      blocked.add(key);
      report(`not-removed\u0000${key}`, {
        kind: 'not-removed',
        file: p.finding.file,
        ruleId: p.finding.ruleId,
        title: p.title,
        message: `the fix "${p.title}" for ${p.finding.ruleId}${p.finding.resource ? ` on ${p.finding.resource}` : ''} did not remove the finding; it was not applied again`,
      });
    }
    pending = new Map();

    // A module with two blocks of one address is one Terraform refuses: which of them a fix should
    // edit, or whether an added block declares an address a third time, is not known. No file of it is edited.
    const duplicateIn = new Map<string, string>();
    for (const finding of findings) {
      if (finding.ruleId !== 'duplicate-block' || !finding.file) continue;
      for (const file of [finding.file, ...(finding.related ?? []).map((r) => r.file)]) {
        const folder = nodePath.dirname(file);
        if (!duplicateIn.has(folder)) duplicateIn.set(folder, file);
      }
    }

    const parsedOk = new Map<string, { ok: true; index: BlockIndex } | { ok: false }>();
    const checkFile = (file: string): BlockIndex | undefined => {
      const known = parsedOk.get(file);
      if (known) return known.ok ? known.index : undefined;
      const refusal = canEdit?.(file);
      const current = refusal === undefined ? overlayReader.readText(file) : undefined;
      let index: BlockIndex | undefined;
      if (refusal !== undefined) {
        report(`refused\u0000${file}`, { kind: 'refused', file, message: refusal });
      } else if (!current || 'error' in current) {
        report(`unreadable\u0000${file}`, {
          kind: 'unreadable',
          file,
          message: `cannot read it: ${current && 'error' in current ? current.error : 'unknown error'}`,
        });
      } else {
        const parsed = cache.parse(file, current.text);
        const broken = parsed.errors.length > 0 ? file : brokenSibling(file);
        const duplicate = duplicateIn.get(nodePath.dirname(file));
        if (broken === undefined && duplicate !== undefined) {
          report(`duplicate\u0000${file}`, {
            kind: 'duplicate-block',
            file,
            message: `${duplicate === file ? 'it declares' : `${nodePath.basename(duplicate)} in the same module declares`} a block address twice (duplicate-block); fix that first (Terraform refuses the module, and a fix could edit the wrong declaration)`,
          });
        } else if (broken === file) {
          report(`syntax\u0000${file}`, {
            kind: 'syntax-error',
            file,
            message: 'it has syntax errors; fix them first (no fix is applied to a file Terraform cannot read)',
          });
        } else if (broken !== undefined) {
          report(`syntax\u0000${file}`, {
            kind: 'syntax-error',
            file,
            message: `${nodePath.basename(broken)} in the same module has syntax errors; fix them first (what it declares is not known, so a fix could declare it twice)`,
          });
        } else index = new BlockIndex(parsed);
      }
      parsedOk.set(file, index ? { ok: true, index } : { ok: false });
      return index;
    };

    /** A configuration file beside `file` (same module folder) that has syntax errors. */
    const brokenByFolder = new Map<string, string | undefined>();
    const brokenSibling = (file: string): string | undefined => {
      const folder = nodePath.dirname(file);
      if (brokenByFolder.has(folder)) return brokenByFolder.get(folder);
      let broken: string | undefined;
      const listed = overlayReader.listDir(folder);
      if (!('error' in listed)) {
        for (const sibling of listed.files) {
          if (sibling === file || !isConfigurationFile(sibling)) continue;
          const read = overlayReader.readText(sibling);
          if ('text' in read && cache.parse(sibling, read.text).errors.length > 0) {
            broken = sibling;
            break;
          }
        }
      }
      brokenByFolder.set(folder, broken);
      return broken;
    };

    const takenBlocks = new Set<string>();
    const addedBlocksIn = new Set<string>();
    const editsByFile = new Map<string, TextEdit[]>();
    let deferred = 0;
    for (const finding of findings) {
      if (!select(finding)) continue;
      const fix = chosenFix(finding);
      if (!fix || fix.edits.length === 0) continue;
      const key = findingKey(finding, fix);
      if (blocked.has(key)) continue;
      const files = [...new Set(fix.edits.map((e) => e.file))];
      const indexes = new Map<string, BlockIndex>();
      let editable = true;
      for (const file of files) {
        const index = checkFile(file);
        if (index) indexes.set(file, index);
        else editable = false;
      }
      if (!editable) continue;
      const blockKeys: string[] = [];
      const addsIn = new Set<string>();
      for (const edit of fix.edits) {
        blockKeys.push(`${edit.file}\u0000${indexes.get(edit.file)!.keyAt(edit.range.start.line, edit.range.start.character)}`);
        blockKeys.push(`${edit.file}\u0000${indexes.get(edit.file)!.keyAt(edit.range.end.line, edit.range.end.character)}`);
        if (addsTopLevelBlock(edit)) addsIn.add(edit.file);
      }
      if (blockKeys.some((k) => takenBlocks.has(k)) || [...addsIn].some((f) => addedBlocksIn.has(f))) {
        deferred++;
        continue;
      }
      for (const k of blockKeys) takenBlocks.add(k);
      for (const f of addsIn) addedBlocksIn.add(f);
      for (const edit of fix.edits) {
        const list = editsByFile.get(edit.file);
        if (list) list.push(edit);
        else editsByFile.set(edit.file, [edit]);
      }
      applied.push({ file: finding.file, ruleId: finding.ruleId, title: fix.title });
      const p = pending.get(key);
      if (p) p.fixed++;
      else pending.set(key, { before: counts.get(key) ?? 1, fixed: 1, finding, title: fix.title });
    }
    if (editsByFile.size === 0) break;
    if (round >= maxRounds - 1) {
      // Apply this round's fixes, but there is no round left to check them or to apply the rest.
      if (deferred > 0) {
        report('round-limit', {
          kind: 'round-limit',
          file: null,
          message: `fixes were still being found after ${maxRounds} rounds; ${deferred} were left unapplied`,
        });
      }
    }
    for (const [file, edits] of editsByFile) {
      const current = overlayReader.readText(file);
      if ('error' in current) continue;
      if (!originals.has(file)) originals.set(file, current.text);
      texts.set(file, applyEdits(current.text, edits).text);
    }
    if (round >= maxRounds - 1) break;
  }
  for (const [file, text] of texts) if (originals.get(file) === text) texts.delete(file);
  return { texts, originals, applied, problems };
}

/** The smallest single edit that turns `before` into `after` (common prefix and suffix kept), as offsets. */
export function minimalReplacement(before: string, after: string): { start: number; end: number; newText: string } {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  return { start, end: endBefore, newText: after.slice(start, endAfter) };
}
