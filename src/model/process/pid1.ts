import path from 'node:path';
import { daemonizingCommand, type DaemonizingCommand } from '../../knowledge/daemons.js';
import { exitStatusOf } from '../../knowledge/exit-status.js';
import { entrypointArgumentCheck, GO_BINARY, OFFICIAL_ENTRYPOINTS, programByName, PYTHON_LAUNCHERS } from '../../knowledge/programs.js';
import { SHELL_OPTIONS_WITH_VALUE, SHELLS } from '../../knowledge/shells.js';
import type { EntrypointArgumentCheck, ProgramFacts, PythonLauncher, ReactionSwitch, ShellKind } from '../../knowledge/types.js';
import { parseShell, type ShellWord } from '../../parse/shell.js';
import { handlerInFile, type HandlerEvidence } from './app-source.js';
import { readContextText } from '../image/context-file.js';
import { readExecutable, isAllArguments, normaliseSignal, type ExecutableContent, type ScriptBody, type TrapStatement } from './entry-script.js';
import { goBuildOf, type GoBuild } from './go-build.js';
import type { ImageFileState, ImageFileSystem } from '../image/image-fs.js';
import type { Stage } from '../image/stage.js';
import type { Location } from '../../parse/location.js';
import { resolveImagePath } from '../common/paths.js';
import { analyzeShellString, anyShellStaysPid1, binShOf, shellKindOf, shellStaysPid1, type CommandShape, type ShellStringAnalysis } from './command.js';
import { imageUser } from '../image/stage.js';
import type { FinalStatement } from './shell-program.js';
import { resolveProgram, type ResolvedProgram } from '../image/lookup.js';

/** Why a step of the chain cannot be followed. */
export type UnknownStepCause =
  | { readonly kind: 'entrypoint-unknown' }
  | { readonly kind: 'exec-unreadable' }
  | { readonly kind: 'script-unread'; readonly path: string; readonly shellKind: ShellKind | 'none' | 'unknown' }
  | { readonly kind: 'shell-reads-stdin' };

/** How a Python entry point's framework decides the stop (PYTHON_LAUNCHERS). */
export interface LauncherUse {
  readonly launcher: PythonLauncher;
  readonly handler: boolean;
}

/** An option, environment variable or configuration key that changes the program's reaction, as found. */
export type SwitchUse =
  | { readonly kind: 'on'; readonly switch: ReactionSwitch; readonly by: 'option' | 'env' | 'config' }
  /** A configuration file that could set it could not be read. */
  | { readonly kind: 'config-unknown'; readonly switch: ReactionSwitch; readonly path: string };

/**
 * One process the container runs on its way to the long-running program: an init that stays
 * PID 1, an exec wrapper or `exec` that hands PID 1 on, a shell, a script, the program.
 */
export type ProcessStep =
  | { readonly kind: 'init'; readonly argv: readonly string[]; readonly facts: ProgramFacts; readonly program: ResolvedProgram; readonly at: Location }
  | {
      readonly kind: 'wrapper';
      readonly argv: readonly string[];
      readonly facts: ProgramFacts;
      readonly program: ResolvedProgram;
      readonly at: Location;
      /** An official entrypoint that looks at its first argument (postgres): whether this one gets the setup. */
      readonly argumentCheck?: { readonly check: EntrypointArgumentCheck; readonly setup: boolean; readonly firstArgument: string | undefined };
    }
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
      /** The shell kind running it (from the `#!` line, or the shell it is given to). */
      readonly shellKind: ShellKind | 'none' | 'unknown';
      /** `shebang`: started as a program; `argument`: a shell is given the file (`bash /run.sh`), and `program` is that shell. */
      readonly runBy: 'shebang' | 'argument';
      /** For `argument`: the script file, looked up in the image. */
      readonly scriptFile?: ResolvedProgram;
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
      /** A Python framework entry point (`flask run`, `manage.py runserver`) that decides the stop. */
      readonly launcher?: LauncherUse;
      /** An option that changes the reaction (uWSGI `--die-on-term`). */
      readonly switched?: SwitchUse;
      /** For a package runner (npm): the shell its `sh -c` script child is. */
      readonly scriptShell?: ShellKind | 'none' | 'unknown';
      readonly at: Location;
    }
  | { readonly kind: 'unknown'; readonly why: string; readonly cause: UnknownStepCause; readonly at: Location };

/** The container ends right after start, whatever happens at stop. */
export type StartOutcome =
  /** The server refuses uid 0 (postgres) because the entrypoint did not step down: its first argument was not the server. */
  | {
      readonly kind: 'refuses-root';
      readonly program: string;
      readonly exitCode: number;
      readonly error: string;
      readonly check: EntrypointArgumentCheck;
      readonly firstArgument: string | undefined;
      readonly at: Location;
      readonly source: string;
    }
  /** Broken exec form: the shell runs a first word such as `[python,`, which no image has (POSIX 2.8.2: 127). */
  | { readonly kind: 'shell-command-not-found'; readonly word: string; readonly exitCode: 127; readonly at: Location; readonly source: string };

export interface ProcessChain {
  readonly steps: readonly ProcessStep[];
  /** The step that is PID 1 while the container runs; `undefined` when it cannot be told. */
  readonly pid1: ProcessStep | undefined;
  /** The last command run, when it daemonizes (`nginx` without `daemon off;`, `service x start`). */
  readonly daemonizes: DaemonizingStart | undefined;
  /** The container fails right after it starts (postgres as root, a broken exec form). */
  readonly start: StartOutcome | undefined;
}

export interface DaemonizingStart {
  readonly command: DaemonizingCommand;
  readonly argv: readonly string[];
  readonly at: Location;
  /** `certain`, or `config` when a configuration file could say `daemon off;` and could not be read. */
  readonly certainty: 'certain' | 'config-unknown';
  readonly configAt: Location | undefined;
}

/** Why the container ends the way it does on stop: a value rules turn into words. */
export type StopCause =
  | {
      readonly kind: 'unknown';
      readonly detail: 'no-pid1' | 'wrapper' | 'shell-hands-on' | 'program-unknown' | 'app-dependent' | 'trap-unknown' | 'switch-unknown';
    }
  | { readonly kind: 'stop-signal-kill' }
  | { readonly kind: 'init-forwards' }
  /** A `-c` shell stays PID 1 and installs no handler. */
  | { readonly kind: 'shell-stays'; readonly shape: CommandShape }
  /** A script (started as a program, or given to a shell) never execs and traps nothing. */
  | { readonly kind: 'script-stays'; readonly runBy: 'shebang' | 'argument' }
  /** A trap is set, but the foreground command never returns, so it never runs. */
  | { readonly kind: 'trap-waits-for-foreground'; readonly foreground: readonly ShellWord[] | undefined; readonly neverEnds: boolean }
  /** A trap is set and the shell is in a loop whose commands return within `withinSeconds`: the trap runs then. */
  | { readonly kind: 'trap-in-loop'; readonly withinSeconds: number; readonly trapExits: boolean }
  | { readonly kind: 'trap-and-wait' }
  | { readonly kind: 'program-ignores'; readonly program: string }
  | { readonly kind: 'program-exits'; readonly program: string }
  | { readonly kind: 'program-handles'; readonly program: string }
  | { readonly kind: 'program-reloads'; readonly program: string }
  | { readonly kind: 'app-handler'; readonly hint: string }
  | { readonly kind: 'package-runner'; readonly runner: string; readonly scriptShell: ShellKind }
  | { readonly kind: 'launcher'; readonly launcher: string; readonly handler: boolean };

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
  readonly cause: StopCause;
  /** The first process is not the init of its PID namespace (`shareProcessNamespace`, `hostPID`): the default action of the signal applies. */
  readonly notNamespaceInit?: 'pod' | 'host';
  readonly why: string;
  readonly source: string;
}

const MAX_STEPS = 8;

interface ChainInput {
  readonly stage: Stage;
  readonly fs: ImageFileSystem;
  readonly argv: readonly string[] | undefined;
  readonly shellForm: { readonly script: string; readonly shellArgv: readonly string[]; readonly brokenExecForm?: boolean } | undefined;
  readonly at: Location;
  /** Where the CMD (or `args`) part of `argv` starts and is written: steps that run it point there. */
  readonly args?: { readonly from: number; readonly at: Location | undefined };
  /** The base image's ENTRYPOINT is not known: the chain cannot be followed from the start. */
  readonly entrypointUnknown?: boolean;
  /** The uid the container runs as, when a pod sets `runAsUser`. */
  readonly runAsUser?: number;
}

/** Follows the container's command from the first process to the one that stays PID 1. */
export async function processChain(input: ChainInput): Promise<ProcessChain> {
  const { stage, fs, at } = input;
  const steps: ProcessStep[] = [];
  let pid1: ProcessStep | undefined;
  let pid1Settled = false;
  let daemonizes: DaemonizingStart | undefined;
  let start: StartOutcome | undefined;
  let argumentCheck: { check: EntrypointArgumentCheck; setup: boolean; firstArgument: string | undefined } | undefined;
  const settle = (step: ProcessStep | undefined): void => {
    if (!pid1Settled) {
      pid1 = step;
      pid1Settled = true;
    }
  };
  if (input.entrypointUnknown) {
    steps.push({ kind: 'unknown', why: `the ENTRYPOINT of ${stage.from ?? stage.fromRaw} is not known`, cause: { kind: 'entrypoint-unknown' }, at });
    return { steps, pid1: undefined, daemonizes: undefined, start: undefined };
  }
  /** The root postgres refuses, when the entrypoint did not step down and nothing else sets a user. */
  const refusesRoot = (name: string | undefined, where: Location): void => {
    const facts = name === undefined ? undefined : programByName(name);
    if (!argumentCheck || argumentCheck.setup || !facts?.refusesRoot || facts.id !== argumentCheck.check.program || start) return;
    const uid = input.runAsUser ?? imageUser(stage.user?.value).uid;
    if (uid !== 0) return;
    const { exitCode, error, source } = facts.refusesRoot;
    start = {
      kind: 'refuses-root',
      program: facts.id,
      exitCode,
      error,
      check: argumentCheck.check,
      firstArgument: argumentCheck.firstArgument,
      at: where,
      source,
    };
  };

  let argv: readonly string[] | undefined = input.argv;
  let shellString = input.shellForm;
  // Where argv[0] stood in the container's argv: steps from the CMD part on point at the CMD.
  let offset: number | undefined = 0;
  const stepAt = (): Location => (offset !== undefined && input.args?.at && offset >= input.args.from ? input.args.at : at);
  for (let n = 0; n < MAX_STEPS; n++) {
    if (shellString) {
      const argv0 = shellString.shellArgv[0] ?? '/bin/sh';
      const where = stepAt();
      const analysis = await analyzeShellString(await parseShell(shellString.script), where);
      const kind = shellKindOf(argv0, stage) ?? 'unknown';
      const staysPid1 = kind === 'none' ? undefined : kind === 'unknown' ? anyShellStaysPid1(analysis) : shellStaysPid1(kind, analysis);
      const lastArgv = literalArgv(analysis.last);
      const lastProgram = lastArgv?.[0] !== undefined && !isShellBuiltin(lastArgv[0]) ? await resolveProgram(stage, lastArgv[0], fs) : undefined;
      const step: ProcessStep = { kind: 'shell', shellArgv0: argv0, shellKind: kind, analysis, staysPid1, lastProgram, at: where };
      steps.push(step);
      if (kind !== 'none' && (shellString.brokenExecForm || isBrokenExecForm(shellString.script, stage))) {
        const word = await brokenExecFormWord(shellString.script);
        if (word !== undefined) start ??= { kind: 'shell-command-not-found', word, exitCode: 127, at: where, source: BROKEN_EXEC_FORM_SOURCE };
      }
      if (lastArgv && !analysis.trap) daemonizes ??= await daemonizing(stage, fs, lastArgv, where);
      if (staysPid1 === true) refusesRoot(lastArgv?.[0], where);
      if (staysPid1 === true || kind === 'none') {
        settle(step);
        break;
      }
      if (staysPid1 === undefined || !lastArgv) {
        settle(undefined);
        break;
      }
      argv = lastArgv;
      offset = undefined;
      shellString = undefined;
      continue;
    }
    if (!argv || argv.length === 0) break;
    const [argv0, ...rest] = argv as [string, ...string[]];
    const facts = programByName(argv0);
    const program = await resolveProgram(stage, argv0, fs);
    const where = stepAt();

    if (program.file.state === 'file' && program.file.modeFrom === 'base image' && OFFICIAL_ENTRYPOINTS.names.includes(program.imagePath ?? '')) {
      const check = entrypointArgumentCheck(stage.base?.repository, program.imagePath);
      const first = rest[0];
      if (check) {
        const setup = first !== undefined && (check.setupFor.programs.includes(first) || (check.setupFor.options && first.startsWith('-')));
        argumentCheck = { check, setup, firstArgument: first };
      }
      steps.push({ kind: 'wrapper', argv, facts: OFFICIAL_ENTRYPOINTS, program, at: where, ...(argumentCheck ? { argumentCheck } : {}) });
      argv = rest;
      offset = offset === undefined ? undefined : offset + 1;
      continue;
    }
    if (facts?.kind === 'init' || facts?.kind === 'exec-wrapper') {
      const step: ProcessStep =
        facts.kind === 'init' ? { kind: 'init', argv, facts, program, at: where } : { kind: 'wrapper', argv, facts, program, at: where };
      steps.push(step);
      if (facts.kind === 'init') settle(step);
      const child = childCommand(argv0, rest, facts);
      offset = offset === undefined ? undefined : offset + argv.length - child.length;
      argv = child;
      continue;
    }
    const shellKind = shellKindOf(argv0, stage);
    // A shell that is not in the image fails to start (program-not-found), whatever it was given.
    if (shellKind !== undefined && program.file.state !== 'absent') {
      const operands = shellOperands(rest);
      if (operands.kind === 'string' && operands.script !== undefined) {
        shellString = { script: operands.script, shellArgv: [argv0, '-c'] };
        offset = offset === undefined ? undefined : offset + 1 + operands.index;
        continue;
      }
      if (operands.kind === 'stdin') {
        steps.push({ kind: 'unknown', why: `${argv0} reads its commands from standard input`, cause: { kind: 'shell-reads-stdin' }, at: where });
        settle(undefined);
        break;
      }
      if (operands.kind === 'file' && operands.file !== undefined) {
        // `sh FILE`: the shell reads the file itself (no #! needed, no execute bit), and like a script run by its #! line it stays PID 1 unless the file execs.
        const scriptPath = resolveImagePath(operands.file, stage.workdir);
        const scriptFile = await fs.lookup(stage, scriptPath);
        const content = scriptFile.state === 'file' ? await readExecutable(scriptFile, stage.at.file) : undefined;
        if (content?.kind !== 'script') {
          steps.push({
            kind: 'unknown',
            why: `${argv0} runs ${operands.file}, which lint-k8s cannot read`,
            cause: { kind: 'script-unread', path: scriptPath, shellKind },
            at: where,
          });
          settle(undefined);
          break;
        }
        const scriptArgs = rest.slice(operands.index + 1);
        const exec = handOver(content.body, scriptArgs);
        const scriptProgram: ResolvedProgram = {
          argv0: operands.file,
          via: 'workdir',
          imagePath: scriptPath,
          file: scriptFile,
          skippedNonExecutable: undefined,
        };
        const step: ProcessStep = {
          kind: 'script',
          argv,
          program,
          scriptFile: scriptProgram,
          content,
          shellKind,
          runBy: 'argument',
          handsOver: exec !== undefined,
          at: where,
        };
        steps.push(step);
        const next = await afterScript(step, exec, content.body);
        if (next === 'stop') break;
        argv = next;
        offset =
          exec !== undefined && exec !== 'unknown' && isPlainArguments(content.body) && offset !== undefined ? offset + 1 + operands.index + 1 : undefined;
        continue;
      }
    }
    const content = program.file.state === 'file' ? await readExecutable(program.file, stage.at.file) : undefined;
    if (content?.kind === 'script' && content.shebang && isShellInterpreter(content.shebang)) {
      const body = content.body;
      const kind = scriptShellKind(content.shebang, stage);
      const exec = handOver(body, rest);
      const step: ProcessStep = { kind: 'script', argv, program, content, shellKind: kind, runBy: 'shebang', handsOver: exec !== undefined, at: where };
      steps.push(step);
      const next = await afterScript(step, exec, body);
      if (next === 'stop') break;
      argv = next;
      offset = exec !== undefined && exec !== 'unknown' && isPlainArguments(body) && offset !== undefined ? offset + 1 : undefined;
      continue;
    }
    const interpreted = content?.kind === 'script' && content.shebang ? interpreterArgv(content.shebang, argv) : undefined;
    const effective = interpreted ?? argv;
    const effectiveFacts = interpreted ? programByName(interpreted[0] ?? '') : facts;
    const go = program.imagePath && !effectiveFacts ? await goBuildOf(stage, program.imagePath) : undefined;
    const launcher = pythonLauncher(effective, effectiveFacts, stage);
    const switched = effectiveFacts?.reactionSwitches ? await reactionSwitch(effectiveFacts, effective, stage, fs) : undefined;
    const scriptShell = effectiveFacts?.asPid1.SIGTERM?.kind === 'forwards-to-script-shell' ? binShOf(stage) : undefined;
    const step: ProcessStep = {
      kind: 'program',
      argv,
      program,
      facts: go ? GO_BINARY : effectiveFacts,
      content,
      go,
      handler: go ? go.signalHandler : launcher ? 'unknown' : await appHandler(stage, fs, effective, effectiveFacts, interpreted ? program.file : undefined),
      ...(launcher ? { launcher } : {}),
      ...(switched ? { switched } : {}),
      ...(scriptShell ? { scriptShell } : {}),
      at: where,
    };
    steps.push(step);
    settle(step);
    refusesRoot(argv0, where);
    daemonizes ??= await daemonizing(stage, fs, argv, where);
    break;
  }
  return { steps, pid1, daemonizes, start };

  /** After a script step: the argv it execs, or `stop` when it stays PID 1 (or execs something unreadable). */
  async function afterScript(
    step: Extract<ProcessStep, { kind: 'script' }>,
    exec: string[] | 'unknown' | undefined,
    body: ScriptBody,
  ): Promise<readonly string[] | 'stop'> {
    if (!exec) {
      settle(step);
      const lastArgv = literalArgv(body.last?.words);
      if (lastArgv && body.last) daemonizes ??= await daemonizing(stage, fs, lastArgv, body.last.at);
      return 'stop';
    }
    if (exec === 'unknown') {
      steps.push({
        kind: 'unknown',
        why: `${step.argv[0] ?? 'the script'} execs a command lint-k8s cannot read`,
        cause: { kind: 'exec-unreadable' },
        at: step.at,
      });
      settle(undefined);
      return 'stop';
    }
    return exec;
  }
}

const BROKEN_EXEC_FORM_SOURCE =
  'Dockerfile reference, shell and exec form ("The exec form is parsed as a JSON array … you must use double-quotes"); POSIX 2.8.2 (command not found: 127); lab: `CMD ["python", "app.py"` on dash → "[python,: not found", exit 127';

/** The script is the CMD or ENTRYPOINT of the stage written like exec form but not valid JSON. */
function isBrokenExecForm(script: string, stage: Stage): boolean {
  return [stage.cmd?.value, stage.entrypoint?.value].some((spec) => spec?.form === 'shell' && spec.brokenExecForm === true && spec.script === script);
}

/**
 * The first word the shell runs for a broken exec form (`["python", "app.py"` → `[python,`). Parsed
 * with the `[` escaped, as the shell reads it: a word (the test builtin needs a blank after `[`).
 */
async function brokenExecFormWord(script: string): Promise<string | undefined> {
  const trimmed = script.trimStart();
  const parsed = await parseShell(`\\${trimmed}`);
  const first = parsed.statements[0];
  const word = first?.kind === 'command' ? first.words[0]?.literal : undefined;
  // `[` alone is the test builtin and `[[` a bash keyword: neither is "not found".
  if (word === undefined || word === '[' || word.startsWith('[[') || !word.startsWith('[')) return undefined;
  return word;
}

/** What the shell's operands are: a `-c` string (also in `-ec`), a script file, or commands from standard input. */
function shellOperands(
  args: readonly string[],
): { kind: 'string'; script: string | undefined; index: number } | { kind: 'file'; file: string | undefined; index: number } | { kind: 'stdin' } {
  let command = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--' || arg === '-') {
      const next = args[i + 1];
      return command ? { kind: 'string', script: next, index: i + 1 } : next === undefined ? { kind: 'stdin' } : { kind: 'file', file: next, index: i + 1 };
    }
    if (SHELL_OPTIONS_WITH_VALUE.has(arg)) {
      i++;
      continue;
    }
    if ((arg.startsWith('-') || arg.startsWith('+')) && arg.length > 1) {
      if (!arg.startsWith('--') && arg.slice(1).includes('c')) command = true;
      if (!arg.startsWith('--') && arg.slice(1).includes('s')) return { kind: 'stdin' };
      continue;
    }
    return command ? { kind: 'string', script: arg, index: i } : { kind: 'file', file: arg, index: i };
  }
  return command ? { kind: 'string', script: undefined, index: args.length } : { kind: 'stdin' };
}

/** The script hands PID 1 to exactly the container's arguments (`exec "$@"`), so they keep their place. */
function isPlainArguments(body: ScriptBody): boolean {
  const toArguments = body.execs.find((e) => e.runsArguments);
  return toArguments !== undefined && toArguments.argv.length === 1 && isAllArguments(toArguments.argv[0] as ShellWord);
}

/** `python [options] -m MODULE args` / `python [options] SCRIPT args` / `SCRIPT args`: the framework launcher it runs, if known. */
function pythonLauncher(argv: readonly string[], facts: ProgramFacts | undefined, stage: Stage): LauncherUse | undefined {
  const [argv0, ...rest] = argv;
  if (argv0 === undefined) return undefined;
  let module: string | undefined;
  let script: string | undefined;
  let args: readonly string[] = [];
  if (facts?.id === 'python') {
    for (let i = 0; i < rest.length; i++) {
      const arg = rest[i] as string;
      if (arg === '-m') {
        module = rest[i + 1];
        args = rest.slice(i + 2);
        break;
      }
      // CPython options with a value: -X opt, -W arg, -Q (2.x), --check-hash-based-pycs.
      if (arg === '-X' || arg === '-W' || arg === '--check-hash-based-pycs') {
        i++;
        continue;
      }
      if (arg.startsWith('-')) continue;
      script = path.posix.basename(arg);
      args = rest.slice(i + 1);
      break;
    }
  } else {
    script = path.posix.basename(argv0);
    args = rest;
  }
  const launcher = PYTHON_LAUNCHERS.find((l) => (module !== undefined && l.module === module) || (script !== undefined && l.script === script));
  if (!launcher) return undefined;
  if (launcher.subcommand !== undefined && args.find((a) => !a.startsWith('-')) !== launcher.subcommand) return undefined;
  const { byDefault, onWith, offWith, onEnv } = launcher.handler;
  let handler = byDefault;
  if (onEnv.some((name) => ['1', 'true', 'yes'].includes((stage.env.get(name) ?? '').toLowerCase()))) handler = true;
  if (args.some((a) => onWith.includes(a))) handler = true;
  if (args.some((a) => offWith.includes(a))) handler = false;
  return { launcher, handler };
}

/** An option, environment variable or configuration key that switches the program's reaction (uWSGI die-on-term). */
async function reactionSwitch(facts: ProgramFacts, argv: readonly string[], stage: Stage, fs: ImageFileSystem): Promise<SwitchUse | undefined> {
  for (const sw of facts.reactionSwitches ?? []) {
    if (argv.some((a) => sw.options.includes(a) || sw.options.some((o) => a.startsWith(`${o}=`) && !/=(false|0|no|off)$/i.test(a))))
      return { kind: 'on', switch: sw, by: 'option' };
    if (sw.env.some((name) => isTruthy(stage.env.get(name)))) return { kind: 'on', switch: sw, by: 'env' };
    if (sw.configKey === undefined) continue;
    // `--ini FILE`, or a configuration file given alone (`uwsgi app.ini`).
    const configs = argv.flatMap((a, i) =>
      sw.configOptions.includes(argv[i - 1] ?? '') ? [a] : i > 0 && /\.(ini|ya?ml|json|xml)$/.test(a) && !a.startsWith('-') ? [a] : [],
    );
    for (const config of configs) {
      const file = await fs.lookup(stage, resolveImagePath(config, stage.workdir));
      const text = file.state === 'file' && file.contextAbsPath ? readContextText(file.contextAbsPath, MAX_CONFIG_BYTES) : undefined;
      if (text === undefined) return { kind: 'config-unknown', switch: sw, path: config };
      if (configSetsKey(text, sw.configKey)) return { kind: 'on', switch: sw, by: 'config' };
    }
  }
  return undefined;
}

function isTruthy(value: string | undefined): boolean {
  return value !== undefined && ['1', 'true', 'yes', 'on'].includes(value.trim().toLowerCase());
}

/** `key = true` (ini), `key: true` (yaml), or the key alone (ini flags such as `die-on-term`). */
function configSetsKey(text: string, key: string): boolean {
  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/[#;].*$/, '').trim();
    const match = /^([\w.-]+)\s*(?:[=:]\s*(.*))?$/.exec(line);
    if (!match || match[1] !== key) continue;
    const value = match[2]?.trim();
    if (value === undefined || value === '' || isTruthy(value)) return true;
  }
  return false;
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
  const config = found.command.config;
  if (found.verdict === true || !config) return { command: found.command, argv, at, certainty: 'certain', configAt: undefined };
  const named = argv.findIndex((a, i) => i > 0 && config.options.includes(a) && argv[i + 1] !== undefined);
  const paths = named > 0 ? [resolveImagePath(argv[named + 1] as string, stage.workdir)] : config.defaultPaths;
  for (const confPath of paths) {
    const conf = await fs.lookup(stage, confPath);
    if (conf.state === 'file' && conf.modeFrom === 'base image') {
      // The official images' configuration keeps the default (nginx: no daemon directive; their CMD passes -g "daemon off;").
      return { command: found.command, argv, at, certainty: 'certain', configAt: undefined };
    }
    if (conf.state === 'file' && conf.contextAbsPath) {
      const text = readContextText(conf.contextAbsPath, MAX_CONFIG_BYTES);
      if (text === undefined) return { command: found.command, argv, at, certainty: 'config-unknown', configAt: conf.placedAt };
      if (config.foreground(text)) return undefined;
      return { command: found.command, argv, at, certainty: 'certain', configAt: conf.placedAt };
    }
    if (conf.state === 'absent') continue;
    if (conf.state === 'unknown' && conf.cause === 'base' && named < 0 && config.daemonInImages.includes(stage.base?.repository ?? '')) {
      // nginxinc/docker-nginx keeps the package's nginx.conf (no daemon directive) and passes -g "daemon off;" in its CMD.
      return { command: found.command, argv, at, certainty: 'certain', configAt: undefined };
    }
    return { command: found.command, argv, at, certainty: 'config-unknown', configAt: conf.state === 'file' ? conf.placedAt : undefined };
  }
  // No configuration anywhere: nginx and supervisord refuse to start without one (not a daemon).
  return undefined;
}

/** Configuration files read whole (nginx.conf, supervisord.conf, a uWSGI ini): anything larger is not read. */
const MAX_CONFIG_BYTES = 2 * 1024 * 1024;

/** The stop signal the runtime sends: the image's STOPSIGNAL, else SIGTERM. */
export function stopSignalOf(stage: Stage): string {
  const value = stage.stopSignal?.value;
  return value ? normaliseSignal(value) : 'SIGTERM';
}

/** Default terminationGracePeriodSeconds: a trap that runs later than this is too late (pkg/apis/core/v1/defaults.go). */
const DEFAULT_GRACE_SECONDS = 30;

export interface StopOptions {
  /** `pod`: `shareProcessNamespace: true` (pause is PID 1); `host`: `hostPID: true`. Default: the container's own namespace. */
  readonly pidNamespace?: 'container' | 'pod' | 'host';
}

/** How the container ends on stop, from the process that is PID 1 and the knowledge base. */
export function stopOutcome(chain: ProcessChain, stage: Stage, options: StopOptions = {}): StopOutcome {
  const outcome = stopAsInit(chain, stage);
  const namespace = options.pidNamespace ?? 'container';
  return namespace === 'container' ? outcome : notNamespaceInit(outcome, namespace);
}

/**
 * Without its own PID namespace the first process is an ordinary one: a signal it has no handler
 * for gets the default action (death, 128+signal) instead of being dropped (pid_namespaces(7);
 * lab: shareProcessNamespace under containerd CRI, `sleep` → 143; lab case "go-not-pid1").
 */
function notNamespaceInit(outcome: StopOutcome, namespace: 'pod' | 'host'): StopOutcome {
  const { cause, signal } = outcome;
  const dies = cause.kind === 'shell-stays' || cause.kind === 'script-stays' || cause.kind === 'program-ignores';
  const source = `pid_namespaces(7); lab: shareProcessNamespace (pause is PID 1), sleep gets the default ${signal} → ${128 + signalNumber(signal)}; lab case "go-not-pid1"`;
  if (dies || (cause.kind === 'launcher' && !cause.handler))
    return {
      ...outcome,
      exitCode: 128 + signalNumber(signal),
      clean: true,
      notNamespaceInit: namespace,
      why: `${outcome.why}; but it is not PID 1 of its namespace, so ${signal} kills it`,
      source,
    };
  if (cause.kind === 'unknown' && cause.detail === 'app-dependent')
    return {
      ...outcome,
      exitCode: undefined,
      clean: true,
      certainty: 'likely',
      notNamespaceInit: namespace,
      why: 'not PID 1: its own handler or the default action ends it',
      source,
    };
  if (outcome.pid1?.kind === 'program' && outcome.pid1.go && !outcome.clean)
    return { ...outcome, exitCode: 128 + signalNumber(signal), clean: true, notNamespaceInit: namespace, source };
  return { ...outcome, notNamespaceInit: namespace };
}

function stopAsInit(chain: ProcessChain, stage: Stage): StopOutcome {
  const signal = stopSignalOf(stage);
  const pid1 = chain.pid1;
  const unknown = (detail: Extract<StopCause, { kind: 'unknown' }>['detail'], why: string): StopOutcome => ({
    signal,
    exitCode: undefined,
    clean: false,
    certainty: 'unknown',
    pid1,
    cause: { kind: 'unknown', detail },
    why,
    source: '',
  });
  const killed = (certainty: StopOutcome['certainty'], cause: StopCause, why: string, source: string): StopOutcome => ({
    signal,
    exitCode: 137,
    clean: false,
    certainty,
    pid1,
    cause,
    why,
    source,
  });
  /** The stop signal is handled: the container ends without SIGKILL (exit status not predicted). */
  const handled = (certainty: StopOutcome['certainty'], cause: StopCause, why: string, source: string, exitCode?: number): StopOutcome => ({
    signal,
    exitCode,
    clean: true,
    certainty,
    pid1,
    cause,
    why,
    source,
  });
  if (!pid1) return unknown('no-pid1', 'PID 1 cannot be told');
  if (signal === 'SIGKILL') return killed('certain', { kind: 'stop-signal-kill' }, 'STOPSIGNAL is SIGKILL', 'containerd internal/cri/server/container_stop.go');
  switch (pid1.kind) {
    case 'init':
      return handled('certain', { kind: 'init-forwards' }, `${pid1.argv[0] ?? 'the init'} forwards ${signal} to its child`, pid1.facts.source);
    case 'wrapper':
    case 'unknown':
      return unknown('wrapper', 'PID 1 cannot be told');
    case 'shell': {
      if (pid1.staysPid1 !== true) return unknown('shell-hands-on', 'the shell hands PID 1 on');
      const facts = pid1.shellKind === 'dash' || pid1.shellKind === 'bash' || pid1.shellKind === 'busybox' ? SHELLS[pid1.shellKind] : undefined;
      const shellSource = facts?.source ?? `every shell lint-k8s knows stays PID 1 here (${SHELLS.dash.source})`;
      const trapped = pid1.analysis.traps.filter((t) => t.installsHandler && t.signals.includes(signal));
      if (trapped.length === 0)
        return killed(
          'certain',
          { kind: 'shell-stays', shape: pid1.analysis.shape },
          `${pid1.shellArgv0} stays PID 1 and installs no handler for ${signal}`,
          shellSource,
        );
      return trapOutcome(pid1.analysis.final, trapped, pid1.shellKind, `${pid1.shellArgv0}`, shellSource);
    }
    case 'script': {
      const body = pid1.content.body;
      const trapped = body.traps.filter((t) => t.installsHandler && t.signals.includes(signal));
      const shell = `${pid1.argv[0] ?? 'the script'} (run by ${pid1.runBy === 'argument' ? (pid1.argv[0] ?? 'a shell') : (pid1.content.shebang?.interpreter ?? 'a shell')})`;
      if (trapped.length === 0)
        return killed(
          'certain',
          { kind: 'script-stays', runBy: pid1.runBy },
          `${shell} stays PID 1 (it never execs, and no shell execs the last line of a script file) and traps no ${signal}`,
          'pid_namespaces(7); lab cases "script-no-exec-dash|bash|busybox"; lab: `bash /run.sh` and `sh /deploy.sh` as PID 1 stay unless the file execs',
        );
      return trapOutcome(body.final, trapped, pid1.shellKind, shell, 'lab cases "script-trap-wait-*", "script-trap-foreground-*"');
    }
    case 'program':
      return programOutcome(pid1);
  }

  function trapOutcome(
    final: FinalStatement,
    trapped: readonly TrapStatement[],
    shellKind: ShellKind | 'none' | 'unknown',
    shell: string,
    shellSource: string,
  ): StopOutcome {
    const action = trapped[trapped.length - 1]?.action ?? { kind: 'unknown' };
    const trapExit =
      action.kind === 'exits' && action.argument !== undefined && (shellKind === 'dash' || shellKind === 'bash' || shellKind === 'busybox')
        ? exitStatusOf(shellKind, action.argument)
        : undefined;
    const posix = 'POSIX 2.11 (a trap runs after the foreground command completes; `wait` returns at once)';
    if (final.kind === 'wait')
      return handled('certain', { kind: 'trap-and-wait' }, `${shell} traps ${signal} and waits`, `${posix}; lab cases "script-trap-wait-*"`, trapExit);
    if (final.kind === 'loop') {
      if (action.kind === 'continues')
        return killed(
          'certain',
          { kind: 'shell-stays', shape: 'inLoop' },
          `${shell} traps ${signal} but its trap does not exit, so the loop goes on`,
          `${posix}; ${shellSource}`,
        );
      if (action.kind === 'unknown' || final.boundedSeconds === undefined)
        return unknown('trap-unknown', `${shell} traps ${signal} in a loop lint-k8s cannot time`);
      if (final.boundedSeconds >= DEFAULT_GRACE_SECONDS)
        return killed(
          'likely',
          { kind: 'trap-waits-for-foreground', foreground: undefined, neverEnds: false },
          `${shell} traps ${signal}, but a command of its loop runs ${final.boundedSeconds} s, longer than the default grace period`,
          `${posix}; ${shellSource}`,
        );
      return handled(
        'certain',
        { kind: 'trap-in-loop', withinSeconds: final.boundedSeconds, trapExits: true },
        `${shell} traps ${signal} and its loop returns to the shell within ${final.boundedSeconds} s`,
        `${posix}; lab: \`trap 'exit 0' TERM; while true; do sleep 2; done\` exits 0 within the sleep`,
        trapExit,
      );
    }
    const foreground = final.kind === 'command' ? final.words : undefined;
    const neverEnds = final.kind === 'command' && final.neverEnds;
    return killed(
      neverEnds ? 'certain' : 'likely',
      { kind: 'trap-waits-for-foreground', foreground, neverEnds },
      `${shell} traps ${signal}, but runs its last command in the foreground: the trap only runs after that command returns, and the command never gets the signal`,
      `${posix}; lab cases "script-trap-foreground-dash|bash|busybox"; lab: \`trap 'exit 0' TERM; tail -f /dev/null\` → 137`,
    );
  }

  function programOutcome(step: Extract<ProcessStep, { kind: 'program' }>): StopOutcome {
    const facts = step.facts;
    const name = facts?.id === 'go-binary' ? `the Go binary ${step.argv[0] ?? ''}` : (step.argv[0] ?? facts?.id ?? 'the program');
    if (step.launcher) {
      const { launcher, handler } = step.launcher;
      const reaction = handler ? launcher.withHandler : launcher.withoutHandler;
      const cause: StopCause = { kind: 'launcher', launcher: launcher.id, handler };
      if (reaction.kind === 'ignored-as-pid1')
        return killed(launcher.runsAppCode ? 'likely' : 'certain', cause, `${name} runs ${launcher.id} without a ${signal} handler`, reaction.source);
      return handled(
        'certain',
        cause,
        `${launcher.id} installs a ${signal} handler`,
        reaction.source,
        reaction.kind === 'exits' ? reaction.exitCode : undefined,
      );
    }
    if (!facts) return unknown('program-unknown', `${step.argv[0] ?? 'the program'} is not in the knowledge base`);
    if (step.switched?.kind === 'config-unknown')
      return unknown('switch-unknown', `${name} may be configured in ${step.switched.path}, which lint-k8s cannot read`);
    const reaction =
      step.switched?.kind === 'on' && step.switched.switch.signal === signal
        ? step.switched.switch.reaction
        : facts.asPid1[signal as keyof ProgramFacts['asPid1']];
    if (facts.appCanHandle) {
      if (step.handler === 'unknown') return unknown('app-dependent', `whether ${name} handles ${signal} depends on the application`);
      if (step.handler.found)
        return handled('likely', { kind: 'app-handler', hint: step.handler.hint }, `the application mentions ${step.handler.hint}`, facts.source);
    }
    const certainty = facts.appCanHandle ? 'likely' : 'certain';
    if (!reaction || reaction.kind === 'ignored-as-pid1')
      return killed(
        certainty,
        { kind: 'program-ignores', program: facts.id },
        `${name} is PID 1 and installs no handler for ${signal}`,
        reaction?.source ?? facts.source,
      );
    switch (reaction.kind) {
      case 'exits': {
        const clean = reaction.exitCode === 0 || reaction.exitCode === 143 || reaction.exitCode === 128 + signalNumber(signal);
        return {
          signal,
          exitCode: reaction.exitCode,
          clean,
          certainty,
          pid1: step,
          cause: { kind: 'program-exits', program: facts.id },
          why: `${name} exits ${reaction.exitCode} on ${signal}`,
          source: reaction.source,
        };
      }
      case 'handles':
        return handled(certainty, { kind: 'program-handles', program: facts.id }, `${name} handles ${signal}`, reaction.source);
      case 'reloads':
        // uWSGI 2.1 changes the default, and its version is not known from the command.
        return killed('likely', { kind: 'program-reloads', program: facts.id }, `${name} reloads on ${signal} instead of exiting`, reaction.source);
      case 'forwards-to-script-shell': {
        const scriptShell = step.scriptShell;
        // Only dash keeps itself as the parent of a single command; bash and busybox exec it, and the app gets the signal.
        if (scriptShell !== 'dash') return unknown('app-dependent', `${name} forwards ${signal} to its script, whose outcome depends on the application`);
        return {
          signal,
          exitCode: reaction.exitCode,
          clean: false,
          certainty: 'certain',
          pid1: step,
          cause: { kind: 'package-runner', runner: facts.id, scriptShell },
          why: `${name} forwards ${signal} to its \`sh -c\` child (dash), which dies of it; ${name} exits ${reaction.exitCode} and the application never receives ${signal}`,
          source: reaction.source,
        };
      }
      case 'forwards':
        return handled(certainty, { kind: 'init-forwards' }, `${name} forwards ${signal}`, reaction.source);
    }
  }
}

/** The number of a stop signal by name (signal(7), x86 and arm); 0 for a name not listed. */
export function signalNumber(signal: string): number {
  const numbers: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGUSR1: 10, SIGUSR2: 12, SIGTERM: 15, SIGWINCH: 28 };
  return numbers[signal] ?? 0;
}
