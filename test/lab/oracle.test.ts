/**
 * The runtime oracle checks itself: a deliberately wrong knowledge entry must make it
 * report a mismatch and fail. The comparison is tested on its own (fast, anywhere); one
 * real run under plain runc (as root, with runc and a static busybox) shows that the
 * oracle measures, not echoes. The full oracle is `npm run lab:oracle`, not part of npm test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KNOWLEDGE, LAB_CASES } from '../../lab/oracle/cases.js';
import type { Knowledge } from '../../lab/oracle/cases.js';
import { compare } from '../../lab/oracle/compare.js';
import type { Observed } from '../../lab/oracle/compare.js';
import { expectFromFinding, oracleFailed, printTable, rewriteDockerfile } from '../../lab/oracle/main.js';
import type { Row } from '../../lab/oracle/main.js';
import { runOci } from '../../lab/oracle/oci.js';

/** A plausible wrong claim: busybox stays PID 1 for `cd / && sleep 1000`. */
const WRONG: Knowledge = {
  ...KNOWLEDGE,
  shells: {
    ...KNOWLEDGE.shells,
    busybox: { ...KNOWLEDGE.shells.busybox, execsLastCommand: { ...KNOWLEDGE.shells.busybox.execsLastCommand, afterAnd: false } },
  },
};
/** And that dash execs a simple command. */
const WRONG_DASH: Knowledge = {
  ...KNOWLEDGE,
  shells: { ...KNOWLEDGE.shells, dash: { ...KNOWLEDGE.shells.dash, execsLastCommand: { ...KNOWLEDGE.shells.dash.execsLastCommand, alone: true } } },
};

const labCase = (name: string) => {
  const c = LAB_CASES.find((l) => l.name === name);
  assert.ok(c, `lab case ${name}`);
  return c;
};

/** What runc showed for `sh -c 'cd / && sleep 1000'` on busybox (lab/README.md table). */
const SEEN: Observed = { phase: 'stop', exitCode: 137, oomKilled: false, error: '', pid1: 'sleep', logs: '' };

void test('oracle: the right knowledge matches what the runtime showed', () => {
  const v = compare(labCase('busybox-cd-sleep').expect('runc', KNOWLEDGE), SEEN, 'runc');
  assert.deepEqual(v, { ok: true, differences: [] });
});

void test('oracle: a wrong shell entry is a mismatch, and the oracle fails', () => {
  const expected = labCase('busybox-cd-sleep').expect('runc', WRONG);
  const v = compare(expected, SEEN, 'runc');
  assert.deepEqual(v, { ok: false, differences: ['PID 1 sh ≠ sleep'] });
  const rows: Row[] = [{ name: 'busybox-cd-sleep', runtime: 'runc', expected, observed: SEEN, ok: v.ok, differences: v.differences }];
  const out: string[] = [];
  printTable(rows, [], (s) => out.push(s));
  assert.equal(out[2], '| busybox-cd-sleep | runc | stop, exit 137, PID 1 sh | stop, exit 137, PID 1 sleep | **MISMATCH** (PID 1 sh ≠ sleep) |');
  assert.equal(oracleFailed(rows), true);
  // A difference a case declares as known (LabCase.knownMismatch) is shown but does not fail.
  assert.equal(oracleFailed([{ ...rows[0]!, known: 'cause not established' }]), false);
});

void test('oracle: "dash execs a simple command" is a mismatch (PID 1 and exit code)', () => {
  const dashSeen: Observed = { ...SEEN, pid1: 'sh' };
  const v = compare(labCase('dash-simple-command').expect('docker', WRONG_DASH), dashSeen, 'docker');
  assert.deepEqual(v.differences, ['PID 1 sleep ≠ sh']);
});

void test('oracle: a prediction of lint-k8s is compared per runtime', () => {
  const start = { ruleId: 'interpreter-missing', file: 'x/Dockerfile', exitCode: 255, reason: null, phase: 'start' };
  const startCri = { ...start, reason: 'Error' };
  // runc < 1.2 exits 1 where runc >= 1.2 exits 255 (RUNC_EXEC_FAILURE_EXIT); crun exits 1.
  assert.equal(expectFromFinding(start, startCri, 'docker', { runc: '1.1.5' }).exitCode, 1);
  assert.equal(expectFromFinding(start, startCri, 'docker', { runc: '1.2.0' }).exitCode, 255);
  assert.equal(expectFromFinding(start, startCri, 'crun', { runc: '1.2.0' }).exitCode, 1);
  const exited: Observed = { phase: 'exited', exitCode: 1, oomKilled: false, error: '', logs: '' };
  assert.deepEqual(compare(expectFromFinding(start, startCri, 'docker', { runc: '1.2.0' }), exited, 'docker').differences, ['exit 255 ≠ 1']);
  // A create-time failure: docker's own code, containerd's reason; plain runtimes by phase only.
  const create = { ruleId: 'program-not-found', file: 'x/Dockerfile', exitCode: 127, reason: null, phase: 'create' };
  assert.deepEqual(expectFromFinding(create, { ...create, exitCode: 128, reason: 'StartError' }, 'docker', { runc: '1.1.5' }), {
    phase: 'create',
    exitCode: 127,
    reason: 'StartError',
    from: 'lint-k8s program-not-found (--runtime docker): create, exit 127, StartError (containerd)',
  });
  // The containerd column takes lint-k8s's `--runtime containerd` finding: containerd's own code and reason.
  assert.deepEqual(expectFromFinding(create, { ...create, exitCode: 128, reason: 'StartError' }, 'containerd', { runc: '1.1.5' }), {
    phase: 'create',
    exitCode: 128,
    reason: 'StartError',
    from: 'lint-k8s program-not-found (--runtime containerd): create, exit 128, StartError (containerd)',
  });
  // An exec failure after start under containerd's CRI is runc's own code (1 before runc 1.2), reason Error.
  const cri = expectFromFinding(start, { ...startCri, exitCode: 255 }, 'containerd', { runc: '1.1.5' });
  assert.deepEqual([cri.exitCode, cri.reason], [1, 'Error']);
  // containerd's reason is the one its CRI reported, not one derived from the exit code.
  const criExited: Observed = { phase: 'exited', exitCode: 0, reason: 'Completed', oomKilled: false, error: '', logs: '' };
  assert.deepEqual(compare({ phase: 'exited', exitCode: 0, reason: 'OOMKilled', from: 'OOM_REPORT' }, criExited, 'containerd').differences, [
    'reason OOMKilled ≠ Completed',
  ]);
  // No finding: the container must stop cleanly.
  const stoppedByKill: Observed = { phase: 'stop', exitCode: 137, oomKilled: false, error: '', logs: '' };
  assert.deepEqual(compare(expectFromFinding(undefined, undefined, 'runc', { runc: '1.1.5' }), stoppedByKill, 'runc').differences, ['exit 0/143 ≠ 137']);
});

void test('oracle: FROM is rewritten to the lab image, build stages kept, # syntax dropped', () => {
  const r = rewriteDockerfile('# syntax=docker/dockerfile:1\nFROM python:3.12-slim AS base\nFROM base\nCMD x\n');
  assert.deepEqual(r, { dockerfile: '\nFROM lab/python:slim AS base\nFROM base\nCMD x\n' });
  assert.deepEqual(rewriteDockerfile('FROM registry.example.com/base:7\n'), { why: 'no lab image stands in for registry.example.com/base:7' });
});

const runcHere = (): string | undefined => {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return 'needs Linux and root';
  try {
    execFileSync('runc', ['--version'], { stdio: 'ignore' });
    if (!execFileSync('file', ['-L', '/bin/busybox']).toString().includes('statically linked')) return 'needs a static /bin/busybox (busybox-static)';
  } catch {
    return 'needs runc and a static /bin/busybox (bash lab/oracle/install.sh)';
  }
  return undefined;
};

void test('oracle: under real runc, the wrong busybox entry fails and the right one passes', { timeout: 60_000 }, async (t) => {
  const unavailable = runcHere();
  if (unavailable !== undefined) {
    t.diagnostic(`lab oracle skipped: ${unavailable}`);
    t.skip(unavailable);
    return;
  }
  const root = await mkdtemp(join(tmpdir(), 'lab-oracle-test-'));
  try {
    for (const d of ['bin', 'sbin', 'usr/bin', 'usr/sbin', 'etc']) await mkdir(join(root, d), { recursive: true });
    await copyFile('/bin/busybox', join(root, 'bin/busybox'));
    execFileSync('chroot', [root, '/bin/busybox', '--install', '-s'], { stdio: 'ignore' });
    await writeFile(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
    for (const d of ['proc', 'sys', 'dev', 'tmp']) if (!existsSync(join(root, d))) await mkdir(join(root, d));
    // The same config the lab case's `CMD cd / && sleep 1000` gives the image.
    const config = {
      entrypoint: [],
      cmd: ['/bin/sh', '-c', 'cd / && sleep 1000'],
      env: ['PATH=/usr/sbin:/usr/bin:/sbin:/bin'],
      workdir: '/',
      user: '',
      stopSignal: 'SIGTERM',
    };
    const observed = await runOci({ runtime: 'runc', rootfs: root, config, settleMs: 500, graceSeconds: 1 });
    const c = labCase('busybox-cd-sleep');
    assert.deepEqual(compare(c.expect('runc', KNOWLEDGE), observed, 'runc').differences, []);
    assert.deepEqual(compare(c.expect('runc', WRONG), observed, 'runc').differences, ['PID 1 sh ≠ sleep']);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
