import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getExtensionUnderTest, installedExtensionsDir } from '../../support/extension';

// Loaded by the suite index only when the runner installed the .vsix (PRIVATE_ECR_TEST_MODE=vsix).
describe('packaged extension', () => {
  it('runs from the installed .vsix, not from the repository', () => {
    const extensionPath = fs.realpathSync(getExtensionUnderTest().extensionPath);
    assert.ok(installedExtensionsDir, 'the runner did not say where it installed the .vsix');
    const extensionsDir = fs.realpathSync(installedExtensionsDir);
    assert.ok(
      extensionPath.startsWith(extensionsDir + path.sep),
      `expected the extension under ${extensionsDir}, found it at ${extensionPath}`,
    );
  });

  it('ships the bundles and hcl2json WebAssembly, and no sources or node_modules', () => {
    const root = getExtensionUnderTest().extensionPath;
    for (const shipped of [
      'dist/extension.js',
      'dist/web/extension.js',
      'dist/main.wasm.gz',
      'package.json',
      'package.nls.json',
      'package.nls.ja.json',
      'language-configuration.json',
    ]) {
      assert.ok(fs.existsSync(path.join(root, shipped)), `${shipped} is missing from the package`);
    }
    // vsce stores LICENSE as LICENSE.txt.
    assert.ok(
      ['LICENSE', 'LICENSE.txt'].some((name) => fs.existsSync(path.join(root, name))),
      'the licence is missing from the package',
    );
    for (const excluded of ['src', 'node_modules', 'test', 'scripts', '.ci', 'dist/cli.js']) {
      assert.ok(!fs.existsSync(path.join(root, excluded)), `${excluded}/ should not be in the package`);
    }
  });
});
