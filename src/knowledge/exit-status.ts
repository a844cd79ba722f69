import type { ProgramFacts, RuntimeOutcome, ShellKind } from './types.js';

/**
 * The status a shell's `exit N` builtin produces. The status is taken modulo 256;
 * an argument the shell does not accept as a number is an error with status 2.
 * Lab cases "exit 3.5|300|-1 <shell>" (lab/cases.ts): dash 0.5.12 rejects `exit -1`
 * ("Illegal number: -1") and exits 2 — only bash accepts negative numbers.
 */
export const EXIT_BUILTIN: Readonly<Record<ShellKind, { readonly acceptsNegative: boolean; readonly source: string }>> = {
  dash: { acceptsNegative: false, source: 'dash src/main.c exitcmd → src/mystring.c number(): "Illegal number"; lab "exit -1 dash" → 2' },
  bash: { acceptsNegative: true, source: 'bash builtins/exit.def get_exitstat: legal_number, & 0xFF; lab "exit -1 bash" → 255' },
  busybox: { acceptsNegative: false, source: 'busybox shell/ash.c exitcmd → number(): "Illegal number"; lab "exit -1 busybox" → 2' },
};

export function exitStatusOf(shell: ShellKind, argument: string): number {
  const pattern = EXIT_BUILTIN[shell].acceptsNegative ? /^[+-]?\d+$/ : /^\+?\d+$/;
  if (!pattern.test(argument)) return 2;
  return ((Number(BigInt(argument) % 256n) % 256) + 256) % 256;
}

/**
 * Failures to start a program that a process of the container reports itself, after the
 * container started: the runtime sees an ordinary exit with this status (reason `Error`).
 */
export const EXEC_FAILURES = {
  /** A shell's command is not found (POSIX 2.8.2). */
  shellCommandNotFound: afterStartExit(
    127,
    'POSIX.1-2017 Shell Command Language 2.8.2 (command not found: 127); lab case "dash -c ./x.sh interpreter-missing"',
  ),
  /** A shell's command is found but not executable (POSIX 2.8.2). */
  shellCommandNotExecutable: afterStartExit(126, 'POSIX.1-2017 Shell Command Language 2.8.2 (not executable: 126); lab case "dash -c ./x.sh not-executable"'),
  /** A script's `exec` names a program that does not exist (POSIX `exec`). */
  shellExecNotFound: afterStartExit(127, 'POSIX.1-2017 exec: "If command is not found, the exit status shall be 127"; lab case "script-exec-missing"'),
  /** `#!/usr/bin/env NAME` where NAME cannot be found (coreutils and busybox env). */
  envNotFound: afterStartExit(127, 'coreutils env(1): "127 if COMMAND cannot be found"; lab case "env-missing-command"'),
  /** A CMD written like exec form but not JSON runs as shell form: its first word (`[python,`) is not found. */
  brokenExecForm: afterStartExit(
    127,
    'Dockerfile reference, shell and exec form (the exec form is parsed as a JSON array, double quotes only); POSIX.1-2017 2.8.2 (command not found: 127)',
  ),
} as const satisfies Record<string, RuntimeOutcome>;

/** A program of the container that exits by itself right after start, with this status (reason `Error`). */
export function afterStartExit(exitCode: number, source: string): RuntimeOutcome & { readonly exitCode: number } {
  return { exitCode, reason: 'Error', phase: 'start', shown: `exits ${exitCode}`, source };
}

/** What an init reports when it cannot exec its child (ProgramFacts.childExecFailure). */
export function initExecFailure(facts: ProgramFacts): RuntimeOutcome {
  const failure = facts.childExecFailure;
  if (!failure) throw new Error(`knowledge: ${facts.id} has no childExecFailure`);
  return afterStartExit(failure.notFound, failure.source);
}
