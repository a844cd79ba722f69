/**
 * Types of the knowledge base. Every entry carries a `source`: a file in a public
 * repository, an official document, or the lab test (`lab/`) that proves it.
 */

/**
 * Where a knowledge record comes from, as data: lab cases (`lab/cases.ts` names, or a
 * `lab: …` description of a measurement), files in public repositories, documents.
 * `sourceText` (knowledge/sources.ts) renders it for messages and docs.
 */
export interface SourceRef {
  readonly lab?: readonly string[];
  /** `owner/repo path` (or a file path with its project), at the revision read. */
  readonly code?: readonly string[];
  readonly docs?: readonly string[];
}

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
   * Programs verified absent from the image, by name (no file of that name on any PATH
   * directory): an exec probe or hook that runs one fails. A program in neither `binaries`
   * nor `lacks` is not known, and nothing is concluded from it.
   */
  readonly lacks: readonly string[];
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
  | { readonly kind: 'forwards'; readonly source: string }
  /** Installs a handler and shuts down cleanly; the exit status is not recorded. */
  | { readonly kind: 'handles'; readonly source: string }
  /** Handles the signal by reloading itself, so it keeps running: SIGKILL at grace end. */
  | { readonly kind: 'reloads'; readonly source: string }
  /**
   * A package runner (npm): forwards the signal to the `/bin/sh -c` child that runs the package
   * script and exits `exitCode` once that child is gone. Where the script shell stays the app's
   * parent (dash), the shell dies of the signal and the app never receives it.
   */
  | { readonly kind: 'forwards-to-script-shell'; readonly exitCode: number; readonly source: string };

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
  /** Options or environment that change the reaction (uWSGI `--die-on-term`). */
  readonly reactionSwitches?: readonly ReactionSwitch[];
  /** Refuses to run as uid 0 and exits at start (the PostgreSQL server). */
  readonly refusesRoot?: { readonly exitCode: number; readonly error: string; readonly source: string };
  readonly source: string;
}

/** An option (`--die-on-term`), environment variable (`UWSGI_DIE_ON_TERM`) or configuration key that changes how a program reacts to a signal. */
export interface ReactionSwitch {
  readonly signal: StopSignalName;
  readonly options: readonly string[];
  readonly env: readonly string[];
  /** The same setting in the program's configuration file (`die-on-term` in a uWSGI ini). */
  readonly configKey: string | undefined;
  /** Options that name a configuration file the setting could be in (`--ini app.ini`). */
  readonly configOptions: readonly string[];
  readonly reaction: SignalReaction;
}

/**
 * A Python entry point whose stop behaviour is the framework's, not the application's:
 * `python -m flask run`, `python manage.py runserver`. Matched on the module (`-m`) or the
 * script's basename, then the subcommand.
 */
export interface PythonLauncher {
  readonly id: string;
  readonly module: string | undefined;
  readonly script: string | undefined;
  /** The first non-option argument after the module or script (`run`, `runserver`); `undefined`: any. */
  readonly subcommand: string | undefined;
  /** Whether the launcher installs a SIGTERM handler: its default, and the options and environment that turn it on or off. */
  readonly handler: {
    readonly byDefault: boolean;
    readonly onWith: readonly string[];
    readonly offWith: readonly string[];
    /** Environment variables that turn it on when set to a true value (`1`, `true`). */
    readonly onEnv: readonly string[];
  };
  readonly withHandler: SignalReaction;
  readonly withoutHandler: SignalReaction;
  /** Application code runs inside it (and could install a handler of its own): a prediction from the launcher alone is then only likely. */
  readonly runsAppCode: boolean;
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
    /** The last statement is a `while`/`until`/`for` loop (a loop is never exec'd). */
    readonly inLoop: boolean;
    /** A `trap` was set before the last command (a shell with traps must stay to run them). */
    readonly afterTrap: boolean;
  };
  /** A script *file* (not a -c string) never execs its last line. */
  readonly execsLastLineOfScriptFile: boolean;
  /** `sh FILE` (a script file given as an argument) runs the file itself, and stays PID 1 unless the file execs. */
  readonly runsScriptArgument: boolean;
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

/**
 * An official image's entrypoint script that does its setup (initialising, dropping root) only
 * for some first arguments, then `exec "$@"`s whatever it was given.
 */
export interface EntrypointArgumentCheck {
  readonly id: string;
  /** The image repository that ships the script (`postgres`). */
  readonly repository: string;
  /** Where the script is in the image. */
  readonly paths: readonly string[];
  /** First arguments that get the setup: these program names, and (`options`) any argument starting with `-` (prefixed with `program`). */
  readonly setupFor: { readonly programs: readonly string[]; readonly options: boolean };
  /** The server program the setup is for: run without the setup, it runs as the image user. */
  readonly program: string;
  readonly source: SourceRef;
}
