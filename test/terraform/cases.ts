/**
 * The module trees the Terraform-backed tests judge: the rule fixtures, their fixed/ outputs, the
 * result of fixing everything on each fixture and example, and each snippet in a module that
 * declares what it references.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findRoots } from '../../src/core/analyze';
import { fixAllInMemory } from '../../src/core/fixes/fix-all';
import { renderSnippetBody } from '../../src/core/fixes/snippet-file';
import { TEMPLATE_IDS, renderTemplate, templateResourceAddresses, type TemplateId } from '../../src/core/fixes/templates';
import { ParseCache } from '../../src/core/model/loader';
import { DiskReader } from '../../src/core/model/source';
import { parseHcl } from '../../src/core/hcl/parser';
import { expandSnippet } from '../unit/templates/snippet-expander';
import { copyCase, listFixtureCases, type FixtureCase } from '../unit/rules/fixture-runner';
import { readTree, remoteModuleSources, writeFiles, type TfTree } from './harness';

export const REPO = path.resolve(__dirname, '../..');
export const EXAMPLES = ['article', 'article-broken'].map((name) => ({ name, dir: path.join(REPO, 'examples', name) }));

/** A fixture case read into memory (without expected.json and fixed/), with its root modules. */
export interface LoadedCase {
  label: string;
  fixture?: FixtureCase;
  files: Map<string, string>;
  roots: string[];
  /** Why Terraform cannot judge it offline (remote module sources), if so. */
  skip?: string;
}

/** The root module folders of a tree, as the checker finds them (relative, '.' for the tree). */
function rootsOf(dir: string): string[] {
  return findRoots(dir, new DiskReader(), new ParseCache()).map((r) => path.relative(dir, r).split(path.sep).join('/') || '.');
}

/** Loads a folder as a case: copies it to a temp folder (the checker must not see fixed/), finds its roots. */
export function loadCase(label: string, dir: string, fixture?: FixtureCase): LoadedCase {
  const work = copyCase(dir);
  try {
    const files = readTree(work);
    const remote = remoteModuleSources(files);
    return { label, fixture, files, roots: rootsOf(work), skip: remote.length > 0 ? `remote module source (${remote[0]})` : undefined };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Every fixture case and example. */
export function allCases(): LoadedCase[] {
  return [
    ...EXAMPLES.map((e) => loadCase(`examples/${e.name}`, e.dir)),
    ...listFixtureCases().map((f) => loadCase(`${f.ruleId} ${f.kind}/${f.name}`, f.dir, f)),
  ];
}

/** The case with its fixed/ folder laid over it (undefined when it has none). */
export function withFixedOverlay(loaded: LoadedCase): Map<string, string> | undefined {
  if (!loaded.fixture) return undefined;
  const fixed = path.join(loaded.fixture.dir, 'fixed');
  if (!fs.existsSync(fixed)) return undefined;
  const files = new Map(loaded.files);
  for (const [rel, text] of readTree(fixed)) files.set(rel, text);
  return files;
}

/** The case after `check --fix` (every preferred fix of every finding, in rounds); undefined when nothing was fixed. */
export function withAllFixes(loaded: LoadedCase): { files: Map<string, string>; applied: string[] } | undefined {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pecr-fixall-'));
  try {
    writeFiles(work, loaded.files);
    const result = fixAllInMemory([work], new DiskReader(), (f) => Boolean(f.fixes && f.fixes.length > 0));
    if (result.texts.size === 0) return undefined;
    const files = new Map(loaded.files);
    for (const [abs, text] of result.texts) files.set(path.relative(work, abs).split(path.sep).join('/'), text);
    return { files, applied: result.applied.map((a) => `${a.ruleId}: ${a.title}`) };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The network a snippet is dropped into: what the snippet defaults refer to, declared as a user would. */
export const SNIPPET_NETWORK = `variable "region" {
  type    = string
  default = "eu-west-1"
}

resource "aws_vpc" "main" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
}

resource "aws_subnet" "private" {
  count             = 2
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)
  availability_zone = "eu-west-1\${count.index == 0 ? "a" : "b"}"
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route_table_association" "private" {
  count          = 2
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private.id
}

resource "aws_ecs_cluster" "main" {
  name = "main"
}

resource "aws_ecr_repository" "app" {
  name = "app"
}
`;

/** The full snippet set without the blocks whose addresses are in `drop`. */
function fullSetWithout(drop: Set<string>): string {
  const text = renderTemplate('private-ecr-full-set');
  const file = parseHcl(text, 'full-set.tf');
  const cuts: Array<[number, number]> = [];
  for (const item of file.body.items) {
    if (item.kind !== 'block' || item.type !== 'resource' || item.labels.length < 2) continue;
    if (drop.has(`${item.labels[0]}.${item.labels[1]}`)) cuts.push([item.range.start.offset, item.range.end.offset]);
  }
  let out = text;
  for (const [start, end] of cuts.sort((a, b) => b[0] - a[0])) out = out.slice(0, start) + out.slice(end);
  return out;
}

/**
 * Each snippet expanded with its defaults (first choice), in a module that declares what it refers to:
 * the network above plus the full snippet set minus the blocks the snippet itself declares.
 */
export function snippetTrees(): Array<{ id: TemplateId; tree: TfTree }> {
  return TEMPLATE_IDS.map((id) => {
    const expanded = expandSnippet(renderSnippetBody(id).join('\n'));
    const own = new Set(templateResourceAddresses(id));
    const files = new Map<string, string>([
      ['network.tf', SNIPPET_NETWORK],
      ['snippet.tf', expanded],
    ]);
    if (id !== 'private-ecr-full-set') files.set('context.tf', fullSetWithout(own));
    return { id, tree: { id: `snippet ${id}`, files, roots: ['.'] } };
  });
}
