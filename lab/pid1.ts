/**
 * Runs a program as PID 1 of a new PID namespace and stops it the way a container
 * runtime does: stop signal from the parent namespace, SIGKILL after the grace period,
 * status read from the wait status of the namespace's PID 1 itself.
 *
 * Why a helper and not `unshare --pid --fork` (util-linux): unshare forks, waits for the
 * namespace's PID 1 and then imitates its death — exit code copied, a fatal signal
 * re-raised on itself. For SIGKILL that imitation fails (`signal(SIGKILL, SIG_DFL)` is
 * EINVAL), so unshare prints "sigprocmask unblock failed" and exits 1 where a runtime
 * sees 137 (measured with util-linux 2.38.1). The helper below does the same
 * unshare(CLONE_NEWPID) + fork, but hands us the raw wait status instead of imitating it.
 * It is Python (ctypes) because python3 is on every Debian machine and needs no compile step.
 */
import { spawn } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile, chmod } from 'node:fs/promises';
import { accessSync, constants as fsConstants, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

/**
 * The helper: unshare(CLONE_NEWPID), fork (the child is PID 1 of the new namespace),
 * reset what Python changed (ignored SIGPIPE/SIGXFSZ, handlers, mask), execve the
 * already-resolved program with no PATH search and no ENOEXEC fallback — as runc does.
 * Protocol on fd 3: `pid <host pid>`, then `exited <code>` or `signaled <signo>`.
 */
const HELPER = String.raw`
import ctypes, os, signal, sys
report = os.fdopen(3, 'w', buffering=1)
libc = ctypes.CDLL(None, use_errno=True)
CLONE_NEWPID = 0x20000000
PR_SET_PDEATHSIG = 1
if libc.unshare(CLONE_NEWPID) != 0:
    report.write('error unshare(CLONE_NEWPID): ' + os.strerror(ctypes.get_errno()) + '\n')
    sys.exit(97)
pid = os.fork()
if pid == 0:
    try:
        os.set_inheritable(3, False)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        for s in range(1, signal.NSIG):
            try:
                signal.signal(s, signal.SIG_DFL)
            except (OSError, ValueError, RuntimeError):
                pass
        signal.pthread_sigmask(signal.SIG_SETMASK, [])
        os.execv(sys.argv[1], sys.argv[2:])
    except OSError as e:
        os.write(2, ('lab-pid1: exec ' + sys.argv[1] + ': ' + e.strerror + '\n').encode())
    os._exit(255)
report.write('pid %d\n' % pid)
_, status = os.waitpid(pid, 0)
if os.WIFSIGNALED(status):
    report.write('signaled %d\n' % os.WTERMSIG(status))
else:
    report.write('exited %d\n' % os.WEXITSTATUS(status))
`;

export interface LabFile {
  readonly content: string;
  /** File mode, default 0o644. */
  readonly mode?: number;
}

export interface Pid1Options {
  /** Stop signal sent from the parent namespace (default SIGTERM). */
  readonly signal?: NodeJS.Signals;
  /** Time between the stop signal and SIGKILL, like terminationGracePeriodSeconds (default 1000 ms). */
  readonly graceMs?: number;
  /** Time to let PID 1 start (and exec whatever it execs) before looking at it (default 300 ms). */
  readonly settleMs?: number;
  /** Wait until the program's stdout contains this text (its signal handlers are installed), then settle. */
  readonly readyText?: string;
  /** Files written into a fresh working directory (relative paths) before the start. */
  readonly files?: Readonly<Record<string, LabFile>>;
  readonly env?: Readonly<Record<string, string>>;
  /** Working directory; default the fresh directory holding `files`. */
  readonly cwd?: string;
  /** `child`: signal PID 1's only child instead (the program runs under a shell that stays PID 1). */
  readonly signalTarget?: 'pid1' | 'child';
}

export interface Pid1Result {
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** As a runtime reports it: the exit code, or 128 + signal number. */
  readonly status: number;
  /** `/proc/<pid>/comm` of the namespace's PID 1 when it was signalled ('' if it had already exited). */
  readonly pid1Comm: string;
  /** PID 1 exited before the stop signal was sent. */
  readonly exitedBeforeSignal: boolean;
  /** PID 1 was still alive at the end of the grace period and got SIGKILL. */
  readonly killedAfterGrace: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

const HARD_LIMIT_MS = 20_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function signalName(signo: number): string {
  const entry = Object.entries(osConstants.signals).find(([, n]) => n === signo);
  return entry ? entry[0] : `SIG${signo}`;
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, fsConstants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Resolve a program like runc's exec.LookPath: a name with `/` is taken as is, else searched in PATH. */
export function lookPath(name: string, path = process.env.PATH ?? ''): string | undefined {
  if (name.includes('/')) return name;
  const dirs = [...path.split(delimiter), '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
  for (const dir of dirs) {
    if (dir === '' || dir.includes('/.pyenv/') || dir.includes('/.nvm/')) continue; // version-manager shims are scripts, not the program
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

export async function makeWorkDir(files: Readonly<Record<string, LabFile>> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lint-k8s-lab-'));
  for (const [name, file] of Object.entries(files)) {
    const path = join(dir, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.content);
    await chmod(path, file.mode ?? 0o644);
  }
  return dir;
}

async function readProc(pid: number, file: string): Promise<string | undefined> {
  try {
    return await readFile(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

/** Host PIDs whose parent is `pid` (scan of /proc; works without CONFIG_PROC_CHILDREN). */
async function childrenOf(pid: number): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const status = await readProc(Number(entry), 'status');
    const ppid = status ? /^PPid:\s+(\d+)/m.exec(status)?.[1] : undefined;
    if (ppid !== undefined && Number(ppid) === pid) found.push(Number(entry));
  }
  return found;
}

function tryKill(pid: number, signal: NodeJS.Signals | number): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await sleep(10);
  }
  return true;
}

/** Run `argv` as PID 1 of a new PID namespace; argv[0] is resolved like runc's LookPath. */
export async function runAsPid1(argv: readonly string[], opts: Pid1Options = {}): Promise<Pid1Result> {
  const stopSignal = opts.signal ?? 'SIGTERM';
  const graceMs = opts.graceMs ?? 1000;
  const settleMs = opts.settleMs ?? 300;
  const [program, ...rest] = argv;
  if (program === undefined) throw new Error('runAsPid1: empty argv');
  const workDir = await makeWorkDir(opts.files);
  const cwd = opts.cwd ?? workDir;
  const resolved = program.includes('/') ? program : lookPath(program, opts.env?.PATH ?? process.env.PATH);
  if (resolved === undefined) throw new Error(`runAsPid1: ${program} not found in PATH`);

  const python = lookPath('python3');
  if (python === undefined) throw new Error('runAsPid1: python3 is needed for the PID-1 helper (Debian package python3)');
  const helper = spawn(python, ['-c', HELPER, resolved, program, ...rest], {
    cwd,
    env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOME: cwd, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    detached: true, // own process group, so the finally block can end the whole tree
  });
  let stdout = '';
  let stderr = '';
  let report = '';
  if (helper.stdout === null || helper.stderr === null) throw new Error('runAsPid1: no pipes to the helper');
  helper.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  helper.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const reportStream = helper.stdio[3] as NodeJS.ReadableStream;
  reportStream.on('data', (chunk: Buffer) => (report += chunk.toString()));
  let helperDone = false;
  helper.on('close', () => (helperDone = true));
  const finished = (): RegExpExecArray | null => /^(exited|signaled) (\d+)$/m.exec(report);

  let pid1 = 0;
  try {
    const started = await until(() => /^pid \d+$/m.test(report) || /^error /m.test(report) || helperDone, 5000);
    const pidLine = /^pid (\d+)$/m.exec(report);
    if (!started || !pidLine?.[1]) {
      throw new Error(`runAsPid1: helper did not start PID 1: ${report.trim() || stderr.trim() || 'timeout'}`);
    }
    pid1 = Number(pidLine[1]);

    // Make sure we look at the namespace's PID 1 and not at a wrapper.
    const nsPid = (await readProc(pid1, 'status'))
      ?.match(/^NSpid:\s+([\d\s]+)$/m)?.[1]
      ?.trim()
      .split(/\s+/);
    if (nsPid !== undefined && !finished() && nsPid[nsPid.length - 1] !== '1') {
      throw new Error(`runAsPid1: host pid ${pid1} is pid ${nsPid.join('/')} in its namespaces, not 1`);
    }

    if (opts.readyText !== undefined) {
      const text = opts.readyText;
      if (!(await until(() => stdout.includes(text) || finished() !== null, 15_000))) {
        throw new Error(`runAsPid1: ${program} never printed "${text}" (stderr: ${stderr.trim().slice(-300)})`);
      }
    }
    await until(() => finished() !== null, settleMs);

    const exitedBeforeSignal = finished() !== null;
    let pid1Comm = '';
    let killedAfterGrace = false;
    if (!exitedBeforeSignal) {
      pid1Comm = (await readProc(pid1, 'comm'))?.trim() ?? '';
      let target = pid1;
      if (opts.signalTarget === 'child') {
        const children = await childrenOf(pid1);
        if (children.length !== 1 || children[0] === undefined) {
          throw new Error(`runAsPid1: expected one child of PID 1, found ${children.length}`);
        }
        target = children[0];
      }
      tryKill(target, stopSignal);
      if (!(await until(() => finished() !== null, graceMs))) {
        killedAfterGrace = true;
        tryKill(pid1, 'SIGKILL'); // kills the whole namespace, as the runtime does
      }
    }
    if (!(await until(() => finished() !== null && helperDone, HARD_LIMIT_MS))) {
      throw new Error(`runAsPid1: no exit status for ${argv.join(' ')}`);
    }
    const [, how, value] = finished() ?? [];
    const n = Number(value);
    const signaled = how === 'signaled';
    return {
      exitCode: signaled ? null : n,
      signal: signaled ? signalName(n) : null,
      status: signaled ? 128 + n : n,
      pid1Comm,
      exitedBeforeSignal,
      killedAfterGrace,
      stdout,
      stderr,
    };
  } finally {
    if (pid1 !== 0 && finished() === null) tryKill(pid1, 'SIGKILL');
    if (helper.pid !== undefined && !helperDone) {
      tryKill(-helper.pid, 'SIGKILL');
      await until(() => helperDone, 2000);
    }
    await rm(workDir, { recursive: true, force: true });
  }
}

/** Why the lab cannot run here, or undefined when it can (Linux, root, PID namespaces usable). */
export async function labUnavailable(): Promise<string | undefined> {
  if (process.platform !== 'linux') return `the lab needs Linux PID namespaces; this is ${process.platform}`;
  if (process.getuid?.() !== 0) return 'the lab needs root to create PID namespaces (run it as root or in CI)';
  if (lookPath('python3') === undefined) return 'python3 (Debian package python3) is needed for the PID-1 helper';
  try {
    const probe = await runAsPid1(['/bin/sh', '-c', 'exit 7'], { settleMs: 200 });
    if (probe.status !== 7) return `the PID-1 helper returned ${probe.status} for "exit 7"`;
  } catch (error) {
    return `cannot create a PID namespace here: ${(error as Error).message}`;
  }
  return undefined;
}
