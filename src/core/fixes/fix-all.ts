/**
 * Applies fixes repeatedly in memory: one fix per file per round (two fixes computed together in
 * one file could each add the same helper resource), re-analysing between rounds, until nothing
 * selected is left to fix. The command line's `--fix`, the editor's "Fix all" and "Add private ECR
 * endpoints for this service" all use it.
 */
import { analyzePaths, type AnalyzeOptions } from '../analyze';
import type { Finding, TextEdit } from '../findings';
import { OverlayReader, type SourceReader } from '../model/source';
import { applyEdits } from './apply';

/** The outcome: new texts of the files that changed, and the titles of the fixes applied. */
export interface FixAllResult {
  texts: Map<string, string>;
  applied: Array<{ file: string | null; ruleId: string; title: string }>;
}

/** Fixes every finding `select` accepts under `paths`, reading through `reader`; writes nothing. */
export function fixAllInMemory(paths: string[], reader: SourceReader, select: (finding: Finding) => boolean, options: Omit<AnalyzeOptions, 'reader'> = {}, maxRounds = 50): FixAllResult {
  const texts = new Map<string, string>();
  const applied: FixAllResult['applied'] = [];
  for (let round = 0; round < maxRounds; round++) {
    const overlayReader = new OverlayReader(reader, texts);
    const { findings } = analyzePaths(paths, { ...options, reader: overlayReader });
    const touched = new Set<string>();
    const editsByFile = new Map<string, TextEdit[]>();
    for (const finding of findings) {
      if (!select(finding)) continue;
      const fix = finding.fixes?.find((f) => f.isPreferred) ?? finding.fixes?.[0];
      if (!fix || fix.edits.some((e) => touched.has(e.file))) continue;
      for (const edit of fix.edits) {
        touched.add(edit.file);
        editsByFile.set(edit.file, [...(editsByFile.get(edit.file) ?? []), edit]);
      }
      applied.push({ file: finding.file, ruleId: finding.ruleId, title: fix.title });
    }
    if (editsByFile.size === 0) break;
    for (const [file, edits] of editsByFile) {
      const current = overlayReader.readText(file);
      if ('error' in current) continue;
      texts.set(file, applyEdits(current.text, edits).text);
    }
  }
  return { texts, applied };
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
