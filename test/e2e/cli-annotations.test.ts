import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { RULES } from '../../rules/index.js';
import { lint } from '../../src/lint/lint.js';
import { parseIgnoreAnnotation } from '../../src/parse/suppressions.js';
import { scratchDir } from '../harness.js';

/** A Deployment whose selector misses its template labels (selector-mismatch) and that has no resources (besteffort-qos), with these annotations. */
function deployment(annotations: Record<string, string>): string {
  const lines = Object.entries(annotations).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`);
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: api',
    ...(lines.length > 0 ? ['  annotations:', ...lines] : []),
    'spec:',
    '  selector:',
    '    matchLabels: {app: api}',
    '  template:',
    '    metadata:',
    '      labels: {app: api-server}',
    '    spec:',
    '      containers:',
    '        - name: api',
    '          image: ghcr.io/acme/api:1.0',
    '',
  ].join('\n');
}

async function lintText(text: string): Promise<{ shown: string[]; suppressed: [string, string][] }> {
  const dir = scratchDir('annotations');
  writeFileSync(path.join(dir, 'deploy.yaml'), text);
  const { findings } = await lint(['deploy.yaml'], { cwd: dir, runtime: 'containerd', rules: RULES });
  return {
    shown: findings.filter((f) => !f.suppression).map((f) => f.ruleId),
    suppressed: findings.filter((f) => f.suppression).map((f) => [f.ruleId, f.suppression?.justification ?? '']),
  };
}

describe('object annotations that silence rules', () => {
  it('lint-k8s.io/ignore takes a reason after -- as the comment does', async () => {
    assert.deepEqual(await lintText(deployment({ 'lint-k8s.io/ignore': 'besteffort-qos, selector-mismatch -- batch tier, migrated in Q3' })), {
      shown: [],
      suppressed: [
        ['selector-mismatch', 'batch tier, migrated in Q3 (annotation lint-k8s.io/ignore)'],
        ['besteffort-qos', 'batch tier, migrated in Q3 (annotation lint-k8s.io/ignore)'],
      ],
    });
    assert.deepEqual(parseIgnoreAnnotation('a-b,c -- why'), { rules: ['a-b', 'c'], reason: 'why' });
    assert.deepEqual(parseIgnoreAnnotation('a-b'), { rules: ['a-b'], reason: undefined });
    assert.equal(parseIgnoreAnnotation('Not A Rule -- x'), undefined);
  });

  it("kube-linter's ignore-check annotation silences its twin rule only, and is never an unused suppression", async () => {
    const twin = await lintText(deployment({ 'ignore-check.kube-linter.io/mismatching-selector': 'labels migrate next sprint' }));
    assert.deepEqual(twin.shown, ['besteffort-qos']);
    assert.deepEqual(twin.suppressed, [['selector-mismatch', 'labels migrate next sprint (kube-linter annotation ignore-check.kube-linter.io)']]);
    // A check without a twin among the rules (kube-linter's run-as-non-root flags a missing runAsNonRoot) silences nothing and says nothing.
    const other = await lintText(
      deployment({ 'ignore-check.kube-linter.io/run-as-non-root': 'legacy', 'ignore-check.kube-linter.io/unset-cpu-requirements': 'x' }),
    );
    assert.deepEqual(other.shown.sort(), ['besteffort-qos', 'selector-mismatch']);
    assert.deepEqual(other.suppressed, []);
  });
});
