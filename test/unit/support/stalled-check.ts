/**
 * Runs `check` as the CLI does, but with a Terraform wording step that never answers and leaves
 * nothing pending (as when the hcl2json WebAssembly program dies): the process must still print
 * the findings and exit 2. Used by test/unit/cli/exit-codes.test.ts in a child process.
 */
import { guardedOutput } from '../../../src/cli/process-output';
import { runCheck } from '../../../src/cli/run-check';

process.exitCode = 2;
const { out } = guardedOutput(process.stdout, process.stderr);
void runCheck(process.argv.slice(2), out, '0.0.0-test', { syntaxMessages: () => new Promise(() => {}) }).then((code) => {
  process.exitCode = code;
});
