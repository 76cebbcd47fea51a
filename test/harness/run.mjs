#!/usr/bin/env node
// Runs the integration suites inside a real VS Code extension host, offline: code-server (VS Code's server
// and web workbench) under Node 24, shown in headless Debian chromium driven by playwright-core.
//
//   node test/harness/run.mjs                       every suite against the development folder, then against
//                                                   the packaged private-ecr-pull-<version>.vsix
//   node test/harness/run.mjs --development-only    skip the .vsix runs
//   node test/harness/run.mjs --suite foundation    one suite (a name under test/integration/suites/, or the
//                                                   path of a compiled index.js)
//   node test/harness/run.mjs --vsix <file>         only the .vsix runs, with that file
//   node test/harness/run.mjs --workspace <dir>     open this folder instead of the suite's own workspace
//   node test/harness/run.mjs --screenshot <png>    save what the window shows when the (last) run ends
//   node test/harness/run.mjs --timeout <seconds>   per-run limit (default 180); --verbose shows all logs
//
// Exit code: 0 when every run passed, 1 otherwise. The last line is `integration: N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildIntegrationSuites, listIntegrationSuites, suiteExtensionHost } from '../../scripts/build.mjs';
import { isHarnessInstalled, repoRoot } from './paths.mjs';
import { endAllServers, harnessOptionsOfSuite, log, runSession, workspaceOfSuite } from './session.mjs';
import { otherExtensionsOfSuite } from './standins.mjs';

function usage() {
  const header = readFileSync(new URL(import.meta.url), 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line.startsWith('//'));
  return header.map((line) => line.replace(/^\/\/ ?/, '')).join('\n');
}

function parseOptions() {
  try {
    return parseArgs({
      options: {
        suite: { type: 'string' },
        workspace: { type: 'string' },
        vsix: { type: 'string' },
        'development-only': { type: 'boolean', default: false },
        screenshot: { type: 'string' },
        timeout: { type: 'string', default: '180' },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    console.error(`run.mjs: ${error.message}\n\n${usage()}`);
    process.exit(2);
  }
}

/**
 * Lets a test read what the window shows (the extension host has no DOM): the test prints
 * `[harness-query] <id> <css selector>`, and the text of the first element matching the selector, once it
 * is visible, is written to `<queryDir>/<id>` (or `<queryDir>/<id>.error`), which the test polls.
 */
function answerPageQuery(queryDir) {
  return (line, page) => {
    const match = /^\[harness-query\] (\w[\w-]*) (.+)$/.exec(line.trim());
    if (!match) return;
    const [, id, selector] = match;
    page
      .locator(selector)
      .first()
      .innerText({ timeout: 15_000 })
      .then((text) => writeFileSync(path.join(queryDir, id), text))
      .catch((error) => writeFileSync(path.join(queryDir, `${id}.error`), String(error?.message ?? error)));
  };
}

/** The .vsix `npm run package` writes for the current version. */
function defaultVsix() {
  const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  return path.join(repoRoot, `private-ecr-pull-${version}.vsix`);
}

/** Which compiled suites to run: a given index.js, a given suite name, or every suite (compiled now). */
async function selectSuites(suiteOption) {
  if (suiteOption && suiteOption.endsWith('.js')) {
    const index = path.resolve(suiteOption);
    if (!existsSync(index)) {
      console.error(`[harness] --suite ${suiteOption}: no such file`);
      process.exit(2);
    }
    return [{ suite: path.basename(path.dirname(index)), index }];
  }
  const available = listIntegrationSuites();
  const wanted = suiteOption ? [suiteOption] : available;
  const unknown = wanted.filter((suite) => !available.includes(suite));
  if (unknown.length > 0 || wanted.length === 0) {
    console.error(`[harness] unknown suite ${unknown.join(', ') || '(none given)'}; suites: ${available.join(', ') || '(none)'}`);
    process.exit(2);
  }
  const indexes = await buildIntegrationSuites(wanted);
  return wanted.map((suite, i) => ({ suite, index: indexes[i] }));
}

/** What the browser's extension host loads of the extension: everything the manifest names but the Node entry. */
const webExtensionFiles = [
  'dist/web',
  // hcl2json's WebAssembly: the browser build reads it through workspace.fs on the first syntax error.
  'dist/main.wasm.gz',
  'snippets',
  'syntaxes',
  'schemas',
  'l10n',
  'package.nls.json',
  'package.nls.ja.json',
  'language-configuration.json',
  'media/icon.png',
  'README.md',
  'LICENSE',
];

/**
 * The extension as vscode.dev sees it, for suites that run in the web worker extension host: a copy whose
 * package.json has no `main`, so code-server's workbench starts the `browser` entry in its web worker
 * host (with `main` it prefers the Node host). From the repository, or from the files of a .vsix.
 */
function prepareWebExtension(vsixFile) {
  const target = path.join(repoRoot, 'out', vsixFile ? 'web-extension-vsix' : 'web-extension');
  rmSync(target, { recursive: true, force: true });
  let source = repoRoot;
  if (vsixFile) {
    const unpacked = path.join(repoRoot, 'out', 'web-extension-vsix-unpacked');
    rmSync(unpacked, { recursive: true, force: true });
    // A .vsix is a zip file; python3 (already needed for moto) unpacks it without another system package.
    const unzip = spawnSync('python3', ['-m', 'zipfile', '-e', vsixFile, unpacked], { encoding: 'utf8' });
    if (unzip.status !== 0)
      throw new Error(`unpacking ${vsixFile} with python3 -m zipfile failed: ${unzip.error?.message ?? unzip.stderr.trim()}`);
    source = path.join(unpacked, 'extension');
  }
  const manifest = JSON.parse(readFileSync(path.join(source, 'package.json'), 'utf8'));
  if (!manifest.browser) throw new Error(`${source}/package.json has no "browser" entry`);
  delete manifest.main;
  mkdirSync(target, { recursive: true });
  writeFileSync(path.join(target, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const file of webExtensionFiles) {
    const from = path.join(source, file);
    if (existsSync(from)) cpSync(from, path.join(target, file), { recursive: true });
  }
  if (!existsSync(path.join(target, manifest.browser)))
    throw new Error(`${manifest.browser} is missing from ${vsixFile ?? 'the repository'}: run \`npm run build\``);
  return target;
}

async function main() {
  const options = parseOptions();
  if (options.help) {
    console.log(usage());
    return;
  }
  const timeoutMs = Number(options.timeout) * 1000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    console.error(`run.mjs: --timeout must be a positive number of seconds, got "${options.timeout}"`);
    process.exit(2);
  }
  if (!isHarnessInstalled()) {
    console.error('[harness] The harness is not installed: run `node test/harness/install.mjs` first (about 2-3 minutes, once).');
    process.exit(1);
  }
  if (!options.vsix && !existsSync(path.join(repoRoot, 'dist', 'extension.js'))) {
    console.error('[harness] dist/extension.js is missing: run `npm run build` first.');
    process.exit(1);
  }

  const suites = await selectSuites(options.suite);
  for (const entry of suites) {
    entry.workspace = path.resolve(options.workspace ?? workspaceOfSuite(entry.suite));
    Object.assign(entry, harnessOptionsOfSuite(entry.suite));
    if (!existsSync(entry.workspace)) {
      console.error(
        `[harness] workspace ${entry.workspace} does not exist (pass --workspace or create test/integration/workspaces/${entry.suite}/)`,
      );
      process.exit(2);
    }
  }

  // Which modes: the development folder, the packaged extension, or both.
  const modes = [];
  if (!options.vsix) modes.push({ label: 'development', vsixFile: null });
  if (options.vsix || !options['development-only']) {
    const vsixFile = path.resolve(options.vsix ?? defaultVsix());
    if (!existsSync(vsixFile)) {
      console.error(`[harness] ${vsixFile} does not exist: run \`npm run package\` first, or pass --development-only.`);
      process.exit(1);
    }
    modes.push({ label: 'vsix', vsixFile });
  }

  const packDir = mkdtempSync(path.join(os.tmpdir(), 'private-ecr-standins-'));
  for (const entry of suites) entry.otherExtensions = await otherExtensionsOfSuite(entry.suite, packDir);
  const runs = modes.flatMap((mode) => suites.map((entry) => ({ ...entry, ...mode, name: `${entry.suite}/${mode.label}` })));
  const results = [];
  for (const [i, run] of runs.entries()) {
    log(`${run.name}: ${path.relative(repoRoot, run.index)} in ${path.relative(repoRoot, run.workspace) || '.'}`);
    try {
      // A web suite loads the extension (the repository's or the .vsix's files) without its Node entry.
      // The workbench runs a suite in the extension host of the extension whose folder holds the suite index:
      // a web suite's index is copied into that folder, so it runs in the web worker host with the extension.
      const web = suiteExtensionHost(run.suite) === 'web';
      const developmentPath = web ? prepareWebExtension(run.vsixFile) : undefined;
      let suiteIndex = run.index;
      if (developmentPath) {
        suiteIndex = path.join(developmentPath, 'integration-suite', 'index.js');
        mkdirSync(path.dirname(suiteIndex), { recursive: true });
        cpSync(run.index, suiteIndex);
      }
      const result = await runSession({
        name: run.name,
        suiteIndex,
        workspace: run.workspace,
        vsixFile: web ? null : run.vsixFile,
        otherExtensions: run.otherExtensions,
        ...(developmentPath ? { developmentPath } : {}),
        screenshot: i === runs.length - 1 ? options.screenshot : undefined,
        timeoutMs,
        verbose: options.verbose,
        extraEnv: { PRIVATE_ECR_HARNESS_QUERY_DIR: packDir },
        onLogLine: answerPageQuery(packDir),
        locale: run.locale,
        languagePacks: run.languagePacks,
      });
      results.push({ name: run.name, ...result });
    } catch (error) {
      log(`${run.name}: could not run: ${error instanceof Error ? error.message : String(error)}`);
      results.push({ name: run.name, code: 1, passed: 0, failed: 1, seconds: '-' });
    }
  }

  rmSync(packDir, { recursive: true, force: true });
  const passed = results.reduce((sum, result) => sum + result.passed, 0);
  const failed = results.reduce((sum, result) => sum + result.failed, 0);
  mkdirSync(path.join(repoRoot, 'test-results'), { recursive: true });
  writeFileSync(
    path.join(repoRoot, 'test-results', 'integration-summary.json'),
    `${JSON.stringify({ passed, failed, runs: results }, null, 2)}\n`,
  );
  for (const result of results)
    log(`${result.code === 0 ? 'ok  ' : 'FAIL'} ${result.name} (${result.passed} passed, ${result.failed} failed, ${result.seconds} s)`);
  console.log(`integration: ${passed} passed, ${failed} failed`);
  process.exitCode = results.every((result) => result.code === 0) ? 0 : 1;
}

main().catch((error) => {
  console.error(`[harness] ${error instanceof Error ? error.stack : String(error)}`);
  endAllServers();
  process.exitCode = 1;
});
