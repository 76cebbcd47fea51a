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
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { format, parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { buildIntegrationSuites, listIntegrationSuites } from '../../scripts/build.mjs';
import { chromiumPath, codeServerEntry, isHarnessInstalled, node24Binary, repoRoot } from './paths.mjs';

/** Chromium switches for a headless, offline, throw-away browser (from the harness doc). */
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  // Chromium's own background look-ups (autofill, accounts, updates) must not leave the machine: every
  // host name but the loopback one resolves to "not found" without asking DNS.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
  '--dns-prefetch-disable',
  '--disable-features=AutofillServerCommunication,OptimizationHints,MediaRouter,Translate',
];

/**
 * Log lines that only say "this machine is offline" or are the workbench's normal chatter; hidden unless
 * --verbose. Anything else (errors of the extension, mocha's reporter) is shown.
 */
const offlineNoise = [
  /gallery|marketplace|extensionsGallery|open-vsx/i,
  /telemetry/i,
  /vsda/i,
  /github(\.com)?[- ]?auth|GitHubAuthentication|vscode\.github-authentication/i,
  /ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED|getaddrinfo|ENOTFOUND|EAI_AGAIN/i,
  /Failed to load resource/i,
  /update\.code\.visualstudio|update check/i,
  /\[driver\]/,
  /^\s*$/,
  /Started initializing default profile extensions|Completed initializing default profile extensions/,
  /Extension host agent started|Extension host \(.*\) exited/i,
  /ServiceWorker|service worker/i,
  /Ignoring the error while validating workspace folder/i,
  /No search provider registered/i,
  /Ignoring fetching additional builtin extensions/i,
  /is unsupported, use 'ms-vscode/i,
  /\[AgentHost\] No signed-in session/,
  /\[ChatModelSelection\]/,
  /\[AccountPolicyGate\]/,
  /\[reconnection-grace-time\]/,
  /Resolving connection token|Resolved connection token|Creating a socket/,
  /Updating additional builtin extensions cache/,
  /\[AgentHost:remote\]/,
];

const options = parseArgs({
  options: {
    suite: { type: 'string' },
    workspace: { type: 'string' },
    vsix: { type: 'string' },
    'development-only': { type: 'boolean', default: false },
    screenshot: { type: 'string' },
    'screenshot-hold': { type: 'string' },
    timeout: { type: 'string', default: '180' },
    verbose: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
  strict: true,
}).values;

if (options.help) {
  const header = readFileSync(new URL(import.meta.url), 'utf8').split('\n').filter((line) => line.startsWith('//'));
  console.log(header.map((line) => line.replace(/^\/\/ ?/, '')).join('\n'));
  process.exit(0);
}

const runTimeoutMs = Number(options.timeout) * 1000;
if (!Number.isFinite(runTimeoutMs) || runTimeoutMs <= 0) {
  console.error(`run.mjs: --timeout must be a positive number of seconds, got "${options.timeout}"`);
  process.exit(2);
}

/** Process groups of code-servers still running, ended on every way out. */
const liveServerGroups = new Set();

function endServerGroup(pid) {
  if (!liveServerGroups.has(pid)) return;
  liveServerGroups.delete(pid);
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

process.on('exit', () => {
  for (const pid of [...liveServerGroups]) endServerGroup(pid);
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    console.error(`\n[harness] ${signal}: stopping`);
    process.exit(130);
  });
}

function log(message) {
  console.log(`[harness] ${message}`);
}

/** Environment for code-server and everything it starts: XDG folders inside the run's temp folder. */
function serverEnvironment(tempDir, extra) {
  const env = { ...process.env, ...extra };
  // A VS Code launched from a VS Code terminal would otherwise try to talk to the parent instance.
  for (const name of Object.keys(env)) {
    if (name.startsWith('VSCODE_') || name === 'ELECTRON_RUN_AS_NODE') delete env[name];
  }
  // The marketplace and telemetry would be looked up on the internet: point them at a closed loopback
  // port (discard, 9) so nothing leaves the machine and the look-ups fail at once.
  const closedPort = 'http://127.0.0.1:9';
  env.EXTENSIONS_GALLERY = JSON.stringify({
    serviceUrl: `${closedPort}/gallery`,
    itemUrl: `${closedPort}/item`,
    resourceUrlTemplate: `${closedPort}/asset/{publisher}/{name}/{version}/{path}`,
    extensionUrlTemplate: `${closedPort}/gallery/{publisher}/{name}/latest`,
    controlUrl: '',
    recommendationsUrl: '',
  });
  env.CS_TELEMETRY_URL = `${closedPort}/telemetry`;
  env.XDG_CONFIG_HOME = path.join(tempDir, 'xdg-config');
  env.XDG_DATA_HOME = path.join(tempDir, 'xdg-data');
  env.XDG_CACHE_HOME = path.join(tempDir, 'xdg-cache');
  env.HOME = env.HOME ?? tempDir;
  return env;
}

/** Arguments every code-server invocation of a run shares. */
function codeServerBaseArgs(tempDir) {
  const configFile = path.join(tempDir, 'config.yaml');
  writeFileSync(configFile, 'auth: none\ncert: false\n');
  return [
    codeServerEntry,
    '--config', configFile,
    '--user-data-dir', path.join(tempDir, 'user-data'),
    '--extensions-dir', path.join(tempDir, 'extensions'),
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
  ];
}

/** Installs a .vsix into the run's extensions folder with code-server's own installer. */
function installVsix(tempDir, vsixFile, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(node24Binary, [...codeServerBaseArgs(tempDir), '--install-extension', vsixFile], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output.trim());
      else reject(new Error(`installing ${vsixFile} failed (exit ${code}):\n${output.trim()}`));
    });
  });
}

/** Starts code-server in its own process group; resolves with its pid and port. */
function startCodeServer(tempDir, env, verbose) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      node24Binary,
      [
        ...codeServerBaseArgs(tempDir),
        '--auth', 'none',
        '--bind-addr', '127.0.0.1:0',
        '--ignore-last-opened',
        '--vscode-option', 'enable-smoke-test-driver',
      ],
      { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    liveServerGroups.add(child.pid);
    let output = '';
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      reject(new Error(`code-server did not report its port within 60 s. Its output:\n${output}`));
    }, 60_000);
    const onData = (chunk) => {
      const text = chunk.toString();
      output += text;
      if (verbose) process.stdout.write(text.replace(/^/gm, '[code-server] '));
      const match = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(output);
      if (match && !settled) {
        settled = true;
        clearTimeout(timer);
        resolve({ pid: child.pid, port: Number(match[1]) });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code) => {
      liveServerGroups.delete(child.pid);
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new Error(`code-server exited (code ${code}) before listening. Its output:\n${output}`));
    });
  });
}

/**
 * The text of a `codeAutomationLog` message. Console output of the extension host (mocha's reporter) comes
 * as a JSON array of console.log arguments, e.g. `["  %d passing (%s)",3,"911ms"]`: format it like Node.
 */
function messageText(message) {
  const text = typeof message === 'string' ? message : JSON.stringify(message);
  if (!text.startsWith('[')) return text;
  try {
    const args = JSON.parse(text);
    return Array.isArray(args) ? format(...args) : text;
  } catch {
    return text;
  }
}

/** Turns a `codeAutomationLog` message into printable lines, or none when it is offline noise. */
function filterLog(message, verbose) {
  const text = messageText(message);
  if (verbose) return text;
  const isNoise = (line) => offlineNoise.some((pattern) => pattern.test(line));
  const lines = text.split('\n');
  // A noisy message drops whole, stack trace included; a real one only loses noisy lines.
  if (isNoise(lines[0]) && lines[0].trim() !== '') return null;
  const kept = lines.filter((line) => !isNoise(line));
  return kept.length > 0 ? kept.join('\n') : null;
}

/**
 * One run: a fresh code-server and browser, the workspace opened with the test payload, and the suite's
 * exit code (or a time-out). Returns { code, passed, failed }.
 */
export async function runSuiteOnce({ name, suiteIndex, workspace, vsixFile, screenshot, screenshotHoldSeconds = 0, timeoutMs, verbose, extraEnv = {}, onPage }) {
  const tempDir = mkdtempSync(path.join(os.tmpdir(), 'private-ecr-harness-'));
  const startedAt = Date.now();
  let serverPid = null;
  let browser = null;
  const counts = { passed: 0, failed: 0 };
  try {
    const env = serverEnvironment(tempDir, {
      PRIVATE_ECR_TEST_MODE: vsixFile ? 'vsix' : 'development',
      PRIVATE_ECR_TEST_EXTENSIONS_DIR: path.join(tempDir, 'extensions'),
      ...extraEnv,
    });
    if (vsixFile) {
      const installOutput = await installVsix(tempDir, vsixFile, env);
      log(`${name}: installed ${path.basename(vsixFile)} (${installOutput.split('\n').pop()})`);
    }
    const server = await startCodeServer(tempDir, env, verbose);
    serverPid = server.pid;
    const origin = `http://127.0.0.1:${server.port}`;
    const remote = (absolutePath) => `vscode-remote://127.0.0.1:${server.port}${absolutePath}`;
    // The workbench runs extensionTestsPath only in an extension-development window. For the packaged
    // extension the development path is an empty folder: the window is one, yet the extension that loads
    // is the one installed from the .vsix.
    let developmentPath = repoRoot;
    if (vsixFile) {
      developmentPath = path.join(tempDir, 'no-development-extension');
      mkdirSync(developmentPath);
    }
    const payload = [
      ['extensionDevelopmentPath', remote(developmentPath)],
      ['extensionTestsPath', remote(suiteIndex)],
      ['skipWelcome', 'true'],
    ];
    const url = `${origin}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    // The page may only talk to this code-server: anything else (CDNs, web-view hosts) is refused here.
    await context.route(
      (requestUrl) => !['127.0.0.1', 'localhost', '[::1]'].includes(requestUrl.hostname) && /^(https?|wss?):$/.test(requestUrl.protocol),
      (route) => {
        if (verbose) console.log(`[${name}] blocked request to ${route.request().url()}`);
        return route.abort('blockedbyclient');
      },
    );
    const page = await context.newPage();
    let resolveExit;
    const exitCode = new Promise((resolve) => (resolveExit = resolve));
    await page.exposeFunction('codeAutomationLog', (_level, message) => {
      const text = filterLog(message, verbose);
      if (text === null) return;
      for (const line of text.split('\n')) {
        const summary = /^(?:\w+: )?(\d+) passed, (\d+) failed/.exec(line.trim());
        if (summary) {
          counts.passed += Number(summary[1]);
          counts.failed += Number(summary[2]);
        }
        console.log(`[${name}] ${line}`);
      }
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
    page.on('pageerror', (error) => {
      if (verbose) console.log(`[${name}] page error: ${error.message}`);
    });
    if (onPage) await onPage(page);
    await page.goto(url);

    let timer;
    const timedOut = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const outcome = await Promise.race([exitCode, timedOut]);
    clearTimeout(timer);
    if (screenshot) {
      // Let the last repaint (e.g. a panel the suite opened) land before taking the picture.
      if (screenshotHoldSeconds > 0) await page.waitForTimeout(screenshotHoldSeconds * 1000);
      mkdirSync(path.dirname(path.resolve(screenshot)), { recursive: true });
      await page.screenshot({ path: screenshot });
      log(`${name}: screenshot saved to ${screenshot}`);
    }
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    if (outcome === 'timeout') {
      log(`${name}: TIMED OUT after ${timeoutMs / 1000} s (the suite never reported its result)`);
      return { code: 1, passed: counts.passed, failed: Math.max(counts.failed, 1), seconds };
    }
    // A suite that crashed before mocha printed its summary still counts as a failure.
    const failed = outcome !== 0 && counts.failed === 0 ? 1 : counts.failed;
    log(`${name}: exit ${outcome} in ${seconds} s`);
    return { code: outcome === 0 ? 0 : 1, passed: counts.passed, failed, seconds };
  } finally {
    if (browser) await browser.close().catch(() => undefined);
    if (serverPid !== null) endServerGroup(serverPid);
    rmSync(tempDir, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** The workspace a suite opens: test/integration/workspaces/<suite>/. */
function workspaceOfSuite(suite) {
  return path.join(repoRoot, 'test', 'integration', 'workspaces', suite);
}

/** The .vsix `npm run package` writes for the current version. */
function defaultVsix() {
  const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  return path.join(repoRoot, `private-ecr-pull-${version}.vsix`);
}

async function main() {
  if (!isHarnessInstalled()) {
    console.error('[harness] The harness is not installed: run `node test/harness/install.mjs` first (about 2-3 minutes, once).');
    process.exit(1);
  }
  if (!options.vsix && !existsSync(path.join(repoRoot, 'dist', 'extension.js'))) {
    console.error('[harness] dist/extension.js is missing: run `npm run build` first.');
    process.exit(1);
  }

  // Which compiled suites: a given index.js, a given suite name, or every suite (compiled now).
  let suites;
  if (options.suite && options.suite.endsWith('.js')) {
    const index = path.resolve(options.suite);
    if (!existsSync(index)) {
      console.error(`[harness] --suite ${options.suite}: no such file`);
      process.exit(2);
    }
    const suiteName = path.basename(path.dirname(index));
    suites = [{ suite: suiteName, index }];
  } else {
    const available = listIntegrationSuites();
    const wanted = options.suite ? [options.suite] : available;
    const unknown = wanted.filter((suite) => !available.includes(suite));
    if (unknown.length > 0) {
      console.error(`[harness] unknown suite ${unknown.join(', ')}; suites: ${available.join(', ') || '(none)'}`);
      process.exit(2);
    }
    const indexes = await buildIntegrationSuites(wanted);
    suites = wanted.map((suite, i) => ({ suite, index: indexes[i] }));
  }

  for (const entry of suites) {
    entry.workspace = path.resolve(options.workspace ?? workspaceOfSuite(entry.suite));
    if (!existsSync(entry.workspace)) {
      console.error(`[harness] workspace ${entry.workspace} does not exist (pass --workspace or create test/integration/workspaces/${entry.suite}/)`);
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

  const runs = modes.flatMap((mode) => suites.map((entry) => ({ ...entry, ...mode, name: `${entry.suite}/${mode.label}` })));
  const results = [];
  for (const [i, run] of runs.entries()) {
    log(`${run.name}: ${path.relative(repoRoot, run.index)} in ${path.relative(repoRoot, run.workspace) || '.'}`);
    const isLast = i === runs.length - 1;
    try {
      results.push({
        name: run.name,
        ...(await runSuiteOnce({
          name: run.name,
          suiteIndex: run.index,
          workspace: run.workspace,
          vsixFile: run.vsixFile,
          screenshot: isLast ? options.screenshot : undefined,
          screenshotHoldSeconds: options['screenshot-hold'] ? Number(options['screenshot-hold']) : 0,
          timeoutMs: runTimeoutMs,
          verbose: options.verbose,
        })),
      });
    } catch (error) {
      log(`${run.name}: could not run: ${error instanceof Error ? error.message : String(error)}`);
      results.push({ name: run.name, code: 1, passed: 0, failed: 1, seconds: '-' });
    }
  }

  const passed = results.reduce((sum, result) => sum + result.passed, 0);
  const failed = results.reduce((sum, result) => sum + result.failed, 0);
  mkdirSync(path.join(repoRoot, 'test-results'), { recursive: true });
  writeFileSync(path.join(repoRoot, 'test-results', 'integration-summary.json'), `${JSON.stringify({ passed, failed, runs: results }, null, 2)}\n`);
  for (const result of results) log(`${result.code === 0 ? 'ok  ' : 'FAIL'} ${result.name} (${result.passed} passed, ${result.failed} failed, ${result.seconds} s)`);
  console.log(`integration: ${passed} passed, ${failed} failed`);
  process.exitCode = results.every((result) => result.code === 0) ? 0 : 1;
}

if (import.meta.url === new URL(`file://${path.resolve(process.argv[1] ?? '')}`).href) {
  main().catch((error) => {
    console.error(`[harness] ${error instanceof Error ? error.stack : String(error)}`);
    process.exitCode = 1;
    for (const pid of [...liveServerGroups]) endServerGroup(pid);
  });
}
