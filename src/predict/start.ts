import type { RelatedLocation, Report } from '../engine/rule.js';
import { startFailure } from '../knowledge/runtimes.js';
import type { RuntimeName } from '../knowledge/types.js';
import type { ImageFileState } from '../model/image-fs.js';
import type { Stage } from '../model/image.js';
import type { ProcessStep } from '../model/pid1.js';
import { execFormSuggestion, keywordOf } from './describe.js';
import { imagePathOf, type ResolvedProgram, type Startup } from '../model/startup.js';

/*
 * Start failures, written once over a `Startup` so that the Dockerfile rules and the
 * Kubernetes side (a pod's command/args, probes, hooks) report the same outcome.
 * ../shared/FACTS.md §1: runc resolves the program before start (create-time error), the
 * real execve (and the kernel's `#!`/loader lookup) happens after start.
 */

/** Why a program is not in the image, in words a user can check. */
export function whyAbsent(program: ResolvedProgram, stage: Stage): string {
  const from =
    stage.baseState === 'scratch' ? 'FROM scratch starts empty' : stage.base ? `${stage.from ?? stage.fromRaw} (${stage.base.variant}) has none` : undefined;
  const where = program.via === 'PATH' ? `no directory of PATH (${imagePathOf(stage)}) has it` : `${program.imagePath ?? program.argv0} does not exist`;
  return `${where}: nothing in the Dockerfile puts it there${from ? ` and ${from}` : ''}`;
}

/** The container's first program, or a command one of its processes runs, is not in the image. */
export function programNotFound(startup: Startup, runtime: RuntimeName): Report[] {
  const out: Report[] = [];
  const { program, command, at } = startup;
  if (!at) return out;
  if (program && !command?.shellForm && program.file.state === 'absent' && !program.skippedNonExecutable) {
    const outcome = startFailure('not-found', runtime);
    out.push({
      at,
      exitCode: outcome.exitCode,
      reason: outcome.reason,
      phase: outcome.phase,
      message: `${program.argv0} is not in the image: ${whyAbsent(program, startup.stage)}. The runtime cannot start the container (${runtime}: ${outcome.shown}). Install or COPY it, or fix the path.`,
    });
    return out;
  }
  const steps = startup.chain.steps;
  steps.forEach((step, i) => {
    const previous = steps[i - 1];
    if (i === 0 || !previous) {
      if (step.kind === 'shell') out.push(...shellLastNotFound(step, startup));
      return;
    }
    if (step.kind === 'shell') out.push(...shellLastNotFound(step, startup));
    const missing = programOf(step);
    if (!missing || missing.file.state !== 'absent') return;
    const why = whyAbsent(missing, startup.stage);
    if (previous.kind === 'init') {
      // tini: 127 when execvp fails with ENOENT; dumb-init: 2 (lab "tini-missing-child", "dumb-init-missing-child").
      const code = previous.facts.id === 'dumb-init' ? 2 : 127;
      out.push({
        at: step.at,
        exitCode: code,
        reason: 'Error',
        phase: 'start',
        message: `${previous.argv[0] ?? 'the init'} starts ${missing.argv0}, which is not in the image (${why}); it exits ${code} at once, then CrashLoopBackOff. Install or COPY it, or fix the path.`,
      });
    } else if (previous.kind === 'script') {
      // POSIX `exec`: "If command is not found, the exit status shall be 127" (lab "script-exec-missing").
      out.push({
        at: step.at,
        exitCode: 127,
        reason: 'Error',
        phase: 'start',
        message: `${previous.argv[0] ?? 'the entrypoint script'} execs ${missing.argv0}, which is not in the image (${why}); the shell reports "not found" and exits 127, then CrashLoopBackOff. Install or COPY it, or fix the path.`,
        related: previous.content.body.execs.map((e) => ({ at: e.at, message: 'exec here' })),
      });
    }
  });
  return out;
}

function shellLastNotFound(step: Extract<ProcessStep, { kind: 'shell' }>, startup: Startup): Report[] {
  const last = step.lastProgram;
  if (!last || last.file.state !== 'absent' || step.shellKind === 'none') return [];
  // POSIX 2.8.2: a command not found gives 127 (lab "dash -c ./x.sh interpreter-missing").
  return [
    {
      at: step.at,
      exitCode: 127,
      reason: 'Error',
      phase: 'start',
      message: `${step.shellArgv0} runs ${last.argv0}, which is not in the image (${whyAbsent(last, startup.stage)}); the shell reports "not found" and exits 127 as soon as the container starts, then CrashLoopBackOff. Install or COPY it, or fix the path.`,
    },
  ];
}

function programOf(step: ProcessStep): ResolvedProgram | undefined {
  return step.kind === 'program' || step.kind === 'script' || step.kind === 'init' || step.kind === 'wrapper' ? step.program : undefined;
}

/** A shell-form command in an image without the shell it needs (scratch, distroless). */
export function shellFormWithoutShell(startup: Startup, runtime: RuntimeName): Report[] {
  const shellForm = startup.command?.shellForm;
  const shell = startup.launch.shell;
  if (!shellForm || !shell || shell.file.state !== 'absent') return [];
  const outcome = startFailure('no-shell', runtime);
  const stage = startup.stage;
  const first = startup.chain.steps[0];
  const suggestion = first?.kind === 'shell' && first.analysis.shape === 'alone' ? execFormSuggestion(keywordOf(stage), first.analysis.last) : undefined;
  const image =
    stage.baseState === 'scratch' ? 'FROM scratch has no files at all' : `${stage.from ?? stage.fromRaw} (${stage.base?.variant ?? 'this image'}) has no shell`;
  return [
    {
      at: shellForm.at,
      exitCode: outcome.exitCode,
      reason: outcome.reason,
      phase: outcome.phase,
      message: `Shell form runs ${shellForm.shellArgv.join(' ')} "…", but ${shell.argv0} is not in the image: ${image}. The runtime cannot start the container (${runtime}: ${outcome.shown}). Use exec form${suggestion ? `: ${suggestion}` : ''}.`,
    },
  ];
}

/** The script's interpreter, the binary's loader, or a Go binary's C library is missing; or a script has no `#!`. */
export function interpreterMissing(startup: Startup, runtime: RuntimeName): Report[] {
  const { launch, at, program } = startup;
  if (!at || !program) return [];
  const outcome = startFailure('interpreter-missing', runtime);
  const tail = `The kernel cannot start it after the container started (${runtime}: ${outcome.shown}), then CrashLoopBackOff.`;
  const report = (message: string, related: RelatedLocation[] = []): Report[] => [
    { at, exitCode: outcome.exitCode, reason: outcome.reason, phase: outcome.phase, message, related },
  ];
  const content = launch.content;
  if (content?.kind === 'script') {
    const shebang = content.shebang;
    if (!shebang) {
      const format = startFailure('exec-format', runtime);
      return [
        {
          at,
          exitCode: format.exitCode,
          reason: format.reason,
          phase: format.phase,
          message: `${program.argv0} has no #! line, so the kernel cannot execute it ("exec format error": only a shell falls back to running such a file itself, and exec form involves no shell). The container fails right after start (${runtime}: ${format.shown}). Add a first line such as #!/bin/sh.`,
          related: [{ at: content.firstLine, message: 'first line of the script' }],
        },
      ];
    }
    const related = [
      { at: shebang.at, message: `#!${shebang.interpreter.replace(/\r$/, '\\r')}${shebang.argument ? ` ${shebang.argument.replace(/\r$/, '\\r')}` : ''}` },
    ];
    if (shebang.crlf) {
      if (shebang.interpreter === '/usr/bin/env' && shebang.argument)
        return [
          {
            at,
            exitCode: 127,
            reason: 'Error',
            phase: 'start',
            message: `${program.argv0} has Windows line endings (CRLF): its #! line asks env for "${shebang.argument.replace(/\r$/, '')}\\r", which does not exist, so env exits 127 right after start, then CrashLoopBackOff. Convert it to LF (dos2unix, or .gitattributes "*.sh text eol=lf").`,
            related,
          },
        ];
      return report(
        `${program.argv0} has Windows line endings (CRLF): the kernel looks for the interpreter "${shebang.interpreter.replace(/\r$/, '')}\\r", which does not exist. ${tail} Convert it to LF (dos2unix, or .gitattributes "*.sh text eol=lf").`,
        related,
      );
    }
    const interpreter = launch.interpreter;
    if (interpreter?.file.state === 'absent')
      return report(
        `${program.argv0} starts with #!${interpreter.path}, which is not in the image${imageNote(startup.stage, interpreter.path)}. ${tail} Install it, or change the #! line to an interpreter the image has (e.g. #!/bin/sh).`,
        related,
      );
    const target = interpreter?.envTarget;
    if (interpreter?.file.state === 'file' && target?.file.state === 'absent')
      // coreutils/busybox env: "127 if COMMAND cannot be found".
      return [
        {
          at,
          exitCode: 127,
          reason: 'Error',
          phase: 'start',
          message: `${program.argv0} starts with #!/usr/bin/env ${target.argv0}, and ${target.argv0} is not in the image (${whyAbsent(target, startup.stage)}): env exits 127 right after start, then CrashLoopBackOff. Install it, or change the #! line to an interpreter the image has.`,
          related,
        },
      ];
    return [];
  }
  const loader = launch.loader;
  if (loader?.file.state === 'absent') {
    const libc = loader.path.includes('musl') ? 'musl' : 'glibc';
    const go = launch.go;
    const why = go ? `it is a Go binary: ${go.linkWhy}` : `it is dynamically linked against ${libc} (program interpreter ${loader.path})`;
    const fix = go
      ? 'Build it with CGO_ENABLED=0, or use a base image with that C library (e.g. distroless/base for glibc).'
      : `Use a base image with ${libc}, or link the program statically.`;
    return report(
      `${program.argv0} cannot run in this image: ${why}, and ${startup.stage.from ?? 'the final image'} has no ${libc} loader, so execve fails with "no such file or directory". ${tail} ${fix}`,
      go ? [{ at: go.at, message: 'built here' }] : [],
    );
  }
  return [];
}

function imageNote(stage: Stage, p: string): string {
  if (stage.baseState === 'scratch') return ' (FROM scratch starts empty)';
  if (!stage.base) return '';
  return p.endsWith('bash') && !stage.base.bash
    ? ` (${stage.from ?? stage.fromRaw} is ${stage.base.variant}, which has no bash)`
    : ` (${stage.from ?? stage.fromRaw} is ${stage.base.variant})`;
}

/** Whether the container certainly fails to start: then its stop (or daemonizing) does not matter. */
export function startFails(startup: Startup, runtime: RuntimeName): boolean {
  const program = startup.program;
  const notExecutable = program?.file.state === 'file' && program.file.executable === false && program.via !== 'PATH';
  return (
    notExecutable ||
    !!program?.skippedNonExecutable ||
    programNotFound(startup, runtime).length > 0 ||
    shellFormWithoutShell(startup, runtime).length > 0 ||
    interpreterMissing(startup, runtime).length > 0
  );
}

/** Whether a program is in the image: for probes and hooks as much as for the entrypoint. */
export function fileVerdict(file: ImageFileState): 'present' | 'absent' | 'unknown' {
  if (file.state === 'file') return file.executable === false ? 'unknown' : 'present';
  if (file.state === 'absent') return 'absent';
  return 'unknown';
}
