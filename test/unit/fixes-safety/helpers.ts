/** Shared helpers of the fix-safety tests: running `check` in-process, copying trees, file conventions. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCheck, type CheckDependencies } from '../../../src/cli/run-check';

export const REPO = path.resolve(__dirname, '../../..');

/** Runs `check` with injected dependencies and captures its output. */
export async function check(
  args: string[],
  deps: Partial<CheckDependencies> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCheck(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, '0.0.0-test', deps);
  return { code, stdout, stderr };
}

/** Every file under `dir` (relative path → bytes), links not followed. */
export function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile()) out.set(path.relative(dir, full), fs.readFileSync(full));
    }
  };
  walk(dir);
  return out;
}

/** Files of `dir` whose name ends in `.tf`, recursively (links not followed). */
export function tfFiles(dir: string): string[] {
  return [...snapshot(dir).keys()].filter((f) => f.endsWith('.tf')).map((f) => path.join(dir, f));
}

/** The text with every run of two leading spaces on each line turned into a tab. */
export function toTabs(text: string): string {
  return text.replace(/^( +)/gm, (lead: string) => '\t'.repeat(Math.floor(lead.length / 2)) + ' '.repeat(lead.length % 2));
}

/** Undoes toTabs, CRLF and a BOM: the text in LF, space-indented form. */
export function normalize(text: string): string {
  let t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  t = t.replace(/\r\n/g, '\n');
  return t.replace(/^(\t+)/gm, (lead: string) => '  '.repeat(lead.length));
}

export const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
