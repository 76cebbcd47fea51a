import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { VerifyCommandResult } from '../../../../src/vscode/verify';
import type { TreeSnapshot } from '../../../../src/vscode/verify/tree';
import { MotoServer, startMotoServer } from '../../../moto/motoServer';
import { destroyMotoClients, motoClients, scenarioRegion, ScenarioIds, ScenarioOptions, seedScenario } from '../../../moto/scenarios';
import { getExtensionUnderTest } from '../../support/extension';
import { waitFor } from '../../support/waitFor';

/** The node of the tree with this label (top level). */
function node(tree: TreeSnapshot[], label: string): TreeSnapshot {
  const found = tree.find((item) => item.label === label);
  assert.ok(found, `no "${label}" node in the tree: ${tree.map((item) => item.label).join(', ')}`);
  return found;
}

describe('Verify Private ECR Access (moto)', function () {
  this.timeout(120_000);
  let moto: MotoServer;
  const savedEnvironment: Record<string, string | undefined> = {};
  const environment: Record<string, string | undefined> = {
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };

  before(async () => {
    // The extension reads credentials from the extension host's environment (the default chain).
    for (const [name, value] of Object.entries(environment)) {
      savedEnvironment[name] = process.env[name];
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    moto = await startMotoServer();
    await waitFor('the extension to become active', async () => {
      const extension = getExtensionUnderTest();
      if (!extension.isActive) await extension.activate();
      return extension.isActive;
    });
  });

  after(async () => {
    await moto?.stop();
    for (const [name, value] of Object.entries(savedEnvironment)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  async function seed(options: ScenarioOptions): Promise<ScenarioIds> {
    await moto.reset();
    const clients = motoClients(moto.endpoint);
    try {
      return await seedScenario(clients, options);
    } finally {
      destroyMotoClients(clients);
    }
  }

  async function verify(args: Record<string, unknown>): Promise<VerifyCommandResult> {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(
      commands.includes('privateEcr.verifyAccess'),
      'privateEcr.verifyAccess is not registered (is the extension under test current?)',
    );
    let timer: NodeJS.Timeout | undefined;
    // A command that never settles must fail this test, not stall the whole run.
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('privateEcr.verifyAccess did not settle within 30 s')), 30_000);
    });
    try {
      const result = await Promise.race([
        vscode.commands.executeCommand<VerifyCommandResult>('privateEcr.verifyAccess', {
          profile: null,
          region: scenarioRegion,
          endpointUrl: moto.endpoint,
          ...args,
        }),
        deadline,
      ]);
      assert.ok(result, 'the command returned nothing');
      return result;
    } finally {
      clearTimeout(timer);
    }
  }

  it('checks a complete service: no findings, every service and hop passed in the tree', async () => {
    const ids = await seed({});
    const result = await verify({ cluster: 'app', service: 'web' });
    assert.equal(result.status, 'completed', result.message);
    assert.deepEqual(result.findings, []);
    // 14 network and IAM reads, plus the image's repository, tag and repository policy, and the stopped tasks.
    assert.equal(result.outcome?.apiCalls.total, 18);
    assert.match(result.message, /service web \(app\) in vpc-[0-9a-f]+, ap-northeast-1: 0 errors, 0 warnings, 0 info; 18 API calls/);

    assert.deepEqual(
      result.tree.map((item) => item.label),
      ['Scope: the tasks need VPC endpoints', 'ecr.api', 'ecr.dkr', 's3', 'logs', 'DNS', 'Execution role', 'Images'],
    );
    const ecrDkr = node(result.tree, 'ecr.dkr');
    assert.equal(ecrDkr.icon, 'pass');
    assert.equal(ecrDkr.description, `${ids.endpointIds['ecr.dkr']} — passed`);
    assert.deepEqual(
      ecrDkr.children.map((hop) => hop.label),
      [
        'Task security group egress',
        'Network ACL',
        'Route table',
        'Endpoint',
        'Private DNS',
        'Endpoint subnets',
        'Endpoint security group ingress',
        'Endpoint policy',
      ],
    );
    assert.ok(ecrDkr.children.every((hop) => hop.icon === 'pass'));
    assert.equal(ecrDkr.children[0].description, ids.taskSecurityGroupId);
    assert.equal(node(ecrDkr.children, 'Endpoint security group ingress').description, ids.endpointSecurityGroupId);
    assert.match(
      node(ecrDkr.children, 'Endpoint').tooltip,
      /Interface endpoint vpce-[0-9a-f]+ \(com\.amazonaws\.ap-northeast-1\.ecr\.dkr\) is available/,
    );
    assert.equal(node(result.tree, 'Execution role').icon, 'pass');
  });

  it('shows the failed hops with the AWS id, the reason and the fix', async () => {
    const ids = await seed({ endpointSgWithoutHttps: true, omitInterfaceEndpoints: ['logs'] });
    const result = await verify({ cluster: 'app', service: 'web' });
    assert.equal(result.status, 'completed', result.message);
    assert.deepEqual(
      result.findings.map((finding) => `${finding.severity} ${finding.ruleId} ${finding.resource}`),
      [`error endpoint-sg-ingress ${ids.endpointSecurityGroupId}`, `error logs-endpoint ${ids.vpcId}`],
    );
    const ecrApi = node(result.tree, 'ecr.api');
    assert.equal(ecrApi.icon, 'error');
    const ingress = node(ecrApi.children, 'Endpoint security group ingress');
    assert.equal(ingress.icon, 'error');
    assert.equal(ingress.description, `${ids.endpointSecurityGroupId} — failed`);
    assert.match(node(ingress.children, 'Why').description, /admits no inbound TCP 443 from the tasks/);
    assert.match(
      node(ingress.children, 'Fix').description,
      new RegExp(`Add an ingress rule TCP 443 from security group ${ids.taskSecurityGroupId}`),
    );
    const logs = node(result.tree, 'logs');
    assert.equal(logs.description, 'no endpoint — failed');
    assert.deepEqual(
      logs.children.map((hop) => `${hop.label}:${hop.icon}`),
      ['Endpoint:error'],
    );
  });

  it('gives every failed service its hops, and Re-run in the title bar repeats the check', async () => {
    const ids = await seed({ endpointSgWithoutHttps: true, omitInterfaceEndpoints: ['logs'] });
    const first = await verify({ cluster: 'app', service: 'web' });
    assert.equal(first.status, 'completed', first.message);
    const failed = first.tree.filter((item) => item.icon === 'error');
    assert.ok(failed.length >= 3, `expected several failed services: ${first.tree.map((item) => `${item.label}:${item.icon}`).join(', ')}`);
    // The view gets every failed service's hops (each one is revealed expanded after the run).
    for (const service of failed) assert.ok(service.children.length > 0, `${service.label} has no hops`);
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('privateEcr.verifyAccess.rerun'));
    const again = await vscode.commands.executeCommand<VerifyCommandResult>('privateEcr.verifyAccess.rerun');
    assert.equal(again.status, 'completed', again.message);
    assert.deepEqual(
      again.findings.map((f) => `${f.ruleId} ${f.resource}`),
      first.findings.map((f) => `${f.ruleId} ${f.resource}`),
    );
    assert.ok(again.findings.some((f) => f.resource === ids.endpointSecurityGroupId));
  });

  it('checks a VPC without a service from arguments alone', async () => {
    const ids = await seed({ withService: false });
    const result = await verify({ vpcId: ids.vpcId, subnetIds: ids.subnetIds, securityGroupIds: [ids.taskSecurityGroupId] });
    assert.equal(result.status, 'completed', result.message);
    assert.deepEqual(result.findings, []);
    assert.deepEqual(
      result.tree.filter((item) => /^(ecr|s3)/.test(item.label)).map((item) => `${item.label}:${item.icon}`),
      ['ecr.api:pass', 'ecr.dkr:pass', 's3:pass'],
    );
  });

  it('reports a target that does not exist in the view instead of throwing', async () => {
    await seed({});
    const result = await verify({ cluster: 'app', service: 'api' });
    assert.equal(result.status, 'failed');
    assert.match(result.message, /Service api was not found in cluster app/);
    assert.deepEqual(
      result.tree.map((item) => `${item.label}:${item.icon}`),
      ['The check could not run:error'],
    );
  });

  it('rejects malformed arguments with a clear message', async () => {
    const result = await verify({ cluster: 'app' });
    assert.equal(result.status, 'failed');
    assert.equal(result.message, 'Give both cluster and service.');
  });
});
