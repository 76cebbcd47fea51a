/**
 * What the rule fixtures cannot show with one rule id per case: a file the checker cannot parse or
 * read does not stop the analysis of the other files, a suppression comment silences only the rule
 * it names, and every finding of the endpoint rules carries its catalog severity.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzePaths, findRoots } from '../../../src/core/analyze';
import { Configuration } from '../../../src/core/model/config';
import { ParseCache } from '../../../src/core/model/loader';
import { Network } from '../../../src/core/model/network';
import { DiskReader } from '../../../src/core/model/source';
import { findWorkloads } from '../../../src/core/model/workloads';
import type { Finding } from '../../../src/core/findings';
import { ruleMeta } from '../../../src/core/rules/registry';
import { copyCase, FIXTURES_ROOT, listFixtureCases, type ExpectedFinding } from './fixture-runner';

/** `rule file:line:character` of a finding, relative to `dir`. */
function where(finding: Finding, dir: string): string {
  const file = path
    .relative(dir, finding.file ?? '')
    .split(path.sep)
    .join('/');
  return `${finding.ruleId} ${file}:${finding.range?.start.line}:${finding.range?.start.character}`;
}

/** The 0-based line of the first line of `file` that starts with `prefix`. */
function lineOf(file: string, prefix: string): number {
  const line = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .findIndex((l) => l.startsWith(prefix));
  assert.ok(line >= 0, `${prefix} not found in ${file}`);
  return line;
}

describe('checker messages next to rule findings', () => {
  it('reports a syntax error and still analyses the other files of the module', () => {
    const dir = path.join(FIXTURES_ROOT, 'hcl-syntax', 'invalid', 'unterminated-string');
    const found = analyzePaths([dir]).findings.map((f) => where(f, dir));
    const serviceLine = lineOf(path.join(dir, 'ecs.tf'), 'resource "aws_ecs_service" "app"');
    const [syntax] = (JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')) as { findings: ExpectedFinding[] }).findings;
    assert.ok(found.includes(`hcl-syntax ${syntax.file}:${syntax.range[0][0]}:${syntax.range[0][1]}`), found.join('\n'));
    // ecs.tf parses: its service is checked and the missing ecr.dkr endpoint is still reported.
    assert.ok(found.includes(`ecr-dkr-endpoint ecs.tf:${serviceLine}:0`), found.join('\n'));
  });

  it('reports a .tf file with a NUL byte written at test time, and analyses the rest', () => {
    const work = copyCase(path.join(FIXTURES_ROOT, 'ecr-dkr-endpoint', 'invalid', 'missing-literal'));
    try {
      // An editor swap file saved under a .tf name: text with NUL bytes in it.
      fs.writeFileSync(path.join(work, 'notes.tf'), Buffer.from('# notes\u0000\u0000about the endpoints\n', 'utf8'));
      const findings = analyzePaths([work]).findings;
      const unreadable = findings.filter((f) => f.ruleId === 'file-unreadable');
      assert.deepEqual(
        unreadable.map((f) => where(f, work)),
        ['file-unreadable notes.tf:0:0'],
      );
      assert.match(unreadable[0].message, /binary/);
      assert.equal(unreadable[0].severity, 'error');
      assert.ok(
        findings.some((f) => f.ruleId === 'ecr-dkr-endpoint'),
        'the readable files are still analysed',
      );
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  it('reports a module cycle once and finishes', () => {
    const dir = path.join(FIXTURES_ROOT, 'module-source', 'invalid', 'cycle-between-two-modules');
    const cycles = analyzePaths([dir]).findings.filter((f) => f.ruleId === 'module-source');
    assert.equal(cycles.length, 1);
    assert.match(cycles[0].message, /cycle/);
  });
});

describe('private-ecr:ignore comments', () => {
  const service = 'resource "aws_ecs_service" "app"';

  function withCommentAboveService(comment: string): { dir: string; ids: string[] } {
    const dir = copyCase(path.join(FIXTURES_ROOT, 'ecr-dkr-endpoint', 'invalid', 'missing-literal'));
    const file = path.join(dir, 'main.tf');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(service, `${comment}\n${service}`));
    return { dir, ids: analyzePaths([dir]).findings.map((f) => f.ruleId) };
  }

  it('silences the rule it names on the block below', () => {
    const { dir, ids } = withCommentAboveService('# private-ecr:ignore ecr-dkr-endpoint pulled through the hub VPC');
    fs.rmSync(dir, { recursive: true, force: true });
    assert.ok(!ids.includes('ecr-dkr-endpoint'), ids.join(', '));
  });

  it('leaves the finding when the comment names another rule', () => {
    const { dir, ids } = withCommentAboveService('# private-ecr:ignore logs-endpoint not this one');
    fs.rmSync(dir, { recursive: true, force: true });
    assert.ok(ids.includes('ecr-dkr-endpoint'), ids.join(', '));
  });

  it('leaves the finding when a blank line separates the comment from the block', () => {
    const { dir, ids } = withCommentAboveService('# private-ecr:ignore ecr-dkr-endpoint too far away\n');
    fs.rmSync(dir, { recursive: true, force: true });
    assert.ok(ids.includes('ecr-dkr-endpoint'), ids.join(', '));
  });
});

/** True when some root under `dir` runs ECS tasks (a service, schedule, rule target, pipe or state machine). */
function hasWorkload(dir: string): boolean {
  const reader = new DiskReader();
  const cache = new ParseCache();
  return findRoots(dir, reader, cache).some((root) => {
    const configuration = new Configuration(root, reader, cache);
    return findWorkloads(configuration, new Network(configuration)).length > 0;
  });
}

describe('severities of the endpoint rules', () => {
  const ids = [
    'ecr-dkr-endpoint',
    'ecr-api-endpoint',
    'endpoint-private-dns',
    'vpc-dns-attributes',
    's3-gateway-endpoint',
    'logs-endpoint',
    'secrets-endpoints',
    'ecs-agent-endpoints',
    'exec-ssmmessages-endpoint',
    'network-unmanaged',
    'hcl-syntax',
    'file-unreadable',
    'module-source',
  ];
  const expected: Record<string, string> = { 'exec-ssmmessages-endpoint': 'warning', 'network-unmanaged': 'info' };
  for (const id of ids) {
    it(`${id} reports at its catalog severity`, () => {
      assert.equal(ruleMeta(id)?.defaultSeverity, expected[id] ?? 'error');
      const cases = listFixtureCases().filter((c) => c.ruleId === id && c.kind === 'invalid');
      assert.ok(cases.length >= 3, `${id} has ${cases.length} invalid cases`);
      for (const fixture of cases) {
        // A configuration without any ECS workload gets endpoint advice at most as a warning (issue 10).
        const loadProblem = ['hcl-syntax', 'file-unreadable', 'module-source'].includes(id);
        const severity = expected[id] ?? (loadProblem || hasWorkload(fixture.dir) ? 'error' : 'warning');
        for (const finding of analyzePaths([fixture.dir]).findings.filter((f) => f.ruleId === id)) {
          // A rule that cannot decide says so at info level, never at its catalog severity.
          assert.equal(finding.severity, finding.messageId === 'undecided' ? 'info' : severity, `${fixture.name}: ${finding.message}`);
        }
      }
    });
  }
});
