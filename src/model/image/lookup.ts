import { resolveImagePath } from '../common/paths.js';
import type { ImageFileState, ImageFileSystem } from './image-fs.js';
import type { Stage } from './stage.js';

/** A program name resolved inside the image the way runc's exec.LookPath does. */
export interface ResolvedProgram {
  readonly argv0: string;
  /** `path`: absolute; `workdir`: relative to WORKDIR; `PATH`: searched. */
  readonly via: 'path' | 'workdir' | 'PATH';
  readonly imagePath: string | undefined;
  readonly file: ImageFileState;
  /**
   * PATH search only: a file of that name placed by the Dockerfile without an execute bit,
   * which LookPath skips. Set when no executable match was found and no directory is in
   * doubt except for base-image files (a base image has no file of a name the project invented).
   */
  readonly skippedNonExecutable: { readonly imagePath: string; readonly file: Extract<ImageFileState, { state: 'file' }> } | undefined;
}

export function imagePathOf(stage: Stage): string {
  return stage.env.get('PATH') ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
}

export async function resolveProgram(stage: Stage, argv0: string, fs: ImageFileSystem): Promise<ResolvedProgram> {
  if (argv0.startsWith('/')) return { argv0, via: 'path', imagePath: argv0, file: await fs.lookup(stage, argv0), skippedNonExecutable: undefined };
  if (argv0.includes('/')) {
    const p = resolveImagePath(argv0, stage.workdir);
    return { argv0, via: 'workdir', imagePath: p, file: await fs.lookup(stage, p), skippedNonExecutable: undefined };
  }
  // exec.LookPath: the first executable regular file along PATH; non-executable ones are skipped.
  let firstUnknown: ImageFileState | undefined;
  let onlyBaseDoubt = true;
  let skipped: ResolvedProgram['skippedNonExecutable'];
  for (const dir of imagePathOf(stage).split(':')) {
    if (dir === '') continue;
    const p = resolveImagePath(argv0, dir);
    const file = await fs.lookup(stage, p);
    if (file.state === 'file' && file.executable !== false) return { argv0, via: 'PATH', imagePath: p, file, skippedNonExecutable: undefined };
    if (file.state === 'file' && file.placedAt && !skipped) skipped = { imagePath: p, file };
    if (file.state === 'unknown') {
      firstUnknown ??= file;
      if (file.cause !== 'base') onlyBaseDoubt = false;
    }
  }
  return {
    argv0,
    via: 'PATH',
    imagePath: undefined,
    file: firstUnknown ?? { state: 'absent' },
    skippedNonExecutable: onlyBaseDoubt && stage.baseState !== 'unknown' ? skipped : undefined,
  };
}
