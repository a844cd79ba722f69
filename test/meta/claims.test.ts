import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { RULES } from '../../rules/index.js';
import { startupVisitors } from '../../rules/support/startup.js';
import { defineRule } from '../../src/engine/rule.js';
import { lint } from '../../src/lint/lint.js';
import { CAUSE_KINDS, type CauseKind } from '../../src/predict/causes.js';
import { REPO_ROOT } from '../harness.js';

/** A test-only rule that reports every computed startup cause, wherever a rule could report it. */
const everyCause = defineRule({
  meta: {
    id: 'every-cause',
    title: 'test: every computed cause',
    severity: 'info',
    predicts: { exitCode: null, reason: null, phase: 'run' },
    messages: { cause: '{{kind}}' },
    doc: { whatItPredicts: '', why: '', example: '', fix: '', references: [] },
  },
  create: (context) => startupVisitors(context, CAUSE_KINDS, (cause) => ({ at: cause.at, messageId: 'cause', data: { kind: cause.kind } })),
});

function claimant(kind: CauseKind): string[] {
  return RULES.filter((r) => r.meta.claims?.includes(kind)).map((r) => r.meta.id);
}

describe('causes and the rules that claim them', () => {
  it('every cause kind of src/predict is claimed by exactly one rule, and rules claim only known kinds', () => {
    for (const kind of CAUSE_KINDS) assert.equal(claimant(kind).length, 1, `${kind} is claimed by [${claimant(kind).join(', ')}]`);
    for (const rule of RULES) for (const kind of rule.meta.claims ?? []) assert.ok(CAUSE_KINDS.includes(kind), `${rule.meta.id} claims unknown ${kind}`);
  });

  it('on every rule fixture, each computed cause is reported by the rule that claims it, at the same place', async () => {
    const root = path.join(REPO_ROOT, 'fixtures', 'rules');
    const dirs = readdirSync(root).flatMap((rule) => readdirSync(path.join(root, rule)).map((c) => path.posix.join('fixtures', 'rules', rule, c)));
    const { findings } = await lint(dirs, { cwd: REPO_ROOT, runtime: 'containerd', rules: [...RULES, everyCause] });
    const causes = findings.filter((f) => f.ruleId === 'every-cause');
    assert.ok(causes.length >= 20, `only ${causes.length} causes computed over the fixtures`);
    const seen = new Set<CauseKind>();
    for (const cause of causes) {
      const kind = (cause.message.split(': ').at(-1) ?? '') as CauseKind;
      seen.add(kind);
      const [owner] = claimant(kind);
      const reported = findings.some((f) => f.ruleId === owner && f.file === cause.file && f.line === cause.line);
      assert.ok(reported, `${cause.file}:${cause.line}: cause ${kind} is claimed by ${owner ?? 'no rule'} but not reported`);
    }
    // The fixtures exercise most kinds; a kind no fixture shows is a missing fixture.
    const unseen = CAUSE_KINDS.filter((k) => !seen.has(k));
    assert.deepEqual(unseen, [], `no fixture shows ${unseen.join(', ')}`);
  });
});
