import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brief, fixture, lintFixture } from '../harness.js';

const dir = (name: string): string => fixture('rules', 'prestop-exceeds-grace', name);

describe('prestop-exceeds-grace', () => {
  it('exec sleeps past the grace period end in SIGKILL; a native sleep is rejected at admission', async () => {
    const findings = await lintFixture(dir('bad'));
    assert.deepEqual(brief(findings, ['file', 'line', 'exitCode', 'reason']), [
      { file: `${dir('bad')}/exec-sleep-default-grace.yaml`, line: 24, exitCode: 137, reason: 'Error' },
      { file: `${dir('bad')}/native-sleep.yaml`, line: 24, exitCode: null, reason: 'Invalid' },
      { file: `${dir('bad')}/shell-sleeps.yaml`, line: 16, exitCode: 137, reason: 'Error' },
    ]);
    assert.match(findings[0]?.message ?? '', /sleeps 45 s but terminationGracePeriodSeconds is 30 \(default\).*2 s left/);
    assert.equal(findings[1]?.phase, 'admission');
    assert.match(findings[2]?.message ?? '', /sleeps 20 s/);
  });

  it('short sleeps, httpGet hooks and a zero grace period: no finding', async () => {
    // The zero grace period is grace-period-zero's finding (the hook is skipped or cut), not this rule's.
    const findings = await lintFixture(dir('good'));
    assert.deepEqual(brief(findings.filter((f) => f.ruleId === 'prestop-exceeds-grace')), []);
    assert.deepEqual(brief(findings), [{ rule: 'grace-period-zero', file: `${dir('good')}/hooks.yaml`, line: 50, exitCode: 137 }]);
  });

  it('nginx, which stops within the 2 s it still gets after the hook (lab cases "nginx", "nginx-quit"): no 137 predicted', async () => {
    assert.deepEqual(brief(await lintFixture(dir('good-nginx'))), []);
  });
});
