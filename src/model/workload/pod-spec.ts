import type { YamlPath } from '../../parse/manifest.js';
import { isRecord } from '../common/values.js';

/*
 * The pod spec as the API server holds it after defaulting (pkg/apis/core/v1/defaults.go), typed,
 * each field with the document path it is written at (or, when defaulted, where it would be).
 * Pod rules read this, never the raw YAML objects, so type guards and Kubernetes defaults are
 * written once.
 */

/** A field's value; `set` is false when the Kubernetes default applies (then `path` is where it would be written). */
export interface Field<T> {
  readonly value: T;
  readonly set: boolean;
  readonly path: YamlPath;
}

export interface ProbeModel {
  readonly path: YamlPath;
  /** `exec.command`, when the probe is an exec probe. */
  readonly exec: readonly string[] | undefined;
  /** `httpGet.port` / `tcpSocket.port` given as a name (a number, or digits, is not a name). */
  readonly portNames: readonly { readonly handler: 'httpGet' | 'tcpSocket'; readonly name: string; readonly path: YamlPath }[];
  readonly initialDelaySeconds: Field<number>;
  readonly periodSeconds: Field<number>;
  readonly failureThreshold: Field<number>;
  readonly timeoutSeconds: Field<number>;
}

/** A ConfigMap or Secret a pod refers to (env, envFrom, volumes); `optional: true` references are kept but marked. */
export interface ConfigReference {
  readonly kind: 'ConfigMap' | 'Secret';
  readonly name: string;
  readonly optional: boolean;
  readonly via: 'env' | 'volume';
  readonly path: YamlPath;
}

export interface ContainerSpecModel {
  /** Defaults to Always for `:latest` or an untagged image, IfNotPresent otherwise (SetDefaults_Container). */
  readonly imagePullPolicy: Field<string>;
  readonly portNames: ReadonlySet<string>;
  readonly livenessProbe: ProbeModel | undefined;
  readonly readinessProbe: ProbeModel | undefined;
  readonly startupProbe: ProbeModel | undefined;
  /** `volumeMounts[].mountPath`, without a trailing slash. */
  readonly mountPaths: ReadonlySet<string>;
  readonly references: readonly ConfigReference[];
}

export interface PodSpecModel {
  /** Defaults to Always (SetDefaults_PodSpec). */
  readonly restartPolicy: Field<string>;
  readonly hostPID: Field<boolean>;
  readonly shareProcessNamespace: Field<boolean>;
  /** `runtimeClassName`, when set (the cluster's handler for it decides which runtime runs the pod). */
  readonly runtimeClassName: string | undefined;
  readonly references: readonly ConfigReference[];
}

const PROBE_DEFAULTS = { initialDelaySeconds: 0, periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 1 } as const;

function field<T>(record: Record<string, unknown>, base: YamlPath, key: string, accept: (v: unknown) => v is T, fallback: T): Field<T> {
  const value = record[key];
  return accept(value) ? { value, set: true, path: [...base, key] } : { value: fallback, set: false, path: [...base, key] };
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const isSeconds = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

export function podSpecModel(podSpec: Record<string, unknown>, path: YamlPath): PodSpecModel {
  const references: ConfigReference[] = [];
  const volumes = podSpec.volumes;
  if (Array.isArray(volumes))
    volumes.forEach((v, i) => {
      if (!isRecord(v)) return;
      const at = [...path, 'volumes', i];
      if (isRecord(v.configMap)) pushReference(references, 'ConfigMap', v.configMap.name, v.configMap, 'volume', [...at, 'configMap', 'name']);
      if (isRecord(v.secret)) pushReference(references, 'Secret', v.secret.secretName, v.secret, 'volume', [...at, 'secret', 'secretName']);
    });
  return {
    restartPolicy: field(podSpec, path, 'restartPolicy', isString, 'Always'),
    hostPID: field(podSpec, path, 'hostPID', isBoolean, false),
    shareProcessNamespace: field(podSpec, path, 'shareProcessNamespace', isBoolean, false),
    runtimeClassName: typeof podSpec.runtimeClassName === 'string' ? podSpec.runtimeClassName : undefined,
    references,
  };
}

export function containerSpecModel(container: Record<string, unknown>, path: YamlPath, image: string | undefined): ContainerSpecModel {
  const ports = container.ports;
  const mounts = container.volumeMounts;
  const references: ConfigReference[] = [];
  if (Array.isArray(container.envFrom))
    container.envFrom.forEach((e, i) => {
      if (!isRecord(e)) return;
      if (isRecord(e.configMapRef))
        pushReference(references, 'ConfigMap', e.configMapRef.name, e.configMapRef, 'env', [...path, 'envFrom', i, 'configMapRef', 'name']);
      if (isRecord(e.secretRef)) pushReference(references, 'Secret', e.secretRef.name, e.secretRef, 'env', [...path, 'envFrom', i, 'secretRef', 'name']);
    });
  if (Array.isArray(container.env))
    container.env.forEach((e, i) => {
      if (!isRecord(e) || !isRecord(e.valueFrom)) return;
      const at = [...path, 'env', i, 'valueFrom'];
      const { configMapKeyRef, secretKeyRef } = e.valueFrom;
      if (isRecord(configMapKeyRef)) pushReference(references, 'ConfigMap', configMapKeyRef.name, configMapKeyRef, 'env', [...at, 'configMapKeyRef', 'name']);
      if (isRecord(secretKeyRef)) pushReference(references, 'Secret', secretKeyRef.name, secretKeyRef, 'env', [...at, 'secretKeyRef', 'name']);
    });
  return {
    imagePullPolicy: field(container, path, 'imagePullPolicy', isString, defaultPullPolicy(image)),
    portNames: new Set(Array.isArray(ports) ? ports.filter(isRecord).map((p) => (typeof p.name === 'string' ? p.name : '')) : []),
    livenessProbe: probeModel(container, path, 'livenessProbe'),
    readinessProbe: probeModel(container, path, 'readinessProbe'),
    startupProbe: probeModel(container, path, 'startupProbe'),
    mountPaths: new Set(
      Array.isArray(mounts) ? mounts.filter(isRecord).flatMap((m) => (typeof m.mountPath === 'string' ? [m.mountPath.replace(/\/+$/, '') || '/'] : [])) : [],
    ),
    references,
  };
}

function pushReference(
  out: ConfigReference[],
  kind: ConfigReference['kind'],
  name: unknown,
  source: Record<string, unknown>,
  via: ConfigReference['via'],
  path: YamlPath,
): void {
  if (typeof name === 'string' && name !== '') out.push({ kind, name, optional: source.optional === true, via, path });
}

function probeModel(
  container: Record<string, unknown>,
  containerPath: YamlPath,
  key: 'livenessProbe' | 'readinessProbe' | 'startupProbe',
): ProbeModel | undefined {
  const probe = container[key];
  if (!isRecord(probe)) return undefined;
  const path = [...containerPath, key];
  const command = isRecord(probe.exec) && Array.isArray(probe.exec.command) ? probe.exec.command.map(String) : undefined;
  const portNames = (['httpGet', 'tcpSocket'] as const).flatMap((handler) => {
    const h = probe[handler];
    return isRecord(h) && typeof h.port === 'string' && !/^\d+$/.test(h.port) ? [{ handler, name: h.port, path: [...path, handler, 'port'] }] : [];
  });
  const seconds = (name: keyof typeof PROBE_DEFAULTS): Field<number> => field(probe, path, name, isSeconds, PROBE_DEFAULTS[name]);
  return {
    path,
    exec: command,
    portNames,
    initialDelaySeconds: seconds('initialDelaySeconds'),
    periodSeconds: seconds('periodSeconds'),
    failureThreshold: seconds('failureThreshold'),
    timeoutSeconds: seconds('timeoutSeconds'),
  };
}

/** pkg/apis/core/v1/defaults.go SetDefaults_Container: Always when the tag is `latest` or absent (no digest), else IfNotPresent. */
function defaultPullPolicy(image: string | undefined): string {
  if (image === undefined) return 'IfNotPresent';
  const name = image.split('@')[0] ?? image;
  if (image.includes('@')) return 'IfNotPresent';
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const tag = colon > slash ? name.slice(colon + 1) : undefined;
  return tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent';
}
