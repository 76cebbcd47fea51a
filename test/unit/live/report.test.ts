import * as assert from 'node:assert/strict';
import { runLiveCheck } from '../../../src/core/live/check';
import { buildResultOutline, formatLiveReport, summarizeLiveResult } from '../../../src/core/live/report';
import { baselineWorld, FakeReader, ids } from './fakeReader';

describe('live result presentations', () => {
  async function brokenResult() {
    const world = baselineWorld();
    world.securityGroups.find((group) => group.groupId === ids.endpointSg)!.ingress = [];
    return runLiveCheck(new FakeReader(world), { kind: 'service', cluster: 'app', service: 'web' }, { region: ids.region });
  }

  it('outlines scope, each service with its hops, then DNS, execution role and images', async () => {
    const outline = buildResultOutline(await brokenResult());
    assert.deepEqual(
      outline.map((node) => `${node.label}:${node.status}`),
      [
        'Scope: the tasks need VPC endpoints:passed',
        'ecr.api:failed',
        'ecr.dkr:failed',
        's3:passed',
        'logs:failed',
        'DNS:passed',
        'Execution role:passed',
        'Images:passed',
      ],
    );
    const ingress = outline[1].children.find((node) => node.label === 'Endpoint security group ingress')!;
    assert.equal(ingress.status, 'failed');
    assert.equal(ingress.severity, 'error');
    assert.equal(ingress.description, `${ids.endpointSg} — failed`);
    assert.deepEqual(
      ingress.children.map((node) => node.label),
      ['Why', 'Fix'],
    );
    assert.match(ingress.tooltip, /^Endpoint security group ingress: failed\nResource: sg-0a000000000000002\nRule: endpoint-sg-ingress\n/);
    // Node ids are unique, so the view can keep its expansion state across refreshes.
    const allIds: string[] = [];
    const collect = (nodes: typeof outline) => nodes.forEach((node) => (allIds.push(node.id), collect(node.children)));
    collect(outline);
    assert.equal(new Set(allIds).size, allIds.length);
  });

  it('formats a report with every step, the findings and the API calls', async () => {
    const result = await brokenResult();
    const facts = { region: ids.region, apiCalls: { total: 17, byOperation: { DescribeVpcs: 1, DescribeSubnets: 2 } }, durationMs: 80 };
    const lines = formatLiveReport(result, facts);
    assert.equal(
      lines[0],
      `Live check: service web (app) in ${ids.vpc}, ap-northeast-1: 1 error, 0 warnings, 0 info; 17 API calls in 80 ms`,
    );
    assert.ok(lines.includes(`  ecr.api (${ids.ecrApi}): failed`));
    assert.ok(lines.some((line) => line.startsWith(`    [FAIL] Endpoint security group ingress ${ids.endpointSg} — `)));
    assert.ok(lines.some((line) => line.trim().startsWith('Fix: Add an ingress rule TCP 443')));
    assert.equal(lines.at(-1), 'API calls: 17 (DescribeVpcs 1, DescribeSubnets 2) in 80 ms');
    assert.equal(summarizeLiveResult(result), `service web (app) in ${ids.vpc}, ap-northeast-1: 1 error, 0 warnings, 0 info`);
  });
});
