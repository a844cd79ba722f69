import type { ShellKind } from '../knowledge/types.js';
import { parseShell } from '../parse/shell.js';
import type { ImageFileState, ImageFileSystem } from './image-fs.js';
import type { Stage } from './image.js';
import type { Location } from './location.js';
import { resolveImagePath } from './paths.js';
import { analyzeShellString, effectiveCommand, shellKindOf, type CommandOverride, type EffectiveCommand, type ShellStringAnalysis } from './process.js';

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

export interface ShellFormStartup {
  readonly script: string;
  readonly at: Location;
  readonly shellArgv: readonly string[];
  readonly shellKind: ShellKind | 'none' | 'unknown';
  readonly analysis: ShellStringAnalysis;
  /** The program the string's last command names, when it is a path (`./entry.sh`). */
  readonly lastProgram: ResolvedProgram | undefined;
}

/** How the final image starts: the command, the program run first, and a shell-form string's shape. */
export interface Startup {
  readonly stage: Stage;
  readonly command: EffectiveCommand | undefined;
  readonly program: ResolvedProgram | undefined;
  readonly shellForm: ShellFormStartup | undefined;
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

/**
 * How a container of this stage's image starts: from the image's ENTRYPOINT/CMD, or with a
 * Kubernetes `command`/`args` override (then a `sh -c` in `command` is analysed like a shell form).
 */
export async function analyzeStartup(stage: Stage, fs: ImageFileSystem, override?: CommandOverride): Promise<Startup> {
  const command = effectiveCommand(stage, override);
  const argv0 = command?.argv[0];
  const program = argv0 === undefined ? undefined : await resolveProgram(stage, argv0, fs);
  let shellForm: ShellFormStartup | undefined;
  const shellRun = command ? (command.shellForm ?? explicitShell(command, stage)) : undefined;
  if (shellRun) {
    const { script, at, shellArgv } = shellRun;
    const analysis = analyzeShellString(await parseShell(script));
    const lastName = analysis.last?.[0]?.literal;
    const lastProgram = lastName !== undefined && lastName.includes('/') ? await resolveProgram(stage, lastName, fs) : undefined;
    shellForm = { script, at, shellArgv, shellKind: shellKindOf(shellArgv[0] ?? '/bin/sh', stage) ?? 'unknown', analysis, lastProgram };
  }
  return { stage, command, program, shellForm };
}

/** `["sh", "-c", "…"]` written out (exec form, or a Kubernetes command) runs exactly like a shell form. */
function explicitShell(command: EffectiveCommand, stage: Stage): EffectiveCommand['shellForm'] {
  const [shell, flag, script] = command.argv;
  if (shell === undefined || flag !== '-c' || script === undefined || command.at === undefined) return undefined;
  if (shellKindOf(shell, stage) === undefined) return undefined;
  return { script, at: command.at, shellArgv: [shell, flag] };
}
