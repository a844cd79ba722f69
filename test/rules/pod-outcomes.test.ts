import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brief, fixture, lintFixture, testRuleFixtures, type ExpectedFinding } from '../harness.js';

const keys = ['rule', 'file', 'line', 'severity', 'exitCode', 'reason'] as const;

/** Bad fixtures: exactly these findings (file relative to the fixture, line, severity, exit code, reason). */
const CASES: Record<string, ExpectedFinding[]> = {
  'pod-security-forbidden': [
    ['apps.yaml', 19, 'error', null, 'Forbidden'],
    ['apps.yaml', 22, 'error', null, 'Forbidden'],
    ['apps.yaml', 31, 'error', null, 'Forbidden'],
    ['apps.yaml', 36, 'error', null, 'Forbidden'],
    ['apps.yaml', 42, 'error', null, 'Forbidden'],
  ],
  'liveness-kills-slow-start': [
    ['api.yaml', 18, 'warning', 143, 'Error'],
    ['api.yaml', 28, 'warning', 143, 'Error'],
  ],
  'read-only-root-writes': [
    ['apps.yaml', 16, 'error', 1, 'Error'],
    ['apps.yaml', 23, 'error', 1, 'Error'],
    ['apps.yaml', 45, 'error', 1, 'Error'],
  ],
  'exec-shell-command-not-found': [
    ['deploy.yaml', 19, 'error', null, 'CrashLoopBackOff'],
    ['deploy.yaml', 22, 'error', null, 'ContainersNotReady'],
  ],
  'grace-period-zero': [
    ['workloads.yaml', 13, 'error', 137, 'Error'],
    ['workloads.yaml', 30, 'warning', 137, 'Error'],
  ],
};

testRuleFixtures('pod outcome rules', CASES);

describe('pod outcome rules: details', () => {
  it('shell-stays-pid1 on a manifest command over a known public image (dash; busybox pipeline)', async () => {
    const bad = fixture('rules', 'shell-stays-pid1', 'manifest-known-image', 'bad');
    assert.deepEqual(brief(await lintFixture(bad), keys), [
      { rule: 'shell-stays-pid1', file: `${bad}/deploy.yaml`, line: 16, severity: 'error', exitCode: 137, reason: 'Error' },
      { rule: 'shell-stays-pid1', file: `${bad}/deploy.yaml`, line: 21, severity: 'error', exitCode: 137, reason: 'Error' },
    ]);
    assert.deepEqual(brief(await lintFixture(fixture('rules', 'shell-stays-pid1', 'manifest-known-image', 'good')), keys), []);
  });

  it('read-only-root-writes: quotes the error of the first unwritable path; the Dockerfile is a related location', async () => {
    const findings = await lintFixture(fixture('rules', 'read-only-root-writes', 'bad'));
    assert.match(findings[0]?.message ?? '', /no volume is mounted at \/var\/run, so nginx fails at start with .*nginx\.pid.*Read-only file system.*exits 1/);
    assert.match(findings[1]?.message ?? '', /\/var\/cache\/nginx or \/var\/run.*client_temp/);
    assert.equal(findings[1]?.related[0]?.at.file, 'fixtures/rules/read-only-root-writes/bad/web/Dockerfile');
    assert.match(findings[2]?.message ?? '', /could not create lock file "\/var\/run\/postgresql\/\.s\.PGSQL\.5432\.lock"/);
  });

  it('exec-hook-binary-missing: the native sleep suggestion follows kubernetesVersion', async () => {
    const latest = await lintFixture(fixture('rules', 'exec-hook-binary-missing', 'bad'));
    assert.match(latest[0]?.message ?? '', /lifecycle\.preStop\.sleep\.seconds \(runs in the kubelet, GA since 1\.34\)/);
    const old = await lintFixture(fixture('rules', 'exec-hook-binary-missing', 'old-cluster'));
    assert.match(old[0]?.message ?? '', /httpGet hook \(the native sleep action is alpha in 1\.29: feature gate PodLifecycleSleepAction, off by default\)/);
  });

  it('pod-security-forbidden: names the control and the reason, points at the namespace label, both reasons on one field', async () => {
    const findings = await lintFixture(fixture('rules', 'pod-security-forbidden', 'bad'));
    assert.match(
      findings[0]?.message ?? '',
      /"restricted:latest".*control "Privilege Escalation".*allowPrivilegeEscalation != false.*ReplicaSet reports FailedCreate/,
    );
    assert.match(findings[1]?.message ?? '', /non-default capabilities, unrestricted capabilities/);
    assert.match(findings[2]?.message ?? '', /"baseline:v1\.29".*host namespaces.*kubectl apply fails/);
    assert.equal(findings[0]?.related[0]?.at.file, 'fixtures/rules/pod-security-forbidden/bad/namespaces.yaml');
    assert.equal(findings[0]?.related[0]?.at.line, 9);
  });
});
