import * as assert from 'node:assert/strict';
import { runVerifyCli } from '../../../src/cli/verify';
import { isolateAwsEnvironment } from '../../moto/awsEnvironment';
import { destroyMotoClients, motoClients, scenarioRegion, ScenarioIds, seedScenario } from '../../moto/scenarios';
import { useMotoServer } from '../../moto/useMotoServer';

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runVerifyCli(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

describe('private-ecr verify (CLI function)', function () {
  this.timeout(60000);
  isolateAwsEnvironment();
  const moto = useMotoServer();

  before(() => {
    process.env.AWS_ACCESS_KEY_ID = 'testing';
    process.env.AWS_SECRET_ACCESS_KEY = 'testing';
  });

  async function seed(options: Parameters<typeof seedScenario>[1]): Promise<ScenarioIds> {
    await moto().reset();
    const clients = motoClients(moto().endpoint);
    try {
      return await seedScenario(clients, options);
    } finally {
      destroyMotoClients(clients);
    }
  }

  const target = () => ['--region', scenarioRegion, '--endpoint-url', moto().endpoint, '--cluster', 'app', '--service', 'web'];

  it('exits 0 with the check-compatible JSON for a complete service', async () => {
    await seed({});
    const run = await cli([...target(), '--format', 'json']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    const document = JSON.parse(run.stdout);
    assert.equal(document.version, 1);
    assert.deepEqual(document.findings, []);
    // 14 network and IAM reads, plus the repository, the image, its policy and the stopped tasks (no
    // DescribeManagedPrefixLists: the S3 gateway route names the prefix list; no GetPolicy/GetPolicyVersion:
    // AmazonECSTaskExecutionRolePolicy is known by its documented content).
    assert.equal(document.apiCalls, 18);
    assert.equal(document.incomplete, false);
    assert.deepEqual(document.undecided, []);
    assert.equal(document.apiCallsByOperation.DescribeVpcEndpoints, 1);
    assert.deepEqual(
      document.services.map((path: { service: string; status: string }) => `${path.service}:${path.status}`),
      ['ecr.api:passed', 'ecr.dkr:passed', 's3:passed', 'logs:passed'],
    );
  });

  it('exits 1 with error findings in the exact finding shape', async () => {
    const ids = await seed({ omitInterfaceEndpoints: ['ecr.dkr'] });
    const run = await cli([...target(), '--format=json']);
    assert.equal(run.code, 1);
    const document = JSON.parse(run.stdout);
    assert.equal(document.findings.length, 1);
    const [finding] = document.findings;
    assert.deepEqual(Object.keys(finding), ['ruleId', 'severity', 'message', 'file', 'range', 'resource', 'module', 'messageId', 'data']);
    assert.deepEqual(
      { ...finding, message: undefined },
      {
        ruleId: 'ecr-dkr-endpoint',
        severity: 'error',
        message: undefined,
        file: null,
        range: null,
        resource: ids.vpcId,
        module: '',
        messageId: 'endpoint.missing',
        data: { type: 'interface', service: 'ecr.dkr', vpc: ids.vpcId, because: finding.data.because },
      },
    );
    assert.match(finding.message, /No interface endpoint for ecr\.dkr/);
  });

  it('prints short lines grouped per service, details indented, and a summary line', async () => {
    const ids = await seed({ natRoute: true });
    const run = await cli(target());
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trimEnd().split('\n');
    assert.equal(lines[0], `Live check of service web (app) in ${ids.vpcId}, ap-northeast-1`);
    assert.equal(lines[1], 'Scope: the tasks reach the internet');
    assert.match(lines[2], /^ {6}Every task subnet reaches the internet/);
    assert.deepEqual(lines.slice(3, 7), [
      'ecr.api (through the internet): ok (1 step)',
      'ecr.dkr (through the internet): ok (1 step)',
      's3 (through the internet): ok (1 step)',
      'logs (through the internet): ok (1 step)',
    ]);
    assert.match(lines.at(-1)!, /^0 errors, 0 warnings, 1 info, 0 undecided; 20 API calls in \d+ ms$/);
    // Every line but the indented details stays short.
    assert.ok(
      lines.filter((line) => !line.startsWith('      ')).every((line) => line.length <= 110),
      lines.join('\n'),
    );
  });

  it('checks a VPC with given subnets and security groups', async () => {
    const ids = await seed({ withService: false, endpointSgWithoutHttps: true });
    const run = await cli([
      '--region',
      scenarioRegion,
      '--endpoint-url',
      moto().endpoint,
      '--vpc-id',
      ids.vpcId,
      '--subnet-ids',
      ids.subnetIds.join(','),
      '--security-group-ids',
      ids.taskSecurityGroupId,
      '--format',
      'json',
    ]);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(
      JSON.parse(run.stdout).findings.map((finding: { ruleId: string; resource: string }) => `${finding.ruleId} ${finding.resource}`),
      [`endpoint-sg-ingress ${ids.endpointSecurityGroupId}`],
    );
  });

  it('exits 2 with one line on stderr for a target that does not exist', async () => {
    await seed({});
    const run = await cli(['--region', scenarioRegion, '--endpoint-url', moto().endpoint, '--cluster', 'app', '--service', 'api']);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr.trimEnd().split('\n').length, 1);
    assert.match(run.stderr, /^private-ecr verify: Service api was not found in cluster app/);
  });

  it('exits 2 for an unreachable endpoint without a stack trace', async () => {
    const run = await cli(['--region', scenarioRegion, '--endpoint-url', 'http://127.0.0.1:9', '--vpc-id', 'vpc-0123456789abcdef0']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^private-ecr verify: Cannot reach http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)/);
    assert.doesNotMatch(run.stderr, /\n\s+at /);
  });

  describe('usage errors (exit 2)', () => {
    const cases: Array<[string, string[], RegExp]> = [
      ['no target', ['--region', 'ap-northeast-1'], /say what to check/],
      ['cluster without service', ['--cluster', 'app'], /--cluster and --service \(or --task\) go together/],
      [
        'task with a service',
        ['--cluster', 'app', '--service', 'web', '--task', '0123456789abcdef0123456789abcdef'],
        /--task with --cluster only/,
      ],
      ['task without a cluster', ['--task', '0123456789abcdef0123456789abcdef'], /--task needs --cluster/],
      ['bad task id', ['--cluster', 'app', '--task', 'abc'], /"abc" is not a task id/],
      ['service and VPC together', ['--cluster', 'a', '--service', 'b', '--vpc-id', 'vpc-0123456789abcdef0'], /not both/],
      [
        'subnets with a service',
        ['--cluster', 'a', '--service', 'b', '--subnet-ids', 'subnet-0123456789abcdef0'],
        /only goes with --vpc-id/,
      ],
      ['bad VPC id', ['--vpc-id', 'vpc-xyz'], /not a valid VPC id/],
      [
        'bad subnet id',
        ['--vpc-id', 'vpc-0123456789abcdef0', '--subnet-ids', 'subnet-0123456789abcdef0,sg-0123456789abcdef0'],
        /"sg-0123456789abcdef0" is not a valid id/,
      ],
      ['unknown option', ['--vpc', 'vpc-0123456789abcdef0'], /unknown option --vpc/],
      ['missing value', ['--vpc-id'], /--vpc-id needs a value/],
      ['bad format', ['--vpc-id', 'vpc-0123456789abcdef0', '--format', 'sarif'], /unknown format "sarif"/],
      ['positional argument', ['vpc-0123456789abcdef0'], /unexpected argument/],
    ];
    for (const [name, args, message] of cases) {
      it(name, async () => {
        const run = await cli(args);
        assert.equal(run.code, 2);
        assert.match(run.stderr, message);
        assert.match(run.stderr, /Usage: private-ecr verify/);
      });
    }

    it('--help prints the usage and exits 0', async () => {
      const run = await cli(['--help']);
      assert.equal(run.code, 0);
      assert.match(run.stdout, /^Usage: private-ecr verify/);
    });

    it('no region anywhere is a set-up error', async () => {
      const run = await cli(['--vpc-id', 'vpc-0123456789abcdef0']);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /^private-ecr verify: No AWS region is set/);
    });
  });
});
