import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brief, fixture, lintFixture } from './harness.js';

describe('fixtures/demo', () => {
  it('predicts the four failures of the demo service', async () => {
    const demo = fixture('demo');
    assert.deepEqual(brief(await lintFixture(demo), ['rule', 'file', 'line', 'exitCode', 'reason']), [
      { rule: 'shell-stays-pid1', file: `${demo}/api/Dockerfile`, line: 16, exitCode: 137, reason: 'Error' },
      { rule: 'prestop-exceeds-grace', file: `${demo}/k8s/api.yaml`, line: 32, exitCode: 137, reason: 'Error' },
      { rule: 'besteffort-qos', file: `${demo}/k8s/worker.yaml`, line: 17, exitCode: 137, reason: 'OOMKilled' },
      { rule: 'entrypoint-not-executable', file: `${demo}/worker/Dockerfile`, line: 12, exitCode: 128, reason: 'StartError' },
    ]);
  });
});
