import { programByName } from '../knowledge/programs.js';
import { SHELLS, SHELL_PROGRAMS } from '../knowledge/shells.js';
import type { BinSh, ProgramFacts, ShellFacts, ShellKind } from '../knowledge/types.js';
import type { ShellNode, ShellScript, ShellWord } from '../parse/shell.js';
import type { CommandSpec, Stage } from './image.js';
import type { Location } from './location.js';

/** The command line the runtime executes, composed from ENTRYPOINT and CMD as Docker does. */
export interface EffectiveCommand {
  readonly argv: readonly string[];
  /** The instruction whose first word is executed. */
  readonly at: Location | undefined;
  /** Set when the first element is a shell running a `-c` string written in shell form. */
  readonly shellForm: { readonly script: string; readonly at: Location; readonly shellArgv: readonly string[] } | undefined;
  readonly entrypoint: CommandSpec | null | undefined;
  readonly cmd: CommandSpec | null | undefined;
  /** Where a Kubernetes `command`/`args` override is written (`at` names the image's ENTRYPOINT when only `args` is given). */
  readonly overrideAt?: Location;
}

function specArgv(spec: CommandSpec): string[] {
  return spec.form === 'exec' ? [...spec.argv] : [...spec.shell, spec.script];
}

/** Kubernetes `command`/`args` of a container that runs this image (pod spec overrides). */
export interface CommandOverride {
  readonly command: readonly string[] | undefined;
  readonly args: readonly string[] | undefined;
  /** Where `command` (or, without it, `args`) is written in the manifest. */
  readonly at: Location;
}

/**
 * ENTRYPOINT × CMD (Dockerfile reference table): shell-form ENTRYPOINT ignores CMD; CMD alone
 * runs as is. With a Kubernetes override, `command` replaces ENTRYPOINT and drops CMD, `args`
 * replaces CMD (ENTRYPOINT kept); the image's CMD is used only when both are empty (Kubernetes docs, Define a Command and Arguments for a Container).
 */
export function effectiveCommand(stage: Stage, override?: CommandOverride): EffectiveCommand | undefined {
  const command = override?.command && override.command.length > 0 ? override.command : undefined;
  const args = override?.args && override.args.length > 0 ? override.args : undefined;
  if (override && (command || args)) {
    const entrypoint = command ? undefined : stage.entrypoint?.value;
    const argv = command ? [...command, ...(args ?? [])] : [...(entrypoint ? specArgv(entrypoint) : []), ...(args ?? [])];
    if (argv.length === 0) return undefined;
    const fromImage = !command && entrypoint;
    return {
      argv,
      at: fromImage ? stage.entrypoint?.at : override.at,
      shellForm: fromImage && entrypoint.form === 'shell' ? { script: entrypoint.script, at: entrypoint.at, shellArgv: entrypoint.shell } : undefined,
      entrypoint: command ? null : entrypoint,
      cmd: null,
      overrideAt: override.at,
    };
  }
  const entrypoint = stage.entrypoint?.value;
  const cmd = stage.cmd?.value;
  const lead = entrypoint ?? cmd;
  if (!lead) return undefined;
  const argv = entrypoint ? (entrypoint.form === 'shell' ? specArgv(entrypoint) : [...entrypoint.argv, ...(cmd ? specArgv(cmd) : [])]) : specArgv(lead);
  const leadSetting = entrypoint ? stage.entrypoint : stage.cmd;
  return {
    argv,
    at: leadSetting?.at,
    shellForm: lead.form === 'shell' ? { script: lead.script, at: lead.at, shellArgv: lead.shell } : undefined,
    entrypoint,
    cmd,
  };
}

/** Which program `/bin/sh` is in the stage's image, following `FROM stage` chains. */
export function binShOf(stage: Stage): BinSh | 'unknown' {
  if (stage.baseState === 'scratch') return 'none';
  return stage.base?.binSh ?? 'unknown';
}

/** The shell kind a shell argv0 names in this image (`/bin/sh` depends on the image). */
export function shellKindOf(argv0: string, stage: Stage): ShellKind | 'none' | 'unknown' | undefined {
  const base = argv0.slice(argv0.lastIndexOf('/') + 1);
  const named = SHELL_PROGRAMS[base];
  if (named === undefined) return undefined;
  if (named !== 'sh') return named;
  if (argv0 === '/busybox/sh') return 'busybox';
  return binShOf(stage);
}

/** Where the last command of a `-c` string stands: decides whether the shell execs it. */
export type CommandShape = keyof ShellFacts['execsLastCommand'] | 'other' | 'empty';

export interface ShellStringAnalysis {
  readonly shape: CommandShape;
  /** The last simple command (the one a shell may exec), when there is one. */
  readonly last: readonly ShellWord[] | undefined;
  /** The last command is the `exec` builtin: every shell replaces itself. */
  readonly execBuiltin: boolean;
  /** A `trap` is set: the shell installs handlers, so its reaction is not the default one. */
  readonly trap: boolean;
  readonly hasErrors: boolean;
}

export function analyzeShellString(script: ShellScript): ShellStringAnalysis {
  const trap = script.statements.some((s) => firstWord(s) === 'trap');
  const { shape, last } = classify(script.statements);
  const execBuiltin = last?.[0]?.literal === 'exec' && (shape === 'alone' || shape === 'afterSemicolon' || shape === 'afterAnd' || shape === 'inIfBody');
  return { shape, last: execBuiltin ? last?.slice(1) : last, execBuiltin, trap, hasErrors: script.hasErrors };
}

function firstWord(node: ShellNode): string | undefined {
  if (node.kind === 'command') return node.words[0]?.literal;
  if (node.kind === 'list') return firstWord(node.left);
  if (node.kind === 'redirected') return firstWord(node.inner);
  return undefined;
}

function classify(statements: readonly ShellNode[]): { shape: CommandShape; last: readonly ShellWord[] | undefined } {
  const lastNode = statements[statements.length - 1];
  if (!lastNode) return { shape: 'empty', last: undefined };
  return classifyNode(lastNode, statements.length > 1 ? 'afterSemicolon' : 'alone');
}

function classifyNode(node: ShellNode, context: 'alone' | 'afterSemicolon' | 'afterAnd'): { shape: CommandShape; last: readonly ShellWord[] | undefined } {
  switch (node.kind) {
    case 'command':
      return { shape: context, last: node.words };
    case 'list':
      return node.op === '&&' ? classifyNode(node.right, 'afterAnd') : { shape: 'other', last: undefined };
    case 'pipeline': {
      const tail = node.commands[node.commands.length - 1];
      return { shape: 'inPipeline', last: tail?.kind === 'command' ? tail.words : undefined };
    }
    case 'subshell': {
      const inner = classify(node.body);
      return inner.last ? { shape: 'inSubshell', last: inner.last } : { shape: 'other', last: undefined };
    }
    case 'if': {
      const body = node.branches.length === 1 ? node.branches[0] : undefined;
      const inner = body ? classify(body) : undefined;
      return { shape: 'inIfBody', last: inner?.last };
    }
    default:
      return { shape: 'other', last: undefined };
  }
}

/**
 * Whether a shell running `-c STRING` stays PID 1 (true), hands PID 1 to the last
 * command (false), or it cannot be told (undefined). Lab cases "shell-exec <shell> <shape>".
 */
export function shellStaysPid1(kind: ShellKind, analysis: ShellStringAnalysis): boolean | undefined {
  if (analysis.execBuiltin) return false;
  if (analysis.shape === 'empty') return undefined;
  const facts = SHELLS[kind];
  if (analysis.shape === 'other') return kind === 'dash' ? true : undefined;
  return !facts.execsLastCommand[analysis.shape];
}

export { programByName };
export type { ProgramFacts };
