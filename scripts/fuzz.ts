/**
 * Long fuzz runs: `npx tsx scripts/fuzz.ts [--seed N] [--count N] [--minutes M] [--ratio R]`.
 * Same inputs and checks as `npm run test:fuzz` (test/fuzz/harness.ts), more of them; prints each
 * failure with the seed and input number that reproduce it, and exits 1 when there was any.
 */
import { runFuzz } from '../test/fuzz/harness';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isFinite(value)) {
    console.error(`--${name} needs a number`);
    process.exit(2);
  }
  return value;
}

const seed = option('seed', Date.now() % 1_000_000);
const count = option('count', 100_000);
const minutes = option('minutes', 30);
const ratio = option('ratio', 100);
console.log(`fuzz: seed ${seed}, up to ${count} inputs or ${minutes} min, time bound ${ratio} × baseline`);
let lastPrint = performance.now();
const result = runFuzz({
  seed,
  count,
  timeLimitMs: minutes * 60_000,
  timeRatio: ratio,
  onProgress: (done, failures) => {
    if (performance.now() - lastPrint > 10_000) {
      lastPrint = performance.now();
      console.log(`  ${done} inputs, ${failures} failures`);
    }
  },
});
for (const failure of result.failures) {
  console.log(
    `\nFAILED input ${failure.input.id} (seed ${seed}): ${failure.input.how}\n  in ${failure.input.dir}\n  ${failure.problem.split('\n').join('\n  ')}`,
  );
}
console.log(
  `\n${result.inputs} inputs in ${(result.elapsedMs / 1000).toFixed(1)} s, ${result.failures.length} failures; slowest input ${result.worstRatio.toFixed(1)} × its baseline (reference ${result.referenceMs.toFixed(1)} ms)`,
);
process.exit(result.failures.length > 0 ? 1 : 0);
