import path from 'node:path';
import { daemonizingCommand, type DaemonizingCommand } from '../knowledge/daemons.js';
import { GO_BINARY, OFFICIAL_ENTRYPOINTS, programByName } from '../knowledge/programs.js';
import { SHELLS } from '../knowledge/shells.js';
import type { ProgramFacts, ShellKind } from '../knowledge/types.js';
import { parseShell, type ShellWord } from '../parse/shell.js';
import { handlerInFile, type HandlerEvidence } from './app-source.js';
import { readContextText } from './context-file.js';
import { readExecutable, isAllArguments, normaliseSignal, type ExecutableContent, type ScriptBody } from './entry-script.js';
import { goBuildOf, type GoBuild } from './go-build.js';
import type { ImageFileState, ImageFileSystem } from './image-fs.js';
import type { Stage } from './image.js';
import type { Location } from './location.js';
import { resolveImagePath } from './paths.js';
import { analyzeShellString, shellKindOf, shellStaysPid1, type ShellStringAnalysis } from './process.js';
import { resolveProgram, type ResolvedProgram } from './startup.js';

/**
 * One process the container runs on its way to the long-running program: an init that stays
 * PID 1, an exec wrapper or `exec` that hands PID 1 on, a shell, a script, the program.
 */
export type ProcessStep =
  | { readonly kind: 'init'; readonly argv: readonly string[]; readonly facts: ProgramFacts; readonly program: ResolvedProgram; readonly at: Location }
  | { readonly kind: 'wrapper'; readonly argv: readonly string[]; readonly facts: ProgramFacts; readonly program: ResolvedProgram; readonly at: Location }
  | {
      readonly kind: 'shell';
      readonly shellArgv0: string;
      readonly shellKind: ShellKind | 'none' | 'unknown';
      readonly analysis: ShellStringAnalysis;
      /** `undefined`: depends on a shell lint-k8s does not know. */
      readonly staysPid1: boolean | undefined;
      /** The last command of the string, looked up in the image (it runs whether or not the shell execs it). */
      readonly lastProgram: ResolvedProgram | undefined;
      readonly at: Location;
    }
  | {
      readonly kind: 'script';
      readonly argv: readonly string[];
      readonly program: ResolvedProgram;
      readonly content: Extract<ExecutableContent, { kind: 'script' }>;
      /** The shell kind running it (from the `#!` line), when it is a shell script. */
      readonly shellKind: ShellKind | 'none' | 'unknown';
      /** It `exec`s a command (anywhere, functions included): PID 1 passes on. */
      readonly handsOver: boolean;
      readonly at: Location;
    }
  | {
      readonly kind: 'program';
      readonly argv: readonly string[];
      readonly program: ResolvedProgram;
      /** What the knowledge base says of it (a Go binary traced to its `go build` gets GO_BINARY). */
      readonly facts: ProgramFacts | undefined;
      readonly content: ExecutableContent | undefined;
      readonly go: GoBuild | undefined;
      /** For runtimes that let the application handle SIGTERM (Node, Python, Go): what its source says. */
      readonly handler: HandlerEvidence;
      readonly at: Location;
    }
  | { readonly kind: 'unknown'; readonly why: string; readonly at: Location };

export interface ProcessChain {
  readonly steps: readonly ProcessStep[];
  /** The step that is PID 1 while the container runs; `undefined` when it cannot be told. */
  readonly pid1: ProcessStep | undefined;
  /** The last command run, when it daemonizes (`nginx` without `daemon off;`, `service x start`). */
  readonly daemonizes: DaemonizingStart | undefined;
}

export interface DaemonizingStart {
  readonly command: DaemonizingCommand;
  readonly argv: readonly string[];
  readonly at: Location;
  /** `certain`, or `config` when a configuration file could say `daemon off;` and could not be read. */
  readonly certainty: 'certain' | 'config-unknown';
  readonly configAt: Location | undefined;
}

/** What the container ends with when it is stopped. */
export interface StopOutcome {
  /** The signal the runtime sends (image STOPSIGNAL, else SIGTERM; containerd container_stop.go). */
  readonly signal: string;
  readonly exitCode: number | undefined;
  /** Ends on the signal without SIGKILL (0, 143, or the child's outcome under an init). */
  readonly clean: boolean;
  /** `likely`: derived from the absence of a handler in the source read; `unknown`: nothing is claimed. */
  readonly certainty: 'certain' | 'likely' | 'unknown';
  readonly pid1: ProcessStep | undefined;
  readonly why: string;
  readonly source: string;
}

const MAX_STEPS = 8;

interface ChainInput {
  readonly stage: Stage;
  readonly fs: ImageFileSystem;
  readonly argv: readonly string[] | undefined;
  readonly shellForm: { readonly script: string; readonly shellArgv: readonly string[] } | undefined;
  readonly at: Location;
}

/** Follows the container's command from the first process to the one that stays PID 1. */
export async function processChain(input: ChainInput): Promise<ProcessChain> {
  const { stage, fs, at } = input;
  const steps: ProcessStep[] = [];
  let pid1: ProcessStep | undefined;
  let pid1Settled = false;
  let daemonizes: DaemonizingStart | undefined;
  const settle = (step: ProcessStep | undefined): void => {
    if (!pid1Settled) {
      pid1 = step;
      pid1Settled = true;
    }
  };

  let argv: readonly string[] | undefined = input.argv;
  let shellString = input.shellForm;
  for (let n = 0; n < MAX_STEPS; n++) {
    if (shellString) {
      const argv0 = shellString.shellArgv[0] ?? '/bin/sh';
      const analysis = analyzeShellString(await parseShell(shellString.script));
      const kind = shellKindOf(argv0, stage) ?? 'unknown';
      const staysPid1 = kind === 'none' || kind === 'unknown' ? undefined : shellStaysPid1(kind, analysis);
      const lastArgv = literalArgv(analysis.last);
      const lastProgram = lastArgv?.[0] !== undefined && !isShellBuiltin(lastArgv[0]) ? await resolveProgram(stage, lastArgv[0], fs) : undefined;
      const step: ProcessStep = { kind: 'shell', shellArgv0: argv0, shellKind: kind, analysis, staysPid1, lastProgram, at };
      steps.push(step);
      if (lastArgv && !analysis.trap) daemonizes ??= await daemonizing(stage, fs, lastArgv, at);
      if (staysPid1 === true || kind === 'none') {
        settle(step);
        break;
      }
      if (staysPid1 === undefined || !lastArgv) {
        settle(undefined);
        break;
      }
      argv = lastArgv;
      shellString = undefined;
      continue;
    }
    if (!argv || argv.length === 0) break;
    const [argv0, ...rest] = argv as [string, ...string[]];
    const facts = programByName(argv0);
    const program = await resolveProgram(stage, argv0, fs);

    if (program.file.state === 'file' && program.file.modeFrom === 'base image' && OFFICIAL_ENTRYPOINTS.names.includes(program.imagePath ?? '')) {
      steps.push({ kind: 'wrapper', argv, facts: OFFICIAL_ENTRYPOINTS, program, at });
      argv = rest;
      continue;
    }
    if (facts?.kind === 'init' || facts?.kind === 'exec-wrapper') {
      const step: ProcessStep = facts.kind === 'init' ? { kind: 'init', argv, facts, program, at } : { kind: 'wrapper', argv, facts, program, at };
      steps.push(step);
      if (facts.kind === 'init') settle(step);
      argv = childCommand(argv0, rest, facts);
      continue;
    }
    const shellKind = shellKindOf(argv0, stage);
    if (shellKind !== undefined && rest[0] === '-c' && rest[1] !== undefined) {
      shellString = { script: rest[1], shellArgv: [argv0, '-c'] };
      continue;
    }
    const content = program.file.state === 'file' ? await readExecutable(program.file, stage.at.file) : undefined;
    if (content?.kind === 'script' && content.shebang && isShellInterpreter(content.shebang)) {
      const body = content.body;
      const kind = scriptShellKind(content.shebang, stage);
      const exec = handOver(body, rest);
      const step: ProcessStep = { kind: 'script', argv, program, content, shellKind: kind, handsOver: exec !== undefined, at };
      steps.push(step);
      if (!exec) {
        settle(step);
        const lastArgv = literalArgv(body.last?.words);
        if (lastArgv && body.last) daemonizes ??= await daemonizing(stage, fs, lastArgv, body.last.at);
        break;
      }
      if (exec === 'unknown') {
        steps.push({ kind: 'unknown', why: `${argv0} execs a command lint-k8s cannot read`, at });
        settle(undefined);
        break;
      }
      argv = exec;
      continue;
    }
    const interpreted = content?.kind === 'script' && content.shebang ? interpreterArgv(content.shebang, argv) : undefined;
    const effective = interpreted ?? argv;
    const effectiveFacts = interpreted ? programByName(interpreted[0] ?? '') : facts;
    const go = program.imagePath && !effectiveFacts ? await goBuildOf(stage, program.imagePath) : undefined;
    const step: ProcessStep = {
      kind: 'program',
      argv,
      program,
      facts: go ? GO_BINARY : effectiveFacts,
      content,
      go,
      handler: go ? go.signalHandler : await appHandler(stage, fs, effective, effectiveFacts, interpreted ? program.file : undefined),
      at,
    };
    steps.push(step);
    settle(step);
    daemonizes ??= await daemonizing(stage, fs, argv, at);
    break;
  }
  return { steps, pid1, daemonizes };
}

/** Builtins of every POSIX shell: never looked up as files. */
const SHELL_BUILTINS = new Set([
  'cd',
  'exec',
  'exit',
  'wait',
  'true',
  'false',
  'echo',
  'printf',
  'export',
  'set',
  'trap',
  'read',
  'test',
  '[',
  ':',
  '.',
  'eval',
  'shift',
  'unset',
  'command',
  'kill',
  'ulimit',
  'umask',
]);

function isShellBuiltin(name: string): boolean {
  return SHELL_BUILTINS.has(name);
}

function literalArgv(words: readonly ShellWord[] | undefined): string[] | undefined {
  if (!words || words.length === 0 || words.some((w) => w.literal === undefined)) return undefined;
  return words.map((w) => w.literal as string);
}

/** The command an init or exec wrapper runs: after its options and `--` (tini, dumb-init, env) or after the user (gosu). */
function childCommand(argv0: string, rest: readonly string[], facts: ProgramFacts): string[] {
  let i = 0;
  if (facts.childCommand === 'after-user-arg') return rest.slice(1);
  const name = argv0.slice(argv0.lastIndexOf('/') + 1);
  while (i < rest.length) {
    const arg = rest[i] as string;
    if (arg === '--') return rest.slice(i + 1);
    if (arg.startsWith('-') || (name === 'env' && arg.includes('='))) {
      // tini options with a value (tini.c: -p SIGNAL, -e EXIT_CODE); runuser/setpriv -u USER.
      i += arg === '-p' || arg === '-e' || arg === '-u' ? 2 : 1;
      continue;
    }
    break;
  }
  return rest.slice(i);
}

function isShellInterpreter(shebang: { interpreter: string; argument: string | undefined }): boolean {
  const name = path.posix.basename(shebang.interpreter === '/usr/bin/env' ? (shebang.argument ?? '') : shebang.interpreter);
  return ['sh', 'bash', 'dash', 'ash', 'busybox'].includes(name.replace(/\r$/, ''));
}

function scriptShellKind(shebang: { interpreter: string; argument: string | undefined }, stage: Stage): ShellKind | 'none' | 'unknown' {
  const target = shebang.interpreter === '/usr/bin/env' ? (shebang.argument ?? '') : shebang.interpreter;
  return shellKindOf(target.replace(/\r$/, ''), stage) ?? 'unknown';
}

/** `#!/usr/bin/env python3` + argv → `python3 script args`. */
function interpreterArgv(shebang: { interpreter: string; argument: string | undefined }, argv: readonly string[]): string[] {
  if (shebang.interpreter === '/usr/bin/env' && shebang.argument) return [shebang.argument, ...argv];
  return [shebang.interpreter, ...(shebang.argument ? [shebang.argument] : []), ...argv];
}

/**
 * What a script hands PID 1 to: the container's arguments for `exec "$@"` (the official
 * entrypoint pattern), a literal command, `unknown` for an exec lint-k8s cannot read,
 * `undefined` when it never execs (the shell stays PID 1: no shell execs the last line of a
 * script file, lab "script-no-exec-*").
 */
function handOver(body: ScriptBody, args: readonly string[]): string[] | 'unknown' | undefined {
  if (body.execs.length === 0) return undefined;
  const toArguments = body.execs.find((e) => e.runsArguments);
  if (toArguments) {
    const words = toArguments.argv;
    const out: string[] = [];
    for (const word of words) {
      if (isAllArguments(word)) out.push(...args);
      else if (word.literal !== undefined) out.push(word.literal);
      else return 'unknown';
    }
    return out.length > 0 ? out : 'unknown';
  }
  const literal = [...body.execs].reverse().find((e) => e.argv.every((w) => w.literal !== undefined));
  return literal ? literal.argv.map((w) => w.literal as string) : 'unknown';
}

/** Node/Python: the entry file named on the command line, read from the build context for a handler hint. */
async function appHandler(
  stage: Stage,
  fs: ImageFileSystem,
  argv: readonly string[],
  facts: ProgramFacts | undefined,
  scriptFile: ImageFileState | undefined,
): Promise<HandlerEvidence> {
  if (!facts?.appCanHandle || (facts.id !== 'node' && facts.id !== 'python')) return 'unknown';
  let file = scriptFile;
  if (!file) {
    // The first argument that is not an option is the entry file (`python -u app.py`, `node --enable-source-maps dist/main.js`).
    const entry = argv.slice(1).find((a) => !a.startsWith('-'));
    if (entry === undefined || argv.slice(1).includes('-m') || argv.slice(1).includes('-c') || argv.slice(1).includes('-e')) return 'unknown';
    file = await fs.lookup(stage, resolveImagePath(entry, stage.workdir));
  }
  if (file.state !== 'file' || !file.contextAbsPath) return 'unknown';
  return handlerInFile(facts.id, file.contextAbsPath);
}

/** Whether the last command daemonizes; nginx only when its configuration does not say `daemon off;`. */
async function daemonizing(stage: Stage, fs: ImageFileSystem, argv: readonly string[], at: Location): Promise<DaemonizingStart | undefined> {
  const found = daemonizingCommand(argv);
  if (!found) return undefined;
  if (found.verdict === true) return { command: found.command, argv, at, certainty: 'certain', configAt: undefined };
  const flagIndex = argv.indexOf('-c');
  const confPath = flagIndex > 0 && argv[flagIndex + 1] ? resolveImagePath(argv[flagIndex + 1] as string, stage.workdir) : '/etc/nginx/nginx.conf';
  const conf = await fs.lookup(stage, confPath);
  if (conf.state === 'file' && conf.modeFrom === 'base image') {
    // The official images' nginx.conf has no daemon directive (their CMD passes -g "daemon off;").
    return { command: found.command, argv, at, certainty: 'certain', configAt: undefined };
  }
  if (conf.state === 'file' && conf.contextAbsPath) {
    const text = readContextText(conf.contextAbsPath, MAX_CONFIG_BYTES);
    if (text === undefined) return { command: found.command, argv, at, certainty: 'config-unknown', configAt: conf.placedAt };
    if (nginxDaemonOff(text)) return undefined;
    return { command: found.command, argv, at, certainty: 'certain', configAt: conf.placedAt };
  }
  if (conf.state === 'absent') return undefined;
  if (conf.state === 'unknown' && conf.cause === 'base' && stage.base?.repository === 'nginx' && confPath === '/etc/nginx/nginx.conf') {
    // nginxinc/docker-nginx keeps the package's nginx.conf (no daemon directive) and passes -g "daemon off;" in its CMD.
    return { command: found.command, argv, at, certainty: 'certain', configAt: undefined };
  }
  return { command: found.command, argv, at, certainty: 'config-unknown', configAt: conf.state === 'file' ? conf.placedAt : undefined };
}

/** nginx.conf read for `daemon off;`: anything larger is not a configuration to read whole. */
const MAX_CONFIG_BYTES = 2 * 1024 * 1024;

/** A top-level `daemon off;` directive (nginx configuration: `#` starts a comment, `;` ends a directive). */
function nginxDaemonOff(text: string): boolean {
  for (const rawLine of text.split('\n')) {
    const hash = rawLine.indexOf('#');
    const line = (hash < 0 ? rawLine : rawLine.slice(0, hash)).trim();
    for (const directive of line.split(';')) {
      const words = directive.trim().split(/\s+/);
      if (words[0] === 'daemon' && words[1] === 'off') return true;
    }
  }
  return false;
}

/** The stop signal the runtime sends: the image's STOPSIGNAL, else SIGTERM. */
export function stopSignalOf(stage: Stage): string {
  const value = stage.stopSignal?.value;
  return value ? normaliseSignal(value) : 'SIGTERM';
}

/** How the container ends on stop, from the process that is PID 1 and the knowledge base. */
export function stopOutcome(chain: ProcessChain, stage: Stage): StopOutcome {
  const signal = stopSignalOf(stage);
  const pid1 = chain.pid1;
  const unknown = (why: string): StopOutcome => ({ signal, exitCode: undefined, clean: false, certainty: 'unknown', pid1, why, source: '' });
  const killed = (certainty: StopOutcome['certainty'], why: string, source: string): StopOutcome => ({
    signal,
    exitCode: 137,
    clean: false,
    certainty,
    pid1,
    why,
    source,
  });
  /** The stop signal is handled: the container ends without SIGKILL (exit status not predicted). */
  const handled = (certainty: StopOutcome['certainty'], why: string, source: string): StopOutcome => ({
    signal,
    exitCode: undefined,
    clean: true,
    certainty,
    pid1,
    why,
    source,
  });
  if (!pid1) return unknown('PID 1 cannot be told');
  if (signal === 'SIGKILL') return killed('certain', 'STOPSIGNAL is SIGKILL', 'containerd internal/cri/server/container_stop.go');
  switch (pid1.kind) {
    case 'init':
      return handled('certain', `${pid1.argv[0] ?? 'the init'} forwards ${signal} to its child`, pid1.facts.source);
    case 'wrapper':
    case 'unknown':
      return unknown('PID 1 cannot be told');
    case 'shell':
      return pid1.staysPid1 === true
        ? killed('certain', `${pid1.shellArgv0} stays PID 1 and installs no handler for ${signal}`, SHELLS[pid1.shellKind as ShellKind].source)
        : unknown('the shell hands PID 1 on');
    case 'script': {
      const body = pid1.content.body;
      const trapped = body.traps.some((t) => t.installsHandler && t.signals.includes(signal));
      const shell = `${pid1.argv[0] ?? 'the script'} (run by ${pid1.content.shebang?.interpreter ?? 'a shell'})`;
      if (!trapped)
        return killed(
          'certain',
          `${shell} stays PID 1 (it never execs, and no shell execs the last line of a script file) and traps no ${signal}`,
          'pid_namespaces(7); lab cases "script-no-exec-dash|bash|busybox"',
        );
      if (body.last?.isWait) return handled('certain', `${shell} traps ${signal} and waits`, 'lab cases "script-trap-wait-*"');
      return killed(
        'likely',
        `${shell} traps ${signal}, but runs its last command in the foreground: the trap only runs after that command returns, and the command never gets the signal`,
        'POSIX 2.11 (trap runs after the foreground command completes); lab cases "script-trap-foreground-dash|bash|busybox"',
      );
    }
    case 'program': {
      const facts = pid1.facts;
      if (!facts) return unknown(`${pid1.argv[0] ?? 'the program'} is not in the knowledge base`);
      const reaction = facts.asPid1[signal as keyof ProgramFacts['asPid1']];
      const name = facts.id === 'go-binary' ? `the Go binary ${pid1.argv[0] ?? ''}` : (pid1.argv[0] ?? facts.id);
      if (facts.appCanHandle) {
        if (pid1.handler === 'unknown') return unknown(`whether ${name} handles ${signal} depends on the application`);
        if (pid1.handler.found) return handled('likely', `the application mentions ${pid1.handler.hint}`, facts.source);
      }
      const certainty = facts.appCanHandle ? 'likely' : 'certain';
      if (!reaction || reaction.kind === 'ignored-as-pid1')
        return killed(certainty, `${name} is PID 1 and installs no handler for ${signal}`, reaction?.source ?? facts.source);
      if (reaction.kind === 'exits') {
        const clean = reaction.exitCode === 0 || reaction.exitCode === 143 || reaction.exitCode === 128 + signalNumber(signal);
        return { signal, exitCode: reaction.exitCode, clean, certainty, pid1, why: `${name} exits ${reaction.exitCode} on ${signal}`, source: reaction.source };
      }
      return handled(certainty, `${name} forwards ${signal}`, reaction.source);
    }
  }
}

function signalNumber(signal: string): number {
  const numbers: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGUSR1: 10, SIGUSR2: 12, SIGTERM: 15, SIGWINCH: 28 };
  return numbers[signal] ?? 0;
}
