/**
 * Ground truth: every lab case (lab/cases.ts) run against real processes on this
 * machine, compared with the knowledge base. Needs Linux and root (PID namespaces);
 * elsewhere it skips with a notice. Install the programs with lab/install-deps.sh.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CASES } from '../../lab/cases.js';
import { labUnavailable } from '../../lab/pid1.js';
import { runCases } from '../../lab/run.js';

void test('lab: knowledge base vs real processes', { timeout: 180_000 }, async (t) => {
  const unavailable = await labUnavailable();
  if (unavailable !== undefined) {
    t.diagnostic(`lab skipped: ${unavailable}`);
    t.skip(unavailable);
    return;
  }
  // Measure everything concurrently first (each case mostly waits out its grace period),
  // then report one subtest per case.
  const outcomes = await runCases(CASES);
  for (const c of CASES) {
    await t.test(c.name, (st) => {
      const outcome = outcomes.get(c);
      assert.ok(outcome !== undefined, `no outcome for ${c.name}`);
      if (outcome.kind === 'skipped') {
        st.diagnostic(`not run: ${outcome.why}`);
        st.skip(outcome.why);
        return;
      }
      const { value, detail } = outcome.measurement;
      st.diagnostic(`checks ${c.checks}; expected ${String(c.expected ?? '(report only)')} from ${c.expectedFrom}; measured ${String(value)} (${detail})`);
      if (c.knownMismatch !== undefined) st.todo(`known mismatch: ${c.knownMismatch}`);
      if (c.expected !== undefined) {
        assert.equal(value, c.expected, `${c.name}: ${c.checks} says ${String(c.expected)}, measured ${String(value)} (${detail})`);
      }
    });
  }
});
