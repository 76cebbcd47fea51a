#!/usr/bin/env node
// Retakes every README picture in the harness (code-server + headless chromium), one session each:
//   docs/images/diagnostics.png       the squiggle and the Problems panel
//   docs/images/diagnostic-hover.png  the hover of the finding
//   docs/images/quick-fix-menu.png    the quick-fix menu, in the order the extension gives it
//   docs/images/fixed.png             after the preferred fix (in a scratch copy of the workspace)
// Run `npm run build` first. Usage: node test/harness/readme-screenshots.mjs [--vsix <file>]
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './paths.mjs';

const extra = process.argv.slice(2);
const workspace = 'test/integration/workspaces/foundation';
// A scratch copy under the workspace's own name, so the window title and Explorer read as in the other pictures.
const scratchRoot = mkdtempSync(path.join(os.tmpdir(), 'private-ecr-readme-'));
const scratch = path.join(scratchRoot, path.basename(workspace));
cpSync(path.join(repoRoot, workspace), scratch, { recursive: true });
const shots = [
  ['--out', 'docs/images/diagnostics.png'],
  ['--hover', '--out', 'docs/images/diagnostic-hover.png'],
  ['--quickfix', '--out', 'docs/images/quick-fix-menu.png'],
  ['--apply', '--workspace', scratch, '--out', 'docs/images/fixed.png'],
];
let failed = 0;
try {
  for (const args of shots) {
    const result = spawnSync(process.execPath, [path.join(repoRoot, 'test', 'harness', 'screenshot.mjs'), ...args, ...extra], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
    if (result.status !== 0) failed++;
  }
} finally {
  rmSync(scratchRoot, { recursive: true, force: true });
}
console.log(`readme-screenshots: ${shots.length - failed} taken, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
