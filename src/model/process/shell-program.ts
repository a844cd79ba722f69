import { BOUNDED_COMMANDS } from '../../knowledge/shells.js';
import { forEachShellNode, parseShell, type ShellNode, type ShellWord } from '../../parse/shell.js';

/*
 * What a shell (running a `-c` string or a script file) is doing when the stop signal comes,
 * and what its traps do then. POSIX 2.11: a trapped signal is handled only once the
 * foreground command completes (the `wait` builtin returns at once instead); the command
 * itself never gets the signal, which the runtime sends to PID 1 only. Lab: `trap 'exit 0'
 * TERM; tail -f /dev/null` needs SIGKILL (137); `trap 'exit 0' TERM; while true; do sleep 2;
 * done` exits 0 within the sleep.
 */

/** What a trap's action does to the shell. */
export type TrapAction =
  /** It ends with `exit N`: the shell exits N (`argument` as written; `undefined`: plain `exit`, the status of the interrupted command). */
  | { readonly kind: 'exits'; readonly argument: string | undefined }
  /** No `exit`: the shell goes on with what it was doing. */
  | { readonly kind: 'continues' }
  | { readonly kind: 'unknown' };

/** The last top-level statement: what the shell runs in the foreground while it waits for the stop. */
export type FinalStatement =
  | { readonly kind: 'wait' }
  /** An endless `while`/`until`/`for` loop; `boundedSeconds`: the longest a command of its body runs (`undefined`: not known). */
  | { readonly kind: 'loop'; readonly boundedSeconds: number | undefined }
  | { readonly kind: 'command'; readonly words: readonly ShellWord[]; readonly neverEnds: boolean }
  | { readonly kind: 'other' };

const LOOP_TYPES = new Set(['while_statement', 'for_statement', 'c_style_for_statement']);

export function isLoop(node: ShellNode): boolean {
  return node.kind === 'other' && LOOP_TYPES.has(node.type);
}

/** The last statement run at top level (functions are definitions, redirections are looked through). */
export function lastRunStatement(statements: readonly ShellNode[]): ShellNode | undefined {
  const runnable = statements.filter((s) => s.kind !== 'function');
  let node: ShellNode | undefined = runnable[runnable.length - 1];
  while (node?.kind === 'redirected') node = node.inner;
  return node;
}

export function finalStatement(statements: readonly ShellNode[]): FinalStatement {
  const node = lastRunStatement(statements);
  if (!node) return { kind: 'other' };
  if (isLoop(node)) return { kind: 'loop', boundedSeconds: loopBound(node) };
  if (node.kind === 'command') {
    if (node.words[0]?.literal === 'wait') return { kind: 'wait' };
    return { kind: 'command', words: node.words, neverEnds: neverEnds(node.words) };
  }
  return { kind: 'other' };
}

/** `tail -f`, `sleep infinity` (or longer than a day): commands that end only when killed. */
function neverEnds(words: readonly ShellWord[]): boolean {
  const name = words[0]?.literal?.replace(/^.*\//, '');
  const args = words.slice(1).map((w) => w.literal);
  if (name === 'tail') return args.some((a) => a === '-f' || a === '-F' || a === '--follow');
  if (name === 'sleep') {
    if (args.length === 1 && args[0] === 'infinity') return true;
    const seconds = sleepArgumentSeconds(args);
    return seconds !== undefined && seconds >= 86400;
  }
  return false;
}

/** The longest any command in the loop runs before control returns to the shell, when every one is bounded. */
function loopBound(loop: ShellNode): number | undefined {
  let longest = 0;
  let bounded = true;
  forEachShellNode([loop], (node) => {
    if (node.kind === 'background' || node.kind === 'subshell' || node.kind === 'pipeline') bounded = false;
    if (node.kind !== 'command') return;
    const name = node.words[0]?.literal;
    if (name === 'sleep') {
      const seconds = sleepArgumentSeconds(node.words.slice(1).map((w) => w.literal));
      if (seconds === undefined) bounded = false;
      else longest = Math.max(longest, seconds);
    } else if (name === undefined || !BOUNDED_COMMANDS.has(name)) bounded = false;
  });
  return bounded ? longest : undefined;
}

/** What the action of `trap ACTION SIG…` does; a function name is looked up among the script's functions. */
export async function trapAction(handler: ShellWord | undefined, functions: ReadonlyMap<string, readonly ShellNode[]>): Promise<TrapAction> {
  const text = handler?.literal;
  if (text === undefined) return { kind: 'unknown' };
  const parsed = await parseShell(text);
  if (parsed.hasErrors) return { kind: 'unknown' };
  return actionOf(parsed.statements, functions, 0);
}

function actionOf(statements: readonly ShellNode[], functions: ReadonlyMap<string, readonly ShellNode[]>, depth: number): TrapAction {
  const last = lastRunStatement(statements);
  if (last?.kind === 'command') {
    const name = last.words[0]?.literal;
    if (name === 'exit') return { kind: 'exits', argument: last.words[1] ? (last.words[1].literal ?? last.words[1].text) : undefined };
    const body = name === undefined ? undefined : functions.get(name);
    if (body && depth < 4) return actionOf(body, functions, depth + 1);
  }
  let exits = false;
  let calls = false;
  forEachShellNode(statements, (node) => {
    if (node.kind !== 'command') return;
    const name = node.words[0]?.literal;
    if (name === 'exit' || name === 'kill' || name === 'exec') exits = true;
    if (name === undefined || functions.has(name)) calls = true;
  });
  return exits || calls ? { kind: 'unknown' } : { kind: 'continues' };
}

/** The functions a script defines, by name. */
export function functionsOf(statements: readonly ShellNode[]): Map<string, readonly ShellNode[]> {
  const out = new Map<string, readonly ShellNode[]>();
  forEachShellNode(statements, (node) => {
    if (node.kind === 'function') out.set(node.name, node.body);
  });
  return out;
}

/** Duration of `sleep` arguments as GNU coreutils and busybox read them: numbers with s/m/h/d suffixes, summed. */
export function sleepArgumentSeconds(args: readonly (string | undefined)[]): number | undefined {
  let total = 0;
  for (const arg of args) {
    const match = arg === undefined ? null : /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(arg);
    if (!match) return undefined;
    const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
    total += Number(match[1]) * unit;
  }
  return args.length > 0 ? total : undefined;
}
