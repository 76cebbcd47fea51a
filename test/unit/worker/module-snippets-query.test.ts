/**
 * The analysis worker's `moduleSnippets` query, with the real worker code in a real worker thread:
 * the resource templates rendered for the module of a file (what snippet completion inserts), from
 * the editor's unsaved text with the typed prefix left out. Names the module uses are never declared
 * again, and the module's VPC, subnets, security groups and region are wired in.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { AnalysisWorkerClient } from '../../../src/vscode/analysis-worker-client';
import type { ModuleSnippet } from '../../../src/core/fixes/module-snippets';
import { removeTree, writeTree } from '../support/temp-module';

const ENTRY = path.resolve(__dirname, '../support/analysis-worker-entry.js');

const EXISTING = [
  'variable "region" {',
  '  type    = string',
  '  default = "eu-west-1"',
  '}',
  '',
  'resource "aws_vpc" "core" {',
  '  cidr_block           = "10.0.0.0/16"',
  '  enable_dns_support   = true',
  '  enable_dns_hostnames = true',
  '}',
  '',
  'resource "aws_vpc_endpoint" "ecr_api" {',
  '  vpc_id              = aws_vpc.core.id',
  '  service_name        = "com.amazonaws.${var.region}.ecr.api"',
  '  vpc_endpoint_type   = "Interface"',
  '  subnet_ids          = aws_subnet.private[*].id',
  '  security_group_ids  = [aws_security_group.endpoints.id]',
  '  private_dns_enabled = true',
  '}',
  '',
  'resource "aws_security_group" "endpoints" {',
  '  vpc_id = aws_vpc.core.id',
  '}',
  '',
].join('\n');

/** Every `resource "type" "name"` address in a text, with repeats. */
const declared = (text: string) => [...text.matchAll(/^resource "([^"]+)" "([^"]+)"/gm)].map((m) => `${m[1]}.${m[2]}`);

describe('analysis worker: moduleSnippets (module-aware snippet completion)', function () {
  this.timeout(120_000);
  const clients: AnalysisWorkerClient[] = [];
  const dirs: string[] = [];
  after(() => {
    clients.forEach((c) => c.dispose());
    dirs.forEach(removeTree);
  });
  const setup = (files: Record<string, string>) => {
    const dir = writeTree(files);
    dirs.push(dir);
    const client = new AnalysisWorkerClient(ENTRY, () => undefined);
    clients.push(client);
    return { dir, client };
  };
  const byId = (snippets: ModuleSnippet[] | null, id: string) => {
    assert.ok(snippets, 'the worker gave no rendering');
    const found = snippets.find((s) => s.id === id);
    assert.ok(found, `no ${id} among ${snippets.map((s) => s.id).join(', ')}`);
    return found;
  };

  it('renders the full set without a second aws_vpc_endpoint.ecr_api, wired to the module, from the unsaved text without the typed prefix', async () => {
    const { dir, client } = setup({ 'main.tf': EXISTING });
    const more = path.join(dir, 'more.tf');
    // The new file is only in the editor, and holds the typed prefix (a syntax error if it were read).
    const documents = [{ path: more, version: 1, text: () => 'pecr-full-set\n' }];
    const snippets = await client.moduleSnippets(more, { start: { line: 0, character: 0 }, end: { line: 0, character: 13 } }, documents);
    const full = byId(snippets, 'private-ecr-full-set');
    const addresses = declared(full.text);
    assert.deepEqual(addresses, full.addresses);
    assert.ok(addresses.length > 0, 'the full set declares nothing');
    assert.ok(!addresses.includes('aws_vpc_endpoint.ecr_api'), `declares aws_vpc_endpoint.ecr_api again:\n${full.text}`);
    assert.ok(!addresses.includes('aws_security_group.endpoints'), `declares aws_security_group.endpoints again:\n${full.text}`);
    assert.equal(new Set(addresses).size, addresses.length, 'an address declared twice');
    assert.ok(!/\.ecr\.api"/.test(full.text), 'a second ecr.api endpoint');
    assert.ok(
      full.reused.some((r) => r.address === 'aws_vpc_endpoint.ecr_api'),
      JSON.stringify(full.reused),
    );
    // Wired as the fixes wire them: the module's VPC, subnets, endpoint group and region expression.
    assert.match(full.text, /vpc_id\s+= aws_vpc\.core\.id/);
    assert.doesNotMatch(full.text, /vpc_id\s+= var\.vpc_id/);
    assert.match(full.text, /subnet_ids\s+= aws_subnet\.private\[\*\]\.id/);
    assert.match(full.text, /security_group_ids\s+= \[aws_security_group\.endpoints\.id\]/);
    assert.match(full.text, /"com\.amazonaws\.\$\{var\.region\}\.ecr\.dkr"/);
  });

  it('gives a single template a name the module does not use, and names the endpoint that already does its job', async () => {
    const { dir, client } = setup({ 'main.tf': EXISTING });
    const main = path.join(dir, 'main.tf');
    const snippets = await client.moduleSnippets(main, undefined, []);
    const api = byId(snippets, 'ecr-api-endpoint');
    assert.deepEqual(declared(api.text), ['aws_vpc_endpoint.ecr_api_2']);
    assert.deepEqual(api.equivalents, ['aws_vpc_endpoint.ecr_api']);
    assert.match(api.text, /vpc_id\s+= aws_vpc\.core\.id/);
    const dkr = byId(snippets, 'ecr-dkr-endpoint');
    assert.deepEqual(declared(dkr.text), ['aws_vpc_endpoint.ecr_dkr']);
    assert.deepEqual(dkr.equivalents, []);
  });

  it('sees the editor\u2019s unsaved text: a resource only typed in the editor is not declared again', async () => {
    const { dir, client } = setup({ 'main.tf': 'resource "aws_vpc" "core" {\n  cidr_block = "10.0.0.0/16"\n}\n' });
    const main = path.join(dir, 'main.tf');
    const unsaved = `${EXISTING}pecr\n`;
    const line = unsaved.split('\n').length - 2;
    const snippets = await client.moduleSnippets(main, { start: { line, character: 0 }, end: { line, character: 4 } }, [
      { path: main, version: 3, text: () => unsaved },
    ]);
    assert.deepEqual(declared(byId(snippets, 'ecr-api-endpoint').text), ['aws_vpc_endpoint.ecr_api_2']);
    // The prefix was left out only for this question: the analysis still reads (and reports) the typed line.
    const { findings } = await client.analyze(dir, [{ path: main, version: 3, text: () => unsaved }], {});
    const onLine = findings.filter((f) => f.file === main && f.range?.start.line === line);
    assert.ok(onLine.length > 0, `no finding on the typed line: ${JSON.stringify(findings.map((f) => [f.ruleId, f.range?.start.line]))}`);
  });

  it('answers null for a file that cannot be read, and the same templates in an empty module as the static snippets', async () => {
    const { dir, client } = setup({ 'main.tf': '' });
    assert.equal(await client.moduleSnippets(path.join(dir, 'missing', 'none.tf'), undefined, []), null);
    const snippets = await client.moduleSnippets(path.join(dir, 'main.tf'), undefined, []);
    assert.deepEqual(declared(byId(snippets, 'ecr-api-endpoint').text), ['aws_vpc_endpoint.ecr_api']);
  });
});
