// Runs a bundled mocha suite inside the VS Code extension host. Used by every suite index, whichever runner
// (the code-server harness or @vscode/test-electron) loads it.
import Mocha from 'mocha';

/** Options a suite may change; the defaults suit tests that wait on the editor. */
export interface SuiteOptions {
  /** Per-test limit in milliseconds. Tests poll with their own, shorter limits. */
  timeoutMs?: number;
}

/**
 * Installs mocha's BDD globals, lets `loadTests` require the test modules (bundled, so they are plain
 * `require` calls), runs them with the spec reporter, prints `N passed, N failed`, and rejects on failures.
 */
export function runMochaSuite(suiteName: string, loadTests: () => void, options: SuiteOptions = {}): Promise<void> {
  // Stack traces of failures then point at the TypeScript tests rather than the bundle.
  process.setSourceMapsEnabled(true);
  const mocha = new Mocha({ ui: 'bdd', color: false, reporter: 'spec', timeout: options.timeoutMs ?? 60_000 });
  // What `mocha.addFile` + `loadFiles` would do for files on disk: expose describe/it before the tests load.
  mocha.suite.emit('pre-require', globalThis, `${suiteName} (bundled)`, mocha);
  loadTests();
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const { passes = 0, pending = 0 } = runner.stats ?? {};
      const skipped = pending > 0 ? `, ${pending} skipped` : '';
      console.log(`${suiteName}: ${passes} passed, ${failures} failed${skipped}`);
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed in suite "${suiteName}"`));
      else resolve();
    });
  });
}
