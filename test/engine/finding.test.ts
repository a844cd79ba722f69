import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ownedText, uniqueSorted, type Finding } from '../../src/engine/finding.js';

function finding(file: string, line: number, ruleId: string, message: string, severity: Finding['severity'] = 'error'): Finding {
  return {
    ruleId,
    messageId: 'm',
    identity: message,
    severity,
    message,
    file,
    line,
    column: 1,
    endLine: line,
    endColumn: 2,
    exitCode: null,
    reason: null,
    phase: 'start',
    runtime: 'containerd',
    related: [],
  };
}

describe('findings', () => {
  it('ownedText keeps every character, lone surrogates and text outside Latin-1 included', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\n  name: "\ud800-é-日本-🚀" \u2028';
    for (const part of [text, text.slice(15, 40), `${text.slice(3, 20)} and ${text.slice(30)}`, '']) assert.equal(ownedText(part), part);
  });

  it('uniqueSorted: report order, one finding per rule, place and message, the first raised kept', () => {
    const first = finding('b.yaml', 3, 'rule-a', 'same', 'error');
    const repeat = finding('b.yaml', 3, 'rule-a', 'same', 'warning');
    const input = [
      finding('b.yaml', 10, 'rule-a', 'later line'),
      first,
      finding('a.yaml', 7, 'rule-b', 'other file'),
      repeat,
      finding('b.yaml', 3, 'rule-a', 'another message'),
      finding('b.yaml', 3, 'rule-0', 'same'),
      repeat,
    ];
    const out = uniqueSorted(input);
    assert.deepEqual(
      out.map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.message}`),
      ['a.yaml:7 rule-b other file', 'b.yaml:3 rule-0 same', 'b.yaml:3 rule-a another message', 'b.yaml:3 rule-a same', 'b.yaml:10 rule-a later line'],
    );
    assert.equal(out[3], first, 'of two equal findings, the one raised first stays');
    assert.equal(input.length, 7, 'the input is left as it was');
  });
});
