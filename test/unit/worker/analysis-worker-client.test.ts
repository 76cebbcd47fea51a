/**
 * The editor's analysis worker under its limits, with the real worker code in a real worker thread:
 * a request over its time limit fails as `timeout` and the next request gets a fresh worker; a
 * worker over its memory limit dies, the request fails with a clear reason, and the next one works.
 * (The analysis service then reports the failed request; it never runs it on the extension host.)
 */
import * as assert from 'node:assert/strict';
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
    await assert.rejects(c.analyze(EXAMPLE, [], {}), (error: unknown) => error instanceof AnalysisWorkerError && error.reason === 'timeout' && /did not finish within 0.001 s/.test(error.message));
    await assert.rejects(c.analyze(EXAMPLE, [], {}), (error: unknown) => error instanceof AnalysisWorkerError && error.reason === 'timeout');
    assert.equal(c.starts, 2);
  });

  it('fails a request that runs the worker out of memory, and works again with a new worker', async () => {
    // 2,000 module instances of 1,000 endpoints each do not fit in 32 MB of heap.
    const call = (source: string) => `module "m" {\n  source = "${source}"\n  count  = 1000\n}\n`;
    const dir = writeTree({
      'main.tf': call('./a'),
      'a/main.tf': call('./b'),
      'a/b/main.tf': 'resource "aws_vpc_endpoint" "e" {\n  count        = 1000\n  vpc_id       = "vpc-1"\n  service_name = "com.amazonaws.us-east-1.ecr.dkr"\n}\n',
    });
    dirs.push(dir);
    const c = client({ requestTimeoutMs: 100_000, resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 8 } });
    await assert.rejects(c.analyze(dir, [], {}), (error: unknown) => error instanceof AnalysisWorkerError && (error.reason === 'error' || error.reason === 'exited'));
    const result = await c.analyze(EXAMPLE, [], {});
    assert.ok(result.findings.some((f) => f.ruleId === 'ecr-dkr-endpoint'));
    assert.equal(c.starts, 2);
  });
});
