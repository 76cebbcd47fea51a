/**
 * A crash in the analysis of one root (here: a reader that throws, standing in for a bug in the model or
 * the parser) becomes one internal-error finding for that root; the other roots are still analysed and
 * reported, so the CLI prints partial results and exits 2.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzePaths } from '../../../src/core/analyze';
import { DiskReader, type SourceReader } from '../../../src/core/model/source';

const repo = path.resolve(__dirname, '../../..');

describe('a crash in one root', () => {
  it('is one internal-error finding naming the root; the other roots keep their findings', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'private-ecr-crash-'));
    try {
      fs.cpSync(path.join(repo, 'examples', 'article-broken'), path.join(dir, 'a'), { recursive: true });
      fs.cpSync(path.join(repo, 'examples', 'article-broken'), path.join(dir, 'b'), { recursive: true });
      const disk = new DiskReader();
      // The root search reads only configuration files; the variable file is read while b's configuration is built.
      const tfvars = path.join(dir, 'b', 'terraform.tfvars');
      fs.writeFileSync(tfvars, 'unused = "x"\n');
      const reader: SourceReader = {
        readText: (p) => {
          if (p === tfvars) throw new Error('simulated crash while reading');
          return disk.readText(p);
        },
        listDir: (p) => disk.listDir(p),
        realPath: (p) => disk.realPath(p),
        isDirectory: (p) => disk.isDirectory(p),
      };
      const result = analyzePaths([dir], { reader });
      const crashes = result.findings.filter((f) => f.ruleId === 'internal-error');
      assert.equal(crashes.length, 1, JSON.stringify(crashes));
      assert.match(crashes[0].message, /The analysis of the module .*b failed: simulated crash while reading\. Its findings are missing/);
      assert.ok(
        result.findings.some((f) => f.ruleId === 'ecr-dkr-endpoint' && f.file?.startsWith(path.join(dir, 'a') + path.sep)),
        'root a is still reported',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
