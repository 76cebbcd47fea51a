/**
 * The layer wall is a checked fact: dependency-cruiser passes on the real tree, and fails on a tree
 * with each kind of violation planted (vscode or the AWS SDK in src/core, src/aws importing the
 * editor layer, a run-time import cycle, a folder cycle between model, live and aws-semantics).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const repo = path.resolve(__dirname, '../../..');
/** The dependency-cruiser command, as its package declares it (the file name changed between majors). */
const depcruise = (() => {
  const manifest = path.join(repo, 'node_modules', 'dependency-cruiser', 'package.json');
  const bin = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { bin: Record<string, string> }).bin;
  return path.join(path.dirname(manifest), bin['depcruise'] ?? bin['dependency-cruiser'] ?? Object.values(bin)[0]);
})();
const config = path.join(repo, '.dependency-cruiser.cjs');

function cruise(cwd: string, extra: string[] = []): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [depcruise, 'src', '--config', config, '--output-type', 'err', ...extra], {
    cwd,
    encoding: 'utf8',
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

function plantedTree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'private-ecr-layers-'));
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'commonjs', moduleResolution: 'node', esModuleInterop: true } }),
  );
  fs.symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('layer rules (dependency-cruiser)', function () {
  this.timeout(60000);
  const planted: string[] = [];
  after(() => {
    for (const dir of planted) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('pass on the source tree, with an empty baseline of known violations', () => {
    const result = cruise(repo);
    assert.equal(result.status, 0, result.output);
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(repo, '.dependency-cruiser-known-violations.json'), 'utf8')), []);
  });

  const cases: Array<{ name: string; rule: string; files: Record<string, string> }> = [
    {
      name: 'vscode imported in src/core',
      rule: 'core-no-vscode',
      files: { 'src/core/planted.ts': "import * as vscode from 'vscode';\nexport const api = vscode;\n" },
    },
    {
      name: 'a type-only vscode import in src/core',
      rule: 'core-no-vscode',
      files: { 'src/core/planted.ts': "import type { Uri } from 'vscode';\nexport type Planted = Uri;\n" },
    },
    {
      name: 'the AWS SDK imported in src/core',
      rule: 'core-no-aws-sdk',
      files: { 'src/core/planted.ts': "import { EC2Client } from '@aws-sdk/client-ec2';\nexport const client = EC2Client;\n" },
    },
    {
      name: 'src/core importing src/aws',
      rule: 'core-no-outer-layers',
      files: {
        'src/aws/reader.ts': 'export const reader = 1;\n',
        'src/core/planted.ts': "import { reader } from '../aws/reader';\nexport const x = reader;\n",
      },
    },
    {
      name: 'src/aws importing src/vscode',
      rule: 'aws-no-vscode',
      files: {
        'src/vscode/ui.ts': 'export const ui = 1;\n',
        'src/aws/planted.ts': "import { ui } from '../vscode/ui';\nexport const x = ui;\n",
      },
    },
    {
      name: 'a Node built-in imported in src/web',
      rule: 'web-no-node',
      files: { 'src/web/planted.ts': "import * as fs from 'fs';\nexport const x = fs;\n" },
    },
    {
      name: 'src/web importing the worker-thread analysis service',
      rule: 'web-no-node-glue',
      files: {
        'src/vscode/analysis-service.ts': 'export const service = 1;\n',
        'src/web/planted.ts': "import { service } from '../vscode/analysis-service';\nexport const x = service;\n",
      },
    },
    {
      name: 'src/core/aws-semantics importing the model',
      rule: 'aws-semantics-is-a-leaf',
      files: {
        'src/core/model/values.ts': 'export const str = 1;\n',
        'src/core/aws-semantics/planted.ts': "import { str } from '../model/values';\nexport const x = str;\n",
      },
    },
    {
      name: 'a folder cycle model <-> live through type-only imports (no module cycle)',
      rule: 'model-not-to-checks',
      files: {
        'src/core/live/types.ts': 'export interface Info { id: string }\n',
        'src/core/live/check.ts': "import { names } from '../model/names';\nexport const check = () => names;\n",
        'src/core/model/names.ts': 'export const names = [1];\n',
        'src/core/model/planted.ts': "import type { Info } from '../live/types';\nexport type Planted = Info;\n",
      },
    },
    {
      name: 'a folder cycle rules <-> fixes (a fix importing a rule helper)',
      rule: 'fixes-not-to-rules',
      files: {
        'src/core/fixes/edits.ts': 'export const edit = 1;\n',
        'src/core/rules/helpers.ts': "import { edit } from '../fixes/edits';\nexport const helper = edit;\n",
        'src/core/fixes/planted.ts': "import { helper } from '../rules/helpers';\nexport const x = helper;\n",
      },
    },
    {
      name: 'a static rule importing the live check',
      rule: 'live-only-from-outside-core',
      files: {
        'src/core/live/images.ts': 'export const classify = 1;\n',
        'src/core/rules/planted.ts': "import { classify } from '../live/images';\nexport const x = classify;\n",
      },
    },
    {
      name: 'a run-time import cycle',
      rule: 'no-circular',
      files: {
        'src/core/a.ts': "import { b } from './b';\nexport const a = () => b();\n",
        'src/core/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
      },
    },
  ];
  for (const c of cases) {
    it(`fail on ${c.name} (${c.rule})`, () => {
      const dir = plantedTree(c.files);
      planted.push(dir);
      const result = cruise(dir);
      assert.notEqual(result.status, 0, `expected a violation:\n${result.output}`);
      assert.match(result.output, new RegExp(`\\b${c.rule}\\b`));
    });
  }
});
