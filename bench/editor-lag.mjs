#!/usr/bin/env node
// Event-loop lag of the extension host while a person types into a large Terraform file that has a syntax
// error (the normal state while typing), in the real VS Code (offline harness: code-server + headless
// chromium), with the extension on and off. Real keystrokes go to the page (Playwright); a probe inside the
// extension host (test/harness/drivers/lag-probe.ts, run only as this bench's test entry) samples
// perf_hooks.monitorEventLoopDelay and the worst delay of each second. Figures only, no assertions.
//
//   node bench/editor-lag.mjs                    400 KB file, 2 sessions each way, 160 characters at 60 ms
//   node bench/editor-lag.mjs --kb 200 --runs 3 --chars 300 --delay 40
//
// Needs `npm run build` (and the harness: node test/harness/install.mjs).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bundleExtensionHostScript } from '../scripts/build.mjs';
import { isHarnessInstalled, repoRoot } from '../test/harness/paths.mjs';
import { runSession } from '../test/harness/session.mjs';

const options = parseArgs({
  options: {
    kb: { type: 'string', default: '400' },
    runs: { type: 'string', default: '2' },
    chars: { type: 'string', default: '160' },
    delay: { type: 'string', default: '60' },
    verbose: { type: 'boolean', default: false },
  },
  strict: true,
}).values;
const [kb, runs, chars, delay] = ['kb', 'runs', 'chars', 'delay'].map((name) => Number(options[name]));
if ([kb, runs, chars, delay].some((value) => !Number.isInteger(value) || value < 1)) {
  console.error('bench: --kb, --runs, --chars and --delay must be positive whole numbers');
  process.exit(2);
}
if (!existsSync(path.join(repoRoot, 'dist', 'extension.js')) || !existsSync(path.join(repoRoot, 'dist', 'analysis-worker.js'))) {
  console.error('bench: dist/ is missing: run `npm run build` first.');
  process.exit(1);
}
if (!isHarnessInstalled()) {
  console.error('bench: the harness is not installed: run `node test/harness/install.mjs` first.');
  process.exit(1);
}

/** A real-looking module padded to `targetBytes`, with a syntax error near the top and the line the typing goes to. */
function bigFileWithSyntaxError(targetBytes) {
  const example = (name) => readFileSync(path.join(repoRoot, 'examples', 'article-broken', name), 'utf8');
  const head = `${example('network.tf')}\n${example('ecs.tf')}\nlocals {\n  # a syntax error, as while typing:\n  half_typed =\n}\n\n# typing goes here: \n`;
  const blocks = [head];
  let size = head.length;
  for (let i = 0; size < targetBytes; i += 1) {
    const block =
      `\nresource "aws_security_group" "padding_${i}" {\n  name   = "padding-${i}"\n  vpc_id = aws_vpc.main.id\n\n` +
      `  ingress {\n    from_port   = 443\n    to_port     = 443\n    protocol    = "tcp"\n    cidr_blocks = ["10.${i % 250}.0.0/16"]\n  }\n\n` +
      `  tags = {\n    Name = "padding-${i}"\n  }\n}\n`;
    blocks.push(block);
    size += block.length;
  }
  return blocks.join('');
}

/** What the typist writes: lower-case words inside the comment line, the same in both set-ups. */
function typedText(length) {
  const words = 'the task pulls its image through the private endpoints of the vpc ';
  let text = '';
  while (text.length < length) text += words;
  return text.slice(0, length);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.floor(sorted.length / 2)];
}

/** A bare extension: the "off" set-up loads it instead of ours, so nothing of ours runs. */
function writeBareExtension(folder) {
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    path.join(folder, 'package.json'),
    JSON.stringify(
      {
        name: 'bare-bench-extension',
        publisher: 'bench',
        version: '0.0.0',
        engines: { vscode: '^1.95.0' },
        main: './extension.js',
        activationEvents: [],
      },
      null,
      2,
    ),
  );
  writeFileSync(
    path.join(folder, 'extension.js'),
    "'use strict';\nexports.activate = () => undefined;\nexports.deactivate = () => undefined;\n",
  );
}

async function session(driver, mode, index, scratch, fileText) {
  const workspace = path.join(scratch, `workspace-${mode}-${index}`);
  mkdirSync(workspace, { recursive: true });
  writeFileSync(path.join(workspace, 'main.tf'), fileText);
  const text = typedText(chars);
  const figures = {};
  let typing;
  const result = await runSession({
    name: `lag ${mode} ${index + 1}`,
    suiteIndex: driver,
    workspace,
    verbose: options.verbose,
    timeoutMs: 600_000,
    developmentPath: mode === 'on' ? repoRoot : path.join(scratch, 'bare-extension'),
    extraEnv: {
      PRIVATE_ECR_LAG_FILE: 'main.tf',
      PRIVATE_ECR_LAG_TYPED_CHARS: String(text.length),
      PRIVATE_ECR_LAG_TIMEOUT_MS: String(text.length * delay * 3 + 60_000),
    },
    onLogLine(line, page) {
      const match = /\[bench\] ([\w-]+)(?: (\S+))?/.exec(line);
      if (!match) return;
      if (match[1] === 'type-now') {
        // Real keystrokes, one every `delay` ms, into the editor (focused without moving its cursor).
        typing = (async () => {
          const input = page.locator('.monaco-editor .native-edit-context, .monaco-editor textarea.inputarea').first();
          await input.focus({ timeout: 30_000 });
          await page.keyboard.type(text, { delay });
        })().catch((error) => console.error(`bench: typing failed: ${error.message}`));
        return;
      }
      const value = Number(match[2]);
      if (!Number.isNaN(value)) figures[match[1]] = value;
    },
  });
  await typing;
  if (result.code !== 0) {
    console.error(`bench: lag ${mode} ${index + 1} failed (exit ${result.code})`);
    return null;
  }
  return figures;
}

async function main() {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'private-ecr-bench-lag-'));
  try {
    const driver = await bundleExtensionHostScript('test/harness/drivers/lag-probe.ts', path.join(scratch, 'driver', 'index.js'));
    writeBareExtension(path.join(scratch, 'bare-extension'));
    const fileText = bigFileWithSyntaxError(kb * 1024);
    console.log(
      `bench: ${(fileText.length / 1024).toFixed(0)} KB file with a syntax error; ${chars} characters typed at one every ${delay} ms; ${runs} session(s) each way`,
    );
    const collected = { on: [], off: [] };
    // Alternate the set-ups so both see the same machine load.
    for (let index = 0; index < runs; index += 1) {
      for (const mode of ['off', 'on']) {
        const figures = await session(driver, mode, index, scratch, fileText);
        if (figures) collected[mode].push(figures);
      }
    }
    const names = ['lag-p50', 'lag-p90', 'lag-p99', 'lag-max', 'worst-per-second-median', 'worst-per-second-max', 'typed-ms'];
    console.log('\nextension-host event-loop lag while typing (ms; median over sessions; lag = delay beyond the 5 ms sampling timer)');
    console.log(`${'figure'.padEnd(26)}${'extension off'.padStart(15)}${'extension on'.padStart(15)}`);
    for (const name of names) {
      const cell = (mode) => {
        const values = collected[mode].map((f) => f[name]).filter((v) => v !== undefined);
        return values.length === 0 ? '-' : median(values).toFixed(1);
      };
      console.log(`${name.padEnd(26)}${cell('off').padStart(15)}${cell('on').padStart(15)}`);
    }
    for (const mode of ['off', 'on']) {
      for (const [i, f] of collected[mode].entries())
        console.log(`  ${mode} session ${i + 1}: ${names.map((n) => `${n}=${f[n] ?? '-'}`).join(' ')}`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`bench: ${error.stack ?? error}`);
  process.exit(1);
});
