/**
 * Regression tests for inputs that ran out of memory or time: a DAG of locals whose tree form is
 * 2^43 values, nested module fan-out, a symlink to `/`, and an analysis over its time budget.
 * Nothing here measures time: the limits are counts, and a run that was exponential before now
 * finishes at all (mocha's timeout is the backstop).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzePaths, analyzeRoot } from '../../../src/core/analyze';
import { MAX_MODULE_INSTANCES } from '../../../src/core/model/config';
import { MAX_FOLDERS_SEARCHED } from '../../../src/core/model/loader';
import { removeTree, writeTree } from '../support/temp-module';

/** `a0 = "x"`, `a1 = [local.a0, local.a0]`, ... `a<n-1>`: n values, a tree of 2^(n-1) leaves. */
function localsDag(n: number): string {
  const lines = ['locals {', '  a0 = "x"'];
  for (let i = 1; i < n; i++) lines.push(`  a${i} = [local.a${i - 1}, local.a${i - 1}]`);
  lines.push('}');
  return lines.join('\n') + '\n';
}

/** Module calls with `count = 1000` three levels deep, and 1000 endpoints in the innermost module. */
function fanOut(): Record<string, string> {
  const call = (source: string) => `module "m" {\n  source = "${source}"\n  count  = 1000\n}\n`;
  return {
    'main.tf': call('./a'),
    'a/main.tf': call('./b'),
    'a/b/main.tf': call('./c'),
    'a/b/c/main.tf':
      'resource "aws_vpc_endpoint" "e" {\n  count        = 1000\n  vpc_id       = "vpc-1"\n  service_name = "com.amazonaws.us-east-1.ecr.dkr"\n}\n',
  };
}

describe('analysis bounds', function () {
  // These build and delete trees of 20,000 folders: on a loaded CI machine that alone can take
  // longer than the default 20 s. The backstop stays a time-out, only a generous one.
  this.timeout(180000);
  const dirs: string[] = [];
  after(function () {
    this.timeout(180000);
    dirs.forEach(removeTree);
  });
  const tree = (files: Record<string, string>) => {
    const dir = writeTree(files);
    dirs.push(dir);
    return dir;
  };

  it('evaluates a 43-line DAG of locals used by comparisons and functions without unfolding it', () => {
    const top = 'local.a42';
    const uses = [
      `${top} != null ? ${top} : []`,
      `${top} == local.a41`,
      `jsonencode(${top})`,
      `length(flatten(${top}))`,
      `contains(${top}, "x")`,
      `distinct(${top})`,
      `toset(${top})`,
      `[for v in ${top} : v]`,
      `merge({ a = ${top} }, { b = ${top} })`,
    ];
    const endpoints = uses
      .map(
        (use, i) =>
          `resource "aws_vpc_endpoint" "e${i}" {\n  vpc_id             = "vpc-1"\n  service_name       = "com.amazonaws.us-east-1.ecr.dkr"\n  subnet_ids         = ${use}\n  security_group_ids = ${use}\n  tags               = { n = ${use} }\n}\n`,
      )
      .join('\n');
    const dir = tree({ 'locals.tf': localsDag(43), 'main.tf': endpoints });
    const { findings } = analyzePaths([dir]);
    assert.deepEqual(
      findings.filter((f) => f.ruleId === 'internal-error' || f.ruleId === 'hcl-syntax'),
      [],
    );
  });

  it('stops nested module fan-out (count = 1000 three levels deep) at the instance limit and says so once per call', () => {
    const dir = tree(fanOut());
    const findings = analyzePaths([dir]).findings.filter((f) => f.ruleId === 'module-source');
    assert.ok(findings.length >= 1 && findings.length <= 3, findings.map((f) => f.message).join('\n'));
    for (const finding of findings) {
      assert.equal(finding.severity, 'warning');
      assert.match(finding.message, new RegExp(`limit of ${MAX_MODULE_INSTANCES} module instances`));
    }
  });

  it('does not follow a symlink to / while looking for modules, and says it skipped it', function () {
    const dir = tree({ 'main.tf': 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n' });
    try {
      fs.symlinkSync('/', path.join(dir, 'everything'), 'dir');
    } catch (error) {
      this.skip(); // no symlinks on this file system
      return;
    }
    const { roots, findings } = analyzePaths([dir]);
    assert.deepEqual(roots, [dir]);
    const skipped = findings.filter((f) => f.ruleId === 'module-source');
    assert.equal(skipped.length, 1);
    assert.equal(skipped[0].severity, 'info');
    assert.equal(skipped[0].message, `Skipped ${path.join(dir, 'everything')}: it is a link to /, which contains ${dir} itself.`);
  });

  it('stops searching for module folders after the folder limit and says so', () => {
    // Folders without .tf files still count as searched.
    const files: Record<string, string> = { 'main.tf': '' };
    for (let i = 0; i < MAX_FOLDERS_SEARCHED + 10; i++) files[`d${Math.floor(i / 200)}/e${i}/README`] = '';
    const dir = tree(files);
    const notes = analyzePaths([dir]).findings.filter((f) => f.ruleId === 'module-source');
    assert.equal(notes.length, 1);
    assert.equal(notes[0].severity, 'warning');
    assert.match(notes[0].message, new RegExp(`after ${MAX_FOLDERS_SEARCHED} folders`));
  });

  it('turns a root over its time budget into one internal-error finding instead of running on', () => {
    const dir = tree(fanOut());
    const findings = analyzeRoot(dir, { budget: { timeMs: 0, heapBytes: Number.MAX_SAFE_INTEGER } });
    assert.equal(findings.length, 1);
    assert.equal(findings[0].ruleId, 'internal-error');
    assert.equal(findings[0].severity, 'error');
    assert.match(findings[0].message, /was stopped: the analysis took longer than 0 ms/);
  });

  it('turns a root over its memory budget into one internal-error finding', () => {
    const dir = tree(fanOut());
    const findings = analyzeRoot(dir, { budget: { timeMs: Number.MAX_SAFE_INTEGER, heapBytes: 0 } });
    assert.equal(findings.length, 1);
    assert.equal(findings[0].ruleId, 'internal-error');
    assert.match(findings[0].message, /was stopped: the analysis used more than 0 MB of memory/);
  });
});
