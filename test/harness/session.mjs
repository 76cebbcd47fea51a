// One harness session: a fresh code-server (VS Code's server and web workbench, under Node 24) shown in
// headless Debian chromium, a workspace opened with a test payload, and the suite's exit code. Used by
// run.mjs (the integration suites), screenshot.mjs and bench/activation.mjs.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import { chromiumPath, codeServerEntry, node24Binary, repoRoot } from './paths.mjs';

/** Chromium switches for a headless, offline, throw-away browser (from the harness doc, plus no DNS). */
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
 * verbose. Anything else (errors of the extension, mocha's reporter) is shown.
 */
const offlineNoise = [
  /gallery|marketplace|extensionsGallery|open-vsx/i,
  /telemetry/i,
  /vsda/i,
  /github(\.com)?[- ]?auth|GitHubAuthentication|vscode\.github-authentication|authentication provider 'github'/i,
  /ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED|getaddrinfo|ENOTFOUND|EAI_AGAIN/i,
  /127\.0\.0\.1:9\b/,
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
  /\[AgentHost\] No signed-in session|\[AgentHost:remote\]/,
  /\[ChatModelSelection\]|\[AccountPolicyGate\]|\[reconnection-grace-time\]/,
  /Resolving connection token|Resolved connection token|Creating a socket/,
  /Updating additional builtin extensions cache/,
  /Creation of workbench contribution .* took \d+ms/,
];

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

/** Ends every code-server this process started (for callers that exit on an error). */
export function endAllServers() {
  for (const pid of [...liveServerGroups]) endServerGroup(pid);
}

/** Prints a harness line. */
export function log(message) {
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
    '--config',
    configFile,
    '--user-data-dir',
    path.join(tempDir, 'user-data'),
    '--extensions-dir',
    path.join(tempDir, 'extensions'),
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

/**
 * A suite's own harness options, from test/integration/suites/<suite>/harness.json: `locale` starts
 * VS Code with that display language (`--locale ja`); `languagePacks` lists folders (relative to the
 * repository) of language packs to install first, since VS Code offers only the languages it has a pack for.
 */
/**
 * The folder a suite opens: test/integration/workspaces/<suite>/, or the one its harness.json names
 * with `"workspace": "<other suite>"` when suites read the same files (none of them writes to disk).
 */
export function workspaceOfSuite(suite) {
  const file = path.join(repoRoot, 'test', 'integration', 'suites', suite, 'harness.json');
  const shared = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).workspace : undefined;
  return path.join(repoRoot, 'test', 'integration', 'workspaces', shared ?? suite);
}

export function harnessOptionsOfSuite(suite) {
  const file = path.join(repoRoot, 'test', 'integration', 'suites', suite, 'harness.json');
  const options = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  return { locale: options.locale, languagePacks: (options.languagePacks ?? []).map((folder) => path.join(repoRoot, folder)) };
}

/**
 * Packages a language pack folder (test/integration/language-packs/<language>) as a .vsix with vsce, so
 * code-server's own installer can install it and register its display language (languagepacks.json).
 */
export function packLanguagePack(tempDir, folder) {
  const work = path.join(tempDir, `pack-${path.basename(folder)}`);
  cpSync(folder, work, { recursive: true });
  const vsix = path.join(tempDir, `language-pack-${path.basename(folder)}.vsix`);
  const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const result = spawnSync(
    process.execPath,
    [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix],
    { cwd: work, encoding: 'utf8', timeout: 120_000 },
  );
  if (result.status !== 0)
    throw new Error(`packaging the language pack ${folder} failed: ${(result.stderr || result.stdout || String(result.error)).trim()}`);
  return vsix;
}

/**
 * Registers installed language packs in user-data/languagepacks.json, in the form VS Code's language pack
 * cache writes it. The server writes that file itself only some time after it starts, while the first page
 * load already reads it to choose the display language; writing it first makes `--locale` hold on that load.
 */
export function registerLanguagePacks(tempDir, folders) {
  const packs = {};
  for (const folder of folders) {
    const manifest = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8'));
    const id = `${manifest.publisher}.${manifest.name}`;
    const installed = path.join(tempDir, 'extensions', `${id}-${manifest.version}`);
    for (const localization of manifest.contributes.localizations) {
      const translations = Object.fromEntries(localization.translations.map((t) => [t.id, path.join(installed, t.path)]));
      const hash = createHash('md5').update(`${id}@${manifest.version}`).digest('hex');
      packs[localization.languageId] = {
        hash,
        extensions: [{ extensionIdentifier: { id }, version: manifest.version }],
        translations,
        label: localization.localizedLanguageName,
      };
    }
  }
  mkdirSync(path.join(tempDir, 'user-data'), { recursive: true });
  writeFileSync(path.join(tempDir, 'user-data', 'languagepacks.json'), JSON.stringify(packs));
}

/** Starts code-server in its own process group; resolves with its pid and port. */
function startCodeServer(tempDir, env, verbose, locale) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      node24Binary,
      [
        ...codeServerBaseArgs(tempDir),
        '--auth',
        'none',
        '--bind-addr',
        '127.0.0.1:0',
        '--ignore-last-opened',
        // Without it the built workbench ignores the test payload and never runs the suite.
        '--vscode-option',
        'enable-smoke-test-driver',
        ...(locale ? ['--locale', locale] : []),
      ],
      { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    liveServerGroups.add(child.pid);
    let output = '';
    let settled = false;
    const settle = (action) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      action();
    };
    const timer = setTimeout(
      () => settle(() => reject(new Error(`code-server did not report its port within 60 s. Its output:\n${output}`))),
      60_000,
    );
    const onData = (chunk) => {
      const text = chunk.toString();
      output += text;
      if (verbose) process.stdout.write(text.replace(/^(?=.)/gm, '[code-server] '));
      const match = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(output);
      if (match) settle(() => resolve({ pid: child.pid, port: Number(match[1]) }));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (error) => settle(() => reject(error)));
    child.on('exit', (code) => {
      liveServerGroups.delete(child.pid);
      settle(() => reject(new Error(`code-server exited (code ${code}) before listening. Its output:\n${output}`)));
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

/** Turns a `codeAutomationLog` message into printable lines, or null when it is offline noise. */
function filterLog(message, verbose) {
  const text = messageText(message);
  if (verbose) return text;
  const isNoise = (line) => offlineNoise.some((pattern) => pattern.test(line));
  const lines = text.split('\n');
  // A noisy message drops whole, stack trace included; a real one only loses noisy lines.
  if (lines[0].trim() !== '' && isNoise(lines[0])) return null;
  const kept = lines.filter((line) => !isNoise(line));
  return kept.length > 0 ? kept.join('\n') : null;
}

/**
 * One session: a fresh code-server and browser, `workspace` opened with the test payload, and the result
 * of the suite at `suiteIndex` (a compiled CommonJS module exporting `run()`), or a time-out.
 * With `vsixFile` the packaged extension is installed and tested instead of the development folder.
 * `onLogLine(line, page)` sees every printed line (screenshot and bench drivers signal through it);
 * `userSettings` become the user's settings.json; `onNavigate()` is called just before the page loads;
 * `developmentPath` is the extension folder to test (default: the repository); `locale` starts code-server
 * with that display language, and `languagePacks` (folders) are installed first so that language exists;
 * `otherExtensions` are .vsix files installed first too (stand-ins of other publishers' extensions).
 * Returns { code, passed, failed, seconds } where passed/failed come from the suite's summary line.
 */
export async function runSession({
  name,
  suiteIndex,
  workspace,
  vsixFile = null,
  screenshot,
  timeoutMs = 180_000,
  verbose = false,
  viewport = { width: 1440, height: 900 },
  extraEnv = {},
  userSettings,
  developmentPath: extensionDevelopmentPath = repoRoot,
  otherExtensions = [],
  onLogLine,
  onNavigate,
  locale,
  languagePacks = [],
}) {
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
    if (userSettings) {
      mkdirSync(path.join(tempDir, 'user-data', 'User'), { recursive: true });
      writeFileSync(path.join(tempDir, 'user-data', 'User', 'settings.json'), JSON.stringify(userSettings, null, 2));
    }
    for (const other of otherExtensions) {
      const installOutput = await installVsix(tempDir, other, env);
      log(`${name}: installed ${path.basename(other)} (${installOutput.split('\n').pop()})`);
    }
    for (const folder of languagePacks) {
      const installOutput = await installVsix(tempDir, packLanguagePack(tempDir, folder), env);
      log(`${name}: installed the language pack ${path.relative(repoRoot, folder)} (${installOutput.split('\n').pop()})`);
    }
    if (languagePacks.length > 0) registerLanguagePacks(tempDir, languagePacks);
    if (vsixFile) {
      const installOutput = await installVsix(tempDir, vsixFile, env);
      log(`${name}: installed ${path.basename(vsixFile)} (${installOutput.split('\n').pop()})`);
    }
    const server = await startCodeServer(tempDir, env, verbose, locale);
    serverPid = server.pid;
    const origin = `http://127.0.0.1:${server.port}`;
    const remote = (absolutePath) => `vscode-remote://127.0.0.1:${server.port}${absolutePath}`;
    // The workbench runs extensionTestsPath only in an extension-development window. For the packaged
    // extension the development path is an empty folder: the window is one, yet the extension that loads
    // is the one installed from the .vsix.
    let developmentPath = extensionDevelopmentPath;
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

    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs, timeout: 120_000 });
    const context = await browser.newContext({ viewport });
    // The page may only talk to this code-server: anything else (CDNs, web-view hosts) is refused here.
    await context.route(
      (requestUrl) => /^(https?|wss?):$/.test(requestUrl.protocol) && !['127.0.0.1', 'localhost', '[::1]'].includes(requestUrl.hostname),
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
        if (onLogLine) onLogLine(line, page);
        const summary = /^(?:[\w./-]+: )?(\d+) passed, (\d+) failed/.exec(line.trim());
        if (summary) {
          counts.passed += Number(summary[1]);
          counts.failed += Number(summary[2]);
        }
        console.log(`[${name}] ${line}`);
      }
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
    if (verbose) page.on('pageerror', (error) => console.log(`[${name}] page error: ${error.message}`));
    if (onNavigate) onNavigate();
    await page.goto(url, { timeout: 120_000 });

    let timer;
    const timedOut = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const outcome = await Promise.race([exitCode, timedOut]);
    clearTimeout(timer);
    if (screenshot) {
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
