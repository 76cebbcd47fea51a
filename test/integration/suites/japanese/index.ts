// Suite index of the Japanese display-language tests: the harness starts code-server with `--locale ja`
// (test/integration/suites/japanese/harness.json). Loaded by the runner inside the extension host; exports `run()`.
import { runMochaSuite } from '../../support/mochaRunner';

/** Entry point called by VS Code's test runner (code-server harness or @vscode/test-electron). */
export function run(): Promise<void> {
  return runMochaSuite('japanese', () => {
    require('./japanese.test');
    require('./japanese-verify.test');
  });
}
