/**
 * How many cases each property or fuzzed operation tries: `short` by default, so `npm test`
 * stays quick; FUZZ_RUNS=<n> runs the longer form (see docs/resilience.md).
 */
export function fuzzRuns(short: number): number {
  const given = process.env.FUZZ_RUNS;
  if (given === undefined || given === '') return short;
  const runs = Number(given);
  if (!Number.isInteger(runs) || runs < 1 || runs > 100_000) {
    throw new Error(`FUZZ_RUNS must be a whole number from 1 to 100000, got: ${given}`);
  }
  return runs;
}
