import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzePaths } from '../../../src/core/analyze';
import type { Finding } from '../../../src/core/findings';
import { fixAllInMemory } from '../../../src/core/fixes/fix-all';
import { DiskReader } from '../../../src/core/model/source';
import { removeTree, writeTree } from '../support/temp-module';
import { check, REPO } from './helpers';

const UNSET = path.join(REPO, 'test/fixtures/rules/endpoint-private-dns/invalid/unset');

/** The private-DNS fixture with `extra` more interface endpoints that lack private_dns_enabled. */
function manyEndpoints(extra: number): string {
  const dir = writeTree({});
  for (const name of ['ecs.tf', 'endpoints.tf', 'network.tf']) fs.copyFileSync(path.join(UNSET, name), path.join(dir, name));
  let text = '';
  for (let i = 0; i < extra; i++) {
    text += `
resource "aws_vpc_endpoint" "extra_${i}" {
  vpc_id             = aws_vpc.main.id
  service_name       = "com.amazonaws.\${var.region}.ecr.dkr"
  vpc_endpoint_type  = "Interface"
  subnet_ids         = [aws_subnet.private_a.id, aws_subnet.private_b.id]
  security_group_ids = [aws_security_group.vpc_endpoint.id]
}
`;
  }
  fs.appendFileSync(path.join(dir, 'endpoints.tf'), text);
  return dir;
}

/** A rule that always reports the same finding with the same fix, whatever the text: a fix that never works. */
function stuckAnalysis(file: string): typeof analyzePaths {
  return (paths, options) => {
    const real = analyzePaths(paths, options);
    const stuck: Finding = {
      ruleId: 'endpoint-private-dns',
      severity: 'error',
      message: 'stuck',
      file,
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      resource: 'aws_vpc_endpoint.stuck',
      module: '',
      fixes: [
        {
          title: 'Add a comment',
          edits: [{ file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '# fixed\n' }],
        },
      ],
    };
    return { ...real, findings: [...real.findings, stuck] };
  };
}

describe('fix-all rounds (issue #8, items 1 and 9)', () => {
  it('the number of rounds does not grow with the number of fixes', () => {
    for (const extra of [10, 200]) {
      const dir = manyEndpoints(extra);
      try {
        let analyses = 0;
        const counting: typeof analyzePaths = (paths, options) => {
          analyses++;
          return analyzePaths(paths, options);
        };
        const result = fixAllInMemory([dir], new DiskReader(), (f) => f.ruleId === 'endpoint-private-dns', { analyze: counting });
        assert.equal(result.applied.length, extra + 2, `${extra}: every endpoint fixed`);
        assert.ok(analyses <= 3, `${extra} extra endpoints took ${analyses} analyses`);
        const text = result.texts.get(path.join(dir, 'endpoints.tf'))!;
        assert.equal(text.match(/private_dns_enabled = true/g)?.length, extra + 3);
        assert.deepEqual(result.problems, []);
      } finally {
        removeTree(dir);
      }
    }
  });

  it('a fix that does not remove its finding is applied once, never again, and reported as internal', () => {
    const dir = writeTree({ 'main.tf': 'variable "region" {\n  type = string\n}\n' });
    try {
      const file = path.join(dir, 'main.tf');
      const result = fixAllInMemory([dir], new DiskReader(), () => true, { analyze: stuckAnalysis(file) });
      assert.equal(result.texts.get(file), '# fixed\nvariable "region" {\n  type = string\n}\n');
      assert.equal(result.applied.filter((a) => a.title === 'Add a comment').length, 1);
      const problem = result.problems.find((p) => p.kind === 'not-removed');
      assert.ok(problem, JSON.stringify(result.problems));
      assert.match(problem.message, /did not remove the finding; it was not applied again/);
    } finally {
      removeTree(dir);
    }
  });

  it('--fix with an ineffective fix writes it once and exits 2 with an internal error', async () => {
    const dir = writeTree({ 'main.tf': 'variable "region" {\n  type = string\n}\n' });
    try {
      const file = path.join(dir, 'main.tf');
      const r = await check([dir, '--fix'], { analyze: stuckAnalysis(file) });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /internal error while fixing .*main\.tf: the fix "Add a comment" .* did not remove the finding/);
      assert.equal(fs.readFileSync(file, 'utf8').match(/# fixed/g)?.length, 1);
    } finally {
      removeTree(dir);
    }
  });

  it('stops at the round limit and reports it', () => {
    const dir = manyEndpoints(0);
    try {
      // Each round's fix makes the next one: a chain longer than the limit.
      const file = path.join(dir, 'network.tf');
      let round = 0;
      const chain: typeof analyzePaths = (paths, options) => {
        const real = analyzePaths(paths, options);
        round++;
        const at = { line: 0, character: 0 };
        const make = (n: number): Finding => ({
          ruleId: 'vpc-dns-attributes',
          severity: 'error',
          message: `step ${n}`,
          file,
          range: { start: at, end: at },
          resource: `aws_vpc.step_${n}`,
          module: '',
          fixes: [{ title: `Step ${n}`, edits: [{ file, range: { start: at, end: at }, newText: `# step ${n}\n` }] }],
        });
        return { ...real, findings: [...real.findings, make(round), make(round + 1000)] };
      };
      const result = fixAllInMemory([dir], new DiskReader(), (f) => f.ruleId === 'vpc-dns-attributes', { analyze: chain }, 5);
      assert.ok(
        result.problems.some((p) => p.kind === 'round-limit'),
        JSON.stringify(result.problems),
      );
      assert.equal(round, 5);
    } finally {
      removeTree(dir);
    }
  });
});
