/**
 * Runs a root filesystem under plain `runc` or `crun` (no daemon), the way a shim does:
 * `create` (create-time errors end here), `start`, wait for the container's init as a
 * child subreaper, stop signal, grace period, SIGKILL, `delete`.
 *
 * The waiting is done by a small Python helper: a subreaper is needed to collect the exit
 * status of the container's init (runc/crun `create` exits and leaves it behind), and
 * Node cannot call prctl. python3 is on every Debian machine.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { must, run } from './exec.js';
import type { ImageConfig } from './docker.js';
import type { Observed } from './compare.js';

const HELPER = String.raw`
import ctypes, json, os, signal, subprocess, sys, time
ctypes.CDLL(None, use_errno=True).prctl(36, 1)  # PR_SET_CHILD_SUBREAPER
rt, bundle, cid, stopsig, grace, settle, ready = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5]), float(sys.argv[6]), sys.argv[7]
log = open(os.path.join(bundle, 'out.log'), 'wb')
pidfile = os.path.join(bundle, 'init.pid')
def status(st):
    return 128 + os.WTERMSIG(st) if os.WIFSIGNALED(st) else os.WEXITSTATUS(st)
def done(**kw):
    subprocess.run([rt, 'delete', '--force', cid], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print(json.dumps(kw))
    sys.exit(0)
c = subprocess.run([rt, 'create', '--bundle', bundle, '--pid-file', pidfile, cid], stdin=subprocess.DEVNULL, stdout=log, stderr=log)
if c.returncode != 0:
    done(phase='create', exitCode=c.returncode)
pid = int(open(pidfile).read().strip())
s = subprocess.run([rt, 'start', cid], stdin=subprocess.DEVNULL, stdout=log, stderr=log)
end = time.time() + settle
while time.time() < end:
    p, st = os.waitpid(pid, os.WNOHANG)
    if p == pid:
        done(phase='exited', exitCode=status(st))
    if ready and ready.encode() in open(os.path.join(bundle, 'out.log'), 'rb').read():
        time.sleep(0.3)
        break
    time.sleep(0.05)
try:
    comm = open('/proc/%d/comm' % pid).read().strip()
except OSError:
    comm = None
t = time.time()
subprocess.run([rt, 'kill', cid, stopsig], stdin=subprocess.DEVNULL, stdout=log, stderr=log)
end = t + grace
while time.time() < end:
    p, st = os.waitpid(pid, os.WNOHANG)
    if p == pid:
        done(phase='stop', exitCode=status(st), pid1=comm, stopMs=int((time.time() - t) * 1000))
    time.sleep(0.05)
subprocess.run([rt, 'kill', cid, 'KILL'], stdin=subprocess.DEVNULL, stdout=log, stderr=log)
_, st = os.waitpid(pid, 0)
done(phase='stop', exitCode=status(st), pid1=comm, stopMs=int((time.time() - t) * 1000))
`;

export interface OciRun {
  readonly runtime: 'runc' | 'crun';
  /** The root filesystem (a directory). */
  readonly rootfs: string;
  readonly config: ImageConfig;
  /** Memory limit in bytes. */
  readonly memoryBytes?: number;
  readonly settleMs: number;
  /** Stop as soon as the output holds this text (+300 ms), at the latest after settleMs. */
  readonly readyLog?: string;
  readonly graceSeconds: number;
}

/** The system python: a pyenv shim on PATH costs a shell script per run. */
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

let template: Record<string, unknown> | undefined;

/** runc's default spec (capabilities, mounts, masked paths), read once. */
async function defaultSpec(): Promise<Record<string, unknown>> {
  if (template !== undefined) return template;
  const dir = await mkdtemp(join(tmpdir(), 'lab-spec-'));
  await must('runc', ['spec', '--bundle', dir]);
  template = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
  await rm(dir, { recursive: true, force: true });
  return template;
}

/**
 * The capabilities docker and containerd give a container by default (moby
 * oci/caps/defaults.go, containerd oci/spec.go); `runc spec`'s own three are fewer, and
 * programs behave differently without DAC_OVERRIDE or SETUID (nginx cannot open its log).
 */
const DEFAULT_CAPS = [
  'CHOWN',
  'DAC_OVERRIDE',
  'FSETID',
  'FOWNER',
  'MKNOD',
  'NET_RAW',
  'SETGID',
  'SETUID',
  'SETFCAP',
  'SETPCAP',
  'NET_BIND_SERVICE',
  'SYS_CHROOT',
  'KILL',
  'AUDIT_WRITE',
].map((c) => `CAP_${c}`);

/** uid, gid and home of an image USER, looked up in the root's /etc/passwd like the runtimes do. */
async function resolveUser(rootfs: string, user: string): Promise<{ uid: number; gid: number; home: string }> {
  const [name = '', group] = (user || 'root').split(':');
  const passwd = await readFile(join(rootfs, 'etc/passwd'), 'utf8').catch(() => '');
  const entry = passwd
    .split('\n')
    .map((l) => l.split(':'))
    .find((f) => f[0] === name || f[2] === name);
  const uid = /^\d+$/.test(name) ? Number(name) : Number(entry?.[2] ?? 0);
  const gid = group !== undefined && /^\d+$/.test(group) ? Number(group) : Number(entry?.[3] ?? 0);
  return { uid, gid, home: entry?.[5] || '/' };
}

export async function runOci(spec: OciRun): Promise<Observed> {
  const bundle = await mkdtemp(join(tmpdir(), `lab-${spec.runtime}-`));
  try {
    const base = structuredClone(await defaultSpec()) as {
      process: Record<string, unknown>;
      root: Record<string, unknown>;
      hostname?: string;
      linux: { resources?: Record<string, unknown> };
    };
    const args = [...spec.config.entrypoint, ...spec.config.cmd];
    base.process.terminal = false;
    base.process.args = args;
    const user = await resolveUser(spec.rootfs, spec.config.user);
    const env = spec.config.env.length > 0 ? [...spec.config.env] : ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'];
    // docker and containerd add HOME from /etc/passwd when the image does not set it.
    if (!env.some((e) => e.startsWith('HOME='))) env.push(`HOME=${user.home}`);
    base.process.env = env;
    base.process.cwd = spec.config.workdir;
    base.process.user = { uid: user.uid, gid: user.gid };
    base.process.capabilities = { bounding: DEFAULT_CAPS, effective: DEFAULT_CAPS, permitted: DEFAULT_CAPS };
    base.root = { path: spec.rootfs, readonly: false };
    base.hostname = 'lab';
    if (spec.memoryBytes !== undefined) base.linux.resources = { ...base.linux.resources, memory: { limit: spec.memoryBytes, swap: spec.memoryBytes } };
    await writeFile(join(bundle, 'config.json'), JSON.stringify(base));
    const id = `lab-${spec.runtime}-${Math.random().toString(36).slice(2, 10)}`;
    const r = await run(
      PYTHON,
      [
        '-c',
        HELPER,
        spec.runtime,
        bundle,
        id,
        spec.config.stopSignal.replace(/^SIG/, ''),
        String(spec.graceSeconds),
        String(spec.settleMs / 1000),
        spec.readyLog ?? '',
      ],
      { timeoutMs: 60_000 },
    );
    const logs = await readFile(join(bundle, 'out.log'), 'utf8').catch(() => '');
    if (r.code !== 0) throw new Error(`${spec.runtime} helper: exit ${String(r.code)}: ${r.stderr.trim().slice(-400)}`);
    const o = JSON.parse(r.stdout) as { phase: Observed['phase']; exitCode: number; pid1?: string | null; stopMs?: number };
    return {
      phase: o.phase,
      exitCode: o.phase === 'create' ? null : o.exitCode,
      oomKilled: false,
      error: o.phase === 'create' ? (logs.trim().split('\n').slice(-1)[0] ?? '') : '',
      pid1: o.pid1 ?? undefined,
      stopMs: o.stopMs,
      logs,
    };
  } finally {
    await rm(bundle, { recursive: true, force: true });
  }
}

/**
 * The hugetlb controller on this kind of machine (cgroup v1, with only hugetlb on cgroup v2)
 * needs a cgroup v1 hierarchy mounted for the run, for two reasons:
 *  - crun refuses hybrid cgroups ("cgroups in hybrid mode not supported") while a controller
 *    is only on cgroup v2;
 *  - once such a hierarchy has existed, the kernel keeps it (`N:hugetlb:/` in
 *    /proc/self/cgroup) after it is unmounted, and containerd's runc shim then cannot load a
 *    container's cgroups ("loading cgroup for PID: cgroups: cannot find cgroup mount
 *    destination" in containerd's log): it watches no memory cgroup, sends no OOM event, and
 *    docker's State.OOMKilled and containerd's CRI reason OOMKilled are never set.
 * Mounting it (again) at /sys/fs/cgroup/hugetlb covers both. Returns how to undo it.
 */
export async function prepareHugetlbCgroup(): Promise<{ undo: () => Promise<void>; note: string }> {
  const nothing = { undo: async (): Promise<void> => {}, note: '' };
  const dir = '/sys/fs/cgroup/hugetlb';
  const mounts = await readFile('/proc/mounts', 'utf8');
  if (mounts.split('\n').some((l) => l.split(' ')[2] === 'cgroup' && (l.split(' ')[3] ?? '').split(',').includes('hugetlb'))) return nothing;
  const onV2 = (await readFile('/sys/fs/cgroup/unified/cgroup.controllers', 'utf8').catch(() => '')).split(/\s+/).includes('hugetlb');
  const v1Unmounted = (await readFile('/proc/self/cgroup', 'utf8')).split('\n').some((l) => /^[1-9]\d*:hugetlb:/.test(l));
  if (!onV2 && !v1Unmounted) return nothing;
  const created = !existsSync(dir);
  await mkdir(dir, { recursive: true });
  await must('mount', ['-t', 'cgroup', '-o', 'hugetlb', 'cgroup', dir]);
  return {
    note: `mounted a cgroup v1 hugetlb hierarchy at ${dir} (${onV2 ? 'for crun' : "for the shims' OOM events"})`,
    undo: async () => {
      await run('umount', [dir]);
      if (created) await run('rmdir', [dir]);
    },
  };
}

/** An overlay of an image's layers (read-only lowers, a scratch upper) to use as a bundle root. */
export async function mountLayers(layers: readonly string[]): Promise<{ rootfs: string; unmount: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'lab-rootfs-'));
  const [upper, work, merged] = ['upper', 'work', 'merged'].map((d) => join(dir, d)) as [string, string, string];
  await Promise.all([upper, work, merged].map((d) => mkdir(d)));
  await must('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${layers.join(':')},upperdir=${upper},workdir=${work}`, merged]);
  return {
    rootfs: merged,
    unmount: async () => {
      await run('umount', [merged]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
