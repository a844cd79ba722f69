import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brief, fixture, lintFixture } from '../harness.js';

const dir = (name: string): string => fixture('rules', 'besteffort-qos', name);

describe('besteffort-qos', () => {
  it('reports every pod template without requests or limits at its containers key', async () => {
    assert.deepEqual(brief(await lintFixture(dir('bad')), ['rule', 'file', 'line', 'severity', 'exitCode', 'reason']), [
      { rule: 'besteffort-qos', file: `${dir('bad')}/cronjob.yaml`, line: 12, severity: 'warning', exitCode: 137, reason: 'OOMKilled' },
      { rule: 'besteffort-qos', file: `${dir('bad')}/list.json`, line: 13, severity: 'warning', exitCode: 137, reason: 'OOMKilled' },
      { rule: 'besteffort-qos', file: `${dir('bad')}/pod.yaml`, line: 6, severity: 'warning', exitCode: 137, reason: 'OOMKilled' },
      { rule: 'besteffort-qos', file: `${dir('bad')}/rollout.yaml`, line: 14, severity: 'warning', exitCode: 137, reason: 'OOMKilled' },
    ]);
  });

  it('init-container requests, limits-only pods and non-Kubernetes YAML: no finding', async () => {
    assert.deepEqual(brief(await lintFixture(dir('good'))), []);
  });
});
