// Runs inside the extension host for bench/activation.mjs. The workspace starts empty, so the extension is
// not active yet (no `workspaceContains` match); the driver copies a Terraform module in, opens its file and
// times what a user waits for: the extension becoming active (onLanguage:terraform) and the first
// diagnostic. Prints `[bench] <name> <ms>` lines; figures only, no assertions.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import manifest from '../../../package.json';
import { waitFor } from '../../integration/support/waitFor';

/** Entry point called by the workbench (`extensionTestsPath`). */
export async function run(): Promise<void> {
  const sourceModule = process.env.PRIVATE_ECR_BENCH_SOURCE;
  const fileName = process.env.PRIVATE_ECR_BENCH_FILE;
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!sourceModule || !fileName || !folder) {
    throw new Error('activation bench: PRIVATE_ECR_BENCH_SOURCE, PRIVATE_ECR_BENCH_FILE and an open folder are required');
  }
  console.log(`[bench] extension-host-uptime-at-driver-start ${Math.round(process.uptime() * 1000)}`);

  const extensionId = `${manifest.publisher}.${manifest.name}`;
  const extension = vscode.extensions.getExtension(extensionId);
  if (!extension) throw new Error(`activation bench: extension ${extensionId} is not loaded`);
  if (extension.isActive) throw new Error('activation bench: the extension is already active; the workspace must start without .tf files');

  for (const entry of fs.readdirSync(sourceModule)) {
    const source = path.join(sourceModule, entry);
    if (fs.statSync(source).isFile()) fs.copyFileSync(source, path.join(folder.uri.fsPath, entry));
  }
  const uri = vscode.Uri.file(path.join(folder.uri.fsPath, fileName));

  const openedAt = performance.now();
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  await waitFor('the extension to become active', () => extension.isActive, { timeoutMs: 60_000, intervalMs: 2 });
  console.log(`[bench] open-to-active ${Math.round(performance.now() - openedAt)}`);
  const api = extension.exports as { activationCpuMs?: number } | undefined;
  console.log(`[bench] activate-cpu ${(api?.activationCpuMs ?? -1).toFixed(1)}`);
  await waitFor(
    `a private-ecr diagnostic on ${fileName}`,
    () => vscode.languages.getDiagnostics(uri).some((diagnostic) => diagnostic.source === 'private-ecr'),
    { timeoutMs: 60_000, intervalMs: 2 },
  );
  console.log(`[bench] open-to-first-diagnostic ${Math.round(performance.now() - openedAt)}`);
}
