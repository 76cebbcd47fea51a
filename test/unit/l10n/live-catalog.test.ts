import * as assert from 'node:assert/strict';
import { runLiveCheck } from '../../../src/core/live/check';
import { localizeLiveResult } from '../../../src/core/live/localize';
import { formatLiveText, buildResultOutline } from '../../../src/core/live/report';
import type { LiveCheckResult } from '../../../src/core/live/result';
import { LIVE_JA } from '../../../src/core/l10n/live-ja';
import { renderLive } from '../../../src/core/l10n/live-format';
import { LIVE_EN, lt } from '../../../src/core/l10n/live-messages';
import { baselineWorld, FakeReader, FakeWorld, ids } from '../live/fakeReader';
import { englishLeft } from './english-left';

function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]))].sort();
}

/** Japanese texts that are rightly without kana or kanji: names that read the same in both languages. */
const SAME_IN_BOTH = new Set(['group.dns', 'outline.ok', 'common.sentences', 'stop.wherePath']);

async function check(edit: (world: FakeWorld) => void): Promise<LiveCheckResult> {
  const world = baselineWorld();
  edit(world);
  return runLiveCheck(new FakeReader(world), { kind: 'service', cluster: 'app', service: 'web' }, { region: ids.region });
}

/** An active default route to a target. */
function defaultRoute(targetKind: FakeWorld['routeTables'][number]['routes'][number]['targetKind'], targetId: string) {
  return { destinationCidr: '0.0.0.0/0', destinationPrefixListId: null, targetKind, targetId, state: 'active' as const };
}

/** Worlds whose findings come from the path checks (no read fails, so no AWS error text is in them). */
const worlds: Record<string, (world: FakeWorld) => void> = {
  'missing ecr.dkr endpoint': (w) => (w.endpoints = w.endpoints.filter((endpoint) => endpoint.vpcEndpointId !== ids.ecrDkr)),
  'endpoint in another VPC': (w) => (w.endpoints.find((endpoint) => endpoint.vpcEndpointId === ids.ecrDkr)!.vpcId = 'vpc-0b000000000000009'),
  'endpoint pending acceptance': (w) => (w.endpoints.find((endpoint) => endpoint.vpcEndpointId === ids.ecrApi)!.state = 'pendingAcceptance'),
  'private DNS off, no subnets': (w) => {
    w.endpoints.find((endpoint) => endpoint.vpcEndpointId === ids.ecrApi)!.privateDnsEnabled = false;
    w.endpoints.find((endpoint) => endpoint.vpcEndpointId === ids.logs)!.subnetIds = [];
  },
  'missing zone': (w) => (w.endpoints.find((endpoint) => endpoint.vpcEndpointId === ids.ecrDkr)!.subnetIds = [ids.subnetA]),
  'endpoint without security groups': (w) => (w.endpoints.find((endpoint) => endpoint.vpcEndpointId === ids.ecrDkr)!.securityGroupIds = []),
  'DNS hostnames off': (w) => (w.dns[ids.vpc].enableDnsHostnames = false),
  'DHCP options bypass AmazonProvidedDNS': (w) => (w.dhcpOptions['dopt-0a000000000000001'] = ['8.8.8.8']),
  'images from public and other registries': (w) => {
    const base = w.taskDefinitions[0].containers[0];
    w.taskDefinitions[0].containers = [
      { ...base, name: 'hub', image: 'nginx:1.27' },
      { ...base, name: 'corp', image: 'registry.corp.example:5000/team/app:1' },
    ];
  },
  'execution role not trusted by ecs-tasks': (w) =>
    (w.roles[0].trustPolicy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    }),
  'execution role without policies': (w) => (w.roles[0].attached = []),
  'execution role missing': (w) => (w.roles = []),
  'ECR repository missing': (w) => (w.repositories = []),
  'image tag missing': (w) => (w.repositories[0].images[0].tags = ['2']),
  'secret and parameter missing': (w) =>
    (w.taskDefinitions[0].containers[0].secrets = [
      { name: 'DB', valueFrom: `arn:aws:secretsmanager:${ids.region}:${ids.account}:secret:db-AbCdEf` },
      { name: 'FLAG', valueFrom: '/app/flag' },
    ]),
  'repository under a customer KMS key the role may not use': (w) => {
    const keyArn = `arn:aws:kms:${ids.region}:${ids.account}:key/11111111-2222-3333-4444-555555555555`;
    w.repositories[0].encryptionType = 'KMS';
    w.repositories[0].kmsKey = keyArn;
    w.kmsKeys = [
      {
        keyId: keyArn,
        keyArn,
        keyManager: 'CUSTOMER',
        policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'kms:*' }] }),
      },
    ];
  },
  'NAT gateway without an internet gateway behind it': (w) => {
    w.endpoints = w.endpoints.filter((endpoint) => endpoint.vpcEndpointId !== ids.ecrDkr);
    w.subnets.push({
      subnetId: ids.publicSubnet,
      vpcId: ids.vpc,
      cidrBlock: '10.0.100.0/24',
      availabilityZone: 'ap-northeast-1a',
      mapPublicIpOnLaunch: false,
    });
    w.routeTables[0].routes.push(defaultRoute('nat-gateway', 'nat-0a000000000000001'));
    w.natGateways = [{ natGatewayId: 'nat-0a000000000000001', state: 'available', connectivityType: 'public', subnetId: ids.publicSubnet }];
  },
  'default route to a transit gateway': (w) => {
    w.endpoints = w.endpoints.filter((endpoint) => endpoint.vpcEndpointId !== ids.ecrDkr);
    w.routeTables[0].routes.push(defaultRoute('transit-gateway', 'tgw-0a000000000000001'));
  },
  'internet through a working NAT gateway': (w) => {
    w.subnets.push({
      subnetId: ids.publicSubnet,
      vpcId: ids.vpc,
      cidrBlock: '10.0.100.0/24',
      availabilityZone: 'ap-northeast-1a',
      mapPublicIpOnLaunch: true,
    });
    w.routeTables[1].routes.push(defaultRoute('internet-gateway', 'igw-0a000000000000001'));
    w.routeTables[0].routes.push(defaultRoute('nat-gateway', 'nat-0a000000000000001'));
    w.natGateways = [{ natGatewayId: 'nat-0a000000000000001', state: 'available', connectivityType: 'public', subnetId: ids.publicSubnet }];
  },
  'network ACL deny': (w) => {
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
  },
};

describe('live-check message catalog', () => {
  it('has a Japanese text for every live message id and none for an id the English catalog lacks', () => {
    const english = Object.keys(LIVE_EN);
    const japanese = Object.keys(LIVE_JA);
    assert.deepEqual(
      { missing: english.filter((id) => !japanese.includes(id)), extra: japanese.filter((id) => !english.includes(id)) },
      { missing: [], extra: [] },
      'add the missing ids to src/core/l10n/live-ja.ts and remove the extra ones',
    );
  });

  it('uses the same placeholders in both languages', () => {
    const mismatched = Object.entries(LIVE_EN)
      .filter(([id, text]) => placeholders(text).join() !== placeholders(LIVE_JA[id as keyof typeof LIVE_EN]).join())
      .map(([id]) => id);
    assert.deepEqual(mismatched, []);
  });

  it('leaves no English prose in the Japanese texts, and every one of them is Japanese', () => {
    const left: string[] = [];
    for (const [id, text] of Object.entries(LIVE_JA)) {
      const withoutPlaceholders = text.replace(/\{\{\w+\}\}/g, ' ');
      for (const words of englishLeft(withoutPlaceholders)) left.push(`${id}: ${words}`);
      if (!SAME_IN_BOTH.has(id) && !/[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]/.test(text)) left.push(`${id}: not Japanese`);
    }
    assert.deepEqual(left, []);
  });

  it('renders nested phrases and lists in the language of the message', () => {
    const text = lt('route.local', { tables: lt('common.none') });
    assert.equal(renderLive(text, 'en'), "Route table none reaches the endpoint's subnets through the VPC's local route.");
    assert.equal(renderLive(text, 'ja'), 'ルートテーブルなしは、VPCのローカルルートでエンドポイントのサブネットに到達します。');
  });

  for (const [name, edit] of Object.entries(worlds)) {
    it(`${name}: every finding has a message id, and its Japanese has no English prose and keeps the AWS ids`, async () => {
      const result = await check(edit);
      assert.ok(result.findings.length > 0);
      const ja = localizeLiveResult(result, 'ja');
      assert.equal(ja.findings.length, result.findings.length);
      for (const [index, finding] of ja.findings.entries()) {
        const english = result.findings[index];
        assert.equal(typeof finding.messageId, 'string', english.message);
        assert.equal(finding.messageId, english.messageId);
        assert.equal(finding.resource, english.resource);
        assert.match(finding.message, /[\u3040-\u30ff]/);
        assert.deepEqual(englishLeft(finding.message), [], finding.message);
        for (const id of english.message.match(/\b(?:vpce|sg|subnet|rtb|acl|vpc)-[0-9a-f]+\b/g) ?? [])
          assert.ok(finding.message.includes(id), `${id} lost in: ${finding.message}`);
      }
      for (const step of [...ja.services.flatMap((path) => path.hops), ...ja.dns, ...ja.iam, ...ja.secrets, ...ja.images.filter((step) => step.texts)])
        assert.deepEqual(englishLeft(`${step.title} ${step.reason} ${step.fix ?? ''} ${step.advice ?? ''}`), [], step.reason);
    });
  }

  it('a stopped task and the hop that explains it read in Japanese', async () => {
    const result = await check((w) => {
      w.securityGroups.find((group) => group.groupId === ids.endpointSg)!.ingress = [];
      w.tasks = [
        {
          cluster: 'app',
          taskArn: `arn:aws:ecs:${ids.region}:${ids.account}:task/app/0123456789abcdef0123456789abcdef`,
          clusterArn: `arn:aws:ecs:${ids.region}:${ids.account}:cluster/app`,
          taskDefinitionArn: `arn:aws:ecs:${ids.region}:${ids.account}:task-definition/web:3`,
          lastStatus: 'STOPPED',
          desiredStatus: 'STOPPED',
          group: 'service:web',
          launchType: 'FARGATE',
          platformVersion: '1.4.0',
          stoppedReason: 'CannotPullContainerError: pull image manifest has been retried 5 time(s): dial tcp 10.0.1.20:443: i/o timeout',
          stopCode: 'TaskFailedToStart',
          stoppedAt: '2026-12-01T10:42:00.000Z',
          createdAt: '2026-12-01T10:40:00.000Z',
          containers: [],
          subnetId: ids.subnetA,
          networkInterfaceId: 'eni-0a000000000000001',
        },
      ];
    });
    const [english] = result.stops;
    assert.match(english.message, /^Your last task stopped at 2026-12-01 10:42 UTC with "CannotPullContainerError: .*" → the connection to ecr\.dkr/);
    const [stop] = localizeLiveResult(result, 'ja').stops;
    assert.equal(
      stop.headline,
      `直近に停止したタスク（2026-12-01 10:42 UTC）: ecr.dkr への接続がタイムアウトしました → ecr.dkr / エンドポイントのセキュリティグループ（インバウンド） ${ids.endpointSg}（失敗）`,
    );
    assert.match(
      stop.message,
      /^直近のタスクは 2026-12-01 10:42 UTC に "CannotPullContainerError: .*" で停止しました → ecr\.dkr への接続がタイムアウトしました。該当する箇所は ecr\.dkr \/ エンドポイントのセキュリティグループ（インバウンド）（sg-0a000000000000002）です: エンドポイントのセキュリティグループ sg-0a000000000000002 /,
    );
    assert.deepEqual(englishLeft(stop.message), [], stop.message);
    assert.deepEqual(stop.explainedBy, english.explainedBy);
  });

  it('English is the result as built: rendering in English changes nothing', async () => {
    const result = await check(worlds['network ACL deny']);
    assert.equal(localizeLiveResult(result, 'en'), result);
    assert.equal(result.findings[0].messageId, 'acl.blocks');
    assert.match(result.findings[0].message, /^Network ACL acl-\w+ blocks inbound TCP 1024-65535 from endpoint subnet /);
  });

  it('the text report and the results outline read in Japanese', async () => {
    const result = await check(worlds['private DNS off, no subnets']);
    const lines = formatLiveText(localizeLiveResult(result, 'ja'), undefined, 'ja');
    assert.match(lines[0], /^ライブチェック: サービス web（app）、vpc-/);
    assert.ok(lines.includes('  FAIL プライベートDNS ' + ids.ecrApi), lines.join('\n'));
    assert.ok(lines.includes(`      修正: ${ids.ecrApi} のプライベートDNSを有効にしてください（private_dns_enabled = true。Terraformのデフォルトは false です）。`));
    assert.match(lines[lines.length - 1], /^エラー 2 件、警告 0 件、情報 0 件、判定不能 0 件$/);
    const outline = buildResultOutline(localizeLiveResult(result, 'ja'), 'ja');
    const ecrApi = outline.find((node) => node.id === 'service/ecr.api');
    assert.ok(ecrApi);
    assert.equal(ecrApi.description, `${ids.ecrApi} — 失敗`);
    const dns = ecrApi.children.find((node) => node.label === 'プライベートDNS');
    assert.ok(dns);
    assert.deepEqual(
      dns.children.map((node) => node.label),
      ['理由', '修正'],
    );
  });
});
