/**
 * Faults moto cannot produce, injected with aws-sdk-client-mock on top of a real moto scenario: the mocked
 * command fails, every other command still goes through to moto (`callThrough`).
 */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { DescribeNetworkAclsCommand, DescribeVpcEndpointsCommand } from '@aws-sdk/client-ec2';
import { DescribeServicesCommand, DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { AwsStub, mockClient } from 'aws-sdk-client-mock';
import { LiveCallError } from '../../../src/core/live/types';
import { AwsSetupError } from '../../../src/aws/profiles';
import { AwsSession, createAwsSession, destroyAwsSession, LiveVerifyOutcome, runLiveVerify } from '../../../src/aws/session';
import { isolateAwsEnvironment } from '../../moto/awsEnvironment';
import { destroyMotoClients, motoClients, motoCredentials, scenarioRegion, ScenarioIds, seedScenario } from '../../moto/scenarios';
import { useMotoServer } from '../../moto/useMotoServer';

function summary(outcome: LiveVerifyOutcome): string[] {
  return outcome.result.findings.map((finding) => `${finding.severity} ${finding.ruleId} ${finding.resource}`);
}

/** An error shaped like the ones the SDK throws for a service error response. */
function serviceError(name: string, httpStatusCode: number, message = `${name} (injected)`): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode } });
}

const serviceRequest = { kind: 'service' as const, cluster: 'app', service: 'web' };

describe('live check faults (aws-sdk-client-mock over moto)', function () {
  this.timeout(60000);
  const environment = isolateAwsEnvironment();
  const moto = useMotoServer();
  let ids: ScenarioIds;
  let session: AwsSession;
  const stubs: Array<AwsStub<never, never, never>> = [];

  before(async () => {
    await moto().reset();
    const clients = motoClients(moto().endpoint);
    ids = await seedScenario(clients, {});
    destroyMotoClients(clients);
  });

  beforeEach(async () => {
    session = await createAwsSession({ region: scenarioRegion, endpointUrl: moto().endpoint, credentials: motoCredentials });
  });

  afterEach(() => {
    for (const stub of stubs.splice(0)) stub.restore();
    destroyAwsSession(session);
  });

  /** Mocks one client of the session; commands without a behaviour go to moto. */
  function stub<K extends keyof AwsSession['clients']>(client: K) {
    const mock = mockClient(session.clients[client] as never);
    mock.send.callThrough();
    stubs.push(mock as never);
    return mock;
  }

  it('AccessDenied on DescribeNetworkAcls: only the ACL hops are unknown, the rest is checked', async () => {
    stub('ec2')
      .on(DescribeNetworkAclsCommand)
      .rejects(serviceError('UnauthorizedOperation', 403, 'You are not authorized to perform this operation.'));
    const outcome = await runLiveVerify(session, serviceRequest);
    assert.deepEqual(summary(outcome), [`warning nacl-https ${ids.vpcId}`]);
    assert.match(
      outcome.result.findings[0].message,
      /DescribeNetworkAcls was denied \(UnauthorizedOperation\)\. Allow ec2:DescribeNetworkAcls/,
    );
    for (const path of outcome.result.services) {
      for (const hop of path.hops) assert.equal(hop.status, hop.hop === 'network-acl' ? 'unknown' : 'passed', `${path.service} ${hop.hop}`);
    }
    assert.ok(outcome.result.iam.every((step) => step.status === 'passed'));
  });

  it('throttling on GetRole (after the SDK retries): the IAM checks are unknown, the network passes', async () => {
    stub('iam')
      .on(GetRoleCommand)
      .rejects(serviceError('Throttling', 400, 'Rate exceeded'));
    const outcome = await runLiveVerify(session, serviceRequest);
    assert.deepEqual(summary(outcome), [`warning execution-role ${ids.executionRoleName}`]);
    assert.match(outcome.result.findings[0].message, /throttled/);
    assert.ok(outcome.result.services.every((path) => path.status === 'passed'));
  });

  it('time-out on DescribeVpcEndpoints: every endpoint check is unknown (never passed)', async () => {
    stub('ec2')
      .on(DescribeVpcEndpointsCommand)
      .rejects(Object.assign(new Error('Connection timed out after 15000 ms'), { name: 'TimeoutError' }));
    const outcome = await runLiveVerify(session, serviceRequest);
    assert.deepEqual(summary(outcome), [
      `warning ecr-api-endpoint ${ids.vpcId}`,
      `warning ecr-dkr-endpoint ${ids.vpcId}`,
      `warning logs-endpoint ${ids.vpcId}`,
      `warning s3-gateway-endpoint ${ids.vpcId}`,
    ]);
    assert.ok(outcome.result.services.every((path) => path.status === 'unknown'));
    assert.match(outcome.result.findings[0].message, /DescribeVpcEndpoints timed out/);
  });

  it('expired credentials stop the check with one clear message', async () => {
    stub('ecs')
      .on(DescribeServicesCommand)
      .rejects(serviceError('ExpiredTokenException', 400, 'The security token included in the request is expired'));
    await assert.rejects(runLiveVerify(session, serviceRequest), (error: unknown) => {
      assert.ok(error instanceof LiveCallError);
      assert.equal(error.kind, 'credentials');
      assert.match(error.message, /credentials have expired/);
      return true;
    });
  });

  it('cancellation stops the check between calls', async () => {
    const controller = new AbortController();
    stub('ecs')
      .on(DescribeTaskDefinitionCommand)
      .callsFake(() => {
        controller.abort();
        throw Object.assign(new Error('Request aborted'), { name: 'AbortError' });
      });
    await assert.rejects(
      runLiveVerify(session, serviceRequest, controller.signal),
      (error: unknown) => error instanceof LiveCallError && error.kind === 'cancelled',
    );
  });

  it('an unknown cluster and an unknown service are target errors with the names that exist', async () => {
    await assert.rejects(runLiveVerify(session, { kind: 'service', cluster: 'nope', service: 'web' }), /Cluster nope was not found/);
    await assert.rejects(
      runLiveVerify(session, { kind: 'service', cluster: 'app', service: 'api' }),
      /Service api was not found in cluster app.*Services in app: web/,
    );
  });

  describe('session set-up', () => {
    it('no region anywhere', async () => {
      await assert.rejects(
        createAwsSession({ credentials: motoCredentials }),
        (error: unknown) => error instanceof AwsSetupError && /No AWS region is set/.test(error.message),
      );
    });

    it('the region of the profile is used when none is given', async () => {
      environment().writeConfig('[profile dev]\nregion = eu-west-1\n');
      environment().writeCredentials('[dev]\naws_access_key_id = testing\naws_secret_access_key = testing\n');
      const devSession = await createAwsSession({ profile: 'dev' });
      assert.equal(devSession.region, 'eu-west-1');
      destroyAwsSession(devSession);
    });

    it('an unknown profile names the known ones', async () => {
      environment().writeConfig('[default]\nregion = ap-northeast-1\n[profile dev]\nregion = eu-west-1\n');
      await assert.rejects(
        createAwsSession({ profile: 'prod', region: scenarioRegion }),
        (error: unknown) => error instanceof AwsSetupError && /"prod" was not found.*Known profiles: default, dev/.test(error.message),
      );
    });

    it('no credentials at all', async () => {
      environment().writeConfig('[default]\nregion = ap-northeast-1\n');
      environment().writeCredentials('');
      await assert.rejects(
        createAwsSession({ region: scenarioRegion }),
        (error: unknown) => error instanceof AwsSetupError && /No AWS credentials found/.test(error.message),
      );
    });

    it('an expired SSO token asks for aws sso login (no network call is made)', async () => {
      environment().writeConfig(
        [
          '[profile sso-dev]',
          'sso_session = corp',
          'sso_account_id = 111122223333',
          'sso_role_name = ReadOnly',
          'region = ap-northeast-1',
          '[sso-session corp]',
          'sso_start_url = https://corp.awsapps.invalid/start',
          'sso_region = ap-northeast-1',
          '',
        ].join('\n'),
      );
      const cache = path.join(environment().folder, '.aws', 'sso', 'cache');
      fs.mkdirSync(cache, { recursive: true });
      const token = {
        accessToken: 'expired',
        expiresAt: '2020-01-01T00:00:00Z',
        region: 'ap-northeast-1',
        startUrl: 'https://corp.awsapps.invalid/start',
      };
      fs.writeFileSync(path.join(cache, `${crypto.createHash('sha1').update('corp').digest('hex')}.json`), JSON.stringify(token));
      await assert.rejects(
        createAwsSession({ profile: 'sso-dev', region: scenarioRegion }),
        (error: unknown) =>
          error instanceof AwsSetupError &&
          /SSO session of profile sso-dev has expired.*aws sso login --profile sso-dev/.test(error.message),
      );
    });

    it('bounds a call that never answers by the request time-out', async () => {
      // A loopback server that accepts connections and never replies.
      const sockets: net.Socket[] = [];
      const silent = net.createServer((socket) => sockets.push(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const port = (silent.address() as net.AddressInfo).port;
      const slowSession = await createAwsSession({
        region: scenarioRegion,
        endpointUrl: `http://127.0.0.1:${port}`,
        credentials: motoCredentials,
        requestTimeoutMs: 300,
        maxAttempts: 2,
      });
      try {
        await assert.rejects(
          runLiveVerify(slowSession, serviceRequest),
          (error: unknown) =>
            error instanceof LiveCallError && error.kind === 'timeout' && /DescribeServices timed out/.test(error.message),
        );
      } finally {
        destroyAwsSession(slowSession);
        for (const socket of sockets) socket.destroy();
        await new Promise((resolve) => silent.close(resolve));
      }
    });

    it('rejects an endpoint URL that is not http(s)', async () => {
      await assert.rejects(
        createAwsSession({ region: scenarioRegion, credentials: motoCredentials, endpointUrl: 'localhost:4566' }),
        /must start with http/,
      );
    });
  });
});
