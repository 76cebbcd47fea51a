/**
 * Every fix is valid Terraform, judged by Terraform itself (`terraform init -backend=false` with the
 * provider from the local mirror, then `terraform validate`):
 * - the fixed/ output of every fixture, laid over its case, has no error the case did not already have;
 * - so has the result of fixing everything (`check --fix`) on every example and fixture with findings;
 * - the examples are valid as they are, and stay valid after `--fix`;
 * - every snippet, expanded with its defaults in a module that declares what it refers to, is valid.
 * "An error the case did not already have" is a duplicate resource, an undeclared reference, an
 * unknown argument... introduced by a fix. Some fixtures are deliberately not whole configurations
 * (they refer to variables they do not declare); their own errors are the baseline, not a failure.
 * Trees that use remote module sources cannot be initialised offline: they are listed, and counted.
 */
import * as assert from 'node:assert/strict';
import { allCases, snippetTrees, withAllFixes, withFixedOverlay, type LoadedCase } from './cases';
import { describeDiagnostics, findProviderMirror, newErrors, requireTerraform, validateTrees, type TfResult, type TfTree } from './harness';

interface Judged {
  loaded: LoadedCase;
  fixedOverlay?: Map<string, string>;
  allFixes?: { files: Map<string, string>; applied: string[] };
}

describe('every fix is valid Terraform (terraform validate)', function () {
  this.timeout(30 * 60_000);
  const judged: Judged[] = [];
  let results = new Map<string, TfResult>();
  let snippets: ReturnType<typeof snippetTrees> = [];

  before(function () {
    requireTerraform();
    findProviderMirror();
    const trees: TfTree[] = [];
    for (const loaded of allCases()) {
      const item: Judged = { loaded, fixedOverlay: withFixedOverlay(loaded), allFixes: withAllFixes(loaded) };
      judged.push(item);
      if (loaded.skip || loaded.roots.length === 0) continue;
      // A case is only the baseline of its fixes (and the examples must be valid as shipped).
      if (!item.fixedOverlay && !item.allFixes && !loaded.label.startsWith('examples/')) continue;
      trees.push({ id: `orig ${loaded.label}`, files: loaded.files, roots: loaded.roots });
      if (item.fixedOverlay) trees.push({ id: `fixed ${loaded.label}`, files: item.fixedOverlay, roots: loaded.roots });
      if (item.allFixes) trees.push({ id: `fixall ${loaded.label}`, files: item.allFixes.files, roots: loaded.roots });
    }
    snippets = snippetTrees();
    trees.push(...snippets.map((s) => s.tree));
    results = validateTrees(trees);
    const skipped = judged.filter((j) => j.loaded.skip);
    const counted = (prefix: string) => trees.filter((t) => t.id.startsWith(prefix));
    const clean = (prefix: string) =>
      counted(prefix).filter((t) => !results.get(t.id)?.initError && !results.get(t.id)!.diagnostics.some((d) => d.severity === 'error'))
        .length;
    console.log(
      `      terraform validate: ${trees.length} trees in one batch; originals ${clean('orig ')}/${counted('orig ').length} error-free, ` +
        `fixed/ outputs ${clean('fixed ')}/${counted('fixed ').length}, --fix outputs ${clean('fixall ')}/${counted('fixall ').length}, ` +
        `snippets ${clean('snippet ')}/${counted('snippet ').length}; ${skipped.length} cases skipped (remote module sources)`,
    );
  });

  it('judges something: fixtures with fixed/ outputs, --fix results and snippets were validated', () => {
    assert.ok(judged.filter((j) => j.fixedOverlay && !j.loaded.skip).length >= 30, 'expected at least 30 fixed/ outputs to validate');
    assert.ok(judged.filter((j) => j.allFixes && !j.loaded.skip).length >= 30, 'expected at least 30 --fix results to validate');
    assert.ok(snippets.length >= 20);
  });

  it('skips only cases that use remote module sources (which init cannot fetch offline)', () => {
    for (const j of judged.filter((x) => x.loaded.skip)) assert.match(j.loaded.skip!, /^remote module source/, j.loaded.label);
  });

  it('the examples are valid Terraform before and after --fix', () => {
    for (const j of judged.filter((x) => x.loaded.label.startsWith('examples/'))) {
      const orig = results.get(`orig ${j.loaded.label}`)!;
      assert.equal(orig.initError, undefined, `${j.loaded.label}: init failed: ${orig.initError}`);
      assert.deepEqual(describeDiagnostics(orig.diagnostics.filter((d) => d.severity === 'error')), '', `${j.loaded.label} as shipped`);
      if (j.allFixes) {
        const after = results.get(`fixall ${j.loaded.label}`)!;
        assert.equal(after.initError, undefined, `${j.loaded.label} after --fix: init failed: ${after.initError}`);
        assert.equal(
          describeDiagnostics(after.diagnostics.filter((d) => d.severity === 'error')),
          '',
          `${j.loaded.label} after --fix (${j.allFixes.applied.join('; ')})`,
        );
      }
    }
  });

  describe('fixed/ outputs of the fixtures', () => {
    it('add no validate error to their case', () => {
      const failures: string[] = [];
      for (const j of judged.filter((x) => x.fixedOverlay && !x.loaded.skip)) {
        const before = results.get(`orig ${j.loaded.label}`)!;
        const after = results.get(`fixed ${j.loaded.label}`)!;
        if (after.initError && !before.initError)
          failures.push(`${j.loaded.label}: terraform init fails after the fix:\n${after.initError}`);
        const added = newErrors(before.diagnostics, after.diagnostics);
        if (added.length > 0) failures.push(`${j.loaded.label}:\n${describeDiagnostics(added)}`);
      }
      assert.equal(failures.join('\n\n'), '');
    });
  });

  describe('check --fix on every example and fixture with fixable findings', () => {
    it('adds no validate error', () => {
      const failures: string[] = [];
      for (const j of judged.filter((x) => x.allFixes && !x.loaded.skip)) {
        const before = results.get(`orig ${j.loaded.label}`)!;
        const after = results.get(`fixall ${j.loaded.label}`)!;
        if (after.initError && !before.initError) failures.push(`${j.loaded.label}: terraform init fails after --fix:\n${after.initError}`);
        const added = newErrors(before.diagnostics, after.diagnostics);
        if (added.length > 0) failures.push(`${j.loaded.label} (${j.allFixes!.applied.join('; ')}):\n${describeDiagnostics(added)}`);
      }
      assert.equal(failures.join('\n\n'), '');
    });
  });

  describe('snippets expanded with their defaults', () => {
    it('are valid in a module that declares what they refer to', () => {
      const failures: string[] = [];
      for (const s of snippets) {
        const result = results.get(s.tree.id)!;
        if (result.initError) failures.push(`${s.id}: init failed: ${result.initError}`);
        const errors = result.diagnostics.filter((d) => d.severity === 'error');
        if (errors.length > 0) failures.push(`${s.id}:\n${describeDiagnostics(errors)}`);
      }
      assert.equal(failures.join('\n\n'), '');
    });
  });
});
