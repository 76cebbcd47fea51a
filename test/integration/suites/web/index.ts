// Suite index of the browser build, loaded by the web worker extension host (no Node: mocha's browser build,
// no node:assert). Exports `run()` like the other suites and prints `web: N passed, N failed`.
import 'mocha/mocha.js';

interface BrowserMocha {
  setup(options: { ui: string; reporter: string; color: boolean; timeout: number }): void;
  run(done: (failures: number) => void): { stats?: { passes?: number } };
}

export function run(): Promise<void> {
  const mocha = (globalThis as unknown as { mocha: BrowserMocha }).mocha;
  mocha.setup({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60_000 });
  require('./web.test');
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      console.log(`web: ${runner.stats?.passes ?? 0} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed in suite "web"`));
      else resolve();
    });
  });
}
