import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../../src/engine/finding.js';
import { formatStylish } from '../../src/report/stylish.js';
import { summarize } from '../../src/report/summary.js';
import { at, WHOLE_FILE } from '../../src/parse/location.js';

function finding(related: Finding['related']): Finding {
  return {
    ruleId: 'entrypoint-not-executable',
    messageId: 'notExecutable',
    severity: 'error',
    message: '/app/run.sh is not executable: StartError.',
    file: 'api/Dockerfile',
    line: 12,
    column: 1,
    endLine: 12,
    endColumn: 20,
    exitCode: 128,
    reason: 'StartError',
    phase: 'create',
    runtime: 'containerd',
    identity: 'x',
    related,
  };
}

const lines = (f: Finding, verbose = false): string[] =>
  formatStylish([f], summarize([f], 1), { color: false, verbose, width: 80 })
    .split('\n')
    .filter((l) => l.includes('note:') || l.startsWith('          '));

describe('stylish: related locations', () => {
  it('one note per related location under the explanation: file:line:col, or the file alone for a whole file', () => {
    const f = finding([
      { at: at('api/Dockerfile', { line: 10, column: 1, endLine: 10, endColumn: 30 }), message: 'placed here with mode 0644' },
      { at: at('overlays/prod/kustomization.yaml', WHOLE_FILE), message: 'rendered through this kustomization' },
    ]);
    const text = formatStylish([f], summarize([f], 1), { color: false, width: 100 });
    assert.match(
      text,
      /^\.\/api\/Dockerfile\n {2}12:1 {2}error .*\n {4}\/app\/run\.sh is not executable: StartError\.\n {4}note: \.\/api\/Dockerfile:10:1: placed here with mode 0644\n {4}note: \.\/overlays\/prod\/kustomization\.yaml: rendered through this kustomization\n\n/,
    );
  });

  it('a long note wraps under its text at the width (80 here); more than three are counted unless --verbose', () => {
    const many = Array.from({ length: 5 }, (_, i) => ({
      at: at(`overlays/o${i}/kustomization.yaml`, WHOLE_FILE),
      message: 'rendered through this kustomization',
    }));
    assert.deepEqual(lines(finding(many)), [
      '    note: ./overlays/o0/kustomization.yaml: rendered through this kustomization',
      '    note: ./overlays/o1/kustomization.yaml: rendered through this kustomization',
      '    note: ./overlays/o2/kustomization.yaml: rendered through this kustomization',
      '    note: 2 more related locations (--verbose shows them)',
    ]);
    assert.equal(lines(finding(many), true).length, 5);
    const long = finding([{ at: at('k8s/api.yaml', { line: 3, column: 5, endLine: 3, endColumn: 9 }), message: 'word '.repeat(20).trim() }]);
    assert.deepEqual(lines(long), [
      '    note: ./k8s/api.yaml:3:5: word word word word word word word word word word',
      '          word word word word word word word word word word',
    ]);
  });

  it('a related message cannot steer the terminal: control characters are escaped', () => {
    const f = finding([{ at: at('a.yaml', { line: 2, column: 1, endLine: 2, endColumn: 2 }), message: 'x\u001b[2Jy' }]);
    assert.deepEqual(lines(f), ['    note: ./a.yaml:2:1: x\\x1b[2Jy']);
  });
});
