/**
 * How many inputs a fast-check property tries. `npm test` runs the sizes CI can afford on two
 * cores; PROPERTY_RUNS_FACTOR multiplies them (`npx projen test:long` sets 10).
 */
const FACTOR = Number(process.env.PROPERTY_RUNS_FACTOR ?? 1);
if (!Number.isSafeInteger(FACTOR) || FACTOR < 1) {
  throw new Error(`PROPERTY_RUNS_FACTOR must be a whole number of at least 1, not '${process.env.PROPERTY_RUNS_FACTOR}'`);
}

/** The runs of a property that tries `ciRuns` inputs in `npm test`. */
export function propertyRuns(ciRuns: number): number {
  return ciRuns * FACTOR;
}
