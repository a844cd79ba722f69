import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brief, fixture, lintFixture } from './harness.js';

/** Patterns copied from real images (fixtures/precision, tracked in git with their modes): a correct image is silent for every rule. */
describe('precision on real-image patterns', () => {
  for (const name of [
    'official-entrypoint',
    'fixed-by-run-chmod',
    'fixed-by-copy-chmod',
    'git-0755',
    'tini',
    'go-static',
    'nginx-official',
    'heredoc-entrypoint',
  ]) {
    it(`${name}: no finding`, async () => {
      const findings = await lintFixture(fixture('precision', name));
      assert.deepEqual(
        findings.filter((f) => f.severity === 'error').map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.message}`),
        [],
      );
      assert.deepEqual(brief(findings), []);
    });
  }
});

/** The rule tester's cases have no git repository; here the mode comes from the git index, as in a CI checkout. */
describe('file modes from the git index', () => {
  it('a file committed as 100644 and run by absolute path: the message says it is committed so', async () => {
    const dir = fixture('rules', 'entrypoint-not-executable', 'bad-git-0644-abs');
    const findings = await lintFixture(dir);
    assert.deepEqual(brief(findings, ['rule', 'file', 'line', 'exitCode', 'reason']), [
      { rule: 'entrypoint-not-executable', file: `${dir}/Dockerfile`, line: 3, exitCode: 128, reason: 'StartError' },
    ]);
    assert.match(findings[0]?.message ?? '', /committed without the execute bit \(mode 0644\)/);
    assert.equal(findings[0]?.related[0]?.at.line, 2, 'points at the COPY that placed it');
  });
});
