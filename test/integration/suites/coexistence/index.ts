// Suite index of the coexistence tests: Private ECR Pull next to a stand-in of HashiCorp's Terraform
// extension (test/integration/standins/hashicorp-terraform, installed by the harness from extensions.json).
import { runMochaSuite } from '../../support/mochaRunner';

/** Entry point called by VS Code's test runner (code-server harness or @vscode/test-electron). */
export function run(): Promise<void> {
  return runMochaSuite('coexistence', () => {
    require('./coexistence.test');
  });
}
