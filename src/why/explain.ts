import { exitCodeMeaning, reasonMeaning, signalOf, sourceText, SRC, type Check, type PublicSource } from '../knowledge/exit-codes.js';
import type { ContainerState, ObservedContainer, ObservedPod, TerminatedState } from './pod-status.js';

/** One state of one container that shows an outcome: a terminated run or a waiting reason. */
export interface Observation {
  readonly container: ObservedContainer;
  /** `state` (now) or `lastState` (the run before the current one). */
  readonly field: 'state' | 'lastState';
  readonly terminated: TerminatedState | undefined;
  readonly waiting: { readonly reason: string; readonly message: string | undefined } | undefined;
}

/** What the timestamps say about a terminated state. */
export type TimingVerdict = 'grace-end' | 'during-grace' | 'before-deletion' | 'after-grace' | 'not-deleted';

export interface Timing {
  readonly verdict: TimingVerdict;
  readonly text: string;
}

export interface Meaning {
  readonly text: string;
  readonly sources: readonly string[];
}

export interface Explanation {
  readonly meanings: readonly Meaning[];
  readonly timing: Timing | undefined;
  readonly notes: readonly Meaning[];
  readonly checks: readonly Check[];
}

/** Waiting reasons of a container that is on its way to run: nothing to explain. */
const ROUTINE_WAITING = new Set(['ContainerCreating', 'PodInitializing']);

/** The states of a pod's containers that show an outcome, current state first. */
export function observationsOf(pod: ObservedPod): Observation[] {
  const out: Observation[] = [];
  const add = (container: ObservedContainer, field: 'state' | 'lastState', state: ContainerState): void => {
    if (state.terminated) out.push({ container, field, terminated: state.terminated, waiting: undefined });
    else if (state.waiting?.reason && !ROUTINE_WAITING.has(state.waiting.reason))
      out.push({ container, field, terminated: undefined, waiting: { reason: state.waiting.reason, message: state.waiting.message } });
  };
  for (const c of pod.containers) {
    add(c, 'state', c.state);
    if (c.lastState.terminated) add(c, 'lastState', c.lastState);
  }
  return out;
}

/** Timestamps are whole seconds (RFC 3339 in the API): within this many seconds counts as "at". */
const SLACK_SECONDS = 2;

function seconds(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${s} s`;
}

const iso = (d: Date): string => d.toISOString().replace('.000Z', 'Z');

/** The grace period the kubelet gave: the deletion's own, else the spec's, else the default 30 s. */
export function gracePeriodOf(pod: ObservedPod): { seconds: number; from: string } {
  if (pod.deletionGracePeriodSeconds !== undefined) return { seconds: pod.deletionGracePeriodSeconds, from: 'metadata.deletionGracePeriodSeconds' };
  const spec = pod.spec.terminationGracePeriodSeconds;
  if (typeof spec === 'number') return { seconds: spec, from: 'spec.terminationGracePeriodSeconds' };
  return { seconds: 30, from: 'the default terminationGracePeriodSeconds' };
}

/**
 * When a pod is deleted the API server sets `deletionTimestamp` to now + the grace period:
 * it is the moment the kubelet sends SIGKILL to what still runs (pod-lifecycle docs, kubelet
 * killContainer). A container that finished then did not exit on its stop signal.
 */
export function timingOf(pod: ObservedPod, t: TerminatedState): Timing | undefined {
  const finished = t.finishedAt;
  if (!finished) return undefined;
  const deletion = pod.deletionTimestamp;
  if (!deletion)
    return {
      verdict: 'not-deleted',
      text: `the pod is not being deleted (no metadata.deletionTimestamp): the container ended by itself, by an OOM kill, or was restarted by the kubelet (a failed liveness probe)`,
    };
  const grace = gracePeriodOf(pod);
  const stopStart = new Date(deletion.getTime() - grace.seconds * 1000);
  const fromEnd = finished.getTime() - deletion.getTime();
  const sinceStop = finished.getTime() - stopStart.getTime();
  const frame = `the pod was deleted at ${iso(stopStart)} with a grace period of ${grace.seconds} s (${grace.from}), which ended at ${iso(deletion)} (metadata.deletionTimestamp)`;
  if (Math.abs(fromEnd) <= SLACK_SECONDS * 1000)
    return { verdict: 'grace-end', text: `${frame}; the container finished at ${iso(finished)}, when the grace period ran out: the kubelet's SIGKILL` };
  if (sinceStop >= -SLACK_SECONDS * 1000 && fromEnd < 0)
    return {
      verdict: 'during-grace',
      text: `${frame}; the container finished at ${iso(finished)}, ${seconds(sinceStop)} into it, before the SIGKILL: it ended after the stop signal, by itself`,
    };
  if (fromEnd > 0)
    return { verdict: 'after-grace', text: `${frame}; the container finished at ${iso(finished)}, ${seconds(fromEnd)} after the grace period ended` };
  return { verdict: 'before-deletion', text: `${frame}; the container finished at ${iso(finished)}, before the deletion: the stop did not end it` };
}

const cite = (...sources: PublicSource[]): string[] => sources.map((s) => sourceText(s));

/** What runc's error text in a StartError message says (the runtime's own words; no parser exists for them). */
function startErrorCause(message: string | undefined): string | undefined {
  if (!message) return undefined;
  const m = message.toLowerCase();
  if (m.includes('executable file not found')) return 'the program is not on the image PATH (runc exec.LookPath: "executable file not found")';
  if (m.includes('permission denied')) return 'the program exists but is not executable ("permission denied")';
  if (m.includes('no such file or directory')) return 'a path the container starts with does not exist in the image ("no such file or directory")';
  if (m.includes('exec format error')) return 'the file is not a program the kernel can run ("exec format error")';
  return undefined;
}

function isRestartAlways(pod: ObservedPod): boolean {
  const policy = pod.spec.restartPolicy;
  if (policy === 'Always') return true;
  if (policy !== undefined) return false;
  return pod.ownerReferences.some((o) => ['ReplicaSet', 'StatefulSet', 'DaemonSet', 'ReplicationController'].includes(o.kind));
}

export function explain(pod: ObservedPod, o: Observation): Explanation {
  const meanings: Meaning[] = [];
  const notes: Meaning[] = [];
  const checks: Check[] = [];
  let timing: Timing | undefined;
  const t = o.terminated;
  if (t) {
    const code = exitCodeMeaning(t.exitCode);
    const signal = signalOf(t.exitCode);
    const head = signal ? `exit code ${t.exitCode} = 128 + ${signal.number}` : `exit code ${t.exitCode}`;
    meanings.push({ text: `${head}: ${code.meaning}`, sources: cite(...code.sources) });
    const reason = t.reason ? reasonMeaning(t.reason) : undefined;
    if (reason) meanings.push({ text: `reason ${reason.reason}: ${reason.meaning}`, sources: cite(...reason.sources) });
    timing = timingOf(pod, t);
    if (t.reason === 'OOMKilled' && t.exitCode !== 137)
      notes.push({
        text: `OOMKilled with exit code ${t.exitCode}: a child process was the OOM victim; PID 1 survived it and exited ${t.exitCode} itself`,
        sources: cite(SRC.containerdOom),
      });
    if (t.exitCode === 137 && t.reason === 'Error' && timing?.verdict === 'grace-end')
      notes.push({
        text: 'a SIGKILL at the end of the grace period, not an OOM kill (that one has the reason OOMKilled)',
        sources: cite(SRC.kubeletContainer, SRC.containerdReasons),
      });
    if (timing?.verdict === 'during-grace' && (t.exitCode === 0 || t.exitCode === 143))
      notes.push({
        text: `it exited on its stop signal within the grace period (${t.exitCode === 0 ? 'a handler that exits 0' : 'the default action of SIGTERM'}): the expected end of a deletion`,
        sources: cite(SRC.podLifecycle),
      });
    if (t.exitCode === 137 && t.reason === 'Error' && timing?.verdict === 'not-deleted')
      notes.push({
        text: 'a SIGKILL while the pod was not being deleted: a kubelet restart after a failed liveness probe ends the same way when the process ignores SIGTERM',
        sources: cite(SRC.kubeletContainer),
      });
    if (t.exitCode === 0 && isRestartAlways(pod) && (o.container.restartCount > 0 || o.field === 'lastState'))
      notes.push({
        text: `exit 0 with restartPolicy Always and ${o.container.restartCount} restart${o.container.restartCount === 1 ? '' : 's'}: the command ends (or daemonizes, forking into the background) instead of running in the foreground, so the kubelet restarts it and backs off`,
        sources: cite(SRC.podLifecycle, SRC.containerdStatus),
      });
    if (t.reason === 'StartError') {
      const cause = startErrorCause(t.message);
      if (cause) notes.push({ text: `the runtime's message says ${cause}`, sources: cite(SRC.runcLookPath) });
    }
    if (t.signal !== undefined && t.signal > 0) {
      const name = signalOf(128 + t.signal)?.name;
      notes.push({ text: `the status records signal ${t.signal}${name ? ` (${name})` : ''}`, sources: cite(SRC.signal7) });
    }
    const started = t.startedAt;
    if (started && t.finishedAt) {
      const ran = t.finishedAt.getTime() - started.getTime();
      if (ran >= 0 && ran < 1000 && t.exitCode !== 0)
        notes.push({ text: 'it ended within a second of starting: a start-up failure, not a crash under load', sources: [] });
    }
    checks.push(...code.checks, ...(reason?.checks ?? []));
  }
  if (o.waiting) {
    const reason = reasonMeaning(o.waiting.reason);
    meanings.push({
      text: `waiting reason ${o.waiting.reason}: ${reason?.meaning ?? 'reported by the kubelet; no entry in the knowledge base'}`,
      sources: cite(...(reason?.sources ?? [])),
    });
    checks.push(...(reason?.checks ?? []));
  }
  if (pod.reason) {
    const reason = reasonMeaning(pod.reason);
    if (reason)
      notes.push({
        text: `the pod's status.reason is ${pod.reason}: ${reason.meaning}${pod.message ? ` ("${pod.message}")` : ''}`,
        sources: cite(...reason.sources),
      });
  }
  const seen = new Set<string>();
  // The knowledge names the usual place, the run before a restart; a run that ended for good is in `state`.
  const here = (c: Check): Check => (o.field === 'state' && o.terminated ? { ...c, field: c.field.replace(/lastState\.terminated/g, 'state.terminated') } : c);
  const uniqueChecks = checks.filter((c) => !seen.has(c.step) && (seen.add(c.step), true)).map(here);
  return { meanings, timing, notes, checks: uniqueChecks };
}
