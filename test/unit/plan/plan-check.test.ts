/**
 * `check` on a Terraform plan (src/core/plan): the plan fixtures in test/fixtures/plans/ were made by
 * real Terraform against moto (scripts/gen-plans.ts), so these tests need neither.
 * - bad input gets one clear message naming what it is;
 * - the rules see in a plan what they see in the sources (the differential test: every planned fixture);
 * - with the sources, findings land on the same file and line as the source check's;
 * - sources that do not match are said to, and findings keep the plan's addresses.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzePaths } from '../../../src/core/analyze';
import type { Finding } from '../../../src/core/findings';
import { recognizePlan } from '../../../src/core/plan/document';
import { analyzePlanText } from '../../../src/core/plan/check';
import { moduleSteps } from '../../../src/core/plan/synthesize';
import { copyCase } from '../rules/fixture-runner';

const REPO = path.resolve(__dirname, '../../..');
const PLANS = path.join(REPO, 'test/fixtures/plans');

interface IndexEntry {
  slug: string;
  source: string;
  root: string;
  planned: boolean;
  reason?: string;
}

/**
 * What a plan cannot tell, by plan fixture: rule ids only the sources report, and why. The differential test
 * asserts the difference is exactly this (anything else is a bug in one of the two readers).
 */
const PLAN_LIMITS: Record<string, { onlySources: string[]; onlyPlan?: string[]; reason: string }> = {
  file_unreadable_invalid_latin1_file: {
    onlySources: ['file-unreadable'],
    onlyPlan: ['image-registry'],
    reason:
      'Terraform reads the Latin-1 variables.tf that the checker refuses as not UTF-8; with its values the plan sees the region mismatch the sources cannot',
  },
  secrets_endpoints_invalid_resource_references: {
    onlySources: ['execution-role', 'secrets-endpoints'],
    onlyPlan: ['task-definition-unknown'],
    reason:
      'container_definitions embeds secret ARNs known only after apply, so the plan knows the whole JSON only after apply: the plan side says in one info that the container checks were not done',
  },
  s3_gateway_endpoint_invalid_for_each_map_one_table: {
    onlySources: ['s3-gateway-endpoint'],
    onlyPlan: ['endpoint-sg-ingress', 'endpoint-subnets', 's3-gateway-endpoint', 'task-sg-egress'],
    reason:
      'route_table_ids is chosen by each.value of a local (a conditional); locals are not in the plan, so the tables are known only after apply; the endpoints\u2019 subnet_ids and security_group_ids are too, and the network rules (s3-gateway-endpoint among them) say in one info each that they cannot decide',
  },
  ecr_api_endpoint_invalid_for_each_map_gateway_type: {
    onlySources: ['endpoint-sg-ingress', 'endpoint-subnets'],
    onlyPlan: ['endpoint-sg-ingress', 'endpoint-subnets', 's3-gateway-endpoint', 'task-sg-egress'],
    reason:
      'subnet_ids, security_group_ids and route_table_ids are optional and computed: left null or [] by each.value of a local, the plan says "known after apply", and locals are not in the plan; the plan side says in one info per rule that it cannot decide',
  },
  ecr_dkr_endpoint_invalid_cdktf_stack: {
    onlySources: [],
    onlyPlan: ['endpoint-sg-ingress'],
    reason:
      'the plan reader reads the inline ingress rule\u2019s security_groups from the plan JSON as an object value, not as group ids, so the plan side says in one info that it cannot decide which groups the rule admits',
  },
  endpoint_private_dns_invalid_json_only_module: {
    onlySources: [],
    onlyPlan: ['endpoint-sg-ingress'],
    reason:
      'the plan reader reads the inline ingress rule\u2019s security_groups from the plan JSON as an object value, not as group ids, so the plan side says in one info that it cannot decide which groups the rule admits',
  },
  ecr_dkr_endpoint_invalid_state_machine_runs_task: {
    onlySources: ['ecr-dkr-endpoint'],
    onlyPlan: ['network-unmanaged'],
    reason:
      'the state machine definition embeds the cluster, task definition and subnets through jsonencode, so the plan knows it only after apply: the plan side says in one info that its tasks cannot be placed',
  },
  execution_role_invalid_pull_tied_to_other_endpoint: {
    onlySources: ['execution-role'],
    onlyPlan: ['execution-role'],
    reason:
      'the policy names an endpoint id through jsonencode, so the plan knows the whole document only after apply: the plan side says in one info that the role cannot be judged',
  },
  execution_role_valid_pull_tied_to_ecr_endpoint: {
    onlySources: [],
    onlyPlan: ['execution-role'],
    reason:
      'the policy names the ecr.dkr endpoint id through jsonencode, so the plan knows the whole document only after apply: the plan side says in one info that the role cannot be judged',
  },
  ecr_dkr_endpoint_invalid_tofu_shadows_tf: {
    onlySources: ['ecr-dkr-endpoint'],
    reason: 'the plan was made by Terraform, which ignores main.tofu; the source check reads it as OpenTofu does (it shadows main.tf)',
  },
  ecr_auth_source_vpc_condition_invalid_all_ecr_actions_tied_to_vpce: {
    onlySources: ['ecr-auth-source-vpc-condition'],
    onlyPlan: ['execution-role'],
    reason:
      'the policy embeds the endpoint id through jsonencode, so the plan knows the whole document only after apply: the plan side says in one info that the role cannot be judged',
  },
};

const index = JSON.parse(fs.readFileSync(path.join(PLANS, 'index.json'), 'utf8')) as IndexEntry[];

function planText(slug: string): string {
  return fs.readFileSync(path.join(PLANS, `${slug}.json`), 'utf8');
}

function checkPlan(slug: string, sourceDir?: string): { findings: Finding[]; notes: string[] } {
  const result = analyzePlanText(planText(slug), path.join(PLANS, `${slug}.json`), { sourceDir });
  if ('error' in result) throw new Error(result.error);
  return result;
}

/** Source findings of a case (copied without expected.json/fixed, as the fixture runner does). */
function checkSources(entry: IndexEntry): { findings: Finding[]; dir: string; cleanup: () => void } {
  const original = path.join(REPO, entry.source);
  const dir = entry.source.startsWith('examples/') ? original : copyCase(original);
  const root = path.join(dir, entry.root);
  return {
    findings: analyzePaths([root]).findings,
    dir: root,
    cleanup: () => {
      if (dir !== original) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const sig = (f: Finding, root: string) =>
  `${f.ruleId} ${f.severity} ${f.file ? path.relative(root, f.file) : '-'}:${f.range ? f.range.start.line : '-'}`;

/**
 * Pairs plan findings with source findings: same rule, severity and file, the plan's range covering the
 * source's first line (a value inside a JSON string of the plan maps to the whole argument in the sources).
 * Returns what is left unpaired on either side, as readable lines (both empty when they agree).
 */
function unpaired(fromPlan: Finding[], fromSources: Finding[], root: string): { onlyPlan: string[]; onlySources: string[] } {
  const left = [...fromPlan];
  const onlySources: string[] = [];
  for (const s of fromSources) {
    const i = left.findIndex(
      (p) =>
        p.ruleId === s.ruleId &&
        p.severity === s.severity &&
        p.file === s.file &&
        ((p.range === null && s.range === null) ||
          (p.range !== null && s.range !== null && p.range.start.line <= s.range.start.line && s.range.start.line <= p.range.end.line)),
    );
    if (i >= 0) left.splice(i, 1);
    else onlySources.push(`${sig(s, root)} ${s.message}`);
  }
  return { onlyPlan: left.map((p) => `${sig(p, root)} ${p.message}`), onlySources };
}

describe('check on a Terraform plan', () => {
  describe('bad input', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['not JSON', 'resource "aws_vpc" "x" {}', /x\.json is not JSON .*terraform show -json <planfile>/],
      ['a JSON array', '[1, 2]', /is JSON but not a Terraform plan \(its top level is an array\)/],
      [
        'a state file',
        JSON.stringify({ version: 4, terraform_version: '1.11.4', serial: 3, lineage: 'abc', outputs: {}, resources: [] }),
        /is a Terraform state file \(terraform\.tfstate\), not a plan/,
      ],
      [
        'state JSON from terraform show',
        JSON.stringify({ format_version: '1.0', terraform_version: '1.11.4', values: { root_module: {} } }),
        /is the JSON of a Terraform state .* not a plan/,
      ],
      [
        'an older format version',
        JSON.stringify({ format_version: '0.1', terraform_version: '0.12.31', planned_values: { root_module: {} } }),
        /format version 0\.1 \(Terraform 0\.12\.31\), older than the format 1\.x/,
      ],
      [
        'a newer format version',
        JSON.stringify({ format_version: '2.0', planned_values: { root_module: {} } }),
        /format version 2\.0, newer than/,
      ],
      [
        'validate output',
        JSON.stringify({ format_version: '1.0', valid: true, error_count: 0, warning_count: 0, diagnostics: [] }),
        /output of `terraform validate -json`, not a plan/,
      ],
      ['other JSON', JSON.stringify({ name: 'package' }), /JSON but not a Terraform plan \(it has no "planned_values"\)/],
      ['a plan without root module', JSON.stringify({ format_version: '1.2', planned_values: {} }), /without planned values/],
    ];
    for (const [what, text, message] of cases) {
      it(`names ${what}`, () => {
        const result = recognizePlan(text, 'x.json');
        assert.ok('error' in result, 'expected an error');
        assert.match(result.error, message);
        const checked = analyzePlanText(text, '/tmp/x.json');
        assert.ok('error' in checked);
      });
    }
    it('accepts a real plan', () => {
      assert.ok('plan' in recognizePlan(planText('examples_article'), 'plan.json'));
    });
  });

  describe('module addresses', () => {
    it('splits instance keys with dots and brackets', () => {
      assert.deepEqual(moduleSteps('module.a["x.y]"].module.b[0]'), [
        { name: 'a', key: '["x.y]"]' },
        { name: 'b', key: '[0]' },
      ]);
      assert.deepEqual(moduleSteps(''), []);
    });
  });

  describe('the examples', () => {
    for (const slug of ['examples_article', 'examples_article_broken']) {
      const entry = index.find((e) => e.slug === slug)!;
      it(`${entry.source}: same findings at the same lines as the sources`, () => {
        const sources = checkSources(entry);
        try {
          const fromPlan = checkPlan(slug, sources.dir);
          assert.deepEqual(fromPlan.notes, []);
          assert.deepEqual(unpaired(fromPlan.findings, sources.findings, sources.dir), { onlyPlan: [], onlySources: [] });
          assert.ok(sources.findings.length > 0);
        } finally {
          sources.cleanup();
        }
      });
    }

    it('without sources, findings name the plan file and the module address', () => {
      const { findings } = checkPlan('examples_article');
      assert.ok(findings.length > 0);
      for (const f of findings) {
        assert.equal(f.file, path.join(PLANS, 'examples_article.json'));
        assert.equal(f.range, null);
        assert.equal(f.fixes, undefined);
        assert.doesNotMatch(f.message, /__/, 'synthesized names leak into the message');
      }
      assert.ok(findings.some((f) => f.module === 'module.app' && f.resource === 'aws_iam_role_policy_attachment.ecs_ecr_readonly_policy'));
    });

    it('with sources that do not match, reports by address and says the sources were not matched', () => {
      const { findings, notes } = checkPlan('examples_article_broken', path.join(REPO, 'examples/article'));
      assert.ok(findings.length >= 10);
      assert.equal(notes.length, 1);
      assert.match(notes[0], /does not match the sources in .*examples\/article: \d+ block\(s\) not found there/);
      assert.ok(findings.every((f) => f.range === null && f.file?.endsWith('examples_article_broken.json')));
    });
  });

  describe('differential: HCL and plan JSON agree on every planned fixture', () => {
    const planned = index.filter((e) => e.planned);
    it('has planned fixtures', () => assert.ok(planned.length >= 2));
    for (const entry of planned) {
      it(entry.source, () => {
        const sources = checkSources(entry);
        try {
          const fromPlan = checkPlan(entry.slug, sources.dir);
          assert.deepEqual(fromPlan.notes, []);
          const diff = unpaired(fromPlan.findings, sources.findings, sources.dir);
          const limit = PLAN_LIMITS[entry.slug];
          if (!limit) assert.deepEqual(diff, { onlyPlan: [], onlySources: [] });
          else {
            assert.deepEqual([...new Set(diff.onlyPlan.map((line) => line.split(' ')[0]))].sort(), limit.onlyPlan ?? [], limit.reason);
            assert.deepEqual([...new Set(diff.onlySources.map((line) => line.split(' ')[0]))].sort(), limit.onlySources, limit.reason);
          }
        } finally {
          sources.cleanup();
        }
      });
    }
  });
});
