#!/usr/bin/env node
// Takes the README picture: a Terraform file with the extension's squiggle and the Problems panel open,
// as a user sees it in VS Code (code-server + headless chromium, see run.mjs).
//
//   node test/harness/screenshot.mjs                                  docs/images/diagnostics.png
//   node test/harness/screenshot.mjs --workspace examples/article-broken --file endpoints.tf --code ecr-dkr-endpoint
//   node test/harness/screenshot.mjs --hover --out docs/images/hover.png
//   node test/harness/screenshot.mjs --quickfix --out docs/images/quick-fix-menu.png     the lightbulb menu open
//   node test/harness/screenshot.mjs --apply --workspace <a copy> --out docs/images/fixed.png   after the preferred fix
//   node test/harness/screenshot.mjs --locale ja --out docs/images/diagnostics.ja.png   in the Japanese display language
//                                    (with the test language pack: the extension's strings are Japanese, VS Code's own stay English;
//                                    Chromium needs a Japanese font: Debian's fonts-ipafont-gothic)
//
// Uses the development folder (run `npm run build` first) or, with --vsix <file>, the packaged extension.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bundleExtensionHostScript } from '../../scripts/build.mjs';
import { isHarnessInstalled, repoRoot } from './paths.mjs';
import { runSession } from './session.mjs';

/** Language packs of the test harness, by locale (see test/integration/language-packs/). */
const languagePackOf = (locale) => path.join(repoRoot, 'test', 'integration', 'language-packs', locale);

const options = parseArgs({
  options: {
    workspace: { type: 'string', default: 'test/integration/workspaces/foundation' },
    file: { type: 'string', default: 'fargate-missing-ecr-dkr/main.tf' },
    code: { type: 'string' },
    out: { type: 'string', default: 'docs/images/diagnostics.png' },
    hover: { type: 'boolean', default: false },
    quickfix: { type: 'boolean', default: false },
    apply: { type: 'boolean', default: false },
    vsix: { type: 'string' },
    width: { type: 'string', default: '1280' },
    height: { type: 'string', default: '800' },
    verbose: { type: 'boolean', default: false },
    locale: { type: 'string' },
  },
  strict: true,
}).values;

if (!isHarnessInstalled()) {
  console.error('screenshot: the harness is not installed: run `node test/harness/install.mjs` first.');
  process.exit(1);
}
const workspace = path.resolve(repoRoot, options.workspace);
if (!existsSync(path.join(workspace, options.file))) {
  console.error(`screenshot: ${path.join(workspace, options.file)} does not exist.`);
  process.exit(2);
}
const output = path.resolve(repoRoot, options.out);
const viewport = { width: Number(options.width), height: Number(options.height) };

const driver = await bundleExtensionHostScript('test/harness/drivers/screenshot.ts', 'out/harness/screenshot/index.js');
const signalDir = mkdtempSync(path.join(os.tmpdir(), 'private-ecr-screenshot-'));
const doneFile = path.join(signalDir, 'done');
let taken = false;
let screenshotError = null;

try {
  const result = await runSession({
    name: 'screenshot',
    suiteIndex: driver,
    workspace,
    vsixFile: options.vsix ? path.resolve(options.vsix) : null,
    timeoutMs: 180_000,
    verbose: options.verbose,
    viewport,
    locale: options.locale,
    languagePacks: options.locale && existsSync(languagePackOf(options.locale)) ? [languagePackOf(options.locale)] : [],
    // A calmer picture than the defaults: no sticky scroll or minimap, no command-center title box.
    userSettings: {
      'editor.stickyScroll.enabled': false,
      'editor.minimap.enabled': false,
      'window.commandCenter': false,
      'window.title': '${activeEditorShort}${separator}${rootName}',
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
    },
    extraEnv: {
      PRIVATE_ECR_SCREENSHOT_FILE: options.file,
      PRIVATE_ECR_SCREENSHOT_DONE: doneFile,
      PRIVATE_ECR_SCREENSHOT_CODE: options.code ?? '',
      PRIVATE_ECR_SCREENSHOT_HOVER: options.hover ? '1' : '0',
      PRIVATE_ECR_SCREENSHOT_QUICKFIX: options.quickfix ? '1' : '0',
      PRIVATE_ECR_SCREENSHOT_APPLY: options.apply ? '1' : '0',
    },
    onLogLine: (line, page) => {
      if (!line.includes('[screenshot] ready') || taken) return;
      taken = true;
      void (async () => {
        try {
          // The squiggle and the Problems panel are drawn a moment after the commands return.
          if (!options.apply)
            await page.waitForSelector('.squiggly-error, .squiggly-warning, .squiggly-info', { state: 'attached', timeout: 30_000 });
          await page.waitForSelector('.markers-panel .monaco-list-row', { state: 'visible', timeout: 30_000 });
          if (options.hover) await page.waitForSelector('.monaco-hover', { state: 'visible', timeout: 30_000 });
          if (options.quickfix) await page.waitForSelector('.action-widget', { state: 'visible', timeout: 30_000 });
          await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
          await page.screenshot({ path: output });
          console.log(`screenshot: saved ${path.relative(repoRoot, output)} (${viewport.width}x${viewport.height})`);
        } catch (error) {
          screenshotError = error;
        } finally {
          writeFileSync(doneFile, 'done');
        }
      })();
    },
  });
  if (screenshotError) throw screenshotError;
  if (!taken || result.code !== 0) {
    console.error('screenshot: the editor never showed the diagnostic (see the log above).');
    process.exitCode = 1;
  }
} finally {
  rmSync(signalDir, { recursive: true, force: true });
}
