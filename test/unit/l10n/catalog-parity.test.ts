import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzePaths } from '../../../src/core/analyze';
import { JA_MESSAGES, JA_TITLES } from '../../../src/core/l10n/ja';
import { localizedDocsUrl, localizeFinding, localizePhrase, tidyJapaneseSpacing } from '../../../src/core/l10n/localize';
import { allRuleMetas, LIVE_ONLY_RULE_IDS } from '../../../src/core/rules/registry';
import { caseOptions, listFixtureCases } from '../rules/fixture-runner';
import { englishLeft } from './english-left';

/** The `{{placeholders}}` of a template, sorted and without repeats. */
function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]))].sort();
}

describe('Japanese message catalog', () => {
  it('has a Japanese message for every rule message id, and none for an id no rule has', () => {
    const english = new Map<string, string>();
    for (const meta of allRuleMetas()) for (const [id, text] of Object.entries(meta.messages)) english.set(`${meta.id}.${id}`, text);
    const japanese = new Map<string, string>();
    for (const [ruleId, messages] of Object.entries(JA_MESSAGES)) for (const [id, text] of Object.entries(messages)) japanese.set(`${ruleId}.${id}`, text);
    const missing = [...english.keys()].filter((k) => !japanese.has(k));
    const extra = [...japanese.keys()].filter((k) => !english.has(k));
    assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, 'add the missing keys to src/core/l10n/ja.ts and remove the extra ones');
  });

  it('has a Japanese title for every rule id, and none for an id no rule has', () => {
    const ids = [...allRuleMetas().map((m) => m.id), ...LIVE_ONLY_RULE_IDS];
    const titled = Object.keys(JA_TITLES);
    assert.deepEqual({ missing: ids.filter((id) => !titled.includes(id)), extra: titled.filter((id) => !ids.includes(id)) }, { missing: [], extra: [] });
  });

  it('has a Japanese documentation page for every rule id, and none for an id no rule has', () => {
    const root = path.resolve(__dirname, '../../..');
    const dir = path.join(root, 'docs', 'ja', 'rules');
    const ids = [...allRuleMetas().map((m) => m.id), ...LIVE_ONLY_RULE_IDS];
    const pages = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3)) : [];
    assert.deepEqual({ missing: ids.filter((id) => !pages.includes(id)), extra: pages.filter((id) => !ids.includes(id)) }, { missing: [], extra: [] });
    for (const id of ids) {
      const text = fs.readFileSync(path.join(dir, `${id}.md`), 'utf8');
      assert.ok(text.startsWith(`## ${id}\n`), `docs/ja/rules/${id}.md must open with "## ${id}"`);
      assert.ok(text.includes(JA_TITLES[id]), `docs/ja/rules/${id}.md must name the rule's Japanese title`);
      for (const link of text.matchAll(/\]\((?!https?:)([^)#]+)/g)) assert.ok(fs.existsSync(path.join(dir, link[1])), `docs/ja/rules/${id}.md links to a missing ${link[1]}`);
      assert.ok(localizedDocsUrl(id, 'ja').endsWith(`/docs/ja/rules/${id}.md`));
    }
  });

  it('uses the same placeholders in both languages', () => {
    const mismatched: string[] = [];
    for (const meta of allRuleMetas()) {
      for (const [id, text] of Object.entries(meta.messages)) {
        const ja = JA_MESSAGES[meta.id]?.[id];
        if (ja === undefined) continue;
        const want = placeholders(text).join(',');
        const got = placeholders(ja).join(',');
        if (want !== got) mismatched.push(`${meta.id}.${id}: en {${want}} ja {${got}}`);
      }
    }
    assert.deepEqual(mismatched, []);
  });

  it('opens every Japanese message with a headline sentence and keeps the ECS error texts in English', () => {
    const problems: string[] = [];
    for (const meta of allRuleMetas()) {
      for (const [id, text] of Object.entries(meta.messages)) {
        const ja = JA_MESSAGES[meta.id]?.[id];
        if (ja === undefined) continue;
        const end = ja.indexOf('。');
        if (end < 0 || end > 90) problems.push(`${meta.id}.${id}: no short headline`);
        // Every quoted error text of the English ("dial tcp …", "CannotPullContainerError …") is quoted in the Japanese too.
        for (const quoted of text.match(/"[^"]*(?:Error|timeout|failed open)[^"]*"/g) ?? []) if (!ja.includes(quoted)) problems.push(`${meta.id}.${id}: lost ${quoted}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('leaves no English prose in the Japanese findings of the rule fixtures', function () {
    this.timeout(120000);
    const left = new Map<string, string>();
    for (const fixture of listFixtureCases()) {
      if (fixture.kind !== 'invalid') continue;
      for (const finding of analyzePaths([fixture.dir], caseOptions(fixture.dir)).findings) {
        // The checker's load problems keep Terraform's own English wording on purpose.
        if (!finding.messageId) continue;
        const ja = localizeFinding(finding, 'ja');
        const texts = [ja.message, ...(ja.related ?? []).map((r) => r.message), ...(ja.fixes ?? []).map((f) => f.title)];
        for (const text of texts) for (const words of englishLeft(text)) left.set(`${finding.ruleId}.${finding.messageId}: "${words}"`, `${fixture.ruleId}/${fixture.kind}/${fixture.name}`);
        for (const fix of ja.fixes ?? []) if (!/[\u3040-\u30ff\u4e00-\u9fff]/.test(fix.title)) left.set(`fix title "${fix.title}"`, `${fixture.ruleId}/${fixture.name}`);
      }
    }
    assert.deepEqual([...left].map(([what, where]) => `${what} (${where})`), [], 'add the phrases to JA_PHRASES or JA_PATTERNS in src/core/l10n/ja.ts');
  });
});

describe('localizing phrases', () => {
  it('translates captured parts and lists, and keeps what it does not know', () => {
    assert.equal(localizePhrase('to log in to ECR; to pull app:1', 'ja'), 'ECRへのログインに必要、app:1 のプルに必要');
    assert.equal(localizePhrase('ecr:A, ecr:B and ecr:C', 'ja'), 'ecr:A、ecr:B、ecr:C');
    assert.equal(localizePhrase('something nobody wrote down, really', 'ja'), 'something nobody wrote down, really');
    assert.equal(localizePhrase('Add ECR DKR endpoint', 'en'), 'Add ECR DKR endpoint');
  });

  it('drops a space only between two Japanese characters', () => {
    assert.equal(tidyJapaneseSpacing('暗黙の deny（許可するルールがない） で拒否'), '暗黙の deny（許可するルールがない）で拒否');
    assert.equal(tidyJapaneseSpacing('aws_vpc.main の設定'), 'aws_vpc.main の設定');
  });
});
