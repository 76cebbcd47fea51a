/**
 * The CI output formats, checked against the shapes their consumers read: JUnit and Checkstyle parsed as
 * XML (Python's ElementTree, a strict parser) and walked as Jenkins/GitLab walk them; GitHub workflow
 * commands with the runner's escaping; GitLab Code Quality fields; SARIF validated by Microsoft's SARIF
 * Multitool; baselines by fingerprint, not line.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Finding } from '../../../src/core/findings';
import { applyBaseline, makeBaseline, parseBaseline } from '../../../src/cli/formats/baseline';
import { toCheckstyle } from '../../../src/cli/formats/checkstyle';
import { fingerprint } from '../../../src/cli/formats/fingerprint';
import { toGithubAnnotations } from '../../../src/cli/formats/github';
import { toGitlabCodeQuality } from '../../../src/cli/formats/gitlab';
import { toJunit } from '../../../src/cli/formats/junit';
import { findSourceRoot, toSarif } from '../../../src/cli/sarif';

const root = path.resolve(__dirname, '../../..');
const relative = (file: string | null) => (file ? path.relative(root, file).split(path.sep).join('/') : null);

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'ecr-dkr-endpoint',
    severity: 'error',
    message: 'No ecr.dkr endpoint for aws_ecs_service.app: tasks fail with "CannotPullContainerError ... i/o timeout", & <more>',
    file: path.join(root, 'examples', 'article-broken', 'ecs.tf'),
    range: { start: { line: 9, character: 2 }, end: { line: 9, character: 20 } },
    resource: 'aws_ecs_service.app',
    module: '',
    ...overrides,
  };
}

const findings: Finding[] = [
  finding(),
  finding({
    ruleId: 'exec-ssmmessages-endpoint',
    severity: 'warning',
    message: 'Line one\nline two, with 100% : colons',
    range: { start: { line: 0, character: 0 }, end: { line: 2, character: 1 } },
  }),
  finding({
    ruleId: 'network-unmanaged',
    severity: 'info',
    file: path.join(root, 'examples', 'article', 'main.tf'),
    resource: null,
    message: "the VPC comes from data.aws_vpc.main's lookup",
  }),
];

/** Parses XML with Python's ElementTree and returns the element tree as JSON: [tag, attributes, text, children]. */
function parseXml(xml: string): unknown {
  const script = [
    'import json, sys, xml.etree.ElementTree as E',
    'def walk(e): return [e.tag, e.attrib, (e.text or "").strip(), [walk(c) for c in e]]',
    'print(json.dumps(walk(E.fromstring(sys.stdin.buffer.read()))))',
  ].join('\n');
  const run = spawnSync('python3', ['-c', script], { input: xml, encoding: 'utf8' });
  assert.equal(run.status, 0, `not well-formed XML: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

type Node = [string, Record<string, string>, string, Node[]];

describe('CI output formats', () => {
  it('Checkstyle: one file element per file, errors with 1-based positions, severity and rule source', () => {
    const [tag, attrs, , files] = parseXml(toCheckstyle(findings, relative)) as Node;
    assert.equal(tag, 'checkstyle');
    assert.equal(attrs.version, '4.3');
    assert.deepEqual(
      files.map((f) => f[1].name),
      ['examples/article-broken/ecs.tf', 'examples/article/main.tf'],
    );
    const errors = files[0][3];
    assert.deepEqual(errors[0][1], {
      line: '10',
      column: '3',
      severity: 'error',
      message: findings[0].message,
      source: 'private-ecr.ecr-dkr-endpoint',
    });
    assert.equal(errors[1][1].severity, 'warning');
    assert.equal(errors[1][1].message, 'Line one\nline two, with 100% : colons', 'line breaks survive attribute normalisation');
    assert.equal(files[1][3][0][1].severity, 'info');
  });

  it('JUnit: a failing test case per finding grouped by file; a clean run is one passing case', () => {
    const [tag, attrs, , suites] = parseXml(toJunit(findings, relative)) as Node;
    assert.equal(tag, 'testsuites');
    assert.equal(attrs.tests, '3');
    assert.equal(attrs.failures, '3');
    assert.equal(suites.length, 2);
    const firstCase = suites[0][3][0];
    assert.equal(firstCase[0], 'testcase');
    assert.equal(firstCase[1].classname, 'private-ecr.ecr-dkr-endpoint');
    assert.equal(firstCase[3][0][0], 'failure');
    assert.equal(firstCase[3][0][1].message, findings[0].message);
    const [, cleanAttrs, , cleanSuites] = parseXml(toJunit([], relative)) as Node;
    assert.equal(cleanAttrs.failures, '0');
    assert.equal(cleanSuites[0][3].length, 1);
    assert.deepEqual(cleanSuites[0][3][0][3], [], 'the clean case has no failure element');
  });

  it('XML outputs drop characters XML cannot carry instead of producing an unreadable report', () => {
    const odd = finding({ message: 'bell\u0007 and <tag> & "quotes"' });
    parseXml(toCheckstyle([odd], relative));
    parseXml(toJunit([odd], relative));
  });

  it('GitHub annotations: error/warning/notice commands, 1-based positions, the runner escaping', () => {
    const lines = toGithubAnnotations(findings, relative).trimEnd().split('\n');
    assert.equal(lines.length, 3);
    assert.equal(
      lines[0],
      `::error file=examples/article-broken/ecs.tf,line=10,col=3,endLine=10,endColumn=21,title=private-ecr ecr-dkr-endpoint::${findings[0].message}`,
    );
    assert.equal(
      lines[1],
      '::warning file=examples/article-broken/ecs.tf,line=1,col=1,endLine=3,title=private-ecr exec-ssmmessages-endpoint::Line one%0Aline two, with 100%25 : colons',
    );
    assert.match(lines[2], /^::notice file=examples\/article\/main\.tf,/);
    assert.equal(toGithubAnnotations([], relative), '');
  });

  it('GitLab Code Quality: description, check name, severity, path, begin line and distinct fingerprints', () => {
    const issues = JSON.parse(toGitlabCodeQuality([...findings, findings[0]], relative)) as Array<
      Record<string, unknown> & { location: { path: string; lines: { begin: number } }; fingerprint: string }
    >;
    assert.equal(issues.length, 4);
    assert.deepEqual(
      issues.map((i) => [i.check_name, i.severity, i.location.path, i.location.lines.begin]),
      [
        ['ecr-dkr-endpoint', 'major', 'examples/article-broken/ecs.tf', 10],
        ['exec-ssmmessages-endpoint', 'minor', 'examples/article-broken/ecs.tf', 1],
        ['network-unmanaged', 'info', 'examples/article/main.tf', 10],
        ['ecr-dkr-endpoint', 'major', 'examples/article-broken/ecs.tf', 10],
      ],
    );
    assert.equal(new Set(issues.map((i) => i.fingerprint)).size, 4);
    assert.equal(issues[0].description, findings[0].message);
  });

  it('fingerprints ignore line numbers but not the rule, module, resource or message', () => {
    const moved = finding({ range: { start: { line: 40, character: 0 }, end: { line: 41, character: 0 } } });
    assert.equal(fingerprint(moved, relative(moved.file)), fingerprint(findings[0], relative(findings[0].file)));
    for (const other of [
      finding({ ruleId: 'ecr-api-endpoint' }),
      finding({ module: 'module.app' }),
      finding({ resource: 'aws_ecs_service.web' }),
      finding({ message: 'another' }),
    ]) {
      assert.notEqual(fingerprint(other, relative(other.file)), fingerprint(findings[0], relative(findings[0].file)));
    }
  });

  it('baselines report only new findings and count the baselined ones, duplicates included', () => {
    const baseline = parseBaseline(JSON.stringify(makeBaseline([findings[0], findings[1]], relative)), 'baseline.json');
    const moved = finding({ range: { start: { line: 50, character: 2 }, end: { line: 50, character: 9 } } });
    const result = applyBaseline([moved, findings[1], findings[2], findings[0]], baseline, relative);
    assert.equal(result.baselined, 2);
    assert.deepEqual(
      result.fresh.map((f) => f.ruleId),
      ['network-unmanaged', 'ecr-dkr-endpoint'],
    );
    assert.throws(() => parseBaseline('{', 'b.json'), /b\.json is not a baseline: invalid JSON/);
    assert.throws(() => parseBaseline('{"version":1,"findings":[]}', 'b.json'), /not a private-ecr baseline/);
  });

  describe('SARIF', function () {
    this.timeout(120000);
    const multitool = path.join(root, 'node_modules', '@microsoft', 'sarif-multitool-linux', 'Sarif.Multitool');

    it('uses repository-relative URIs under %SRCROOT% and declares the base id', () => {
      const srcRoot = findSourceRoot(path.join(root, 'examples', 'article'));
      assert.equal(srcRoot, root);
      const log = toSarif(findings, '0.1.0', relative, srcRoot) as {
        runs: Array<{
          originalUriBaseIds: Record<string, { uri: string }>;
          results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }> }>;
        }>;
      };
      const run = log.runs[0];
      assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, `file://${root}/`);
      assert.deepEqual(run.results[0].locations[0].physicalLocation.artifactLocation, {
        uri: 'examples/article-broken/ecs.tf',
        uriBaseId: '%SRCROOT%',
      });
    });

    it('keeps suppressed findings as results with an inSource suppression and its reason', () => {
      const suppressed = { ...findings[0], suppressed: { justification: 'endpoints come from the shared VPC stack' } };
      const log = toSarif([suppressed], '0.1.0', relative, root) as {
        runs: Array<{ results: Array<{ suppressions?: Array<{ kind: string; justification: string }> }> }>;
      };
      assert.deepEqual(log.runs[0].results[0].suppressions, [
        { kind: 'inSource', status: 'accepted', justification: 'endpoints come from the shared VPC stack' },
      ]);
    });

    /** Validation results of the Multitool at level error or warning (a result without a level is a warning). */
    function validate(log: object): string[] {
      if (!fs.existsSync(multitool)) throw new Error(`the SARIF Multitool is missing at ${multitool}: run npm ci`);
      // npm may skip the package's postinstall (which marks the binary executable).
      if ((fs.statSync(multitool).mode & 0o100) === 0) fs.chmodSync(multitool, 0o755);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'private-ecr-sarif-'));
      try {
        const input = path.join(dir, 'results.sarif');
        const output = path.join(dir, 'validation.sarif');
        fs.writeFileSync(input, JSON.stringify(log, null, 2));
        const run = spawnSync(multitool, ['validate', input, '--output', output], {
          encoding: 'utf8',
          env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' },
        });
        assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
        const report = JSON.parse(fs.readFileSync(output, 'utf8')) as {
          runs: Array<{ results?: Array<{ level?: string; ruleId: string; message: { text?: string; id?: string } }> }>;
        };
        return (report.runs[0].results ?? [])
          .filter((r) => (r.level ?? 'warning') === 'error' || (r.level ?? 'warning') === 'warning')
          .map((r) => `${r.level ?? 'warning'} ${r.ruleId} ${r.message.text ?? r.message.id}`);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }

    it("passes Microsoft's SARIF Multitool validation", () => {
      const suppressed = { ...findings[2], suppressed: { justification: 'reviewed' } };
      assert.deepEqual(validate(toSarif([...findings.slice(0, 2), suppressed], '0.1.0', relative, root)), []);
    });

    it('the validation catches a broken log (so the passing check means something)', () => {
      const broken = {
        version: '2.1.0',
        runs: [
          {
            tool: { driver: { name: 'x' } },
            results: [
              {
                ruleId: 'r',
                message: { text: 'm' },
                locations: [{ physicalLocation: { artifactLocation: { uri: 'a b.tf' }, region: { startLine: 0 } } }],
              },
            ],
          },
        ],
      };
      assert.ok(validate(broken).length > 0);
    });
  });
});
