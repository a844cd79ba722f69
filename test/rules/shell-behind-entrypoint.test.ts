import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brief, fixture, lintFixture } from '../harness.js';

const dir = (name: string): string => fixture('rules', 'shell-stays-pid1', name);
const keys = ['rule', 'file', 'line', 'severity', 'exitCode'] as const;

/*
 * An official image's docker-entrypoint.sh ends with `exec "$@"`: a shell-form CMD (or
 * args: ["/bin/sh", "-c", …]) makes dash PID 1 behind it (lab: node:20 + CMD node server.js,
 * PID 1 is sh and every stop ends in 137 under runc, crun, docker and containerd).
 */
describe('shell-stays-pid1 behind an entrypoint that execs "$@"', () => {
  it('FROM node:20 + shell-form CMD: 137 at the CMD, with the exec form to write', async () => {
    const findings = await lintFixture(dir('bad-official-entrypoint'));
    assert.deepEqual(brief(findings, keys), [
      { rule: 'shell-stays-pid1', file: `${dir('bad-official-entrypoint')}/Dockerfile`, line: 4, severity: 'error', exitCode: 137 },
    ]);
    assert.equal(findings[0]?.messageId, 'staysBehindEntrypoint');
    assert.match(findings[0]?.message ?? '', /dash, node:20.*docker-entrypoint\.sh execs the shell-form CMD.*Use exec form: CMD \["node", "server\.js"\]/);
  });

  it('a pod running node:20 with args: ["/bin/sh", "-c", …]: 137 at args', async () => {
    const findings = await lintFixture(dir('bad-official-entrypoint-args'));
    assert.deepEqual(brief(findings, keys), [
      { rule: 'shell-stays-pid1', file: `${dir('bad-official-entrypoint-args')}/deploy.yaml`, line: 15, severity: 'error', exitCode: 137 },
    ]);
    assert.match(findings[0]?.message ?? '', /^Container web \(image node:20 .*execs the container args.*args: \["node", "\/app\/server\.js"\]/);
  });

  it('the same image with an exec-form CMD and a SIGTERM handler: no finding', async () => {
    assert.deepEqual(brief(await lintFixture(dir('good-official-entrypoint-exec-form'))), []);
  });

  it('a Job is rarely stopped before it ends: a warning; a WebAssembly runtime class runs no shell: nothing', async () => {
    assert.deepEqual(brief(await lintFixture(dir('job-and-wasm')), keys), [
      { rule: 'shell-stays-pid1', file: `${dir('job-and-wasm')}/workloads.yaml`, line: 12, severity: 'warning', exitCode: 137 },
    ]);
  });
});
