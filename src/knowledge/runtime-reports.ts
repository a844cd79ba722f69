/**
 * How real runtimes report an outcome the PID-namespace lab cannot see (OOM), and the runc
 * version that changes an exit code. Measured by the runtime oracle (`npm run lab:oracle`,
 * lab/oracle/cases.ts); each record names its oracle case.
 */

/** What the runtime reports when a memory-limited container is OOM-killed. */
export interface OomReportFacts {
  /** PID 1 itself is the OOM victim. */
  readonly pid1Killed: { readonly reason: 'OOMKilled'; readonly exitCode: number };
  /**
   * A child is the victim. On cgroup v2 nodes the kubelet (1.28 and later) sets
   * `memory.oom.group`, so the kernel kills the whole container, PID 1 with it: 137. Where a
   * lone process is killed (cgroup v1, or the kubelet's `singleProcessOOMKill: true`) and PID 1
   * survives, the reason is still OOMKilled and the exit code is PID 1's own.
   */
  readonly childKilled: {
    readonly reason: 'OOMKilled';
    readonly groupKill: { readonly exitCode: number; readonly source: string };
    readonly singleProcess: { readonly exitCode: 'pid1-status'; readonly source: string };
  };
  readonly source: string;
}

export const OOM_REPORT: OomReportFacts = {
  pid1Killed: { reason: 'OOMKilled', exitCode: 137 },
  childKilled: {
    reason: 'OOMKilled',
    groupKill: {
      exitCode: 137,
      source:
        'kubernetes/kubernetes#117793 (v1.28: the kubelet sets memory.oom.group on container cgroups under cgroup v2, so every process of the container is killed together); Linux Documentation/admin-guide/cgroup-v2.rst, memory.oom.group',
    },
    singleProcess: {
      exitCode: 'pid1-status',
      source:
        'kubernetes/kubernetes#126096 (kubelet singleProcessOOMKill: only the victim is killed, as under cgroup v1); lab/oracle case "oom-child" (cgroup v1: OOMKilled with exit 0 under docker and containerd 1.6\'s CRI)',
    },
  },
  source:
    'moby daemon/monitor.go (State.OOMKilled set from the cgroup OOM event, exit code kept), containerd internal/cri/server/events.go (reason OOMKilled when the task had an OOM event); lab/oracle cases "oom-pid1" and "oom-child" (exit code and reason under docker and containerd 1.6\'s CRI, exit code under runc and crun)',
};

/**
 * Exit code of a container whose program runc cannot execve after start (missing interpreter,
 * CRLF shebang, no shebang, foreign binary): the error is printed by runc's init, which exits.
 */
export const RUNC_EXEC_FAILURE_EXIT: readonly { readonly fromVersion: string; readonly exitCode: number }[] = [
  { fromVersion: '0.0.0', exitCode: 1 }, // os.Exit(1) in runc v1.1.x
  { fromVersion: '1.2.0', exitCode: 255 }, // os.Exit(255) since runc v1.2.0
];
export const RUNC_EXEC_FAILURE_SOURCE =
  'runc libcontainer/init_linux.go (os.Exit(255) since v1.2.0, os.Exit(1) before); lab/oracle cases "interpreter-missing/*" (runc 1.1.5)';

/** The exit code RUNC_EXEC_FAILURE_EXIT gives for a runc version such as `1.1.5`. */
export function runcExecFailureExit(version: string): number {
  const newer = (a: string, b: string): boolean => {
    const pa = a.split('.').map((n) => Number.parseInt(n, 10) || 0);
    const pb = b.split('.').map((n) => Number.parseInt(n, 10) || 0);
    for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) > (pb[i] ?? 0);
    return true;
  };
  let code = RUNC_EXEC_FAILURE_EXIT[0]?.exitCode ?? 255;
  for (const row of RUNC_EXEC_FAILURE_EXIT) if (newer(version, row.fromVersion)) code = row.exitCode;
  return code;
}
