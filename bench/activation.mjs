#!/usr/bin/env node
// Prints how fast the extension gets going in a real VS Code (offline harness: code-server + headless
// chromium), how long the CLI takes on the examples, and the static path's cost against a floor measured in
// the same run: CPU of `private-ecr check <small module>` against `node -e 0`, and the CPU and time to load
// dist/extension.js against a bare extension (one that only requires `vscode`). Figures only, no assertions.
//
//   node bench/activation.mjs                 3 fresh editor sessions + the CLI on every examples/<dir>
//   node bench/activation.mjs --runs 5 --vsix private-ecr-pull-0.1.0.vsix
//   node bench/activation.mjs --module examples/article-broken --file endpoints.tf
//   node bench/activation.mjs --skip-editor   only the CLI and static-path figures
//   node bench/activation.mjs --skip-editor --static-runs 30 --check-module examples/article --check-module <dir>
//
// Needs `npm run build` (and the harness: node test/harness/install.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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
    'static-runs': { type: 'string', default: '20' },
    'check-module': {
      type: 'string',
      multiple: true,
      default: ['test/integration/workspaces/foundation/fargate-missing-ecr-dkr', 'examples/article'],
    },
    verbose: { type: 'boolean', default: false },
  },
  strict: true,
}).values;

const editorRuns = Number(options.runs);
const cliRuns = Number(options['cli-runs']);
const staticRuns = Number(options['static-runs']);
if ([editorRuns, cliRuns, staticRuns].some((runs) => !Number.isInteger(runs) || runs < 1)) {
  console.error('bench: --runs, --cli-runs and --static-runs must be positive whole numbers');
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

function percentile(values, fraction) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

function spread(values) {
  return `min ${min(values).toFixed(1)} / median ${median(values).toFixed(1)} / p90 ${percentile(values, 0.9).toFixed(1)} ms`;
}

function min(values) {
  return Math.min(...values);
}

/**
 * CPU (user + system, the whole process from its start: getrusage) and, for the loads, the time one
 * `require` takes, of fresh Node processes. A preload writes the figures when the process exits. One warm-up
 * run per command (disk cache) is left out; the commands alternate so both see the same machine load.
 */
function benchStaticPath() {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'private-ecr-bench-static-'));
  try {
    const preload = path.join(scratch, 'cpu.cjs');
    writeFileSync(
      preload,
      "process.on('exit', () => { const u = process.cpuUsage(); require('node:fs').writeFileSync(process.env.BENCH_CPU_FILE, " +
        'JSON.stringify({ cpuMs: (u.user + u.system) / 1000, loadMs: globalThis.__benchLoadMs ?? null })); });\n',
    );
    // Loads an extension's main file as VS Code does, minus VS Code: `vscode` resolves to a
    // stand-in (nothing is called before activate), timed around the require.
    const loader = (main) =>
      `const Module = require('node:module'); const resolve = Module._resolveFilename;` +
      `Module._resolveFilename = function (r, ...rest) { return r === 'vscode' ? ${JSON.stringify(path.join(scratch, 'vscode.js'))} : resolve.call(this, r, ...rest); };` +
      `const t = performance.now(); const m = require(${JSON.stringify(main)}); globalThis.__benchLoadMs = performance.now() - t;` +
      `if (typeof m.activate !== 'function') throw new Error('no activate');`;
    // Every name the bundle reads from `vscode` is a stand-in whose properties are stand-ins again (enums are
    // read at load time, e.g. DiagnosticSeverity.Error).
    const vscodeNames = [
      ...new Set(
        [...readFileSync(path.join(repoRoot, 'dist', 'extension.js'), 'utf8').matchAll(/\bvscode\d*\.([A-Za-z_$][\w$]*)/g)].map(
          (m) => m[1],
        ),
      ),
    ];
    writeFileSync(
      path.join(scratch, 'vscode.js'),
      'const any = new Proxy(function () {}, { get: (t, k) => (k === Symbol.toPrimitive ? () => 0 : any), apply: () => any, construct: () => any });\n' +
        `for (const name of ${JSON.stringify(vscodeNames)}) exports[name] = any;\n`,
    );
    const bare = path.join(scratch, 'bare-extension.js');
    writeFileSync(
      bare,
      "'use strict';\nconst vscode = require('vscode');\nexports.activate = () => vscode;\nexports.deactivate = () => {};\n",
    );
    const commands = {
      nodeFloor: ['-e', '0'],
      ...Object.fromEntries(options['check-module'].map((dir) => [`check ${dir}`, [path.join(repoRoot, 'dist', 'cli.js'), 'check', dir]])),
      bareExtension: ['-e', loader(bare)],
      extension: ['-e', loader(path.join(repoRoot, 'dist', 'extension.js'))],
    };
    const figures = Object.fromEntries(Object.keys(commands).map((name) => [name, { cpuMs: [], loadMs: [] }]));
    const cpuFile = path.join(scratch, 'cpu.json');
    for (let run = 0; run <= staticRuns; run += 1) {
      for (const [name, args] of Object.entries(commands)) {
        const child = spawnSync(process.execPath, ['--require', preload, ...args], {
          cwd: repoRoot,
          encoding: 'utf8',
          env: { ...process.env, BENCH_CPU_FILE: cpuFile },
        });
        if (child.status !== 0 && !(name.startsWith('check ') && child.status === 1))
          throw new Error(`bench: ${name} exited ${child.status}: ${child.stderr.slice(0, 400)}`);
        const measured = JSON.parse(readFileSync(cpuFile, 'utf8'));
        if (run === 0) continue;
        figures[name].cpuMs.push(measured.cpuMs);
        if (measured.loadMs !== null) figures[name].loadMs.push(measured.loadMs);
      }
    }
    return figures;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
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
        const match = /^\[bench\] (\S+) (-?\d+(?:\.\d+)?)$/.exec(line.trim());
        if (!match) return;
        if (match[1] === 'extension-host-uptime-at-driver-start') figures.pageToDriver = performance.now() - navigatedAt;
        else if (match[1] === 'open-to-active') figures.openToActive = Number(match[2]);
        else if (match[1] === 'open-to-first-diagnostic') figures.openToDiagnostic = Number(match[2]);
        else if (match[1] === 'activate-cpu') figures.activateCpu = Number(match[2]);
      },
    });
    return result.code === 0 && Object.keys(figures).length === 4 ? figures : null;
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
      const child = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'check', target], {
        cwd: repoRoot,
        encoding: 'utf8',
      });
      times.push(performance.now() - startedAt);
      exitCode = child.status;
    }
    rows.push({ target, exitCode, times });
  }
  return rows;
}

const sessions = options['skip-editor'] ? [] : await benchEditor();
const cliRows = benchCli();
const staticPath = benchStaticPath();

console.log('');
console.log(
  `Private ECR Pull — activation and CLI figures (${new Date().toISOString()}, node ${process.version}, ${options.vsix ? 'packaged .vsix' : 'development folder'})`,
);
if (!options['skip-editor']) {
  if (sessions.length === 0) {
    console.log('  editor: no session completed (see the log above)');
  } else {
    console.log(`  editor (code-server 4.139.1 = VS Code 1.139.1, extension host on Node 24; ${path.join(options.module, options.file)}):`);
    console.log(`    page navigation -> workbench running tests  ${describe(sessions.map((figures) => figures.pageToDriver))}`);
    console.log(`    open first .tf file -> extension active     ${describe(sessions.map((figures) => figures.openToActive))}`);
    console.log(`    open first .tf file -> first diagnostic     ${describe(sessions.map((figures) => figures.openToDiagnostic))}`);
    console.log(`    activate() CPU (extension host thread)      ${describe(sessions.map((figures) => figures.activateCpu))}`);
  }
}
{
  const ratio = (a, b) => (median(staticPath[a].cpuMs) / median(staticPath[b].cpuMs)).toFixed(2);
  const loadRatio = (median(staticPath.extension.loadMs) / median(staticPath.bareExtension.loadMs)).toFixed(1);
  console.log(`  static path (fresh Node processes, n=${staticRuns} each after 1 warm-up, CPU = user + system of the whole process):`);
  console.log(`    node -e 0                                   CPU ${spread(staticPath.nodeFloor.cpuMs)}`);
  for (const dir of options['check-module']) {
    console.log(`    private-ecr check ${dir}`);
    console.log(
      `                                                CPU ${spread(staticPath[`check ${dir}`].cpuMs)}  = ${ratio(`check ${dir}`, 'nodeFloor')}x node -e 0`,
    );
  }
  console.log(
    `    load a bare extension                       CPU ${spread(staticPath.bareExtension.cpuMs)}, require ${spread(staticPath.bareExtension.loadMs)}`,
  );
  console.log(
    `    load dist/extension.js                      CPU ${spread(staticPath.extension.cpuMs)}, require ${spread(staticPath.extension.loadMs)}`,
  );
  console.log(
    `    extension.js vs bare: CPU ${ratio('extension', 'bareExtension')}x, require time ${loadRatio}x (+${(median(staticPath.extension.loadMs) - median(staticPath.bareExtension.loadMs)).toFixed(1)} ms)`,
  );
}
if (cliRows.length === 0) {
  console.log('  cli: no examples/ folder');
} else {
  console.log('  cli (node dist/cli.js check <dir>, wall time including Node start-up):');
  for (const row of cliRows) console.log(`    ${row.target.padEnd(40)} ${describe(row.times)}, exit ${row.exitCode}`);
}
