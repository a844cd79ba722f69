import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CLI, fixture, REPO_ROOT, scratchDir } from '../harness.js';

interface Report {
  findings: { ruleId: string; severity: string; file: string; line: number; column: number; message: string; exitCode: number | null }[];
}

/** A bin directory with git (file modes) and the given fake renderers, which print a canned output and record their arguments. */
function fakeBin(renderers: Record<string, { output?: string; status?: number; stderr?: string }>): { bin: string; args: (name: string) => string[] } {
  const bin = scratchDir('bin');
  const git = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
  const cat = spawnSync('sh', ['-c', 'command -v cat'], { encoding: 'utf8' }).stdout.trim();
  symlinkSync(git, path.join(bin, 'git'));
  for (const [name, fake] of Object.entries(renderers)) {
    const script = [
      '#!/bin/sh',
      `printf '%s\\n' "$@" > '${bin}/${name}.args'`,
      // PATH holds only this directory (so that kubectl in /usr/bin is absent): cat by its full path.
      fake.output ? `${cat} '${fake.output}'` : '',
      fake.stderr ? `echo '${fake.stderr}' >&2` : '',
      `exit ${fake.status ?? 0}`,
    ].join('\n');
    writeFileSync(path.join(bin, name), `${script}\n`, { mode: 0o755 });
  }
  return {
    bin,
    args: (name) =>
      readFileSync(path.join(bin, `${name}.args`), 'utf8')
        .trim()
        .split('\n'),
  };
}

function lint(args: string[], pathEnv: string): Report {
  const r = spawnSync(process.execPath, [CLI, ...args, '--format', 'json', '--fail-on', 'none'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PATH: pathEnv },
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  return JSON.parse(r.stdout) as Report;
}

const HELM = fixture('render', 'helm');
const CHART = `${HELM}/api`;
const HELM_OUTPUT = path.join(REPO_ROOT, 'fixtures', 'render', 'helm-template-output.txt');

describe('Helm and Kustomize rendering', () => {
  it('helm template: findings map back to the template named by # Source:, at the same key', () => {
    const fake = fakeBin({ helm: { output: HELM_OUTPUT } });
    const report = lint([HELM, '--values', `${HELM}/prod-values.yaml`], fake.bin);
    assert.deepEqual(
      report.findings.map((f) => [f.ruleId, f.file, f.line, f.column, f.exitCode]),
      [
        ['besteffort-qos', `${CHART}/templates/deployment.yaml`, 17, 7, 137],
        ['prestop-exceeds-grace', `${CHART}/templates/deployment.yaml`, 23, 17, 137],
      ],
    );
    assert.match(report.findings[1]?.message ?? '', /preStop sleeps 40 s .* \(rendered by helm template\)$/);
    assert.deepEqual(fake.args('helm'), ['template', 'api', path.join(REPO_ROOT, CHART), '--values', `${HELM}/prod-values.yaml`]);
  });

  it('a template named alone (as pre-commit passes it) renders its chart instead of being read as a manifest', () => {
    const report = lint([`${CHART}/templates/deployment.yaml`], fakeBin({ helm: { output: HELM_OUTPUT } }).bin);
    assert.deepEqual(
      report.findings.map((f) => [f.ruleId, f.file, f.line]),
      [
        ['besteffort-qos', `${CHART}/templates/deployment.yaml`, 17],
        ['prestop-exceeds-grace', `${CHART}/templates/deployment.yaml`, 23],
      ],
    );
  });

  it('without # Source: comments, findings go to Chart.yaml naming the rendered object', () => {
    const scratch = scratchDir('render');
    const output = path.join(scratch, 'out.yaml');
    writeFileSync(
      output,
      readFileSync(HELM_OUTPUT, 'utf8')
        .split('\n')
        .filter((l) => !l.startsWith('# Source:'))
        .join('\n'),
    );
    const report = lint([HELM], fakeBin({ helm: { output } }).bin);
    assert.deepEqual(
      report.findings.map((f) => [f.ruleId, f.file, f.line]),
      [
        ['besteffort-qos', `${CHART}/Chart.yaml`, 1],
        ['prestop-exceeds-grace', `${CHART}/Chart.yaml`, 1],
      ],
    );
    assert.match(
      report.findings[0]?.message ?? '',
      /\(Deployment api, rendered by helm template from fixtures\/render\/helm\/api\/Chart.yaml; no source to map it back to\)$/,
    );
  });

  it('helm absent: one note, templates are not linted as manifests; a failing render is an error at Chart.yaml', () => {
    const absent = lint([HELM], fakeBin({}).bin);
    assert.deepEqual(
      absent.findings.map((f) => [f.ruleId, f.severity, f.file, f.line]),
      [['parse-error', 'info', `${CHART}/Chart.yaml`, 1]],
    );
    assert.match(absent.findings[0]?.message ?? '', /^helm is not on PATH: 1 chart not rendered \(fixtures\/render\/helm\/api\)/);
    const failing = lint([HELM], fakeBin({ helm: { status: 1, stderr: 'Error: template: api/templates/deployment.yaml:4: function "nope" not defined' } }).bin);
    assert.deepEqual(
      failing.findings.map((f) => [f.ruleId, f.severity, f.file, f.message]),
      [['parse-error', 'error', `${CHART}/Chart.yaml`, 'helm template failed: Error: template: api/templates/deployment.yaml:4: function "nope" not defined']],
    );
  });

  it('kustomize build: findings map back to the base file named by the origin annotation; patches are not judged alone', () => {
    const scratch = scratchDir('render');
    const output = path.join(scratch, 'out.yaml');
    // What `kustomize build` prints for the overlay with buildMetadata: [originAnnotations].
    writeFileSync(
      output,
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  annotations:',
        '    config.kubernetes.io/origin: |',
        '      path: ../../base/deployment.yaml',
        '  name: worker',
        '  namespace: prod',
        'spec:',
        '  replicas: 3',
        '  selector:',
        '    matchLabels:',
        '      app: worker',
        '  template:',
        '    metadata:',
        '      labels:',
        '        app: worker',
        '    spec:',
        '      containers:',
        '      - image: ghcr.io/acme/worker:2.0.1',
        '        name: worker',
        '',
      ].join('\n'),
    );
    const fake = fakeBin({ kustomize: { output } });
    const report = lint([fixture('render', 'kustomize', 'overlays', 'prod')], fake.bin);
    assert.deepEqual(
      report.findings.map((f) => [f.ruleId, f.file, f.line, f.column]),
      [['besteffort-qos', fixture('render', 'kustomize', 'base', 'deployment.yaml'), 14, 7]],
    );
    // One run, on a wrapper kustomization in a temporary directory (never in the user's tree).
    const args = fake.args('kustomize');
    assert.equal(args.length, 2);
    assert.equal(args[0], 'build');
    assert.equal(path.dirname(args[1] ?? ''), realpathSync(tmpdir()));
  });

  it('kustomize absent: one note, and the files are linted as written', () => {
    const report = lint([fixture('render', 'kustomize')], fakeBin({}).bin);
    assert.deepEqual(
      report.findings.map((f) => [f.ruleId, f.severity, f.file, f.line]),
      [
        ['besteffort-qos', 'warning', fixture('render', 'kustomize', 'base', 'deployment.yaml'), 14],
        ['parse-error', 'info', fixture('render', 'kustomize', 'base', 'kustomization.yaml'), 1],
      ],
    );
    assert.match(report.findings[1]?.message ?? '', /^neither kustomize nor kubectl is on PATH: 2 kustomizations not rendered/);
  });

  const kubectl = spawnSync('sh', ['-c', 'command -v kustomize || command -v kubectl'], { encoding: 'utf8' }).stdout.trim();
  it(
    'the real kustomize (or kubectl kustomize): base and overlay give one finding in the base',
    { skip: kubectl ? false : 'neither kustomize nor kubectl is installed' },
    () => {
      const report = lint([fixture('render', 'kustomize')], process.env.PATH ?? '');
      assert.deepEqual(
        report.findings.map((f) => [f.ruleId, f.file, f.line, f.column]),
        [['besteffort-qos', fixture('render', 'kustomize', 'base', 'deployment.yaml'), 14, 7]],
      );
    },
  );
});
