import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Document, LineCounter, parseAllDocuments } from 'yaml';
import { parseManifestText } from '../../src/parse/manifest.js';
import { fuzzInputs, lintNeverBreaks, realInputs } from './fuzz-core.js';

// A modest, seeded sample on every `npm test`; `npm run fuzz` runs 100,000+ cases.
describe('property: any input gives a finding or nothing, never a crash', () => {
  it('random bytes, truncated and mutated real fixtures, random YAML and Dockerfiles', async () => {
    await fc.assert(fc.asyncProperty(fuzzInputs(realInputs()), lintNeverBreaks), { numRuns: 400, seed: 20261121 });
  });
});

/** YAML text of a random tree of block and flow maps and sequences, with keys from a small set so that some repeat. */
function yamlTree(): fc.Arbitrary<string> {
  const key = fc.constantFrom('a', 'b', 'c', '1', '"1"', '1.0', 'null', '~', 'true', '"true"', 'k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9');
  const { node } = fc.letrec<{ node: string[] }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom('x', '1', '"s"').map((v) => [v]),
      fc
        .array(fc.tuple(key, tie('node')), { maxLength: 24, size: 'max' })
        .map((pairs) =>
          pairs.length === 0
            ? ['{}']
            : pairs.flatMap(([k, v]) =>
                v.length === 1 && !v[0]?.startsWith('-') && !v[0]?.includes(':') ? [`${k}: ${v[0]}`] : [`${k}:`, ...v.map((l) => `  ${l}`)],
              ),
        ),
      fc
        .array(tie('node'), { maxLength: 4 })
        .map((items) => (items.length === 0 ? ['[]'] : items.flatMap((v) => [`- ${v[0]}`, ...v.slice(1).map((l) => `  ${l}`)]))),
      fc
        .array(fc.tuple(key, fc.constantFrom('1', 'x', '[a: 1, a: 2]')), { maxLength: 5 })
        .map((pairs) => [`{${pairs.map(([k, v]) => `${k}: ${v}`).join(', ')}}`]),
    ),
  }));
  return node.map((lines) => `${lines.join('\n')}\n`);
}

describe('property: repeated map keys', () => {
  it('are found exactly where yaml’s own (quadratic) uniqueKeys check finds them', () => {
    fc.assert(
      fc.property(yamlTree(), (text) => {
        const lineCounter = new LineCounter();
        const reference = parseAllDocuments(text, { lineCounter, uniqueKeys: true, strict: false })
          .flatMap((doc) => (doc instanceof Document ? doc.errors : []))
          .filter((e) => e.code === 'DUPLICATE_KEY')
          .map((e) => [lineCounter.linePos(e.pos[0]).line, lineCounter.linePos(e.pos[0]).col] as const);
        const ours = parseManifestText(text)
          .diagnostics.filter((d) => d.message.startsWith('duplicate key'))
          .map((d) => [d.range.line, d.range.column] as const);
        // yaml reports an inner map's before its parent's; the report sorts findings by place anyway.
        const byPlace = (list: (readonly [number, number])[]): string[] => list.sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([l, c]) => `${l}:${c}`);
        assert.deepEqual(byPlace(ours), byPlace(reference), text);
      }),
      { numRuns: 1_000, seed: 20261122 },
    );
  });
});
