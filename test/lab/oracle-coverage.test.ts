/**
 * Every rule that predicts an exit code has a case the runtime oracle runs, or a stated
 * reason in NOT_REPRODUCIBLE_RULES (lab/oracle/cases.ts). Static: reads the oracle's case
 * table and the fixtures, runs no runtime.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RULES } from '../../rules/index.js';
import { LAB_CASES, NOT_REPRODUCIBLE_RULES, discoverFixtures } from '../../lab/oracle/cases.js';
import { rewriteDockerfile } from '../../lab/oracle/main.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Rules with a fixture case the oracle builds and runs: not skipped, a case where the rule fires, FROM has a lab image. */
async function rulesWithFixtureCase(): Promise<Set<string>> {
  const covered = new Set<string>();
  for (const c of await discoverFixtures(join(REPO, 'fixtures'))) {
    const [top, rule, caseName] = c.name.split('/');
    if (top !== 'rules' || rule === undefined || caseName === undefined) continue;
    if (c.note.skip !== undefined || c.note.good !== undefined || !/^(bad|warn)/.test(caseName)) continue;
    if ('dockerfile' in rewriteDockerfile(await readFile(join(c.dir, 'Dockerfile'), 'utf8'))) covered.add(rule);
  }
  return covered;
}

void test('oracle coverage: every exit-code rule has an oracle case or a reason why not', async () => {
  const fixtures = await rulesWithFixtureCase();
  const labCases = new Set(LAB_CASES.flatMap((c) => (c.rule !== undefined ? [c.rule] : [])));
  const exitCodeRules = RULES.filter((r) => r.meta.predicts.exitCode !== null).map((r) => r.meta.id);
  const uncovered = exitCodeRules.filter((id) => !fixtures.has(id) && !labCases.has(id) && NOT_REPRODUCIBLE_RULES[id] === undefined);
  assert.deepEqual(uncovered, [], 'add an oracle case (a fixture case with a lab image, or a LAB_CASES entry with `rule`) or a NOT_REPRODUCIBLE_RULES line');
  // The pod-level rules the issue names are covered one way or the other.
  for (const id of ['grace-period-zero', 'prestop-exceeds-grace', 'liveness-kills-slow-start', 'besteffort-qos'])
    assert.ok(labCases.has(id) || NOT_REPRODUCIBLE_RULES[id] !== undefined, id);
});

void test('oracle coverage: a stated reason is not stale (the rule exists, predicts an exit code, and has no case)', async () => {
  const fixtures = await rulesWithFixtureCase();
  const labCases = new Set(LAB_CASES.flatMap((c) => (c.rule !== undefined ? [c.rule] : [])));
  for (const [id, why] of Object.entries(NOT_REPRODUCIBLE_RULES)) {
    const rule = RULES.find((r) => r.meta.id === id);
    assert.ok(rule, `NOT_REPRODUCIBLE_RULES names ${id}, which is not a rule`);
    assert.notEqual(rule.meta.predicts.exitCode, null, `${id} predicts no exit code`);
    assert.ok(!fixtures.has(id) && !labCases.has(id), `${id} has an oracle case now: drop its NOT_REPRODUCIBLE_RULES line`);
    assert.ok(why.length > 20, `${id}: say why`);
  }
  for (const c of LAB_CASES)
    if (c.rule !== undefined)
      assert.ok(
        RULES.some((r) => r.meta.id === c.rule),
        `lab case ${c.name}: no rule ${c.rule}`,
      );
});
