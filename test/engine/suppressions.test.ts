import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../../src/engine/finding.js';
import { parseSuppressionComment } from '../../src/parse/suppressions.js';
import { brief, fixture, lintFixture } from '../harness.js';

const dir = (name: string): string => fixture('suppressions', name);

/** What a user reads off a run: the findings shown, and those silenced with the justification kept for SARIF. */
function split(findings: readonly Finding[]): { shown: ReturnType<typeof brief>; suppressed: (string | number)[][] } {
  return {
    shown: brief(findings.filter((f) => !f.suppression)),
    suppressed: findings.filter((f) => f.suppression).map((f) => [f.ruleId, f.file, f.line, f.suppression?.justification ?? '']),
  };
}

describe('suppressions', () => {
  it('Dockerfile: a comment on the line before an instruction silences that rule there, keeping the reason', async () => {
    const d = dir('dockerfile');
    assert.deepEqual(split(await lintFixture(d)), {
      shown: [],
      suppressed: [['shell-stays-pid1', `${d}/Dockerfile`, 5, 'batch job: killed on stop by design, nothing to drain (comment # lint-k8s ignore)']],
    });
  });

  it('Dockerfile: global ignore covers the file; stale and unreadable comments are reported as info', async () => {
    const d = dir('dockerfile-global');
    const findings = await lintFixture(d);
    assert.deepEqual(split(findings), {
      shown: [
        { rule: 'unused-suppression', file: `${d}/Dockerfile`, line: 3, exitCode: null },
        { rule: 'unused-suppression', file: `${d}/Dockerfile`, line: 6, exitCode: null },
      ],
      suppressed: [['shell-stays-pid1', `${d}/Dockerfile`, 5, 'legacy image, replaced in Q3 (comment # lint-k8s ignore)']],
    });
    assert.ok(findings.filter((f) => f.ruleId === 'unused-suppression').every((f) => f.severity === 'info'));
    assert.match(findings.find((f) => f.line === 3)?.message ?? '', /suppression of entrypoint-not-executable matches no finding on line 4/);
  });

  it('YAML: a comment before a key covers its whole value; at the top of a document, the whole object', async () => {
    const d = dir('yaml');
    assert.deepEqual(split(await lintFixture(d)), {
      shown: [
        { rule: 'unused-suppression', file: `${d}/workloads.yaml`, line: 33, exitCode: null },
        { rule: 'besteffort-qos', file: `${d}/workloads.yaml`, line: 34, exitCode: 137 },
      ],
      suppressed: [
        ['besteffort-qos', `${d}/workloads.yaml`, 13, 'throwaway cache, eviction is fine (comment # lint-k8s ignore)'],
        ['besteffort-qos', `${d}/workloads.yaml`, 23, 'debug pod, deleted after use (comment # lint-k8s ignore)'],
      ],
    });
  });

  it('annotation lint-k8s.io/ignore on the object or its pod template; a malformed one is reported', async () => {
    const d = dir('annotation');
    const findings = await lintFixture(d);
    assert.deepEqual(split(findings), {
      shown: [
        { rule: 'unused-suppression', file: `${d}/rendered.yaml`, line: 24, exitCode: null },
        { rule: 'unused-suppression', file: `${d}/rendered.yaml`, line: 35, exitCode: null },
        { rule: 'besteffort-qos', file: `${d}/rendered.yaml`, line: 37, exitCode: 137 },
      ],
      suppressed: [
        ['besteffort-qos', `${d}/rendered.yaml`, 15, 'annotation lint-k8s.io/ignore'],
        ['besteffort-qos', `${d}/rendered.yaml`, 26, 'annotation lint-k8s.io/ignore'],
      ],
    });
    assert.match(findings.find((f) => f.line === 24)?.message ?? '', /^suppression of shell-stays-pid1 matches no finding/);
  });

  it('reads the comment forms, and leaves other comments alone', () => {
    assert.deepEqual(parseSuppressionComment(' lint-k8s ignore=a-b,c -- because'), { scope: 'next', rules: ['a-b', 'c'], reason: 'because' });
    assert.deepEqual(parseSuppressionComment('lint-k8s global ignore=a'), { scope: 'file', rules: ['a'], reason: undefined });
    assert.equal(parseSuppressionComment(' lint-k8s-operator config'), undefined);
    assert.equal(parseSuppressionComment(' see lint-k8s ignore=a'), undefined);
    assert.ok(parseSuppressionComment(' lint-k8s ignore=Bad_Rule') && 'error' in (parseSuppressionComment(' lint-k8s ignore=Bad_Rule') ?? {}));
  });
});
