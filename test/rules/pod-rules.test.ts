import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brief, fixture, lintFixture, testRuleFixtures, type ExpectedFinding } from '../harness.js';

const keys = ['rule', 'file', 'line', 'severity', 'exitCode', 'reason'] as const;

/** Bad fixtures: exactly these findings (file relative to the fixture, line, severity, exit code, reason). */
const CASES: Record<string, ExpectedFinding[]> = {
  'heap-exceeds-memory-limit': [
    ['workloads.yaml', 15, 'error', 137, 'OOMKilled'],
    ['workloads.yaml', 22, 'error', 1, 'Error'],
    ['workloads.yaml', 38, 'warning', 137, 'OOMKilled'],
  ],
  'limit-below-request': [['pod.yaml', 10, 'error', null, 'Invalid']],
  'restart-policy-invalid': [
    ['workloads.yaml', 7, 'error', null, 'Invalid'],
    ['workloads.yaml', 23, 'error', null, 'Invalid'],
    ['workloads.yaml', 40, 'error', null, 'Invalid'],
  ],
  'selector-mismatch': [
    ['list.yaml', 9, 'error', null, 'Invalid'],
    ['list.yaml', 25, 'error', null, 'Invalid'],
  ],
  'invalid-image-name': [
    ['pod.yaml', 8, 'error', null, 'InvalidImageName'],
    ['pod.yaml', 12, 'error', null, 'InvalidImageName'],
  ],
  'latest-if-not-present': [
    ['pod.yaml', 9, 'warning', null, null],
    ['pod.yaml', 13, 'warning', null, null],
  ],
  'probe-never-succeeds': [
    ['deploy.yaml', 20, 'error', null, 'ContainersNotReady'],
    ['deploy.yaml', 24, 'warning', null, null],
  ],
  'exec-hook-binary-missing': [['deploy.yaml', 19, 'warning', null, 'FailedPreStopHook']],
  'missing-reference': [
    ['app.yaml', 28, 'warning', null, 'CreateContainerConfigError'],
    ['app.yaml', 33, 'warning', null, 'ContainerCreating'],
  ],
  'run-as-non-root-image-root': [
    ['deploy.yaml', 13, 'error', null, 'CreateContainerConfigError'],
    ['deploy.yaml', 13, 'error', null, 'CreateContainerConfigError'],
    ['deploy.yaml', 24, 'error', null, 'CreateContainerConfigError'],
  ],
};

testRuleFixtures('pod-spec rules', CASES);

describe('pod-spec rules: details', () => {
  it('missing-reference: Secrets written by cert-manager and sealed-secrets in the input exist; one finding per missing object', async () => {
    const dir = fixture('rules', 'missing-reference', 'producers');
    const findings = await lintFixture(dir);
    assert.deepEqual(brief(findings, keys), [
      { rule: 'missing-reference', file: `${dir}/app.yaml`, line: 48, severity: 'warning', exitCode: null, reason: 'CreateContainerConfigError' },
    ]);
    assert.match(findings[0]?.message ?? '', /Secret api-key .*\(1 more reference to it\)/);
    assert.deepEqual(
      findings[0]?.related.map((r) => r.at.line),
      [51],
    );
  });

  it('selector-mismatch: a workload of a removed API version is said to be not served, not judged by apps/v1 rules', async () => {
    const dir = fixture('rules', 'selector-mismatch', 'removed-api');
    const findings = await lintFixture(dir);
    assert.deepEqual(brief(findings, keys), [
      { rule: 'selector-mismatch', file: `${dir}/deploy.yaml`, line: 1, severity: 'error', exitCode: null, reason: null },
    ]);
    assert.equal(findings[0]?.messageId, 'apiNotServed');
    assert.match(findings[0]?.message ?? '', /extensions\/v1beta1 is no longer served \(removed in Kubernetes 1\.16\)/);
  });

  it('invalid-image-name: an unsubstituted placeholder is a warning that says so; a real bad reference stays an error', async () => {
    const dir = fixture('rules', 'invalid-image-name', 'placeholder');
    const findings = await lintFixture(dir);
    assert.deepEqual(
      findings.map((f) => [f.line, f.severity, f.messageId]),
      [
        [14, 'warning', 'placeholder'],
        [18, 'warning', 'placeholder'],
        [22, 'error', 'invalid'],
      ],
    );
    assert.match(findings[1]?.message ?? '', /placeholder \(<DOCKER_REPO>\)/);
  });

  it('missing-reference: switched off by referencesCheck: false', async () => {
    assert.deepEqual(brief(await lintFixture(fixture('rules', 'missing-reference', 'off')), keys), []);
  });

  it('messages explain the outcome and the fix', async () => {
    const heap = await lintFixture(fixture('rules', 'heap-exceeds-memory-limit', 'bad'));
    assert.match(heap[0]?.message ?? '', /-Xmx1g \(args\) allows a 1024 MiB heap but the memory limit is 1Gi.*OOMKilled, exit 137/);
    const root = await lintFixture(fixture('rules', 'run-as-non-root-image-root', 'bad'));
    assert.match(root[0]?.message ?? '', /non-numeric USER app/);
    assert.equal(root[0]?.related[0]?.at.file, 'fixtures/rules/run-as-non-root-image-root/bad/app/Dockerfile');
    assert.equal(root[0]?.related[0]?.at.line, 3);
    assert.match(root[1]?.message ?? '', /nginx:1\.27.*sets no USER/);
    const probe = await lintFixture(fixture('rules', 'probe-never-succeeds', 'bad'));
    assert.match(probe[0]?.message ?? '', /runs curl, which gcr\.io\/distroless\/static-debian12:nonroot .* does not contain.*never becomes Ready/);
  });
});
