// The live check through a loopback fault proxy in front of moto_server: real SDK clients speak their real
// protocols (EC2 query, IAM query, JSON 1.1), get AWS's own error answers for throttling and denial, connection
// resets and slow answers, retry as configured, and the check turns what is left into the right verdicts — unknown
// steps and exit 3 "incomplete" (docs/live-check.md), exit 2 when the target itself cannot be read, exit 1 when
// something failed. Every run is bounded: the session's request time-out and attempts, and mocha's test time-out.
import * as assert from 'node:assert/strict';
import { AwsConnectionOptions, createAwsSession, destroyAwsSession, LiveVerifyOutcome, runLiveVerify } from '../../src/aws/session';
import { runVerifyCli, verifyExitCode } from '../../src/cli/verify';
import type { LiveCheckRequest } from '../../src/core/live/target';
import { isolateAwsEnvironment } from './awsEnvironment';
import { FaultProxy, FaultRule, SeenRequest, startFaultProxy } from './faultProxy';
import { destroyMotoClients, motoClients, motoCredentials, scenarioRegion, ScenarioOptions, seedScenario } from './scenarios';
import { useMotoServer } from './useMotoServer';

const serviceRequest: LiveCheckRequest = { kind: 'service', cluster: 'app', service: 'web' };
/** A secret, a parameter, a customer KMS key and a stopped task: traffic for all seven clients. */
const everything: ScenarioOptions = { secrets: 'present', repositoryKms: 'granted', stoppedTaskReason: 'Task failed to start' };

interface ProxiedRun {
  outcome: LiveVerifyOutcome;
  exit: number;
  seen: SeenRequest[];
}

function summary(outcome: LiveVerifyOutcome): string[] {
  return outcome.result.findings.map((finding) => `${finding.severity} ${finding.ruleId} ${finding.resource}`);
}

function attempts(seen: SeenRequest[], service: string, operation: string): SeenRequest[] {
  return seen.filter((request) => request.service === service && request.operation === operation);
}

function undecidedGroups(outcome: LiveVerifyOutcome): string[] {
  return [...new Set(outcome.result.undecided.map((item) => item.group))].sort();
}

describe('live check through a loopback fault proxy (real SDK clients, moto behind)', function () {
  this.timeout(90000);
  isolateAwsEnvironment();
  const moto = useMotoServer();
  let proxy: FaultProxy;
  let direct: LiveVerifyOutcome;

  async function seed(options: ScenarioOptions) {
    await moto().reset();
    const clients = motoClients(moto().endpoint);
    try {
      await seedScenario(clients, options);
    } finally {
      destroyMotoClients(clients);
    }
  }

  async function verify(
    rules: FaultRule[],
    options: Partial<AwsConnectionOptions> = {},
    endpointUrl = proxy.endpoint,
  ): Promise<ProxiedRun> {
    proxy.setFaults(rules);
    const session = await createAwsSession({ region: scenarioRegion, endpointUrl, credentials: motoCredentials, ...options });
    try {
      const outcome = await runLiveVerify(session, serviceRequest);
      return { outcome, exit: verifyExitCode(outcome), seen: proxy.seen() };
    } finally {
      destroyAwsSession(session);
    }
  }

  async function cli(rules: FaultRule[], extra: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
    proxy.setFaults(rules);
    let stdout = '';
    let stderr = '';
    const code = await runVerifyCli(
      ['--region', scenarioRegion, '--endpoint-url', proxy.endpoint, '--cluster', 'app', '--service', 'web', ...extra],
      {
        stdout: (text) => (stdout += text),
        stderr: (text) => (stderr += text),
      },
    );
    return { code, stdout, stderr };
  }

  before(async function () {
    this.timeout(120000);
    process.env.AWS_ACCESS_KEY_ID = motoCredentials.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = motoCredentials.secretAccessKey;
    await seed(everything);
    proxy = await startFaultProxy(moto().endpoint);
    direct = (await verify([], {}, moto().endpoint)).outcome;
    assert.equal(verifyExitCode(direct), 0, JSON.stringify(direct.result.undecided));
  });

  after(async () => {
    await proxy?.close();
  });

  it('is transparent without faults: the verdict of a direct run, one request per call, every client through it', async () => {
    const run = await verify([]);
    assert.equal(run.exit, 0);
    assert.deepEqual(summary(run.outcome), summary(direct));
    assert.equal(run.seen.length, run.outcome.apiCalls.total);
    assert.ok(run.seen.every((request) => request.fault === null));
    assert.deepEqual([...new Set(run.seen.map((request) => request.service))].sort(), [
      'ec2',
      'ecr',
      'ecs',
      'iam',
      'kms',
      'secretsmanager',
      'ssm',
    ]);
  });

  describe('throttling, in each protocol', () => {
    const once: FaultRule[] = [
      { service: 'ec2', operation: 'DescribeNetworkAcls', fault: { kind: 'throttle' }, times: 1 },
      { service: 'ecs', operation: 'ListTasks', fault: { kind: 'throttle' }, times: 1 },
      { service: 'iam', operation: 'GetRole', fault: { kind: 'throttle' }, times: 1 },
      { service: 'ecr', operation: 'DescribeImages', fault: { kind: 'throttle' }, times: 1 },
    ];

    it('once: the SDK retries and the verdict is the same as without throttling (exit 0)', async () => {
      const run = await verify(once);
      assert.equal(run.exit, 0, JSON.stringify(run.outcome.result.undecided));
      assert.deepEqual(summary(run.outcome), summary(direct));
      for (const rule of once) {
        assert.deepEqual(
          attempts(run.seen, rule.service, rule.operation).map((request) => request.fault),
          ['throttle', null],
          `${rule.service} ${rule.operation}`,
        );
      }
      // Retries are attempts of one call, not calls: the count the bench reports is unchanged.
      assert.equal(run.outcome.apiCalls.total, direct.apiCalls.total);
    });

    const always: Array<{ rule: FaultRule; code: string; group: string }> = [
      {
        rule: { service: 'ec2', operation: 'DescribeNetworkAcls', fault: { kind: 'throttle' } },
        code: 'RequestLimitExceeded',
        group: 'ecr.api',
      },
      {
        rule: { service: 'ecs', operation: 'ListTasks', fault: { kind: 'throttle' } },
        code: 'ThrottlingException',
        group: 'Stopped tasks',
      },
      { rule: { service: 'iam', operation: 'GetRole', fault: { kind: 'throttle' } }, code: 'Throttling', group: 'Execution role' },
    ];
    for (const { rule, code, group } of always) {
      it(`${rule.service} ${rule.operation} throttled on every attempt (${code}): undecided after the retries, exit 3`, async () => {
        const run = await verify([rule]);
        assert.equal(run.exit, 3);
        assert.deepEqual(
          run.outcome.result.findings.filter((finding) => finding.severity === 'error'),
          [],
        );
        assert.equal(attempts(run.seen, rule.service, rule.operation).length, 3, 'the session makes at most 3 attempts');
        const item = run.outcome.result.undecided.find((entry) => entry.group === group);
        assert.ok(item, JSON.stringify(run.outcome.result.undecided));
        assert.match(item.reason, new RegExp(`${rule.operation} was throttled by AWS even after retries \\(${code}\\)`));
      });
    }
  });

  describe('denied calls, in each protocol', () => {
    const denials: Array<{ rule: FaultRule; action: string; groups: string[] }> = [
      {
        rule: { service: 'ec2', operation: 'DescribeNetworkAcls', fault: { kind: 'deny' } },
        action: 'ec2:DescribeNetworkAcls',
        groups: ['ecr.api', 'ecr.dkr', 'logs', 's3', 'secretsmanager', 'ssm'],
      },
      { rule: { service: 'iam', operation: 'GetRole', fault: { kind: 'deny' } }, action: 'iam:GetRole', groups: ['Execution role'] },
      { rule: { service: 'ecs', operation: 'ListTasks', fault: { kind: 'deny' } }, action: 'ecs:ListTasks', groups: ['Stopped tasks'] },
      { rule: { service: 'ecr', operation: 'DescribeImages', fault: { kind: 'deny' } }, action: 'ecr:DescribeImages', groups: ['Images'] },
      { rule: { service: 'kms', operation: 'GetKeyPolicy', fault: { kind: 'deny' } }, action: 'kms:GetKeyPolicy', groups: ['Images'] },
      {
        rule: { service: 'secretsmanager', operation: 'DescribeSecret', fault: { kind: 'deny' } },
        action: 'secretsmanager:DescribeSecret',
        groups: ['Secrets'],
      },
    ];
    for (const { rule, action, groups } of denials) {
      it(`${action} denied: one attempt (no retry), only its steps undecided, the action named, exit 3`, async () => {
        const run = await verify([rule]);
        assert.equal(run.exit, 3);
        assert.equal(attempts(run.seen, rule.service, rule.operation).length, 1);
        assert.deepEqual(
          run.outcome.result.findings.filter((finding) => finding.severity === 'error'),
          [],
        );
        assert.deepEqual(undecidedGroups(run.outcome), groups);
        assert.ok(
          run.outcome.result.undecided.every((item) => item.reason.includes(`Allow ${action}`)),
          JSON.stringify(run.outcome.result.undecided),
        );
      });
    }

    it('through the CLI: the text lists the undecided step and the process exits 3', async () => {
      const run = await cli([{ service: 'ecr', operation: 'GetRepositoryPolicy', fault: { kind: 'deny' } }]);
      assert.equal(run.code, 3, run.stderr);
      assert.match(run.stdout, /^Undecided \(1\): the run is incomplete, nothing below is a pass$/m);
      assert.match(run.stdout, /GetRepositoryPolicy was denied \(AccessDeniedException\)\. Allow ecr:GetRepositoryPolicy/);
      assert.match(run.stdout.trimEnd().split('\n').at(-1)!, /^0 errors, \d+ warnings?, \d+ info, 1 undecided; \d+ API calls in \d+ ms$/);
    });

    it('a required read denied (ecs:DescribeServices): the target cannot be read, exit 2 with the action to allow', async () => {
      const run = await cli([{ service: 'ecs', operation: 'DescribeServices', fault: { kind: 'deny' } }]);
      assert.equal(run.code, 2);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /ecs:DescribeServices/);
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    });
  });

  describe('connection resets', () => {
    it('once: the SDK retries on a fresh connection, the verdict is unchanged (exit 0)', async () => {
      const run = await verify([
        { service: 'ec2', operation: 'DescribeVpcEndpoints', fault: { kind: 'reset' }, times: 1 },
        { service: 'kms', operation: 'DescribeKey', fault: { kind: 'reset' }, times: 1 },
      ]);
      assert.equal(run.exit, 0, JSON.stringify(run.outcome.result.undecided));
      assert.deepEqual(summary(run.outcome), summary(direct));
      assert.deepEqual(
        attempts(run.seen, 'ec2', 'DescribeVpcEndpoints').map((request) => request.fault),
        ['reset', null],
      );
      assert.deepEqual(
        attempts(run.seen, 'kms', 'DescribeKey').map((request) => request.fault),
        ['reset', null],
      );
    });

    it('on every attempt of an optional read: its steps are undecided (not a pass, not a stop), exit 3', async () => {
      const run = await verify([{ service: 'ecr', operation: 'DescribeImages', fault: { kind: 'reset' } }]);
      assert.equal(run.exit, 3);
      assert.equal(attempts(run.seen, 'ecr', 'DescribeImages').length, 3);
      assert.deepEqual(undecidedGroups(run.outcome), ['Images']);
      assert.match(run.outcome.result.undecided[0].reason, /DescribeImages lost its connection \(ECONNRESET\) on every attempt/);
    });

    it('on every attempt of the first read: the check stops with one message, exit 2', async () => {
      const run = await cli([{ service: 'ecs', operation: 'DescribeServices', fault: { kind: 'reset' } }]);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /DescribeServices/);
    });
  });

  describe('slow answers', () => {
    it('slower than usual but within the request time-out: the same verdict (exit 0)', async () => {
      const run = await verify(
        [
          { service: 'ec2', operation: 'DescribeVpcEndpoints', fault: { kind: 'slow', delayMs: 400 } },
          { service: 'iam', operation: 'ListAttachedRolePolicies', fault: { kind: 'slow', delayMs: 400 } },
        ],
        { requestTimeoutMs: 5000 },
      );
      assert.equal(run.exit, 0, JSON.stringify(run.outcome.result.undecided));
      assert.deepEqual(summary(run.outcome), summary(direct));
      assert.equal(attempts(run.seen, 'ec2', 'DescribeVpcEndpoints').length, 1);
    });

    it('past the request time-out on every attempt: the endpoint steps are undecided, the run ends, exit 3', async () => {
      const run = await verify([{ service: 'ec2', operation: 'DescribeVpcEndpoints', fault: { kind: 'slow', delayMs: 30000 } }], {
        requestTimeoutMs: 4000,
        maxAttempts: 2,
      });
      assert.equal(run.exit, 3);
      assert.equal(attempts(run.seen, 'ec2', 'DescribeVpcEndpoints').length, 2);
      assert.deepEqual(
        run.outcome.result.findings.filter((finding) => finding.severity === 'error'),
        [],
      );
      const endpointSteps = run.outcome.result.services.flatMap((path) => path.hops.filter((hop) => hop.hop === 'endpoint'));
      assert.ok(endpointSteps.length > 0 && endpointSteps.every((hop) => hop.status === 'unknown'), JSON.stringify(endpointSteps));
      assert.ok(
        run.outcome.result.undecided.some((item) => /DescribeVpcEndpoints timed out/.test(item.reason)),
        JSON.stringify(run.outcome.result.undecided),
      );
    });
  });

  describe('errors win over undecided steps', () => {
    before(() => seed({ ...everything, omitInterfaceEndpoints: ['ecr.dkr'] }));

    it('a missing ecr.dkr endpoint and a throttled GetRole: exit 1, the error and the undecided step both reported', async () => {
      const run = await verify([{ service: 'iam', operation: 'GetRole', fault: { kind: 'throttle' } }]);
      assert.equal(run.exit, 1);
      assert.ok(
        summary(run.outcome).some((line) => line.startsWith('error ecr-dkr-endpoint')),
        JSON.stringify(summary(run.outcome)),
      );
      assert.ok(undecidedGroups(run.outcome).includes('Execution role'));
    });
  });
});
