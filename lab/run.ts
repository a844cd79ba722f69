/**
 * Runs every lab case and prints a Markdown table (case, expected, measured), for
 * lab/README.md: `npm run build && node dist/lab/run.js`.
 */
import { CASES, missingRequirement } from './cases.js';
import type { LabCase, Measurement } from './cases.js';
import { labUnavailable } from './pid1.js';

export type Outcome = { readonly kind: 'measured'; readonly measurement: Measurement } | { readonly kind: 'skipped'; readonly why: string };

/** Run cases a few at a time (2 cores; each case mostly waits for its grace period). */
export async function runCases(cases: readonly LabCase[], concurrency = 6): Promise<Map<LabCase, Outcome>> {
  const outcomes = new Map<LabCase, Outcome>();
  const queue = [...cases];
  const worker = async (): Promise<void> => {
    for (let c = queue.shift(); c !== undefined; c = queue.shift()) {
      const missing = missingRequirement(c);
      outcomes.set(
        c,
        missing !== undefined
          ? { kind: 'skipped', why: `${missing.program} not installed (Debian package ${missing.pkg})` }
          : { kind: 'measured', measurement: await c.measure() },
      );
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return outcomes;
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

async function main(): Promise<void> {
  const unavailable = await labUnavailable();
  if (unavailable !== undefined) {
    console.log(`lab skipped: ${unavailable}`);
    return;
  }
  const outcomes = await runCases(CASES);
  console.log('| case | checks | expected | measured | |');
  console.log('|---|---|---|---|---|');
  for (const c of CASES) {
    const o = outcomes.get(c);
    const measured = o?.kind === 'measured' ? String(o.measurement.value) : `skipped: ${o?.why ?? '?'}`;
    const verdict =
      o?.kind !== 'measured'
        ? 'skipped'
        : c.expected === undefined
          ? 'reported'
          : o.measurement.value === c.expected
            ? 'ok'
            : c.knownMismatch !== undefined
              ? '**MISMATCH** (known, TODO)'
              : '**MISMATCH**';
    console.log(`| ${cell(c.name)} | ${cell(c.checks)} | ${c.expected === undefined ? '—' : String(c.expected)} | ${cell(measured)} | ${verdict} |`);
  }
  for (const c of CASES) {
    const o = outcomes.get(c);
    if (o?.kind === 'measured') console.error(`${c.name}: ${o.measurement.detail}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
