#!/usr/bin/env node
// Checks that the bundles in dist/ work on their own, as they ship: copied to a temporary folder with no
// node_modules anywhere above it, and run from yet another working directory.
//   1. dist/cli.js checks a Terraform module and reports the missing ecr.dkr endpoint (exit 1, JSON).
//   2. hcl2json's WebAssembly loads from next to a bundle (dist/main.wasm.gz) and parses a file.
// Exit 0 when both hold; 1 with the reason otherwise. Run after `npm run build` (`npm run package` does).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { hcl2jsonWasmName, repoRoot } from './build.mjs';

const moduleUnderTest = path.join(repoRoot, 'test', 'integration', 'workspaces', 'foundation', 'fargate-missing-ecr-dkr');
const problems = [];

if (!existsSync(path.join(repoRoot, 'dist', 'cli.js'))) {
  console.error('check-dist: dist/cli.js is missing: run `npm run build` first.');
  process.exit(1);
}

const scratch = mkdtempSync(path.join(os.tmpdir(), 'private-ecr-check-dist-'));
try {
  const installed = path.join(scratch, 'installed');
  const elsewhere = path.join(scratch, 'elsewhere');
  mkdirSync(elsewhere, { recursive: true });
  cpSync(path.join(repoRoot, 'dist'), path.join(installed, 'dist'), { recursive: true });
  // No NODE_PATH: a require that the bundle missed must fail here, not find the repository's packages.
  const env = { ...process.env };
  delete env.NODE_PATH;

  // 1. The CLI bundle on a module whose VPC lacks the ecr.dkr endpoint.
  const cli = spawnSync(process.execPath, [path.join(installed, 'dist', 'cli.js'), 'check', moduleUnderTest, '--format', 'json'], {
    cwd: elsewhere,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (cli.status !== 1) {
    problems.push(`dist/cli.js check exited ${cli.status} (expected 1 for error findings); stderr: ${cli.stderr.trim().slice(0, 800)}`);
  } else {
    try {
      const ruleIds = JSON.stringify(JSON.parse(cli.stdout));
      if (!ruleIds.includes('"ecr-dkr-endpoint"')) problems.push('dist/cli.js check did not report ecr-dkr-endpoint');
    } catch (error) {
      problems.push(`dist/cli.js check --format json printed something that is not JSON: ${error.message}`);
    }
  }

  // 2. hcl2json from a bundle: the same esbuild set-up as dist/, the wasm copied beside it.
  const probeSource = path.join(scratch, 'probe.ts');
  writeFileSync(
    probeSource,
    `import { parseWithHcl2json } from ${JSON.stringify(path.join(repoRoot, 'src', 'core', 'hcl', 'hcl2json'))};\n` +
      `parseWithHcl2json('probe.tf', 'resource "aws_vpc_endpoint" "ecr_dkr" {\\n  service_name = "com.amazonaws.eu-west-1.ecr.dkr"\\n}\\n')\n` +
      `  .then((result) => { console.log(JSON.stringify(result)); process.exit(result.ok ? 0 : 1); });\n`,
  );
  await esbuild.build({
    entryPoints: [probeSource],
    outfile: path.join(installed, 'dist', 'hcl2json-probe.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'performance'],
    logLevel: 'error',
  });
  if (!existsSync(path.join(installed, 'dist', hcl2jsonWasmName))) problems.push(`dist/${hcl2jsonWasmName} is missing`);
  const probe = spawnSync(process.execPath, [path.join(installed, 'dist', 'hcl2json-probe.js')], {
    cwd: elsewhere,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (probe.status !== 0 || !probe.stdout.includes('ecr.dkr')) {
    problems.push(`hcl2json did not parse from a bundle (exit ${probe.status}): ${(probe.stdout + probe.stderr).trim().slice(0, 800)}`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

if (problems.length > 0) {
  for (const problem of problems) console.error(`check-dist: ${problem}`);
  process.exit(1);
}
console.log('check-dist: dist/cli.js and hcl2json work from a copy outside the repository');
