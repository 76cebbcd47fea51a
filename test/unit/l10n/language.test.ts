import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { main } from '../../../src/cli';
import { languageFromEnvironment, languageOfLocale } from '../../../src/core/l10n/language';

const repo = path.resolve(__dirname, '../../..');

async function run(args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const saved: Record<string, string | undefined> = {};
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    saved[name] = process.env[name];
    delete process.env[name];
    if (env[name] !== undefined) process.env[name] = env[name];
  }
  let stdout = '';
  let stderr = '';
  try {
    const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { code, stdout, stderr };
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

describe('choosing the language', () => {
  it('reads locale names', () => {
    for (const name of ['ja', 'ja-JP', 'ja_JP.UTF-8', 'ja_JP.eucJP', 'JA_jp@x']) assert.equal(languageOfLocale(name), 'ja', name);
    for (const name of ['en_US.UTF-8', 'C', 'POSIX', 'C.UTF-8', 'de_DE', 'jav']) assert.equal(languageOfLocale(name), 'en', name);
    assert.equal(languageOfLocale(''), undefined);
    assert.equal(languageOfLocale(undefined), undefined);
  });

  it('takes LC_ALL over LC_MESSAGES over LANG, skipping empty ones', () => {
    assert.equal(languageFromEnvironment({ LANG: 'ja_JP.UTF-8' }), 'ja');
    assert.equal(languageFromEnvironment({ LANG: 'ja_JP.UTF-8', LC_MESSAGES: 'C' }), 'en');
    assert.equal(languageFromEnvironment({ LANG: 'en_US.UTF-8', LC_MESSAGES: 'ja_JP.UTF-8' }), 'ja');
    assert.equal(languageFromEnvironment({ LC_ALL: 'ja_JP.UTF-8', LC_MESSAGES: 'en_US.UTF-8' }), 'ja');
    assert.equal(languageFromEnvironment({ LC_ALL: '', LANG: 'ja_JP.UTF-8' }), 'ja');
    assert.equal(languageFromEnvironment({}), 'en');
  });
});

describe('private-ecr check --lang', () => {
  const cwd = process.cwd();
  before(() => process.chdir(repo));
  after(() => process.chdir(cwd));

  it('prints Japanese messages with --lang ja and keeps the message id in JSON', async () => {
    const r = await run(['check', 'examples/article-broken', '--lang', 'ja', '--format', 'json']);
    assert.equal(r.code, 1, r.stderr);
    const json = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; messageId?: string; message: string; fixes?: Array<{ title: string }> }> };
    const dkr = json.findings.find((f) => f.ruleId === 'ecr-dkr-endpoint')!;
    assert.equal(dkr.messageId, 'missing');
    assert.match(dkr.message, /^aws_ecs_service\.app 用の ecr\.dkr エンドポイントがありません。/);
    assert.ok(dkr.message.includes('"dial tcp <public ip>:443: i/o timeout"'), 'the ECS error text stays in English');
    assert.equal(dkr.fixes?.[0].title, 'ECR DKRエンドポイントを追加');
    for (const finding of json.findings) if (finding.ruleId !== 'internal-error') assert.ok(finding.messageId, `${finding.ruleId} has no messageId`);
  });

  it('follows LANG=ja_JP.UTF-8, and --lang en wins over it', async () => {
    const ja = await run(['check', 'examples/article-broken'], { LANG: 'ja_JP.UTF-8' });
    assert.match(ja.stdout, /error ecr-dkr-endpoint aws_ecs_service\.app 用の ecr\.dkr エンドポイントがありません。/);
    assert.match(ja.stdout, /件の問題（エラー \d+、警告 \d+、情報 \d+）/);
    const en = await run(['check', 'examples/article-broken', '--lang', 'en'], { LANG: 'ja_JP.UTF-8', LC_ALL: 'ja_JP.UTF-8' });
    assert.match(en.stdout, /error ecr-dkr-endpoint No ecr\.dkr endpoint for aws_ecs_service\.app\./);
    const c = await run(['check', 'examples/article-broken'], { LANG: 'ja_JP.UTF-8', LC_ALL: 'C' });
    assert.match(c.stdout, /No ecr\.dkr endpoint/);
  });

  it('writes SARIF with the language and every result\'s message id', async () => {
    const r = await run(['check', 'examples/article-broken', '--lang', 'ja', '--format', 'sarif']);
    const sarif = JSON.parse(r.stdout) as { runs: Array<{ language?: string; tool: { driver: { rules: Array<{ id: string; helpUri: string; shortDescription: { text: string } }> } }; results: Array<{ ruleId: string; message: { text: string }; properties?: { messageId?: string } }> }> };
    assert.equal(sarif.runs[0].language, 'ja');
    const rule = sarif.runs[0].tool.driver.rules.find((x) => x.id === 'ecr-dkr-endpoint')!;
    assert.match(rule.helpUri, /\/docs\/ja\/rules\/ecr-dkr-endpoint\.md$/);
    assert.equal(rule.shortDescription.text, 'ECRのDockerレジストリ用エンドポイント');
    const dkr = sarif.runs[0].results.find((x) => x.ruleId === 'ecr-dkr-endpoint')!;
    assert.equal(dkr.properties?.messageId, 'missing');
    assert.match(dkr.message.text, /エンドポイントがありません/);
  });

  it('refuses an unknown language with exit status 2', async () => {
    const r = await run(['check', 'examples/article-broken', '--lang', 'fr']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--lang takes en or ja, got "fr"/);
  });

  it('lists the rules with their Japanese titles', async () => {
    const r = await run(['rules', '--lang', 'ja']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^ecr-dkr-endpoint +error +fix ECRのDockerレジストリ用エンドポイント$/m);
    const json = JSON.parse((await run(['rules', '--lang', 'ja', '--format', 'json'])).stdout) as Array<{ id: string; title: string }>;
    assert.equal(json.find((m) => m.id === 'execution-role')?.title, 'タスク実行ロールでECRからプルできる');
  });
});
