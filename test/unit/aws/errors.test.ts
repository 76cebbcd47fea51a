import * as assert from 'node:assert/strict';
import { classifyAwsError, redactSecrets } from '../../../src/aws/errors';
import { listAwsProfiles, resolveRegion } from '../../../src/aws/profiles';
import { isolateAwsEnvironment } from '../../moto/awsEnvironment';

function sdkError(name: string, httpStatusCode?: number, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`${name} message`), { name, ...(httpStatusCode ? { $metadata: { httpStatusCode } } : {}), ...extra });
}

describe('AWS error mapping and profiles', () => {
  describe('classifyAwsError', () => {
    const cases: Array<[string, unknown, string, RegExp]> = [
      ['EC2 UnauthorizedOperation', sdkError('UnauthorizedOperation', 403), 'access-denied', /Allow ec2:DescribeSubnets/],
      ['IAM AccessDenied', sdkError('AccessDenied', 403), 'access-denied', /denied/],
      ['ECS AccessDeniedException', sdkError('AccessDeniedException', 400), 'access-denied', /denied/],
      ['EC2 RequestLimitExceeded', sdkError('RequestLimitExceeded', 503), 'throttled', /throttled by AWS even after retries/],
      ['ThrottlingException', sdkError('ThrottlingException', 400), 'throttled', /Wait a minute/],
      ['SDK time-out', sdkError('TimeoutError'), 'timeout', /timed out/],
      ['socket time-out code', Object.assign(new Error('socket hang up'), { code: 'ETIMEDOUT' }), 'timeout', /timed out/],
      [
        'connection refused',
        Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
        'network',
        /Cannot reach .*ECONNREFUSED/,
      ],
      // The SDK renames a reset socket TimeoutError: the read was lost, not the endpoint.
      [
        'connection reset (as the SDK names it)',
        Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET' }),
        'connection-reset',
        /lost its connection \(ECONNRESET\) on every attempt/,
      ],
      ['broken pipe', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }), 'connection-reset', /lost its connection \(EPIPE\)/],
      ['unknown VPC', sdkError('InvalidVpcID.NotFound', 400), 'not-found', /InvalidVpcID\.NotFound message/],
      ['unknown role', sdkError('NoSuchEntityException', 404), 'not-found', /NoSuchEntity/],
      ['unknown cluster', sdkError('ClusterNotFoundException', 400), 'not-found', /ClusterNotFound/],
      ['expired token', sdkError('ExpiredToken', 400), 'credentials', /credentials have expired/],
      ['bad key', sdkError('AuthFailure', 401), 'credentials', /rejected the credentials/],
      ['no credentials', sdkError('CredentialsProviderError'), 'credentials', /No AWS credentials found/],
      ['cancelled', sdkError('AbortError'), 'cancelled', /cancelled/],
      ['server error', sdkError('InternalError', 500), 'other', /failed on the AWS side/],
    ];
    for (const [name, error, kind, message] of cases) {
      it(name, () => {
        const mapped = classifyAwsError(error, 'ec2', 'DescribeSubnets', { endpointUrl: 'http://127.0.0.1:1', region: 'ap-northeast-1' });
        assert.equal(mapped.kind, kind);
        assert.match(mapped.message, message);
        assert.equal(mapped.operation, 'DescribeSubnets');
      });
    }

    it('marks credentials, network and cancellation as fatal, the rest not', () => {
      assert.ok(classifyAwsError(sdkError('ExpiredToken', 400), 'ecs', 'DescribeServices').fatal);
      assert.ok(!classifyAwsError(sdkError('AccessDenied', 403), 'iam', 'GetRole').fatal);
      assert.ok(!classifyAwsError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'ecr', 'DescribeImages').fatal);
    });

    it('never lets keys, tokens or signatures into messages', () => {
      const text = 'bad request AKIAABCDEFGHIJKLMNOP with X-Amz-Signature=abcdef0123 and SessionToken=IQoJb3JpZ2luX2Vj';
      const redacted = redactSecrets(text);
      assert.doesNotMatch(redacted, /AKIAABCDEFGHIJKLMNOP|abcdef0123|IQoJb3JpZ2luX2Vj/);
      const mapped = classifyAwsError(sdkError('ValidationError', 400, { message: text }), 'ec2', 'DescribeVpcs');
      assert.doesNotMatch(mapped.message, /AKIAABCDEFGHIJKLMNOP/);
    });
  });

  describe('profiles and regions', () => {
    const environment = isolateAwsEnvironment();

    it('lists profiles of both files, SSO ones included, default first, sessions excluded', async () => {
      environment().writeConfig(
        [
          '[profile zeta]',
          'role_arn = arn:aws:iam::111122223333:role/Admin',
          'source_profile = default',
          '[default]',
          'region = ap-northeast-1',
          '[profile sso-dev]',
          'sso_session = corp',
          'sso_account_id = 111122223333',
          'sso_role_name = ReadOnly',
          '[sso-session corp]',
          'sso_start_url = https://corp.awsapps.invalid/start',
          'sso_region = ap-northeast-1',
          '',
        ].join('\n'),
      );
      environment().writeCredentials(
        '[default]\naws_access_key_id = testing\naws_secret_access_key = testing\n[ci]\naws_access_key_id = testing\naws_secret_access_key = testing\n',
      );
      const profiles = await listAwsProfiles();
      assert.deepEqual(
        profiles.map((profile) => `${profile.name}:${profile.kind}:${profile.region ?? '-'}`),
        ['default:static:ap-northeast-1', 'ci:static:-', 'sso-dev:sso:-', 'zeta:assume-role:-'],
      );
      assert.equal(profiles.find((profile) => profile.name === 'sso-dev')?.ssoHint, 'SSO session corp');
    });

    it('resolves the region from the argument, then the environment, then the profile', async () => {
      environment().writeConfig('[default]\nregion = eu-central-1\n[profile dev]\nregion = us-west-2\n');
      assert.equal(await resolveRegion('ap-southeast-2', 'dev'), 'ap-southeast-2');
      assert.equal(await resolveRegion(null, 'dev'), 'us-west-2');
      assert.equal(await resolveRegion(null, null), 'eu-central-1');
      process.env.AWS_REGION = 'sa-east-1';
      try {
        assert.equal(await resolveRegion(null, 'dev'), 'sa-east-1');
      } finally {
        delete process.env.AWS_REGION;
      }
      await assert.rejects(resolveRegion('tokyo', null), /not an AWS region name/);
    });
  });
});
