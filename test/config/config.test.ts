import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { RULES } from '../../rules/index.js';
import { validateConfig } from '../../src/config/config.js';
import { CLI, REPO_ROOT, brief, fixture, lintFixture } from '../harness.js';

type Schema = Record<string, unknown>;

/**
 * A JSON Schema evaluator for exactly the keywords schema/lint-k8s.schema.json uses; any other
 * keyword fails the test, so the schema cannot grow past what this test understands.
 */
function valid(schema: Schema, value: unknown): boolean {
  const known = new Set([
    '$schema',
    '$id',
    'title',
    'description',
    'type',
    'additionalProperties',
    'properties',
    'propertyNames',
    'pattern',
    'not',
    'enum',
    'items',
    'minLength',
    'maxLength',
    'required',
  ]);
  for (const key of Object.keys(schema)) assert.ok(known.has(key), `schema keyword ${key} not understood by the test`);
  const type = schema.type as string | undefined;
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  if (type === 'object' && !isObject) return false;
  if (type === 'array' && !Array.isArray(value)) return false;
  if (type === 'string' && typeof value !== 'string') return false;
  if (type === 'boolean' && typeof value !== 'boolean') return false;
  if (schema.enum && !(schema.enum as unknown[]).includes(value)) return false;
  if (typeof value === 'string') {
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) return false;
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) return false;
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) return false;
  }
  if (isObject && Array.isArray(schema.required) && !(schema.required as string[]).every((k) => k in value)) return false;
  if (schema.not && valid(schema.not as Schema, value)) return false;
  if (Array.isArray(value) && schema.items) return value.every((v) => valid(schema.items as Schema, v));
  if (isObject) {
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    for (const [k, v] of Object.entries(value)) {
      if (schema.propertyNames && !valid(schema.propertyNames as Schema, k)) return false;
      const sub = props[k] ?? schema.additionalProperties;
      if (sub === false) return false;
      if (sub && typeof sub === 'object' && !valid(sub as Schema, v)) return false;
    }
  }
  return true;
}

const SCHEMA = JSON.parse(readFileSync(path.join(REPO_ROOT, 'schema', 'lint-k8s.schema.json'), 'utf8')) as Schema;
const KNOWN = new Set(RULES.map((r) => r.meta.id));

const VALID = [
  '',
  'images:\n  ghcr.io/acme/api: services/api\n  localhost:5000/worker: worker/Dockerfile.worker\n',
  'rules:\n  shell-stays-pid1: warning\n  besteffort-qos: off\n',
  'ignore: [charts/**, "*.generated.yaml"]\nruntime: cri-o\nfailOn: warning\n',
  'kubernetesVersion: "1.31"\nreferencesCheck: false\n',
  'charts:\n  - chart: deploy/api\n    values: [deploy/api/values-prod.yaml, secrets.yaml]\n    release: api-prod\n    namespace: shop\n  - chart: deploy/api\n',
];
const INVALID: [string, string][] = [
  ['rules:\n  shell-stays-pid1: loud\n', 'rules.shell-stays-pid1: expected off|error|warning|info'],
  ['images:\n  ghcr.io/acme/api:1.2: services/api\n', 'images.ghcr.io/acme/api:1.2: expected an image repository without tag or digest'],
  ['images:\n  ghcr.io/acme/api: 3\n', 'images.ghcr.io/acme/api: expected a path'],
  ['ignore: charts\n', 'ignore: expected a list of path globs'],
  ['runtime: podman\n', 'runtime: expected containerd|docker|cri-o'],
  ['failOn: sometimes\n', 'failOn: expected'],
  ['kubernetesVersion: 1.30\n', 'kubernetesVersion: expected a quoted version string'],
  ['referencesCheck: "no"\n', 'referencesCheck: expected true or false'],
  ['colour: blue\n', 'colour: unknown key'],
  ['charts:\n  deploy/api: values.yaml\n', 'charts: expected a list'],
  ['charts:\n  - values: [v.yaml]\n', 'charts.0.chart: expected the path of a chart directory'],
  ['charts:\n  - chart: api\n    value: v.yaml\n', 'charts.0.value: unknown key'],
  ['charts:\n  - chart: api\n    values: [3]\n', 'charts.0.values.0: expected the path of a values file'],
  ['charts:\n  - chart: api\n    release: Prod_API\n', 'charts.0.release: expected a release name helm accepts'],
  [`charts:\n  - chart: api\n    release: ${'a'.repeat(54)}\n`, 'charts.0.release: expected a release name helm accepts'],
  ['charts:\n  - chart: api\n    namespace: shop.prod\n', 'charts.0.namespace: expected a namespace name'],
];

describe('configuration', () => {
  it('the JSON schema and the validator agree on valid and invalid configs', () => {
    for (const text of VALID) {
      const value = (parse(text) as unknown) ?? {};
      assert.equal(valid(SCHEMA, value), true, `schema rejects ${text}`);
      const checked = validateConfig(value, KNOWN);
      assert.equal(checked.ok, true, `validator rejects ${text}: ${checked.ok ? '' : checked.issue}`);
    }
    for (const [text, issue] of INVALID) {
      const value = parse(text) as unknown;
      assert.equal(valid(SCHEMA, value), false, `schema accepts ${text}`);
      const checked = validateConfig(value, KNOWN);
      assert.equal(checked.ok, false, `validator accepts ${text}`);
      if (!checked.ok) assert.ok(checked.issue.startsWith(issue), `${checked.issue} does not start with ${issue}`);
    }
  });

  it('an unknown rule id is reported with its key path (the schema cannot know the rule list)', () => {
    const checked = validateConfig({ rules: { 'no-such-rule': 'off' } }, KNOWN);
    assert.deepEqual(checked, { ok: false, issue: 'rules.no-such-rule: unknown rule (see --list-rules)' });
  });

  it('a bad config file: exit 2, one line naming the file and key path', () => {
    const result = spawnSync(process.execPath, [CLI, fixture('config', 'bad')], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(result.status, 2);
    assert.equal(result.stderr, 'lint-k8s: fixtures/config/bad/.lint-k8s.yaml: rules.shell-stays-pid1: expected off|error|warning|info\n');
    const missing = spawnSync(process.execPath, [CLI, fixture('config', 'bad'), '--config', 'no-such.yaml'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /^lint-k8s: no-such\.yaml: cannot read the configuration file \(ENOENT\)\n$/);
  });

  it('rules off/severity, ignore globs, failOn and runtime from the file; flags win', async () => {
    const dir = fixture('config', 'settings');
    // shell-stays-pid1 is a warning here, besteffort-qos off, vendor/ ignored, runtime docker.
    assert.deepEqual(brief(await lintFixture(dir), ['rule', 'file', 'severity']), [
      { rule: 'shell-stays-pid1', file: `${dir}/Dockerfile`, severity: 'warning' },
    ]);
    const run = (...args: string[]): number | null => spawnSync(process.execPath, [CLI, dir, ...args], { cwd: REPO_ROOT, encoding: 'utf8' }).status;
    assert.equal(run(), 1, 'failOn: warning from the file');
    assert.equal(run('--fail-on', 'error'), 0, '--fail-on wins');
    const json = spawnSync(process.execPath, [CLI, dir, '--format', 'json'], { cwd: REPO_ROOT, encoding: 'utf8' }).stdout;
    assert.match(json, /"runtime": ?"docker"/);
    const cli = spawnSync(process.execPath, [CLI, dir, '--format', 'json', '--runtime', 'cri-o'], { cwd: REPO_ROOT, encoding: 'utf8' }).stdout;
    assert.match(cli, /"runtime": ?"cri-o"/);
  });
});
