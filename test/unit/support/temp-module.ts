/** Writes a tree of files into a fresh temporary folder for a test, and removes it afterwards. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Creates `files` (relative path → text or bytes) under a new temp folder and returns its path. */
export function writeTree(files: Record<string, string | Uint8Array>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pecr-test-'));
  for (const [rel, content] of Object.entries(files)) {
    const full = path.join(dir, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
  return dir;
}

/** Removes a temp tree. */
export function removeTree(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
