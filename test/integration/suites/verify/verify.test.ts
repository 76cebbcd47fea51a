import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ShowInTerraformResult, VerifyCommandResult } from '../../../../src/vscode/verify';
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

  // First in the suite on purpose: the first run of the check in this window.
  it('on the first run, shows every failed service expanded on its hops (provider items and reveal calls)', async () => {
    await seed({ endpointSgWithoutHttps: true, omitInterfaceEndpoints: ['logs'] });
    const result = await verify({ cluster: 'app', service: 'web' });
    assert.equal(result.status, 'completed', result.message);
    const failed = result.tree.filter((item) => item.icon === 'error');
    assert.ok(
      failed.length >= 2,
      `expected at least two failed services: ${result.tree.map((item) => `${item.label}:${item.icon}`).join(', ')}`,
    );
    for (const service of failed) {
      assert.equal(service.collapsibleState, 'expanded', `${service.label} is given to the view ${service.collapsibleState}`);
      assert.ok(service.children.length > 0, `${service.label} has no hops`);
      // Its failed hop is expanded too (on the reason and the fix), so the first screen says what is wrong.
      const failedHops = service.children.filter((hop) => hop.icon === 'error');
      assert.ok(failedHops.length > 0, `${service.label} has no failed hop`);
      for (const hop of failedHops)
        assert.ok(
          hop.collapsibleState === 'expanded' || hop.children.length === 0,
          `${service.label} / ${hop.label} is ${hop.collapsibleState}`,
        );
    }
    // The view was asked to reveal each of them expanded, and did.
    assert.deepEqual(
      result.revealed,
      failed.map((service) => ({ label: service.label, expanded: true })),
    );
    // Passed services stay collapsed.
    for (const service of result.tree.filter((item) => item.icon === 'pass' && item.children.length > 0))
      assert.equal(service.collapsibleState, 'collapsed', service.label);
  });

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

  it('"Show in Terraform" opens the block that stands for a step\u2019s AWS object (state, import block), and is absent otherwise', async () => {
    const ids = await seed({ endpointSgWithoutHttps: true, omitInterfaceEndpoints: ['logs'] });
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'no workspace folder');
    const dir = path.join(folder, `scratch-show-${process.pid}`);
    const main = path.join(dir, 'main.tf');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      main,
      [
        'resource "aws_vpc" "main" {',
        '  cidr_block = "10.0.0.0/16"',
        '}',
        '',
        'resource "aws_security_group" "endpoints" {',
        '  name   = "endpoints"',
        '  vpc_id = aws_vpc.main.id',
        '}',
        '',
        'import {',
        '  to = aws_security_group.tasks',
        `  id = "${ids.taskSecurityGroupId}"`,
        '}',
        '',
        'resource "aws_security_group" "tasks" {',
        '  name   = "tasks"',
        '  vpc_id = aws_vpc.main.id',
        '}',
        '',
      ].join('\n'),
    );
    // Terraform's own record of which object each address manages (format version 4, as `terraform apply` writes it).
    fs.writeFileSync(
      path.join(dir, 'terraform.tfstate'),
      JSON.stringify({
        version: 4,
        terraform_version: '1.11.0',
        serial: 1,
        lineage: 'test',
        outputs: {},
        resources: [
          {
            mode: 'managed',
            type: 'aws_security_group',
            name: 'endpoints',
            provider: 'provider["registry.terraform.io/hashicorp/aws"]',
            instances: [{ schema_version: 1, attributes: { id: ids.endpointSecurityGroupId, name: 'endpoints' } }],
          },
        ],
      }),
    );
    try {
      const result = await verify({ cluster: 'app', service: 'web' });
      assert.equal(result.status, 'completed', result.message);
      const ingress = node(node(result.tree, 'ecr.api').children, 'Endpoint security group ingress');
      assert.equal(ingress.terraform, 'aws_security_group.endpoints', 'the ingress hop is not linked through the state');
      const egress = node(node(result.tree, 'ecr.dkr').children, 'Task security group egress');
      assert.equal(egress.description.split(' ')[0], ids.taskSecurityGroupId);
      assert.equal(egress.terraform, 'aws_security_group.tasks', 'the egress hop is not linked through the import block');
      const logs = node(result.tree, 'logs');
      assert.equal(logs.terraform, null, 'a service without an endpoint has nothing to show');

      const opened = await vscode.commands.executeCommand<ShowInTerraformResult>('privateEcr.verifyAccess.showInTerraform', {
        id: ingress.id,
      });
      assert.ok(opened.opened, JSON.stringify(opened));
      assert.equal(opened.file, main);
      assert.equal(opened.line, 4);
      const editor = vscode.window.activeTextEditor;
      assert.ok(editor, 'no editor was opened');
      assert.equal(editor.document.uri.fsPath, main);
      assert.equal(editor.selection.active.line, 4);
      assert.equal(editor.document.lineAt(4).text, 'resource "aws_security_group" "endpoints" {');

      const imported = await vscode.commands.executeCommand<ShowInTerraformResult>('privateEcr.verifyAccess.showInTerraform', {
        id: egress.id,
      });
      assert.ok(imported.opened && imported.line === 14, JSON.stringify(imported));

      const none = await vscode.commands.executeCommand<ShowInTerraformResult>('privateEcr.verifyAccess.showInTerraform', { id: logs.id });
      assert.equal(none.opened, false);
      assert.match(none.opened ? '' : none.message, /No Terraform block of this workspace stands for/);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(dir, { recursive: true, force: true });
    }
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
