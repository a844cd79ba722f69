import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readSourceTextSync } from '../../src/discover/source-file.js';
import { buildSourcesOf } from '../../src/pipeline/build-sources.js';
import { interpolate, parseDotEnv, UNKNOWN } from '../../src/parse/compose-interpolation.js';
import { fixture, REPO_ROOT } from '../harness.js';

const vars = new Map([
  ['TAG', '1.4.2'],
  ['EMPTY', ''],
]);
const shown = (text: string): string => {
  const out = interpolate(text, vars);
  return out.text.split(UNKNOWN).join('<unknown>');
};

describe('compose interpolation', () => {
  it('expands the forms compose does, and leaves values it has no source for unknown', () => {
    assert.equal(shown('api:${TAG}'), 'api:1.4.2');
    assert.equal(shown('api:$TAG'), 'api:1.4.2');
    assert.equal(shown('${REGISTRY:-ghcr.io/acme}/api'), 'ghcr.io/acme/api');
    assert.equal(shown('${EMPTY:-ghcr.io/acme}/api'), 'ghcr.io/acme/api', ':- also replaces an empty value');
    assert.equal(shown('${EMPTY-ghcr.io/acme}/api'), '/api', '- replaces only an unset one');
    assert.equal(shown('${REGISTRY-${FALLBACK:-docker.io}}/api'), 'docker.io/api', 'defaults may hold variables');
    assert.equal(shown('${TAG:+pinned}'), 'pinned');
    assert.equal(shown('price:$$1'), 'price:$1');
    assert.equal(shown('${NOPE}/api:${NOPE:?set NOPE}'), '<unknown>/api:<unknown>');
    assert.equal(interpolate('${NOPE}', vars).known, false);
  });

  it('reads .env as compose does: export, quotes, comments, earlier variables', () => {
    assert.deepEqual(
      [...parseDotEnv('# c\nexport A=1\nB="x${A}\\ty"\nC=\'${A}\'\nD=plain # comment\nE=\n').entries()],
      [
        ['A', '1'],
        ['B', 'x1\ty'],
        ['C', '${A}'],
        ['D', 'plain'],
        ['E', ''],
      ],
    );
  });

  it('compose image names are interpolated with the project .env: no invalid-reference warning on ${VAR:-x}; an unknown one says nothing', () => {
    const file = path.join(REPO_ROOT, fixture('render', 'compose', 'compose.yaml'));
    const { sources, problems } = buildSourcesOf({ absPath: file, displayPath: 'compose.yaml', kind: 'manifest', explicit: true }, readSourceTextSync(file));
    assert.deepEqual(
      sources.map((s) => [s.repository, path.relative(path.dirname(file), s.dockerfile)]),
      [['ghcr.io/acme/api', 'api/Dockerfile']],
    );
    // REGISTRY is set to the empty string in .env, and `${REGISTRY-x}` keeps it empty: compose itself gives this name.
    assert.deepEqual(
      problems.map((p) => [p.at.line, p.severity, p.message]),
      [[6, 'warning', 'compose: image "/queue-worker:1.4.2" is not a valid reference (invalid repository path component "")']],
    );
  });
});
