/**
 * The settings file's `exclude` globs, one core function for the CLI and the editor
 * (core/config-file.ts `withoutExcluded`, `isExcludedBy`): findings in matching files are dropped,
 * paths are taken relative to the settings file's folder, files outside that folder never match,
 * findings without a file are kept.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeRoot } from '../../../src/core/analyze';
import { isExcludedBy, loadConfigFile, withoutExcluded, type ProjectConfig } from '../../../src/core/config-file';
import type { Finding } from '../../../src/core/findings';
import { allRuleMetas } from '../../../src/core/rules/registry';

const repo = path.resolve(__dirname, '../../..');
const RULE_IDS = new Set(allRuleMetas().map((m) => m.id));

describe('settings file excludes (the editor’s and the CLI’s core function)', () => {
  let work: string;
  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'private-ecr-excludes-'));
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  const config = (exclude: string[]): ProjectConfig => ({
    file: path.join(work, '.private-ecr.json'),
    rules: {},
    exclude,
    varFiles: [],
    modules: { follow: 'all', skip: [] },
  });
  const finding = (file: string | null): Finding =>
    ({ ruleId: 'x', severity: 'error', message: 'm', file, range: null }) as unknown as Finding;

  it('matches globs relative to the settings file’s folder', () => {
    const excluded = isExcludedBy(config(['legacy/**', '*.generated.tf', 'envs/dev']));
    assert.equal(excluded(path.join(work, 'legacy', 'main.tf')), true);
    assert.equal(excluded(path.join(work, 'legacy', 'deep', 'x.tf')), true);
    assert.equal(excluded(path.join(work, 'app', 'net.generated.tf')), true, 'a pattern without / matches at any depth');
    assert.equal(excluded(path.join(work, 'envs', 'dev', 'main.tf')), true, 'a folder match excludes what is inside');
    assert.equal(excluded(path.join(work, 'envs', 'prod', 'main.tf')), false);
    assert.equal(excluded(path.join(work, 'app', 'main.tf')), false);
    assert.equal(excluded(path.join(path.dirname(work), 'legacy', 'main.tf')), false, 'outside the settings file’s folder');
    assert.equal(isExcludedBy(undefined)(path.join(work, 'legacy', 'main.tf')), false);
  });

  it('drops findings of excluded files and keeps those without a file', () => {
    const kept = withoutExcluded(
      [finding(path.join(work, 'legacy', 'a.tf')), finding(path.join(work, 'app', 'a.tf')), finding(null)],
      config(['legacy']),
    );
    assert.deepEqual(
      kept.map((f) => f.file),
      [path.join(work, 'app', 'a.tf'), null],
    );
  });

  it('on a real analysis with the settings file read from disk, as the editor does', () => {
    const dir = fs.mkdtempSync(path.join(work, 'repo-'));
    fs.mkdirSync(path.join(dir, '.git'));
    fs.cpSync(path.join(repo, 'examples', 'article-broken'), path.join(dir, 'infra'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.private-ecr.json'), JSON.stringify({ exclude: ['infra/endpoints.tf'] }));
    const findings = analyzeRoot(path.join(dir, 'infra'));
    const files = new Set(findings.map((f) => f.file));
    assert.ok(files.has(path.join(dir, 'infra', 'endpoints.tf')), 'the example has findings in endpoints.tf');
    const kept = withoutExcluded(findings, loadConfigFile(path.join(dir, '.private-ecr.json'), RULE_IDS));
    assert.ok(!kept.some((f) => f.file === path.join(dir, 'infra', 'endpoints.tf')), JSON.stringify(kept.map((f) => f.file)));
    assert.equal(kept.length, findings.filter((f) => f.file !== path.join(dir, 'infra', 'endpoints.tf')).length);
    assert.ok(kept.length > 0);
  });
});
