// Suite index of the input-format tests: a Terraform JSON file and an OpenTofu file get the
// diagnostics and a working quick fix, through VS Code's public API.
import { runMochaSuite } from '../../support/mochaRunner';

/** Entry point called by VS Code's test runner (code-server harness or @vscode/test-electron). */
export function run(): Promise<void> {
  return runMochaSuite('inputs', () => {
    require('./json-and-tofu.test');
  });
}
