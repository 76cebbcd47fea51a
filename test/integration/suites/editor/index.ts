// Suite index of the editor tests: live diagnostics, quick fixes for every fixable rule, fix-all,
// ignore comments, settings and snippets, all through VS Code's public API.
import { runMochaSuite } from '../../support/mochaRunner';

/** Entry point called by VS Code's test runner (code-server harness or @vscode/test-electron). */
export function run(): Promise<void> {
  return runMochaSuite('editor', () => {
    require('./diagnostics.test');
    require('./code-actions.test');
    require('./snippets.test');
    require('./editor-craft.test');
    require('./shared-settings.test');
    require('./highlighting.test');
  });
}
