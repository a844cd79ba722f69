import type { LintConfig } from '../config/config.js';
import { DEFAULT_MAX_FILE_SIZE, readSourceText, type ReadResult, type SourceFile } from '../discover/source-file.js';
import type { RuleRun } from '../engine/run.js';
import type { RuntimeName } from '../knowledge/types.js';
import type { BuildSource } from '../model/join.js';
import { ImageFileSystem } from '../model/image/image-fs.js';
import type { ImageModel } from '../model/image.js';
import { ImageJoin } from '../model/join.js';
import { modelDockerfile, modelManifest, type ModelledDockerfile, type ModelledManifest } from '../pipeline/project.js';
import { FileModes } from '../discover/file-modes.js';

/** One input of a run: a file read from disk when its turn comes, or text already in hand (rendered charts, standard input). */
export interface LintInput {
  readonly file: SourceFile;
  readonly given?: ReadResult;
}

export function readInput(input: LintInput, maxFileSize = DEFAULT_MAX_FILE_SIZE): Promise<ReadResult> {
  return input.given ? Promise.resolve(input.given) : readSourceText(input.file.absPath, maxFileSize);
}

/** What a shard needs besides its inputs; plain data, so a worker thread can receive it. */
export interface ShardSettings {
  readonly runtime: RuntimeName;
  readonly config: LintConfig;
  readonly maxFileSize: number | undefined;
  /** Which Dockerfile builds which image: what workloads are joined by. */
  readonly sources: readonly BuildSource[];
}

/** What a thread keeps from one chunk of a parallel run to the next. */
export interface ThreadCaches {
  readonly fs: ImageFileSystem;
  /** The images of Dockerfiles that build sources name (workloads are joined to them), by Dockerfile path, as this thread modelled them. */
  readonly joinImages: Map<string, ImageModel | undefined>;
  /** Inputs this thread modelled before their turn, while renders ran (see `modelAhead`). */
  readonly ahead?: ModelledAhead;
}

/** Models made before the inputs' turn: the same models lintInputs would make, fed to the rules in the same order. */
export interface ModelledAhead {
  /** Taken out when used, so that a model lives no longer than it would without it. */
  readonly dockerfiles: Map<LintInput, Promise<ModelledDockerfile>>;
  readonly manifests: Map<LintInput, Promise<ModelledManifest>>;
}

/**
 * Models the Dockerfiles among the inputs one after another, starting at the next turn of the
 * event loop: for a run that waits on renderers (child processes), the time this thread would
 * otherwise spend idle. Models are pure (the image file system caches what it read from disk),
 * so the report is the one lintInputs gives without them.
 */
export function modelDockerfilesAhead(
  inputs: readonly LintInput[],
  fs: ImageFileSystem,
  maxFileSize: number | undefined,
): Map<LintInput, Promise<ModelledDockerfile>> {
  const ahead = new Map<LintInput, Promise<ModelledDockerfile>>();
  let previous: Promise<unknown> = new Promise((resolve) => setImmediate(resolve));
  for (const input of inputs) {
    if (input.file.kind !== 'dockerfile') continue;
    const modelled = previous.then(async () => modelDockerfile(input.file, await readInput(input, maxFileSize), fs));
    // Never left unhandled when a sharded run does not come for it (a rejection still reaches lintInputs).
    modelled.catch(() => undefined);
    ahead.set(input, modelled);
    previous = modelled;
  }
  return ahead;
}

export function newThreadCaches(): ThreadCaches {
  return { fs: new ImageFileSystem(new FileModes()), joinImages: new Map() };
}

/**
 * Models inputs and feeds them to the run: every Dockerfile's image first (workloads may be
 * joined to the images they build), then manifests one file at a time, so memory does not
 * grow with their number. `joinOnly`: Dockerfiles another shard lints, modelled here only
 * when a workload of this shard runs the image one of them builds (once per thread).
 */
export async function lintInputs(
  inputs: readonly LintInput[],
  joinOnly: readonly LintInput[],
  settings: ShardSettings,
  run: RuleRun,
  images: ImageModel[],
  thread: ThreadCaches = newThreadCaches(),
): Promise<void> {
  const fs = thread.fs;
  for (const input of inputs) {
    if (input.file.kind !== 'dockerfile') continue;
    const ahead = thread.ahead?.dockerfiles.get(input);
    thread.ahead?.dockerfiles.delete(input);
    const { image, problems, suppressions } = await (ahead ?? modelDockerfile(input.file, await readInput(input, settings.maxFileSize), fs));
    problems.forEach((p) => run.problem(p));
    if (suppressions) run.suppress(suppressions);
    if (image) images.push(image);
  }
  for (const image of images) run.image(image);
  const joinInputs = new Map(joinOnly.map((input) => [input.file.absPath, input]));
  const load = async (dockerfile: string): Promise<ImageModel | undefined> => {
    if (!thread.joinImages.has(dockerfile)) {
      const input = joinInputs.get(dockerfile);
      thread.joinImages.set(dockerfile, input ? (await modelDockerfile(input.file, await readInput(input, settings.maxFileSize), fs)).image : undefined);
    }
    return thread.joinImages.get(dockerfile);
  };
  const join = new ImageJoin(images, settings.sources, fs, joinInputs.size > 0 ? load : undefined);
  // A later chunk of this thread whose workloads run these images finds them here.
  if (settings.sources.length > 0) {
    const joined = new Set(settings.sources.map((s) => s.dockerfile));
    for (const image of images) if (joined.has(image.absPath)) thread.joinImages.set(image.absPath, image);
  }

  for (const input of inputs) {
    if (input.file.kind !== 'manifest') continue;
    const ahead = thread.ahead?.manifests.get(input);
    thread.ahead?.manifests.delete(input);
    const { objects, workloads, problems, suppressions } = await (ahead ?? modelManifest(input.file, await readInput(input, settings.maxFileSize)));
    problems.forEach((p) => run.problem(p));
    if (suppressions) run.suppress(suppressions);
    objects.forEach((o) => run.object(o));
    for (const workload of workloads) run.workload(await join.workload(workload, objects));
  }
}
