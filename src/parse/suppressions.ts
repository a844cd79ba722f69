import type { Dockerfile } from 'dockerfile-ast';
import type { SourceRange } from './location.js';
import { fromLsp } from './dockerfile.js';

/**
 * In-source suppressions, the hadolint convention:
 *   `# lint-k8s ignore=RULE[,RULE] -- reason`         the next instruction / YAML key
 *   `# lint-k8s global ignore=RULE[,RULE] -- reason`  the whole file
 */
export interface SuppressionDirective {
  readonly rules: readonly string[];
  readonly reason: string | undefined;
  /** Where the comment (or annotation) is: unused suppressions are reported there. */
  readonly range: SourceRange;
  /** The lines whose findings it suppresses, or the whole file. */
  readonly covers: { readonly line: number; readonly endLine: number } | 'file';
  /** `kube-linter`: an `ignore-check.kube-linter.io/<check>` annotation, read for the rule that is that check's twin. */
  readonly via: 'comment' | 'annotation' | 'kube-linter';
}

/** A comment that starts with `lint-k8s` but cannot be read: reported, never silently ignored. */
export interface MalformedSuppression {
  readonly message: string;
  readonly range: SourceRange;
}

export interface SuppressionTable {
  readonly directives: SuppressionDirective[];
  readonly malformed: MalformedSuppression[];
}

export const TOOL_MARKER = 'lint-k8s';

/** Rule ids are kebab-case words. */
const RULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

type CommentParse = { scope: 'next' | 'file'; rules: string[]; reason: string | undefined } | { error: string } | undefined;

/**
 * Reads the text of one comment (without its `#`). `undefined` when it is not addressed
 * to lint-k8s at all.
 */
export function parseSuppressionComment(content: string): CommentParse {
  const text = content.trim();
  if (text !== TOOL_MARKER && !text.startsWith(`${TOOL_MARKER} `)) return undefined;
  let rest = text.slice(TOOL_MARKER.length).trim();
  const dash = rest.indexOf(' --');
  const reasonText = dash >= 0 ? rest.slice(dash + 3).trim() : rest.startsWith('--') ? rest.slice(2).trim() : undefined;
  if (dash >= 0) rest = rest.slice(0, dash).trim();
  let scope: 'next' | 'file' = 'next';
  if (rest.startsWith('global ')) {
    scope = 'file';
    rest = rest.slice('global '.length).trim();
  }
  if (!rest.startsWith('ignore=')) return { error: `expected "# ${TOOL_MARKER} ignore=RULE[,RULE] -- reason", found "# ${text}"` };
  const rules = rest
    .slice('ignore='.length)
    .split(',')
    .map((r) => r.trim());
  const bad = rules.find((r) => !RULE_ID.test(r));
  if (bad !== undefined) return { error: `"${bad}" is not a rule id (kebab-case, see --list-rules) in "# ${text}"` };
  return { scope, rules, reason: reasonText === '' ? undefined : reasonText };
}

/** Rule ids listed in the `lint-k8s.io/ignore` annotation and the reason after ` -- `, as in a comment; `undefined` when malformed. */
export function parseIgnoreAnnotation(value: string): { rules: string[]; reason: string | undefined } | undefined {
  const dash = value.indexOf('--');
  const list = dash >= 0 ? value.slice(0, dash) : value;
  const reason = dash >= 0 ? value.slice(dash + 2).trim() : '';
  const rules = list.split(',').map((r) => r.trim());
  return rules.every((r) => RULE_ID.test(r)) ? { rules, reason: reason === '' ? undefined : reason } : undefined;
}

/** kube-linter's per-check annotation (`ignore-check.kube-linter.io/<check>: "reason"`, kube-linter docs/configuring-kubelinter.md). */
export const KUBE_LINTER_IGNORE_PREFIX = 'ignore-check.kube-linter.io/';

/**
 * kube-linter checks that are the same check as a lint-k8s rule, so a team that silenced one
 * on an object has silenced the other. Only true twins: `mismatching-selector` ("deployment
 * selectors fail to match the pod template labels", kube-linter docs/generated/checks.md) is
 * `selector-mismatch`. Checks that merely touch the same field are not (kube-linter's
 * `run-as-non-root` flags a missing runAsNonRoot, lint-k8s's rule a runAsNonRoot the image
 * breaks; `latest-tag` any :latest, lint-k8s only :latest with IfNotPresent; `liveness-port`
 * numeric ports too).
 */
export const KUBE_LINTER_TWINS: Readonly<Record<string, readonly string[]>> = { 'mismatching-selector': ['selector-mismatch'] };

/**
 * Suppression comments of a Dockerfile. A comment covers the instruction after it (all
 * its continuation lines). dockerfile-ast reads comments at the very top of the file as
 * parser directives (BuildKit itself does not: its directive names have no `-`), so those
 * are taken from the directive list, with their text read at the directive's range.
 */
export function dockerfileSuppressions(ast: Dockerfile, text: string): SuppressionTable {
  // A suppression comment names the tool: without the name there is none, and no range to compute.
  if (!text.includes(TOOL_MARKER)) return { directives: [], malformed: [] };
  const lines = text.split('\n');
  const comments: { content: string; range: SourceRange }[] = ast.getComments().map((c) => ({ content: c.getContent(), range: fromLsp(c.getRange()) }));
  for (const directive of ast.getDirectives()) {
    const range = fromLsp(directive.getRange());
    const line = lines[range.line - 1] ?? '';
    const raw = line.slice(range.column - 1, range.endColumn - 1).trim();
    if (raw.startsWith('#')) comments.push({ content: raw.slice(1), range });
  }
  const instructions = ast.getInstructions().map((i) => fromLsp(i.getRange()));
  const table: SuppressionTable = { directives: [], malformed: [] };
  for (const { content, range } of comments) {
    addComment(table, content, range, 'an instruction', () => {
      const next = instructions.find((i) => i.line > range.line);
      return next && { line: next.line, endLine: next.endLine };
    });
  }
  return table;
}

/**
 * Adds one comment to a table: a malformed suppression, a file-wide one, or one covering
 * the lines `covered` returns (the next instruction or key); nothing for other comments.
 */
function addComment(
  table: SuppressionTable,
  content: string,
  range: SourceRange,
  what: string,
  covered: () => { line: number; endLine: number } | undefined,
): void {
  const parsed = parseSuppressionComment(content);
  if (parsed === undefined) return;
  if ('error' in parsed) {
    table.malformed.push({ message: parsed.error, range });
    return;
  }
  if (parsed.scope === 'file') {
    table.directives.push({ rules: parsed.rules, reason: parsed.reason, range, covers: 'file', via: 'comment' });
    return;
  }
  const covers = covered();
  if (!covers) {
    table.malformed.push({ message: `"# ${content.trim()}" is not followed by ${what}`, range });
    return;
  }
  table.directives.push({ rules: parsed.rules, reason: parsed.reason, range, covers, via: 'comment' });
}

/** Line extents of YAML nodes, as [startOffset, endOffset] of every key-value pair and collection item. */
export interface YamlExtent {
  readonly start: number;
  readonly end: number;
}

interface CstToken {
  readonly type?: string;
  readonly offset?: number;
  readonly source?: string;
}

/**
 * Suppression comments of a YAML file. A comment covers the node that starts on the next
 * content line: the key and its whole value (`spec:` covers the pod spec), a sequence
 * item (`- name: api` covers the container), or at the top of a document the whole
 * object. Comments and content positions come from the yaml CST; node extents from the
 * documents already parsed (`extents`).
 */
export function yamlSuppressions(
  tokens: readonly unknown[],
  extents: readonly YamlExtent[],
  position: (offset: number) => { line: number; col: number },
): SuppressionTable {
  const comments: CstToken[] = [];
  const content: number[] = [];
  // An explicit stack, not recursion: hostile input nests thousands of levels deep.
  const stack: unknown[] = [...tokens];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    const token = value as CstToken;
    if (typeof token.type === 'string' && typeof token.offset === 'number') {
      if (token.type === 'comment') comments.push(token);
      else if (token.type !== 'space' && token.type !== 'newline' && token.type !== 'doc-start' && token.type !== 'doc-end' && token.type !== 'byte-order-mark')
        content.push(token.offset);
    }
    for (const [key, child] of Object.entries(value)) if (key !== 'source' && typeof child === 'object') stack.push(child);
  }
  comments.sort((a, b) => (a.offset ?? 0) - (b.offset ?? 0));
  content.sort((a, b) => a - b);

  // The largest node starting on each line.
  const lastLineOf = new Map<number, number>();
  for (const extent of extents) {
    const first = position(extent.start).line;
    const last = position(Math.max(extent.start, extent.end - 1)).line;
    lastLineOf.set(first, Math.max(lastLineOf.get(first) ?? first, last));
  }

  const table: SuppressionTable = { directives: [], malformed: [] };
  for (const comment of comments) {
    const source = comment.source ?? '';
    const start = position(comment.offset ?? 0);
    const endPos = position((comment.offset ?? 0) + source.length);
    const range: SourceRange = { line: start.line, column: start.col, endLine: endPos.line, endColumn: endPos.col };
    addComment(table, source.startsWith('#') ? source.slice(1) : source, range, 'a key', () => {
      const nextOffset = content.find((o) => o > (comment.offset ?? 0) && position(o).line > range.line);
      if (nextOffset === undefined) return undefined;
      const line = position(nextOffset).line;
      return { line, endLine: lastLineOf.get(line) ?? line };
    });
  }
  return table;
}
