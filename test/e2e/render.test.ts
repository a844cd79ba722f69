import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CLI, fixture, REPO_ROOT, scratchDir } from '../harness.js';

interface Report {
  findings: { ruleId: string; severity: string; file: string; line: number; column: number; message: string; exitCode: number | null }[];
  summary: { files: number; skipped?: { reason: string; files: number }[] };
}

/** A bin directory with git (file modes) and the given fake renderers, which print a canned output and record their arguments. */
function fakeBin(renderers: Record<string, { output?: string; status?: number; stderr?: string }>): {
  bin: string;
  args: (name: string) => string[];
  calls: (name: string) => string[][];
} {
  const bin = scratchDir('bin');
  const git = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
  const cat = spawnSync('sh', ['-c', 'command -v cat'], { encoding: 'utf8' }).stdout.trim();
  symlinkSync(git, path.join(bin, 'git'));
  for (const [name, fake] of Object.entries(renderers)) {
    const script = [
      '#!/bin/sh',
      `printf '%s\\n' "$@" > '${bin}/${name}.args'`,
      // Each call's arguments on their own too (renders run concurrently): NAME.PID.call.
      `printf '%s\\n' "$@" > '${bin}/${name}.'$$'.call'`,
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
    calls: (name) =>
      readdirSync(bin)
        .filter((f) => f.startsWith(`${name}.`) && f.endsWith('.call'))
        .map((f) => readFileSync(path.join(bin, f), 'utf8').trim().split('\n'))
        .sort((a, b) => (a.join(' ') < b.join(' ') ? -1 : 1)),
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

  it('config charts: each entry is one helm template run, its values files in order, then --values; findings still at the template line', () => {
    const fake = fakeBin({ helm: { output: HELM_OUTPUT } });
    const scratch = scratchDir('charts');
    writeFileSync(path.join(scratch, 'values-prod.yaml'), 'replicas: 3\n');
    writeFileSync(path.join(scratch, 'values-secrets.yaml'), 'token: x\n');
    const chart = path.relative(scratch, path.join(REPO_ROOT, CHART));
    writeFileSync(
      path.join(scratch, 'lint-k8s.yaml'),
      [
        'charts:',
        `  - chart: ${chart}`,
        '    values: [values-prod.yaml, values-secrets.yaml]',
        '    release: api-prod',
        '    namespace: shop',
        `  - chart: ${chart}`,
        '    release: api-canary',
        '',
      ].join('\n'),
    );
    const config = path.join(scratch, 'lint-k8s.yaml');
    const cli = `${HELM}/prod-values.yaml`;
    const report = lint([HELM, '-c', config, '--values', cli], fake.bin);
    const dir = path.join(REPO_ROOT, CHART);
    assert.deepEqual(fake.calls('helm'), [
      ['template', 'api-canary', dir, '--values', cli],
      [
        'template',
        'api-prod',
        dir,
        '--namespace',
        'shop',
        '--values',
        path.join(scratch, 'values-prod.yaml'),
        '--values',
        path.join(scratch, 'values-secrets.yaml'),
        '--values',
        cli,
      ],
    ]);
    // Both releases render the same objects: each finding once, at the template's line.
    assert.deepEqual(
      report.findings.map((f) => [f.ruleId, f.file, f.line, f.column]),
      [
        ['besteffort-qos', `${CHART}/templates/deployment.yaml`, 17, 7],
        ['prestop-exceeds-grace', `${CHART}/templates/deployment.yaml`, 23, 17],
      ],
    );
    // SARIF names the releases it was rendered as (related locations).
    const sarif = spawnSync(process.execPath, [CLI, HELM, '-c', config, '--values', cli, '--format', 'sarif', '--fail-on', 'none'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PATH: fake.bin },
      encoding: 'utf8',
    });
    const result = (
      JSON.parse(sarif.stdout) as {
        runs: { results: { relatedLocations?: { message: { text: string }; physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
      }
    ).runs[0]?.results[0];
    assert.deepEqual(
      result?.relatedLocations?.map((r) => [r.physicalLocation.artifactLocation.uri, r.message.text]),
      [
        [`file://${scratch}/values-prod.yaml`, 'helm template release api-prod (namespace shop) with these values.'],
        [`${CHART}/Chart.yaml`, 'helm template release api-canary.'],
      ],
    );
  });

  it('a --values file that does not exist: exit 2, one line, helm never runs', () => {
    const fake = fakeBin({ helm: { output: HELM_OUTPUT } });
    const r = spawnSync(process.execPath, [CLI, HELM, '--values', 'no-such-values.yaml'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PATH: fake.bin },
      encoding: 'utf8',
    });
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'lint-k8s: --values no-such-values.yaml: no such file\n');
    assert.deepEqual(fake.calls('helm'), []);
  });

  it('a charts: entry that is not a chart, or names a values file that does not exist: exit 2 naming the key path', () => {
    const scratch = scratchDir('charts');
    const config = path.join(scratch, 'lint-k8s.yaml');
    const chart = path.relative(scratch, path.join(REPO_ROOT, CHART));
    writeFileSync(config, `charts:\n  - chart: ${chart}\n    values: [missing.yaml]\n`);
    const r = spawnSync(process.execPath, [CLI, HELM, '-c', config], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^lint-k8s: .*lint-k8s\.yaml: charts\.0\.values\.0: missing\.yaml does not exist\n$/);
    writeFileSync(config, `charts:\n  - chart: .\n`);
    const notChart = spawnSync(process.execPath, [CLI, HELM, '-c', config], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(notChart.status, 2);
    assert.match(notChart.stderr, /charts\.0\.chart: \. is not a chart directory \(no Chart\.yaml\)\n$/);
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
    // One run, on a wrapper kustomization in a temporary directory (never in the user's tree):
    // Linux's RAM file system when the user has not chosen one with TMPDIR, else TMPDIR.
    const args = fake.args('kustomize');
    assert.equal(args.length, 2);
    assert.equal(args[0], 'build');
    const writable = (dir: string): boolean => {
      try {
        accessSync(dir, constants.W_OK);
        return true;
      } catch {
        return false;
      }
    };
    const shm = process.platform === 'linux' && existsSync('/dev/shm') && writable('/dev/shm') && !(process.env.TMPDIR || process.env.TMP || process.env.TEMP);
    assert.equal(path.dirname(args[1] ?? ''), shm ? realpathSync('/dev/shm') : realpathSync(tmpdir()));
    const chosen = scratchDir('tmpdir');
    const withTmpdir = spawnSync(process.execPath, [CLI, fixture('render', 'kustomize', 'overlays', 'prod'), '--format', 'json', '--fail-on', 'none'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PATH: fake.bin, TMPDIR: chosen },
      encoding: 'utf8',
    });
    assert.equal(withTmpdir.status, 0, withTmpdir.stderr);
    assert.equal(path.dirname(fake.args('kustomize')[1] ?? ''), realpathSync(chosen));
  });

  it('kustomize absent: one note, the files are linted as written, and the overlay patch is counted as skipped', () => {
    const report = lint([fixture('render', 'kustomize')], fakeBin({}).bin);
    assert.deepEqual(
      report.findings.map((f) => [f.ruleId, f.severity, f.file, f.line]),
      [
        ['besteffort-qos', 'warning', fixture('render', 'kustomize', 'base', 'deployment.yaml'), 14],
        ['parse-error', 'info', fixture('render', 'kustomize', 'base', 'kustomization.yaml'), 1],
      ],
    );
    assert.match(report.findings[1]?.message ?? '', /^neither kustomize nor kubectl is on PATH: 2 kustomizations not rendered/);
    // The overlay's patch (a Deployment with only replicas) is not a whole object: counted as skipped, not linted.
    assert.deepEqual(report.summary.skipped, [{ reason: 'kustomize patches and build inputs of kustomizations that were not rendered', files: 1 }]);
    assert.equal(report.summary.files, 3);
  });

  it('kustomize absent: a file one kustomization takes objects from and another patches with is linted as written', () => {
    const root = scratchDir('resource-and-patch');
    mkdirSync(path.join(root, 'base'));
    mkdirSync(path.join(root, 'overlay'));
    writeFileSync(
      path.join(root, 'base', 'deployment.yaml'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n',
    );
    writeFileSync(path.join(root, 'base', 'kustomization.yaml'), 'resources:\n- deployment.yaml\n');
    writeFileSync(path.join(root, 'overlay', 'kustomization.yaml'), 'resources:\n- ../base\npatches:\n- path: ../base/deployment.yaml\n');
    const r = spawnSync(process.execPath, [CLI, root, '--format', 'json', '--fail-on', 'none'], {
      env: { ...process.env, PATH: fakeBin({}).bin },
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    assert.deepEqual(
      report.findings.filter((f) => f.ruleId === 'besteffort-qos').map((f) => path.basename(f.file)),
      ['deployment.yaml'],
    );
    assert.equal(report.summary.skipped, undefined);
  });

  it('a kustomization inside a Helm chart (run on the chart output) is not rendered, and its patches, bare paths too, are not linted as objects', () => {
    const root = scratchDir('chart-kustomize');
    const chart = path.join(root, 'guestbook');
    mkdirSync(path.join(chart, 'overlays'), { recursive: true });
    writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: guestbook\nversion: 0.1.0\n');
    // Argo CD's kustomized-helm plugin writes `helm template` to all.yaml, then runs kustomize here.
    writeFileSync(path.join(chart, 'kustomization.yaml'), 'resources:\n- ./all.yaml\npatches:\n- overlays/guestbook-deployment.yaml\n');
    // A patch: no selector, which a whole Deployment must have (selector-mismatch would call it rejected).
    writeFileSync(
      path.join(chart, 'overlays', 'guestbook-deployment.yaml'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: guestbook\nspec:\n  template:\n    spec:\n      containers:\n        - name: guestbook\n          image: gcr.io/google-samples/gb-frontend:v5\n',
    );
    const fake = fakeBin({ kustomize: { status: 1, stderr: 'must not be called' } });
    const r = spawnSync(process.execPath, [CLI, root, '--format', 'json', '--fail-on', 'none'], { env: { ...process.env, PATH: fake.bin }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    const display = (p: string): string => path.relative(process.cwd(), p).split(path.sep).join('/');
    assert.deepEqual(
      report.findings.map((f) => [f.ruleId, f.severity, f.file, f.line]),
      [
        ['parse-error', 'info', display(path.join(chart, 'Chart.yaml')), 1],
        ['parse-error', 'info', display(path.join(chart, 'kustomization.yaml')), 1],
      ],
    );
    assert.match(
      report.findings[1]?.message ?? '',
      /^a kustomization inside the Helm chart .*guestbook \(kustomize run on the chart's rendered output\): not rendered on its own/,
    );
    assert.deepEqual(fake.calls('kustomize'), []);
    assert.deepEqual(report.summary.skipped, [{ reason: 'kustomize patches and build inputs of kustomizations that were not rendered', files: 1 }]);
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

  const JOIN = fixture('render', 'images-join');
  interface SarifResult {
    ruleId: string;
    locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[];
    relatedLocations?: { message: { text: string }; physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
  }
  const sarifOf = (dir: string, cwd: string): SarifResult[] => {
    const r = spawnSync(process.execPath, [CLI, dir, '--format', 'sarif', '--fail-on', 'none'], { cwd, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return (JSON.parse(r.stdout) as { runs: { results: SarifResult[] }[] }).runs[0]?.results ?? [];
  };
  const related = (r: SarifResult | undefined): string[] =>
    (r?.relatedLocations ?? []).map((l) => `${l.physicalLocation.artifactLocation.uri}:${l.physicalLocation.region.startLine} ${l.message.text}`);

  it(
    'a rendered Deployment whose overlay sets images: newName/newTag for an image built here is joined to its Dockerfile as a plain manifest is',
    { skip: kubectl ? false : 'neither kustomize nor kubectl is installed' },
    () => {
      const rendered = sarifOf(JOIN, REPO_ROOT);
      assert.deepEqual(
        rendered.map((r) => [
          r.ruleId,
          r.locations[0]?.physicalLocation.artifactLocation.uri,
          r.locations[0]?.physicalLocation.region.startLine,
          r.locations[0]?.physicalLocation.region.startColumn,
        ]),
        [
          ['run-as-non-root-image-root', `${JOIN}/k8s/base/deployment.yaml`, 16, 9],
          ['limit-below-request', `${JOIN}/k8s/base/deployment.yaml`, 23, 15],
        ],
      );
      // The join's own related locations (the USER line, the Dockerfile, the skaffold artifact) survive the mapping back,
      // and a related location in the rendered output (the limit) lands on the base's line.
      assert.deepEqual(related(rendered[0]), [
        `${JOIN}/k8s/overlays/prod/kustomization.yaml:1 rendered through this kustomization.`,
        `${JOIN}/worker/Dockerfile:4 USER node.`,
        `${JOIN}/worker/Dockerfile:1 the image is built here (${JOIN}/worker/Dockerfile).`,
        `${JOIN}/skaffold.yaml:7 ${JOIN}/skaffold.yaml maps the image to ${JOIN}/worker/Dockerfile.`,
      ]);
      assert.deepEqual(related(rendered[1]), [
        `${JOIN}/k8s/overlays/prod/kustomization.yaml:1 rendered through this kustomization.`,
        `${JOIN}/k8s/base/deployment.yaml:25 memory limit 128Mi.`,
      ]);

      // The same objects as a plain manifest (kustomize's output committed as a file): the same predictions, joined the same way.
      const plain = scratchDir('plain');
      cpSync(path.join(REPO_ROOT, JOIN, 'worker'), path.join(plain, 'worker'), { recursive: true });
      writeFileSync(
        path.join(plain, 'skaffold.yaml'),
        readFileSync(path.join(REPO_ROOT, JOIN, 'skaffold.yaml'), 'utf8').replace(
          /kustomize:\n\s+paths:\n\s+- k8s\/overlays\/prod/,
          'rawYaml:\n    - k8s/*.yaml',
        ),
      );
      mkdirSync(path.join(plain, 'k8s'));
      const built = spawnSync(
        kubectl,
        [...(path.basename(kubectl) === 'kubectl' ? ['kustomize'] : ['build']), path.join(REPO_ROOT, JOIN, 'k8s', 'overlays', 'prod')],
        { encoding: 'utf8' },
      );
      assert.equal(built.status, 0, built.stderr);
      writeFileSync(path.join(plain, 'k8s', 'worker.yaml'), built.stdout);
      const control = sarifOf('.', plain);
      assert.deepEqual(control.map((r) => r.ruleId).sort(), rendered.map((r) => r.ruleId).sort());
      const nonRoot = control.find((r) => r.ruleId === 'run-as-non-root-image-root');
      assert.deepEqual(
        related(nonRoot),
        related(rendered[0])
          .slice(1)
          .map((l) => l.split(`${JOIN}/`).join('')),
      );
    },
  );
});
