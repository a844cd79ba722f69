/**
 * Pod documents shaped as `kubectl get pod NAME -o json` returns them (k8s.io/api core/v1:
 * ObjectMeta, PodSpec, PodStatus, ContainerStatus with ContainerState{Terminated,Waiting,Running}).
 */

export type Runtime = 'containerd' | 'cri-o' | 'docker';

const ID = 'a1f0c6e4b58d2e7c9f3b1a0d6e5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c';

export interface StateDoc {
  readonly terminated?: Record<string, unknown>;
  readonly waiting?: Record<string, unknown>;
  readonly running?: Record<string, unknown>;
}

export function terminated(
  exitCode: number,
  reason: string,
  startedAt: string,
  finishedAt: string,
  extra: { message?: string; runtime?: Runtime; signal?: number } = {},
): StateDoc {
  return {
    terminated: {
      exitCode,
      ...(extra.signal !== undefined ? { signal: extra.signal } : {}),
      reason,
      ...(extra.message !== undefined ? { message: extra.message } : {}),
      startedAt,
      finishedAt,
      containerID: `${extra.runtime ?? 'containerd'}://${ID}`,
    },
  };
}

export function waiting(reason: string, message?: string): StateDoc {
  return { waiting: { reason, ...(message !== undefined ? { message } : {}) } };
}

export function running(startedAt: string): StateDoc {
  return { running: { startedAt } };
}

export interface ContainerDoc {
  readonly name: string;
  readonly image: string;
  readonly command?: string[];
  readonly args?: string[];
  readonly state: StateDoc;
  readonly lastState?: StateDoc;
  readonly restartCount?: number;
  /** `undefined`: the container was never created (no containerID, as for a create error). */
  readonly runtime?: Runtime | undefined;
  readonly init?: boolean;
}

export interface PodDoc {
  readonly name: string;
  readonly namespace: string;
  /** `ReplicaSet/api-7c9d8f6b5`, `StatefulSet/api`, `Job/reports-29400180`. */
  readonly owner?: string;
  readonly labels?: Record<string, string>;
  readonly deletion?: { readonly at: string; readonly grace: number };
  readonly restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  readonly phase?: string;
  readonly reason?: string;
  readonly message?: string;
  readonly containers: readonly ContainerDoc[];
}

function containerStatus(c: ContainerDoc): Record<string, unknown> {
  const created = c.runtime !== undefined || c.state.terminated !== undefined || c.state.running !== undefined || c.lastState?.terminated !== undefined;
  const runtime = c.runtime ?? 'containerd';
  return {
    name: c.name,
    state: c.state,
    lastState: c.lastState ?? {},
    ready: c.state.running !== undefined,
    restartCount: c.restartCount ?? 0,
    image: c.image,
    imageID: created ? `${c.image.split(':')[0] ?? c.image}@sha256:3b1f0c9e8d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c` : '',
    ...(created ? { containerID: `${runtime}://${ID}` } : {}),
    started: c.state.running !== undefined,
  };
}

export function podDoc(p: PodDoc): Record<string, unknown> {
  const [ownerKind, ownerName] = (p.owner ?? '').split('/');
  const apiVersion = ownerKind === 'Job' ? 'batch/v1' : 'apps/v1';
  const spec = (c: ContainerDoc): Record<string, unknown> => ({
    name: c.name,
    image: c.image,
    ...(c.command ? { command: c.command } : {}),
    ...(c.args ? { args: c.args } : {}),
    resources: {},
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: 'IfNotPresent',
  });
  const inits = p.containers.filter((c) => c.init);
  const mains = p.containers.filter((c) => !c.init);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: p.name,
      namespace: p.namespace,
      uid: '6f1d3c2a-9b8e-4d7c-a6f5-e4d3c2b1a0f9',
      resourceVersion: '48213377',
      creationTimestamp: '2026-11-30T09:14:58Z',
      labels: p.labels ?? {},
      ...(p.owner
        ? {
            ownerReferences: [
              { apiVersion, kind: ownerKind, name: ownerName, uid: '0b1e0e7e-4f7c-4f5e-9a58-4d1c2b7f9a10', controller: true, blockOwnerDeletion: true },
            ],
          }
        : {}),
      ...(p.deletion ? { deletionTimestamp: p.deletion.at, deletionGracePeriodSeconds: p.deletion.grace } : {}),
    },
    spec: {
      ...(inits.length > 0 ? { initContainers: inits.map(spec) } : {}),
      containers: mains.map(spec),
      restartPolicy: p.restartPolicy ?? 'Always',
      terminationGracePeriodSeconds: p.deletion?.grace ?? 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      nodeName: 'node-7',
      schedulerName: 'default-scheduler',
    },
    status: {
      phase: p.phase ?? 'Running',
      ...(p.reason ? { reason: p.reason } : {}),
      ...(p.message ? { message: p.message } : {}),
      conditions: [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-11-30T09:14:58Z' }],
      hostIP: '10.0.3.17',
      podIP: '10.244.2.31',
      startTime: '2026-11-30T09:14:58Z',
      ...(inits.length > 0 ? { initContainerStatuses: inits.map(containerStatus) } : {}),
      containerStatuses: mains.map(containerStatus),
      qosClass: 'Burstable',
    },
  };
}

export function listDoc(pods: readonly Record<string, unknown>[]): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: pods };
}
