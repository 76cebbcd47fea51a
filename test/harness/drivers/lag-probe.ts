// Runs inside the extension host for bench/editor-lag.mjs (only when the harness passes it as the test
// entry and sets PRIVATE_ECR_LAG_FILE): opens the big file, waits until the extension (when it is there) has
// analysed it, puts the cursor where the typing goes, then samples the extension host's event-loop delay
// (perf_hooks.monitorEventLoopDelay, plus the worst delay of each second) while the bench types real
// keystrokes into the page. Prints `[bench] <name> <value>` lines; figures only, no assertions.
import * as path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import manifest from '../../../package.json';
import { waitFor } from '../../integration/support/waitFor';

/** Entry point called by the workbench (`extensionTestsPath`). */
export async function run(): Promise<void> {
  const fileName = process.env.PRIVATE_ECR_LAG_FILE;
  const typedChars = Number(process.env.PRIVATE_ECR_LAG_TYPED_CHARS);
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!fileName || !folder || !Number.isInteger(typedChars) || typedChars < 1) {
    throw new Error('lag probe: PRIVATE_ECR_LAG_FILE, PRIVATE_ECR_LAG_TYPED_CHARS and an open folder are required');
  }
  const uri = vscode.Uri.file(path.join(folder.uri.fsPath, fileName));
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document, { preview: false });

  const extension = vscode.extensions.getExtension(`${manifest.publisher}.${manifest.name}`);
  const withExtension = extension !== undefined;
  console.log(`[bench] extension ${withExtension ? 'on' : 'off'}`);
  if (extension) {
    await waitFor('the extension to become active', () => extension.isActive, { timeoutMs: 60_000 });
    // The first analysis (and Terraform's wording of the syntax error) is done before the typing starts.
    await waitFor(
      'the syntax error to be reported',
      () =>
        vscode.languages
          .getDiagnostics(uri)
          .some((d) => d.source === 'private-ecr' && String((d.code as { value?: string })?.value ?? d.code) === 'hcl-syntax'),
      {
        timeoutMs: 120_000,
      },
    );
    await (extension.exports as { analysisIdle(): Promise<void> }).analysisIdle();
  }

  // The typing goes at the end of the marker comment line.
  const markerLine = document
    .getText()
    .split('\n')
    .findIndex((line) => line.startsWith('# typing goes here'));
  if (markerLine < 0) throw new Error('lag probe: the file has no "# typing goes here" line');
  const end = document.lineAt(markerLine).range.end;
  editor.selection = new vscode.Selection(end, end);
  editor.revealRange(new vscode.Range(end, end), vscode.TextEditorRevealType.InCenter);
  await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
  const lengthBefore = document.getText().length;

  // The histogram records the time between its timer's runs; the lag is what exceeds the 5 ms it asked for.
  const resolutionMs = 5;
  const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
  const worstPerSecond: number[] = [];
  let windowWorst = 0;
  let windowStart = performance.now();
  let last = performance.now();
  const interval = 5;
  const sampler = setInterval(() => {
    const now = performance.now();
    windowWorst = Math.max(windowWorst, now - last - interval);
    last = now;
    if (now - windowStart >= 1000) {
      worstPerSecond.push(Math.max(0, windowWorst));
      windowWorst = 0;
      windowStart = now;
    }
  }, interval);
  histogram.enable();
  const startedAt = performance.now();
  console.log('[bench] type-now');
  const typingTimeoutMs = Number(process.env.PRIVATE_ECR_LAG_TIMEOUT_MS ?? 300_000);
  await waitFor('the typed text to arrive', () => document.getText().length >= lengthBefore + typedChars || undefined, {
    timeoutMs: typingTimeoutMs,
    intervalMs: 50,
  });
  const typedMs = performance.now() - startedAt;
  // The re-analysis of the last keystroke happens after the debounce: keep sampling until it is done.
  if (extension) await (extension.exports as { analysisIdle(): Promise<void> }).analysisIdle();
  await new Promise((resolve) => setTimeout(resolve, 1500));
  histogram.disable();
  clearInterval(sampler);

  const ms = (nanoseconds: number) => Math.max(0, nanoseconds / 1e6 - resolutionMs).toFixed(1);
  console.log(`[bench] typed-ms ${typedMs.toFixed(0)}`);
  console.log(`[bench] lag-p50 ${ms(histogram.percentile(50))}`);
  console.log(`[bench] lag-p90 ${ms(histogram.percentile(90))}`);
  console.log(`[bench] lag-p99 ${ms(histogram.percentile(99))}`);
  console.log(`[bench] lag-max ${ms(histogram.max)}`);
  const sorted = [...worstPerSecond].sort((a, b) => a - b);
  if (sorted.length > 0) {
    console.log(`[bench] worst-per-second-median ${sorted[Math.floor(sorted.length / 2)].toFixed(1)}`);
    console.log(`[bench] worst-per-second-max ${sorted[sorted.length - 1].toFixed(1)}`);
  }
  console.log(`[bench] seconds ${sorted.length}`);
  // Leave the file as it was on disk.
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}
