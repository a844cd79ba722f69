import type { ShellFacts, ShellKind } from './types.js';

const LAB = 'lab: `sh -c STRING` as PID 1 of a new PID namespace, /proc/1/comm read (lab/cases.ts "shell-exec")';

/** When `sh -c STRING` replaces itself with the last command (dash 0.5.12, bash 5.2, busybox 1.35). */
export const SHELLS: Readonly<Record<ShellKind, ShellFacts>> = {
  dash: {
    kind: 'dash',
    name: 'dash',
    execsLastCommand: { alone: false, afterSemicolon: false, afterAnd: false, inSubshell: false, inIfBody: false, inPipeline: false },
    execsLastLineOfScriptFile: false,
    source: LAB,
  },
  bash: {
    kind: 'bash',
    name: 'bash',
    execsLastCommand: { alone: true, afterSemicolon: true, afterAnd: true, inSubshell: false, inIfBody: false, inPipeline: false },
    execsLastLineOfScriptFile: false,
    source: LAB,
  },
  busybox: {
    kind: 'busybox',
    name: 'busybox ash',
    execsLastCommand: { alone: true, afterSemicolon: true, afterAnd: true, inSubshell: true, inIfBody: true, inPipeline: false },
    execsLastLineOfScriptFile: false,
    source: LAB,
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
