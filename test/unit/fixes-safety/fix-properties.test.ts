/**
 * Properties of --fix over every rule fixture and example, and their BOM, CRLF and tab-indented
 * variants: the fixes touch only the edited ranges, keep each file's conventions, give the same
 * result as on the plain file (modulo those conventions), are idempotent, and leave files
 * `terraform fmt` accepted before still accepted. Plus fast-check properties of the edit applier.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { outsideGivenPaths } from '../../../src/cli/run-check';
import { analyzePaths } from '../../../src/core/analyze';
import type { TextEdit } from '../../../src/core/findings';
import { adaptToConventions, applyEdits, detectConventions, type FileConventions } from '../../../src/core/fixes/apply';
import { writeFilesSafely } from '../../../src/core/fixes/file-writer';
import { fixAllInMemory, isInternalFixProblem } from '../../../src/core/fixes/fix-all';
import { DiskReader } from '../../../src/core/model/source';
import { caseOptions, copyCase, listFixtureCases } from '../rules/fixture-runner';
import { removeTree } from '../support/temp-module';
import { BOM, normalize, REPO, tfFiles, toTabs } from './helpers';

interface Variant {
  name: string;
  bom: boolean;
  crlf: boolean;
  tabs: boolean;
}

const VARIANTS: Variant[] = [
  { name: 'plain', bom: false, crlf: false, tabs: false },
  { name: 'bom', bom: true, crlf: false, tabs: false },
  { name: 'crlf', bom: false, crlf: true, tabs: false },
  { name: 'tabs', bom: false, crlf: false, tabs: true },
  { name: 'bom+crlf+tabs', bom: true, crlf: true, tabs: true },
];

/** Rewrites every .tf file of `dir` to the variant's conventions. */
function applyVariant(dir: string, variant: Variant): void {
  for (const file of tfFiles(dir)) {
    let text = fs.readFileSync(file, 'utf8');
    if (variant.tabs) text = toTabs(text);
    if (variant.crlf) text = text.replace(/\n/g, '\r\n');
    fs.writeFileSync(file, variant.bom ? Buffer.concat([BOM, Buffer.from(text)]) : text);
  }
}

/** Every case: the rule fixtures (valid and invalid) and the examples. */
function allCases(): Array<{ name: string; dir: string; options: ReturnType<typeof caseOptions> }> {
  const cases = listFixtureCases().map((c) => ({ name: `${c.ruleId} ${c.kind}/${c.name}`, dir: c.dir, options: caseOptions(c.dir) }));
  for (const example of ['article', 'article-broken'])
    cases.push({ name: `examples/${example}`, dir: path.join(REPO, 'examples', example), options: {} });
  return cases;
}

/** Copies a case; the examples have no expected.json or fixed/ so copyCase copies all of them too. */
function copy(dir: string): string {
  return copyCase(dir);
}

/** Runs fix-all as --fix does (contained in `dir`) and writes the files. */
function fixTree(dir: string, options: ReturnType<typeof caseOptions>) {
  const result = fixAllInMemory([dir], new DiskReader(), () => true, { ...options, canEdit: outsideGivenPaths([dir]) });
  const written = writeFilesSafely(result.texts, result.originals);
  assert.ok(written.ok, JSON.stringify(written.files));
  return result;
}

/** Offsets of an edit's range, computed independently of the code under test. */
function offsetOf(text: string, line: number, character: number): number {
  const lines = text.split('\n');
  if (line >= lines.length) return text.length;
  let offset = 0;
  for (let i = 0; i < line; i++) offset += lines[i].length + 1;
  const content = lines[line].endsWith('\r') && line < lines.length - 1 ? lines[line].length - 1 : lines[line].length;
  return offset + Math.min(character, content);
}

/** Asserts `after` is `before` with exactly the edits' ranges replaced by their (adapted) text, every other byte kept. */
function assertOnlyEditedRangesChanged(before: string, edits: TextEdit[], after: string, conventions: FileConventions): void {
  const resolved = edits
    .map((e, index) => ({
      e,
      index,
      start: offsetOf(before, e.range.start.line, e.range.start.character),
      end: offsetOf(before, e.range.end.line, e.range.end.character),
    }))
    .sort((a, b) => a.start - b.start || a.index - b.index);
  let expected = '';
  let copied = 0;
  let lastEnd = -1;
  for (const r of resolved) {
    if (r.start < lastEnd) continue;
    expected += before.slice(copied, r.start);
    const atLineStart = r.start === 0 || before[r.start - 1] === '\n';
    expected += adaptToConventions(r.e.newText, conventions, atLineStart);
    copied = Math.max(r.start, r.end);
    lastEnd = Math.max(lastEnd, r.end);
  }
  expected += before.slice(copied);
  assert.equal(after, expected);
}

function isFmtCleanBatch(files: Map<string, string>): string[] {
  if (files.size === 0) return [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pecr-fmt-'));
  try {
    const names = new Map<string, string>();
    let i = 0;
    for (const [label, text] of files) {
      const name = `f${i++}.tf`;
      names.set(name, label);
      fs.writeFileSync(path.join(dir, name), text);
    }
    const r = spawnSync('terraform', ['fmt', '-check', '-list=true', dir], { encoding: 'utf8' });
    assert.ok(r.status === 0 || r.status === 3, `terraform fmt failed to run: ${r.error ?? r.stderr}`);
    return r.stdout
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => names.get(path.basename(l.trim())) ?? l);
  } finally {
    removeTree(dir);
  }
}

describe('--fix properties over every fixture and example (issue #8)', function () {
  this.timeout(600_000);
  const cases = allCases();
  const fmtCandidates = new Map<string, string>();
  let runs = 0;
  let changedFiles = 0;

  it('has cases', () => assert.ok(cases.length > 100, `${cases.length} cases`));

  it('keeps conventions, matches the plain result, is idempotent, writes nothing else', () => {
    for (const c of cases) {
      const plainDir = copy(c.dir);
      try {
        const plainBefore = new Map(tfFiles(plainDir).map((f) => [path.relative(plainDir, f), fs.readFileSync(f, 'utf8')]));
        fixTree(plainDir, c.options);
        const plainAfter = new Map(tfFiles(plainDir).map((f) => [path.relative(plainDir, f), fs.readFileSync(f, 'utf8')]));
        for (const [rel, text] of plainAfter) {
          if (text === plainBefore.get(rel)) continue;
          changedFiles++;
          const original = plainBefore.get(rel)!;
          // Only files terraform fmt accepted before are expected to stay accepted.
          fmtCandidates.set(`${c.name} ${rel} (before)`, original);
          fmtCandidates.set(`${c.name} ${rel}`, text);
        }
        for (const variant of VARIANTS.slice(1)) {
          const dir = copy(c.dir);
          try {
            applyVariant(dir, variant);
            const before = new Map(tfFiles(dir).map((f) => [path.relative(dir, f), fs.readFileSync(f)]));
            const result = fixTree(dir, c.options);
            runs++;
            assert.deepEqual(result.problems.filter(isInternalFixProblem), [], `${c.name} ${variant.name}`);
            for (const file of tfFiles(dir)) {
              const rel = path.relative(dir, file);
              const bytes = fs.readFileSync(file);
              const label = `${c.name} ${variant.name} ${rel}`;
              if (bytes.equals(before.get(rel)!)) continue;
              assert.equal(bytes.subarray(0, 3).equals(BOM), variant.bom, `${label}: BOM`);
              const text = bytes.toString('utf8');
              if (variant.crlf) assert.doesNotMatch(text, /(^|[^\r])\n/, `${label}: a lone LF in a CRLF file`);
              else assert.doesNotMatch(text, /\r/, `${label}: a CR in an LF file`);
              if (variant.tabs) {
                const spaced = text.split(/\r?\n/).filter((l) => /^ {2}/.test(l));
                const spacedBefore = new Set(
                  before
                    .get(rel)!
                    .toString('utf8')
                    .split(/\r?\n/)
                    .filter((l) => /^ {2}/.test(l)),
                );
                assert.deepEqual(
                  spaced.filter((l) => !spacedBefore.has(l)),
                  [],
                  `${label}: space-indented lines in a tab-indented file`,
                );
              }
              assert.equal(normalize(text), plainAfter.get(rel), `${label}: differs from the plain file's fix`);
            }
            const again = fixAllInMemory([dir], new DiskReader(), () => true, { ...c.options, canEdit: outsideGivenPaths([dir]) });
            assert.deepEqual(
              again.applied.map((a) => `${a.ruleId}: ${a.title}`),
              [],
              `${c.name} ${variant.name}: a second --fix found more to do`,
            );
            assert.equal(again.texts.size, 0);
          } finally {
            removeTree(dir);
          }
        }
      } finally {
        removeTree(plainDir);
      }
    }
    assert.ok(runs >= cases.length * (VARIANTS.length - 1));
    assert.ok(changedFiles > 50, `only ${changedFiles} files were changed by fixes`);
  });

  it('leaves terraform fmt-clean files fmt-clean', () => {
    const unclean = new Set(isFmtCleanBatch(fmtCandidates));
    const broken = [...fmtCandidates.keys()].filter((k) => !k.endsWith(' (before)') && unclean.has(k) && !unclean.has(`${k} (before)`));
    assert.deepEqual(broken, []);
  });

  it('each fix changes only its edited ranges, on every variant', () => {
    let checked = 0;
    for (const c of cases) {
      for (const variant of [VARIANTS[0], VARIANTS[4]]) {
        const dir = copy(c.dir);
        try {
          applyVariant(dir, variant);
          const reader = new DiskReader();
          for (const finding of analyzePaths([dir], { ...c.options, reader }).findings) {
            for (const fix of finding.fixes ?? []) {
              const byFile = new Map<string, TextEdit[]>();
              for (const e of fix.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
              for (const [file, edits] of byFile) {
                const read = reader.readText(file);
                if ('error' in read) continue;
                const conventions = detectConventions(read.text);
                assertOnlyEditedRangesChanged(read.text, edits, applyEdits(read.text, edits).text, conventions);
                checked++;
              }
            }
          }
        } finally {
          removeTree(dir);
        }
      }
    }
    assert.ok(checked > 100, `only ${checked} fixes checked`);
  });
});

describe('edit application properties (fast-check)', () => {
  const line = fc
    .tuple(fc.integer({ min: 0, max: 3 }), fc.stringMatching(/^[a-z_ ="{}[\]0-9.]{0,12}$/))
    .map(([depth, body]) => '  '.repeat(depth) + body);
  const text = fc.tuple(fc.array(line, { maxLength: 12 }), fc.boolean(), fc.boolean()).map(([lines, crlf, tabs]) => {
    const t = lines.join('\n') + '\n';
    return (tabs ? toTabs(t) : t).replace(/\n/g, crlf ? '\r\n' : '\n');
  });
  const newText = fc.array(line, { minLength: 1, maxLength: 4 }).map((lines) => lines.join('\n'));
  const position = fc.record({ line: fc.integer({ min: 0, max: 14 }), character: fc.integer({ min: 0, max: 20 }) });
  const edit = fc.tuple(position, position, newText).map(([a, b, t]): TextEdit => {
    const [start, end] = a.line < b.line || (a.line === b.line && a.character <= b.character) ? [a, b] : [b, a];
    return { file: '/x.tf', range: { start, end }, newText: t };
  });

  it('only the edited ranges change, and inserted text takes the file conventions', () => {
    fc.assert(
      fc.property(text, fc.array(edit, { maxLength: 6 }), (before, edits) => {
        const conventions = detectConventions(before);
        const after = applyEdits(before, edits).text;
        assertOnlyEditedRangesChanged(before, edits, after, conventions);
      }),
      { numRuns: 2000, seed: 8 },
    );
  });

  it('adapting to conventions changes nothing but line breaks and indentation', () => {
    fc.assert(
      fc.property(newText, fc.boolean(), fc.boolean(), fc.boolean(), (t, crlf, tabs, atLineStart) => {
        const conventions: FileConventions = { eol: crlf ? '\r\n' : '\n', indent: tabs ? 'tabs' : 'spaces' };
        const adapted = adaptToConventions(t, conventions, atLineStart);
        const lines = adapted.split(crlf ? '\r\n' : '\n');
        assert.equal(
          lines.join('\n').replace(/^\t+/gm, (l) => '  '.repeat(l.length)),
          t
            .split('\n')
            .map((l, i) => (i > 0 || atLineStart ? l : l))
            .join('\n')
            .replace(/^\t+/gm, (l) => '  '.repeat(l.length)),
        );
        if (!crlf) assert.doesNotMatch(adapted, /\r/);
        else assert.doesNotMatch(adapted, /(^|[^\r])\n/);
        if (tabs) for (const [i, l] of lines.entries()) if (i > 0 || atLineStart) assert.doesNotMatch(l, /^\t* {2}/);
      }),
      { numRuns: 2000, seed: 8 },
    );
  });

  it('keeps heredoc bodies as they are in a tab-indented file', () => {
    const t = 'policy = <<EOF\n  {\n    "a": 1\n  }\nEOF\n  after = 1';
    assert.equal(adaptToConventions(t, { eol: '\n', indent: 'tabs' }, true), 'policy = <<EOF\n  {\n    "a": 1\n  }\nEOF\n\tafter = 1');
  });
});
