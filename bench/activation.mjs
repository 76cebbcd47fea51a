#!/usr/bin/env node
// Prints how fast the extension gets going in a real VS Code (offline harness: code-server + headless
// chromium) and how long the CLI takes on the examples. Figures only, no assertions.
//
//   node bench/activation.mjs                 3 fresh editor sessions + the CLI on every examples/<dir>
//   node bench/activation.mjs --runs 5 --vsix private-ecr-pull-0.1.0.vsix
//   node bench/activation.mjs --module examples/article-broken --file endpoints.tf
//   node bench/activation.mjs --skip-editor   only the CLI figures
//
// Needs `npm run build` (and the harness: node test/harness/install.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bundleExtensionHostScript } from '../scripts/build.mjs';
import { isHarnessInstalled, repoRoot } from '../test/harness/paths.mjs';
import { runSession } from '../test/harness/session.mjs';

const options = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    'cli-runs': { type: 'string', default: '5' },
    module: { type: 'string', default: 'test/integration/workspaces/foundation/fargate-missing-ecr-dkr' },
    file: { type: 'string', default: 'main.tf' },
    vsix: { type: 'string' },
    'skip-editor': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
  strict: true,
}).values;

const editorRuns = Number(options.runs);
const cliRuns = Number(options['cli-runs']);
if (!Number.isInteger(editorRuns) || editorRuns < 1 || !Number.isInteger(cliRuns) || cliRuns < 1) {
  console.error('bench: --runs and --cli-runs must be positive whole numbers');
  process.exit(2);
}
if (!existsSync(path.join(repoRoot, 'dist', 'cli.js'))) {
  console.error('bench: dist/ is missing: run `npm run build` first.');
  process.exit(1);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function describe(values) {
  return `median ${Math.round(median(values))} ms (min ${Math.round(Math.min(...values))}, max ${Math.round(Math.max(...values))}, n=${values.length})`;
}

/**
 * One fresh editor session in an empty workspace (so nothing activates the extension early); the driver
 * copies the module in and opens the file. Returns the figures in milliseconds, or null when it failed.
 */
async function measureEditorSession(driver, index) {
  let navigatedAt = 0;
  const figures = {};
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'private-ecr-bench-workspace-'));
  try {
    const result = await runSession({
      name: `bench ${index + 1}`,
      suiteIndex: driver,
      workspace,
      vsixFile: options.vsix ? path.resolve(options.vsix) : null,
      timeoutMs: 180_000,
      verbose: options.verbose,
      extraEnv: { PRIVATE_ECR_BENCH_SOURCE: path.resolve(repoRoot, options.module), PRIVATE_ECR_BENCH_FILE: options.file },
      onNavigate: () => (navigatedAt = performance.now()),
      onLogLine: (line) => {
        const match = /^\[bench\] (\S+) (\d+)$/.exec(line.trim());
        if (!match) return;
        if (match[1] === 'extension-host-uptime-at-driver-start') figures.pageToDriver = performance.now() - navigatedAt;
        else if (match[1] === 'open-to-active') figures.openToActive = Number(match[2]);
        else if (match[1] === 'open-to-first-diagnostic') figures.openToDiagnostic = Number(match[2]);
      },
    });
    return result.code === 0 && Object.keys(figures).length === 3 ? figures : null;
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

async function benchEditor() {
  if (!isHarnessInstalled()) {
    console.error('bench: the harness is not installed: run `node test/harness/install.mjs` first (or pass --skip-editor).');
    process.exit(1);
  }
  const workspaceFile = path.resolve(repoRoot, options.module, options.file);
  if (!existsSync(workspaceFile)) {
    console.error(`bench: ${workspaceFile} does not exist`);
    process.exit(2);
  }
  const driver = await bundleExtensionHostScript('test/harness/drivers/activation-bench.ts', 'out/harness/activation-bench/index.js');
  const sessions = [];
  for (let index = 0; index < editorRuns; index += 1) {
    const figures = await measureEditorSession(driver, index);
    if (figures) sessions.push(figures);
    else console.log(`bench: session ${index + 1} failed; its figures are left out`);
  }
  return sessions;
}

/** Wall time of `node dist/cli.js check <dir>` for every examples/<dir>. */
function benchCli() {
  const examplesDir = path.join(repoRoot, 'examples');
  if (!existsSync(examplesDir)) return [];
  const rows = [];
  for (const entry of readdirSync(examplesDir, { withFileTypes: true }).filter((candidate) => candidate.isDirectory())) {
    const target = path.join('examples', entry.name);
    const times = [];
    let exitCode = null;
    for (let run = 0; run < cliRuns; run += 1) {
      const startedAt = performance.now();
      const child = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'check', target], { cwd: repoRoot, encoding: 'utf8' });
      times.push(performance.now() - startedAt);
      exitCode = child.status;
    }
    rows.push({ target, exitCode, times });
  }
  return rows;
}

const sessions = options['skip-editor'] ? [] : await benchEditor();
const cliRows = benchCli();

console.log('');
console.log(`Private ECR Pull — activation and CLI figures (${new Date().toISOString()}, node ${process.version}, ${options.vsix ? 'packaged .vsix' : 'development folder'})`);
if (!options['skip-editor']) {
  if (sessions.length === 0) {
    console.log('  editor: no session completed (see the log above)');
  } else {
    console.log(`  editor (code-server 4.139.1 = VS Code 1.139.1, extension host on Node 24; ${path.join(options.module, options.file)}):`);
    console.log(`    page navigation -> workbench running tests  ${describe(sessions.map((figures) => figures.pageToDriver))}`);
    console.log(`    open first .tf file -> extension active     ${describe(sessions.map((figures) => figures.openToActive))}`);
    console.log(`    open first .tf file -> first diagnostic     ${describe(sessions.map((figures) => figures.openToDiagnostic))}`);
  }
}
if (cliRows.length === 0) {
  console.log('  cli: no examples/ folder');
} else {
  console.log('  cli (node dist/cli.js check <dir>, wall time including Node start-up):');
  for (const row of cliRows) console.log(`    ${row.target.padEnd(40)} ${describe(row.times)}, exit ${row.exitCode}`);
}
