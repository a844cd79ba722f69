import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Finding } from '../../src/engine/finding.js';
import { parseManifestText } from '../../src/parse/manifest.js';
import { renderedOrigins } from '../../src/pipeline/rendered.js';
import { REPO_ROOT } from '../harness.js';

const CHART = path.join(REPO_ROOT, 'fixtures', 'render', 'helm', 'api');
const OUTPUT = readFileSync(path.join(REPO_ROOT, 'fixtures', 'render', 'helm-template-output.txt'), 'utf8');
const TARGET = {
  renderer: 'helm' as const,
  dir: CHART,
  entry: { absPath: path.join(CHART, 'Chart.yaml'), displayPath: 'fixtures/render/helm/api/Chart.yaml', kind: 'manifest' as const, explicit: false },
};

/** A finding at the output's `preStop:` key (line 35, column 13 of helm-template-output.txt). */
const AT_PRESTOP: Finding = {
  ruleId: 'prestop-exceeds-grace',
  messageId: 'exceeds',
  identity: 'x',
  severity: 'error',
  message: 'preStop runs past the grace period (Deployment api)',
  file: 'fixtures/render/helm/(helm template)',
  line: 35,
  column: 13,
  endLine: 35,
  endColumn: 20,
  exitCode: 137,
  reason: 'Error',
  phase: 'stop',
  runtime: 'containerd',
  related: [],
};

const place = (f: Finding): [string, number, number] => [f.file, f.line, f.column];

describe('rendered output mapped back to the template', () => {
  it('through the documents the linter parsed, the same place as through a document composed on its own', async () => {
    const parsed = parseManifestText(OUTPUT, { templates: false }).documents;
    let asked = 0;
    const watched = parsed.map((d) => ({ ...d, pathAt: (line: number, column: number) => (asked++, d.pathAt(line, column)) }));
    const viaModel = await renderedOrigins(OUTPUT, TARGET, 'helm template', REPO_ROOT, [], Promise.resolve(watched))(AT_PRESTOP);
    assert.ok(asked > 0, 'the parsed documents were used');
    const composed = await renderedOrigins(OUTPUT, TARGET, 'helm template', REPO_ROOT)(AT_PRESTOP);
    assert.deepEqual(place(viaModel), ['fixtures/render/helm/api/templates/deployment.yaml', 21, 13]);
    assert.deepEqual(place(composed), place(viaModel));
  });

  it('documents that are not the output one for one (a model of other text) are not used', async () => {
    // Three documents where the output has two: the second is a Deployment, but line 35 is not its preStop.
    const other = parseManifestText(
      ['kind: ConfigMap', '---', 'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: api', '---', 'kind: Secret', ''].join('\n'),
    ).documents;
    assert.equal(other.length, 3);
    const mapped = await renderedOrigins(OUTPUT, TARGET, 'helm template', REPO_ROOT, [], Promise.resolve(other))(AT_PRESTOP);
    assert.deepEqual(place(mapped), ['fixtures/render/helm/api/templates/deployment.yaml', 21, 13]);
  });
});
