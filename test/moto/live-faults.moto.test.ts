// What moto cannot represent for issue 13, injected with aws-sdk-client-mock on top of a real moto scenario (the
// mocked command answers, everything else reaches moto): denied and throttled optional reads degrade to unknown
// and an incomplete run (exit 3), pull-through cache rules, service events, container reasons and stop codes.
import * as assert from 'node:assert/strict';
import { DescribeNetworkInterfacesCommand } from '@aws-sdk/client-ec2';
import {
  DescribeImagesCommand,
  DescribePullThroughCacheRulesCommand,
  DescribeRepositoriesCommand,
  GetRepositoryPolicyCommand,
} from '@aws-sdk/client-ecr';
import { DescribeServicesCommand, DescribeTasksCommand, ECSClient, ListTasksCommand } from '@aws-sdk/client-ecs';
import { DescribeKeyCommand, GetKeyPolicyCommand } from '@aws-sdk/client-kms';
import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { DescribeParametersCommand } from '@aws-sdk/client-ssm';
import { AwsStub, mockClient } from 'aws-sdk-client-mock';
import { AwsSession, createAwsSession, destroyAwsSession, LiveVerifyOutcome, runLiveVerify } from '../../src/aws/session';
import { verifyExitCode } from '../../src/cli/verify';
import type { LiveCheckRequest } from '../../src/core/live/target';
import { isolateAwsEnvironment } from './awsEnvironment';
import { destroyMotoClients, motoClients, motoCredentials, scenarioRegion, ScenarioIds, ScenarioOptions, seedScenario } from './scenarios';
import { useMotoServer } from './useMotoServer';

function serviceError(name: string, httpStatusCode: number, message = `${name} (injected)`): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode } });
}

function summary(outcome: LiveVerifyOutcome): string[] {
  return outcome.result.findings.map((finding) => `${finding.severity} ${finding.ruleId} ${finding.resource}`);
}

const serviceRequest: LiveCheckRequest = { kind: 'service', cluster: 'app', service: 'web' };
const everything: ScenarioOptions = { secrets: 'present', repositoryKms: 'granted', stoppedTaskReason: 'Task failed to start' };

describe('live check faults for the failure causes (aws-sdk-client-mock over moto)', function () {
  this.timeout(90000);
  isolateAwsEnvironment();
  const moto = useMotoServer();
  let ids: ScenarioIds;
  let session: AwsSession;
  const stubs: Array<AwsStub<never, never, never>> = [];

  async function seed(options: ScenarioOptions) {
    await moto().reset();
    const clients = motoClients(moto().endpoint);
    try {
      ids = await seedScenario(clients, options);
    } finally {
      destroyMotoClients(clients);
    }
  }

  beforeEach(async () => {
    session = await createAwsSession({
      region: scenarioRegion,
      endpointUrl: moto().endpoint,
      credentials: motoCredentials,
      maxAttempts: 1,
    });
  });

  afterEach(() => {
    for (const stub of stubs.splice(0)) stub.restore();
    destroyAwsSession(session);
  });

  function stub<K extends keyof AwsSession['clients']>(client: K) {
    const mock = mockClient(session.clients[client] as never);
    mock.send.callThrough();
    stubs.push(mock as never);
    return mock;
  }

  describe('every optional read, denied, degrades to unknown for its step: never a crash, never a pass', () => {
    before(() => seed(everything));

    const denials: Array<[keyof AwsSession['clients'], new (input: never) => unknown, string, string]> = [
      ['ecs', ListTasksCommand, 'ecs:ListTasks', 'Stopped tasks'],
      ['ecs', DescribeTasksCommand, 'ecs:DescribeTasks', 'Stopped tasks'],
      ['ecr', DescribeRepositoriesCommand, 'ecr:DescribeRepositories', 'Images'],
      ['ecr', DescribeImagesCommand, 'ecr:DescribeImages', 'Images'],
      ['ecr', GetRepositoryPolicyCommand, 'ecr:GetRepositoryPolicy', 'Images'],
      ['kms', DescribeKeyCommand, 'kms:DescribeKey', 'Images'],
      ['kms', GetKeyPolicyCommand, 'kms:GetKeyPolicy', 'Images'],
      ['secretsmanager', DescribeSecretCommand, 'secretsmanager:DescribeSecret', 'Secrets'],
      ['ssm', DescribeParametersCommand, 'ssm:DescribeParameters', 'Secrets'],
    ];
    for (const [client, command, action, group] of denials) {
      it(`${action} denied`, async () => {
        stub(client)
          .on(command as never)
          .rejects(serviceError('AccessDeniedException', 400, 'User is not authorized to perform this action'));
        const outcome = await runLiveVerify(session, serviceRequest);
        assert.deepEqual(
          outcome.result.findings.filter((finding) => finding.severity === 'error'),
          [],
          JSON.stringify(summary(outcome)),
        );
        assert.ok(
          outcome.result.undecided.some((item) => item.group === group),
          `${JSON.stringify(outcome.result.undecided)}`,
        );
        assert.ok(
          outcome.result.findings.some((finding) => finding.severity === 'warning' && finding.message.includes(`Allow ${action}`)),
          JSON.stringify(outcome.result.findings),
        );
        assert.equal(verifyExitCode(outcome), 3);
      });
    }

    it('DescribeImages throttled after the retries: unknown with the throttling message, exit 3', async () => {
      stub('ecr')
        .on(DescribeImagesCommand)
        .rejects(serviceError('ThrottlingException', 400, 'Rate exceeded'));
      const outcome = await runLiveVerify(session, serviceRequest);
      const image = outcome.result.images.find((step) => step.title === 'Image web:1')!;
      assert.equal(image.status, 'unknown');
      assert.match(image.reason, /DescribeImages was throttled by AWS even after retries/);
      assert.equal(verifyExitCode(outcome), 3);
    });

    it('a --task target whose DescribeNetworkInterfaces is denied takes the groups from its service', async () => {
      stub('ec2').on(DescribeNetworkInterfacesCommand).rejects(serviceError('UnauthorizedOperation', 403));
      const outcome = await runLiveVerify(session, { kind: 'task', cluster: 'app', task: ids.stoppedTaskArn as string });
      assert.deepEqual(outcome.result.target.securityGroupIds, [ids.taskSecurityGroupId]);
      assert.equal(outcome.result.target.securityGroupsUnknown, false);
    });
  });

  describe('what moto does not model', () => {
    it('pull-through cache rules (moto has no DescribePullThroughCacheRules): a missing image under a rule needs NAT', async () => {
      await seed({ image: 'missing-tag' });
      stub('ecr')
        .on(DescribePullThroughCacheRulesCommand)
        .resolves({ pullThroughCacheRules: [{ ecrRepositoryPrefix: 'web', upstreamRegistryUrl: 'public.ecr.aws' }] } as never);
      const outcome = await runLiveVerify(session, serviceRequest);
      assert.deepEqual(summary(outcome), [`error image-registry ${ids.repositoryArn}`]);
      assert.match(
        outcome.result.findings[0].message,
        /pull-through cache rule "web" \(public\.ecr\.aws\), so the first pull fetches it from upstream, which tasks without internet \(NAT\) cannot trigger/,
      );
    });

    it('container reasons, stop codes and stop times (moto sets only stoppedReason) are mapped to the hop', async () => {
      await seed({ omitInterfaceEndpoints: ['ecr.api'], stoppedTaskReason: 'Task failed to start' });
      const stoppedAt = new Date('2026-12-01T10:42:00Z');
      stub('ecs')
        .on(DescribeTasksCommand)
        .resolves({
          tasks: [
            {
              taskArn: ids.stoppedTaskArn as string,
              clusterArn: 'arn:aws:ecs:ap-northeast-1:123456789012:cluster/app',
              group: 'service:web',
              lastStatus: 'STOPPED',
              desiredStatus: 'STOPPED',
              stopCode: 'TaskFailedToStart',
              stoppedReason: 'Task failed to start',
              stoppedAt,
              taskDefinitionArn: 'arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:1',
              containers: [
                {
                  name: 'web',
                  lastStatus: 'STOPPED',
                  reason:
                    'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): RequestError: send request failed caused by: Post "https://api.ecr.ap-northeast-1.amazonaws.com/": dial tcp 52.119.0.1:443: i/o timeout',
                },
              ],
            },
          ],
        } as never);
      const outcome = await runLiveVerify(session, serviceRequest);
      const [stop] = outcome.result.stops;
      assert.equal(stop.agrees, true);
      assert.equal(stop.at, '2026-12-01T10:42:00.000Z');
      assert.deepEqual(stop.explainedBy, { title: 'Endpoint', resource: ids.vpcId, status: 'failed', service: 'ecr.api' });
      assert.match(
        stop.headline,
        /^Last stopped task \(2026-12-01 10:42 UTC\): the registry credentials could not be fetched \(ecr\.api\) → ecr\.api \/ Endpoint vpc-[0-9a-f]+ \(failed\)$/,
      );
    });

    it('service events (moto returns none) are mapped too, from the DescribeServices answer (no extra call)', async () => {
      await seed({ image: 'no-repository' });
      const real = new ECSClient({ endpoint: moto().endpoint, region: scenarioRegion, credentials: motoCredentials });
      try {
        stub('ecs')
          .on(DescribeServicesCommand)
          .callsFake(async (input) => {
            const answer = await real.send(new DescribeServicesCommand(input));
            answer.services![0].events = [
              { id: '2', createdAt: new Date('2026-12-01T10:43:00Z'), message: '(service web) has started 1 tasks: (task 0123).' },
              {
                id: '1',
                createdAt: new Date('2026-12-01T10:41:00Z'),
                message:
                  '(service web) failed to launch a task with (error CannotPullContainerError: 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/web:1: not found).',
              },
            ];
            return answer;
          });
        const outcome = await runLiveVerify(session, serviceRequest);
        assert.deepEqual(
          outcome.result.stops.map((stop) => `${stop.source} ${stop.agrees} ${stop.explainedBy?.title}`),
          ['event true Repository web'],
        );
        assert.equal(outcome.apiCalls.byOperation.DescribeServices, 1);
      } finally {
        real.destroy();
      }
    });
  });
});
