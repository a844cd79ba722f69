import { programByName } from '../../knowledge/programs.js';
import { evidenceOfPackageManager, evidenceOfTag, type ShellEvidence } from '../../knowledge/shell-evidence.js';
import { SHELLS, SHELL_KINDS, SHELL_PROGRAMS } from '../../knowledge/shells.js';
import type { BinSh, ProgramFacts, ShellFacts, ShellKind } from '../../knowledge/types.js';
import { parseImageRef } from '../../knowledge/image-ref.js';
import { forEachShellNode, type ShellNode, type ShellScript, type ShellWord } from '../../parse/shell.js';
import { trapStatement, type TrapStatement } from './entry-script.js';
import type { CommandSpec, Stage } from '../image/stage.js';
import { at as locationIn, type Location } from '../../parse/location.js';
import { finalStatement, functionsOf, isLoop, type FinalStatement } from './shell-program.js';

/** The command line the runtime executes, composed from ENTRYPOINT and CMD as Docker does. */
export interface EffectiveCommand {
  readonly argv: readonly string[];
  /** The instruction whose first word is executed. */
  readonly at: Location | undefined;
  /** Set when the first element is a shell running a `-c` string written in shell form. */
  readonly shellForm: { readonly script: string; readonly at: Location; readonly shellArgv: readonly string[]; readonly brokenExecForm?: boolean } | undefined;
  readonly entrypoint: CommandSpec | null | undefined;
  readonly cmd: CommandSpec | null | undefined;
  /** Where a Kubernetes `command`/`args` override is written (`at` names the image's ENTRYPOINT when only `args` is given). */
  readonly overrideAt?: Location;
  /**
   * The base image is not known and nothing here sets ENTRYPOINT: `argv` is what the image's
   * ENTRYPOINT (if it has one: tini, a start script) is given, not necessarily what runs first.
   */
  readonly entrypointUnknown: boolean;
  /** Where in `argv` the CMD (or the manifest's `args`) starts, and where it is written. */
  readonly args: { readonly from: number; readonly at: Location | undefined } | undefined;
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
  /** Where `args` is written, when `command` is set too. */
  readonly argsAt?: Location;
}

/**
 * ENTRYPOINT × CMD (Dockerfile reference table): shell-form ENTRYPOINT ignores CMD; CMD alone
 * runs as is. With a Kubernetes override, `command` replaces ENTRYPOINT and drops CMD, `args`
 * replaces CMD (ENTRYPOINT kept); the image's CMD is used only when both are empty (Kubernetes docs, Define a Command and Arguments for a Container).
 */
export function effectiveCommand(stage: Stage, override?: CommandOverride): EffectiveCommand | undefined {
  const command = override?.command && override.command.length > 0 ? override.command : undefined;
  const args = override?.args && override.args.length > 0 ? override.args : undefined;
  const entrypointUnknown = stage.entrypoint === undefined && stage.baseConfigUnknown;
  if (override && (command || args)) {
    const entrypoint = command ? undefined : stage.entrypoint?.value;
    const argv = command ? [...command, ...(args ?? [])] : [...(entrypoint ? specArgv(entrypoint) : []), ...(args ?? [])];
    if (argv.length === 0) return undefined;
    const fromImage = !command && entrypoint;
    const argsFrom = command ? command.length : entrypoint ? specArgv(entrypoint).length : 0;
    return {
      argv,
      at: fromImage ? stage.entrypoint?.at : override.at,
      shellForm:
        fromImage && entrypoint.form === 'shell'
          ? { script: entrypoint.script, at: entrypoint.at, shellArgv: entrypoint.shell, brokenExecForm: entrypoint.brokenExecForm }
          : undefined,
      entrypoint: command ? null : entrypoint,
      cmd: null,
      overrideAt: override.at,
      entrypointUnknown: !command && entrypointUnknown,
      args: args ? { from: argsFrom, at: command ? override.argsAt : override.at } : undefined,
    };
  }
  const entrypoint = stage.entrypoint?.value;
  const cmd = stage.cmd?.value;
  const lead = entrypoint ?? cmd;
  if (!lead) return undefined;
  const argv = entrypoint ? (entrypoint.form === 'shell' ? specArgv(entrypoint) : [...entrypoint.argv, ...(cmd ? specArgv(cmd) : [])]) : specArgv(lead);
  const leadSetting = entrypoint ? stage.entrypoint : stage.cmd;
  const cmdFrom = entrypoint ? (entrypoint.form === 'exec' && cmd ? entrypoint.argv.length : undefined) : 0;
  return {
    argv,
    at: leadSetting?.at,
    shellForm: lead.form === 'shell' ? { script: lead.script, at: lead.at, shellArgv: lead.shell, brokenExecForm: lead.brokenExecForm } : undefined,
    entrypoint,
    cmd,
    entrypointUnknown,
    args: cmdFrom !== undefined && cmd ? { from: cmdFrom, at: stage.cmd?.at } : undefined,
  };
}

/** Which program `/bin/sh` is in the stage's image, following `FROM stage` chains. */
export function binShOf(stage: Stage): BinSh | 'unknown' {
  if (stage.baseState === 'scratch') return 'none';
  return stage.base?.binSh ?? binShEvidence(stage)?.evidence.binSh ?? 'unknown';
}

/**
 * For an image lint-k8s does not know: what the Dockerfile shows about its `/bin/sh` — a package
 * manager its RUN steps use (this stage or the stages it builds on), else a release named in
 * the tag. Only one family may be shown; mixed evidence settles nothing.
 */
export function binShEvidence(
  stage: Stage,
): { readonly evidence: ShellEvidence; readonly at: Location; readonly by: 'package-manager' | 'tag' | 'name' } | undefined {
  if (stage.base || stage.baseState !== 'unknown') return undefined;
  const found: { evidence: ShellEvidence; at: Location }[] = [];
  for (let s: Stage | undefined = stage; s; s = s.parent) {
    for (const run of s.runs) {
      const first = run.shell?.statements ? commandNames(run.shell.statements) : [];
      for (const name of first) {
        const evidence = evidenceOfPackageManager(name);
        if (evidence) found.push({ evidence, at: run.at });
      }
    }
  }
  const families = new Set(found.map((f) => f.evidence.id));
  if (families.size === 1 && found[0]) return { ...found[0], by: 'package-manager' };
  if (families.size > 1) return undefined;
  let root: Stage = stage;
  while (root.parent) root = root.parent;
  const parsed = root.from === undefined ? undefined : parseImageRef(root.from);
  if (!parsed?.ok) return undefined;
  const byTag = parsed.ref.tag ? evidenceOfTag(parsed.ref.tag) : undefined;
  if (byTag) return { evidence: byTag, at: root.at, by: 'tag' };
  // The repository's path can name the release too (registry.access.redhat.com/ubi9/openjdk-21: a UBI 9 image).
  const byName = evidenceOfTag(parsed.ref.repository.split('/').join('-'));
  return byName ? { evidence: byName, at: root.at, by: 'name' } : undefined;
}

/** The command names of a script's simple commands, after `sudo`/`env`. */
function commandNames(statements: readonly ShellNode[]): string[] {
  const out: string[] = [];
  forEachShellNode(statements, (node) => {
    if (node.kind !== 'command') return;
    const words = node.words.map((w) => w.literal);
    let i = 0;
    while (words[i] === 'sudo' || words[i] === 'env' || words[i] === 'command') i++;
    const name = words[i];
    if (name !== undefined) out.push(name);
  });
  return out;
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
  /** The `trap` commands at top level, with what their actions do. */
  readonly traps: readonly TrapStatement[];
  /** What the shell runs in the foreground when the stop comes. */
  readonly final: FinalStatement;
  readonly hasErrors: boolean;
}

/** `where`: the location the string is written at (its traps are reported there). */
export async function analyzeShellString(script: ShellScript, where?: Location): Promise<ShellStringAnalysis> {
  const trapNodes = script.statements.flatMap((s) => {
    const node = firstCommand(s);
    return node && node.words[0]?.literal === 'trap' && node.words.length >= 3 ? [node] : [];
  });
  const trap = script.statements.some((s) => firstWord(s) === 'trap');
  const functions = functionsOf(script.statements);
  const traps: TrapStatement[] = [];
  for (const node of trapNodes) traps.push(await trapStatement(node, functions, where ?? locationIn('', { line: 1, column: 1, endLine: 1, endColumn: 1 })));
  const classified = classify(script.statements);
  const { last } = classified;
  let { shape } = classified;
  const execBuiltin = last?.[0]?.literal === 'exec' && (shape === 'alone' || shape === 'afterSemicolon' || shape === 'afterAnd' || shape === 'inIfBody');
  // A shell that has traps to run cannot replace itself; `trap '' SIG` / `trap - SIG` install none, and are left open.
  if (!execBuiltin && shape !== 'inLoop' && shape !== 'inPipeline' && shape !== 'empty' && trap) {
    shape = traps.length > 0 && traps.every((t) => t.installsHandler) ? 'afterTrap' : 'other';
  }
  return { shape, last: execBuiltin ? last?.slice(1) : last, execBuiltin, trap, traps, final: finalStatement(script.statements), hasErrors: script.hasErrors };
}

function firstCommand(node: ShellNode): Extract<ShellNode, { kind: 'command' }> | undefined {
  if (node.kind === 'command') return node;
  if (node.kind === 'list') return firstCommand(node.left);
  if (node.kind === 'redirected') return firstCommand(node.inner);
  return undefined;
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
      return isLoop(node) ? { shape: 'inLoop', last: undefined } : { shape: 'other', last: undefined };
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

/** For a shell whose kind is not known: the answer when every known shell gives the same one, else `undefined`. */
export function anyShellStaysPid1(analysis: ShellStringAnalysis): boolean | undefined {
  const answers = new Set(SHELL_KINDS.map((kind) => shellStaysPid1(kind, analysis)));
  return answers.size === 1 ? [...answers][0] : undefined;
}

export { programByName };
export type { ProgramFacts };
