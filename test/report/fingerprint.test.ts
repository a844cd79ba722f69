import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../../src/engine/finding.js';
import { toFinding } from '../../src/engine/run.js';
import type { RuleMeta } from '../../src/engine/rule.js';
import { at } from '../../src/parse/location.js';
import { applyBaseline } from '../../src/report/baseline.js';
import { fingerprint, legacyFingerprint } from '../../src/report/sarif.js';

const meta = (template: string): RuleMeta => ({
  id: 'shell-stays-pid1',
  title: 't',
  severity: 'error',
  predicts: { exitCode: 137, reason: 'Error', phase: 'stop' },
  messages: { stays: template },
  doc: { whatItPredicts: '', why: '', example: '', fix: '', references: [] },
});

const report = (line: number) => ({ at: at('Dockerfile', { line, column: 1, endLine: line, endColumn: 9 }), messageId: 'stays', data: { shell: 'dash' } });

describe('fingerprints', () => {
  it('come from rule, file, message id and data: rewording or moving a finding keeps them', () => {
    const before = toFinding(meta('On stop, {{shell}} stays PID 1.'), report(4), 'containerd');
    const reworded = toFinding(meta('{{shell}} keeps PID 1 on every stop.'), report(9), 'containerd');
    assert.notEqual(before.message, reworded.message);
    assert.equal(fingerprint(before), fingerprint(reworded));
  });

  it('differ when the data differ (another shell, another container)', () => {
    const dash = toFinding(meta('{{shell}}'), report(4), 'containerd');
    const bash = toFinding(meta('{{shell}}'), { ...report(4), data: { shell: 'bash' } }, 'containerd');
    const other = toFinding(meta('{{shell}}'), { ...report(4), subject: { text: 'Container b', key: 'b' } }, 'containerd');
    assert.equal(new Set([fingerprint(dash), fingerprint(bash), fingerprint(other)]).size, 3);
  });

  it('a baseline written by lint-k8s 0.1 (message-text fingerprints) still accepts its findings', () => {
    const finding: Finding = toFinding(meta('On stop, {{shell}} stays PID 1.'), report(4), 'containerd');
    const old = {
      version: 1 as const,
      tool: 'lint-k8s' as const,
      findings: [{ ruleId: finding.ruleId, file: finding.file, fingerprint: legacyFingerprint(finding), message: '' }],
    };
    assert.equal(applyBaseline([finding], old, 'b.json')[0]?.suppression?.kind, 'external');
  });

  it('a template that names data the report lacks is a rule bug, caught when the finding is made', () => {
    assert.throws(() => toFinding(meta('{{missing}}'), report(1), 'containerd'), /no data for \{\{missing\}\}/);
  });
});
