import { isShellProgram } from '../knowledge/shells.js';
import { findBaseImage } from '../knowledge/base-images.js';
import { parseImageRef } from '../knowledge/image-ref.js';
import type { BaseImageFacts } from '../knowledge/types.js';

import type { ImageFileSystem } from './image/image-fs.js';
import { DEFAULT_SHELL, type CommandSpec, type Setting, type Stage } from './image/stage.js';
import { type ImageModel } from './image.js';
import type { Location } from '../parse/location.js';
import type { YamlPath } from '../parse/manifest.js';
import { parseShell, type ShellNode } from '../parse/shell.js';
import { analyzeStartup, type Startup } from './process/startup.js';
import { resolveProgram, type ResolvedProgram } from './image/lookup.js';
import { effectiveField } from './workload/security-context.js';
import { get, type ContainerModel, type KubernetesObject, type WorkloadModel } from './workload/workload.js';
import { ConfigMapIndex, mountedVolumes, MountedFileSystem, type MountedVolume } from './config-volumes.js';

/**
 * A statement that containers of an image repository run what a Dockerfile builds:
 * an `images:` entry of .lint-k8s.yaml, a skaffold artifact or a compose service.
 */
export interface BuildSource {
  /** Normalised repository, as `parseImageRef` gives it. */
  readonly repository: string;
  /** Absolute path of the Dockerfile. */
  readonly dockerfile: string;
  /** The build stage built (`--target`), when the source names one. */
  readonly target: string | undefined;
  readonly origin: 'config' | 'skaffold' | 'compose';
  /** Where the mapping is written (for messages and SARIF related locations); the config has no YAML locations. */
  readonly at: Location | undefined;
  /** `skaffold.yaml`, `compose.yaml`, `.lint-k8s.yaml`: how the join is shown. */
  readonly shown: string;
}

/** A container of a workload with the image it runs, where lint-k8s knows it: what rules read. */
export interface JoinedContainer extends ContainerModel {
  /** The image the container runs, when lint-k8s knows it (built here, or a known public image): set by ImageJoin. */
  readonly joined?: JoinedImage | undefined;
  /**
   * For an image lint-k8s does not know: how the container starts when its `command` decides it
   * (the image's ENTRYPOINT is replaced). Kept apart from `joined`, whose rules need the image's files.
   */
  readonly imageIndependent?: JoinedImage;
}

/** A workload whose containers are joined to their images. */
export interface JoinedWorkload extends Omit<WorkloadModel, 'containers' | 'initContainers'> {
  readonly containers: readonly JoinedContainer[];
  readonly initContainers: readonly JoinedContainer[];
}

/** What a container runs: the image built in this repository, or a known public base image. */
export interface JoinedImage {
  /** `unknown`: an image lint-k8s does not know, joined only because `command` decides how it starts (ContainerModel.imageIndependent). */
  readonly source: 'built' | 'base' | 'unknown';
  /** The Dockerfile's model, when the image is built here. */
  readonly image: ImageModel | undefined;
  /** The stage the container runs (the final one, or the build target). */
  readonly stage: Stage;
  /** How the container starts: the image's ENTRYPOINT/CMD under the container's `command`/`args`. */
  readonly startup: Startup | undefined;
  /** The container sets `command` or `args`, so its start is decided in the manifest. */
  readonly overridden: boolean;
  /** The statement that joins them (config entry, skaffold artifact, compose service). */
  readonly via: BuildSource | undefined;
  /** The programs that exec probes and exec lifecycle hooks run, looked up in the image. */
  readonly execPrograms: readonly ExecProgram[];
  /**
   * `pod`: `shareProcessNamespace: true` (pause is PID 1), `host`: `hostPID: true`: the container's
   * first process is not the init of its PID namespace, which `startup.stop` accounts for.
   */
  readonly pidNamespace: { readonly kind: 'container' | 'pod' | 'host'; readonly path: YamlPath | undefined };
}

/** An exec probe or hook: the kubelet runs `command` inside the container (no shell unless it names one). */
export interface ExecProgram {
  readonly kind: 'livenessProbe' | 'readinessProbe' | 'startupProbe' | 'preStop' | 'postStart';
  /** Path of the `exec.command` field. */
  readonly path: YamlPath;
  readonly argv: readonly string[];
  readonly program: ResolvedProgram;
  /**
   * For `sh -c STRING`: the programs the string runs one after the other (top-level
   * statements and `&&` lists, not pipelines or branches), each looked up in the image;
   * `undefined` for other commands, or when the string has `||`, conditionals or syntax errors.
   */
  readonly shellPrograms: readonly ResolvedProgram[] | undefined;
}

const EXEC_SITES: readonly [ExecProgram['kind'], YamlPath][] = [
  ['livenessProbe', ['livenessProbe', 'exec', 'command']],
  ['readinessProbe', ['readinessProbe', 'exec', 'command']],
  ['startupProbe', ['startupProbe', 'exec', 'command']],
  ['preStop', ['lifecycle', 'preStop', 'exec', 'command']],
  ['postStart', ['lifecycle', 'postStart', 'exec', 'command']],
];

/** POSIX special and regular built-ins: the shell runs them itself, no file is looked up. */
const BUILTINS = new Set(
  'break : continue . eval exec exit export readonly return set shift times trap unset alias bg cd command false fc fg getopts hash jobs kill read true type ulimit umask unalias wait echo printf test [ pwd local source'.split(
    ' ',
  ),
);

/** The programs a `sh -c` string runs unconditionally, resolved in the image (see ExecProgram.shellPrograms). */
async function sequencedPrograms(argv: readonly string[], stage: Stage, fs: ImageFileSystem): Promise<ResolvedProgram[] | undefined> {
  const [shell, flag, script] = argv;
  if (shell === undefined || flag !== '-c' || script === undefined || !isShellProgram(shell)) return undefined;
  const parsed = await parseShell(script);
  if (parsed.hasErrors) return undefined;
  const names: string[] = [];
  let conditional = false;
  const collect = (node: ShellNode): void => {
    if (node.kind === 'list' && node.op === '&&') {
      collect(node.left);
      collect(node.right);
    } else if (node.kind === 'redirected') collect(node.inner);
    else if (node.kind === 'command') {
      const name = node.words[0]?.literal;
      if (name !== undefined && name !== '' && !name.includes('=') && !BUILTINS.has(name)) names.push(name);
    } else if (node.kind !== 'pipeline') conditional = true;
  };
  parsed.statements.forEach(collect);
  if (conditional) return undefined;
  return Promise.all(names.map((name) => resolveProgram(stage, name, fs)));
}

/** A one-stage image that is not built here: what a public image's config says, or nothing at all. */
function imageStage(
  reference: string,
  where: Location,
  config: Pick<Stage, 'base' | 'baseState' | 'baseConfigUnknown' | 'entrypoint' | 'cmd' | 'user' | 'stopSignal' | 'workdir' | 'env'>,
): Stage {
  return {
    index: 0,
    name: undefined,
    at: where,
    from: reference,
    fromRaw: reference,
    parent: undefined,
    shell: { value: DEFAULT_SHELL, at: undefined },
    fsOps: [],
    packages: new Set(),
    runs: [],
    ...config,
  };
}

/** A Stage made of a public image's known config, for containers whose image is not built here. */
export function baseImageStage(reference: string, facts: BaseImageFacts, where: Location): Stage {
  const fromBase = (argv: readonly string[] | null): Setting<CommandSpec | null> | undefined =>
    argv ? { value: { form: 'exec', argv, at: where }, at: undefined } : undefined;
  return imageStage(reference, where, {
    base: facts,
    baseState: facts.repository === 'scratch' ? 'scratch' : 'known',
    baseConfigUnknown: false,
    entrypoint: fromBase(facts.entrypoint),
    cmd: fromBase(facts.cmd),
    user: facts.user !== '' ? { value: facts.user, at: undefined } : undefined,
    stopSignal: facts.stopSignal ? { value: facts.stopSignal, at: undefined } : undefined,
    workdir: facts.workdir ?? '/',
    env: new Map([['PATH', facts.path]]),
  });
}

/**
 * A Stage for an image lint-k8s knows nothing about: no files known, no configuration known.
 * Only a container whose `command` replaces the ENTRYPOINT can be followed on it.
 */
export function unknownImageStage(reference: string, where: Location): Stage {
  return imageStage(reference, where, {
    base: undefined,
    baseState: 'unknown',
    baseConfigUnknown: true,
    entrypoint: undefined,
    cmd: undefined,
    user: undefined,
    stopSignal: undefined,
    workdir: '/',
    env: new Map(),
  });
}

/** The pod's PID namespace as the container sees it (hostPID wins: the pod then shares the host's). */
function pidNamespaceOf(workload: WorkloadModel): JoinedImage['pidNamespace'] {
  const { hostPID, shareProcessNamespace } = workload.pod;
  if (hostPID.value) return { kind: 'host', path: hostPID.path };
  if (shareProcessNamespace.value) return { kind: 'pod', path: shareProcessNamespace.path };
  return { kind: 'container', path: undefined };
}

/** `runAsUser` as the kubelet applies it (the container's wins over the pod's). */
function runAsUserOf(workload: WorkloadModel, container: ContainerModel): number | undefined {
  const field = effectiveField(workload, container, 'runAsUser');
  return typeof field?.value === 'number' && Number.isInteger(field.value) ? field.value : undefined;
}

/**
 * Joins pod specs to images: a container whose image repository (any tag or digest) is
 * mapped by .lint-k8s.yaml, skaffold or compose runs the Dockerfile's image; otherwise a
 * public image whose tag is known runs with the base-image knowledge; otherwise nothing is joined.
 */
export class ImageJoin {
  private readonly byRepository = new Map<string, BuildSource>();
  private readonly byDockerfile = new Map<string, ImageModel | undefined>();
  /** The ConfigMaps of a file's objects, by the list its workloads are joined with. */
  private readonly configMapsOf = new WeakMap<readonly KubernetesObject[], ConfigMapIndex>();

  /**
   * `load`: models a Dockerfile that is not among `images` the first time a workload runs the
   * image it builds (a thread of a parallel run models only the Dockerfiles its workloads use).
   */
  constructor(
    images: readonly ImageModel[],
    sources: readonly BuildSource[],
    private readonly fs: ImageFileSystem,
    private readonly load?: (dockerfile: string) => Promise<ImageModel | undefined>,
  ) {
    for (const image of images) this.byDockerfile.set(image.absPath, image);
    // The config wins over skaffold, skaffold over compose; within one origin the first mapping wins.
    const rank = { config: 0, skaffold: 1, compose: 2 } as const;
    for (const source of [...sources].sort((a, b) => rank[a.origin] - rank[b.origin])) {
      if (!this.byRepository.has(source.repository)) this.byRepository.set(source.repository, source);
    }
  }

  /** The build source that makes the image a reference names, when one does. */
  private sourceOf(reference: string): BuildSource | undefined {
    const parsed = parseImageRef(reference.trim());
    return parsed.ok ? this.byRepository.get(parsed.ref.repository) : undefined;
  }

  /** The image a container reference runs, before its command is applied. */
  resolve(reference: string | undefined, where: Location): Omit<JoinedImage, 'startup' | 'overridden' | 'execPrograms' | 'pidNamespace'> | undefined {
    if (reference === undefined) return undefined;
    const source = this.sourceOf(reference);
    const image = source ? this.byDockerfile.get(source.dockerfile) : undefined;
    if (source && image) {
      const stage = (source.target ? image.stages.find((s) => s.name === source.target?.toLowerCase()) : undefined) ?? image.final;
      return stage ? { source: 'built', image, stage, via: source } : undefined;
    }
    if (source) return undefined;
    const facts = findBaseImage(reference.trim());
    return facts ? { source: 'base', image: undefined, stage: baseImageStage(reference.trim(), facts, where), via: undefined } : undefined;
  }

  async container(workload: WorkloadModel, container: ContainerModel, mounts: readonly MountedVolume[] = []): Promise<JoinedImage | undefined> {
    const resolved = this.resolve(container.image, workload.at([...container.path, 'image']));
    if (!resolved) return undefined;
    return this.start(workload, container, resolved, mounts);
  }

  /**
   * A container whose image is not known but whose `command` replaces the ENTRYPOINT: what it
   * runs is written in the manifest (`sleep infinity`, `sh -c "exec tail -f /dev/null"`), so its
   * PID 1 can be told whatever the image holds (if the program were missing, it would not run at all).
   */
  async imageIndependent(workload: WorkloadModel, container: ContainerModel, mounts: readonly MountedVolume[] = []): Promise<JoinedImage | undefined> {
    if (container.image === undefined || (container.command?.length ?? 0) === 0) return undefined;
    if (this.resolve(container.image, workload.at([...container.path, 'image'])) || this.sourceOf(container.image)) return undefined;
    if (!parseImageRef(container.image.trim()).ok) return undefined;
    const stage = unknownImageStage(container.image.trim(), workload.at([...container.path, 'image']));
    return this.start(workload, container, { source: 'unknown', image: undefined, stage, via: undefined }, mounts);
  }

  private async start(
    workload: WorkloadModel,
    container: ContainerModel,
    resolved: Omit<JoinedImage, 'startup' | 'overridden' | 'execPrograms' | 'pidNamespace'>,
    mounts: readonly MountedVolume[],
  ): Promise<JoinedImage> {
    // The container's volume mounts hide the image's files under their paths (a ConfigMap's script, an emptyDir).
    const fs = mounts.length > 0 ? new MountedFileSystem(this.fs, resolved.stage, mounts) : this.fs;
    const overridden = (container.command?.length ?? 0) > 0 || (container.args?.length ?? 0) > 0;
    const hasCommand = (container.command?.length ?? 0) > 0;
    const commandPath = [...container.path, hasCommand ? 'command' : 'args'];
    const pidNamespace = pidNamespaceOf(workload);
    const runAsUser = runAsUserOf(workload, container);
    const unchanged =
      resolved.image &&
      resolved.stage === resolved.image.final &&
      !overridden &&
      pidNamespace.kind === 'container' &&
      runAsUser === undefined &&
      mounts.length === 0;
    const override = overridden
      ? {
          command: container.command,
          args: container.args,
          at: workload.at(commandPath),
          ...(hasCommand && (container.args?.length ?? 0) > 0 ? { argsAt: workload.at([...container.path, 'args']) } : {}),
        }
      : undefined;
    const startup = unchanged
      ? resolved.image?.startup
      : await analyzeStartup(resolved.stage, fs, override, { pidNamespace: pidNamespace.kind, ...(runAsUser !== undefined ? { runAsUser } : {}) });
    const execPrograms: ExecProgram[] = [];
    for (const [kind, rel] of EXEC_SITES) {
      const command = get(container.spec, rel);
      if (!Array.isArray(command) || typeof command[0] !== 'string' || command[0] === '') continue;
      const argv = command.map(String);
      const shellPrograms = await sequencedPrograms(argv, resolved.stage, fs);
      execPrograms.push({ kind, path: [...container.path, ...rel], argv, program: await resolveProgram(resolved.stage, command[0], fs), shellPrograms });
    }
    return { ...resolved, startup, overridden, execPrograms, pidNamespace };
  }

  /** `siblings`: the objects of the workload's own file, whose ConfigMaps its volumes may mount (a file is never split between threads). */
  async workload(workload: WorkloadModel, siblings: readonly KubernetesObject[] = []): Promise<JoinedWorkload> {
    // Indexed once per file: its workloads come with the same list of objects.
    let configMaps = this.configMapsOf.get(siblings);
    if (!configMaps) {
      configMaps = new ConfigMapIndex();
      configMaps.add(siblings);
      this.configMapsOf.set(siblings, configMaps);
    }
    if (this.load) {
      for (const container of [...workload.containers, ...workload.initContainers]) {
        const source = container.image === undefined ? undefined : this.sourceOf(container.image);
        if (source && !this.byDockerfile.has(source.dockerfile)) this.byDockerfile.set(source.dockerfile, await this.load(source.dockerfile));
      }
    }
    const join = async (list: readonly ContainerModel[]): Promise<JoinedContainer[]> =>
      Promise.all(
        list.map(async (c) => {
          const mounts = mountedVolumes(workload, c, configMaps);
          const joined = await this.container(workload, c, mounts);
          const independent = joined ? undefined : await this.imageIndependent(workload, c, mounts);
          return { ...c, joined, ...(independent ? { imageIndependent: independent } : {}) };
        }),
      );
    return { ...workload, containers: await join(workload.containers), initContainers: await join(workload.initContainers) };
  }
}
