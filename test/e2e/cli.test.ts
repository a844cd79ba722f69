import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CLI, fixture, REPO_ROOT, scratchDir } from '../harness.js';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], options: { input?: string | Buffer; env?: NodeJS.ProcessEnv } = {}): Run {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: REPO_ROOT,
    input: options.input,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface JsonReport {
  tool: { name: string; version: string };
  findings: Record<string, unknown>[];
  summary: { files: number; errors: number; warnings: number; infos: number; suppressed: number };
}

const BAD_DEBIAN = fixture('rules', 'shell-stays-pid1', 'bad-debian');
const GOOD = fixture('rules', 'shell-stays-pid1', 'good-exec-form');

describe('CLI', () => {
  it('--format json: exactly the documented keys, sorted, with a summary', () => {
    const { status, stdout } = run([fixture('demo'), '--format', 'json']);
    assert.equal(status, 1);
    const report = JSON.parse(stdout) as JsonReport;
    assert.equal(report.tool.name, 'lint-k8s');
    assert.match(report.tool.version, /^\d+\.\d+\.\d+/);
    const keys = ['ruleId', 'messageId', 'severity', 'message', 'file', 'line', 'column', 'endLine', 'endColumn', 'exitCode', 'reason', 'phase', 'runtime'];
    for (const f of report.findings) assert.deepEqual(Object.keys(f), keys);
    const order = report.findings.map((f) => `${String(f.file)}:${String(f.line).padStart(6, '0')}`);
    assert.deepEqual(order, [...order].sort());
    assert.deepEqual(report.summary, { files: 8, errors: 4, warnings: 1, infos: 0, suppressed: 0 });
  });

  it('exit status 0 when nothing reaches --fail-on, 1 when something does', () => {
    assert.equal(run([GOOD]).status, 0);
    assert.equal(run([BAD_DEBIAN]).status, 1);
    assert.equal(run([BAD_DEBIAN, '--fail-on', 'none']).status, 0);
    assert.equal(run([fixture('rules', 'shell-stays-pid1', 'warn-unknown-image')]).status, 0);
    assert.equal(run([fixture('rules', 'shell-stays-pid1', 'warn-unknown-image'), '--fail-on', 'warning']).status, 1);
  });

  it('exit status 2 with a one-line message for usage errors', () => {
    for (const args of [['--format', 'xml'], ['--runtime', 'podman'], ['--bogus'], ['--explain', 'no-such-rule'], ['--max-file-size', 'lots']]) {
      const { status, stderr } = run(args);
      assert.equal(status, 2, args.join(' '));
      assert.equal(stderr.trim().split('\n').length, 1, stderr);
      assert.match(stderr, /^lint-k8s: /);
    }
  });

  it('stylish: a headline per finding (position, severity, outcome, rule), the explanation indented under it, no colour without a TTY', () => {
    const { stdout } = run([BAD_DEBIAN]);
    assert.doesNotMatch(stdout, /\u001b\[/);
    assert.match(
      stdout,
      new RegExp(
        `^\\./${BAD_DEBIAN}/Dockerfile\\n  4:1  error  exit 137 on stop  shell-stays-pid1\\n    On stop, /bin/sh \\(dash, python:3\\.12-slim is Debian slim\\) stays PID 1`,
      ),
    );
    for (const line of stdout.split('\n')) assert.ok(line.length <= 100, line);
    assert.match(stdout, /✖ 1 finding \(1 error, 0 warnings, 0 info\) in 1 file\n/);
    assert.match(run([GOOD]).stdout, /✔ no predicted failures in 1 file/);
  });

  it('--runtime changes the predicted start failure', () => {
    const dir = fixture('rules', 'entrypoint-not-executable', 'bad-git-0644-abs');
    const codes = ['containerd', 'docker', 'cri-o'].map((runtime) => {
      const report = JSON.parse(run([dir, '--format', 'json', '--runtime', runtime]).stdout) as JsonReport;
      return [report.findings[0]?.exitCode, report.findings[0]?.reason, report.findings[0]?.runtime];
    });
    assert.deepEqual(codes, [
      [128, 'StartError', 'containerd'],
      [126, null, 'docker'],
      [null, 'CreateContainerError', 'cri-o'],
    ]);
  });

  it('reads one document from stdin with --stdin-filename', () => {
    const { status, stdout } = run(['-', '--stdin-filename', 'Dockerfile', '--format', 'json'], { input: 'FROM debian:12\nCMD sleep infinity\n' });
    assert.equal(status, 1);
    const report = JSON.parse(stdout) as JsonReport;
    assert.deepEqual(
      report.findings.map((f) => [f.ruleId, f.file, f.line, f.exitCode]),
      [['shell-stays-pid1', 'Dockerfile', 2, 137]],
    );
  });

  it('-o writes the report to a file', () => {
    const out = path.join(scratchDir('cli'), 'report.json');
    const { stdout } = run([BAD_DEBIAN, '--format', 'json', '-o', out]);
    assert.equal(stdout, '');
    assert.equal((JSON.parse(readFileSync(out, 'utf8')) as JsonReport).findings.length, 1);
  });

  it('--list-rules, --explain, --version, --help', () => {
    const list = run(['--list-rules']);
    assert.equal(list.status, 0);
    for (const id of ['shell-stays-pid1', 'entrypoint-not-executable', 'besteffort-qos', 'prestop-exceeds-grace', 'parse-error'])
      assert.match(list.stdout, new RegExp(`^${id} `, 'm'));
    const explain = run(['--explain', 'besteffort-qos']);
    assert.equal(explain.status, 0);
    for (const section of ['What it predicts', 'Why', 'Example', 'Fix', 'References']) assert.match(explain.stdout, new RegExp(`^${section}$`, 'm'));
    assert.match(run(['--version']).stdout, /^\d+\.\d+\.\d+\n$/);
    const help = run(['--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--fail-on/);
  });

  it('a path that does not exist is a usage error: exit 2, one line on stderr', () => {
    const { status, stdout, stderr } = run(['no/such/dir', '--format', 'json']);
    assert.equal(status, 2);
    assert.equal(stdout, '');
    assert.equal(stderr, 'lint-k8s: no/such/dir: no such file or directory\n');
  });

  it('honours .gitignore while walking directories', () => {
    const dir = scratchDir('ignore');
    writeFileSync(path.join(dir, '.gitignore'), 'generated/\n');
    // A clean image (`sleep` as PID 1 would be a finding of pid1-ignores-sigterm: the JVM ends on SIGTERM with 143).
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM eclipse-temurin:21-jre\nCMD ["java", "-jar", "/app.jar"]\n');
    spawnSync('mkdir', [path.join(dir, 'generated')]);
    writeFileSync(path.join(dir, 'generated', 'Dockerfile'), 'FROM debian:12\nCMD sleep infinity\n');
    const result = spawnSync(process.execPath, [CLI, '.', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stdout);
    assert.equal((JSON.parse(result.stdout) as JsonReport).summary.files, 1);
  });

  it("a walk passes over package managers' files (package.json, lock files); named, they are read", () => {
    const dir = scratchDir('not-kubernetes');
    // Broken JSON that mentions apiVersion and kind: read, it would be a parse-error finding.
    const broken = '{ "name": "svc", "apiVersion": "v1", "kind": \n';
    writeFileSync(path.join(dir, 'package.json'), broken);
    writeFileSync(path.join(dir, 'package-lock.json'), broken);
    writeFileSync(path.join(dir, 'deploy.json'), broken);
    const walked = spawnSync(process.execPath, [CLI, '.', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
    assert.deepEqual(
      (JSON.parse(walked.stdout) as JsonReport).findings.map((f) => [f.ruleId, f.file]),
      [['parse-error', 'deploy.json']],
    );
    const named = spawnSync(process.execPath, [CLI, 'package.json', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
    assert.deepEqual(
      (JSON.parse(named.stdout) as JsonReport).findings.map((f) => [f.ruleId, f.file]),
      [['parse-error', 'package.json']],
    );
  });
});
