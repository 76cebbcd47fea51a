#!/usr/bin/env node
// Installs the offline VS Code harness (see docs: code-server + Debian chromium) into the git-ignored
// .vscode-test/harness folder. Safe to run again: each step checks what is there and skips what is done.
//
//   node test/harness/install.mjs           install what is missing
//   node test/harness/install.mjs --check   only report; exit 1 when something is missing
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  chromiumPath,
  codeServerEntry,
  codeServerMarker,
  codeServerPrefix,
  codeServerVersion,
  harnessHome,
  node24Binary,
  node24Home,
  node24Prefix,
  node24Version,
  repoRoot,
} from './paths.mjs';

const checkOnly = process.argv.includes('--check');
const startedAt = Date.now();

function log(message) {
  console.log(`[harness install] ${message}`);
}

function fail(message) {
  console.error(`[harness install] ERROR: ${message}`);
  process.exit(1);
}

function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/** Runs a command with inherited output; resolves with its exit code. */
function run(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

function checkChromium() {
  if (!existsSync(chromiumPath)) {
    fail(`${chromiumPath} not found. Install it with: apt-get install -y --no-install-recommends chromium (or set CHROMIUM_PATH).`);
  }
  const probe = spawnSync(chromiumPath, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  const version = (probe.stdout ?? '').trim().split('\n').pop();
  if (probe.status !== 0 || !version) {
    fail(`${chromiumPath} --version failed (${probe.stderr?.trim() || probe.error?.message || 'no output'}).`);
  }
  log(`chromium: ${version}`);
}

function checkKerberosHeaders() {
  // code-server builds a native Kerberos module during its install; it needs the MIT krb5 headers.
  const headerFound = ['/usr/include/gssapi/gssapi.h', '/usr/include/krb5.h'].some((file) => existsSync(file));
  if (!headerFound) {
    fail(
      'libkrb5-dev is missing (code-server builds a Kerberos module). Install it with: apt-get install -y --no-install-recommends libkrb5-dev',
    );
  }
  log('libkrb5-dev: headers present');
}

function checkPlaywright() {
  const requireFromRepo = createRequire(path.join(repoRoot, 'package.json'));
  try {
    const version = requireFromRepo('playwright-core/package.json').version;
    log(`playwright-core: ${version} (drives ${chromiumPath}; no browser download)`);
  } catch {
    fail('playwright-core is not installed in the repository: run `npm ci` first.');
  }
}

function installedNodeVersion() {
  if (!existsSync(node24Binary)) return null;
  const probe = spawnSync(node24Binary, ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim().replace(/^v/, '') : null;
}

async function ensureNode24() {
  const found = installedNodeVersion();
  if (found === node24Version) {
    log(`node ${node24Version}: already at ${node24Binary}`);
    return;
  }
  if (checkOnly) fail(`node ${node24Version} is not installed (found ${found ?? 'nothing'}): run node test/harness/install.mjs`);
  log(`node ${node24Version}: installing from npm into ${node24Prefix}`);
  const since = Date.now();
  rmSync(node24Prefix, { recursive: true, force: true });
  mkdirSync(node24Prefix, { recursive: true });
  // A package.json of its own keeps npm from walking up into the repository's.
  writeFileSync(path.join(node24Prefix, 'package.json'), JSON.stringify({ name: 'harness-node24', private: true }, null, 2));
  const code = await run('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', `node@${node24Version}`], {
    cwd: node24Prefix,
  });
  const after = installedNodeVersion();
  if (code !== 0 || after !== node24Version) {
    fail(
      `installing node@${node24Version} failed (npm exit ${code}; binary ${existsSync(node24Binary) ? `reports ${after}` : 'missing'}).`,
    );
  }
  log(`node ${node24Version}: installed in ${seconds(since)}`);
}

function codeServerIsInstalled() {
  if (!existsSync(codeServerMarker) || !existsSync(codeServerEntry)) return false;
  try {
    const marker = JSON.parse(readFileSync(codeServerMarker, 'utf8'));
    return marker.codeServer === codeServerVersion && marker.node === node24Version;
  } catch {
    return false;
  }
}

async function ensureCodeServer() {
  if (codeServerIsInstalled()) {
    log(`code-server ${codeServerVersion}: already at ${path.dirname(path.dirname(path.dirname(codeServerEntry)))}`);
    return;
  }
  if (checkOnly) fail(`code-server ${codeServerVersion} is not installed: run node test/harness/install.mjs`);
  log(`code-server ${codeServerVersion}: installing with node ${node24Version} (native builds, about 2-3 minutes)`);
  const since = Date.now();
  rmSync(codeServerPrefix, { recursive: true, force: true });
  mkdirSync(codeServerPrefix, { recursive: true });
  writeFileSync(path.join(codeServerPrefix, 'package.json'), JSON.stringify({ name: 'harness-code-server', private: true }, null, 2));
  // code-server's postinstall checks the major version of the Node running npm, and node-gyp must build
  // against Node 24's headers: so Node 24 goes first on PATH (npm's `#!/usr/bin/env node` then picks it)
  // and nodedir points at its headers, which the binary package ships.
  const env = {
    ...process.env,
    PATH: `${path.dirname(node24Binary)}${path.delimiter}${process.env.PATH ?? ''}`,
    npm_config_nodedir: node24Home,
  };
  const code = await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', `code-server@${codeServerVersion}`],
    {
      cwd: codeServerPrefix,
      env,
    },
  );
  if (code !== 0 || !existsSync(codeServerEntry)) {
    fail(`installing code-server@${codeServerVersion} failed (npm exit ${code}). Is libkrb5-dev installed, and does ${node24Binary} run?`);
  }
  writeFileSync(
    codeServerMarker,
    JSON.stringify({ codeServer: codeServerVersion, node: node24Version, installedAt: new Date().toISOString() }, null, 2),
  );
  log(`code-server ${codeServerVersion}: installed in ${seconds(since)}`);
}

log(`harness folder: ${harnessHome}`);
checkChromium();
checkKerberosHeaders();
checkPlaywright();
await ensureNode24();
await ensureCodeServer();
log(`ready (${seconds(startedAt)})`);
