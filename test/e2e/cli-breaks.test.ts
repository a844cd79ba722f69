import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CLI, REPO_ROOT, fixture, scratchDir } from '../harness.js';

const BIN = path.join(REPO_ROOT, 'dist', 'bin', 'lint-k8s.cjs');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], cwd = REPO_ROOT, env: NodeJS.ProcessEnv = {}): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '', FORCE_COLOR: undefined, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonReport {
  findings: { ruleId: string; file: string; line: number; severity: string }[];
  summary: { files: number; errors: number; warnings: number; infos: number; suppressed: number };
}

const json = (r: Run): JsonReport => JSON.parse(r.stdout) as JsonReport;
const BAD = fixture('rules', 'shell-stays-pid1', 'bad-debian');

/** A small repository: a config at its root mapping an image to app/, a manifest that runs it, and an ignored directory. */
function repository(): string {
  const root = scratchDir('cli-repo');
  mkdirSync(path.join(root, '.git'));
  mkdirSync(path.join(root, 'app'));
  mkdirSync(path.join(root, 'k8s'));
  mkdirSync(path.join(root, 'generated'));
  writeFileSync(path.join(root, '.lint-k8s.yaml'), 'images:\n  ghcr.io/acme/app: app\nignore: [generated/]\n');
  // USER app (not numeric) + runAsNonRoot: a finding in the manifest that needs the join; shell form: a finding in the Dockerfile.
  writeFileSync(path.join(root, 'app', 'Dockerfile'), 'FROM debian:12\nUSER app\nCMD sleep infinity\n');
  writeFileSync(path.join(root, 'generated', 'Dockerfile'), 'FROM debian:12\nCMD sleep infinity\n');
  writeFileSync(
    path.join(root, 'k8s', 'deploy.yaml'),
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: { name: app }',
      'spec:',
      '  selector: { matchLabels: { app: app } }',
      '  template:',
      '    metadata: { labels: { app: app } }',
      '    spec:',
      '      securityContext:',
      '        runAsNonRoot: true',
      '      containers:',
      '        - name: app',
      '          image: ghcr.io/acme/app:1.0.0',
      '          resources: { requests: { cpu: 100m, memory: 128Mi }, limits: { memory: 128Mi } }',
      '',
    ].join('\n'),
  );
  return root;
}

describe('CLI: failures are one line and exit 2, never a stack trace', () => {
  it('-o DIR (a directory) is refused before the run', () => {
    const r = run([BAD, '-o', 'fixtures']);
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'lint-k8s: cannot write the report to fixtures: it is a directory\n');
  });

  it('-o under a file (a path that cannot be a directory)', () => {
    const dir = scratchDir('cli-out');
    writeFileSync(path.join(dir, 'file'), '');
    const r = run([BAD, '-o', path.join(dir, 'file', 'x.txt')]);
    assert.equal(r.status, 2);
    assert.equal(r.stderr, `lint-k8s: cannot write the report to ${path.join(dir, 'file', 'x.txt')}: a component of the path is a file\n`);
  });

  it('-o into a directory that does not exist yet creates it (as ESLint --output-file does)', () => {
    const out = path.join(scratchDir('cli-out'), 'missing', 'dir', 'x.json');
    const r = run([BAD, '--format', 'json', '-o', out]);
    assert.equal(r.status, 1);
    assert.equal(r.stderr, '');
    assert.deepEqual(
      (JSON.parse(readFileSync(out, 'utf8')) as JsonReport).findings.map((f) => f.ruleId),
      ['shell-stays-pid1'],
    );
  });

  it('--write-baseline into a missing directory creates it; under a file it is one line, exit 2', () => {
    const dir = scratchDir('cli-baseline');
    const file = path.join(dir, 'nodir', 'baseline.json');
    const written = run([BAD, '--baseline', file, '--write-baseline']);
    assert.equal(written.status, 0, written.stderr);
    assert.equal(written.stderr, '');
    assert.ok(existsSync(file));
    writeFileSync(path.join(dir, 'plain'), '');
    const bad = run([BAD, '--baseline', path.join(dir, 'plain', 'b.json'), '--write-baseline']);
    assert.equal(bad.status, 2);
    assert.equal(bad.stderr, `lint-k8s: cannot write the baseline to ${path.join(dir, 'plain', 'b.json')}: a component of the path is a file\n`);
  });

  it('a reader that closes the pipe early ends the run quietly (EPIPE): --list-rules, --help, a large report, the bin', () => {
    const err = path.join(scratchDir('cli-epipe'), 'stderr');
    const cases: [string, number][] = [
      [`"${process.execPath}" "${CLI}" --list-rules`, 0],
      [`"${process.execPath}" "${CLI}" --list-rules --format json`, 0],
      [`"${process.execPath}" "${CLI}" --help`, 0],
      [`"${process.execPath}" "${BIN}" --list-rules`, 0],
      [`"${process.execPath}" "${CLI}" fixtures/demo --format sarif`, 1],
    ];
    for (const [command, expected] of cases) {
      // `true` exits without reading: every write lint-k8s makes meets a closed pipe.
      const r = spawnSync('bash', ['-c', `${command} 2>"${err}" | true; echo "\${PIPESTATUS[0]}"`], { cwd: REPO_ROOT, encoding: 'utf8' });
      assert.equal(r.stdout.trim(), String(expected), command);
      assert.equal(readFileSync(err, 'utf8'), '', command);
    }
    const head = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" --list-rules 2>"${err}" | head -1; echo "\${PIPESTATUS[0]}"`], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    assert.match(head.stdout, /^shell-stays-pid1 +error .*\n0\n$/);
    assert.equal(readFileSync(err, 'utf8'), '');
  });

  it('a glob that matches nothing is a usage error; a quoted glob is expanded', () => {
    const none = run(['fixtures/demo/k8s/*.yml']);
    assert.equal(none.status, 2);
    assert.equal(none.stderr, 'lint-k8s: no file matches fixtures/demo/k8s/*.yml\n');
    const k8s = json(run(['fixtures/demo/k8s/*.yaml', '--format', 'json']));
    assert.deepEqual([...new Set(k8s.findings.map((f) => f.file))], ['fixtures/demo/k8s/api.yaml', 'fixtures/demo/k8s/worker.yaml']);
    assert.equal(k8s.summary.files, 4);
    const dockerfiles = json(run(['**/Dockerfile', '--format', 'json', '--fail-on', 'none'], path.join(REPO_ROOT, 'fixtures', 'demo')));
    assert.deepEqual([...new Set(dockerfiles.findings.map((f) => f.file))], ['api/Dockerfile', 'worker/Dockerfile']);
    assert.equal(dockerfiles.summary.files, 2);
  });
});

describe('CLI: configuration found as ESLint and hadolint users expect', () => {
  it('walks up from the scanned directory to the repository root; --config wins; --print-config says which file', () => {
    const root = repository();
    // From the root, naming a subdirectory: the root's images mapping joins the workload (the finding needs it).
    const sub = json(run(['k8s', '--format', 'json'], root));
    assert.deepEqual(
      sub.findings.map((f) => [f.ruleId, f.file]),
      [['run-as-non-root-image-root', 'k8s/deploy.yaml']],
    );
    // From a subdirectory of the repository.
    const printed = JSON.parse(run(['.', '--print-config', '--disable', 'besteffort-qos', '--warning', 'shell-stays-pid1'], path.join(root, 'k8s')).stdout) as {
      file: string;
      images: Record<string, string>;
      rules: Record<string, string>;
    };
    assert.equal(printed.file, '../.lint-k8s.yaml');
    assert.deepEqual(printed.images, { 'ghcr.io/acme/app': '../app/Dockerfile' });
    assert.equal(printed.rules['besteffort-qos'], 'off');
    assert.equal(printed.rules['shell-stays-pid1'], 'warning');
    writeFileSync(path.join(root, 'other.yaml'), 'rules:\n  run-as-non-root-image-root: off\n');
    const explicit = run(['k8s', '--config', 'other.yaml', '--format', 'json'], root);
    assert.equal(explicit.status, 0);
    assert.deepEqual(json(explicit).findings, []);
  });

  it('ignore: applies to files named on the command line (a pre-commit hook names staged files)', () => {
    const root = repository();
    const named = run(['generated/Dockerfile', '--format', 'json'], root);
    assert.equal(named.status, 0, named.stdout);
    assert.deepEqual(json(named).findings, []);
    const excluded = run(['app/Dockerfile', '--exclude', 'app/', '--format', 'json'], root);
    assert.equal(excluded.status, 0);
    assert.equal(json(excluded).summary.files, 0);
  });

  it('naming a manifest reports findings in it only, still joined to the image built from the Dockerfile it runs', () => {
    const root = repository();
    const named = json(run(['k8s/deploy.yaml', '--format', 'json'], root));
    assert.deepEqual(
      named.findings.map((f) => [f.ruleId, f.file]),
      [['run-as-non-root-image-root', 'k8s/deploy.yaml']],
    );
    assert.equal(named.summary.files, 1);
    const all = json(run(['.', '--format', 'json'], root));
    assert.deepEqual(
      all.findings.map((f) => [f.ruleId, f.file]),
      [
        ['shell-stays-pid1', 'app/Dockerfile'],
        ['run-as-non-root-image-root', 'k8s/deploy.yaml'],
      ],
    );
  });
});

describe('CLI: headlines state the phase that really happens', () => {
  it('a YAML syntax error is not "rejected at admission"; a Dockerfile that does not parse fails at build; an oversized file is a warning', () => {
    const dir = scratchDir('cli-headline');
    writeFileSync(path.join(dir, 'bad.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: [\n');
    writeFileSync(path.join(dir, 'big.yaml'), `apiVersion: v1\nkind: ConfigMap\n# ${'x'.repeat(200)}\n`);
    const yaml = run(['bad.yaml'], dir);
    assert.equal(yaml.status, 1);
    assert.match(yaml.stdout, /^ {2}\d+:\d+ {2}error {2}Input cannot be read or parsed {2}parse-error$/m);
    assert.doesNotMatch(yaml.stdout, /admission|fails at/);
    const big = run(['big.yaml', '--max-file-size', '100', '--format', 'json'], dir);
    assert.equal(big.status, 0);
    assert.deepEqual(
      json(big).findings.map((f) => [f.ruleId, f.severity]),
      [['parse-error', 'warning']],
    );
    assert.doesNotMatch(run(['big.yaml', '--max-file-size', '100'], dir).stdout, /fails at|admission/);
  });
});
