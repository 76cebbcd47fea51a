import * as assert from 'node:assert/strict';
import { runLiveCheck } from '../../../src/core/live/check';
import type { LiveCheckResult } from '../../../src/core/live/result';
import { LiveCheckRequest, LiveTargetError } from '../../../src/core/live/target';
import { LiveCallError } from '../../../src/core/live/types';
import { baselineWorld, FakeReader, FakeWorld, ids } from './fakeReader';

const serviceRequest: LiveCheckRequest = { kind: 'service', cluster: 'app', service: 'web' };

async function check(
  world: FakeWorld,
  request: LiveCheckRequest = serviceRequest,
  reader = new FakeReader(world),
): Promise<LiveCheckResult> {
  return runLiveCheck(reader, request, { region: ids.region });
}

/** `severity rule-id resource` of each finding: what the tests pin down exactly. */
function summary(result: LiveCheckResult): string[] {
  return result.findings.map((finding) => `${finding.severity} ${finding.ruleId} ${finding.resource}`);
}

function hopsOf(result: LiveCheckResult, service: string): string[] {
  const path = result.services.find((item) => item.service === service);
  assert.ok(path, `no path for ${service}`);
  return path.hops.map((hop) => `${hop.hop}:${hop.status}`);
}

function world(edit: (world: FakeWorld) => void = () => {}): FakeWorld {
  const value = baselineWorld();
  edit(value);
  return value;
}

describe('live check (core, fake reader)', () => {
  describe('complete configuration', () => {
    it('finds nothing and passes every hop of every needed service', async () => {
      const result = await check(world());
      assert.deepEqual(summary(result), []);
      assert.deepEqual(
        result.services.map((path) => `${path.service}:${path.status}`),
        ['ecr.api:passed', 'ecr.dkr:passed', 's3:passed', 'logs:passed'],
      );
      assert.deepEqual(hopsOf(result, 'ecr.dkr'), [
        'task-sg-egress:passed',
        'network-acl:passed',
        'route-table:passed',
        'endpoint:passed',
        'endpoint-private-dns:passed',
        'endpoint-subnets:passed',
        'endpoint-sg-ingress:passed',
        'endpoint-policy:passed',
      ]);
      assert.deepEqual(hopsOf(result, 's3'), [
        'task-sg-egress:passed',
        'network-acl:passed',
        'route-table:passed',
        'endpoint:passed',
        'endpoint-policy:passed',
      ]);
      assert.ok(result.scope.inScope);
      assert.deepEqual(
        result.dns.map((step) => `${step.ruleId}:${step.status}`),
        ['vpc-dns-attributes:passed', 'vpc-dhcp-dns:passed'],
      );
      assert.ok(result.iam.every((step) => step.status === 'passed'));
      assert.equal(result.target.vpcId, ids.vpc);
    });

    it('reads each thing once, and reads neither NAT gateways nor prefix-list entries when nothing needs them', async () => {
      const reader = new FakeReader(world());
      await check(reader.world, serviceRequest, reader);
      assert.equal(new Set(reader.calls).size, reader.calls.length, `repeated calls: ${reader.calls.join(' ')}`);
      assert.ok(
        !reader.calls.some(
          (call) =>
            call.startsWith('listNatGateways') || call.startsWith('getPrefixListCidrs') || call.startsWith('findVpcEndpointsByServiceName'),
        ),
      );
    });

    it('takes the S3 prefix list from the route to the S3 gateway endpoint, and reads the prefix lists only without one', async () => {
      // The route names the prefix list: DescribeManagedPrefixLists would only repeat it (a denied one changes nothing).
      let reader = new FakeReader(world()).fail('listManagedPrefixLists', 'access-denied', 'DescribeManagedPrefixLists');
      let result = await check(reader.world, serviceRequest, reader);
      assert.deepEqual(summary(result), []);
      assert.ok(!reader.calls.some((call) => call.startsWith('listManagedPrefixLists')), reader.calls.join(' '));
      const s3Route = result.services.find((path) => path.service === 's3')!.hops.find((item) => item.hop === 'route-table')!;
      assert.match(s3Route.reason, new RegExp(`sends ${ids.s3PrefixList} \\(S3\\)`));
      // No route to the gateway endpoint: the prefix list is read (for the security group egress to S3).
      reader = new FakeReader(
        world((w) => {
          for (const table of w.routeTables) table.routes = table.routes.filter((route) => route.targetId !== ids.s3);
        }),
      );
      result = await check(reader.world, serviceRequest, reader);
      assert.ok(
        reader.calls.some((call) => call.startsWith('listManagedPrefixLists')),
        reader.calls.join(' '),
      );
      assert.deepEqual(summary(result).filter((line) => line.includes('s3-gateway-endpoint')).length, 1, JSON.stringify(summary(result)));
    });

    it('knows AWS managed policies by their documented content (not read), and reads customer managed ones', async () => {
      // AmazonECSTaskExecutionRolePolicy is the same in every account: no GetPolicy/GetPolicyVersion, even when denied.
      let reader = new FakeReader(world()).fail('getManagedPolicyDocument', 'access-denied', 'GetPolicyVersion');
      let result = await check(reader.world, serviceRequest, reader);
      assert.deepEqual(summary(result), []);
      assert.ok(
        result.iam.every((step) => step.status === 'passed'),
        JSON.stringify(result.iam),
      );
      assert.ok(!reader.calls.some((call) => call.startsWith('getManagedPolicyDocument')), reader.calls.join(' '));
      // A customer managed policy is read; when the read is denied, the role's steps are unknown, never passed.
      const customerArn = `arn:aws:iam::${ids.account}:policy/pull`;
      const customer = (w: FakeWorld) => {
        w.roles[0].attached = [customerArn];
        w.managedPolicies[customerArn] = w.managedPolicies[ids.executionPolicyArn];
      };
      reader = new FakeReader(world(customer));
      result = await check(reader.world, serviceRequest, reader);
      assert.deepEqual(summary(result), []);
      assert.ok(
        reader.calls.some((call) => call.startsWith('getManagedPolicyDocument')),
        reader.calls.join(' '),
      );
      reader = new FakeReader(world(customer)).fail('getManagedPolicyDocument', 'access-denied', 'GetPolicyVersion');
      result = await check(reader.world, serviceRequest, reader);
      assert.deepEqual(
        result.iam.map((step) => `${step.title}:${step.status}`),
        ['Execution role trust:passed', 'Execution role permissions:unknown'],
      );
      assert.deepEqual(summary(result), [`warning execution-role ${result.iam[1].resource}`]);
    });
  });

  describe('a failed read makes only the checks that need it unknown', () => {
    it('network ACLs denied: the ACL hops are unknown (one warning), everything else is still checked', async () => {
      const reader = new FakeReader(world()).fail('listNetworkAcls', 'access-denied', 'DescribeNetworkAcls');
      const result = await check(reader.world, serviceRequest, reader);
      assert.deepEqual(summary(result), [`warning nacl-https ${ids.vpc}`]);
      assert.deepEqual(hopsOf(result, 'ecr.api'), [
        'task-sg-egress:passed',
        'network-acl:unknown',
        'route-table:passed',
        'endpoint:passed',
        'endpoint-private-dns:passed',
        'endpoint-subnets:passed',
        'endpoint-sg-ingress:passed',
        'endpoint-policy:passed',
      ]);
      assert.ok(result.services.every((path) => path.status === 'unknown'));
      assert.match(result.findings[0].message, /DescribeNetworkAcls failed \(access-denied\)/);
    });

    it('security groups throttled: both security-group hops are unknown, never passed', async () => {
      const reader = new FakeReader(world()).fail('listSecurityGroups', 'throttled');
      const result = await check(reader.world, serviceRequest, reader);
      assert.deepEqual(summary(result), [`warning endpoint-sg-ingress ${ids.endpointSg}`, `warning task-sg-egress ${ids.taskSg}`]);
      for (const path of result.services) {
        for (const hop of path.hops.filter((item) => item.hop === 'task-sg-egress' || item.hop === 'endpoint-sg-ingress'))
          assert.equal(hop.status, 'unknown');
      }
    });

    it('the execution role times out: the IAM checks are unknown, the network is still checked', async () => {
      const reader = new FakeReader(world()).fail('getRole', 'timeout', 'GetRole');
      const result = await check(reader.world, serviceRequest, reader);
      assert.deepEqual(summary(result), [`warning execution-role ${ids.role}`]);
      assert.ok(result.services.every((path) => path.status === 'passed'));
    });

    it('the subnet list is denied: CIDR-based verdicts become unknown, group-based ones still pass', async () => {
      const endpointSubnet = 'subnet-0a000000000000009';
      const reader = new FakeReader(
        world((w) => {
          w.subnets.push({
            subnetId: endpointSubnet,
            vpcId: ids.vpc,
            cidrBlock: '10.0.3.0/24',
            availabilityZone: 'ap-northeast-1a',
            mapPublicIpOnLaunch: false,
          });
          w.endpoints.find((endpoint) => endpoint.vpcEndpointId === ids.ecrDkr)!.subnetIds = [endpointSubnet];
        }),
      ).fail('listSubnets', 'access-denied', 'DescribeSubnets');
      const result = await check(reader.world, serviceRequest, reader);
      // The task subnets came with the service (DescribeSubnets by id); only the endpoint's own subnet is unknown.
      assert.deepEqual(summary(result), [`warning nacl-https ${ids.vpc}`]);
      assert.deepEqual(hopsOf(result, 'ecr.dkr').slice(0, 2), ['task-sg-egress:passed', 'network-acl:unknown']);
      assert.deepEqual(hopsOf(result, 'ecr.api').slice(0, 2), ['task-sg-egress:passed', 'network-acl:passed']);
    });

    it('a fatal error (credentials, network, cancel) stops the whole check', async () => {
      const reader = new FakeReader(world()).fail('listRouteTables', 'credentials', 'DescribeRouteTables');
      await assert.rejects(
        check(reader.world, serviceRequest, reader),
        (error: unknown) => error instanceof LiveCallError && error.kind === 'credentials',
      );
    });
  });

  describe('endpoints', () => {
    it('reports a missing ecr.dkr endpoint on the VPC', async () => {
      const result = await check(world((w) => (w.endpoints = w.endpoints.filter((endpoint) => endpoint.vpcEndpointId !== ids.ecrDkr))));
      assert.deepEqual(summary(result), [`error ecr-dkr-endpoint ${ids.vpc}`]);
      assert.deepEqual(hopsOf(result, 'ecr.dkr'), ['endpoint:failed']);
    });

    it('reports an endpoint made in another VPC as endpoint-state on that endpoint', async () => {
      const result = await check(
        world((w) => (w.endpoints.find((endpoint) => endpoint.vpcEndpointId === ids.ecrDkr)!.vpcId = 'vpc-0b000000000000009')),
      );
      assert.deepEqual(summary(result), [`error endpoint-state ${ids.ecrDkr}`]);
      assert.match(result.findings[0].message, /is in vpc-0b000000000000009, but the tasks run in/);
    });

    it('reports an endpoint that is not available', async () => {
      const result = await check(
        world((w) => (w.endpoints.find((endpoint) => endpoint.vpcEndpointId === ids.ecrApi)!.state = 'pendingAcceptance')),
      );
      assert.deepEqual(summary(result), [`error endpoint-state ${ids.ecrApi}`]);
    });

    it('reports private DNS off and an endpoint without subnets', async () => {
      const result = await check(
        world((w) => {
          w.endpoints.find((endpoint) => endpoint.vpcEndpointId === ids.ecrApi)!.privateDnsEnabled = false;
          w.endpoints.find((endpoint) => endpoint.vpcEndpointId === ids.logs)!.subnetIds = [];
        }),
      );
      assert.deepEqual(summary(result), [`error endpoint-private-dns ${ids.ecrApi}`, `error endpoint-subnets ${ids.logs}`]);
    });

    it('advises (info) when an endpoint misses an Availability Zone the tasks use', async () => {
      const result = await check(
        world((w) => (w.endpoints.find((endpoint) => endpoint.vpcEndpointId === ids.ecrDkr)!.subnetIds = [ids.subnetA])),
      );
      assert.deepEqual(summary(result), [`info endpoint-subnets ${ids.ecrDkr}`]);
      assert.match(result.findings[0].message, /no subnet in ap-northeast-1c/);
    });

    it('treats an endpoint without security groups as using the VPC default group (members only)', async () => {
      const noGroups = world((w) => (w.endpoints.find((endpoint) => endpoint.vpcEndpointId === ids.ecrDkr)!.securityGroupIds = []));
      assert.deepEqual(summary(await check(noGroups)), [
        `error endpoint-sg-ingress ${ids.defaultSg}`,
        `error task-sg-egress ${ids.taskSg}`,
      ]);
      // Tasks that are themselves in the default group get in (and the default group's egress allows all).
      const tasksInDefault = world((w) => {
        w.endpoints.find((endpoint) => endpoint.vpcEndpointId === ids.ecrDkr)!.securityGroupIds = [];
        w.services[0].network!.securityGroupIds = [];
        w.securityGroups
          .find((group) => group.groupId === ids.endpointSg)!
          .ingress.push({ protocol: 'tcp', fromPort: 443, toPort: 443, cidrs: [], prefixListIds: [], groupIds: [ids.defaultSg] });
      });
      assert.deepEqual(summary(await check(tasksInDefault)), []);
    });

    it('accepts an endpoint security group that admits the task subnets by CIDR, and rejects one whose CIDR misses a subnet', async () => {
      const byCidr = (cidrs: string[]) =>
        world(
          (w) =>
            (w.securityGroups.find((group) => group.groupId === ids.endpointSg)!.ingress = [
              { protocol: 'tcp', fromPort: 0, toPort: 65535, cidrs, prefixListIds: [], groupIds: [] },
            ]),
        );
      assert.deepEqual(summary(await check(byCidr(['10.0.0.0/16']))), []);
      assert.deepEqual(summary(await check(byCidr(['10.0.1.0/24', '10.0.2.0/24']))), []);
      assert.deepEqual(summary(await check(byCidr(['10.0.1.0/24']))), [`error endpoint-sg-ingress ${ids.endpointSg}`]);
    });

    it('checks a custom S3 endpoint policy against the ECR layer bucket', async () => {
      const withPolicy = (resource: string) =>
        world(
          (w) =>
            (w.endpoints.find((endpoint) => endpoint.vpcEndpointId === ids.s3)!.policyDocument = JSON.stringify({
              Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: resource }],
            })),
        );
      assert.deepEqual(summary(await check(withPolicy('arn:aws:s3:::prod-ap-northeast-1-starport-layer-bucket/*'))), []);
      assert.deepEqual(summary(await check(withPolicy('arn:aws:s3:::my-bucket/*'))), [`error endpoint-policy ${ids.s3}`]);
    });

    it('checks a custom ECR endpoint policy against the repository and the execution role', async () => {
      const policy = (statements: unknown[]) =>
        world(
          (w) =>
            (w.endpoints.find((endpoint) => endpoint.vpcEndpointId === ids.ecrDkr)!.policyDocument = JSON.stringify({
              Statement: statements,
            })),
        );
      const repository = `arn:aws:ecr:${ids.region}:${ids.account}:repository/web`;
      const roleArn = `arn:aws:iam::${ids.account}:role/${ids.role}`;
      const good = [
        { Effect: 'Allow', Principal: { AWS: roleArn }, Action: 'ecr:GetAuthorizationToken', Resource: '*' },
        {
          Effect: 'Allow',
          Principal: { AWS: roleArn },
          Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
          Resource: repository,
        },
      ];
      assert.deepEqual(summary(await check(policy(good))), []);
      assert.deepEqual(summary(await check(policy([good[0]]))), [`error endpoint-policy ${ids.ecrDkr}`]);
      assert.deepEqual(
        summary(await check(policy([...good, { Effect: 'Deny', Principal: '*', Action: 'ecr:BatchGetImage', Resource: '*' }]))),
        [`error endpoint-policy ${ids.ecrDkr}`],
      );
    });
  });

  describe('route tables and scope', () => {
    it('a subnet without an explicit association uses the main table, which lacks the S3 route', async () => {
      const result = await check(world((w) => (w.routeTables[0].subnetIds = [ids.subnetA])));
      assert.deepEqual(summary(result), [`error s3-gateway-endpoint ${ids.mainRouteTable}`]);
      assert.match(result.findings[0].message, /main route table/);
    });

    it('a NAT gateway route takes the tasks out of scope: one info, no endpoint errors even with no endpoints', async () => {
      const result = await check(
        world((w) => {
          w.endpoints = [];
          w.routeTables[0].routes.push({
            destinationCidr: '0.0.0.0/0',
            destinationPrefixListId: null,
            targetKind: 'nat-gateway',
            targetId: 'nat-0a000000000000001',
            state: 'active',
          });
          w.natGateways = [{ natGatewayId: 'nat-0a000000000000001', state: 'available', connectivityType: 'public' }];
        }),
      );
      assert.deepEqual(summary(result), [`info ecr-dkr-endpoint ${ids.taskRouteTable}`]);
      assert.equal(result.scope.inScope, false);
      assert.ok(result.services.every((path) => path.viaInternet && path.status === 'passed'));
      assert.deepEqual(result.dns, []);
    });

    it('a private NAT gateway gives no internet: the tasks stay in scope', async () => {
      const result = await check(
        world((w) => {
          w.routeTables[0].routes.push({
            destinationCidr: '0.0.0.0/0',
            destinationPrefixListId: null,
            targetKind: 'nat-gateway',
            targetId: 'nat-0a000000000000001',
            state: 'active',
          });
          w.natGateways = [{ natGatewayId: 'nat-0a000000000000001', state: 'available', connectivityType: 'private' }];
        }),
      );
      assert.equal(result.scope.inScope, true);
      assert.deepEqual(summary(result), []);
    });

    it('an internet gateway route counts only when tasks get a public IP', async () => {
      const withIgw = (assignPublicIp: boolean) =>
        world((w) => {
          w.endpoints = [];
          w.routeTables[0].routes.push({
            destinationCidr: '0.0.0.0/0',
            destinationPrefixListId: null,
            targetKind: 'internet-gateway',
            targetId: 'igw-0a000000000000001',
            state: 'active',
          });
          w.services[0].network!.assignPublicIp = assignPublicIp;
        });
      assert.deepEqual(summary(await check(withIgw(true))), [`info ecr-dkr-endpoint ${ids.taskRouteTable}`]);
      const noPublicIp = await check(withIgw(false));
      assert.equal(noPublicIp.scope.inScope, true);
      assert.match(noPublicIp.scope.reason, /get no public IP/);
      assert.deepEqual(summary(noPublicIp), [
        `error ecr-api-endpoint ${ids.vpc}`,
        `error ecr-dkr-endpoint ${ids.vpc}`,
        `error logs-endpoint ${ids.vpc}`,
        `error s3-gateway-endpoint ${ids.vpc}`,
      ]);
    });

    it('out of scope, an interface endpoint with private DNS still carries the traffic, so its path is checked', async () => {
      const result = await check(
        world((w) => {
          w.routeTables[0].routes.push({
            destinationCidr: '0.0.0.0/0',
            destinationPrefixListId: null,
            targetKind: 'nat-gateway',
            targetId: 'nat-0a000000000000001',
            state: 'active',
          });
          w.securityGroups.find((group) => group.groupId === ids.endpointSg)!.ingress = [];
        }),
      );
      assert.deepEqual(summary(result), [`info ecr-dkr-endpoint ${ids.taskRouteTable}`, `error endpoint-sg-ingress ${ids.endpointSg}`]);
    });
  });

  describe('security groups and network ACLs', () => {
    it('a VPC-CIDR egress rule reaches the interface endpoints but not the S3 gateway endpoint', async () => {
      const result = await check(
        world(
          (w) =>
            (w.securityGroups.find((group) => group.groupId === ids.taskSg)!.egress = [
              { protocol: 'tcp', fromPort: 443, toPort: 443, cidrs: ['10.0.0.0/16'], prefixListIds: [], groupIds: [] },
            ]),
        ),
      );
      assert.deepEqual(summary(result), [`error task-sg-egress ${ids.taskSg}`]);
      assert.equal(result.services.find((path) => path.service === 's3')!.hops[0].status, 'failed');
      assert.equal(result.services.find((path) => path.service === 'ecr.api')!.hops[0].status, 'passed');
    });

    it('an egress rule to 0.0.0.0/0 covers everything', async () => {
      const result = await check(
        world(
          (w) =>
            (w.securityGroups.find((group) => group.groupId === ids.taskSg)!.egress = [
              { protocol: '-1', fromPort: null, toPort: null, cidrs: ['0.0.0.0/0'], prefixListIds: [], groupIds: [] },
            ]),
        ),
      );
      assert.deepEqual(summary(result), []);
    });

    it('evaluates network ACL rules in number order: a lower-numbered deny beats a later allow', async () => {
      const result = await check(
        world((w) => {
          w.networkAcls[0].isDefault = false;
          w.networkAcls[0].entries.unshift({
            ruleNumber: 50,
            egress: false,
            protocol: '6',
            action: 'deny',
            cidr: '10.0.2.0/24',
            ipv6Cidr: null,
            fromPort: 1024,
            toPort: 65535,
          });
        }),
      );
      assert.deepEqual(summary(result), [`error nacl-https ${ids.acl}`]);
      assert.match(result.findings[0].message, /rule 50/);
    });

    it('models the implicit deny that moto omits for custom ACLs (the S3 ranges are read only then)', async () => {
      const reader = new FakeReader(
        world((w) => {
          w.networkAcls[0].isDefault = false;
          w.networkAcls[0].entries = [
            {
              ruleNumber: 100,
              egress: true,
              protocol: '6',
              action: 'allow',
              cidr: '0.0.0.0/0',
              ipv6Cidr: null,
              fromPort: 443,
              toPort: 443,
            },
            {
              ruleNumber: 100,
              egress: false,
              protocol: '6',
              action: 'allow',
              cidr: '10.0.0.0/16',
              ipv6Cidr: null,
              fromPort: 443,
              toPort: 443,
            },
            {
              ruleNumber: 110,
              egress: false,
              protocol: '6',
              action: 'allow',
              cidr: '10.0.0.0/16',
              ipv6Cidr: null,
              fromPort: 1024,
              toPort: 65535,
            },
            {
              ruleNumber: 110,
              egress: true,
              protocol: '6',
              action: 'allow',
              cidr: '10.0.0.0/16',
              ipv6Cidr: null,
              fromPort: 1024,
              toPort: 65535,
            },
          ];
        }),
      );
      const result = await check(reader.world, serviceRequest, reader);
      assert.deepEqual(summary(result), [`error nacl-https ${ids.acl}`]);
      assert.match(result.findings[0].message, /Amazon S3 .* implicit deny/);
      assert.ok(reader.calls.includes(`getPrefixListCidrs("${ids.s3PrefixList}")`));
      assert.deepEqual(hopsOf(result, 'ecr.api')[1], 'network-acl:passed');
    });
  });

  describe('task definition needs', () => {
    it('needs ssmmessages (warning) for ECS Exec', async () => {
      const result = await check(world((w) => (w.services[0].enableExecuteCommand = true)));
      assert.deepEqual(summary(result), [`warning exec-ssmmessages-endpoint ${ids.vpc}`]);
    });

    it('needs secretsmanager and ssm endpoints and permissions for secrets', async () => {
      const result = await check(
        world((w) => {
          w.taskDefinitions[0].containers[0].secrets = [
            { name: 'DB', valueFrom: `arn:aws:secretsmanager:${ids.region}:${ids.account}:secret:db-AbCdEf:password::` },
            { name: 'FLAG', valueFrom: '/app/flag' },
          ];
          // Both exist (with AWS managed keys): only the endpoints and the permissions are missing.
          w.secrets = [{ arn: `arn:aws:secretsmanager:${ids.region}:${ids.account}:secret:db-AbCdEf`, name: 'db', kmsKeyId: null }];
          w.parameters = [{ name: '/app/flag', type: 'SecureString', keyId: 'alias/aws/ssm' }];
        }),
      );
      assert.deepEqual(summary(result), [`error execution-role ${ids.role}`, `error secrets-endpoints ${ids.vpc}`]);
      assert.match(
        result.findings.find((finding) => finding.ruleId === 'execution-role')!.message,
        /secretsmanager:GetSecretValue on arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db-AbCdEf;.*ssm:GetParameters on arn:aws:ssm:ap-northeast-1:123456789012:parameter\/app\/flag/,
      );
      assert.match(result.findings.find((finding) => finding.ruleId === 'secrets-endpoints')!.message, /secretsmanager.*ssm/s);
    });

    it('needs the ECS agent endpoints on the EC2 launch type', async () => {
      const result = await check(world((w) => (w.services[0].launchType = 'EC2')));
      assert.deepEqual(summary(result), [`error ecs-agent-endpoints ${ids.vpc}`]);
      assert.deepEqual(
        result.services.filter((path) => path.ruleId === 'ecs-agent-endpoints').map((path) => path.service),
        ['ecs-agent', 'ecs-telemetry', 'ecs'],
      );
    });

    it('does not need ecr.api on Fargate platform 1.3.0', async () => {
      const result = await check(
        world((w) => {
          w.services[0].platformVersion = '1.3.0';
          w.endpoints = w.endpoints.filter((endpoint) => endpoint.vpcEndpointId !== ids.ecrApi);
        }),
      );
      assert.deepEqual(summary(result), []);
      assert.ok(!result.services.some((path) => path.service === 'ecr.api'));
    });

    it('flags public registries (error) and other registries (warning) for private tasks', async () => {
      const result = await check(
        world((w) => {
          const base = w.taskDefinitions[0].containers[0];
          w.taskDefinitions[0].containers = [
            { ...base, name: 'hub', image: 'nginx:1.27' },
            { ...base, name: 'ghcr', image: 'ghcr.io/acme/tool:2' },
            { ...base, name: 'corp', image: 'registry.corp.example:5000/team/app:1' },
          ];
        }),
      );
      const images = result.images.map((step) => `${step.status}:${step.severity}`);
      assert.deepEqual(images, ['failed:error', 'failed:error', 'failed:warning']);
      assert.deepEqual(summary(result), ['error image-registry web:3', 'warning image-registry web:3']);
    });
  });

  describe('execution role', () => {
    it('reports a role without ECR permissions', async () => {
      const result = await check(world((w) => (w.roles[0].attached = [])));
      assert.deepEqual(summary(result), [`error execution-role ${ids.role}`]);
    });

    it('lets an explicit Deny win over the managed policy', async () => {
      const result = await check(
        world((w) => (w.roles[0].inline = { deny: { Statement: [{ Effect: 'Deny', Action: 'ecr:Batch*', Resource: '*' }] } })),
      );
      assert.deepEqual(summary(result), [`error execution-role ${ids.role}`]);
      assert.match(result.findings[0].message, /ecr:BatchGetImage .*denied by inline policy deny statement 1/);
    });

    it('reports a trust policy that does not name ecs-tasks.amazonaws.com', async () => {
      const result = await check(
        world(
          (w) =>
            (w.roles[0].trustPolicy = {
              Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
            }),
        ),
      );
      assert.deepEqual(summary(result), [`error execution-role ${ids.role}`]);
    });

    it('reports ecr:GetAuthorizationToken limited by aws:SourceVpce under its own rule', async () => {
      const result = await check(
        world((w) => {
          w.roles[0].attached = [];
          w.roles[0].inline = {
            pull: {
              Statement: [
                { Effect: 'Allow', Action: 'ecr:*', Resource: '*', Condition: { StringEquals: { 'aws:SourceVpce': ids.ecrApi } } },
                { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' },
              ],
            },
          };
        }),
      );
      assert.deepEqual(summary(result), [`error ecr-auth-source-vpc-condition ${ids.role}`, `error execution-role ${ids.role}`]);
      const executionRole = result.findings.find((finding) => finding.ruleId === 'execution-role')!;
      assert.doesNotMatch(executionRole.message, /not allowed[^.]*GetAuthorizationToken/);
      // The pull actions do come through the ecr.dkr endpoint, whose id is not the one in the condition.
      assert.match(executionRole.message, /ecr:BatchGetImage/);
    });

    it('reports a Deny on ecr:* outside the endpoint (aws:SourceVpce) as blocking GetAuthorizationToken', async () => {
      const result = await check(
        world((w) => {
          w.roles[0].inline = {
            onlyViaEndpoint: {
              Statement: [
                {
                  Effect: 'Deny',
                  Action: 'ecr:*',
                  Resource: '*',
                  Condition: { StringNotEquals: { 'aws:SourceVpce': [ids.ecrApi, ids.ecrDkr] } },
                },
              ],
            },
          };
        }),
      );
      // The pull actions come through ecr.dkr (allowed); GetAuthorizationToken carries no aws:SourceVpce (denied).
      assert.deepEqual(summary(result), [`error ecr-auth-source-vpc-condition ${ids.role}`]);
      assert.match(
        result.findings[0].message,
        /inline policy onlyViaEndpoint statement 1 \(Deny\) ties ecr:GetAuthorizationToken to aws:SourceVpce/,
      );
    });

    it('reports a task definition without an execution role', async () => {
      const result = await check(world((w) => (w.taskDefinitions[0].executionRoleArn = null)));
      assert.deepEqual(summary(result), ['error execution-role web:3']);
    });
  });

  describe('DNS', () => {
    it('reports DNS hostnames off', async () => {
      const result = await check(world((w) => (w.dns[ids.vpc].enableDnsHostnames = false)));
      assert.deepEqual(summary(result), [`error vpc-dns-attributes ${ids.vpc}`]);
    });

    it('warns about DHCP options that bypass AmazonProvidedDNS, and accepts the VPC resolver address', async () => {
      assert.deepEqual(summary(await check(world((w) => (w.dhcpOptions['dopt-0a000000000000001'] = ['8.8.8.8'])))), [
        'warning vpc-dhcp-dns dopt-0a000000000000001',
      ]);
      assert.deepEqual(summary(await check(world((w) => (w.dhcpOptions['dopt-0a000000000000001'] = ['10.0.0.2'])))), []);
    });
  });

  describe('targets', () => {
    it('checks a VPC with no service: ECR and S3 only, the private subnets, the given security groups', async () => {
      const result = await check(
        world((w) => {
          w.subnets.push({
            subnetId: ids.publicSubnet,
            vpcId: ids.vpc,
            cidrBlock: '10.0.100.0/24',
            availabilityZone: 'ap-northeast-1a',
            mapPublicIpOnLaunch: true,
          });
          w.routeTables.push({
            routeTableId: 'rtb-0a000000000000003',
            vpcId: ids.vpc,
            isMain: false,
            subnetIds: [ids.publicSubnet],
            routes: [
              {
                destinationCidr: '0.0.0.0/0',
                destinationPrefixListId: null,
                targetKind: 'internet-gateway',
                targetId: 'igw-0a000000000000001',
                state: 'active',
              },
            ],
          });
        }),
        { kind: 'vpc', vpcId: ids.vpc, securityGroupIds: [ids.taskSg] },
      );
      assert.deepEqual(summary(result), []);
      assert.deepEqual(
        result.services.map((path) => path.service),
        ['ecr.api', 'ecr.dkr', 's3'],
      );
      assert.deepEqual(result.target.subnetIds, [ids.subnetA, ids.subnetC]);
    });

    it('rejects a security group or subnet that is not in the VPC, and an unknown service, with a clear message', async () => {
      await assert.rejects(
        check(world(), { kind: 'vpc', vpcId: ids.vpc, securityGroupIds: ['sg-0f000000000000009'] }),
        (error: unknown) => error instanceof LiveTargetError && /sg-0f000000000000009 is not in/.test(error.message),
      );
      await assert.rejects(
        check(world(), { kind: 'vpc', vpcId: ids.vpc, subnetIds: ['subnet-0f000000000000009'] }),
        (error: unknown) => error instanceof LiveTargetError && /Subnets of the VPC: subnet-/.test(error.message),
      );
      await assert.rejects(
        check(world(), { kind: 'service', cluster: 'app', service: 'api' }),
        (error: unknown) => error instanceof LiveTargetError && /Services in app: web/.test(error.message),
      );
      await assert.rejects(
        check(world(), { kind: 'vpc', vpcId: 'vpc-0f000000000000009' }),
        (error: unknown) => error instanceof LiveTargetError && /not found in ap-northeast-1/.test(error.message),
      );
    });
  });
});
