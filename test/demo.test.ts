import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brief, fixture, lintFixture } from './harness.js';

describe('fixtures/demo', () => {
  it('predicts the five failures of the demo service, one of them through the skaffold join', async () => {
    const demo = fixture('demo');
    assert.deepEqual(brief(await lintFixture(demo), ['rule', 'file', 'line', 'exitCode', 'reason']), [
      { rule: 'shell-stays-pid1', file: `${demo}/api/Dockerfile`, line: 16, exitCode: 137, reason: 'Error' },
      { rule: 'prestop-exceeds-grace', file: `${demo}/k8s/api.yaml`, line: 32, exitCode: 137, reason: 'Error' },
      { rule: 'run-as-non-root-image-root', file: `${demo}/k8s/worker.yaml`, line: 18, exitCode: null, reason: 'CreateContainerConfigError' },
      { rule: 'besteffort-qos', file: `${demo}/k8s/worker.yaml`, line: 19, exitCode: 137, reason: 'OOMKilled' },
      { rule: 'entrypoint-not-executable', file: `${demo}/worker/Dockerfile`, line: 12, exitCode: 128, reason: 'StartError' },
    ]);
  });
});
