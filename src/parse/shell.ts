import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Node as TsNode, Parser as TsParser } from 'web-tree-sitter';
import { keepWasmOnBaselineCompiler } from '../platform/v8-flags.js';

/**
 * Shell parsing with tree-sitter-bash (WASM, via web-tree-sitter). Chosen over
 * mvdan/sh's `sh-syntax` because its JavaScript AST carries only positions for
 * commands, not their kind, so a pipeline cannot be told from a list; tree-sitter
 * gives a typed, error-tolerant tree with positions and needs no native build.
 * The tree is converted at once into the small plain AST below and freed.
 */

/** 0-based row/column inside the parsed text. */
export interface ShellSpan {
  readonly startRow: number;
  readonly startColumn: number;
  readonly endRow: number;
  readonly endColumn: number;
}

/** A word: its literal value when it has no expansion, else `undefined`. */
export interface ShellWord {
  readonly literal: string | undefined;
  readonly text: string;
  readonly span: ShellSpan;
}

export interface ShellAssignment {
  readonly name: string;
  readonly value: ShellWord | undefined;
}

export type ShellNode =
  | {
      readonly kind: 'command';
      readonly words: readonly ShellWord[];
      /** `NAME=value` prefixes (`CGO_ENABLED=0 go build`): the command's own environment. */
      readonly assignments: readonly ShellAssignment[];
      readonly span: ShellSpan;
    }
  | { readonly kind: 'list'; readonly op: '&&' | '||'; readonly left: ShellNode; readonly right: ShellNode; readonly span: ShellSpan }
  | { readonly kind: 'pipeline'; readonly commands: readonly ShellNode[]; readonly span: ShellSpan }
  | { readonly kind: 'subshell'; readonly body: readonly ShellNode[]; readonly span: ShellSpan }
  | { readonly kind: 'group'; readonly body: readonly ShellNode[]; readonly span: ShellSpan }
  | { readonly kind: 'if'; readonly branches: readonly (readonly ShellNode[])[]; readonly span: ShellSpan }
  | { readonly kind: 'function'; readonly name: string; readonly body: readonly ShellNode[]; readonly span: ShellSpan }
  | { readonly kind: 'redirected'; readonly inner: ShellNode; readonly targets: readonly ShellWord[]; readonly span: ShellSpan }
  | { readonly kind: 'background'; readonly inner: ShellNode; readonly span: ShellSpan }
  | { readonly kind: 'other'; readonly type: string; readonly children: readonly ShellNode[]; readonly span: ShellSpan };

export interface ShellScript {
  readonly statements: readonly ShellNode[];
  /** The parser had to recover from a syntax error. */
  readonly hasErrors: boolean;
}

/**
 * Nesting followed at most when converting the tree. The conversion recurses, and hostile
 * input (`$($($(…)))` thousands deep) would exhaust the stack; real scripts nest a handful.
 */
const MAX_SHELL_NESTING = 100;

let parserPromise: Promise<TsParser> | undefined;

/** The bash grammar: beside this module in the GitHub Action bundle (action/, shipped without node_modules), else the package's. */
function grammarPath(): string {
  const beside = fileURLToPath(new URL('tree-sitter-bash.wasm', import.meta.url));
  return existsSync(beside) ? beside : createRequire(import.meta.url).resolve('tree-sitter-bash/tree-sitter-bash.wasm');
}

/** Loads the WASM parser once, on first use (startup stays fast when no shell is parsed). */
function shellParser(): Promise<TsParser> {
  parserPromise ??= (async () => {
    keepWasmOnBaselineCompiler();
    const { Parser, Language } = await import('web-tree-sitter');
    await Parser.init();
    // Read here rather than by web-tree-sitter, which loads node:fs/promises (and with it Node's streams) to read it.
    const language = await Language.load(readFileSync(grammarPath()));
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return parserPromise;
}

/**
 * Starts loading the parser without waiting for it: a run that waits on a renderer's child
 * process (kustomize, helm) loads it meanwhile, instead of after, when the rendered pod specs'
 * commands are parsed. A failure is left for the first parse to meet.
 */
export function warmShellParser(): void {
  shellParser().catch(() => undefined);
}

/**
 * Parsed scripts by text, most recently used last. A monorepo repeats the same RUN lines,
 * `sh -c` strings and entrypoint scripts across hundreds of Dockerfiles, and one image's
 * start is analysed from several angles (launch, PID 1 chain, joins); the results are
 * immutable, so a repeat costs a lookup instead of a WASM parse. Bounded in count and in
 * the length of the texts kept, so memory does not grow with the input.
 */
const parsedScripts = new Map<string, ShellScript>();
const MAX_PARSED_SCRIPTS = 512;
const MAX_KEPT_SCRIPT_LENGTH = 16 * 1024;

export async function parseShell(text: string): Promise<ShellScript> {
  const kept = parsedScripts.get(text);
  if (kept) {
    parsedScripts.delete(text);
    parsedScripts.set(text, kept);
    return kept;
  }
  const script = await parseShellUncached(text);
  if (text.length <= MAX_KEPT_SCRIPT_LENGTH) {
    parsedScripts.set(text, script);
    if (parsedScripts.size > MAX_PARSED_SCRIPTS) parsedScripts.delete(parsedScripts.keys().next().value as string);
  }
  return script;
}

async function parseShellUncached(text: string): Promise<ShellScript> {
  const parser = await shellParser();
  const tree = parser.parse(text);
  if (!tree) return { statements: [], hasErrors: true };
  try {
    const root = tree.rootNode;
    const statements = statementsOf(root, 0);
    let tooDeep = false;
    forEachShellNode(statements, (n) => {
      if (n.kind === 'other' && n.type === 'too-deep') tooDeep = true;
    });
    return { statements, hasErrors: root.hasError || tooDeep };
  } finally {
    tree.delete();
  }
}

function spanOf(node: TsNode): ShellSpan {
  return { startRow: node.startPosition.row, startColumn: node.startPosition.column, endRow: node.endPosition.row, endColumn: node.endPosition.column };
}

function named(node: TsNode): TsNode[] {
  return node.namedChildren.filter((c): c is TsNode => c !== null && c.type !== 'comment');
}

/** Converts the statements under a node; a statement followed by `&` becomes a background job. */
function statementsOf(node: TsNode, depth: number): ShellNode[] {
  const out: ShellNode[] = [];
  for (const child of node.children) {
    if (!child) continue;
    if (child.type === '&') {
      const last = out.pop();
      if (last) out.push({ kind: 'background', inner: last, span: last.span });
      continue;
    }
    if (!child.isNamed || child.type === 'comment') continue;
    const converted = convert(child, depth);
    if (converted) out.push(converted);
  }
  return out;
}

const WORD_TYPES = new Set([
  'word',
  'string',
  'raw_string',
  'concatenation',
  'number',
  'simple_expansion',
  'expansion',
  'command_substitution',
  'ansi_c_string',
  'arithmetic_expansion',
]);

function convert(node: TsNode, depth: number): ShellNode | undefined {
  const span = spanOf(node);
  // Deeper nesting is not followed (see MAX_SHELL_NESTING); the script is marked as not fully understood.
  if (depth > MAX_SHELL_NESTING) return { kind: 'other', type: 'too-deep', children: [], span };
  const deeper = depth + 1;
  switch (node.type) {
    case 'command': {
      const words: ShellWord[] = [];
      const assignments: ShellAssignment[] = [];
      for (const child of named(node)) {
        if (child.type === 'variable_assignment') {
          const value = child.childForFieldName('value');
          assignments.push({ name: child.childForFieldName('name')?.text ?? '', value: value ? wordOf(value) : undefined });
        } else if (child.type === 'command_name') {
          const inner = named(child)[0] ?? child;
          words.push(wordOf(inner));
        } else if (WORD_TYPES.has(child.type)) {
          words.push(wordOf(child));
        }
      }
      return { kind: 'command', words, assignments, span };
    }
    case 'list': {
      const parts = named(node);
      const op = node.children.find((c) => c?.type === '&&' || c?.type === '||')?.type === '||' ? '||' : '&&';
      const left = parts[0] ? convert(parts[0], deeper) : undefined;
      const right = parts[parts.length - 1] ? convert(parts[parts.length - 1] as TsNode, deeper) : undefined;
      if (!left || !right) return { kind: 'other', type: 'list', children: statementsOf(node, deeper), span };
      return { kind: 'list', op, left, right, span };
    }
    case 'pipeline':
      return { kind: 'pipeline', commands: statementsOf(node, deeper), span };
    case 'subshell':
      return { kind: 'subshell', body: statementsOf(node, deeper), span };
    case 'compound_statement':
      return { kind: 'group', body: statementsOf(node, deeper), span };
    case 'if_statement': {
      const branches: ShellNode[][] = [[]];
      const condition = new Set(node.childrenForFieldName('condition').map((c) => c?.id));
      for (const child of named(node)) {
        if (child.type === 'elif_clause' || child.type === 'else_clause') {
          branches.push(statementsOf(child, deeper).slice(child.type === 'elif_clause' ? 1 : 0));
        } else if (!condition.has(child.id)) {
          const converted = convert(child, deeper);
          if (converted) branches[0]?.push(converted);
        }
      }
      return { kind: 'if', branches, span };
    }
    case 'function_definition': {
      const name = node.childForFieldName('name')?.text ?? '';
      const body = node.childForFieldName('body');
      return {
        kind: 'function',
        name,
        body: body ? (body.type === 'compound_statement' ? statementsOf(body, deeper) : [convert(body, deeper)].filter((n): n is ShellNode => !!n)) : [],
        span,
      };
    }
    case 'redirected_statement': {
      const body = node.childForFieldName('body') ?? named(node)[0];
      const inner = body ? convert(body, deeper) : undefined;
      const targets = named(node)
        .filter((c) => c.type === 'file_redirect')
        .map((c) => c.childForFieldName('destination') ?? named(c)[named(c).length - 1])
        .filter((c): c is TsNode => c !== null && c !== undefined)
        .map(wordOf);
      return inner ? { kind: 'redirected', inner, targets, span } : { kind: 'other', type: node.type, children: [], span };
    }
    default:
      return { kind: 'other', type: node.type, children: statementsOf(node, deeper), span };
  }
}

function wordOf(node: TsNode): ShellWord {
  return { literal: literalOf(node), text: node.text, span: spanOf(node) };
}

function literalOf(node: TsNode): string | undefined {
  switch (node.type) {
    case 'word':
    case 'number':
      return node.text.replace(/\\(.)/gs, '$1');
    case 'raw_string':
      return node.text.slice(1, -1);
    case 'string': {
      if (named(node).some((c) => c.type !== 'string_content')) return undefined;
      return node.text.slice(1, -1).replace(/\\([$`"\\\n])/g, '$1');
    }
    case 'concatenation': {
      let out = '';
      for (const part of named(node)) {
        const value = literalOf(part);
        if (value === undefined) return undefined;
        out += value;
      }
      return out;
    }
    default:
      return undefined;
  }
}

/** Calls `visit` on every node of a script, parents before children, in source order. */
export function forEachShellNode(nodes: readonly ShellNode[], visit: (node: ShellNode) => void): void {
  const walk = (node: ShellNode): void => {
    visit(node);
    switch (node.kind) {
      case 'list':
        walk(node.left);
        walk(node.right);
        break;
      case 'pipeline':
        node.commands.forEach(walk);
        break;
      case 'subshell':
      case 'group':
      case 'function':
        node.body.forEach(walk);
        break;
      case 'if':
        node.branches.forEach((b) => b.forEach(walk));
        break;
      case 'redirected':
      case 'background':
        walk(node.inner);
        break;
      case 'other':
        node.children.forEach(walk);
        break;
      case 'command':
        break;
    }
  };
  nodes.forEach(walk);
}
