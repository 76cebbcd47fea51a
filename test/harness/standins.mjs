// Other publishers' extensions a suite runs next to ours (stand-ins written for the tests), packed into
// .vsix files for the runners to install. Shared by run.mjs and run-electron.mjs.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths.mjs';

/**
 * Other extensions a suite runs next to ours: `test/integration/suites/<suite>/extensions.json`, a list of
 * extension folders relative to the repository (stand-ins such as test/integration/standins/*), each packed
 * into a .vsix in `packDir` and installed into the run's extensions folder.
 */
export async function otherExtensionsOfSuite(suite, packDir) {
  const listFile = path.join(repoRoot, 'test', 'integration', 'suites', suite, 'extensions.json');
  if (!existsSync(listFile)) return [];
  const folders = JSON.parse(readFileSync(listFile, 'utf8'));
  const { createVSIX } = await import('@vscode/vsce');
  const files = [];
  for (const folder of folders) {
    const cwd = path.resolve(repoRoot, folder);
    const packagePath = path.join(packDir, `${suite}-${path.basename(cwd)}.vsix`);
    await createVSIX({ cwd, packagePath, dependencies: false, skipLicense: true, allowMissingRepository: true });
    files.push(packagePath);
  }
  return files;
}
