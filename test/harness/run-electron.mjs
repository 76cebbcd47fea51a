#!/usr/bin/env node
// Runs the same integration suites with @vscode/test-electron, the usual runner, which downloads a desktop
// VS Code (so it needs internet; the offline harness is run.mjs). Same suites, same workspaces, same modes:
//
//   node test/harness/run-electron.mjs                     every suite against the development folder
//   node test/harness/run-electron.mjs --vsix <file>       every suite against the installed .vsix
//   node test/harness/run-electron.mjs --suite foundation  one suite
//   node test/harness/run-electron.mjs --vscode-version 1.95.0   the oldest VS Code the extension supports
//
// On Linux without a display, run it under `xvfb-run -a`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } from '@vscode/test-electron';
import { buildIntegrationSuites, listIntegrationSuites, suiteExtensionHost } from '../../scripts/build.mjs';
import { repoRoot } from './paths.mjs';
import { otherExtensionsOfSuite } from './standins.mjs';
import { harnessOptionsOfSuite, packLanguagePack, registerLanguagePacks, workspaceOfSuite } from './session.mjs';

const options = parseArgs({
  options: {
    suite: { type: 'string' },
    workspace: { type: 'string' },
    vsix: { type: 'string' },
    'vscode-version': { type: 'string', default: 'stable' },
  },
  strict: true,
}).values;

const available = listIntegrationSuites();
// Suites of the browser build need a web worker extension host with a remote workspace (the code-server
// harness, run.mjs); desktop VS Code would run them in Node against a local folder.
const webSuites = available.filter((suite) => suiteExtensionHost(suite) === 'web');
for (const suite of webSuites)
  console.log(`run-electron: skipping the "${suite}" suite: it tests the browser build and runs with test/harness/run.mjs`);
const suites = (options.suite ? [options.suite] : available).filter((suite) => !webSuites.includes(suite) || options.suite === suite);
const unknown = suites.filter((suite) => !available.includes(suite));
if (unknown.length > 0) {
  console.error(`run-electron: unknown suite ${unknown.join(', ')}; suites: ${available.join(', ') || '(none)'}`);
  process.exit(2);
}
if (!options.vsix && !existsSync(path.join(repoRoot, 'dist', 'extension.js'))) {
  console.error('run-electron: dist/extension.js is missing: run `npm run build` first.');
  process.exit(1);
}
const vsixFile = options.vsix ? path.resolve(options.vsix) : null;
if (vsixFile && !existsSync(vsixFile)) {
  console.error(`run-electron: ${vsixFile} does not exist: run \`npm run package\` first.`);
  process.exit(1);
}

const indexes = await buildIntegrationSuites(suites);
const vscodeExecutablePath = await downloadAndUnzipVSCode(options['vscode-version']);

let failures = 0;
for (const [i, suite] of suites.entries()) {
  const workspace = path.resolve(options.workspace ?? workspaceOfSuite(suite));
  const tempDir = mkdtempSync(path.join(os.tmpdir(), 'private-ecr-electron-'));
  const extensionsDir = path.join(tempDir, 'extensions');
  try {
    let extensionDevelopmentPath = repoRoot;
    const launchArgs = [workspace, '--extensions-dir', extensionsDir, '--user-data-dir', path.join(tempDir, 'user-data')];
    const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(vscodeExecutablePath);
    const install = (file) => {
      const result = spawnSync(cli, [...cliArgs, '--extensions-dir', extensionsDir, '--install-extension', file], {
        encoding: 'utf8',
        stdio: 'inherit',
        shell: process.platform === 'win32',
      });
      if (result.status !== 0) throw new Error(`installing ${file} failed (exit ${result.status})`);
    };
    // Stand-ins of other extensions the suite runs next to ours (extensions.json of the suite).
    const others = await otherExtensionsOfSuite(suite, tempDir);
    for (const other of others) install(other);
    if (vsixFile) {
      // Install the package into a fresh extensions folder; the development path is an empty folder so the
      // window still runs the tests, with the installed extension.
      install(vsixFile);
      extensionDevelopmentPath = path.join(tempDir, 'no-development-extension');
      mkdirSync(extensionDevelopmentPath);
    } else if (others.length === 0) {
      launchArgs.push('--disable-extensions');
    }
    // A suite that needs a display language (harness.json) gets its language packs installed and --locale.
    const { locale, languagePacks } = harnessOptionsOfSuite(suite);
    if (languagePacks.length > 0) {
      const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(vscodeExecutablePath);
      for (const folder of languagePacks) {
        const install = spawnSync(
          cli,
          [...cliArgs, '--extensions-dir', extensionsDir, '--install-extension', packLanguagePack(tempDir, folder)],
          { encoding: 'utf8', stdio: 'inherit', shell: process.platform === 'win32' },
        );
        if (install.status !== 0) throw new Error(`installing the language pack ${folder} failed (exit ${install.status})`);
      }
      registerLanguagePacks(tempDir, languagePacks);
      // --disable-extensions would disable the language pack too; the fresh extensions folder holds only it.
      const disable = launchArgs.indexOf('--disable-extensions');
      if (disable >= 0) launchArgs.splice(disable, 1);
    }
    if (locale) launchArgs.push(`--locale=${locale}`);
    console.log(`run-electron: ${suite}/${vsixFile ? 'vsix' : 'development'} in ${path.relative(repoRoot, workspace)}`);
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath,
      extensionTestsPath: indexes[i],
      launchArgs,
      extensionTestsEnv: {
        PRIVATE_ECR_TEST_MODE: vsixFile ? 'vsix' : 'development',
        PRIVATE_ECR_TEST_EXTENSIONS_DIR: extensionsDir,
      },
    });
  } catch (error) {
    failures += 1;
    console.error(`run-electron: ${suite} failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    rmSync(tempDir, { recursive: true, force: true, maxRetries: 3 });
  }
}
process.exitCode = failures === 0 ? 0 : 1;
