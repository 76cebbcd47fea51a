import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rulesDocument } from '../../../scripts/gen-docs';
import { CHECKER_MESSAGES } from '../../../src/core/rules/checker-messages';
import { allRuleMetas, LIVE_ONLY_RULE_IDS, RULES } from '../../../src/core/rules/registry';

const root = path.resolve(__dirname, '../../..');
const catalog = fs.readFileSync(path.join(root, 'docs', 'catalog', 'rule-catalog.md'), 'utf8');

describe('rule registry parity', () => {
  it('implements every catalog rule that can be seen in Terraform, with the catalog ids', () => {
    const catalogIds = [...catalog.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);
    assert.ok(catalogIds.length >= 19, 'catalog table not found');
    const registered = new Set<string>(RULES.map((r) => r.meta.id));
    const missing = catalogIds.filter((id) => !registered.has(id) && !(LIVE_ONLY_RULE_IDS as readonly string[]).includes(id));
    assert.deepEqual(missing, []);
  });

  for (const rule of RULES) {
    const id = rule.meta.id;
    describe(id, () => {
      it('has valid and invalid fixtures', () => {
        for (const kind of ['valid', 'invalid']) {
          const dir = path.join(root, 'test', 'fixtures', 'rules', id, kind);
          assert.ok(fs.existsSync(dir) && fs.readdirSync(dir).length > 0, `missing ${path.relative(root, dir)}`);
        }
      });
      it('has a fixed output for at least one invalid case when fixable', function () {
        if (!rule.meta.fixable) this.skip();
        const dir = path.join(root, 'test', 'fixtures', 'rules', id, 'invalid');
        const withFixed = fs.existsSync(dir) ? fs.readdirSync(dir).filter((c) => fs.existsSync(path.join(dir, c, 'fixed'))) : [];
        assert.ok(withFixed.length > 0, `no invalid case of ${id} has a fixed/ folder`);
      });
      it('has a documentation page', () => {
        assert.ok(fs.existsSync(path.join(root, 'docs', 'rules', `${id}.md`)), `missing docs/rules/${id}.md`);
      });
      it('has a message for every message id and a description', () => {
        assert.ok(rule.meta.description.length > 20);
        assert.ok(Object.keys(rule.meta.messages).length > 0);
      });
    });
  }

  it('documents the checker messages', () => {
    for (const meta of CHECKER_MESSAGES)
      assert.ok(fs.existsSync(path.join(root, 'docs', 'rules', `${meta.id}.md`)), `missing docs/rules/${meta.id}.md`);
  });

  it('keeps docs/rules.md generated from the registry and the pages', () => {
    assert.equal(fs.readFileSync(path.join(root, 'docs', 'rules.md'), 'utf8'), rulesDocument(), 'run: npx tsx scripts/gen-docs.ts');
  });

  it('has unique ids', () => {
    const ids = allRuleMetas().map((m) => m.id);
    assert.equal(new Set(ids).size, ids.length);
  });
});
