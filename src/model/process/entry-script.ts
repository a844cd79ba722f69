import path from 'node:path';
import { parseShell, forEachShellNode, type ShellNode, type ShellScript, type ShellWord } from '../../parse/shell.js';
import { readContextBytes } from '../image/context-file.js';
import type { ImageFileState } from '../image/image-fs.js';
import { at, type Location } from '../../parse/location.js';
import { finalStatement, functionsOf, lastRunStatement, trapAction, type FinalStatement, type TrapAction } from './shell-program.js';

/**
 * What a file the container starts holds: a script (its `#!` line and what its shell does
 * with PID 1) or an ELF binary (its program interpreter). Read from the build context or
 * from the Dockerfile's here-document; anything else is unknown.
 */
export type ExecutableContent =
  | { readonly kind: 'script'; readonly file: string; readonly firstLine: Location; readonly shebang: Shebang | undefined; readonly body: ScriptBody }
  | { readonly kind: 'elf'; readonly file: string; readonly interpreter: string | undefined }
  | { readonly kind: 'unknown'; readonly why: string };

export interface Shebang {
  /** The interpreter path as the kernel reads it (up to the first blank or the end of line; a CR stays part of it). */
  readonly interpreter: string;
  readonly argument: string | undefined;
  /** The line ends in `\r\n`: the kernel looks for an interpreter whose name ends in `\r`. */
  readonly crlf: boolean;
  readonly at: Location;
}

export interface ExecStatement {
  /** Words after `exec`. */
  readonly argv: readonly ShellWord[];
  readonly at: Location;
  /** `exec "$@"` (possibly behind gosu/su-exec/env): hands PID 1 to the container's arguments. */
  readonly runsArguments: boolean;
}

export interface TrapStatement {
  /** Signal names, normalised (`SIGTERM`); `EXIT` for the exit trap. */
  readonly signals: readonly string[];
  /** `''` (ignore) and `-` (reset) install no handler. */
  readonly installsHandler: boolean;
  /** What the handler does when it runs. */
  readonly action: TrapAction;
  readonly at: Location;
}

export interface ExitStatement {
  readonly argument: string;
  readonly at: Location;
}

/** What the script's shell does, as far as PID 1 and stop signals are concerned. */
export interface ScriptBody {
  /** `exec COMMAND …` anywhere, functions included (official entrypoints exec inside `_main`). */
  readonly execs: readonly ExecStatement[];
  readonly traps: readonly TrapStatement[];
  readonly exits: readonly ExitStatement[];
  /** The last top-level statement: what the shell is running when the stop signal comes. */
  readonly last: { readonly words: readonly ShellWord[] | undefined; readonly at: Location; readonly isWait: boolean } | undefined;
  /** The same statement, classified for the stop (a loop, `wait`, a command that never ends). */
  readonly final: FinalStatement;
  /** Names of the functions the script defines (a last line `log INFO done` calls one: no program to exec). */
  readonly functions: readonly string[];
  readonly hasErrors: boolean;
}

/** Bytes read from a file: enough for a script's text and an ELF's program headers. */
const READ_LIMIT = 256 * 1024;

const EXEC_WRAPPERS = new Set(['gosu', 'su-exec', 'env', 'chpst', 'setpriv', 'runuser', 'tini', 'dumb-init', 'nice']);

/**
 * Contents by build-context file and Dockerfile, most recently used last: an image's first
 * program is read for its launch and again for its PID 1 chain, and joined workloads ask
 * once more. Bounded, so memory does not grow with the number of images.
 */
const readExecutables = new Map<string, Promise<ExecutableContent>>();
const MAX_READ_EXECUTABLES = 64;

export function readExecutable(file: Extract<ImageFileState, { state: 'file' }>, dockerfile: string): Promise<ExecutableContent> {
  if (file.inline) {
    const { text, file: where, line } = file.inline;
    return analyzeScriptText(text, where, line - 1);
  }
  if (!file.contextAbsPath || !file.contextPath) return Promise.resolve({ kind: 'unknown', why: 'its content is not in the build context' });
  const key = `${file.contextAbsPath}\0${file.contextPath}\0${dockerfile}`;
  const kept = readExecutables.get(key);
  if (kept) {
    readExecutables.delete(key);
    readExecutables.set(key, kept);
    return kept;
  }
  const content = readContextExecutable(file.contextAbsPath, file.contextPath, dockerfile);
  readExecutables.set(key, content);
  if (readExecutables.size > MAX_READ_EXECUTABLES) readExecutables.delete(readExecutables.keys().next().value as string);
  return content;
}

function readContextExecutable(absPath: string, contextPath: string, dockerfile: string): Promise<ExecutableContent> {
  const read = readContextBytes(absPath, READ_LIMIT);
  if (!read.ok) return Promise.resolve({ kind: 'unknown', why: `cannot read ${contextPath}: ${read.detail}` });
  const bytes = read.bytes;
  const display = path.posix.join(path.posix.dirname(dockerfile), contextPath);
  if (bytes.subarray(0, 4).equals(ELF_MAGIC)) return Promise.resolve({ kind: 'elf', file: display, interpreter: elfInterpreter(bytes) });
  if (bytes.includes(0)) return Promise.resolve({ kind: 'unknown', why: `${contextPath} is a binary file lint-k8s does not read` });
  if (bytes.length === READ_LIMIT) return Promise.resolve({ kind: 'unknown', why: `${contextPath} is larger than lint-k8s reads` });
  return analyzeScriptText(bytes.toString('utf8'), display, 0);
}

const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);
const PT_INTERP = 3;

/**
 * The PT_INTERP path of an ELF file (the dynamic loader the kernel starts, e.g.
 * /lib64/ld-linux-x86-64.so.2), `undefined` for a static binary. ELF header layout: elf(5).
 */
export function elfInterpreter(bytes: Buffer): string | undefined {
  const is64 = bytes[4] === 2;
  const little = bytes[5] === 1;
  const u16 = (o: number): number => (little ? bytes.readUInt16LE(o) : bytes.readUInt16BE(o));
  const u32 = (o: number): number => (little ? bytes.readUInt32LE(o) : bytes.readUInt32BE(o));
  const word = (o: number): number => (is64 ? Number(little ? bytes.readBigUInt64LE(o) : bytes.readBigUInt64BE(o)) : u32(o));
  try {
    const phoff = word(is64 ? 0x20 : 0x1c);
    const phentsize = u16(is64 ? 0x36 : 0x2a);
    const phnum = u16(is64 ? 0x38 : 0x2c);
    for (let i = 0; i < phnum; i++) {
      const ph = phoff + i * phentsize;
      if (u32(ph) !== PT_INTERP) continue;
      const offset = word(is64 ? ph + 0x08 : ph + 0x04);
      const size = word(is64 ? ph + 0x20 : ph + 0x10);
      return bytes
        .subarray(offset, offset + size)
        .toString('latin1')
        .replace(/\0+$/, '');
    }
  } catch {
    return undefined;
  }
  return undefined;
}

function trimBlanks(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && (text[start] === ' ' || text[start] === '\t')) start++;
  while (end > start && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return text.slice(start, end);
}

/** `lineOffset`: lines before the text in its file (a here-document starts inside the Dockerfile). */
export async function analyzeScriptText(text: string, file: string, lineOffset: number): Promise<ExecutableContent> {
  const firstEnd = text.indexOf('\n');
  const firstLine = firstEnd < 0 ? text : text.slice(0, firstEnd);
  let shebang: Shebang | undefined;
  if (firstLine.startsWith('#!')) {
    // fs/binfmt_script.c: the interpreter ends at the first space or tab; everything after is one argument.
    // Trailing blanks are dropped, a carriage return is not (it becomes part of the name).
    const rest = trimBlanks(firstLine.slice(2));
    const crlf = rest.endsWith('\r');
    const blank = rest.search(/[ \t]/);
    const interpreter = blank < 0 ? rest : rest.slice(0, blank);
    const argument = blank < 0 ? undefined : trimBlanks(rest.slice(blank)) || undefined;
    shebang = { interpreter, argument, crlf, at: at(file, { line: lineOffset + 1, column: 1, endLine: lineOffset + 1, endColumn: firstLine.length + 1 }) };
  }
  const script = await parseShell(text.split('\r\n').join('\n'));
  const firstLineAt = at(file, { line: lineOffset + 1, column: 1, endLine: lineOffset + 1, endColumn: firstLine.length + 1 });
  return { kind: 'script', file, firstLine: firstLineAt, shebang, body: await scriptBody(script, file, lineOffset) };
}

async function scriptBody(script: ShellScript, file: string, lineOffset: number): Promise<ScriptBody> {
  const loc = (node: { span: ShellNode['span'] }): Location =>
    at(file, {
      line: node.span.startRow + lineOffset + 1,
      column: node.span.startColumn + 1,
      endLine: node.span.endRow + lineOffset + 1,
      endColumn: node.span.endColumn + 1,
    });
  const execs: ExecStatement[] = [];
  const traps: TrapStatement[] = [];
  const exits: ExitStatement[] = [];
  const trapNodes: Extract<ShellNode, { kind: 'command' }>[] = [];
  forEachShellNode(script.statements, (node) => {
    if (node.kind !== 'command') return;
    const [name, ...args] = node.words;
    if (name?.literal === 'exec' && args.length > 0) execs.push({ argv: args, at: loc(node), runsArguments: runsArguments(args) });
    if (name?.literal === 'trap' && args.length >= 2) trapNodes.push(node);
    if (name?.literal === 'exit' && args[0]) exits.push({ argument: args[0].literal ?? args[0].text, at: loc(node) });
  });
  const functions = functionsOf(script.statements);
  for (const node of trapNodes) traps.push(await trapStatement(node, functions, loc(node)));
  const lastNode = lastRunStatement(script.statements);
  const lastWords = lastNode?.kind === 'command' ? lastNode.words : undefined;
  return {
    execs,
    traps,
    exits,
    last: lastNode ? { words: lastWords, at: loc(lastNode), isWait: lastWords?.[0]?.literal === 'wait' } : undefined,
    final: finalStatement(script.statements),
    functions: [...functions.keys()],
    hasErrors: script.hasErrors,
  };
}

/** `trap ACTION SIGNAL…` (a `trap` command with at least an action and one signal). */
export async function trapStatement(
  node: Extract<ShellNode, { kind: 'command' }>,
  functions: ReadonlyMap<string, readonly ShellNode[]>,
  where: Location,
): Promise<TrapStatement> {
  const [, handler, ...signals] = node.words;
  const installsHandler = handler?.literal === undefined || (handler.literal !== '' && handler.literal !== '-');
  return {
    signals: signals.map((s) => normaliseSignal(s.literal ?? s.text)),
    installsHandler,
    action: installsHandler ? await trapAction(handler, functions) : { kind: 'continues' },
    at: where,
  };
}

/** `"$@"` or `$@` in the command position, after any exec wrappers (`gosu user "$@"`). */
function runsArguments(args: readonly ShellWord[]): boolean {
  let i = 0;
  while (i < args.length) {
    const word = args[i] as ShellWord;
    if (isAllArguments(word)) return true;
    const name = word.literal === undefined ? undefined : path.posix.basename(word.literal);
    if (name === undefined || !EXEC_WRAPPERS.has(name)) return false;
    // gosu/su-exec take a user; env takes NAME=value and options; tini/dumb-init take options and `--`.
    i++;
    if (name === 'gosu' || name === 'su-exec' || name === 'runuser') i++;
    while (i < args.length && (args[i]?.literal?.startsWith('-') || args[i]?.literal?.includes('='))) i++;
  }
  return false;
}

export function isAllArguments(word: ShellWord): boolean {
  return word.text === '"$@"' || word.text === '$@' || word.text === '"${@}"' || word.text === '${@}';
}

/** `TERM`, `SIGTERM`, `15` → `SIGTERM` (signal(7) numbering on Linux x86/ARM). */
export function normaliseSignal(name: string): string {
  const upper = name.toUpperCase();
  const byNumber: Record<string, string> = {
    '1': 'SIGHUP',
    '2': 'SIGINT',
    '3': 'SIGQUIT',
    '9': 'SIGKILL',
    '10': 'SIGUSR1',
    '12': 'SIGUSR2',
    '15': 'SIGTERM',
    '0': 'EXIT',
  };
  if (byNumber[upper]) return byNumber[upper];
  if (upper === 'EXIT') return 'EXIT';
  return upper.startsWith('SIG') ? upper : `SIG${upper}`;
}
