/**
 * Ignore comments: above a block, above one argument, for a whole file, several ids at once, and the
 * reason kept. Suppressed findings leave the text output and the exit status but stay in JSON and
 * SARIF, marked with their reason.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli';
import { analyzeRoot } from '../../../src/core/analyze';

const repo = path.resolve(__dirname, '../../..');
const broken = path.join(repo, 'examples', 'article-broken');

async function run(args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: () => undefined });
  return { code, stdout };
}

describe('ignore comments', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'private-ecr-ignore-'));
    fs.cpSync(broken, dir, { recursive: true });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const findingsOf = () => analyzeRoot(dir);
  const edit = (file: string, change: (text: string) => string) =>
    fs.writeFileSync(path.join(dir, file), change(fs.readFileSync(path.join(dir, file), 'utf8')));

  /** The file, line and rule of a finding to suppress: the first one of `ruleId`. */
  function first(ruleId: string) {
    const finding = findingsOf().find((f) => f.ruleId === ruleId);
    assert.ok(finding?.file && finding.range, `the example reports ${ruleId}`);
    return { file: path.basename(finding.file), line: finding.range.start.line };
  }

  it('a comment above an argument suppresses findings inside that argument only', () => {
    const before = findingsOf();
    const images = before.filter((f) => f.ruleId === 'image-registry' && path.basename(f.file ?? '') === 'ecs.tf');
    assert.ok(images.length > 0, 'the example reports image-registry in ecs.tf');
    const lines = fs.readFileSync(path.join(dir, 'ecs.tf'), 'utf8').split('\n');
    const at = lines.findIndex((l) => /^\s*container_definitions\s*=/.test(l));
    assert.ok(at > 0);
    lines.splice(at, 0, `${/^\s*/.exec(lines[at])![0]}# private-ecr:ignore image-registry,logs-endpoint mirrored by the platform team`);
    fs.writeFileSync(path.join(dir, 'ecs.tf'), lines.join('\n'));
    const after = findingsOf();
    assert.ok(
      !after.some((f) => f.ruleId === 'image-registry' && path.basename(f.file ?? '') === 'ecs.tf'),
      'findings inside the argument are suppressed',
    );
    // The same block's other findings (on its header, outside the argument) stay.
    const outside = before.filter((f) => path.basename(f.file ?? '') === 'ecs.tf' && f.ruleId === 'execution-role').length;
    assert.ok(outside > 0);
    assert.equal(after.filter((f) => path.basename(f.file ?? '') === 'ecs.tf' && f.ruleId === 'execution-role').length, outside);
  });

  it('ignore-file with several ids silences them in the whole file, and only there', () => {
    const target = first('execution-role');
    const others = findingsOf().filter((f) => f.ruleId === 'execution-role' && path.basename(f.file ?? '') !== target.file).length;
    edit(target.file, (t) => `# private-ecr:ignore-file execution-role, image-registry roles come from the platform stack\n${t}`);
    const after = findingsOf();
    assert.equal(after.filter((f) => f.ruleId === 'execution-role').length, others);
    assert.ok(!after.some((f) => f.ruleId === 'image-registry' && path.basename(f.file ?? '') === target.file));
  });

  it('keeps suppressed findings in JSON and SARIF with the reason, out of text and the exit status', async () => {
    const target = first('image-registry');
    edit(target.file, (t) => `# private-ecr:ignore-file image-registry mirrored by the platform team\n${t}`);
    const json = JSON.parse((await run(['check', dir, '--format', 'json'])).stdout) as {
      findings: Array<{ ruleId: string; suppressed?: { justification: string }; messageId?: string }>;
    };
    const suppressed = json.findings.filter((f) => f.suppressed);
    assert.ok(suppressed.length > 0);
    assert.ok(suppressed.every((f) => f.ruleId === 'image-registry' && f.suppressed!.justification === 'mirrored by the platform team'));
    assert.ok(
      json.findings.filter((f) => !f.suppressed && f.ruleId !== 'hcl-syntax').every((f) => typeof f.messageId === 'string'),
      'rule findings carry their message id',
    );
    const text = await run(['check', dir]);
    assert.doesNotMatch(text.stdout, / image-registry /);
    const sarif = JSON.parse((await run(['check', dir, '--format', 'sarif'])).stdout) as {
      runs: Array<{ results: Array<{ ruleId: string; suppressions?: Array<{ justification: string }> }> }>;
    };
    assert.ok(
      sarif.runs[0].results.some(
        (r) => r.ruleId === 'image-registry' && r.suppressions?.[0].justification === 'mirrored by the platform team',
      ),
    );
  });

  it('a file of only suppressed errors exits 0', async () => {
    const files = fs.readdirSync(dir).filter((n) => n.endsWith('.tf'));
    for (const name of files) edit(name, (t) => `# private-ecr:ignore-file all accepted risk for this test\n${t}`);
    const result = await run(['check', dir]);
    assert.equal(result.code, 0, result.stdout);
  });
});
