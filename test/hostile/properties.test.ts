import { describe, it } from 'node:test';
import fc from 'fast-check';
import { fuzzInputs, lintNeverBreaks, realInputs } from './fuzz-core.js';

// A modest, seeded sample on every `npm test`; `npm run fuzz` runs 100,000+ cases.
describe('property: any input gives a finding or nothing, never a crash', () => {
  it('random bytes, truncated and mutated real fixtures, random YAML and Dockerfiles', async () => {
    await fc.assert(fc.asyncProperty(fuzzInputs(realInputs()), lintNeverBreaks), { numRuns: 400, seed: 20261121 });
  });
});
