// The live results view in Japanese: "Verify Private ECR Access" against a moto_server started by the test,
// with the display language set to Japanese (harness.json), reads a Japanese failed hop, its reason and its fix.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { VerifyCommandResult } from '../../../../src/vscode/verify';
import type { TreeSnapshot } from '../../../../src/vscode/verify/tree';
import { MotoServer, startMotoServer } from '../../../moto/motoServer';
import { destroyMotoClients, motoClients, scenarioRegion, seedScenario } from '../../../moto/scenarios';
import { getExtensionUnderTest } from '../../support/extension';
import { waitFor } from '../../support/waitFor';

function node(tree: TreeSnapshot[], label: string): TreeSnapshot {
  const found = tree.find((item) => item.label === label);
  assert.ok(found, `no "${label}" node in the tree: ${tree.map((item) => item.label).join(', ')}`);
  return found;
}

describe('Verify Private ECR Access in Japanese (moto)', function () {
  this.timeout(120_000);
  let moto: MotoServer;
  const saved: Record<string, string | undefined> = {};
  const environment: Record<string, string | undefined> = {
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };

  before(async () => {
    for (const [name, value] of Object.entries(environment)) {
      saved[name] = process.env[name];
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
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('shows the failed endpoint security group hop, its reason and its fix in Japanese', async () => {
    assert.equal(vscode.env.language, 'ja');
    await moto.reset();
    const clients = motoClients(moto.endpoint);
    const ids = await seedScenario(clients, { endpointSgWithoutHttps: true }).finally(() => destroyMotoClients(clients));
    const result = await vscode.commands.executeCommand<VerifyCommandResult>('privateEcr.verifyAccess', {
      profile: null,
      region: scenarioRegion,
      endpointUrl: moto.endpoint,
      cluster: 'app',
      service: 'web',
    });
    assert.ok(result, 'the command returned nothing');
    assert.equal(result.status, 'completed', result.message);
    // The findings keep their message ids; the view renders them in the display language.
    const finding = result.findings.find((item) => item.ruleId === 'endpoint-sg-ingress');
    assert.equal(finding?.messageId, 'endpointIngress.denied');
    const ecrApi = node(result.tree, 'ecr.api');
    assert.equal(ecrApi.description, `${ids.endpointIds['ecr.api']} — 失敗`);
    const ingress = node(ecrApi.children, 'エンドポイントのセキュリティグループ（インバウンド）');
    assert.equal(ingress.icon, 'error');
    assert.equal(ingress.description, `${ids.endpointSecurityGroupId} — 失敗`);
    assert.match(node(ingress.children, '理由').description, /からのインバウンドTCP 443を許可していません。$/);
    assert.match(
      node(ingress.children, '修正').description,
      new RegExp(
        `^${ids.endpointSecurityGroupId} に、セキュリティグループ ${ids.taskSecurityGroupId}（またはタスクのサブネットのCIDR）からのTCP 443のインバウンドルールを追加してください。$`,
      ),
    );
  });
});
