import type { DaemonizingStart, ProcessStep, StartOutcome } from '../model/process/pid1.js';
import type { ImageFileState } from '../model/image/image-fs.js';
import type { Location } from '../parse/location.js';
import type { ResolvedProgram } from '../model/image/lookup.js';
import type { RuntimeOutcome, ShellKind } from '../knowledge/types.js';
import type { StopOutcome } from '../model/process/pid1.js';

/*
 * Outcomes as values: how a container of an image ends, and why, as causes. A cause names
 * what the runtime does (its outcome comes from one knowledge record) and the parts of the
 * model that make it happen; it holds no sentences. Each rule claims the cause kinds it
 * reports (`meta.claims`), and test/meta checks that every kind is claimed exactly once.
 */

type FileState = Extract<ImageFileState, { state: 'file' }>;
type ShellStep = Extract<ProcessStep, { kind: 'shell' }>;

/** Why the container never gets to run its program. */
export type StartCause =
  /** The first program is not in the image: runc's LookPath fails at create. */
  | { readonly kind: 'program-absent'; readonly at: Location; readonly program: ResolvedProgram; readonly outcome: RuntimeOutcome }
  /** An init (tini, dumb-init) or a script's `exec` starts a program the image lacks. */
  | {
      readonly kind: 'child-absent';
      readonly at: Location;
      readonly parent: Extract<ProcessStep, { kind: 'init' } | { kind: 'script' }>;
      readonly program: ResolvedProgram;
      readonly outcome: RuntimeOutcome;
    }
  /** A shell's last command names a program the image lacks. */
  | {
      readonly kind: 'shell-command-absent';
      readonly at: Location;
      readonly step: ShellStep;
      readonly program: ResolvedProgram;
      readonly outcome: RuntimeOutcome;
    }
  /** The first program has no execute bit (EACCES at create). */
  | { readonly kind: 'not-executable'; readonly at: Location; readonly program: ResolvedProgram; readonly file: FileState; readonly outcome: RuntimeOutcome }
  /** A bare name whose only file along PATH has no execute bit: LookPath skips it ("not found"). */
  | {
      readonly kind: 'path-entry-not-executable';
      readonly at: Location;
      readonly program: ResolvedProgram;
      readonly imagePath: string;
      readonly file: FileState;
      readonly outcome: RuntimeOutcome;
    }
  /** A shell runs a path without an execute bit: "Permission denied", 126. */
  | {
      readonly kind: 'shell-command-not-executable';
      readonly at: Location;
      readonly program: ResolvedProgram;
      readonly file: FileState;
      readonly outcome: RuntimeOutcome;
    }
  /** Shell form in an image without the shell. */
  | {
      readonly kind: 'no-shell';
      readonly at: Location;
      readonly shell: ResolvedProgram;
      readonly shellArgv: readonly string[];
      readonly outcome: RuntimeOutcome;
    }
  /** The kernel cannot execute the first program after start: its `#!` line, its interpreter, its loader. */
  | { readonly kind: 'no-shebang'; readonly at: Location; readonly program: ResolvedProgram; readonly firstLine: Location; readonly outcome: RuntimeOutcome }
  | {
      readonly kind: 'crlf-shebang';
      readonly at: Location;
      readonly program: ResolvedProgram;
      readonly interpreter: string;
      readonly shebangAt: Location;
      readonly shebang: string;
      readonly outcome: RuntimeOutcome;
    }
  | {
      readonly kind: 'crlf-env-shebang';
      readonly at: Location;
      readonly program: ResolvedProgram;
      readonly target: string;
      readonly shebangAt: Location;
      readonly shebang: string;
      readonly outcome: RuntimeOutcome;
    }
  | {
      readonly kind: 'interpreter-absent';
      readonly at: Location;
      readonly program: ResolvedProgram;
      readonly interpreter: string;
      readonly shebangAt: Location;
      readonly shebang: string;
      readonly outcome: RuntimeOutcome;
    }
  | {
      readonly kind: 'env-target-absent';
      readonly at: Location;
      readonly program: ResolvedProgram;
      readonly target: ResolvedProgram;
      readonly shebangAt: Location;
      readonly shebang: string;
      readonly outcome: RuntimeOutcome;
    }
  /** Written like exec form but not a JSON array: the shell runs a first word such as `[python,` (127 after start). */
  | { readonly kind: 'broken-exec-form'; readonly at: Location; readonly word: string; readonly outcome: RuntimeOutcome }
  /** A server that refuses uid 0 runs as root because the official entrypoint did not step down (postgres behind a shell-form CMD). */
  | {
      readonly kind: 'server-refuses-root';
      readonly at: Location;
      readonly start: Extract<StartOutcome, { kind: 'refuses-root' }>;
      readonly outcome: RuntimeOutcome;
    }
  | {
      readonly kind: 'loader-absent';
      readonly at: Location;
      readonly program: ResolvedProgram;
      readonly loader: string;
      readonly libc: 'glibc' | 'musl';
      readonly go: { readonly linkWhy: string; readonly at: Location } | undefined;
      readonly outcome: RuntimeOutcome;
    };

/** Why the container does not end cleanly when it is stopped, or ends by itself at once. */
export type StopCause =
  /** A `-c` shell stays PID 1 and drops the stop signal: SIGKILL at grace end. */
  | {
      readonly kind: 'shell-stays-pid1';
      readonly at: Location;
      readonly step: ShellStep;
      /** The shells it stays PID 1 under: one known shell, or every candidate of an unknown image. */
      readonly shells: readonly ShellKind[];
      /** `true` when the image's shell is known, or when every shell stays. */
      readonly certain: boolean;
      /** The entrypoint (an official image's docker-entrypoint.sh, or a script that execs "$@") that execs into the shell. */
      readonly behind: Extract<ProcessStep, { kind: 'wrapper' } | { kind: 'script' }> | undefined;
      /** The base image is not known, so neither is its ENTRYPOINT (it could be an init that forwards the signal). */
      readonly entrypointUnknown: boolean;
      readonly outcome: { readonly exitCode: number };
    }
  /** A `-c` shell traps the stop signal, but the trap cannot end it in time: a foreground command that never returns, or a trap that does not exit a loop. */
  | {
      readonly kind: 'shell-trap-too-late';
      readonly at: Location;
      readonly step: ShellStep;
      readonly stop: StopOutcome;
      /** The foreground command the trap waits for (`tail -f /dev/null`), when that is why. */
      readonly foreground: string | undefined;
    }
  /** An entrypoint script stays PID 1 without exec, or traps the signal but runs its command in the foreground. */
  | {
      readonly kind: 'script-stays-pid1';
      readonly at: Location;
      readonly step: Extract<ProcessStep, { kind: 'script' }>;
      readonly stop: StopOutcome;
      readonly trapped: boolean;
    }
  /** The program that is PID 1 installs no handler for the stop signal (137, or a Go binary's exit 2). */
  | { readonly kind: 'program-ignores-signal'; readonly at: Location; readonly step: Extract<ProcessStep, { kind: 'program' }>; readonly stop: StopOutcome }
  /** A package runner (npm, yarn, pnpm) is PID 1: its `sh -c` child (dash) dies of the forwarded signal, the runner exits 1, the app never hears it. */
  | { readonly kind: 'runner-drops-signal'; readonly at: Location; readonly step: Extract<ProcessStep, { kind: 'program' }>; readonly stop: StopOutcome }
  /** The program treats the stop signal as "reload" (uWSGI 2.0 without die-on-term): still running at grace end. */
  | { readonly kind: 'program-reloads'; readonly at: Location; readonly step: Extract<ProcessStep, { kind: 'program' }>; readonly stop: StopOutcome }
  /** The last command starts a daemon and returns: exit 0, Completed. */
  | { readonly kind: 'daemonizes'; readonly at: Location; readonly daemon: DaemonizingStart };

export type Cause = StartCause | StopCause;
export type CauseKind = Cause['kind'];

/** Every cause kind, for the claim check (test/meta). */
export const CAUSE_KINDS: readonly CauseKind[] = [
  'program-absent',
  'child-absent',
  'shell-command-absent',
  'not-executable',
  'path-entry-not-executable',
  'shell-command-not-executable',
  'no-shell',
  'no-shebang',
  'crlf-shebang',
  'crlf-env-shebang',
  'interpreter-absent',
  'env-target-absent',
  'loader-absent',
  'broken-exec-form',
  'server-refuses-root',
  'shell-stays-pid1',
  'shell-trap-too-late',
  'runner-drops-signal',
  'program-reloads',
  'script-stays-pid1',
  'program-ignores-signal',
  'daemonizes',
];

/** The causes of one kind, typed. */
export function causesOf<K extends CauseKind>(causes: readonly Cause[], kind: K): Extract<Cause, { kind: K }>[] {
  return causes.filter((c): c is Extract<Cause, { kind: K }> => c.kind === kind);
}
