// `private-ecr verify --lang ja` against a real moto_server: the report and the findings in Japanese, every
// live finding with its message id, the AWS ids and error texts unchanged.
import * as assert from 'node:assert/strict';
import { runVerifyCli } from '../../src/cli/verify';
import { isolateAwsEnvironment } from './awsEnvironment';
import { destroyMotoClients, motoClients, scenarioRegion, ScenarioIds, ScenarioOptions, seedScenario } from './scenarios';
import { useMotoServer } from './useMotoServer';

describe('live check against moto in Japanese', function () {
  this.timeout(90000);
  isolateAwsEnvironment();
  const moto = useMotoServer();

  async function seed(options: ScenarioOptions): Promise<ScenarioIds> {
    await moto().reset();
    const clients = motoClients(moto().endpoint);
    try {
      return await seedScenario(clients, options);
    } finally {
      destroyMotoClients(clients);
    }
  }

  async function cli(args: string[]): Promise<{ code: number; stdout: string }> {
    let stdout = '';
    process.env.AWS_ACCESS_KEY_ID = 'testing';
    process.env.AWS_SECRET_ACCESS_KEY = 'testing';
    const code = await runVerifyCli(['--region', scenarioRegion, '--endpoint-url', moto().endpoint, ...args], {
      stdout: (text) => (stdout += text),
      stderr: (text) => (stdout += text),
    });
    return { code, stdout };
  }

  it('--lang ja --format json: the endpoint security group finding in Japanese, with its message id and data', async () => {
    const ids = await seed({ endpointSgWithoutHttps: true });
    const run = await cli(['--cluster', 'app', '--service', 'web', '--format', 'json', '--lang', 'ja']);
    assert.equal(run.code, 1, run.stdout);
    const document = JSON.parse(run.stdout);
    assert.equal(document.language, 'ja');
    const finding = document.findings.find((item: { ruleId: string }) => item.ruleId === 'endpoint-sg-ingress');
    assert.ok(finding, run.stdout);
    assert.equal(finding.messageId, 'endpointIngress.denied');
    assert.equal(finding.data.groups, ids.endpointSecurityGroupId);
    assert.match(
      finding.message,
      new RegExp(`^エンドポイントのセキュリティグループ ${ids.endpointSecurityGroupId} は、タスク（セキュリティグループ `),
    );
    assert.match(finding.message, /からのインバウンドTCP 443を許可していません。/);
    for (const item of document.findings) assert.equal(typeof item.messageId, 'string', `${item.ruleId} ${item.message}`);
    const hop = document.services
      .flatMap((path: { hops: Array<{ hop: string; title: string; status: string }> }) => path.hops)
      .find((item: { hop: string; status: string }) => item.hop === 'endpoint-sg-ingress' && item.status === 'failed');
    assert.equal(hop.title, 'エンドポイントのセキュリティグループ（インバウンド）');
    assert.equal('texts' in hop, false);
  });

  it('LANG=ja_JP.UTF-8 gives the Japanese text report; --lang en over it gives the English one, byte for byte as before', async () => {
    await seed({ endpointSgWithoutHttps: true });
    const saved = process.env.LANG;
    process.env.LANG = 'ja_JP.UTF-8';
    try {
      const ja = await cli(['--cluster', 'app', '--service', 'web']);
      assert.equal(ja.code, 1, ja.stdout);
      assert.match(ja.stdout, /^ライブチェック: サービス web（app）、vpc-/m);
      assert.match(ja.stdout, /^  FAIL エンドポイントのセキュリティグループ（インバウンド） sg-/m);
      assert.match(
        ja.stdout,
        /^      修正: sg-\w+ に、セキュリティグループ sg-\w+（またはタスクのサブネットのCIDR）からのTCP 443のインバウンドルールを追加してください。$/m,
      );
      assert.match(ja.stdout, /^エラー \d+ 件、警告 \d+ 件、情報 \d+ 件、判定不能 \d+ 件、API呼び出し \d+ 回（\d+ ms）$/m);
      const en = await cli(['--cluster', 'app', '--service', 'web', '--lang', 'en']);
      assert.match(en.stdout, /^Live check of service web \(app\) in vpc-/m);
      assert.match(
        en.stdout,
        /^      Fix: Add an ingress rule TCP 443 from security group sg-\w+ \(or the task subnets' CIDRs\) to sg-\w+\.$/m,
      );
      assert.doesNotMatch(en.stdout, /[\u3040-\u30ff]/);
    } finally {
      if (saved === undefined) delete process.env.LANG;
      else process.env.LANG = saved;
    }
  });
});
