#!/usr/bin/env node
// The GitHub Action's entry (action.yml): runs the bundled CLI from the action's own checkout — no
// package is installed at run time — with the inputs the runner passes as INPUT_* variables, prints
// workflow annotations, writes the report file, and sets the step outputs in $GITHUB_OUTPUT.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const actionRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(actionRoot, 'bin', 'private-ecr.js');
const input = (name, fallback = '') => {
  const value = process.env[`INPUT_${name.replace(/ /g, '_').replace(/-/g, '_').toUpperCase()}`];
  return value === undefined || value.trim() === '' ? fallback : value.trim();
};
const lines = (text) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
const fail = (message) => {
  process.stdout.write(`::error title=private-ecr::${message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}\n`);
  process.exit(2);
};

if (!fs.existsSync(path.join(actionRoot, 'dist', 'cli.js'))) {
  fail(
    `the action's bundled checker (dist/cli.js) is missing from ${actionRoot}: use a release tag of the action, whose commits carry dist/, or build it first (npm ci && npm run build).`,
  );
}

const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
const workingDirectory = path.resolve(workspace, input('working-directory', '.'));
if (!fs.existsSync(workingDirectory)) fail(`working-directory ${input('working-directory')} does not exist`);

const reportFormat = input('report-format', 'sarif');
if (!['sarif', 'json', 'junit', 'checkstyle', 'gitlab'].includes(reportFormat))
  fail(`report-format must be sarif, json, junit, checkstyle or gitlab, not "${reportFormat}"`);
const reportFile = path.resolve(workingDirectory, input('report-file', 'private-ecr.sarif'));
const failOn = input('fail-on', 'error');
if (!['error', 'warning', 'info', 'never'].includes(failOn)) fail(`fail-on must be error, warning, info or never, not "${failOn}"`);

const counts = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'private-ecr-action-')), 'findings.json');
const args = ['check', ...lines(input('paths', '.'))];
if (input('annotations', 'true') !== 'false') args.push('--format', 'github');
args.push('--format', reportFormat, '-o', reportFile, '--format', 'json', '-o', counts);
if (failOn !== 'never') args.push('--fail-on', failOn);
if (input('max-warnings')) args.push('--max-warnings', input('max-warnings'));
for (const file of lines(input('var-files'))) args.push('--var-file', file);
if (input('plan-file')) args.push('--plan', input('plan-file'));
if (input('config')) args.push('--config', input('config'));

process.stdout.write(`private-ecr ${args.join(' ')}\n`);
const run = spawnSync(process.execPath, [cli, ...args], { cwd: workingDirectory, stdio: ['ignore', 'inherit', 'inherit'] });
let code = run.status ?? 2;
if (run.error) fail(`could not run the checker: ${run.error.message}`);

const outputs = { 'report-file': fs.existsSync(reportFile) ? reportFile : '' };
try {
  const findings = JSON.parse(fs.readFileSync(counts, 'utf8')).findings;
  outputs.findings = String(findings.length);
  outputs.errors = String(findings.filter((f) => f.severity === 'error').length);
  outputs.warnings = String(findings.filter((f) => f.severity === 'warning').length);
} catch {
  // The checker failed before writing its report; the exit status says so.
}
if (process.env.GITHUB_OUTPUT) {
  fs.appendFileSync(
    process.env.GITHUB_OUTPUT,
    Object.entries(outputs)
      .map(([k, v]) => `${k}=${v}\n`)
      .join(''),
  );
}
if (failOn === 'never' && code === 1) code = 0;
process.exit(code);
