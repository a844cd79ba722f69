/**
 * What the oracle expects and what it saw, and the verdict. Pure: the oracle's own test
 * feeds it wrong expectations.
 */

/**
 * Runtimes the oracle drives. `docker` is dockerd 20.10 with its containerd and runc;
 * `containerd` is containerd 1.6's CRI plugin (with runc) driven over its gRPC socket, as the kubelet does.
 */
export type RuntimeId = 'docker' | 'containerd' | 'runc' | 'crun';

/** Runtimes that report a Kubernetes reason: docker's derived by containerd's rules, containerd's CRI one as reported. */
export const reportsReason = (runtime: RuntimeId): boolean => runtime === 'docker' || runtime === 'containerd';

/**
 * When the container ended: `create` the runtime refused to create it (nothing ran),
 * `exited` it ended by itself before the stop signal, `stop` it was running and was stopped.
 */
export type ObservedPhase = 'create' | 'exited' | 'stop';

export interface Observed {
  readonly phase: ObservedPhase;
  /** `docker run`'s status for a create failure, else the container's exit code (128+signal when killed). */
  readonly exitCode: number | null;
  /** docker State.ExitCode (differs from `docker run`'s status for create failures). */
  readonly stateExitCode?: number | null;
  readonly oomKilled: boolean;
  /** The reason containerd's CRI reported in ContainerStatus (containerd only). */
  readonly reason?: string;
  /** docker State.Error or the runtime's error text. */
  readonly error: string;
  /** /proc/<pid>/comm of PID 1 when the stop signal was sent. */
  readonly pid1?: string | undefined;
  /** From the stop signal to the end. */
  readonly stopMs?: number | undefined;
  readonly logs: string;
}

export interface Expected {
  readonly phase: ObservedPhase;
  /** One code, or any of several (a well-behaved app stops with 0 or 143); undefined: not compared. */
  readonly exitCode?: number | readonly number[];
  /** Kubernetes reason: containerd's CRI reason, and for docker derived from what it reports (see kubernetesReason). */
  readonly reason?: string;
  readonly pid1?: string;
  readonly logIncludes?: string;
  readonly logExcludes?: string;
  /** Where this expectation comes from: a finding of lint-k8s or a knowledge record. */
  readonly from: string;
}

/**
 * The reason the kubelet would show for what docker saw, by containerd's rules
 * (internal/cri/server/helpers.go and events.go): a create-time failure is StartError,
 * an OOM event is OOMKilled whatever the exit code, exit 0 is Completed, else Error.
 */
export function kubernetesReason(o: Observed): string {
  if (o.reason !== undefined) return o.reason;
  if (o.phase === 'create') return 'StartError';
  if (o.oomKilled) return 'OOMKilled';
  return o.exitCode === 0 ? 'Completed' : 'Error';
}

export interface Verdict {
  readonly ok: boolean;
  /** What differs, one phrase each. */
  readonly differences: readonly string[];
}

export function compare(expected: Expected, observed: Observed, runtime: RuntimeId): Verdict {
  const differences: string[] = [];
  if (expected.phase !== observed.phase) differences.push(`phase ${expected.phase} ≠ ${observed.phase}`);
  if (expected.exitCode !== undefined) {
    const codes = typeof expected.exitCode === 'number' ? [expected.exitCode] : expected.exitCode;
    if (observed.exitCode === null || !codes.includes(observed.exitCode)) differences.push(`exit ${codes.join('/')} ≠ ${String(observed.exitCode)}`);
  }
  if (expected.reason !== undefined && reportsReason(runtime)) {
    const reason = kubernetesReason(observed);
    if (reason !== expected.reason) differences.push(`reason ${expected.reason} ≠ ${reason}`);
  }
  if (expected.pid1 !== undefined && expected.pid1 !== observed.pid1) differences.push(`PID 1 ${expected.pid1} ≠ ${observed.pid1 ?? '(none)'}`);
  if (expected.logIncludes !== undefined && !observed.logs.includes(expected.logIncludes)) differences.push(`log lacks "${expected.logIncludes}"`);
  if (expected.logExcludes !== undefined && observed.logs.includes(expected.logExcludes)) differences.push(`log has "${expected.logExcludes}"`);
  return { ok: differences.length === 0, differences };
}

export function describeExpected(e: Expected, runtime: RuntimeId): string {
  const parts: string[] = [e.phase];
  if (e.exitCode !== undefined) parts.push(`exit ${typeof e.exitCode === 'number' ? e.exitCode : e.exitCode.join('/')}`);
  if (e.reason !== undefined && reportsReason(runtime)) parts.push(e.reason);
  if (e.pid1 !== undefined) parts.push(`PID 1 ${e.pid1}`);
  if (e.logExcludes !== undefined) parts.push(`no "${e.logExcludes}"`);
  if (e.logIncludes !== undefined) parts.push(`"${e.logIncludes}"`);
  return parts.join(', ');
}

export function describeObserved(o: Observed, runtime: RuntimeId): string {
  const parts: string[] = [o.phase, `exit ${String(o.exitCode)}`];
  if (reportsReason(runtime)) parts.push(kubernetesReason(o) || '(no reason)');
  if (o.oomKilled && runtime === 'docker') parts.push('OOMKilled=true');
  if (o.pid1 !== undefined) parts.push(`PID 1 ${o.pid1}`);
  if (o.stopMs !== undefined) parts.push(`stopped in ${(o.stopMs / 1000).toFixed(1)} s`);
  return parts.join(', ');
}
