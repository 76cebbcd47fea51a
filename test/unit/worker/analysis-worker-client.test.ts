/**
 * The editor's analysis worker under its limits, with the real worker code in a real worker thread:
 * a request over its time limit fails as `timeout` and the next request gets a fresh worker; a
 * worker over its memory limit dies, the request fails with a clear reason, and the next one works.
 * (The analysis service then reports the failed request; it never runs it on the extension host.)
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AnalysisWorkerClient, AnalysisWorkerError } from '../../../src/vscode/analysis-worker-client';
import { removeTree, writeTree } from '../support/temp-module';

const ENTRY = path.resolve(__dirname, '../support/analysis-worker-entry.js');
const EXAMPLE = path.resolve(__dirname, '../../../examples/article-broken');

describe('analysis worker client: limits', function () {
  this.timeout(120_000);
  const clients: AnalysisWorkerClient[] = [];
  const dirs: string[] = [];
  after(() => {
    clients.forEach((c) => c.dispose());
    dirs.forEach(removeTree);
  });
  const client = (limits?: ConstructorParameters<typeof AnalysisWorkerClient>[2]) => {
    const c = new AnalysisWorkerClient(ENTRY, () => undefined, limits);
    clients.push(c);
    return c;
  };

  it('analyses a root in the worker', async () => {
    const result = await client().analyze(EXAMPLE, [], {});
    assert.ok(result.findings.some((f) => f.ruleId === 'ecr-dkr-endpoint'));
  });

  it('fails a request over its time limit as a time-out and restarts the worker for the next one', async () => {
    const c = client({ requestTimeoutMs: 1, resourceLimits: { maxOldGenerationSizeMb: 512 } });
    await assert.rejects(
      c.analyze(EXAMPLE, [], {}),
      (error: unknown) =>
        error instanceof AnalysisWorkerError && error.reason === 'timeout' && /did not finish within 0.001 s/.test(error.message),
    );
    await assert.rejects(
      c.analyze(EXAMPLE, [], {}),
      (error: unknown) => error instanceof AnalysisWorkerError && error.reason === 'timeout',
    );
    assert.equal(c.starts, 2);
  });

  it('fails a request that runs the worker out of memory, and works again with a new worker', async () => {
    // 2,000 module instances of 1,000 endpoints each do not fit in 32 MB of heap.
    const call = (source: string) => `module "m" {\n  source = "${source}"\n  count  = 1000\n}\n`;
    const dir = writeTree({
      'main.tf': call('./a'),
      'a/main.tf': call('./b'),
      'a/b/main.tf':
        'resource "aws_vpc_endpoint" "e" {\n  count        = 1000\n  vpc_id       = "vpc-1"\n  service_name = "com.amazonaws.us-east-1.ecr.dkr"\n}\n',
    });
    dirs.push(dir);
    const c = client({ requestTimeoutMs: 100_000, resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 8 } });
    await assert.rejects(
      c.analyze(dir, [], {}),
      (error: unknown) => error instanceof AnalysisWorkerError && (error.reason === 'error' || error.reason === 'exited'),
    );
    const result = await c.analyze(EXAMPLE, [], {});
    assert.ok(result.findings.some((f) => f.ruleId === 'ecr-dkr-endpoint'));
    assert.equal(c.starts, 2);
  });
});

describe('analysis worker client: everything that parses runs in the worker', function () {
  this.timeout(120_000);
  const clients: AnalysisWorkerClient[] = [];
  const dirs: string[] = [];
  after(() => {
    clients.forEach((c) => c.dispose());
    dirs.forEach(removeTree);
  });
  const client = () => {
    const c = new AnalysisWorkerClient(ENTRY, () => undefined);
    clients.push(c);
    return c;
  };

  it('never starts hcl2json when there is no syntax error', async () => {
    const c = client();
    const { findings } = await c.analyze(EXAMPLE, [], {});
    const worded = await c.word(findings, []);
    assert.deepEqual(worded.findings, findings);
    assert.equal(c.stats.hcl2jsonStarts, 0);
  });

  it("words syntax errors with Terraform's message in the worker, starting hcl2json once for many", async () => {
    const dir = writeTree({
      'a/main.tf': 'resource "aws_vpc" "main" {\n  cidr_block =\n}\n',
      'b/main.tf': 'locals {\n  x = [1, 2\n}\n',
    });
    dirs.push(dir);
    const c = client();
    const edited = { path: path.join(dir, 'b', 'extra.tf'), version: 1, text: () => 'locals {\n  y = 1 +\n}\n' };
    for (const [root, documents] of [
      [path.join(dir, 'a'), []],
      [path.join(dir, 'b'), []],
      [path.join(dir, 'b'), [edited]],
      [path.join(dir, 'b'), [{ ...edited, version: 2, text: () => 'locals {\n  y = (\n}\n' }]],
    ] as const) {
      const { findings } = await c.analyze(root, [...documents], {});
      const syntax = findings.filter((f) => f.ruleId === 'hcl-syntax');
      assert.ok(syntax.length > 0, `no syntax finding in ${root}`);
      const worded = await c.word(findings, [...documents]);
      const files = new Set(syntax.map((f) => f.file));
      for (const file of files) {
        assert.ok(
          worded.findings.some((f) => f.file === file && f.ruleId === 'hcl-syntax' && /\(Terraform, line \d+/.test(f.message)),
          `no Terraform wording for ${file}`,
        );
      }
    }
    assert.equal(c.stats.hcl2jsonStarts, 1);
  });

  it('answers the module graph, the block at a position and fix-all from the texts it was sent', async () => {
    const dir = writeTree({
      'main.tf': 'module "app" {\n  source = "./app"\n}\n',
      'app/main.tf': 'variable "x" {\n  default = 1\n}\n',
      'other/main.tf': 'locals {\n  y = 2\n}\n',
    });
    dirs.push(dir);
    const c = client();
    c.setFolders([dir]);
    assert.deepEqual(await c.roots([]), [dir, path.join(dir, 'other')].sort());
    assert.deepEqual(await c.rootsFor(path.join(dir, 'app'), []), [dir]);

    const ecs = path.join(EXAMPLE, 'ecs.tf');
    const unsaved = `# unsaved line\n${fs.readFileSync(ecs, 'utf8')}`;
    const documents = [{ path: ecs, version: 7, text: () => unsaved }];
    const serviceLine = unsaved.split('\n').findIndex((line) => line.startsWith('resource "aws_ecs_service" "app"'));
    const block = await c.blockAt(ecs, { line: serviceLine + 1, character: 2 }, documents);
    assert.deepEqual(block && { type: block.type, labels: block.labels, line: block.range.start.line }, {
      type: 'resource',
      labels: ['aws_ecs_service', 'app'],
      line: serviceLine,
    });
    assert.equal(await c.blockAt(ecs, { line: 0, character: 3 }, documents), null);

    c.setFolders([EXAMPLE]);
    const fixed = await c.fixAll([EXAMPLE], { file: ecs, ruleIds: ['ecr-dkr-endpoint'], resource: 'aws_ecs_service.app' }, documents, {});
    assert.ok(fixed.edits.length > 0, 'fix-all returned no edit');
    assert.ok(fixed.edits.every((e) => e.file.startsWith(EXAMPLE)));
    assert.ok(
      fixed.edits.some((e) => e.newText.includes('ecr.dkr')),
      'no ecr.dkr endpoint was added',
    );
  });
});
