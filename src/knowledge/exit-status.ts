import type { ShellKind } from './types.js';

/**
 * The status a shell's `exit N` builtin produces. The status is taken modulo 256;
 * an argument the shell does not accept as a number is an error with status 2.
 * Lab cases "exit 3.5|300|-1 <shell>" (lab/cases.ts). Note: ../shared/FACTS.md §2
 * says `exit -1` gives 255 for dash too; dash 0.5.12 rejects it ("Illegal number: -1")
 * and exits 2 — only bash accepts negative numbers.
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
