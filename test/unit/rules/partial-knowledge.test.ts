/**
 * What the fixtures cannot show with positions alone: severities that depend on the whole
 * configuration (no workload → at most warnings), and that a run whose every workload is
 * undecided is visibly different from a clean run.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzePaths } from '../../../src/core/analyze';
import { FIXTURES_ROOT } from './fixture-runner';

describe('partial knowledge', () => {
  it('gives endpoint findings of a configuration without workloads as warnings, never errors', () => {
    const dir = path.join(FIXTURES_ROOT, 'endpoint-private-dns', 'invalid', 'no-workload-endpoints-only');
    const findings = analyzePaths([dir]).findings;
    assert.ok(
      findings.some((f) => f.ruleId === 'endpoint-private-dns'),
      'private DNS off is still reported',
    );
    assert.deepEqual(
      findings.filter((f) => f.severity === 'error').map((f) => `${f.ruleId}: ${f.message}`),
      [],
    );
  });

  it('keeps errors when a workload is in the configuration', () => {
    const dir = path.join(FIXTURES_ROOT, 'ecr-dkr-endpoint', 'invalid', 'scheduler-runs-task');
    const findings = analyzePaths([dir]).findings.filter((f) => f.ruleId === 'ecr-dkr-endpoint');
    assert.deepEqual(
      findings.map((f) => f.severity),
      ['error'],
    );
  });

  it('says at info level why each undecided workload is undecided, so such a run is not a clean one', () => {
    for (const name of [
      'default-route-transit-gateway',
      'route-destination-unknown',
      'state-machine-subnets-from-input',
      'association-count-differs-from-subnets',
    ]) {
      const findings = analyzePaths([path.join(FIXTURES_ROOT, 'network-unmanaged', 'invalid', name)]).findings;
      const info = findings.filter((f) => f.ruleId === 'network-unmanaged');
      assert.equal(info.length, 1, name);
      assert.equal(info[0].severity, 'info', name);
      assert.match(info[0].message, /cannot be decided|leaves this configuration|managed outside/, name);
      assert.deepEqual(
        findings.filter((f) => f.severity === 'error').map((f) => f.ruleId),
        [],
        `${name}: no error from an undecided scope`,
      );
    }
  });
});
