import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brief, fixture, lintFixture } from '../harness.js';

const dir = (name: string): string => fixture('rules', 'shell-stays-pid1', name);
const keys = ['rule', 'file', 'line', 'severity', 'exitCode'] as const;

describe('shell-stays-pid1', () => {
  it('dash on a Debian-based image keeps /bin/sh as PID 1: 137', async () => {
    const findings = await lintFixture(dir('bad-debian'));
    assert.deepEqual(brief(findings, keys), [{ rule: 'shell-stays-pid1', file: `${dir('bad-debian')}/Dockerfile`, line: 4, severity: 'error', exitCode: 137 }]);
    assert.match(findings[0]?.message ?? '', /dash.*python:3\.12-slim.*Use exec form: CMD \["python", "app\.py"\]/);
  });

  it('bash keeps PID 1 for a subshell', async () => {
    assert.deepEqual(brief(await lintFixture(dir('bad-bash-subshell')), keys), [
      { rule: 'shell-stays-pid1', file: `${dir('bad-bash-subshell')}/Dockerfile`, line: 3, severity: 'error', exitCode: 137 },
    ]);
  });

  it('busybox keeps PID 1 for a pipeline', async () => {
    assert.deepEqual(brief(await lintFixture(dir('bad-alpine-pipeline')), keys), [
      { rule: 'shell-stays-pid1', file: `${dir('bad-alpine-pipeline')}/Dockerfile`, line: 2, severity: 'error', exitCode: 137 },
    ]);
  });

  it('a pipeline keeps every shell as PID 1, so an unknown image is still an error', async () => {
    assert.deepEqual(brief(await lintFixture(dir('bad-unknown-image-pipeline')), keys), [
      { rule: 'shell-stays-pid1', file: `${dir('bad-unknown-image-pipeline')}/Dockerfile`, line: 2, severity: 'error', exitCode: 137 },
    ]);
  });

  it('an exec-form ["/bin/sh", "-c", …] is the same as a shell form', async () => {
    assert.deepEqual(brief(await lintFixture(dir('bad-exec-form-sh-c')), keys), [
      { rule: 'shell-stays-pid1', file: `${dir('bad-exec-form-sh-c')}/Dockerfile`, line: 3, severity: 'error', exitCode: 137 },
    ]);
  });

  it('an unknown image with a simple command is only a warning that says why', async () => {
    const findings = await lintFixture(dir('warn-unknown-image'));
    assert.deepEqual(brief(findings, keys), [
      { rule: 'shell-stays-pid1', file: `${dir('warn-unknown-image')}/Dockerfile`, line: 2, severity: 'warning', exitCode: 137 },
    ]);
    assert.match(findings[0]?.message ?? '', /not known to lint-k8s; if its \/bin\/sh is dash/);
  });

  it('a loop keeps every shell as PID 1, busybox too', async () => {
    assert.deepEqual(brief(await lintFixture(dir('bad-loop-busybox')), keys), [
      { rule: 'shell-stays-pid1', file: `${dir('bad-loop-busybox')}/Dockerfile`, line: 2, severity: 'error', exitCode: 137 },
    ]);
  });

  it("trap 'exit 0' TERM before a foreground command that never returns: the trap never runs, 137", async () => {
    const findings = await lintFixture(dir('bad-trap-foreground'));
    assert.deepEqual(brief(findings, keys), [
      { rule: 'shell-stays-pid1', file: `${dir('bad-trap-foreground')}/Dockerfile`, line: 2, severity: 'error', exitCode: 137 },
    ]);
    assert.match(findings[0]?.message ?? '', /traps SIGTERM, but runs `tail -f \/dev\/null` in the foreground/);
  });

  for (const good of ['good-exec-form', 'good-exec-builtin', 'good-alpine-and-list', 'good-unresolved-arg', 'good-trap', 'good-trap-loop']) {
    it(`${good}: no finding`, async () => {
      assert.deepEqual(brief(await lintFixture(dir(good))), []);
    });
  }
});
