// Issue 13 in the core (fake reader): stopped tasks mapped to hops, the ECR side, secrets and KMS, and no pass for
// what was not seen (broken NAT, unknown egress, undecided steps).
import * as assert from 'node:assert/strict';
import { runLiveCheck } from '../../../src/core/live/check';
import type { LiveCheckResult } from '../../../src/core/live/result';
import { explainStopReason } from '../../../src/core/live/stops';
import type { LiveCheckRequest } from '../../../src/core/live/target';
import type { EcsTaskInfo } from '../../../src/core/live/types';
import { baselineWorld, FakeReader, FakeWorld, ids } from './fakeReader';

const serviceRequest: LiveCheckRequest = { kind: 'service', cluster: 'app', service: 'web' };
const repositoryArn = `arn:aws:ecr:${ids.region}:${ids.account}:repository/web`;
const roleArn = `arn:aws:iam::${ids.account}:role/${ids.role}`;

function world(edit: (world: FakeWorld) => void = () => {}): FakeWorld {
  const value = baselineWorld();
  edit(value);
  return value;
}

async function check(
  value: FakeWorld,
  request: LiveCheckRequest = serviceRequest,
  reader = new FakeReader(value),
): Promise<LiveCheckResult> {
  return runLiveCheck(reader, request, { region: ids.region });
}

function summary(result: LiveCheckResult): string[] {
  return result.findings.map((finding) => `${finding.severity} ${finding.ruleId} ${finding.resource}`);
}

function stoppedTask(
  reason: string,
  containerReason: string | null = null,
  extra: Partial<EcsTaskInfo> = {},
): EcsTaskInfo & { cluster: string } {
  return {
    cluster: 'app',
    taskArn: `arn:aws:ecs:${ids.region}:${ids.account}:task/app/0123456789abcdef0123456789abcdef`,
    clusterArn: `arn:aws:ecs:${ids.region}:${ids.account}:cluster/app`,
    taskDefinitionArn: `arn:aws:ecs:${ids.region}:${ids.account}:task-definition/web:3`,
    lastStatus: 'STOPPED',
    desiredStatus: 'STOPPED',
    group: 'service:web',
    launchType: 'FARGATE',
    platformVersion: '1.4.0',
    stoppedReason: reason,
    stopCode: 'TaskFailedToStart',
    stoppedAt: '2026-12-01T10:42:00.000Z',
    createdAt: '2026-12-01T10:40:00.000Z',
    containers: [
      {
        name: 'web',
        lastStatus: 'STOPPED',
        reason: containerReason,
        exitCode: null,
        image: `${ids.account}.dkr.ecr.${ids.region}.amazonaws.com/web:1`,
      },
    ],
    subnetId: ids.subnetA,
    networkInterfaceId: 'eni-0a000000000000001',
    ...extra,
  };
}

const customerKeyArn = `arn:aws:kms:${ids.region}:${ids.account}:key/11111111-2222-3333-4444-555555555555`;
const rootDelegatingKeyPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'Root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ids.account}:root` }, Action: 'kms:*', Resource: '*' }],
});

describe('live check: why did my task fail (core)', () => {
  describe('no pass for what was not seen', () => {
    it('a NAT gateway whose subnet has no internet gateway route gives no internet: error, and the endpoints are needed', async () => {
      const result = await check(
        world((w) => {
          w.endpoints = w.endpoints.filter((endpoint) => endpoint.vpcEndpointId !== ids.ecrDkr);
          w.subnets.push({
            subnetId: ids.publicSubnet,
            vpcId: ids.vpc,
            cidrBlock: '10.0.100.0/24',
            availabilityZone: 'ap-northeast-1a',
            mapPublicIpOnLaunch: false,
          });
          w.routeTables[0].routes.push({
            destinationCidr: '0.0.0.0/0',
            destinationPrefixListId: null,
            targetKind: 'nat-gateway',
            targetId: 'nat-0a000000000000001',
            state: 'active',
          });
          // The NAT gateway's subnet uses the main table, which has only the local route.
          w.natGateways = [
            { natGatewayId: 'nat-0a000000000000001', state: 'available', connectivityType: 'public', subnetId: ids.publicSubnet },
          ];
        }),
      );
      assert.equal(result.scope.inScope, true);
      assert.deepEqual(
        result.scope.egressConcerns.map((concern) => `${concern.kind} ${concern.subnetId} ${concern.resource}`),
        [`broken-nat ${ids.subnetA} ${ids.mainRouteTable}`, `broken-nat ${ids.subnetC} ${ids.mainRouteTable}`],
      );
      assert.deepEqual(summary(result), [`error ecr-dkr-endpoint ${ids.mainRouteTable}`, `error ecr-dkr-endpoint ${ids.vpc}`]);
      assert.match(result.findings[0].message, /has no route to an internet gateway, so the NAT gateway gives no internet/);
      assert.match(
        result.findings[0].message,
        /aws ec2 create-route --route-table-id rtb-0a000000000000002 --destination-cidr-block 0\.0\.0\.0\/0/,
      );
    });

    it('a NAT gateway whose subnet routes to an internet gateway still takes the tasks out of scope', async () => {
      const result = await check(
        world((w) => {
          w.subnets.push({
            subnetId: ids.publicSubnet,
            vpcId: ids.vpc,
            cidrBlock: '10.0.100.0/24',
            availabilityZone: 'ap-northeast-1a',
            mapPublicIpOnLaunch: true,
          });
          w.routeTables[1].routes.push({
            destinationCidr: '0.0.0.0/0',
            destinationPrefixListId: null,
            targetKind: 'internet-gateway',
            targetId: 'igw-0a000000000000001',
            state: 'active',
          });
          w.routeTables[0].routes.push({
            destinationCidr: '0.0.0.0/0',
            destinationPrefixListId: null,
            targetKind: 'nat-gateway',
            targetId: 'nat-0a000000000000001',
            state: 'active',
          });
          w.natGateways = [
            { natGatewayId: 'nat-0a000000000000001', state: 'available', connectivityType: 'public', subnetId: ids.publicSubnet },
          ];
        }),
      );
      assert.equal(result.scope.inScope, false);
      assert.deepEqual(result.scope.egressConcerns, []);
    });

    it('a default route to a transit gateway is unknown egress: a warning, missing endpoints undecided, never passed', async () => {
      const result = await check(
        world((w) => {
          w.endpoints = w.endpoints.filter((endpoint) => endpoint.vpcEndpointId !== ids.logs);
          w.routeTables[0].routes.push({
            destinationCidr: '0.0.0.0/0',
            destinationPrefixListId: null,
            targetKind: 'transit-gateway',
            targetId: 'tgw-0a000000000000001',
            state: 'active',
          });
        }),
      );
      assert.equal(result.scope.inScope, true);
      assert.equal(result.scope.status, 'unknown');
      assert.deepEqual(summary(result), ['warning ecr-dkr-endpoint tgw-0a000000000000001']);
      const logs = result.services.find((path) => path.service === 'logs')!;
      assert.equal(logs.status, 'unknown');
      assert.match(logs.hops[0].reason, /tgw-0a000000000000001 \(transit gateway\), which may or may not reach logs/);
      assert.deepEqual(
        result.undecided.map((item) => `${item.group}: ${item.title}`),
        ['Scope: Internet access of the task subnets', 'logs: Endpoint'],
      );
    });

    it('VGW and peering default routes are unknown egress too', async () => {
      for (const [targetKind, targetId] of [
        ['virtual-private-gateway', 'vgw-0a000000000000001'],
        ['vpc-peering', 'pcx-0a000000000000001'],
      ] as const) {
        const result = await check(
          world((w) =>
            w.routeTables[0].routes.push({
              destinationCidr: '0.0.0.0/0',
              destinationPrefixListId: null,
              targetKind,
              targetId,
              state: 'active',
            }),
          ),
        );
        assert.deepEqual(summary(result), [`warning ecr-dkr-endpoint ${targetId}`], targetKind);
        assert.equal(result.scope.inScope, true);
      }
    });

    it('a complete configuration has nothing undecided; a denied read is undecided', async () => {
      assert.deepEqual((await check(world())).undecided, []);
      const reader = new FakeReader(world()).fail('listNetworkAcls', 'access-denied', 'DescribeNetworkAcls');
      const result = await check(reader.world, serviceRequest, reader);
      assert.deepEqual(
        [...new Set(result.undecided.map((item) => `${item.group}: ${item.title}`))],
        ['ecr.api: Network ACL', 'ecr.dkr: Network ACL', 's3: Network ACL', 'logs: Network ACL'],
      );
    });
  });

  describe('the ECR side', () => {
    it('passes an existing repository and tag without a policy, with one call each', async () => {
      const reader = new FakeReader(world());
      const result = await check(reader.world, serviceRequest, reader);
      assert.deepEqual(
        result.images.map((step) => `${step.title}:${step.status}`),
        ['Image of web:passed', 'Repository web:passed', 'Image web:1:passed', 'Repository policy of web:passed'],
      );
      assert.deepEqual(
        reader.calls.filter((call) => /Repository|Image|PullThrough|Key/.test(call)),
        [
          `describeRepository("${ids.account}","web")`,
          `describeImage("${ids.account}","web","1")`,
          `getRepositoryPolicy("${ids.account}","web")`,
        ],
      );
    });

    it('a missing repository or tag is an error that names the CannotPullContainerError it causes', async () => {
      let result = await check(world((w) => (w.repositories = [])));
      assert.deepEqual(summary(result), [`error image-registry ${ids.account}/web`]);
      assert.match(result.findings[0].message, /Repository web does not exist in account 123456789012, ap-northeast-1/);
      result = await check(
        world((w) => (w.taskDefinitions[0].containers[0].image = `${ids.account}.dkr.ecr.${ids.region}.amazonaws.com/web:2`)),
      );
      assert.deepEqual(summary(result), [`error image-registry ${repositoryArn}`]);
      assert.match(result.findings[0].message, /Repository web has no image 2 .*Push web:2/);
    });

    it('looks an image up by digest', async () => {
      const digest = 'sha256:' + 'a'.repeat(64);
      const reader = new FakeReader(
        world((w) => (w.taskDefinitions[0].containers[0].image = `${ids.account}.dkr.ecr.${ids.region}.amazonaws.com/web@${digest}`)),
      );
      const result = await check(reader.world, serviceRequest, reader);
      assert.deepEqual(summary(result), []);
      assert.ok(reader.calls.includes(`describeImage("${ids.account}","web","${digest}")`));
    });

    it('a pull-through cache repository not cached yet needs NAT for the first pull', async () => {
      const result = await check(
        world((w) => {
          w.taskDefinitions[0].containers[0].image = `${ids.account}.dkr.ecr.${ids.region}.amazonaws.com/docker-hub/library/nginx:1.27`;
          w.pullThroughCacheRules[ids.account] = [{ prefix: 'docker-hub', upstreamUrl: 'registry-1.docker.io' }];
        }),
      );
      assert.deepEqual(summary(result), [`error image-registry ${ids.account}/docker-hub/library/nginx`]);
      assert.match(result.findings[0].message, /pull-through cache rule "docker-hub" \(registry-1\.docker\.io\).*cannot trigger/);
    });

    it('an ECR image in another region is an error, not a warning', async () => {
      const result = await check(
        world((w) => (w.taskDefinitions[0].containers[0].image = `${ids.account}.dkr.ecr.us-east-1.amazonaws.com/web:1`)),
      );
      assert.deepEqual(summary(result), ['error image-registry web:3']);
      assert.match(result.findings[0].message, /from ECR in us-east-1, not ap-northeast-1/);
    });

    it('a repository policy that denies the execution role fails; another account needs an allowing policy', async () => {
      let result = await check(
        world(
          (w) =>
            (w.repositories[0].policy = JSON.stringify({
              Statement: [{ Sid: 'NoPull', Effect: 'Deny', Principal: { AWS: roleArn }, Action: 'ecr:BatchGetImage', Resource: '*' }],
            })),
        ),
      );
      assert.deepEqual(summary(result), [`error image-registry ${repositoryArn}`]);
      assert.match(
        result.findings[0].message,
        /denies ecsTaskExecutionRole ecr:BatchGetImage \(repository policy of web statement "NoPull"\)/,
      );

      const other = '210987654321';
      const crossAccount = (policy: string | null) =>
        world((w) => {
          w.taskDefinitions[0].containers[0].image = `${other}.dkr.ecr.${ids.region}.amazonaws.com/shared:1`;
          w.repositories = [
            {
              repositoryArn: `arn:aws:ecr:${ids.region}:${other}:repository/shared`,
              repositoryName: 'shared',
              registryId: other,
              encryptionType: 'AES256',
              kmsKey: null,
              images: [{ digest: 'sha256:' + 'b'.repeat(64), tags: ['1'] }],
              policy,
            },
          ];
        });
      result = await check(crossAccount(null));
      assert.deepEqual(summary(result), [`error image-registry arn:aws:ecr:${ids.region}:${other}:repository/shared`]);
      assert.match(result.findings[0].message, /has no repository policy, so account 123456789012 cannot pull/);
      result = await check(
        crossAccount(
          JSON.stringify({
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: `arn:aws:iam::${ids.account}:root` },
                Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
              },
            ],
          }),
        ),
      );
      assert.deepEqual(summary(result), []);
    });

    it('a customer KMS key on the repository: the key policy and the role decide kms:Decrypt', async () => {
      const kmsWorld = (edit: (w: FakeWorld) => void) =>
        world((w) => {
          w.repositories[0].encryptionType = 'KMS';
          w.repositories[0].kmsKey = customerKeyArn;
          w.kmsKeys = [{ keyId: customerKeyArn, keyArn: customerKeyArn, keyManager: 'CUSTOMER', policy: rootDelegatingKeyPolicy }];
          edit(w);
        });
      // The key policy hands the decision to IAM, and the managed policy has no kms:Decrypt.
      let result = await check(kmsWorld(() => {}));
      assert.deepEqual(summary(result), [`error execution-role ${customerKeyArn}`]);
      assert.match(
        result.findings[0].message,
        /ecsTaskExecutionRole is not allowed kms:Decrypt on .*Allow kms:Decrypt on .* in a policy of ecsTaskExecutionRole/,
      );
      // Granted in an inline policy: passes.
      result = await check(
        kmsWorld((w) => (w.roles[0].inline.kms = { Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: customerKeyArn }] })),
      );
      assert.deepEqual(summary(result), []);
      // A key policy that names neither the role nor the account.
      result = await check(
        kmsWorld(
          (w) =>
            (w.kmsKeys[0].policy = JSON.stringify({
              Statement: [
                { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ids.account}:role/admin` }, Action: 'kms:*', Resource: '*' },
              ],
            })),
        ),
      );
      assert.match(result.findings[0].message, /neither allows ecsTaskExecutionRole kms:Decrypt nor hands the decision to IAM/);
      // GetKeyPolicy denied (an optional permission): unknown, a warning, and undecided.
      const reader = new FakeReader(kmsWorld(() => {})).fail('getKeyPolicy', 'access-denied', 'GetKeyPolicy');
      result = await check(reader.world, serviceRequest, reader);
      assert.deepEqual(summary(result), [`warning execution-role ${customerKeyArn}`]);
      assert.deepEqual(
        result.undecided.map((item) => `${item.group}: ${item.title}`),
        ['Images: KMS key of repository web'],
      );
      // An AWS managed key needs no key policy read.
      const managed = new FakeReader(kmsWorld((w) => (w.kmsKeys[0].keyManager = 'AWS')));
      result = await check(managed.world, serviceRequest, managed);
      assert.deepEqual(summary(result), []);
      assert.ok(!managed.calls.some((call) => call.startsWith('getKeyPolicy')));
    });
  });

  describe('secrets', () => {
    const withSecrets = (edit: (w: FakeWorld) => void = () => {}) =>
      world((w) => {
        w.taskDefinitions[0].containers[0].secrets = [
          { name: 'DB', valueFrom: `arn:aws:secretsmanager:${ids.region}:${ids.account}:secret:db-AbCdEf` },
          { name: 'FLAG', valueFrom: '/app/flag' },
        ];
        w.endpoints.push(
          { ...w.endpoints[0], vpcEndpointId: 'vpce-0a000000000000005', serviceName: `com.amazonaws.${ids.region}.secretsmanager` },
          { ...w.endpoints[0], vpcEndpointId: 'vpce-0a000000000000006', serviceName: `com.amazonaws.${ids.region}.ssm` },
        );
        w.roles[0].inline.secrets = {
          Statement: [{ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'ssm:GetParameters'], Resource: '*' }],
        };
        w.secrets = [{ arn: `arn:aws:secretsmanager:${ids.region}:${ids.account}:secret:db-AbCdEf`, name: 'db', kmsKeyId: null }];
        w.parameters = [{ name: '/app/flag', type: 'SecureString', keyId: 'alias/aws/ssm' }];
        edit(w);
      });

    it('passes secrets and parameters that exist, with one DescribeParameters for all parameters', async () => {
      const reader = new FakeReader(withSecrets());
      const result = await check(reader.world, serviceRequest, reader);
      assert.deepEqual(summary(result), []);
      assert.deepEqual(
        result.secrets.map((step) => `${step.title}:${step.status}`),
        ['Secret db-AbCdEf:passed', 'Parameter /app/flag:passed'],
      );
      assert.deepEqual(
        reader.calls.filter((call) => call.startsWith('describeParameters')),
        ['describeParameters(["/app/flag"])'],
      );
    });

    it('a missing secret or parameter is an error naming the stop it causes', async () => {
      const result = await check(withSecrets((w) => ((w.secrets = []), (w.parameters = []))));
      assert.deepEqual(summary(result), [
        `error secrets-endpoints arn:aws:secretsmanager:${ids.region}:${ids.account}:secret:db-AbCdEf`,
        `error secrets-endpoints arn:aws:ssm:${ids.region}:${ids.account}:parameter/app/flag`,
      ]);
      assert.match(result.findings[0].message, /unable to retrieve secret from asm/);
      assert.match(result.findings[1].message, /Parameter \/app\/flag .* does not exist/);
    });

    it('a secret under a customer KMS key the role may not use fails, naming the key', async () => {
      const result = await check(
        withSecrets((w) => {
          w.secrets[0].kmsKeyId = customerKeyArn;
          w.kmsKeys = [{ keyId: customerKeyArn, keyArn: customerKeyArn, keyManager: 'CUSTOMER', policy: rootDelegatingKeyPolicy }];
        }),
      );
      assert.deepEqual(summary(result), [`error execution-role ${customerKeyArn}`]);
      assert.match(result.findings[0].message, /so secret db cannot be decrypted/);
    });

    it('DescribeSecret denied is unknown for that secret only', async () => {
      const reader = new FakeReader(withSecrets()).fail('describeSecret', 'access-denied', 'DescribeSecret');
      const result = await check(reader.world, serviceRequest, reader);
      assert.deepEqual(summary(result), [`warning secrets-endpoints arn:aws:secretsmanager:${ids.region}:${ids.account}:secret:db-AbCdEf`]);
      assert.deepEqual(
        result.secrets.map((step) => step.status),
        ['unknown', 'passed'],
      );
    });
  });

  describe('exact fix texts', () => {
    it('a missing logs:CreateLogGroup names that action', async () => {
      const result = await check(world((w) => (w.taskDefinitions[0].containers[0].logOptions['awslogs-create-group'] = 'true')));
      assert.deepEqual(summary(result), [`error execution-role ${ids.role}`]);
      assert.match(
        result.findings[0].message,
        /Allow logs:CreateLogGroup on arn:aws:logs:ap-northeast-1:123456789012:log-group:\/ecs\/web:\* in a policy of ecsTaskExecutionRole\./,
      );
      assert.doesNotMatch(result.findings[0].message, /CreateLogStream and logs:PutLogEvents/);
    });

    it('a permissions-boundary denial names the boundary', async () => {
      const boundaryArn = `arn:aws:iam::${ids.account}:policy/only-logs`;
      const result = await check(
        world((w) => {
          w.roles[0].permissionsBoundaryArn = boundaryArn;
          w.managedPolicies[boundaryArn] = { Statement: [{ Effect: 'Allow', Action: 'logs:*', Resource: '*' }] };
        }),
      );
      assert.deepEqual(summary(result), [`error execution-role ${ids.role}`]);
      assert.match(
        result.findings[0].message,
        /Allow ecr:GetAuthorizationToken, ecr:BatchCheckLayerAvailability, ecr:GetDownloadUrlForLayer, ecr:BatchGetImage in the permissions boundary arn:aws:iam::123456789012:policy\/only-logs of ecsTaskExecutionRole/,
      );
    });
  });

  describe('stopped tasks and service events', () => {
    it('maps CannotPullContainerError … i/o timeout to the failing hop of ecr.dkr and shows it first', async () => {
      const result = await check(
        world((w) => {
          w.securityGroups.find((group) => group.groupId === ids.endpointSg)!.ingress = [];
          w.tasks = [
            stoppedTask(
              'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/web:1: dial tcp 10.0.1.20:443: i/o timeout',
            ),
          ];
        }),
      );
      assert.equal(result.stops.length, 1);
      assert.equal(result.stops[0].agrees, true);
      assert.deepEqual(result.stops[0].explainedBy, {
        title: 'Endpoint security group ingress',
        resource: ids.endpointSg,
        status: 'failed',
        service: 'ecr.dkr',
      });
      assert.match(
        result.stops[0].message,
        /^Your last task stopped at 2026-12-01 10:42 UTC with "CannotPullContainerError: .*" → the connection to ecr\.dkr timed out: this is ecr\.dkr \/ Endpoint security group ingress \(sg-0a000000000000002\)/,
      );
    });

    it('says so when the stop reason and a passing path disagree', async () => {
      const result = await check(
        world(
          (w) =>
            (w.tasks = [
              stoppedTask(
                'Task failed to start',
                'CannotPullContainerError: failed to copy: httpReaderSeeker: failed open: failed to do request: Get "https://prod-ap-northeast-1-starport-layer-bucket.s3.ap-northeast-1.amazonaws.com/…": dial tcp 52.219.0.1:443: i/o timeout',
              ),
            ]),
        ),
      );
      assert.equal(result.stops[0].agrees, false);
      assert.match(
        result.stops[0].message,
        /image layers could not be downloaded from S3, but every step of the path to s3 passed: the stop reason and the configured path disagree/,
      );
    });

    it('maps secret, registry-auth and logger reasons', () => {
      const cases: Array<[string, string]> = [
        [
          'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): RequestError: send request failed caused by: Post "https://api.ecr.ap-northeast-1.amazonaws.com/": dial tcp 10.0.1.5:443: i/o timeout',
          'path ecr.api',
        ],
        [
          'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret arn:aws:secretsmanager:…:secret:db from secrets manager: AccessDeniedException: User is not authorized',
          'iam secret',
        ],
        [
          "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: ResourceNotFoundException: Secrets Manager can't find the specified secret.",
          'secrets secretsmanager',
        ],
        [
          'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 5 time(s): RequestCanceled: request context canceled caused by: context deadline exceeded',
          'path ssm',
        ],
        [
          'ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log group: AccessDeniedException: … logs:CreateLogGroup',
          'iam log',
        ],
        [
          'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref …/web:2: not found',
          'images null',
        ],
        ['CannotPullContainerError: … 403 Forbidden … AccessDenied', 'iam ECR'],
        ['Essential container in task exited', 'none'],
      ];
      for (const [text, expected] of cases) {
        const cause = explainStopReason(text);
        assert.equal(cause ? `${cause.area} ${cause.service}` : 'none', expected, text);
      }
    });

    it('maps a service event too, and a denied ListTasks degrades to undecided', async () => {
      let result = await check(
        world((w) => {
          w.repositories = [];
          w.services[0].events = [
            {
              createdAt: '2026-12-01T10:43:00.000Z',
              message: '(service web) failed to launch a task with (error CannotPullContainerError: …/web:1: not found).',
            },
          ];
        }),
      );
      assert.deepEqual(
        result.stops.map((stop) => `${stop.source} ${stop.agrees} ${stop.explainedBy?.title}`),
        ['event true Repository web'],
      );
      const reader = new FakeReader(world()).fail('listStoppedTasks', 'access-denied', 'ListTasks');
      result = await check(reader.world, serviceRequest, reader);
      assert.deepEqual(summary(result), ['warning ecr-dkr-endpoint web']);
      assert.deepEqual(
        result.undecided.map((item) => item.group),
        ['Stopped tasks'],
      );
    });

    it('a --task target checks the network configuration of that one task', async () => {
      const task = stoppedTask('CannotPullContainerError: … dial tcp 10.0.1.20:443: i/o timeout', null, { group: 'family:web' });
      const reader = new FakeReader(world((w) => ((w.tasks = [task]), (w.networkInterfaces['eni-0a000000000000001'] = [ids.taskSg]))));
      let result = await check(reader.world, { kind: 'task', cluster: 'app', task: '0123456789abcdef0123456789abcdef' }, reader);
      assert.equal(result.target.kind, 'task');
      assert.deepEqual(result.target.subnetIds, [ids.subnetA]);
      assert.deepEqual(result.target.securityGroupIds, [ids.taskSg]);
      assert.equal(result.stops[0].source, 'this-task');
      assert.equal(result.stops[0].agrees, false);
      // The ENI is gone and no service names the groups: the task security group hop is unknown, never passed.
      result = await check(
        world((w) => (w.tasks = [task])),
        { kind: 'task', cluster: 'app', task: task.taskArn },
      );
      assert.equal(result.target.securityGroupsUnknown, true);
      assert.ok(result.undecided.some((item) => item.title === 'Task security group egress'));
      // The ENI is gone but the task belongs to a service: its groups come from the service.
      result = await check(
        world((w) => (w.tasks = [{ ...task, group: 'service:web' }])),
        { kind: 'task', cluster: 'app', task: task.taskArn },
      );
      assert.deepEqual(result.target.securityGroupIds, [ids.taskSg]);
      await assert.rejects(check(world(), { kind: 'task', cluster: 'app', task: 'nope' }), /Task nope was not found in cluster app/);
    });
  });
});
