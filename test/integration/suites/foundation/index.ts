// Suite index of the foundation tests: activation, command registration, the first diagnostic, and (for a
// packaged run) what the .vsix ships. Loaded by the runner inside the extension host; exports `run()`.
import { testMode } from '../../support/extension';
import { runMochaSuite } from '../../support/mochaRunner';

/** Entry point called by VS Code's test runner (code-server harness or @vscode/test-electron). */
export function run(): Promise<void> {
  return runMochaSuite('foundation', () => {
    require('./activation.test');
    require('./diagnostics.test');
    // What the .vsix ships only means something when the runner installed it.
    if (testMode === 'vsix') require('./packaging.test');
  });
}
