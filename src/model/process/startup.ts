import type { ShellKind } from '../../knowledge/types.js';
import { parseShell } from '../../parse/shell.js';
import type { ImageFileState, ImageFileSystem } from '../image/image-fs.js';
import type { Stage } from '../image/stage.js';
import type { Location } from '../../parse/location.js';
import { readExecutable, type ExecutableContent } from './entry-script.js';
import { goBuildOf, type GoBuild } from './go-build.js';
import { processChain, stopOutcome, type ProcessChain, type StopOutcome } from './pid1.js';
import { analyzeShellString, effectiveCommand, shellKindOf, type CommandOverride, type EffectiveCommand, type ShellStringAnalysis } from './command.js';
import { resolveProgram, type ResolvedProgram } from '../image/lookup.js';

export interface ShellFormStartup {
  readonly script: string;
  readonly at: Location;
  readonly shellArgv: readonly string[];
  readonly shellKind: ShellKind | 'none' | 'unknown';
  readonly analysis: ShellStringAnalysis;
  /** The program the string's last command names, when it is a path (`./entry.sh`). */
  readonly lastProgram: ResolvedProgram | undefined;
}

/** What the runtime finds when it starts the first program (runc: looked up at create in libcontainer/standard_init_linux.go, execve after start in init_linux.go). */
export interface Launch {
  /** The first program's content, when lint-k8s can read it (build context or here-document). */
  readonly content: ExecutableContent | undefined;
  /** A script's `#!` interpreter looked up in the image; for `#!/usr/bin/env NAME`, NAME along PATH too. */
  readonly interpreter: { readonly path: string; readonly file: ImageFileState; readonly envTarget: ResolvedProgram | undefined } | undefined;
  /** An ELF binary's program interpreter (dynamic loader), looked up in the image. */
  readonly loader: { readonly path: string; readonly file: ImageFileState } | undefined;
  /** The `go build` that produced the first program, when it is traced to one. */
  readonly go: GoBuild | undefined;
  /** The shell that runs a shell-form command, looked up in the image. */
  readonly shell: ResolvedProgram | undefined;
}

/** How the final image starts: the command, the program run first, and a shell-form string's shape. */
export interface Startup {
  readonly stage: Stage;
  readonly command: EffectiveCommand | undefined;
  readonly program: ResolvedProgram | undefined;
  readonly shellForm: ShellFormStartup | undefined;
  /** Where the start is written: the command's instruction or manifest field. */
  readonly at: Location | undefined;
  readonly launch: Launch;
  /** From the first process to the one that stays PID 1. */
  readonly chain: ProcessChain;
  readonly stop: StopOutcome;
}

/**
 * How a container of this stage's image starts: from the image's ENTRYPOINT/CMD, or with a
 * Kubernetes `command`/`args` override (then a `sh -c` in `command` is analysed like a shell form).
 */
/** How the pod runs the container, where it changes the outcome. */
export interface StartupContext {
  /** `pod`: `shareProcessNamespace: true`; `host`: `hostPID: true`: the first process is not the init of its PID namespace. */
  readonly pidNamespace?: 'container' | 'pod' | 'host';
  /** `runAsUser` of the pod or container. */
  readonly runAsUser?: number;
}

export async function analyzeStartup(stage: Stage, fs: ImageFileSystem, override?: CommandOverride, context: StartupContext = {}): Promise<Startup> {
  const command = effectiveCommand(stage, override);
  const argv0 = command?.argv[0];
  const program = argv0 === undefined ? undefined : await resolveProgram(stage, argv0, fs);
  let shellForm: ShellFormStartup | undefined;
  const shellRun = command ? (command.shellForm ?? explicitShell(command, stage)) : undefined;
  if (shellRun) {
    const { script, at, shellArgv } = shellRun;
    const analysis = await analyzeShellString(await parseShell(script), at);
    const lastName = analysis.last?.[0]?.literal;
    const lastProgram = lastName !== undefined && lastName.includes('/') ? await resolveProgram(stage, lastName, fs) : undefined;
    shellForm = { script, at, shellArgv, shellKind: shellKindOf(shellArgv[0] ?? '/bin/sh', stage) ?? 'unknown', analysis, lastProgram };
  }
  // An ENTRYPOINT inherited from the base image has no instruction: the CMD (or FROM) is where the start is written.
  const at = command?.at ?? shellForm?.at ?? stage.cmd?.at ?? stage.at;
  const chain: ProcessChain =
    command && at
      ? await processChain({
          stage,
          fs,
          at,
          argv: shellRun ? undefined : command.argv,
          shellForm: shellRun,
          args: command.args,
          entrypointUnknown: command.entrypointUnknown,
          ...(context.runAsUser !== undefined ? { runAsUser: context.runAsUser } : {}),
        })
      : { steps: [], pid1: undefined, daemonizes: undefined, start: undefined };
  const launch = await launchOf(stage, fs, program, shellRun?.shellArgv[0]);
  return { stage, command, program, shellForm, at, launch, chain, stop: stopOutcome(chain, stage, { pidNamespace: context.pidNamespace ?? 'container' }) };
}

async function launchOf(stage: Stage, fs: ImageFileSystem, program: ResolvedProgram | undefined, shellArgv0: string | undefined): Promise<Launch> {
  const shell = shellArgv0 === undefined ? undefined : await resolveProgram(stage, shellArgv0, fs);
  const none: Launch = { content: undefined, interpreter: undefined, loader: undefined, go: undefined, shell };
  if (shellArgv0 !== undefined || !program?.imagePath) return none;
  if (program.file.state === 'unknown') {
    // A binary built in an earlier stage: which C library it needs, from its `go build`.
    const go = await goBuildOf(stage, program.imagePath);
    const loaderPath = go?.links === 'glibc' ? GLIBC_LOADER : go?.links === 'musl' ? MUSL_LOADER : undefined;
    return { ...none, go, loader: loaderPath ? { path: loaderPath, file: await fs.lookup(stage, loaderPath) } : undefined };
  }
  if (program.file.state !== 'file' || program.file.executable === false) return none;
  const content = await readExecutable(program.file, stage.at.file);
  let interpreter: Launch['interpreter'];
  if (content.kind === 'script' && content.shebang && content.shebang.interpreter.startsWith('/')) {
    const { interpreter: interpreterPath, argument } = content.shebang;
    // A CR ending the `#!` line is part of the interpreter's name, which no image has.
    const file: ImageFileState = interpreterPath.endsWith('\r') ? { state: 'absent' } : await fs.lookup(stage, interpreterPath);
    const envTarget = interpreterPath === '/usr/bin/env' && argument !== undefined ? await resolveProgram(stage, argument, fs) : undefined;
    interpreter = { path: interpreterPath, file, envTarget };
  }
  const loaderPath = content.kind === 'elf' ? content.interpreter : undefined;
  const loader = loaderPath ? { path: loaderPath, file: await fs.lookup(stage, loaderPath) } : undefined;
  return { ...none, content, interpreter, loader };
}

/** The dynamic loaders (x86-64 names; absence is judged by the loader family, ld.so(8)). */
const GLIBC_LOADER = '/lib64/ld-linux-x86-64.so.2';
const MUSL_LOADER = '/lib/ld-musl-x86_64.so.1';

/** `["sh", "-c", "…"]` written out (exec form, or a Kubernetes command) runs exactly like a shell form. */
function explicitShell(command: EffectiveCommand, stage: Stage): EffectiveCommand['shellForm'] {
  const [shell, flag, script] = command.argv;
  if (shell === undefined || flag !== '-c' || script === undefined || command.at === undefined) return undefined;
  if (shellKindOf(shell, stage) === undefined) return undefined;
  return { script, at: command.at, shellArgv: [shell, flag] };
}
