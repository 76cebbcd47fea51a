/**
 * The bounded fuzz run of CI (`npm run test:fuzz`): a fixed seed, at most FUZZ_COUNT inputs and
 * FUZZ_SECONDS seconds (about a minute on the 2-core CI machine). Long runs: scripts/fuzz.ts.
 * Each failure names the seed and input number; `npx tsx scripts/fuzz.ts --seed S --count N` replays it.
 */
import * as assert from 'node:assert/strict';
import { runFuzz } from './harness';

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const COUNT = Number(process.env.FUZZ_COUNT ?? 5000);
const SECONDS = Number(process.env.FUZZ_SECONDS ?? 90);
/** Per input, the analysis may take this multiple of its unmutated folder's time (or of examples/article's, whichever is larger). */
const TIME_RATIO = 100;
/** Fewer inputs than this within the time limit means the run proved too little (or something got slow). */
const MIN_INPUTS = 200;

describe('fuzz: mutated fixtures, truncations and generated HCL', function () {
  this.timeout((SECONDS + 120) * 1000);

  it(`parses, analyses and fixes up to ${COUNT} inputs (seed ${SEED}) without a crash, an internal error, a fix-all that does not converge or a slow input`, () => {
    const result = runFuzz({ seed: SEED, count: COUNT, timeLimitMs: SECONDS * 1000, timeRatio: TIME_RATIO });
    const report = result.failures
      .slice(0, 20)
      .map((f) => `input ${f.input.id}: ${f.input.how}\n    ${f.problem.split('\n').slice(0, 8).join('\n    ')}`)
      .join('\n');
    console.log(
      `      ${result.inputs} inputs in ${(result.elapsedMs / 1000).toFixed(1)} s; slowest ${result.worstRatio.toFixed(1)} × its baseline`,
    );
    assert.equal(result.failures.length, 0, `${result.failures.length} failures (seed ${SEED}):\n${report}`);
    assert.ok(result.inputs >= Math.min(COUNT, MIN_INPUTS), `only ${result.inputs} inputs in ${SECONDS} s`);
  });
});
