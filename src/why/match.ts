import { isDeepStrictEqual } from 'node:util';
import type { Finding } from '../engine/finding.js';
import { SEVERITY_RANK } from '../engine/finding.js';
import type { Observation, Timing } from './explain.js';
import type { ObservedContainer, ObservedPod } from './pod-status.js';
import { findingKey, repositoryOf, type Repository, type RepositoryContainer, type RepositoryWorkload } from './repository.js';

/** How the pod was found in the repository. */
export interface WorkloadMatch {
  readonly workload: RepositoryWorkload;
  /** `owner`: by the pod's ownerReferences; `name`: a Pod of that name. */
  readonly by: string;
}

/** The kinds a pod's owner chain can end at, for a controller kind. */
const OWNER_KINDS: Readonly<Record<string, readonly string[]>> = {
  ReplicaSet: ['Deployment', 'Rollout', 'ReplicaSet'],
  StatefulSet: ['StatefulSet'],
  DaemonSet: ['DaemonSet'],
  ReplicationController: ['ReplicationController', 'DeploymentConfig'],
  Job: ['CronJob', 'Job'],
};

/** `api-7c9d8f6b5` → `api`: a ReplicaSet is named after its Deployment plus the pod-template hash. */
function withoutSuffix(name: string, suffix: string | undefined): string {
  if (suffix && name.endsWith(`-${suffix}`)) return name.slice(0, -suffix.length - 1);
  const dash = name.lastIndexOf('-');
  return dash > 0 ? name.slice(0, dash) : name;
}

function namespaceFits(workload: RepositoryWorkload, pod: ObservedPod): boolean {
  // A manifest without a namespace is applied to whichever one kubectl targets.
  return workload.namespace === undefined || workload.namespace === pod.namespace;
}

/** The workload of the repository that made this pod: by its owner references, else a Pod of its name. */
export function findWorkload(repo: Repository, pod: ObservedPod): WorkloadMatch | undefined {
  const candidates = repo.workloads.filter((w) => namespaceFits(w, pod));
  const find = (kinds: readonly string[], name: string): RepositoryWorkload | undefined =>
    // An exact namespace beats a manifest that leaves it open.
    [...candidates]
      .sort((a, b) => Number(b.namespace !== undefined) - Number(a.namespace !== undefined))
      .find((w) => kinds.includes(w.kind) && w.name === name);
  const owner = pod.ownerReferences.find((o) => o.controller) ?? pod.ownerReferences[0];
  if (owner) {
    const kinds = OWNER_KINDS[owner.kind] ?? [owner.kind];
    for (const kind of kinds) {
      let name = owner.name;
      if (owner.kind === 'ReplicaSet' && kind !== 'ReplicaSet')
        name = withoutSuffix(owner.name, pod.labels['pod-template-hash'] ?? pod.labels['rollouts-pod-template-hash']);
      if (owner.kind === 'Job' && kind === 'CronJob') name = withoutSuffix(owner.name, undefined);
      const found = find([kind], name);
      if (found) return { workload: found, by: `metadata.ownerReferences: ${owner.kind} ${owner.name} → ${found.kind} ${found.name}` };
    }
  }
  const pod1 = find(['Pod'], pod.name);
  return pod1 ? { workload: pod1, by: `a Pod named ${pod.name}` } : undefined;
}

/**
 * `exact`: exit code and reason; `runtime-version`: 1 where runc ≥ 1.2 gives 255; `reason`: an OOM
 * prediction for an OOMKilled with another code; `restart`: a prediction that the kubelet keeps
 * restarting the container (a liveness probe that fails), for the stop it did — the code is the
 * process's answer to that stop.
 */
export type MatchKind = 'exact' | 'reason' | 'runtime-version' | 'restart';

export interface ExplainingFinding {
  readonly finding: Finding;
  readonly match: MatchKind;
  /** Where the finding sits: the container, the pod spec, or the image's Dockerfile. */
  readonly scope: 'container' | 'pod' | 'dockerfile';
}

const within = (line: number, lines: { line: number; endLine: number } | undefined): boolean =>
  lines !== undefined && line >= lines.line && line <= lines.endLine;

/** The findings about one container: in its manifest object, in the pod spec around it, in its image's Dockerfile. */
function findingsOf(
  repo: Repository,
  workload: RepositoryWorkload | undefined,
  container: RepositoryContainer | undefined,
): Omit<ExplainingFinding, 'match'>[] {
  const out: Omit<ExplainingFinding, 'match'>[] = [];
  for (const f of repo.findings) {
    if (workload && f.file === workload.file && within(f.line, workload.lines)) {
      const inside = workload.containers.find((c) => within(f.line, c.lines));
      if (inside === undefined) out.push({ finding: f, scope: 'pod' });
      else if (inside === container) out.push({ finding: f, scope: 'container' });
    } else if (container?.dockerfile !== undefined && f.file === container.dockerfile && container.dockerfileFindings.has(findingKey(f))) {
      out.push({ finding: f, scope: 'dockerfile' });
    }
  }
  return out;
}

/**
 * A container of the repository that runs the same image the same way, for a pod whose
 * workload is not in the repository: its Dockerfile findings hold for the pod's container.
 */
function sameImage(repo: Repository, observed: ObservedContainer): RepositoryContainer | undefined {
  const repository = repositoryOf(observed.image ?? (typeof observed.spec?.image === 'string' ? observed.spec.image : undefined));
  if (repository === undefined) return undefined;
  const startsSame = (c: RepositoryContainer): boolean =>
    observed.spec !== undefined && isDeepStrictEqual(c.model.command, observed.spec.command) && isDeepStrictEqual(c.model.args, observed.spec.args);
  for (const w of repo.workloads)
    for (const c of w.containers) if (c.dockerfile !== undefined && repositoryOf(c.image) === repository && startsSame(c)) return c;
  return undefined;
}

export interface Join {
  readonly workload: WorkloadMatch | undefined;
  readonly container: RepositoryContainer | undefined;
  /** Set when the container was joined through another workload running the same image. */
  readonly viaImage: boolean;
}

export function joinContainer(repo: Repository, pod: ObservedPod, workload: WorkloadMatch | undefined, observed: ObservedContainer): Join {
  const container = workload?.workload.containers.find((c) => c.name === observed.name);
  if (container) return { workload, container, viaImage: false };
  const other = sameImage(repo, observed);
  return { workload, container: other, viaImage: other !== undefined };
}

/** The findings whose predicted outcome is the one observed, best first. */
export function explainingFindings(repo: Repository, join: Join, o: Observation, timing: Timing | undefined, previousTiming?: Timing): ExplainingFinding[] {
  const candidates = join.viaImage ? findingsOf(repo, undefined, join.container) : findingsOf(repo, join.workload?.workload, join.container);
  const out: ExplainingFinding[] = [];
  // CrashLoopBackOff only says the container ended before: what explains that run (lastState) explains the loop.
  const before = o.waiting?.reason === 'CrashLoopBackOff' ? o.container.lastState.terminated : undefined;
  const previous: Observation | undefined = before ? { container: o.container, field: 'lastState', terminated: before, waiting: undefined } : undefined;
  for (const c of candidates) {
    const match = matchOf(c.finding, o, timing) ?? (previous ? matchOf(c.finding, previous, previousTiming) : undefined);
    if (match) out.push({ ...c, match });
  }
  const rank: Record<MatchKind, number> = { exact: 0, 'runtime-version': 1, reason: 2, restart: 3 };
  return out.sort(
    (a, b) =>
      rank[a.match] - rank[b.match] ||
      SEVERITY_RANK[b.finding.severity] - SEVERITY_RANK[a.finding.severity] ||
      (a.scope === 'dockerfile' ? 0 : 1) - (b.scope === 'dockerfile' ? 0 : 1) ||
      a.finding.file.localeCompare(b.finding.file) ||
      a.finding.line - b.finding.line,
  );
}

function matchOf(f: Finding, o: Observation, timing: Timing | undefined): MatchKind | undefined {
  const t = o.terminated;
  if (t) {
    // A stop prediction is a SIGKILL when the grace period runs out: a run that ended earlier, by itself, is something else.
    if (f.phase === 'stop' && f.exitCode === 137 && (timing?.verdict === 'during-grace' || timing?.verdict === 'before-deletion')) return undefined;
    // A run that ended while its pod was being deleted was ended by the stop: start and run predictions do not explain it.
    if ((timing?.verdict === 'during-grace' || timing?.verdict === 'grace-end') && f.phase !== 'stop' && f.phase !== 'oom') return undefined;
    if (f.exitCode === t.exitCode && (f.reason === null || t.reason === undefined || f.reason === t.reason)) return 'exact';
    // runc ≤ 1.1 and crun exit 1 where runc ≥ 1.2 exits 255 for an exec that fails after start (runc libcontainer/init_linux.go).
    if (t.exitCode === 1 && f.exitCode === 255 && f.phase === 'start') return 'runtime-version';
    if (t.reason === 'OOMKilled' && f.reason === 'OOMKilled') return 'reason';
    // A kubelet restart (failed liveness probe) stops the container the normal way: SIGTERM, then SIGKILL at grace end.
    if (
      f.reason === 'CrashLoopBackOff' &&
      f.phase === 'run' &&
      timing?.verdict === 'not-deleted' &&
      (t.exitCode === 137 || t.exitCode === 143) &&
      t.reason === 'Error'
    )
      return 'restart';
    return undefined;
  }
  if (o.waiting) return f.reason === o.waiting.reason ? 'exact' : undefined;
  return undefined;
}
