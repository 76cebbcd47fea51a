import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { renderTemplate, TEMPLATES, TEMPLATE_IDS } from '../../../../src/core/fixes/templates';
import { removeScratch, scratchFiles } from './helpers';

describe('snippets', () => {
  it('offers every pecr- snippet in completion on a Terraform file', async () => {
    const dir = scratchFiles({ 'main.tf': '\n' });
    try {
      const uri = vscode.Uri.file(path.join(dir, 'main.tf'));
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        uri,
        new vscode.Position(0, 0),
        undefined,
        200,
      );
      const labels = new Set(
        list.items
          .filter((i) => i.kind === vscode.CompletionItemKind.Snippet)
          .map((i) => (typeof i.label === 'string' ? i.label : i.label.label)),
      );
      for (const id of TEMPLATE_IDS)
        assert.ok(labels.has(TEMPLATES[id].snippetPrefix), `snippet ${TEMPLATES[id].snippetPrefix} is not offered`);
    } finally {
      await removeScratch(dir);
    }
  });

  it('inserts the ECR DKR endpoint snippet with its defaults as the fix template writes it', async () => {
    const dir = scratchFiles({ 'main.tf': '' });
    try {
      const uri = vscode.Uri.file(path.join(dir, 'main.tf'));
      const document = await vscode.workspace.openTextDocument(uri);
      const editor = await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('editor.action.insertSnippet', {
        langId: 'terraform',
        name: TEMPLATES['ecr-dkr-endpoint'].title,
      });
      // Leave snippet mode with the defaults in place.
      await vscode.commands.executeCommand('leaveSnippet');
      assert.equal(editor.document.getText(), renderTemplate('ecr-dkr-endpoint'));
    } finally {
      await removeScratch(dir);
    }
  });
});

describe('snippet completion that knows the module', () => {
  const existing = [
    'resource "aws_vpc" "core" {',
    '  cidr_block           = "10.0.0.0/16"',
    '  enable_dns_support   = true',
    '  enable_dns_hostnames = true',
    '}',
    '',
    'resource "aws_vpc_endpoint" "ecr_api" {',
    '  vpc_id              = aws_vpc.core.id',
    '  service_name        = "com.amazonaws.eu-west-1.ecr.api"',
    '  vpc_endpoint_type   = "Interface"',
    '  private_dns_enabled = true',
    '}',
    '',
  ].join('\n');
  const declared = (text: string) => [...text.matchAll(/^resource "([^"]+)" "([^"]+)"/gm)].map((m) => `${m[1]}.${m[2]}`);
  const labelOf = (item: vscode.CompletionItem) => (typeof item.label === 'string' ? item.label : item.label.label);
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('pecr-full-set in a module with aws_vpc_endpoint.ecr_api inserts no second one, wired to the module\u2019s VPC', async () => {
    const dir = scratchFiles({ 'main.tf': existing, 'more.tf': '' });
    try {
      const uri = vscode.Uri.file(path.join(dir, 'more.tf'));
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
      await vscode.commands.executeCommand('type', { text: 'pecr-full-set' });
      assert.equal(editor.document.getText(), 'pecr-full-set');

      // What the provider offers: one item of that label (the static snippet and ours would be two), rendered for this module.
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        uri,
        new vscode.Position(0, 13),
      );
      const matching = list.items.filter((i) => labelOf(i) === 'pecr-full-set');
      assert.equal(matching.length, 1, `expected one pecr-full-set item, got ${matching.length}`);
      assert.match(String(matching[0].detail), /wired to this module/);

      // What a user gets: the suggest widget opened on the typed prefix, the selected item accepted.
      for (let attempt = 0; attempt < 10 && editor.document.getText() === 'pecr-full-set'; attempt++) {
        await vscode.commands.executeCommand('editor.action.triggerSuggest');
        await sleep(1000 + attempt * 500);
        await vscode.commands.executeCommand('acceptSelectedSuggestion');
        await sleep(300);
      }
      await vscode.commands.executeCommand('leaveSnippet');
      const inserted = editor.document.getText();
      assert.notEqual(inserted, 'pecr-full-set', 'the suggestion was never accepted');
      assert.ok(!inserted.includes('pecr-full-set'), `the typed prefix stayed:\n${inserted}`);
      const addresses = declared(inserted);
      assert.ok(addresses.includes('aws_vpc_endpoint.ecr_dkr'), `the full set lost its ecr.dkr endpoint:\n${inserted}`);
      assert.ok(!addresses.includes('aws_vpc_endpoint.ecr_api'), `aws_vpc_endpoint.ecr_api declared a second time:\n${inserted}`);
      assert.equal(new Set(addresses).size, addresses.length, `an address declared twice:\n${inserted}`);
      assert.doesNotMatch(inserted, /\.ecr\.api"/, 'a second ecr.api endpoint');
      assert.match(inserted, /vpc_id\s+= aws_vpc\.core\.id/, `not wired to the module's VPC:\n${inserted}`);
      assert.doesNotMatch(inserted, /var\.vpc_id/, 'the static default var.vpc_id is used');
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await removeScratch(dir);
    }
  });

  it('pecr-ecr-api gets a name the module does not use and names the endpoint the module has', async () => {
    const dir = scratchFiles({ 'main.tf': existing, 'more.tf': 'pecr-ecr-api' });
    try {
      const uri = vscode.Uri.file(path.join(dir, 'more.tf'));
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        uri,
        new vscode.Position(0, 12),
      );
      const item = list.items.find((i) => labelOf(i) === 'pecr-ecr-api');
      assert.ok(item && item.insertText instanceof vscode.SnippetString, 'pecr-ecr-api is not offered');
      assert.deepEqual(declared(item.insertText.value), ['aws_vpc_endpoint.ecr_api_2']);
      const documentation = item.documentation instanceof vscode.MarkdownString ? item.documentation.value : String(item.documentation);
      assert.match(documentation, /`aws_vpc_endpoint\.ecr_api`/);
    } finally {
      await removeScratch(dir);
    }
  });

  it('is not offered inside a block', async () => {
    const dir = scratchFiles({ 'main.tf': 'resource "aws_vpc" "core" {\n  pecr\n}\n' });
    try {
      const uri = vscode.Uri.file(path.join(dir, 'main.tf'));
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        uri,
        new vscode.Position(1, 6),
      );
      assert.deepEqual(
        list.items.filter((i) => String(typeof i.label === 'string' ? i.label : i.label.label).startsWith('pecr-')).map((i) => i.label),
        [],
      );
    } finally {
      await removeScratch(dir);
    }
  });
});
