/**
 * The editor's incremental analysis (src/core/incremental.ts) always equals a from-scratch analysis of the
 * same texts: a seeded run of hundreds of random edits — unsaved edits, closed editors, saved files, files
 * created and deleted, a file read with file() changed, nothing changed — compares the findings of every root after each edit. Unchanged
 * files are read from disk once, and a root none of whose inputs changed is answered without analysing.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeRoot } from '../../../src/core/analyze';
import { CachingDiskReader, IncrementalAnalysis } from '../../../src/core/incremental';
import { ParseCache } from '../../../src/core/model/loader';
import { DiskReader, OverlayReader } from '../../../src/core/model/source';
import { removeTree, writeTree } from '../support/temp-module';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

/**
 * A second copy of the analysis modules, loaded apart from the ones under test: the from-scratch analysis
 * shares no module-level state (caches keyed by file, path or syntax tree) with the incremental one, so a
 * stale cache cannot hide by answering both the same.
 */
function separateAnalyzeRoot(): typeof analyzeRoot {
  const source = path.join(repoRoot, 'src') + path.sep;
  const saved = new Map<string, NodeJS.Module>();
  for (const [key, module] of Object.entries(require.cache)) {
    if (key.startsWith(source) && module) {
      saved.set(key, module);
      delete require.cache[key];
    }
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const copy = require(path.join(source, 'core', 'analyze')) as typeof import('../../../src/core/analyze');
    assert.notEqual(copy.analyzeRoot, analyzeRoot, 'the from-scratch analysis runs on its own copy of the modules');
    return copy.analyzeRoot;
  } finally {
    for (const key of Object.keys(require.cache)) if (key.startsWith(source)) delete require.cache[key];
    for (const [key, module] of saved) require.cache[key] = module;
  }
}
const example = (dir: string, name: string) => fs.readFileSync(path.join(repoRoot, 'examples', dir, name), 'utf8');

/** A small deterministic generator (mulberry32), so a failure names a seed that reproduces it. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pieces of text an edit inserts: ones that change findings, break the syntax, or change nothing that matters. */
const SNIPPETS = [
  'enable_dns_hostnames = true\n',
  'enable_dns_support = false\n',
  'private_dns_enabled = false\n',
  'subnet_ids = []\n',
  'count = 2\n',
  '}',
  '{',
  '"',
  '\n',
  '# a comment\n',
  'x = ',
  'resource "aws_vpc_endpoint" "typed" {\n  vpc_id            = aws_vpc.main.id\n  service_name      = "com.amazonaws.eu-west-1.ecr.dkr"\n  vpc_endpoint_type = "Interface"\n}\n',
  'module "extra" {\n  source = "./modules/extra"\n}\n',
  'variable "v" {\n  default = "x"\n}\n',
];

describe('incremental analysis equals a from-scratch analysis', function () {
  this.timeout(600_000);
  const trees: string[] = [];
  after(() => trees.forEach(removeTree));

  for (const seed of [1, 2]) {
    it(`after each of 200 random edits (seed ${seed})`, () => {
      const dir = writeTree({
        'app/network.tf': example('article-broken', 'network.tf'),
        'app/ecs.tf': example('article-broken', 'ecs.tf'),
        'app/endpoints.tf': example('article-broken', 'endpoints.tf'),
        'app/modules/extra/main.tf':
          'variable "name" {\n  default = "extra"\n}\n\nresource "aws_security_group" "extra" {\n  name = var.name\n}\n',
      });
      trees.push(dir);
      // A root with child modules and a tfvars file.
      fs.cpSync(path.join(repoRoot, 'examples', 'article'), path.join(dir, 'fixed'), { recursive: true });
      const roots = [path.join(dir, 'app'), path.join(dir, 'fixed')];
      const next = random(seed);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
      const overlay = new Map<string, string>();
      const incremental = new IncrementalAnalysis();
      incremental.setOverlay(overlay);
      const fromScratch = separateAnalyzeRoot();
      const files = () =>
        roots
          .flatMap((root) =>
            (fs.readdirSync(root, { recursive: true }) as string[])
              .filter((f) => /\.(tf|tfvars)$/.test(f) && !f.includes('.terraform'))
              .map((f) => path.join(root, f)),
          )
          .sort();
      const textOf = (file: string) => overlay.get(file) ?? fs.readFileSync(file, 'utf8');
      const mutate = (text: string) => {
        const at = Math.floor(next() * (text.length + 1));
        if (next() < 0.35 && text.length > 0)
          return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(next() * 24)));
        return text.slice(0, at) + pick(SNIPPETS) + text.slice(at);
      };
      const kinds: string[] = [];
      for (let step = 0; step < 200; step++) {
        const roll = next();
        const file = pick(files());
        if (roll < 0.5) {
          kinds.push('unsaved edit');
          overlay.set(file, mutate(textOf(file)));
        } else if (roll < 0.6) {
          kinds.push('editor closed');
          overlay.delete(pick([...overlay.keys(), file]));
        } else if (roll < 0.78) {
          kinds.push('saved');
          fs.writeFileSync(file, mutate(textOf(file)));
          overlay.delete(file);
          incremental.forget(file);
        } else if (roll < 0.86) {
          kinds.push('file created');
          // Some are override files, merged into the module's blocks after the ordinary files.
          const created = path.join(pick(roots), next() < 0.3 ? `created-${step}_override.tf` : `created-${step}.tf`);
          fs.writeFileSync(created, pick(SNIPPETS));
          incremental.forget(created);
        } else if (roll < 0.88) {
          // A file read with file() (not configuration): its change reaches the analysis through the watcher's event.
          kinds.push('file() input changed');
          const json = path.join(dir, 'fixed', 'modules', 'private-ecr-app', 'container_definitions.json');
          const text = fs.readFileSync(json, 'utf8');
          fs.writeFileSync(
            json,
            text.includes('public.ecr.aws')
              ? text.replace('public.ecr.aws/x', '123456789012.dkr.ecr.ap-northeast-1.amazonaws.com')
              : text.replace('123456789012.dkr.ecr.ap-northeast-1.amazonaws.com', 'public.ecr.aws/x'),
          );
          incremental.forget(json);
        } else if (roll < 0.93 && files().some((f) => path.basename(f).startsWith('created-'))) {
          kinds.push('file deleted');
          const deleted = pick(files().filter((f) => path.basename(f).startsWith('created-')));
          fs.rmSync(deleted);
          overlay.delete(deleted);
          incremental.forget(deleted);
        } else {
          kinds.push('nothing changed');
        }
        for (const root of roots) {
          const fresh = fromScratch(root, { reader: new OverlayReader(new DiskReader(), new Map(overlay)), cache: new ParseCache() });
          const incrementalFindings = incremental.analyzeRoot(root, {});
          assert.deepEqual(
            incrementalFindings,
            fresh,
            `seed ${seed}, step ${step} (${kinds[step]}), root ${path.basename(root)}: incremental and from-scratch findings differ`,
          );
        }
      }
      // The run exercised both paths: roots answered from their memo, and roots analysed again.
      assert.ok(incremental.counts.reused > 0, 'no analysis was answered from the memo');
      assert.ok(incremental.counts.analysed > 0, 'no analysis ran');
      for (const kind of ['unsaved edit', 'editor closed', 'saved', 'file created', 'file() input changed', 'nothing changed'])
        assert.ok(kinds.includes(kind), `no "${kind}" step`);
    });
  }
});

describe('incremental analysis: reads and reuse', () => {
  const trees: string[] = [];
  after(() => trees.forEach(removeTree));

  it('reads an unchanged file from disk once, and again when its size or mtime changes', () => {
    const dir = writeTree({ 'main.tf': 'locals {\n  a = 1\n}\n' });
    trees.push(dir);
    const file = path.join(dir, 'main.tf');
    const reader = new CachingDiskReader();
    const first = reader.readText(file);
    for (let i = 0; i < 5; i++) assert.equal(reader.readText(file), first, 'the same read comes back (same text object)');
    assert.equal(reader.diskReads, 1);
    fs.writeFileSync(file, 'locals {\n  a = 12\n}\n');
    assert.deepEqual(reader.readText(file), { text: 'locals {\n  a = 12\n}\n' });
    assert.equal(reader.diskReads, 2);
    const later = new Date(Date.now() + 5000);
    fs.writeFileSync(file, 'locals {\n  a = 13\n}\n');
    fs.utimesSync(file, later, later);
    assert.deepEqual(reader.readText(file), { text: 'locals {\n  a = 13\n}\n' });
    assert.equal(reader.diskReads, 3);
  });

  it('answers a root whose inputs did not change without analysing, and analyses an edited one', () => {
    const dir = writeTree({ 'a/main.tf': example('article-broken', 'network.tf'), 'b/main.tf': example('article-broken', 'ecs.tf') });
    trees.push(dir);
    const overlay = new Map<string, string>();
    const incremental = new IncrementalAnalysis();
    incremental.setOverlay(overlay);
    const [a, b] = [path.join(dir, 'a'), path.join(dir, 'b')];
    const first = incremental.analyzeRoot(a, {});
    incremental.analyzeRoot(b, {});
    assert.deepEqual(incremental.counts, { reused: 0, analysed: 2 });
    // An edit in a/: b is answered from its memo, a is analysed again.
    overlay.set(path.join(a, 'main.tf'), `${example('article-broken', 'network.tf')}\n# typed\n`);
    incremental.analyzeRoot(b, {});
    const edited = incremental.analyzeRoot(a, {});
    assert.deepEqual(incremental.counts, { reused: 1, analysed: 3 });
    assert.deepEqual(edited, first, 'a comment changes no finding');
    assert.equal(incremental.disk.diskReads, 2, 'each file was read from disk once');
  });
});
