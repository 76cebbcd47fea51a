// Suite index of the live-check tests: "Verify Private ECR Access" against a moto_server started by the test.
// Loaded by the runner inside the extension host; exports `run()`.
import { runMochaSuite } from '../../support/mochaRunner';

/** Entry point called by VS Code's test runner (code-server harness or @vscode/test-electron). */
export function run(): Promise<void> {
  return runMochaSuite('verify', () => {
    require('./verify.test');
  });
}
