/**
 * `terraform` blocks in override files are merged as Terraform merges them ("Override Files",
 * "Merging terraform blocks"): each setting replaces the original's, `required_providers` entry by
 * entry (each entry whole), a `backend` or `cloud` block replaces the original's backend and cloud.
 * The same files are given to the real `terraform init`, whose choices must match the merged view.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Configuration } from '../../../src/core/model/config';
import { Scope } from '../../../src/core/model/evaluator';
import { ParseCache } from '../../../src/core/model/loader';
import { isMergedBlock, originFile } from '../../../src/core/model/merge';
import { DiskReader } from '../../../src/core/model/source';
import { toPlain } from '../../../src/core/model/values';
import { findProviderMirror } from '../support/terraform-validate';
import { removeTree, writeTree } from '../support/temp-module';

const MAIN = `terraform {
  required_version = "< 0.1"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "< 1.0"
    }
    aws2 = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }

  cloud {
    organization = "example"

    workspaces {
      name = "app"
    }
  }
}
`;

const OVERRIDE = `terraform {
  required_version = ">= 1.0"

  required_providers {
    aws = {
      version = ">= 5.0"
    }
  }

  backend "local" {
    path = "override.tfstate"
  }
}
`;

const OVERRIDE_JSON = JSON.stringify(
  {
    terraform: {
      required_version: '>= 1.0',
      required_providers: { aws: { version: '>= 5.0' } },
      backend: { local: { path: 'override.tfstate' } },
    },
  },
  null,
  2,
);

/** The settings of the module's merged terraform blocks, as plain values. */
function settingsOf(dir: string) {
  const configuration = new Configuration(dir, new DiskReader(), new ParseCache());
  const blocks = configuration.root.topBlocks('terraform');
  const scope = Scope.of(configuration.root);
  const requiredVersion: unknown[] = [];
  const providers: Record<string, unknown> = {};
  const backends: string[] = [];
  for (const { block } of blocks) {
    for (const item of block.body.items) {
      if (item.kind === 'attribute' && item.name === 'required_version')
        requiredVersion.push(toPlain(configuration.evaluator.evaluate(item.expr, scope)));
      else if (item.kind === 'block' && item.type === 'required_providers') {
        for (const entry of item.body.items)
          if (entry.kind === 'attribute') providers[entry.name] = toPlain(configuration.evaluator.evaluate(entry.expr, scope));
      } else if (item.kind === 'block' && (item.type === 'backend' || item.type === 'cloud'))
        backends.push([item.type, ...item.labels].join(' '));
    }
  }
  return { blocks, requiredVersion, providers, backends, problems: configuration.problems };
}

describe('override files: terraform blocks', () => {
  const dirs: string[] = [];
  const tree = (files: Record<string, string>) => {
    const dir = writeTree(files);
    dirs.push(dir);
    return dir;
  };
  after(() => dirs.forEach(removeTree));

  for (const [label, overrideName, overrideText] of [
    ['override.tf', 'override.tf', OVERRIDE],
    ['a JSON override file', 'versions_override.tf.json', OVERRIDE_JSON],
  ] as const) {
    it(`merges ${label} setting by setting, required_providers entry by entry`, () => {
      const dir = tree({ 'main.tf': MAIN, [overrideName]: overrideText });
      const settings = settingsOf(dir);
      assert.deepEqual(settings.problems, []);
      assert.equal(settings.blocks.length, 1, 'merged into the original block, not appended');
      assert.ok(isMergedBlock(settings.blocks[0].block));
      assert.equal(settings.blocks[0].file, path.join(dir, 'main.tf'));
      assert.deepEqual(settings.requiredVersion, ['>= 1.0']);
      // The override's entry replaces the original's whole (its source too); the other entry stays.
      assert.deepEqual(settings.providers, { aws: { version: '>= 5.0' }, aws2: { source: 'hashicorp/aws', version: '~> 5.0' } });
      assert.deepEqual(settings.backends, ['backend local']);
      const version = settings.blocks[0].block.body.items.find((i) => i.kind === 'attribute' && i.name === 'required_version')!;
      assert.equal(originFile(version), path.join(dir, overrideName));
    });
  }

  it('applies override files in name order, later ones winning', () => {
    const dir = tree({
      'main.tf': MAIN,
      'a_override.tf': 'terraform {\n  required_version = ">= 1.1"\n}\n',
      'b_override.tf': 'terraform {\n  required_version = ">= 1.2"\n\n  cloud {\n    organization = "other"\n  }\n}\n',
    });
    const settings = settingsOf(dir);
    assert.deepEqual(settings.requiredVersion, ['>= 1.2']);
    assert.deepEqual(settings.backends, ['cloud']);
    assert.deepEqual(Object.keys(settings.providers), ['aws', 'aws2']);
  });

  it('merges into whichever original block holds required_providers', () => {
    const dir = tree({
      'versions.tf': 'terraform {\n  required_version = "< 0.1"\n}\n',
      'providers.tf':
        'terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = "< 1.0"\n    }\n  }\n}\n',
      'override.tf': OVERRIDE,
    });
    const settings = settingsOf(dir);
    assert.equal(settings.blocks.length, 2);
    assert.deepEqual(settings.requiredVersion, ['>= 1.0']);
    assert.deepEqual(settings.providers, { aws: { version: '>= 5.0' } });
    const providerBlocks = settings.blocks.filter((b) =>
      b.block.body.items.some((i) => i.kind === 'block' && i.type === 'required_providers'),
    );
    assert.equal(providerBlocks.length, 1);
    assert.equal(providerBlocks[0].file, path.join(dir, 'providers.tf'));
  });

  it('keeps an override terraform block without an original as written (no error: it has no address)', () => {
    const dir = tree({ 'main.tf': 'locals {\n  a = 1\n}\n', 'override.tf': OVERRIDE });
    const settings = settingsOf(dir);
    assert.deepEqual(settings.problems, []);
    assert.deepEqual(settings.requiredVersion, ['>= 1.0']);
    assert.deepEqual(settings.backends, ['backend local']);
  });

  it('matches what the real terraform init chooses for the same files', function () {
    this.timeout(180_000);
    if (spawnSync('terraform', ['version'], { encoding: 'utf8' }).status !== 0)
      throw new Error('terraform is not on PATH: this test runs the real terraform init');
    const mirror = findProviderMirror();
    const dir = tree({ 'main.tf': MAIN, 'override.tf': OVERRIDE });
    const settings = settingsOf(dir);
    const env: NodeJS.ProcessEnv = { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
    delete env.TF_DATA_DIR;
    const init = spawnSync('terraform', ['init', `-plugin-dir=${mirror}`, '-input=false', '-no-color'], {
      cwd: dir,
      encoding: 'utf8',
      env,
      timeout: 120_000,
    });
    // required_version "< 0.1" would stop init: the override's replaced it, as in the merged view.
    assert.equal(init.status, 0, `${init.stdout}${init.stderr}`);
    // The constraints Terraform searched for are the merged entries' versions ("< 1.0" is gone).
    const searched = /Finding hashicorp\/aws versions matching "([^"]*)"/.exec(init.stdout);
    assert.ok(searched, init.stdout);
    const normalize = (c: string) => c.replace(/(\d+\.\d+)\.0\b/g, '$1').trim();
    const ours = Object.values(settings.providers)
      .map((p) => normalize((p as { version: string }).version))
      .sort();
    assert.deepEqual(searched[1].split(',').map(normalize).sort(), ours);
    // The backend Terraform configured is the override's local one, not the original's cloud block.
    const state = JSON.parse(fs.readFileSync(path.join(dir, '.terraform', 'terraform.tfstate'), 'utf8')) as {
      backend: { type: string; config: { path: string } };
    };
    assert.deepEqual([`backend ${state.backend.type}`], settings.backends);
    assert.equal(state.backend.config.path, 'override.tfstate');
  });
});
