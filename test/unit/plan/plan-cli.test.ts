/** `private-ecr check` on plan JSON from the command line (plans from test/fixtures/plans, made by real Terraform). */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../../src/cli';
import { removeTree, writeTree } from '../support/temp-module';

const REPO = path.resolve(__dirname, '../../..');
const BROKEN_PLAN = path.join(REPO, 'test/fixtures/plans/examples_article_broken.json');
const BROKEN_SOURCES = path.join(REPO, 'examples/article-broken');

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

interface JsonFinding {
  ruleId: string;
  file: string | null;
  range: { start: { line: number } } | null;
  resource: string | null;
  module: string;
}

describe('private-ecr check on a plan', () => {
  it('detects a plan by its .json name and reports by address without sources', async () => {
    const { code, stdout, stderr } = await run(['check', BROKEN_PLAN, '--format', 'json']);
    assert.equal(code, 1, stderr);
    const findings = (JSON.parse(stdout) as { findings: JsonFinding[] }).findings;
    assert.ok(findings.length >= 10);
    assert.ok(findings.every((f) => f.range === null && f.file !== null && f.file.endsWith('examples_article_broken.json')));
    assert.ok(findings.some((f) => f.ruleId === 'ecr-dkr-endpoint' && f.resource === 'aws_ecs_service.app'));
  });

  it('--plan with the root folder gives the same rule ids, files and lines as checking the folder', async () => {
    const fromPlan = await run(['check', '--plan', BROKEN_PLAN, BROKEN_SOURCES, '--format', 'json']);
    const fromSources = await run(['check', BROKEN_SOURCES, '--format', 'json']);
    assert.equal(fromPlan.code, fromSources.code);
    assert.equal(fromPlan.stderr, '');
    const sig = (f: JsonFinding) => `${f.ruleId} ${f.file}`;
    const plan = (JSON.parse(fromPlan.stdout) as { findings: JsonFinding[] }).findings;
    const sources = (JSON.parse(fromSources.stdout) as { findings: JsonFinding[] }).findings;
    assert.deepEqual(plan.map(sig).sort(), sources.map(sig).sort());
    // Same first line except where the source points inside a JSON-encoded argument (the plan holds it as one string).
    const sameLine = plan.filter((p) =>
      sources.some((s) => s.ruleId === p.ruleId && s.file === p.file && s.range?.start.line === p.range?.start.line),
    );
    assert.ok(sameLine.length >= plan.length - 1, `${sameLine.length} of ${plan.length} on the same line`);
  });

  it('prints the address in text output when there is no source range', async () => {
    const { stdout } = await run(['check', BROKEN_PLAN, '--rule', 'ecr-dkr-endpoint']);
    assert.match(stdout, /examples_article_broken\.json \(aws_ecs_service\.app\) error ecr-dkr-endpoint /);
    assert.match(stdout, /1 finding \(1 error, 0 warning, 0 info\)/);
  });

  it('says when the sources do not match the plan, and still reports', async () => {
    const { code, stdout, stderr } = await run(['check', '--plan', BROKEN_PLAN, path.join(REPO, 'examples/article'), '--format', 'json']);
    assert.equal(code, 1);
    assert.match(
      stderr,
      /note: the plan's configuration does not match the sources in .*examples\/article: \d+ block\(s\) not found there/,
    );
    assert.ok((JSON.parse(stdout) as { findings: JsonFinding[] }).findings.length >= 10);
  });

  describe('bad input: one clear line, exit 2', () => {
    const cases: Array<[string, string, RegExp]> = [
      [
        'state.tfstate',
        JSON.stringify({ version: 4, terraform_version: '1.11.4', serial: 1, lineage: 'x', outputs: {}, resources: [] }),
        /state\.tfstate is a Terraform state file \(terraform\.tfstate\), not a plan/,
      ],
      ['show-state.json', JSON.stringify({ format_version: '1.0', values: {} }), /show-state\.json is the JSON of a Terraform state/],
      [
        'old.json',
        JSON.stringify({ format_version: '0.1', terraform_version: '0.12.0', planned_values: { root_module: {} } }),
        /old\.json is a plan in JSON format version 0\.1/,
      ],
      ['package.json', '{"name": "x"}', /package\.json is JSON but not a Terraform plan/],
      ['broken.json', '{"format_version": ', /broken\.json is not JSON/],
      ['tfplan.tfplan', 'PK\u0003\u0004binary', /tfplan\.tfplan is a binary plan file .*terraform show -json/],
    ];
    for (const [name, text, message] of cases) {
      it(name, async () => {
        const dir = writeTree({ [name]: text });
        try {
          const { code, stdout, stderr } = await run(['check', path.join(dir, name)]);
          assert.equal(code, 2);
          assert.equal(stdout, '');
          assert.match(stderr, message);
          assert.equal(stderr.trim().split('\n').length, 1, stderr);
        } finally {
          removeTree(dir);
        }
      });
    }

    it('refuses --fix on a plan, a missing plan, and a plan folder', async () => {
      assert.match((await run(['check', '--plan', BROKEN_PLAN, '--fix'])).stderr, /--fix edits Terraform sources; it cannot fix a plan/);
      assert.match((await run(['check', '--plan', '/nonexistent/plan.json'])).stderr, /no such plan file: \/nonexistent\/plan\.json/);
      assert.match(
        (await run(['check', '--plan', REPO])).stderr,
        /--plan takes the JSON file from `terraform show -json <planfile>`, got the folder/,
      );
      assert.equal((await run(['check', '--plan'])).code, 2);
    });

    it('leaves .tf.json files to the source check', async () => {
      const dir = writeTree({ 'main.tf.json': JSON.stringify({ resource: { aws_vpc: { main: { cidr_block: '10.0.0.0/16' } } } }) });
      try {
        const { code, stderr } = await run(['check', path.join(dir, 'main.tf.json')]);
        assert.equal(code, 0, stderr);
        assert.ok(fs.existsSync(path.join(dir, 'main.tf.json')));
      } finally {
        removeTree(dir);
      }
    });
  });
});
