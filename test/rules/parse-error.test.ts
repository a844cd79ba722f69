import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brief, fixture, lintFixture } from '../harness.js';

const dir = fixture('rules', 'parse-error', 'bad');

describe('parse-error', () => {
  it('reports every unreadable input at its location and goes on', async () => {
    assert.deepEqual(brief(await lintFixture(dir), ['rule', 'file', 'line', 'severity']), [
      { rule: 'parse-error', file: `${dir}/Dockerfile`, line: 1, severity: 'error' },
      { rule: 'parse-error', file: `${dir}/binary.yaml`, line: 1, severity: 'error' },
      { rule: 'parse-error', file: `${dir}/broken.yaml`, line: 8, severity: 'error' },
      { rule: 'parse-error', file: `${dir}/empty.yaml`, line: 1, severity: 'info' },
      { rule: 'parse-error', file: `${dir}/latin1.yaml`, line: 1, severity: 'error' },
      { rule: 'parse-error', file: `${dir}/utf16.yaml`, line: 1, severity: 'error' },
    ]);
  });
});
