import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brief, fixture, lintFixture } from '../harness.js';

const dir = (name: string): string => fixture('rules', 'entrypoint-not-executable', name);
const keys = ['rule', 'file', 'line', 'exitCode', 'reason'] as const;

describe('entrypoint-not-executable', () => {
  it('a file committed as 100644 and run by absolute path: StartError 128 under containerd', async () => {
    const findings = await lintFixture(dir('bad-git-0644-abs'));
    assert.deepEqual(brief(findings, keys), [
      { rule: 'entrypoint-not-executable', file: `${dir('bad-git-0644-abs')}/Dockerfile`, line: 3, exitCode: 128, reason: 'StartError' },
    ]);
    assert.match(findings[0]?.message ?? '', /committed without the execute bit \(mode 0644\)/);
    assert.equal(findings[0]?.related[0]?.at.line, 2, 'points at the COPY that placed it');
  });

  it('the same under docker: 126; under CRI-O: CreateContainerError without exit code', async () => {
    assert.deepEqual(brief(await lintFixture(dir('bad-git-0644-abs'), 'docker'), ['exitCode', 'reason']), [{ exitCode: 126, reason: null }]);
    assert.deepEqual(brief(await lintFixture(dir('bad-git-0644-abs'), 'cri-o'), ['exitCode', 'reason']), [{ exitCode: null, reason: 'CreateContainerError' }]);
  });

  it('a bare name in PATH that is not executable is skipped by LookPath: not found (docker 127)', async () => {
    const findings = await lintFixture(dir('bad-git-0644'), 'docker');
    assert.deepEqual(brief(findings, keys), [
      { rule: 'entrypoint-not-executable', file: `${dir('bad-git-0644')}/Dockerfile`, line: 3, exitCode: 127, reason: null },
    ]);
    assert.match(findings[0]?.message ?? '', /executable file not found in \$PATH/);
  });

  it('COPY <<EOF creates a 0644 file', async () => {
    assert.deepEqual(brief(await lintFixture(dir('bad-heredoc')), keys), [
      { rule: 'entrypoint-not-executable', file: `${dir('bad-heredoc')}/Dockerfile`, line: 7, exitCode: 128, reason: 'StartError' },
    ]);
  });

  it('a relative path resolves against WORKDIR through a directory copy', async () => {
    assert.deepEqual(brief(await lintFixture(dir('bad-relative-workdir')), keys), [
      { rule: 'entrypoint-not-executable', file: `${dir('bad-relative-workdir')}/Dockerfile`, line: 4, exitCode: 128, reason: 'StartError' },
    ]);
  });

  it('shell form: the shell reports Permission denied and exits 126 after start', async () => {
    assert.deepEqual(brief(await lintFixture(dir('bad-shell-form')), keys), [
      { rule: 'entrypoint-not-executable', file: `${dir('bad-shell-form')}/Dockerfile`, line: 4, exitCode: 126, reason: 'Error' },
    ]);
  });

  for (const good of ['good-copy-chmod', 'good-run-chmod', 'good-git-0755', 'good-opaque-run']) {
    it(`${good}: no finding`, async () => {
      assert.deepEqual(brief(await lintFixture(dir(good))), []);
    });
  }
});
