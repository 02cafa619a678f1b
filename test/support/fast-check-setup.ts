/**
 * fast-check's settings for every property in a jest run (jest loads this file before each test
 * file): the seed, and the runs of a property that does not choose its own.
 *
 * `npm test` (and so CI) uses one fixed seed: a run judges the same generated inputs every time,
 * so a change is refused for what it broke, never for a rare input a new seed happened to draw.
 * Finding new counterexamples is `npx projen test:long`'s job: it sets FC_SEED=random and ten
 * times the runs; fast-check prints the seed of a failure, replayed with
 * `FC_SEED=<seed> PROPERTY_RUNS_FACTOR=10 FUZZ_RUNS=20000 npx jest <file>`.
 */
import * as fc from 'fast-check';
import { propertyRuns } from './property-runs';

/** The seed `npm test` uses when FC_SEED is not set. */
const FIXED_SEED = 20261202;

const chosen = process.env.FC_SEED ?? String(FIXED_SEED);
const seed = chosen === 'random' ? undefined : Number(chosen);
if (seed !== undefined && !Number.isSafeInteger(seed)) {
  throw new Error(`FC_SEED must be 'random' or a whole number (fast-check prints one on failure), not '${chosen}'`);
}
// fast-check's own default is 100 runs.
fc.configureGlobal({ ...fc.readConfigureGlobal(), numRuns: propertyRuns(100), ...(seed === undefined ? {} : { seed }) });
