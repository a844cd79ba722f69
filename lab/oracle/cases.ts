/**
 * The oracle's cases, as a table other engineers extend:
 *  - FIXTURE_NOTES: the rules' own cases (fixtures/rules/<rule>/<case>, fixtures/demo/<dir>).
 *    Every such directory with a Dockerfile is found by discoverFixtures; the oracle
 *    rewrites its FROM to a lab image and compares what lint-k8s predicts for it with what
 *    the runtimes do. A note here says why one cannot be reproduced, or adjusts its run.
 *  - LAB_CASES: cases for knowledge records no fixture exercises; their expectations are
 *    computed from the knowledge modules, so a wrong edit there fails the oracle.
 */
import { readdir, stat } from 'node:fs/promises';
import { constants as osConstants } from 'node:os';
import { join } from 'node:path';
import { programByName } from '../../src/knowledge/programs.js';
import { DEFAULT_GRACE_PERIOD_SECONDS, MINIMUM_GRACE_PERIOD_SECONDS } from '../../src/model/workload/stop-timeline.js';
import gracePeriodZero from '../../rules/grace-period-zero.js';
import heapExceedsMemoryLimit from '../../rules/heap-exceeds-memory-limit.js';
import prestopExceedsGrace from '../../rules/prestop-exceeds-grace.js';
import { OOM_REPORT } from '../../src/knowledge/runtime-reports.js';
import { SHELLS } from '../../src/knowledge/shells.js';
import type { ProgramFacts, ShellFacts, ShellKind } from '../../src/knowledge/types.js';
import { reportsReason } from './compare.js';
import type { Expected, RuntimeId } from './compare.js';

export interface FixtureNote {
  /** Why the case cannot be reproduced with a lab image (then it is listed, not run). */
  readonly skip?: string;
  /**
   * For a case without findings: `stops-cleanly` (default) — it runs until the stop signal and
   * ends with 0 or 143; `starts` — the fixture's program is a placeholder that ends at once,
   * so only "it started and exited 0" is checked (the claim is about create/start).
   */
  readonly good?: 'stops-cleanly' | 'starts';
  readonly why?: string;
  /** How long to let it run before the stop signal (default DEFAULT_SETTLE_MS). */
  readonly settleMs?: number;
}

export const DEFAULT_SETTLE_MS = 1500;
export const GRACE_SECONDS = 2;

/** Keyed by the directory relative to fixtures/. */
export const FIXTURE_NOTES: Readonly<Record<string, FixtureNote>> = {
  'real-code/copy-into-root-scratch-ok': {
    skip: 'app is a four-byte stand-in for a static binary (the case checks that COPY into / places it, which only lint-k8s can be asked)',
  },
  'rules/entrypoint-not-executable/good-copy-chmod': { good: 'starts', why: 'entry.sh is `exec "$@"` with no CMD: it starts and exits 0' },
  'rules/entrypoint-not-executable/good-git-0755': { good: 'starts', why: 'entry.sh is `exec "$@"` with no CMD: it starts and exits 0' },
  'rules/shell-stays-pid1/bad-debian': {
    skip: 'app.py only prints and exits, so nothing is left to stop; the shape is checked by lab case dash-simple-command',
  },
  'rules/shell-stays-pid1/good-exec-builtin': { skip: 'no app.py in the case (python exits 2 at once)' },
  'rules/shell-stays-pid1/good-exec-form': { skip: 'no app.py in the case (python exits 2 at once)' },
  'rules/entrypoint-not-executable/good-opaque-run': { skip: 'RUN /usr/local/bin/prepare-image: a program that is not in the case' },
  'rules/entrypoint-not-executable/good-run-chmod': { skip: 'RUN apt-get install: needs the network inside the build' },
  'rules/cmd-daemonizes/bad-service': { skip: 'RUN apt-get install apache2: needs the network inside the build' },
  'rules/interpreter-missing/good-apk-bash': { skip: 'RUN apk add bash: no Alpine package manager in the lab image' },
  'rules/interpreter-missing/good-unknown-package': { skip: 'RUN apk add: no Alpine package manager in the lab image' },
  'rules/program-not-found/bad-tini-child': { skip: 'RUN apk add tini: no Alpine package manager in the lab image' },
  'rules/shell-stays-pid1/good-alpine-and-list': { skip: 'the fixture has no /app/server.js (it checks only the shell shape): node exits 1 at once' },
  'rules/shell-stays-pid1/good-trap': { skip: '/srv/server is not in the case (the fixture checks only the shell shape)' },
  'rules/shell-stays-pid1/bad-bash-subshell': { skip: '/srv/server is not in the case: the subshell exits 127 at once' },
  'rules/shell-stays-pid1/bad-exec-form-sh-c': { skip: './migrate and ./server are not in the case: sh exits 127 at once' },
  'rules/shell-stays-pid1/bad-alpine-pipeline': { skip: '/usr/local/bin/server is not in the case: the pipeline ends at once' },
  'rules/shell-stays-pid1/good-unresolved-arg': { skip: 'FROM ${BASE_IMAGE}: the image is unknown by design' },
  'rules/pid1-ignores-sigterm/good-java': {
    skip: 'app.jar is a placeholder, and no JRE lab image (build time); the JVM stop is checked by the PID-namespace lab (lab/cases.ts "java")',
  },
  'rules/pid1-ignores-sigterm/bad-script-no-exec': { settleMs: 2500 },
  'rules/pid1-ignores-sigterm/bad-npm-start': {
    settleMs: 15_000,
    why: 'npm takes seconds to start on a loaded machine; stopped before it has run the script, it is node without a handler (137), not the runner the case is about',
  },
  'rules/run-as-non-root-image-root/bad/app': { skip: 'runAsNonRoot is checked by the kubelet (CreateContainerConfigError): a pod-only outcome' },
  'rules/run-as-non-root-image-root/good/app': { skip: 'runAsNonRoot is checked by the kubelet: a pod-only outcome' },
  'rules/read-only-root-writes/bad/web': { skip: 'readOnlyRootFilesystem comes from the manifest next to it: a pod-only outcome' },
  'rules/read-only-root-writes/good/web': { skip: 'readOnlyRootFilesystem comes from the manifest next to it: a pod-only outcome' },
  'rules/parse-error/bad': { skip: 'a Dockerfile without FROM does not build: a lint-time outcome' },
  'demo/api': { skip: 'RUN pip install -r requirements.txt: needs the network inside the build' },
};

export interface FixtureCase {
  readonly name: string;
  /** Absolute directory of the case (the build context). */
  readonly dir: string;
  readonly note: FixtureNote;
}

/** Every directory under fixtures/rules/<rule>/ and fixtures/demo/ that holds a Dockerfile. */
export async function discoverFixtures(fixturesRoot: string): Promise<FixtureCase[]> {
  const found: FixtureCase[] = [];
  const walk = async (rel: string, depth: number): Promise<void> => {
    const abs = join(fixturesRoot, rel);
    const entries = await readdir(abs, { withFileTypes: true });
    if (entries.some((e) => e.isFile() && e.name === 'Dockerfile')) found.push({ name: rel, dir: abs, note: FIXTURE_NOTES[rel] ?? {} });
    if (depth === 0) return;
    for (const e of entries) if (e.isDirectory() && !e.name.startsWith('.')) await walk(join(rel, e.name), depth - 1);
  };
  for (const top of ['rules', 'demo', 'real-code'])
    if ((await stat(join(fixturesRoot, top)).catch(() => undefined))?.isDirectory()) await walk(top, top === 'rules' ? 3 : 1);
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

// --- lab cases: knowledge records no fixture exercises ---------------------------

export interface LabCase {
  readonly name: string;
  /** The rule whose prediction this case reproduces, when it stands for a rule no fixture case covers. */
  readonly rule?: string;
  /** The knowledge record(s) the expectation comes from. */
  readonly checks: string;
  /** Dockerfile; its FROM names a lab image directly. */
  readonly dockerfile: string;
  readonly files?: Readonly<Record<string, string>>;
  readonly memory?: { readonly docker: string; readonly bytes: number };
  readonly settleMs?: number;
  /** Seconds between the stop signal and SIGKILL (default GRACE_SECONDS): what the kubelet leaves after the preStop hook. */
  readonly graceSeconds?: number;
  /** Stop once the output holds this text (the program is up and has its handlers). */
  readonly readyLog?: string;
  /** Run with no other container running (memory pressure of its own). */
  readonly alone?: boolean;
  /**
   * A difference seen on this machine whose cause is not established yet: shown as
   * MISMATCH (known) and not failing, so that it stays visible without making CI flaky.
   */
  readonly knownMismatch?: { readonly runtime: RuntimeId; readonly why: string };
  readonly runtimes: readonly RuntimeId[];
  readonly expect: (runtime: RuntimeId, k: Knowledge) => Expected;
}

/** The knowledge a lab case's expectation is computed from; the oracle's test replaces parts of it. */
export interface Knowledge {
  readonly shells: Readonly<Record<ShellKind, ShellFacts>>;
  readonly program: (name: string) => ProgramFacts;
  readonly oom: typeof OOM_REPORT;
}

export const KNOWLEDGE: Knowledge = {
  shells: SHELLS,
  program: (name) => {
    const p = programByName(name);
    if (p === undefined) throw new Error(`knowledge: programByName("${name}") finds no entry`);
    return p;
  },
  oom: OOM_REPORT,
};

const SIGKILLED = 128 + osConstants.signals.SIGKILL;

/** Exit status when `p` is PID 1 and gets SIGTERM with no handler of the app's own. */
function onSigterm(p: ProgramFacts): number {
  const r = p.asPid1.SIGTERM;
  if (r === undefined || r.kind === 'ignored-as-pid1') return SIGKILLED;
  if (r.kind === 'exits') return r.exitCode;
  throw new Error(`knowledge: ${p.id} forwards SIGTERM; not a lab case shape`);
}

/** PID 1 after `sh -c` in a shape where the shell either execs `program` or stays. */
const pid1After = (execs: boolean, program: string): string => (execs ? program : 'sh');

const NPM_SERVER = `process.on('SIGTERM', () => { console.log('app got SIGTERM'); process.exit(0); });
setInterval(() => {}, 1000);
console.log('app ready');
`;

const ALL: readonly RuntimeId[] = ['docker', 'containerd', 'runc', 'crun'];

/** A shell whose SIGTERM trap drains for 5 s, then exits 0 (the server runs in the background so the trap can run). */
const SLOW_DRAIN = `["/bin/sh", "-c", "trap 'echo draining; sleep 5; exit 0' TERM; sleep 1000 & wait"]`;
const PRESTOP_SECONDS = 40;

/** A stop-phase rule's prediction (exit code, reason for the runtimes that report one). */
function ruleStop(predicts: { readonly exitCode: number | null; readonly reason: string | null }, rt: RuntimeId, from: string): Expected {
  return {
    phase: 'stop',
    ...(predicts.exitCode !== null ? { exitCode: predicts.exitCode } : {}),
    ...(predicts.reason !== null && reportsReason(rt) ? { reason: predicts.reason } : {}),
    from,
  };
}

/**
 * Rules that predict an exit code (meta.predicts.exitCode) but have no case the oracle can
 * run — no reproducible fixture case and no lab case with `rule` — and why.
 * test/lab/oracle-coverage.test.ts keeps this list complete and current.
 */
export const NOT_REPRODUCIBLE_RULES: Readonly<Record<string, string>> = {
  'besteffort-qos':
    "the outcome is the kubelet's and the kernel's choice under node memory pressure (oom_score_adj by QoS class, eviction): cluster-only; the OOM report itself is checked by oom-pid1",
  'liveness-kills-slow-start':
    "the kill comes from the kubelet's liveness probe timing against a slow start: cluster-only; the stop it does is the normal stop the pid1-ignores-sigterm cases check",
  'read-only-root-writes':
    'readOnlyRootFilesystem comes from the manifest; the oracle runs images, not manifests (CRI readonly_rootfs / docker --read-only could; not done yet)',
  'server-refuses-root': "no lab image stands in for postgres:16 (its official entrypoint; Debian's postgresql package could; not done yet)",
};

export const LAB_CASES: readonly LabCase[] = [
  {
    name: 'busybox-cd-sleep',
    checks: 'SHELLS busybox .execsLastCommand.afterAnd + PROGRAMS sleep .asPid1.SIGTERM',
    dockerfile: 'FROM lab/alpine:busybox\nCMD cd / && sleep 1000\n',
    runtimes: ALL,
    expect: (_rt, k) => ({
      phase: 'stop',
      pid1: pid1After(k.shells.busybox.execsLastCommand.afterAnd, 'sleep'),
      exitCode: onSigterm(k.program('sleep')),
      from: 'SHELLS.busybox, PROGRAMS sleep',
    }),
  },
  {
    name: 'dash-simple-command',
    checks: 'SHELLS dash .execsLastCommand.alone (a shell that stays PID 1 drops SIGTERM)',
    dockerfile: 'FROM lab/debian:bookworm\nCMD sleep 1000\n',
    runtimes: ALL,
    expect: (_rt, k) => {
      const execs = k.shells.dash.execsLastCommand.alone;
      return {
        phase: 'stop',
        pid1: pid1After(execs, 'sleep'),
        exitCode: execs ? onSigterm(k.program('sleep')) : SIGKILLED,
        from: 'SHELLS.dash, PROGRAMS sleep',
      };
    },
  },
  {
    name: 'npm-start-debian',
    checks: 'PROGRAMS npm .asPid1.SIGTERM forwards-to-script-shell (exit code; on dash the app never gets SIGTERM)',
    dockerfile: 'FROM lab/node:slim\nWORKDIR /app\nCOPY package.json server.js ./\nCMD ["npm", "start"]\n',
    files: { 'package.json': '{ "name": "app", "private": true, "scripts": { "start": "node server.js" } }\n', 'server.js': NPM_SERVER },
    settleMs: 20_000,
    readyLog: 'app ready',
    runtimes: ALL,
    expect: (_rt, k) => {
      const reaction = k.program('npm').asPid1.SIGTERM;
      if (reaction?.kind !== 'forwards-to-script-shell') throw new Error('knowledge: npm does not forward SIGTERM to its script shell');
      // The script shell is dash here (Debian): it dies of the forwarded signal, the app never sees it.
      return {
        phase: 'stop',
        exitCode: reaction.exitCode,
        logIncludes: 'app ready',
        logExcludes: 'app got SIGTERM',
        from: 'PROGRAMS npm',
      };
    },
  },
  {
    name: 'oom-pid1',
    checks: 'OOM_REPORT .pid1Killed',
    dockerfile: 'FROM lab/python:slim\nCMD ["python3", "-c", "b = bytearray(512 << 20)"]\n',
    memory: { docker: '64m', bytes: 64 << 20 },
    settleMs: 10_000, // ends as soon as the OOM killer acts
    alone: true,
    runtimes: ALL,
    expect: (rt, k) => ({
      phase: 'exited',
      exitCode: k.oom.pid1Killed.exitCode,
      ...(reportsReason(rt) ? { reason: k.oom.pid1Killed.reason } : {}),
      from: 'OOM_REPORT.pid1Killed',
    }),
  },
  {
    name: 'oom-child',
    checks: 'OOM_REPORT .childKilled.singleProcess (cgroup v1: reason OOMKilled, exit code of PID 1)',
    // PID 1 starts a child that outgrows the limit, reports the child's fate, exits 0.
    dockerfile:
      'FROM lab/python:slim\nCMD ["python3", "-c", "import subprocess, sys; r = subprocess.run([sys.executable, \\"-c\\", \\"b = bytearray(512 << 20)\\"]); print(\\"child\\", r.returncode)"]\n',
    memory: { docker: '64m', bytes: 64 << 20 },
    settleMs: 10_000,
    alone: true,
    runtimes: ALL,
    expect: (rt, k) => {
      const pid1Status = 0; // what PID 1 of this case exits with
      // The lab's cgroup v1 hierarchy kills the victim alone (no memory.oom.group): the single-process record.
      const code = k.oom.childKilled.singleProcess.exitCode === 'pid1-status' ? pid1Status : k.oom.childKilled.singleProcess.exitCode;
      return {
        phase: 'exited',
        exitCode: code,
        logIncludes: 'child -9',
        ...(reportsReason(rt) ? { reason: k.oom.childKilled.reason } : {}),
        from: 'OOM_REPORT.childKilled.singleProcess',
      };
    },
  },
  {
    name: 'grace-zero-slow-drain',
    rule: 'grace-period-zero',
    checks: 'grace-period-zero: terminationGracePeriodSeconds 0 leaves MINIMUM_GRACE_PERIOD_SECONDS after SIGTERM; a program that drains for 5 s is SIGKILLed',
    // The kubelet's stop for a grace period of 0 (pod_workers.go: at least 1 s; killContainer: at least 2 s after the stop signal).
    dockerfile: `FROM lab/alpine:busybox\nCMD ${SLOW_DRAIN}\n`,
    graceSeconds: MINIMUM_GRACE_PERIOD_SECONDS,
    runtimes: ALL,
    expect: (rt) => ruleStop(gracePeriodZero.meta.predicts, rt, 'grace-period-zero meta.predicts, MINIMUM_GRACE_PERIOD_SECONDS'),
  },
  {
    name: 'prestop-exceeds-grace-slow-drain',
    rule: 'prestop-exceeds-grace',
    checks: `prestop-exceeds-grace: a preStop of ${PRESTOP_SECONDS} s with the default grace of ${DEFAULT_GRACE_PERIOD_SECONDS} s leaves max(grace - hook, MINIMUM_GRACE_PERIOD_SECONDS) after SIGTERM; a program that drains for 5 s is SIGKILLed`,
    // The hook runs in the kubelet before the stop signal; the oracle runs what is left of the grace period after it.
    dockerfile: `FROM lab/alpine:busybox\nCMD ${SLOW_DRAIN}\n`,
    graceSeconds: Math.max(DEFAULT_GRACE_PERIOD_SECONDS - PRESTOP_SECONDS, MINIMUM_GRACE_PERIOD_SECONDS),
    runtimes: ALL,
    expect: (rt) => ruleStop(prestopExceedsGrace.meta.predicts, rt, 'prestop-exceeds-grace meta.predicts, stop-timeline'),
  },
  {
    name: 'slow-drain-enough-grace',
    checks: 'control for the two cases above: the same program with 8 s after SIGTERM finishes its 5 s drain and exits 0',
    dockerfile: `FROM lab/alpine:busybox\nCMD ${SLOW_DRAIN}\n`,
    graceSeconds: 8,
    runtimes: ALL,
    expect: (rt) => ({ phase: 'stop', exitCode: 0, ...(reportsReason(rt) ? { reason: 'Completed' } : {}), from: 'the trap exits 0 after its drain' }),
  },
  {
    name: 'heap-over-limit-node',
    rule: 'heap-exceeds-memory-limit',
    checks: 'heap-exceeds-memory-limit: node --max-old-space-size above the memory limit grows past it: OOM kill of PID 1 (OOM_REPORT.pid1Killed)',
    dockerfile:
      'FROM lab/node:slim\nCMD ["node", "--max-old-space-size=512", "-e", "const keep = []; for (;;) keep.push(Buffer.alloc(1 << 20, 1).toString(\'latin1\'))"]\n',
    memory: { docker: '128m', bytes: 128 << 20 },
    settleMs: 20_000, // ends as soon as the OOM killer acts
    alone: true,
    runtimes: ALL,
    expect: (rt, k) => ({
      phase: 'exited',
      exitCode: heapExceedsMemoryLimit.meta.predicts.exitCode ?? k.oom.pid1Killed.exitCode,
      ...(reportsReason(rt) ? { reason: heapExceedsMemoryLimit.meta.predicts.reason ?? k.oom.pid1Killed.reason } : {}),
      from: 'heap-exceeds-memory-limit meta.predicts',
    }),
  },
];
