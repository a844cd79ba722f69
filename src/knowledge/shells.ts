import type { ShellFacts, ShellKind } from './types.js';

const LAB = 'lab: `sh -c STRING` as PID 1 of a new PID namespace, /proc/1/comm read (lab/cases.ts "shell-exec <shell> <shape>")';

/**
 * A loop, a trap and a script file given as an argument keep every shell as PID 1 (lab, PID
 * namespace, dash 0.5.12, bash 5.2, busybox 1.35, 2026-12-01): `while true; do sleep 2; done`,
 * `trap 'exit 0' TERM; tail -f /dev/null`, `bash /run.sh`, `sh /deploy.sh`.
 */
const SHAPES_LAB = 'lab cases "shell-exec <shell> inLoop|afterTrap" and "lab: bash /run.sh, sh /deploy.sh as PID 1 (every shell stays unless the file execs)"';

/** When `sh -c STRING` replaces itself with the last command (dash 0.5.12, bash 5.2, busybox 1.35). */
export const SHELLS: Readonly<Record<ShellKind, ShellFacts>> = {
  dash: {
    kind: 'dash',
    name: 'dash',
    execsLastCommand: {
      alone: false,
      afterSemicolon: false,
      afterAnd: false,
      inSubshell: false,
      inIfBody: false,
      inPipeline: false,
      inLoop: false,
      afterTrap: false,
    },
    execsLastLineOfScriptFile: false,
    runsScriptArgument: true,
    source: `${LAB}; ${SHAPES_LAB}`,
  },
  bash: {
    kind: 'bash',
    name: 'bash',
    execsLastCommand: {
      alone: true,
      afterSemicolon: true,
      afterAnd: true,
      inSubshell: false,
      inIfBody: false,
      inPipeline: false,
      inLoop: false,
      // bash builtins/evalstring.c should_suppress_fork: no exec while any signal is trapped.
      afterTrap: false,
    },
    execsLastLineOfScriptFile: false,
    runsScriptArgument: true,
    source: `${LAB}; ${SHAPES_LAB}; bash builtins/evalstring.c should_suppress_fork (any_signals_trapped)`,
  },
  busybox: {
    kind: 'busybox',
    name: 'busybox ash',
    execsLastCommand: {
      alone: true,
      afterSemicolon: true,
      afterAnd: true,
      inSubshell: true,
      inIfBody: true,
      inPipeline: false,
      inLoop: false,
      // busybox shell/ash.c evalcommand: forks while may_have_traps.
      afterTrap: false,
    },
    execsLastLineOfScriptFile: false,
    runsScriptArgument: true,
    source: `${LAB}; ${SHAPES_LAB}; busybox shell/ash.c evalcommand (may_have_traps)`,
  },
};

/** Every shell kind lint-k8s knows: the candidates for an image whose `/bin/sh` is not known. */
export const SHELL_KINDS: readonly ShellKind[] = ['dash', 'bash', 'busybox'];

/** Program basenames that are shells, and which kind each one is whatever the image. */
export const SHELL_PROGRAMS: Readonly<Record<string, ShellKind | 'sh'>> = {
  sh: 'sh', // depends on the image's /bin/sh
  dash: 'dash',
  bash: 'bash',
  ash: 'busybox',
  busybox: 'busybox',
};

/** Whether a program path or name is one of the shells above (`/bin/sh`, `bash`, `ash`, …). */
export function isShellProgram(argv0: string): boolean {
  return Object.hasOwn(SHELL_PROGRAMS, argv0.slice(argv0.lastIndexOf('/') + 1));
}
/** Shell options that take a value (`sh -o errexit FILE`): POSIX sh, bash and busybox ash `-o`/`+o`. */
export const SHELL_OPTIONS_WITH_VALUE: ReadonlySet<string> = new Set(['-o', '+o', '-O', '+O', '--rcfile', '--init-file']);

/**
 * Commands that end within a bounded time: a loop made only of these (and `sleep N`) comes back to
 * the shell every few seconds, which then runs a pending trap (POSIX 2.11: traps run after the
 * foreground command completes). Builtins of every shell, and coreutils that read nothing.
 */
export const BOUNDED_COMMANDS: ReadonlySet<string> = new Set([
  'true',
  'false',
  ':',
  'echo',
  'printf',
  'test',
  '[',
  'date',
  'set',
  'export',
  'shift',
  'break',
  'continue',
]);
