/**
 * Types of the knowledge base. Every entry carries a `source`: a file in a public
 * repository, an official document, or the lab test (`lab/`) that proves it.
 */

/** Which program `/bin/sh` is in an image. `none`: the image has no `/bin/sh`. */
export type ShellKind = 'dash' | 'bash' | 'busybox';
export type BinSh = ShellKind | 'none';
export type Libc = 'glibc' | 'musl' | 'none';

/** Container runtimes whose start-failure reporting differs. */
export type RuntimeName = 'containerd' | 'docker' | 'cri-o';
export const RUNTIMES: readonly RuntimeName[] = ['containerd', 'docker', 'cri-o'];

/** What a Dockerfile's `FROM` brings into the image, for one family of tags. */
export interface BaseImageFacts {
  /** Normalised repository: `python`, `nginx`, `gcr.io/distroless/static-debian12`. */
  readonly repository: string;
  /** Tags this entry covers (tested against the whole tag; `latest` when untagged). */
  readonly tags: RegExp;
  /** Human name of the variant, shown in messages: `Debian bookworm`, `Alpine`. */
  readonly variant: string;
  readonly binSh: BinSh;
  /** `/bin/bash` exists. */
  readonly bash: boolean;
  readonly libc: Libc;
  /** Set (to why) when `libc` is a conservative guess: no loader is then concluded absent from it. */
  readonly libcUnverified?: string;
  /** Default `PATH` of the image config. */
  readonly path: string;
  /** Default user of the image config (`''` = root). */
  readonly user: string;
  readonly workdir?: string;
  readonly entrypoint: readonly string[] | null;
  readonly cmd: readonly string[] | null;
  readonly stopSignal: string | null;
  /** Notable programs present, absolute paths (`/usr/bin/sleep`, `/bin/busybox`). */
  readonly binaries: readonly string[];
  /**
   * Set (to its source) when the image is known to hold none of the programs a Linux
   * distribution ships (shells, coreutils, curl, …) besides `binaries`: distroless.
   */
  readonly withoutDistributionPrograms?: string;
  readonly source: string;
}

/**
 * How a process reacts to a signal sent to it. The kernel delivers to the init of a
 * PID namespace only the signals it has a handler for (pid_namespaces(7)).
 */
export type SignalReaction =
  /** No handler (or a handler that re-raises, which is dropped for PID 1): the signal is lost, SIGKILL at grace end. */
  | { readonly kind: 'ignored-as-pid1'; readonly source: string }
  /** Handles the signal and exits with this status. */
  | { readonly kind: 'exits'; readonly exitCode: number; readonly source: string }
  /** Forwards the signal to its child and exits with the child's outcome (128+signal if the child died of it). */
  | { readonly kind: 'forwards'; readonly source: string };

export type StopSignalName = 'SIGTERM' | 'SIGQUIT' | 'SIGINT' | 'SIGHUP' | 'SIGUSR1' | 'SIGUSR2' | 'SIGWINCH' | 'SIGKILL';

/** A program's behaviour when it is PID 1 of a container. */
export interface ProgramFacts {
  readonly id: string;
  /** Executable basenames (`python3`, `python3.12`), matched after stripping directories. */
  readonly names: readonly string[];
  /** Basename patterns, for versioned names (`python3.11`, `java17`). */
  readonly namePattern?: RegExp;
  readonly kind: 'interpreter' | 'server' | 'init' | 'exec-wrapper' | 'shell' | 'utility' | 'native';
  /** Reaction as PID 1 to each stop signal; a signal absent here is not handled (ignored as PID 1). */
  readonly asPid1: Partial<Record<StopSignalName, SignalReaction>>;
  /** The language runtime lets the application install its own SIGTERM handler. */
  readonly appCanHandle?: boolean;
  /** For inits / exec wrappers: the index of the first argument that is the child command (after options). */
  readonly childCommand?: 'after-double-dash-or-options' | 'after-user-arg';
  /** The program ends within this many seconds of its stop signal (measured on an idle server). */
  readonly shutsDownWithin?: { readonly seconds: number; readonly source: string };
  /** For inits: the status they exit with when their child cannot be exec'd (not found / not executable). */
  readonly childExecFailure?: { readonly notFound: number; readonly notExecutable: number; readonly source: string };
  readonly source: string;
}

/** When a shell run as `sh -c STRING` replaces itself with (execs) the last command. */
export interface ShellFacts {
  readonly kind: ShellKind;
  readonly name: string;
  /** The shapes in which the last simple command of a `-c` string is exec'd. */
  readonly execsLastCommand: {
    readonly alone: boolean;
    readonly afterSemicolon: boolean;
    readonly afterAnd: boolean;
    readonly inSubshell: boolean;
    readonly inIfBody: boolean;
    readonly inPipeline: boolean;
  };
  /** A script *file* (not a -c string) never execs its last line. */
  readonly execsLastLineOfScriptFile: boolean;
  readonly source: string;
}

export type StartFailureCause = 'not-found' | 'not-executable' | 'interpreter-missing' | 'exec-format' | 'no-shell';

export type Phase = 'admission' | 'pull' | 'create' | 'start' | 'run' | 'stop' | 'oom' | 'build';

export interface RuntimeOutcome {
  readonly exitCode: number | null;
  readonly reason: string | null;
  readonly phase: Phase;
  /** What a user sees, e.g. `terminated, reason StartError, exit 128`. */
  readonly shown: string;
  readonly source: string;
}
