import fc from 'fast-check';
import { fuzzInputs, lintNeverBreaks, realInputs } from '../test/hostile/fuzz-core.js';

/**
 * `npm run fuzz [cases] [seed]`: the property of test/hostile/properties.test.ts over many
 * more cases (default 100,000). Prints the slowest case so a near-hang shows up too; a
 * failure prints fast-check's shrunk counterexample and the seed to replay it.
 */
const runs = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? Date.now() % 2 ** 31);
let slowest = 0;
let done = 0;
const started = performance.now();
await fc.assert(
  fc.asyncProperty(fuzzInputs(realInputs()), async (input) => {
    const t = performance.now();
    await lintNeverBreaks(input);
    slowest = Math.max(slowest, performance.now() - t);
    if (++done % 10_000 === 0)
      process.stdout.write(`${done} cases, ${((performance.now() - started) / 1000).toFixed(0)} s, slowest ${slowest.toFixed(0)} ms\n`);
  }),
  { numRuns: runs, seed },
);
process.stdout.write(
  `fuzz: ${runs} cases passed (seed ${seed}) in ${((performance.now() - started) / 1000).toFixed(0)} s; slowest case ${slowest.toFixed(0)} ms\n`,
);
