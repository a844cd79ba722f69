import type { ManifestDocument, YamlPath } from '../../parse/manifest.js';
import { at, type Location } from '../../parse/location.js';
import { stopTimelineOf, type StopTimeline } from './stop-timeline.js';
import { containerSpecModel, podSpecModel, type ContainerSpecModel, type PodSpecModel } from './pod-spec.js';
import { isRecord, ownedText } from '../common/values.js';
import { labelSelectorOf, labelsOf, type LabelSelectorModel, type Labels } from './labels.js';

export { isRecord };

/** Kubernetes kinds whose pod template sits at a known place. */
const POD_SPEC_PATHS: Readonly<Record<string, YamlPath>> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  PodTemplate: ['template', 'spec'],
};

export type ContainerRole = 'container' | 'init' | 'sidecar' | 'ephemeral';

export interface ResourceList {
  readonly cpu?: unknown;
  readonly memory?: unknown;
  readonly [name: string]: unknown;
}

export interface ContainerModel {
  readonly name: string;
  readonly role: ContainerRole;
  /** Path of the container object in its document. */
  readonly path: YamlPath;
  readonly image: string | undefined;
  readonly command: readonly string[] | undefined;
  readonly args: readonly string[] | undefined;
  readonly requests: ResourceList;
  readonly limits: ResourceList;
  readonly lifecycle: Record<string, unknown> | undefined;
  readonly spec: Readonly<Record<string, unknown>>;
  /** The container's fields, typed and defaulted, with their paths: what pod rules read. */
  readonly fields: ContainerSpecModel;
  /** How the grace period is spent when this container is stopped. */
  readonly stop: StopTimeline;
}

/** An object with a pod template: the object plus its pod spec and containers. */
export interface WorkloadModel extends KubernetesObject {
  /** Path of the pod spec in its document. */
  readonly podSpecPath: YamlPath;
  readonly podSpec: Readonly<Record<string, unknown>>;
  /** The pod spec's fields, typed and defaulted, with their paths: what pod rules read. */
  readonly pod: PodSpecModel;
  readonly containers: readonly ContainerModel[];
  readonly initContainers: readonly ContainerModel[];
  /** `spec.selector`, when it is an object. */
  readonly selector: LabelSelectorModel | undefined;
  /** The pod template's labels, with their path (the template's `metadata.labels`). */
  readonly templateLabels: { readonly value: Labels; readonly path: YamlPath };
}

/** Any Kubernetes object found in the input (for kinds that are not workloads, such as Namespace). */
export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly file: string;
  /** Path of the object in its document (inside a List: `items.N`). */
  readonly objectPath: YamlPath;
  readonly object: Readonly<Record<string, unknown>>;
  /** `metadata.labels`, with the path of the map. */
  readonly labels: Labels;
  readonly labelsPath: YamlPath;
  /** Location of an absolute document path (a missing path: its nearest existing parent key). */
  readonly at: (path: YamlPath) => Location;
  /** First and last line of the whole node at an absolute document path (a key with its value). */
  readonly lines: (path: YamlPath) => { line: number; endLine: number };
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v : String(v))) : undefined;
}

/** Objects in one manifest document: the document itself, or the items of a `*List`. */
export function kubernetesObjects(file: string, doc: ManifestDocument): KubernetesObject[] {
  const out: KubernetesObject[] = [];
  const visit = (value: unknown, objectPath: YamlPath): void => {
    if (!isRecord(value) || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') return;
    if (value.kind.endsWith('List') && Array.isArray(value.items)) {
      value.items.forEach((item, i) => visit(item, [...objectPath, 'items', i]));
      return;
    }
    const metadata = isRecord(value.metadata) ? value.metadata : {};
    out.push({
      apiVersion: value.apiVersion,
      kind: value.kind,
      // Names outlive their file (rules that relate manifests keep them until the run ends): copies of their own, see ownedText.
      name: ownedText(typeof metadata.name === 'string' ? metadata.name : typeof metadata.generateName === 'string' ? metadata.generateName : '(unnamed)'),
      namespace: typeof metadata.namespace === 'string' ? ownedText(metadata.namespace) : undefined,
      file,
      objectPath,
      object: value,
      labels: labelsOf(metadata.labels),
      labelsPath: [...objectPath, 'metadata', 'labels'],
      at: (p) => at(file, doc.locate(p)),
      lines: (p) => doc.lines(p),
    });
  };
  visit(doc.value, []);
  return out;
}

/** A pod spec: an object with a `containers` list. */
function isPodSpec(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && Array.isArray(value.containers);
}

/** Finds the pod template of any kind: known kinds at their place, others (Argo Rollout, Knative Service, …) by searching `template.spec`. */
function findPodSpecPath(object: Record<string, unknown>): YamlPath | undefined {
  const known = POD_SPEC_PATHS[String(object.kind)];
  if (known) return isPodSpec(get(object, known)) ? known : undefined;
  const search = (value: unknown, p: YamlPath, depth: number): YamlPath | undefined => {
    if (!isRecord(value) || depth > 6) return undefined;
    if (isRecord(value.template) && isPodSpec(value.template.spec)) return [...p, 'template', 'spec'];
    for (const [key, child] of Object.entries(value)) {
      if (key === 'metadata' || key === 'status') continue;
      const found = search(child, [...p, key], depth + 1);
      if (found) return found;
    }
    return undefined;
  };
  return search(object.spec, ['spec'], 0);
}

export function get(value: unknown, p: YamlPath): unknown {
  let current = value;
  for (const segment of p) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else if (isRecord(current)) current = current[String(segment)];
    else return undefined;
  }
  return current;
}

export async function workloadOf(object: KubernetesObject): Promise<WorkloadModel | undefined> {
  const relPodSpec = findPodSpecPath(object.object);
  if (!relPodSpec) return undefined;
  const podSpec = get(object.object, relPodSpec) as Record<string, unknown>;
  const podSpecPath = [...object.objectPath, ...relPodSpec];
  const containersOf = (key: 'containers' | 'initContainers'): Omit<ContainerModel, 'stop'>[] => {
    const list = podSpec[key];
    if (!Array.isArray(list)) return [];
    return list.filter(isRecord).map((c, index) => {
      const resources = isRecord(c.resources) ? c.resources : {};
      const role: ContainerRole = key === 'containers' ? 'container' : c.restartPolicy === 'Always' ? 'sidecar' : 'init';
      return {
        name: typeof c.name === 'string' ? ownedText(c.name) : `#${index}`,
        role,
        path: [...podSpecPath, key, index],
        image: typeof c.image === 'string' ? c.image : undefined,
        command: stringList(c.command),
        args: stringList(c.args),
        requests: isRecord(resources.requests) ? resources.requests : {},
        limits: isRecord(resources.limits) ? resources.limits : {},
        lifecycle: isRecord(c.lifecycle) ? c.lifecycle : undefined,
        spec: c,
        fields: containerSpecModel(c, [...podSpecPath, key, index], typeof c.image === 'string' ? c.image : undefined),
      };
    });
  };
  const grace = { podSpec, podSpecPath };
  // The pod template is the pod spec's parent: `template` (`spec.template.spec`), or the object itself for a Pod.
  const templateRel = relPodSpec.slice(0, -1);
  const templateLabelsRel = [...templateRel, 'metadata', 'labels'];
  const withStop = (list: Omit<ContainerModel, 'stop'>[]): Promise<ContainerModel[]> =>
    Promise.all(list.map(async (c) => ({ ...c, stop: await stopTimelineOf(grace, c) })));
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    name: object.name,
    namespace: object.namespace,
    file: object.file,
    objectPath: object.objectPath,
    podSpecPath,
    podSpec,
    pod: podSpecModel(podSpec, podSpecPath),
    containers: await withStop(containersOf('containers')),
    initContainers: await withStop(containersOf('initContainers')),
    selector: labelSelectorOf(get(object.object, ['spec', 'selector']), [...object.objectPath, 'spec', 'selector']),
    templateLabels: { value: labelsOf(get(object.object, templateLabelsRel)), path: [...object.objectPath, ...templateLabelsRel] },
    object: object.object,
    labels: object.labels,
    labelsPath: object.labelsPath,
    at: object.at,
    lines: object.lines,
  };
}
