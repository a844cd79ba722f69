import { startFailure } from '../knowledge/runtimes.js';
import { SHELL_KINDS } from '../knowledge/shells.js';
import { afterStartExit, EXEC_FAILURES, initExecFailure } from '../knowledge/exit-status.js';
import type { RuntimeName, ShellKind } from '../knowledge/types.js';
import type { ProcessStep } from '../model/process/pid1.js';
import { shellStaysPid1 } from '../model/process/command.js';
import type { Location } from '../parse/location.js';
import type { ResolvedProgram } from '../model/image/lookup.js';
import type { Startup } from '../model/process/startup.js';
import type { Cause, StartCause, StopCause } from './causes.js';

/*
 * Start failures and stop outcomes, computed once over a `Startup`, so that the Dockerfile
 * rules and the Kubernetes side (a pod's command/args) see the same causes. runc resolves the
 * program before start (a create-time error, libcontainer/standard_init_linux.go); the real
 * execve, and with it the kernel's `#!` and loader lookup, happens after start (init_linux.go).
 */

const memo = new WeakMap<Startup, Map<RuntimeName, readonly Cause[]>>();

/** Every cause of how this start of an image fails or ends: start failures first, then stop causes. */
export function startupCauses(startup: Startup, runtime: RuntimeName): readonly Cause[] {
  let byRuntime = memo.get(startup);
  if (!byRuntime) {
    byRuntime = new Map();
    memo.set(startup, byRuntime);
  }
  let causes = byRuntime.get(runtime);
  if (!causes) {
    const start = startCauses(startup, runtime);
    causes = start.length > 0 || startBlocked(startup) ? start : stopCauses(startup);
    byRuntime.set(runtime, causes);
  }
  return causes;
}

/** The container certainly fails to start: then its stop (or daemonizing) does not matter. */
function startBlocked(startup: Startup): boolean {
  const program = startup.program;
  return !!program?.skippedNonExecutable || (program?.file.state === 'file' && program.file.executable === false && program.via !== 'PATH');
}

function startCauses(startup: Startup, runtime: RuntimeName): StartCause[] {
  const first = [...absentPrograms(startup, runtime), ...notExecutable(startup, runtime), ...noShell(startup, runtime), ...interpreter(startup, runtime)];
  return first.length > 0 ? first : exitsAtStart(startup);
}

/** The container starts, then its process chain ends at once: a broken exec form, a server that refuses root. */
function exitsAtStart(startup: Startup): StartCause[] {
  const start = startup.chain.start;
  if (!start) return [];
  if (start.kind === 'shell-command-not-found') return [{ kind: 'broken-exec-form', at: start.at, word: start.word, outcome: EXEC_FAILURES.brokenExecForm }];
  return [{ kind: 'server-refuses-root', at: start.at, start, outcome: afterStartExit(start.exitCode, start.source) }];
}

function absentPrograms(startup: Startup, runtime: RuntimeName): StartCause[] {
  const out: StartCause[] = [];
  const { program, command, at } = startup;
  if (!at) return out;
  if (program && !command?.shellForm && program.file.state === 'absent' && !program.skippedNonExecutable) {
    out.push({ kind: 'program-absent', at, program, outcome: startFailure('not-found', runtime) });
    return out;
  }
  const steps = startup.chain.steps;
  steps.forEach((step, i) => {
    const previous = steps[i - 1];
    if (step.kind === 'shell') out.push(...shellLastAbsent(step));
    if (i === 0 || !previous) return;
    const missing = programOf(step);
    if (!missing || missing.file.state !== 'absent') return;
    if (previous.kind === 'init') out.push({ kind: 'child-absent', at: step.at, parent: previous, program: missing, outcome: initExecFailure(previous.facts) });
    else if (previous.kind === 'script')
      out.push({ kind: 'child-absent', at: step.at, parent: previous, program: missing, outcome: EXEC_FAILURES.shellExecNotFound });
  });
  return out;
}

function shellLastAbsent(step: Extract<ProcessStep, { kind: 'shell' }>): StartCause[] {
  const last = step.lastProgram;
  if (!last || last.file.state !== 'absent' || step.shellKind === 'none') return [];
  return [{ kind: 'shell-command-absent', at: step.at, step, program: last, outcome: EXEC_FAILURES.shellCommandNotFound }];
}

function programOf(step: ProcessStep): ResolvedProgram | undefined {
  return step.kind === 'program' || step.kind === 'script' || step.kind === 'init' || step.kind === 'wrapper' ? step.program : undefined;
}

function notExecutable(startup: Startup, runtime: RuntimeName): StartCause[] {
  const out: StartCause[] = [];
  const program = startup.program;
  const shellForm = startup.command?.shellForm;
  // A bare name is searched along PATH, where a non-executable file is skipped ("not found" instead).
  if (program && program.via !== 'PATH' && program.file.state === 'file' && program.file.executable === false && !shellForm) {
    const at = startup.command?.at ?? program.file.placedAt;
    if (at) out.push({ kind: 'not-executable', at, program, file: program.file, outcome: startFailure('not-executable', runtime) });
  }
  const skipped = program?.skippedNonExecutable;
  if (program && skipped && !shellForm) {
    const at = startup.command?.at ?? skipped.file.placedAt;
    if (at)
      out.push({
        kind: 'path-entry-not-executable',
        at,
        program,
        imagePath: skipped.imagePath,
        file: skipped.file,
        outcome: startFailure('not-found', runtime),
      });
  }
  const shell = startup.shellForm;
  const last = shell?.lastProgram;
  if (shell && last && last.file.state === 'file' && last.file.executable === false && shell.shellKind !== 'none')
    out.push({ kind: 'shell-command-not-executable', at: shell.at, program: last, file: last.file, outcome: EXEC_FAILURES.shellCommandNotExecutable });
  return out;
}

function noShell(startup: Startup, runtime: RuntimeName): StartCause[] {
  const shellForm = startup.command?.shellForm;
  const shell = startup.launch.shell;
  if (!shellForm || !shell || shell.file.state !== 'absent') return [];
  return [{ kind: 'no-shell', at: shellForm.at, shell, shellArgv: shellForm.shellArgv, outcome: startFailure('no-shell', runtime) }];
}

/** The script's interpreter, the binary's loader, or a Go binary's C library is missing; or a script has no `#!`. */
function interpreter(startup: Startup, runtime: RuntimeName): StartCause[] {
  const { launch, at, program } = startup;
  if (!at || !program) return [];
  const outcome = startFailure('interpreter-missing', runtime);
  const content = launch.content;
  if (content?.kind === 'script') {
    const shebang = content.shebang;
    if (!shebang) return [{ kind: 'no-shebang', at, program, firstLine: content.firstLine, outcome: startFailure('exec-format', runtime) }];
    const shown = `#!${shebang.interpreter}${shebang.argument ? ` ${shebang.argument}` : ''}`;
    if (shebang.crlf) {
      if (shebang.interpreter === '/usr/bin/env' && shebang.argument)
        return [{ kind: 'crlf-env-shebang', at, program, target: shebang.argument, shebangAt: shebang.at, shebang: shown, outcome: EXEC_FAILURES.envNotFound }];
      return [{ kind: 'crlf-shebang', at, program, interpreter: shebang.interpreter, shebangAt: shebang.at, shebang: shown, outcome }];
    }
    const found = launch.interpreter;
    if (found?.file.state === 'absent')
      return [{ kind: 'interpreter-absent', at, program, interpreter: found.path, shebangAt: shebang.at, shebang: shown, outcome }];
    const target = found?.envTarget;
    if (found?.file.state === 'file' && target?.file.state === 'absent')
      return [{ kind: 'env-target-absent', at, program, target, shebangAt: shebang.at, shebang: shown, outcome: EXEC_FAILURES.envNotFound }];
    return [];
  }
  const loader = launch.loader;
  if (loader?.file.state !== 'absent') return [];
  const go = launch.go;
  return [
    {
      kind: 'loader-absent',
      at,
      program,
      loader: loader.path,
      libc: loader.path.includes('musl') ? 'musl' : 'glibc',
      go: go ? { linkWhy: go.linkWhy, at: go.at } : undefined,
      outcome,
    },
  ];
}

function stopCauses(startup: Startup): StopCause[] {
  const out: StopCause[] = [];
  const daemon = startup.chain.daemonizes;
  if (daemon) out.push({ kind: 'daemonizes', at: daemon.at, daemon });
  const shell = shellStays(startup);
  if (shell) out.push(shell);
  else if (!daemon) out.push(...pid1Ignores(startup));
  return out;
}

/** A `-c` shell, written in the Dockerfile or the manifest, or exec'd into by an official entrypoint, that stays PID 1. */
function shellStays(startup: Startup): StopCause | undefined {
  // A command that daemonizes ends the shell at once: it never gets to a stop.
  if (startup.chain.daemonizes) return undefined;
  // Not the init of its PID namespace (shareProcessNamespace, hostPID): the default action of SIGTERM kills the shell (143).
  if (startup.stop.notNamespaceInit) return undefined;
  const stopSignal = startup.stage.stopSignal?.value.toUpperCase();
  if (stopSignal === 'SIGKILL' || stopSignal === 'KILL' || stopSignal === '9') return undefined;
  const shellForm = startup.shellForm;
  if (shellForm && shellForm.shellKind !== 'none') {
    const { analysis } = shellForm;
    // A broken parse tells nothing: no prediction.
    if (analysis.hasErrors) return undefined;
    // A trap installs a handler: only one that cannot run in time is a cause.
    if (analysis.trap) return trapTooLate(startup, shellForm.at);
    // FROM names an open build argument: the image could be anything, so nothing is said.
    if (shellForm.shellKind === 'unknown' && startup.stage.from === undefined) return undefined;
    // Behind an ENTRYPOINT that is not known the chain stops before the shell: the shell form is still the one written here.
    const step =
      startup.chain.steps.find((s): s is Extract<ProcessStep, { kind: 'shell' }> => s.kind === 'shell') ??
      (startup.command?.entrypointUnknown
        ? ({
            kind: 'shell',
            shellArgv0: shellForm.shellArgv[0] ?? '/bin/sh',
            shellKind: shellForm.shellKind,
            analysis,
            staysPid1: undefined,
            lastProgram: shellForm.lastProgram,
            at: shellForm.at,
          } as const)
        : undefined);
    if (!step) return undefined;
    const candidates: readonly ShellKind[] = shellForm.shellKind === 'unknown' ? SHELL_KINDS : [shellForm.shellKind];
    const staying = candidates.filter((kind) => shellStaysPid1(kind, analysis) === true);
    if (staying.length === 0) return undefined;
    const certain = staying.length === candidates.length;
    if (shellForm.shellKind !== 'unknown' && !certain) return undefined;
    const entrypointUnknown = startup.command?.entrypointUnknown === true;
    return { kind: 'shell-stays-pid1', at: shellForm.at, step, shells: staying, certain, behind: undefined, entrypointUnknown, outcome: { exitCode: 137 } };
  }
  // An entrypoint script (an official image's docker-entrypoint.sh, or the project's own) that
  // `exec "$@"`s a shell-form CMD or args: ["/bin/sh", "-c", …] makes that shell PID 1
  // (lab: node:20 + CMD node server.js → PID 1 is sh, 137 on runc, crun, docker and containerd).
  const pid1 = startup.stop.pid1;
  if (pid1?.kind !== 'shell' || pid1.staysPid1 !== true || startup.stop.exitCode !== 137) return undefined;
  if (pid1.analysis.trap || pid1.analysis.hasErrors || pid1.shellKind === 'none' || pid1.shellKind === 'unknown') return undefined;
  const before = startup.chain.steps.slice(0, startup.chain.steps.indexOf(pid1));
  const behind = before.findLast((s): s is Extract<ProcessStep, { kind: 'wrapper' } | { kind: 'script' }> => s.kind === 'wrapper' || s.kind === 'script');
  // The shell string is the image's shell-form CMD: that is the line to change.
  const cmd = startup.command?.cmd;
  const at = cmd?.form === 'shell' ? cmd.at : (startup.command?.overrideAt ?? pid1.at);
  return { kind: 'shell-stays-pid1', at, step: pid1, shells: [pid1.shellKind], certain: true, behind, entrypointUnknown: false, outcome: { exitCode: 137 } };
}

/** A trapped `-c` shell that still needs SIGKILL (the stop outcome says why: shell-program.ts). */
function trapTooLate(startup: Startup, at: Location): StopCause | undefined {
  const { stop } = startup;
  const step = stop.pid1;
  if (step?.kind !== 'shell' || stop.exitCode !== 137 || stop.certainty === 'unknown') return undefined;
  const cause = stop.cause;
  if (cause.kind === 'trap-waits-for-foreground')
    return { kind: 'shell-trap-too-late', at, step, stop, foreground: cause.foreground?.map((w) => w.text).join(' ') };
  if (cause.kind === 'shell-stays' && cause.shape === 'inLoop') return { kind: 'shell-trap-too-late', at, step, stop, foreground: undefined };
  return undefined;
}

/** PID 1 does not end on the stop signal: SIGKILL at grace end (137), or a Go binary's exit(2). Clean ends are no cause. */
function pid1Ignores(startup: Startup): StopCause[] {
  const { stop, at } = startup;
  const pid1 = stop.pid1;
  if (!at || !pid1 || stop.clean || stop.certainty === 'unknown' || stop.exitCode === undefined) return [];
  if (pid1.kind === 'script') {
    const trapped = pid1.content.body.traps.some((t) => t.installsHandler && t.signals.includes(stop.signal));
    // `bash /run.sh`: the line that names the script is where the shell is given it.
    return [{ kind: 'script-stays-pid1', at: pid1.runBy === 'argument' ? pid1.at : at, step: pid1, stop, trapped }];
  }
  if (pid1.kind !== 'program') return [];
  if (stop.cause.kind === 'package-runner') return [{ kind: 'runner-drops-signal', at: pid1.at, step: pid1, stop }];
  if (stop.cause.kind === 'program-reloads') return [{ kind: 'program-reloads', at: pid1.at, step: pid1, stop }];
  return [{ kind: 'program-ignores-signal', at, step: pid1, stop }];
}
