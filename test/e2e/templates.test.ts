import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RULES } from '../../rules/index.js';
import { lint } from '../../src/lint/lint.js';
import { fixture, REPO_ROOT } from '../harness.js';

const DIR = fixture('render', 'templates');

async function findingsOf(file: string): Promise<{ rule: string; severity: string; line: number; column: number; message: string }[]> {
  const { findings } = await lint([`${DIR}/${file}`], { cwd: REPO_ROOT, runtime: 'containerd', rules: RULES });
  return findings.map((f) => ({ rule: f.ruleId, severity: f.severity, line: f.line, column: f.column, message: f.message }));
}

describe('templates and broken YAML: one finding where a user looks, never a flood', () => {
  it('a Go-templated manifest outside a chart is one note at its first {{', async () => {
    assert.deepEqual(await findingsOf('deployment.yaml'), [
      {
        rule: 'parse-error',
        severity: 'info',
        line: 4,
        column: 9,
        message: 'Go template syntax ({{ … }}) outside a Helm chart: this file is a template, not YAML, and is not linted; lint the manifests it renders to',
      },
    ]);
  });

  it('a Jinja-templated manifest is one note at its first {%', async () => {
    const found = await findingsOf('configmap.yaml.j2.yaml');
    assert.deepEqual(
      found.map((f) => [f.rule, f.severity, f.line, f.column]),
      [['parse-error', 'info', 6, 1]],
    );
    assert.match(found[0]?.message ?? '', /^Jinja syntax \(\{% … %\}\) outside a Helm chart/);
  });

  it('template markers inside strings (a PrometheusRule) are data: the manifest is linted, no note', async () => {
    assert.deepEqual(await findingsOf('prometheus-rule.yaml'), []);
  });

  it('a Dockerfile.template is one note, not parse errors or findings on its placeholders', async () => {
    assert.deepEqual(await findingsOf('Dockerfile.template'), [
      {
        rule: 'parse-error',
        severity: 'info',
        line: 1,
        column: 1,
        message: 'a Dockerfile template (its name ends in .template), not a Dockerfile: not linted; lint the Dockerfile it renders to',
      },
    ]);
  });

  it('a duplicated key: a warning at the repeat, the last value is used and the document is still linted', async () => {
    const found = await findingsOf('duplicate-key.yaml');
    assert.deepEqual(
      found.map((f) => [f.rule, f.severity, f.line, f.column]),
      [
        ['besteffort-qos', 'warning', 6, 3],
        ['parse-error', 'warning', 9, 7],
      ],
    );
    assert.equal(
      found[1]?.message,
      'YAML: duplicate key "image" (first at line 8): kubectl keeps the last value and drops the first; the API server may warn about it, or reject it under strict field validation',
    );
  });

  it('a YAML syntax error is one finding per document, at the first error; the next document is read', async () => {
    const found = await findingsOf('broken.yaml');
    assert.deepEqual(
      found.map((f) => [f.rule, f.severity, f.line]),
      [['parse-error', 'error', 7]],
    );
    assert.match(found[0]?.message ?? '', /^YAML: .* \(\d+ more errors? after it in this document\)$/);
  });
});
