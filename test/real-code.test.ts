import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fixture, lintFixture, REPO_ROOT } from './harness.js';

/**
 * fixtures/real-code: one repository per class of failure (or false alarm) seen on public
 * application repositories (its README says which). Each line is what a user reads off a
 * finding: rule, severity, exit code, reason, file and line.
 */
const EXPECTED: Readonly<Record<string, readonly string[]>> = {
  'broken-exec-form': ['program-not-found error 127 Error Dockerfile:3'],
  'build-artefact-not-in-git': [],
  'copy-into-root-not-executable': ['entrypoint-not-executable error 128 StartError Dockerfile:3'],
  'copy-into-root-scratch-ok': [],
  'django-runserver': [],
  'flask-run': ['pid1-ignores-sigterm warning 137 Error Dockerfile:5'],
  'gunicorn-daemon': ['cmd-daemonizes error 0 Completed Dockerfile:5'],
  'hostpid-143': [],
  'image-placeholder': ['invalid-image-name warning null InvalidImageName pod.yaml:14'],
  'istio-image-auto': [],
  'job-shell-and-and': ['shell-stays-pid1 warning 137 Error job.yaml:13'],
  'loop-on-alpine': ['shell-stays-pid1 error 137 Error Dockerfile:2'],
  'nginx-shell-form': ['shell-stays-pid1 error 137 Error Dockerfile:2'],
  'node-entrypoint-shell-form': ['shell-stays-pid1 error 137 Error Dockerfile:4'],
  'npm-start': ['pid1-ignores-sigterm error 1 Error Dockerfile:4'],
  'pod-args-sh-c-on-node': ['shell-stays-pid1 error 137 Error pod.yaml:16'],
  'postgres-shell-form': ['server-refuses-root error 1 Error Dockerfile:2'],
  'prestop-nginx': [],
  'redis-shell-form': ['shell-stays-pid1 error 137 Error Dockerfile:2'],
  'rhel-jvm-143': [],
  'selector-old-api': ['selector-mismatch error null null deploy.yaml:1'],
  'shell-given-script': ['pid1-ignores-sigterm error 137 Error Dockerfile:3'],
  'sleep-on-unknown-image': ['pid1-ignores-sigterm error 137 Error pod.yaml:16'],
  'temurin-shell-form': ['shell-stays-pid1 error 137 Error Dockerfile:3'],
  'trap-then-loop-ok': [],
  'trap-then-tail': ['shell-stays-pid1 error 137 Error Dockerfile:2'],
  'unknown-base-no-error': ['shell-stays-pid1 warning 137 Error Dockerfile:3'],
  'uwsgi-without-die-on-term': ['pid1-ignores-sigterm warning 137 Error Dockerfile:4'],
};

describe('fixtures/real-code: the classes seen on public repositories', () => {
  const root = path.join(REPO_ROOT, 'fixtures', 'real-code');
  const dirs = readdirSync(root).filter((d) => statSync(path.join(root, d)).isDirectory());

  it('every class directory has an expectation, and every expectation a directory', () => {
    assert.deepEqual([...dirs].sort(), Object.keys(EXPECTED).sort());
  });

  for (const dir of dirs) {
    it(dir, async () => {
      const findings = await lintFixture(fixture('real-code', dir));
      assert.deepEqual(
        findings.map((f) => `${f.ruleId} ${f.severity} ${String(f.exitCode)} ${String(f.reason)} ${path.posix.basename(f.file)}:${f.line}`),
        EXPECTED[dir],
      );
    });
  }
});
