import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CLI, fixture, REPO_ROOT, scratchDir } from '../harness.js';

interface Report {
  findings: { ruleId: string; severity: string; file: string; line: number; column: number; message: string }[];
  summary: { files: number; rendered?: { renderings: number; files: number }; skipped?: { reason: string; files: number }[] };
}

function lint(args: string[], pathEnv: string): Report {
  const r = spawnSync(process.execPath, [CLI, ...args, '--format', 'json', '--fail-on', 'none'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PATH: pathEnv },
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '', 'nothing on stderr when it is not a terminal');
  return JSON.parse(r.stdout) as Report;
}

/** A PATH with git only (file modes): no helm, no kustomize, no kubectl. */
function withoutRenderers(): string {
  const bin = scratchDir('bin');
  symlinkSync(spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim(), path.join(bin, 'git'));
  return bin;
}

/** A PATH whose kustomize prints the given stderr and fails (what kubectl prints, klog header included). */
function failingKustomize(stderr: string): string {
  const bin = withoutRenderers();
  const cat = spawnSync('sh', ['-c', 'command -v cat'], { encoding: 'utf8' }).stdout.trim();
  writeFileSync(path.join(bin, 'stderr.txt'), `${stderr}\n`);
  writeFileSync(path.join(bin, 'kustomize'), `#!/bin/sh\n${cat} '${bin}/stderr.txt' >&2\nexit 1\n`, { mode: 0o755 });
  return bin;
}

const brief = (report: Report): (string | number)[][] => report.findings.map((f) => [f.ruleId, f.severity, f.file, f.line, f.column]);
const kubectl = spawnSync('sh', ['-c', 'command -v kustomize || command -v kubectl'], { encoding: 'utf8' }).stdout.trim();
const needsKubectl = { skip: kubectl ? false : 'neither kustomize nor kubectl is installed' };

describe('the walk never hides a file beside a rendering', () => {
  const ROOT = fixture('render', 'root-kustomization');

  it('root kustomization: its rendering is linted, and so are the Dockerfile and the YAML it does not name', needsKubectl, () => {
    const report = lint([ROOT], process.env.PATH ?? '');
    assert.deepEqual(brief(report), [
      ['shell-stays-pid1', 'error', `${ROOT}/Dockerfile`, 2, 1],
      ['besteffort-qos', 'warning', `${ROOT}/app/deployment.yaml`, 14, 7],
      ['besteffort-qos', 'warning', `${ROOT}/docs/example-pod.yaml`, 7, 3],
    ]);
    assert.match(
      report.findings[1]?.message ?? '',
      /^Deployment web: .* \(rendered by kubectl kustomize through fixtures\/render\/root-kustomization\/kustomization.yaml\)$/,
    );
    // Dockerfile, docs/example-pod.yaml; kustomization.yaml and app/deployment.yaml through one rendering.
    assert.deepEqual([report.summary.files, report.summary.rendered, report.summary.skipped], [4, { renderings: 1, files: 2 }, []]);
  });

  it('chart without helm: only templates/ is skipped, with an exact note; the chart dir’s other YAML and its Dockerfile are linted', () => {
    const CHART = fixture('render', 'chart-files', 'api');
    const report = lint([fixture('render', 'chart-files')], withoutRenderers());
    assert.deepEqual(brief(report), [
      ['parse-error', 'info', `${CHART}/Chart.yaml`, 1, 1],
      ['shell-stays-pid1', 'error', `${CHART}/Dockerfile`, 2, 1],
      ['besteffort-qos', 'warning', `${CHART}/lustre/test.yaml`, 6, 3],
    ]);
    assert.equal(
      report.findings[0]?.message,
      "helm is not on PATH: 1 chart not rendered (fixtures/render/chart-files/api), so 1 template under templates/ is not linted; the charts' other files are linted as usual; install helm to lint the rendered manifests",
    );
    assert.deepEqual(report.summary.skipped, [{ reason: 'chart templates not rendered (helm is not on PATH)', files: 1 }]);
  });
});

describe('kustomize: once, at the base, through a wrapper', () => {
  const TREE = fixture('render', 'overlays');

  it(
    'a base finding reached through two overlays is reported once at the base file and key, naming both; a Component is not rendered alone; a remote base without network is a note',
    needsKubectl,
    () => {
      const report = lint([TREE], process.env.PATH ?? '');
      assert.deepEqual(brief(report), [
        ['besteffort-qos', 'warning', `${TREE}/base/deployment.yaml`, 14, 7],
        ['restart-policy-invalid', 'error', `${TREE}/components/cron/cronjob.yaml`, 11, 11],
        ['parse-error', 'info', `${TREE}/overlays/remote/kustomization.yaml`, 1, 1],
      ]);
      const [base, component, remote] = report.findings;
      // The base's name, not the prod overlay's prefixed one, so both overlays give the same finding.
      assert.match(
        base?.message ?? '',
        /^Deployment worker: .* \(rendered by kubectl kustomize through fixtures\/render\/overlays\/overlays\/prod\/kustomization.yaml, fixtures\/render\/overlays\/overlays\/staging\/kustomization.yaml\)$/,
      );
      assert.match(component?.message ?? '', /^CronJob cleanup: .*through fixtures\/render\/overlays\/overlays\/prod\/kustomization.yaml\)$/);
      assert.match(
        remote?.message ?? '',
        /^kubectl kustomize failed: accumulating resources: .*example\.invalid.*\(a cause outside this repository's files: not linted through this rendering\)$/,
      );
      assert.doesNotMatch(remote?.message ?? '', /run\.go|lint-k8s-kustomize-|E\d{4} /, 'neither the klog header nor the wrapper shows');
      assert.ok(
        !report.findings.some((f) => f.file.endsWith('kustomization.yaml') && f.severity !== 'info'),
        'nothing a base could hold is reported at a kustomization.yaml',
      );
    },
  );

  it('SARIF names every overlay a base finding was rendered through as a related location', needsKubectl, () => {
    const r = spawnSync(process.execPath, [CLI, TREE, '--format', 'sarif', '--fail-on', 'none'], { cwd: REPO_ROOT, encoding: 'utf8' });
    const sarif = JSON.parse(r.stdout) as {
      runs: { results: { ruleId: string; relatedLocations?: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    const qos = sarif.runs[0]?.results.find((x) => x.ruleId === 'besteffort-qos');
    assert.deepEqual(
      qos?.relatedLocations?.map((l) => l.physicalLocation.artifactLocation.uri),
      [`${TREE}/overlays/prod/kustomization.yaml`, `${TREE}/overlays/staging/kustomization.yaml`],
    );
  });

  it('stylish prints the overlays a base finding was rendered through as notes under it', needsKubectl, () => {
    const r = spawnSync(process.execPath, [CLI, TREE, '--fail-on', 'none', '--no-color'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, COLUMNS: '200' },
    });
    const block = r.stdout.split('\n\n').find((b) => b.includes('besteffort-qos')) ?? '';
    const lines = block.split('\n');
    assert.equal(lines[0], `./${TREE}/base/deployment.yaml`);
    assert.match(lines[1] ?? '', /^ {2}14:7 {2}warning {2}.* {2}besteffort-qos$/);
    assert.deepEqual(
      lines.filter((l) => l.includes('note:')),
      [
        `    note: ./${TREE}/overlays/prod/kustomization.yaml: rendered through this kustomization`,
        `    note: ./${TREE}/overlays/staging/kustomization.yaml: rendered through this kustomization`,
      ],
    );
    assert.equal(
      lines.at(-1),
      `    note: ./${TREE}/overlays/staging/kustomization.yaml: rendered through this kustomization`,
      'the notes come after the explanation',
    );
  });

  it('a kustomization that fails on the user’s files is an error, without kubectl’s log header', () => {
    const report = lint(
      [fixture('render', 'kustomize', 'overlays', 'prod')],
      failingKustomize(
        `E1201 20:30:17.972050   18302 run.go:72] "command failed" err="accumulating resources: accumulation err='accumulating resources from '../../base': no such file'"`,
      ),
    );
    assert.deepEqual(
      report.findings.map((f) => [f.ruleId, f.severity, f.file, f.message]),
      [
        [
          'parse-error',
          'error',
          fixture('render', 'kustomize', 'overlays', 'prod', 'kustomization.yaml'),
          "kustomize build failed: accumulating resources: accumulation err='accumulating resources from '../../base': no such file'",
        ],
      ],
    );
  });

  it('a plugin kustomize keeps disabled is a note, and the objects it held are linted as written', () => {
    const report = lint(
      [fixture('render', 'kustomize')],
      failingKustomize(
        `E1201 20:30:17.972050   18302 run.go:72] "command failed" err=<\n\ttrouble configuring builtin HelmChartInflationGenerator with config: \`\n\tname: x\n\t\`: must specify --enable-helm\n >`,
      ),
    );
    assert.deepEqual(brief(report), [
      ['besteffort-qos', 'warning', fixture('render', 'kustomize', 'base', 'deployment.yaml'), 14, 7],
      ['parse-error', 'info', fixture('render', 'kustomize', 'overlays', 'prod', 'kustomization.yaml'), 1, 1],
    ]);
    assert.equal(
      report.findings[1]?.message,
      "kustomize build failed: trouble configuring builtin HelmChartInflationGenerator with config: ` name: x `: must specify --enable-helm (a cause outside this repository's files: not linted through this rendering)",
    );
    assert.deepEqual(report.summary.skipped, [{ reason: 'kustomize patches and build inputs of kustomizations that were not rendered', files: 3 }]);
  });
});
