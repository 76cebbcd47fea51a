import * as assert from 'node:assert/strict';
import type { LiveCheckRequest } from '../../../src/core/live/target';
import { createAwsSession, destroyAwsSession, LiveVerifyOutcome, runLiveVerify } from '../../../src/aws/session';
import { isolateAwsEnvironment } from '../../moto/awsEnvironment';
import {
  destroyMotoClients,
  motoClients,
  motoCredentials,
  scenarioRegion,
  ScenarioIds,
  ScenarioOptions,
  seedScenario,
} from '../../moto/scenarios';
import { useMotoServer } from '../../moto/useMotoServer';

/** `severity rule-id resource` of each finding. */
function summary(outcome: LiveVerifyOutcome): string[] {
  return outcome.result.findings.map((finding) => `${finding.severity} ${finding.ruleId} ${finding.resource}`);
}

describe('live check against moto (real SDK calls)', function () {
  this.timeout(60000);
  isolateAwsEnvironment();
  const moto = useMotoServer();

  async function verify(
    options: ScenarioOptions,
    request?: (ids: ScenarioIds) => LiveCheckRequest,
  ): Promise<{ ids: ScenarioIds; outcome: LiveVerifyOutcome }> {
    await moto().reset();
    const clients = motoClients(moto().endpoint);
    try {
      const ids = await seedScenario(clients, options);
      const session = await createAwsSession({ region: scenarioRegion, endpointUrl: moto().endpoint, credentials: motoCredentials });
      try {
        const outcome = await runLiveVerify(session, request ? request(ids) : { kind: 'service', cluster: 'app', service: 'web' });
        return { ids, outcome };
      } finally {
        destroyAwsSession(session);
      }
    } finally {
      destroyMotoClients(clients);
    }
  }

  it('complete scenario: no findings, every path passes, each API call made once', async () => {
    const { ids, outcome } = await verify({});
    assert.deepEqual(summary(outcome), []);
    assert.deepEqual(
      outcome.result.services.map((path) => `${path.service}:${path.status}:${path.endpointId}`),
      [
        `ecr.api:passed:${ids.endpointIds['ecr.api']}`,
        `ecr.dkr:passed:${ids.endpointIds['ecr.dkr']}`,
        `s3:passed:${ids.endpointIds.s3}`,
        `logs:passed:${ids.endpointIds.logs}`,
      ],
    );
    assert.deepEqual(outcome.apiCalls.byOperation, {
      // The image's repository, its tag and its policy (the policy's absence is an answer, not an error).
      DescribeImages: 1,
      // No DescribeManagedPrefixLists: the route to the S3 gateway endpoint names the S3 prefix list.
      DescribeNetworkAcls: 1,
      DescribeRepositories: 1,
      DescribeRouteTables: 1,
      DescribeSecurityGroups: 1,
      DescribeServices: 1,
      // One for the service's subnets (to find the VPC), one for every subnet of the VPC (endpoint subnets).
      DescribeSubnets: 2,
      DescribeTaskDefinition: 1,
      // enableDnsSupport and enableDnsHostnames are separate calls.
      DescribeVpcAttribute: 2,
      DescribeVpcEndpoints: 1,
      DescribeVpcs: 1,
      // No GetPolicy/GetPolicyVersion: AmazonECSTaskExecutionRolePolicy is known by its documented content.
      GetRepositoryPolicy: 1,
      GetRole: 1,
      ListAttachedRolePolicies: 1,
      ListRolePolicies: 1,
      // The service's stopped tasks (none, so no DescribeTasks).
      ListTasks: 1,
    });
    assert.equal(outcome.apiCalls.total, 18);
  });

  it('ecr.dkr endpoint missing', async () => {
    const { ids, outcome } = await verify({ omitInterfaceEndpoints: ['ecr.dkr'] });
    assert.deepEqual(summary(outcome), [`error ecr-dkr-endpoint ${ids.vpcId}`]);
  });

  it('private DNS off on ecr.api', async () => {
    const { ids, outcome } = await verify({ privateDnsOff: ['ecr.api'] });
    assert.deepEqual(summary(outcome), [`error endpoint-private-dns ${ids.endpointIds['ecr.api']}`]);
  });

  it("S3 gateway endpoint not on the tasks' route table", async () => {
    const { ids, outcome } = await verify({ s3Gateway: 'main-route-table' });
    assert.deepEqual(summary(outcome), [`error s3-gateway-endpoint ${ids.taskRouteTableId}`]);
  });

  it('endpoint security group without TCP 443', async () => {
    const { ids, outcome } = await verify({ endpointSgWithoutHttps: true });
    assert.deepEqual(summary(outcome), [`error endpoint-sg-ingress ${ids.endpointSecurityGroupId}`]);
    assert.match(outcome.result.findings[0].message, /Affects ecr\.api .*ecr\.dkr .*logs/);
  });

  it('task egress without the S3 prefix list', async () => {
    const { ids, outcome } = await verify({ taskEgressWithoutS3: true });
    assert.deepEqual(summary(outcome), [`error task-sg-egress ${ids.taskSecurityGroupId}`]);
    assert.ok(outcome.result.findings[0].message.includes(ids.s3PrefixListId));
  });

  it('network ACL blocking the return ports (implicit deny modelled)', async () => {
    const { ids, outcome } = await verify({ networkAclBlocksReturnTraffic: true });
    assert.deepEqual(summary(outcome), [`error nacl-https ${ids.networkAclId}`]);
    assert.match(outcome.result.findings[0].message, /inbound TCP 1024-65535 .* implicit deny/);
    assert.equal(outcome.apiCalls.byOperation.GetManagedPrefixListEntries, 1);
  });

  it('NAT route present: out of scope, one info and no endpoint errors', async () => {
    const { ids, outcome } = await verify({ natRoute: true });
    assert.deepEqual(summary(outcome), [`info ecr-dkr-endpoint ${ids.taskRouteTableId}`]);
    assert.equal(outcome.result.scope.inScope, false);
    assert.equal(outcome.apiCalls.byOperation.DescribeNatGateways, 1);
  });

  it('execution role without ECR permissions', async () => {
    const { ids, outcome } = await verify({ executionRoleWithoutEcr: true });
    assert.deepEqual(summary(outcome), [`error execution-role ${ids.executionRoleName}`]);
    assert.match(outcome.result.findings[0].message, /not allowed ecr:GetAuthorizationToken on \*/);
  });

  it('VPC target without a service: with the task security group nothing is wrong', async () => {
    const { ids, outcome } = await verify({ withService: false }, (seeded) => ({
      kind: 'vpc',
      vpcId: seeded.vpcId,
      subnetIds: seeded.subnetIds,
      securityGroupIds: [seeded.taskSecurityGroupId],
    }));
    assert.deepEqual(summary(outcome), []);
    assert.deepEqual(
      outcome.result.services.map((path) => path.service),
      ['ecr.api', 'ecr.dkr', 's3'],
    );
    assert.deepEqual(outcome.result.target.subnetIds, ids.subnetIds);
    assert.equal(outcome.apiCalls.byOperation.DescribeServices, undefined);
  });

  it('VPC target without security groups: the VPC default group is not admitted by the endpoint group', async () => {
    const { ids, outcome } = await verify({ withService: false }, (seeded) => ({ kind: 'vpc', vpcId: seeded.vpcId }));
    assert.deepEqual(summary(outcome), [`error endpoint-sg-ingress ${ids.endpointSecurityGroupId}`]);
    assert.ok(outcome.result.target.usesDefaultSecurityGroup);
  });

  it('honours AWS_ENDPOINT_URL without an explicit endpoint', async () => {
    await moto().reset();
    const clients = motoClients(moto().endpoint);
    await seedScenario(clients, {});
    destroyMotoClients(clients);
    process.env.AWS_ENDPOINT_URL = moto().endpoint;
    try {
      const session = await createAwsSession({ region: scenarioRegion, credentials: motoCredentials });
      const outcome = await runLiveVerify(session, { kind: 'service', cluster: 'app', service: 'web' });
      destroyAwsSession(session);
      assert.deepEqual(summary(outcome), []);
    } finally {
      delete process.env.AWS_ENDPOINT_URL;
    }
  });
});
