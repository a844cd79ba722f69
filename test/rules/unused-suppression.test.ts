import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brief, fixture, lintFixture } from '../harness.js';

describe('unused-suppression', () => {
  it('a comment that silences nothing, and an unreadable one, are info findings at the comment', async () => {
    const d = fixture('suppressions', 'dockerfile-global');
    const unused = (await lintFixture(d)).filter((f) => f.ruleId === 'unused-suppression');
    assert.deepEqual(brief(unused, ['rule', 'file', 'line', 'severity']), [
      { rule: 'unused-suppression', file: `${d}/Dockerfile`, line: 3, severity: 'info' },
      { rule: 'unused-suppression', file: `${d}/Dockerfile`, line: 6, severity: 'info' },
    ]);
  });

  it('a suppression that silences its finding: no finding', async () => {
    assert.deepEqual(brief((await lintFixture(fixture('suppressions', 'dockerfile'))).filter((f) => !f.suppression)), []);
  });
});
