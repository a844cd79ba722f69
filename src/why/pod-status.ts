import { parseAllDocuments } from 'yaml';
import type { RuntimeName } from '../knowledge/types.js';
import { isRecord } from '../model/common/values.js';

/**
 * Pod status as the API returns it (`kubectl get pod NAME -o json`), read into the few
 * fields `why` uses. Field names are those of k8s.io/api core/v1: `ContainerStatus`
 * (name, state, lastState, restartCount, image, containerID), `ContainerStateTerminated`
 * (exitCode, signal, reason, message, startedAt, finishedAt), `ContainerStateWaiting`
 * (reason, message), `ObjectMeta` (deletionTimestamp, deletionGracePeriodSeconds,
 * ownerReferences, labels).
 */

export interface TerminatedState {
  readonly exitCode: number;
  readonly signal: number | undefined;
  readonly reason: string | undefined;
  readonly message: string | undefined;
  readonly startedAt: Date | undefined;
  readonly finishedAt: Date | undefined;
}

export interface WaitingState {
  readonly reason: string | undefined;
  readonly message: string | undefined;
}

/** One of `state`/`lastState`: at most one of its members is set. */
export interface ContainerState {
  readonly terminated?: TerminatedState;
  readonly waiting?: WaitingState;
  readonly running?: { readonly startedAt: Date | undefined };
}

export interface OwnerReference {
  readonly kind: string;
  readonly name: string;
  readonly controller: boolean;
}

export interface ObservedContainer {
  readonly name: string;
  readonly role: 'init' | 'container' | 'ephemeral';
  readonly image: string | undefined;
  readonly restartCount: number;
  readonly state: ContainerState;
  readonly lastState: ContainerState;
  /** From `containerID` (`containerd://…`, `cri-o://…`, `docker://…`). */
  readonly runtime: RuntimeName | undefined;
  /** The container's spec in the pod (`spec.containers[]` of the same name), when present. */
  readonly spec: Readonly<Record<string, unknown>> | undefined;
}

export interface ObservedPod {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly ownerReferences: readonly OwnerReference[];
  readonly deletionTimestamp: Date | undefined;
  readonly deletionGracePeriodSeconds: number | undefined;
  readonly phase: string | undefined;
  /** `status.reason` (Evicted, DeadlineExceeded, …) and `status.message`. */
  readonly reason: string | undefined;
  readonly message: string | undefined;
  readonly qosClass: string | undefined;
  readonly spec: Readonly<Record<string, unknown>>;
  readonly containers: readonly ObservedContainer[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);

function time(v: unknown): Date | undefined {
  if (typeof v !== 'string' && !(v instanceof Date)) return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function runtimeOf(containerID: unknown): RuntimeName | undefined {
  const id = str(containerID);
  if (id?.startsWith('containerd://')) return 'containerd';
  if (id?.startsWith('cri-o://')) return 'cri-o';
  if (id?.startsWith('docker://')) return 'docker';
  return undefined;
}

function stateOf(value: unknown): ContainerState {
  if (!isRecord(value)) return {};
  const t = value.terminated;
  if (isRecord(t)) {
    const exitCode = int(t.exitCode);
    if (exitCode !== undefined)
      return {
        terminated: {
          exitCode,
          signal: int(t.signal),
          reason: str(t.reason),
          message: str(t.message),
          startedAt: time(t.startedAt),
          finishedAt: time(t.finishedAt),
        },
      };
  }
  const w = value.waiting;
  if (isRecord(w)) return { waiting: { reason: str(w.reason), message: str(w.message) } };
  const r = value.running;
  if (isRecord(r)) return { running: { startedAt: time(r.startedAt) } };
  return {};
}

function podOf(value: Record<string, unknown>): ObservedPod {
  const metadata = isRecord(value.metadata) ? value.metadata : {};
  const status = isRecord(value.status) ? value.status : {};
  const spec = isRecord(value.spec) ? value.spec : {};
  const labels: Record<string, string> = {};
  if (isRecord(metadata.labels)) for (const [k, v] of Object.entries(metadata.labels)) if (typeof v === 'string') labels[k] = v;
  const owners = Array.isArray(metadata.ownerReferences) ? metadata.ownerReferences.filter(isRecord) : [];
  const specs = (key: string): Record<string, unknown>[] => (Array.isArray(spec[key]) ? (spec[key] as unknown[]).filter(isRecord) : []);
  const containersOf = (key: string, role: ObservedContainer['role'], specKey: string): ObservedContainer[] => {
    const list = Array.isArray(status[key]) ? (status[key] as unknown[]).filter(isRecord) : [];
    return list.map((c, i) => {
      const name = str(c.name) ?? `#${i}`;
      return {
        name,
        role,
        image: str(c.image),
        restartCount: int(c.restartCount) ?? 0,
        state: stateOf(c.state),
        lastState: stateOf(c.lastState),
        runtime: runtimeOf(c.containerID),
        spec: specs(specKey).find((s) => s.name === name),
      };
    });
  };
  return {
    name: str(metadata.name) ?? str(metadata.generateName) ?? '(unnamed)',
    namespace: str(metadata.namespace) ?? 'default',
    labels,
    ownerReferences: owners.map((o) => ({ kind: str(o.kind) ?? '', name: str(o.name) ?? '', controller: o.controller === true })),
    deletionTimestamp: time(metadata.deletionTimestamp),
    deletionGracePeriodSeconds: int(metadata.deletionGracePeriodSeconds),
    phase: str(status.phase),
    reason: str(status.reason),
    message: str(status.message),
    qosClass: str(status.qosClass),
    spec,
    containers: [
      ...containersOf('initContainerStatuses', 'init', 'initContainers'),
      ...containersOf('containerStatuses', 'container', 'containers'),
      ...containersOf('ephemeralContainerStatuses', 'ephemeral', 'ephemeralContainers'),
    ],
  };
}

/** The pods read from the input, or the one line that says why there are none. */
export type PodsRead = { readonly ok: true; readonly pods: ObservedPod[] } | { readonly ok: false; readonly message: string };

/** The documents of the input: JSON for kubectl's `-o json` (exact, and not limited by the YAML composer's recursion), YAML otherwise. */
function documentsOf(text: string): unknown[] | string {
  let jsonError: string | undefined;
  if (/^\s*[{[]/.test(text)) {
    try {
      return [JSON.parse(text) as unknown];
    } catch (error) {
      jsonError = error instanceof Error ? error.message : String(error);
    }
  }
  try {
    const docs = parseAllDocuments(text, { uniqueKeys: false });
    const list = Array.isArray(docs) ? docs : [];
    const broken = list.find((d) => d.errors.length > 0);
    if (broken) return jsonError ?? broken.errors[0]?.message.split('\n')[0] ?? 'syntax error';
    return list.map((d) => d.toJS({ maxAliasCount: 100 }) as unknown).filter((v) => v !== null && v !== undefined);
  } catch (error) {
    // yaml throws for alias bombs (maxAliasCount) and for nesting deeper than its recursion allows.
    return jsonError ?? (error instanceof Error ? error.message : String(error));
  }
}

/**
 * Reads pods from `kubectl get … -o json` or `-o yaml` output: a Pod, a `List` (or `PodList`)
 * of Pods, or several YAML documents. Anything else is a message naming what was found.
 */
export function parsePods(text: string, name: string): PodsRead {
  if (text.trim() === '') return { ok: false, message: `${name}: empty input, expected the output of kubectl get pod NAME -o json` };
  const values = documentsOf(text);
  if (typeof values === 'string') return { ok: false, message: `${name}: not JSON or YAML (${values.replace(/:\s*$/, '')})` };
  const pods: ObservedPod[] = [];
  // Lists are walked with a stack of their own: a List nested a hundred thousand times must not overflow the call stack.
  const todo: [unknown, string][] = values.map((v, i) => [v, values.length > 1 ? `document ${i + 1}` : 'the document'] as [unknown, string]).reverse();
  for (let next = todo.pop(); next !== undefined; next = todo.pop()) {
    const [value, where] = next;
    if (!isRecord(value)) return { ok: false, message: `${name}: ${where} is not a Kubernetes object, expected a Pod or a List of Pods` };
    const kind = value.kind;
    if ((kind === 'List' || kind === 'PodList') && Array.isArray(value.items)) {
      for (let i = value.items.length - 1; i >= 0; i--) todo.push([value.items[i], `${where} items[${i}]`]);
      continue;
    }
    if (kind !== 'Pod')
      return {
        ok: false,
        message: `${name}: ${where} is ${typeof kind === 'string' ? `a ${kind}` : 'an object without kind'}, expected a Pod or a List of Pods`,
      };
    pods.push(podOf(value));
  }
  if (pods.length === 0) return { ok: false, message: `${name}: no Pod in the input` };
  return { ok: true, pods };
}
