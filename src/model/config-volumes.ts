import type { Location } from '../parse/location.js';
import { ImageFileSystem, type ImageFileState, type VolumeSource } from './image/image-fs.js';
import type { Stage } from './image/stage.js';
import { imagePath } from './common/paths.js';
import { ownedText } from './common/values.js';
import { isRecord, type ContainerModel, type KubernetesObject, type WorkloadModel } from './workload/workload.js';

/*
 * What a container's volume mounts put over the image's file system. A mount hides whatever the
 * image holds under its path; a ConfigMap volume holds one file per data key (or per `items`
 * entry), with mode `items[].mode`, else `defaultMode`, else 0644 (SetDefaults_ConfigMapVolumeSource,
 * pkg/apis/core/v1/defaults.go; the kubelet's atomic writer applies it, pkg/volume/util/atomic_writer.go).
 * The text of a ConfigMap in the same input is read from its parsed document, so a script a pod runs
 * from it (`command: ["/bin/sh", "/scripts/run.sh"]`) is analysed like an image's script.
 */

/** ConfigMapVolumeSourceDefaultMode (pkg/apis/core/v1/types.go): files of a ConfigMap volume are not executable unless a mode says so. */
export const CONFIG_MAP_DEFAULT_MODE = 0o644;

/** A file a ConfigMap volume holds, at its path in the container. */
interface VolumeFile {
  readonly path: string;
  readonly mode: FileMode;
  readonly volume: VolumeSource;
  /** Where the mode belongs or is written: `items[].mode`, `defaultMode`, or the volume's `configMap` (default 0644). */
  readonly modeAt: Location;
  readonly text: string | undefined;
  /** 1-based line of the manifest where the text starts. */
  readonly textLine: number;
  readonly textFile: string;
}

/** One volume mount of the container, with what it is known to hold. */
export interface MountedVolume {
  readonly mountPath: string;
  /** `subPath`: the mount is one file (or directory) of the volume. */
  readonly subPath: string | undefined;
  /** The files, when the volume is a ConfigMap of the same input; `undefined`: what it holds is not known. */
  readonly files: readonly VolumeFile[] | undefined;
  readonly why: string;
}

/** ConfigMaps of the input, by namespace and name (`''` is the namespace the workload does not name). */
export class ConfigMapIndex {
  private readonly byName = new Map<string, KubernetesObject>();

  add(objects: readonly KubernetesObject[]): void {
    for (const object of objects) if (object.kind === 'ConfigMap' && object.apiVersion === 'v1') this.byName.set(key(object.namespace, object.name), object);
  }

  get(namespace: string | undefined, name: string): KubernetesObject | undefined {
    return this.byName.get(key(namespace, name));
  }
}

const key = (namespace: string | undefined, name: string): string => `${namespace ?? ''}\0${name}`;

/** The container's volume mounts, in mount order (a later mount over the same path wins, as the runtime mounts them in order). */
export function mountedVolumes(workload: WorkloadModel, container: ContainerModel, configMaps: ConfigMapIndex): MountedVolume[] {
  const mounts = container.spec.volumeMounts;
  const volumes = workload.podSpec.volumes;
  if (!Array.isArray(mounts) || mounts.length === 0) return [];
  const out: MountedVolume[] = [];
  for (const mount of mounts) {
    if (!isRecord(mount) || typeof mount.mountPath !== 'string' || typeof mount.name !== 'string') continue;
    const index = Array.isArray(volumes) ? volumes.findIndex((v) => isRecord(v) && v.name === mount.name) : -1;
    const volume = index >= 0 && Array.isArray(volumes) ? (volumes[index] as unknown) : undefined;
    const subPath = typeof mount.subPath === 'string' && mount.subPath !== '' ? mount.subPath : undefined;
    const mountPath = imagePath(mount.mountPath);
    const configMap = isRecord(volume) && isRecord(volume.configMap) ? volume.configMap : undefined;
    const name = configMap && typeof configMap.name === 'string' ? configMap.name : undefined;
    const object = name === undefined ? undefined : configMaps.get(workload.namespace, name);
    if (!configMap || name === undefined || !object) {
      const why = configMap ? `ConfigMap ${name ?? '(unnamed)'} is mounted there and is not in the same file` : `volume ${mount.name} is mounted there`;
      out.push({ mountPath, subPath, files: undefined, why });
      continue;
    }
    const volumePath = [...workload.podSpecPath, 'volumes', index, 'configMap'];
    out.push({ mountPath, subPath, files: configMapFiles(object, configMap, volumePath, workload), why: `ConfigMap ${name} is mounted there` });
  }
  return out;
}

function configMapFiles(object: KubernetesObject, source: Record<string, unknown>, volumePath: (string | number)[], workload: WorkloadModel): VolumeFile[] {
  const data = isRecord(object.object.data) ? object.object.data : {};
  const binary = isRecord(object.object.binaryData) ? object.object.binaryData : {};
  const defaultMode = modeOf(source.defaultMode);
  const fileOf = (dataKey: string, relPath: string, itemMode: FileMode | undefined, itemAt: (string | number)[] | undefined): VolumeFile => {
    const text = typeof data[dataKey] === 'string' ? ownedText(data[dataKey]) : undefined;
    const keyAt = object.at([...object.objectPath, 'data', dataKey]);
    // A value that reaches past the key's line is a block scalar (`run.sh: |`): its text starts on the next line.
    const textLine = object.lines([...object.objectPath, 'data', dataKey]).endLine > keyAt.line ? keyAt.line + 1 : keyAt.line;
    const modeField = itemMode !== undefined ? 'items[].mode' : defaultMode !== undefined ? 'defaultMode' : undefined;
    const modeAt =
      itemMode !== undefined && itemAt
        ? workload.at([...itemAt, 'mode'])
        : defaultMode !== undefined
          ? workload.at([...volumePath, 'defaultMode'])
          : workload.at(volumePath);
    return {
      path: relPath,
      mode: itemMode ?? defaultMode ?? { mode: CONFIG_MAP_DEFAULT_MODE, executable: false },
      volume: { configMap: object.name, key: dataKey, modeField },
      modeAt,
      text,
      textLine,
      textFile: object.file,
    };
  };
  if (Array.isArray(source.items) && source.items.length > 0)
    return source.items.flatMap((item, i) =>
      isRecord(item) && typeof item.key === 'string' && typeof item.path === 'string' && (item.key in data || item.key in binary)
        ? [fileOf(item.key, item.path, modeOf(item.mode), [...volumePath, 'items', i])]
        : [],
    );
  return [...Object.keys(data), ...Object.keys(binary)].map((k) => fileOf(k, k, undefined, undefined));
}

/** A volume file's mode; `mode` undefined when the number can be read two ways that differ in the execute bit. */
interface FileMode {
  readonly mode: number | undefined;
  readonly executable: boolean | undefined;
}

/**
 * The mode a manifest's number means. The API server reads YAML 1.1 (sigs.k8s.io/yaml), where
 * `0755` is octal; this parser reads YAML 1.2, where it is the decimal 755. A number above 0777
 * whose digits are all octal was written with a leading zero; one at or below it may be either
 * (`420` is 0644 in decimal, `0444` is 444), and only a difference in the execute bit matters.
 */
function modeOf(value: unknown): FileMode | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) return undefined;
  const digits = String(value);
  const octal = /^[0-7]+$/.test(digits) ? Number.parseInt(digits, 8) : undefined;
  const readings = [...(value <= 0o777 ? [value] : []), ...(octal !== undefined && octal <= 0o777 && octal !== value ? [octal] : [])];
  const first = readings[0];
  if (first === undefined) return undefined;
  const executable = (m: number): boolean => (m & 0o111) !== 0;
  if (readings.every((m) => executable(m) === executable(first))) return { mode: readings.length === 1 ? first : undefined, executable: executable(first) };
  return { mode: undefined, executable: undefined };
}

/** The state of `p` under the container's mounts, or `undefined` when no mount covers it (then the image decides). */
export function mountedFile(mounts: readonly MountedVolume[], p: string): ImageFileState | undefined {
  // Runtimes mount shorter paths first (containerd's orderedMounts, moby's sortMounts), so the
  // deepest mount covering `p` is the one on top; among equal paths, the later one in the list.
  let mount: MountedVolume | undefined;
  let under: string | undefined;
  for (const m of mounts) {
    const rest = p === m.mountPath ? '' : m.mountPath === '/' ? p.slice(1) : p.startsWith(`${m.mountPath}/`) ? p.slice(m.mountPath.length + 1) : undefined;
    if (rest === undefined || (mount && m.mountPath.length < mount.mountPath.length)) continue;
    mount = m;
    under = rest;
  }
  if (mount === undefined || under === undefined) return undefined;
  if (!mount.files) return { state: 'unknown', why: mount.why, cause: 'external' };
  // With subPath, the mount is the volume's file at subPath; without, the volume's directory.
  const rel = mount.subPath !== undefined ? (under === '' ? mount.subPath : `${mount.subPath}/${under}`) : under;
  if (rel === '') return { state: 'directory', placedAt: undefined };
  const file = mount.files.find((f) => imagePath(f.path) === imagePath(rel));
  if (!file) {
    // A directory the items create (`path: bin/run.sh`) exists; anything else is hidden by the mount.
    if (mount.files.some((f) => imagePath(f.path).startsWith(`${imagePath(rel)}/`))) return { state: 'directory', placedAt: undefined };
    return { state: 'absent' };
  }
  return {
    state: 'file',
    executable: file.mode.executable,
    mode: file.mode.mode,
    modeFrom: 'volume',
    placedAt: file.modeAt,
    chmodAt: undefined,
    contextPath: undefined,
    contextAbsPath: undefined,
    ...(file.text !== undefined ? { inline: { text: file.text, file: file.textFile, line: file.textLine } } : {}),
    volume: file.volume,
  };
}

/**
 * The image's file system as one container sees it: its mounts first, then the image. Only the
 * stage the container runs is covered (a COPY --from an earlier stage reads the image, not the pod).
 */
export class MountedFileSystem extends ImageFileSystem {
  constructor(
    private readonly image: ImageFileSystem,
    private readonly stage: Stage,
    private readonly mounts: readonly MountedVolume[],
  ) {
    // The base class is only the type: every lookup goes to `image` unless a mount answers it.
    super({ modeOf: () => Promise.resolve(undefined) });
  }

  override async lookup(stage: Stage, target: string): Promise<ImageFileState> {
    if (stage === this.stage) {
      const mounted = mountedFile(this.mounts, imagePath(target));
      if (mounted) return mounted;
    }
    return this.image.lookup(stage, target);
  }
}
