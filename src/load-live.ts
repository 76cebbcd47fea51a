/**
 * Loads the live check (src/live.ts) on first use. In the bundles this `require` is left to run time and
 * points at dist/live.js (scripts/build.mjs), so dist/cli.js and dist/extension.js carry no AWS SDK code;
 * from source (tests, tsx) it loads src/live.ts.
 */
import type * as Live from './live';

/** What the live bundle exports. */
export type LiveModule = typeof Live;

let loaded: LiveModule | undefined;

/** The live check's module, loaded once. */
export function loadLive(): LiveModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('./live') as LiveModule;
  return loaded;
}
