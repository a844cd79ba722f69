import { Composer, isMap, isPair, isScalar, isSeq, LineCounter, Parser, visit, type CST, type Scalar, type Document, type Node, type Pair } from 'yaml';
import type { SourceRange } from './location.js';
import { TOOL_MARKER, yamlSuppressions, type SuppressionTable, type YamlExtent } from './suppressions.js';

/** A path into a YAML document: map keys and sequence indexes. */
export type YamlPath = readonly (string | number)[];

export interface ManifestDiagnostic {
  readonly message: string;
  readonly range: SourceRange;
  /** Lower than an error: a repeated key (the last one is used), a template (a note). */
  readonly severity?: 'warning' | 'info';
}

export interface ManifestDocument {
  /** Index of the document in its file (0-based). */
  readonly index: number;
  /** Plain value (`toJS`), or `undefined` when the document is empty or broken. */
  readonly value: unknown;
  /** The range of the node at a path; for a missing path, its nearest existing parent key. */
  locate(path: YamlPath): SourceRange;
  /** The range of the document's first content line. */
  readonly range: SourceRange;
  /** First and last line of the whole node at a path (an object, with all its children). */
  lines(path: YamlPath): { line: number; endLine: number };
  /** The path of the map key (or sequence item) that starts exactly at a line and column (1-based, of the whole file). */
  pathAt(line: number, column: number): YamlPath | undefined;
}

export interface ParsedManifestFile {
  readonly documents: ManifestDocument[];
  readonly diagnostics: ManifestDiagnostic[];
  /** `# lint-k8s ignore=…` comments. */
  readonly suppressions: SuppressionTable;
  /** Set when the file is a Go or Jinja template rather than YAML: it has no documents, and one note says so. */
  readonly template?: TemplateSyntax;
}

export type TemplateSyntax = 'Go template' | 'Jinja';

/** Aliases expanded per document at most; beyond this the document is a diagnostic (billion laughs). */
const MAX_ALIAS_COUNT = 1000;

/**
 * Collections nested deeper than this are not composed. `yaml` composes recursively, and
 * thousands of levels (`[[[[…`) exhaust the stack; near that limit V8 can even abort the
 * process outright (a RegExp compiled there fails as "out of memory"), so the depth is
 * measured on the CST, which `yaml` builds iteratively, before anything recurses. Real
 * Kubernetes objects are a few dozen levels deep at most.
 */
export const MAX_NESTING = 200;

/**
 * Depth of the deepest collection in a CST token, walked with an explicit stack (two arrays:
 * no pair allocated per node). A child that is not a collection only counts for its depth.
 */
function nesting(token: CST.Token): number {
  let deepest = 0;
  const nodes: CST.Token[] = [token];
  const depths: number[] = [0];
  const push = (child: CST.Token, depth: number): void => {
    if (depth > deepest) deepest = depth;
    if (child.type === 'document' || child.type === 'block-map' || child.type === 'block-seq' || child.type === 'flow-collection') {
      nodes.push(child);
      depths.push(depth);
    }
  };
  for (let node = nodes.pop(); node !== undefined; node = nodes.pop()) {
    const depth = depths.pop() as number;
    if (deepest > MAX_NESTING) return deepest;
    switch (node.type) {
      case 'document':
        if (node.value) push(node.value, depth);
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection':
        for (const item of node.items) {
          if ('key' in item && item.key) push(item.key, depth + 1);
          if (item.value) push(item.value, depth + 1);
        }
        break;
      default:
        break;
    }
  }
  return deepest;
}

/** `templates: false` reads a file known to be a template (a chart's, to map rendered findings back) as YAML anyway. */
export function parseManifestText(text: string, options: { readonly templates?: boolean } = {}): ParsedManifestFile {
  const lineCounter = new LineCounter();
  const diagnostics: ManifestDiagnostic[] = [];
  const toRange = (start: number, end: number): SourceRange => {
    const a = lineCounter.linePos(start);
    const b = lineCounter.linePos(Math.max(start, end));
    return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
  };
  /** Document start → where its (not composed) content starts. */
  const tooDeep = new Map<number, number>();
  const composable = (token: CST.Token): CST.Token => {
    if (token.type !== 'document' || nesting(token) <= MAX_NESTING) return token;
    tooDeep.set(token.offset, token.value?.offset ?? token.offset);
    return { ...token, value: undefined };
  };
  // `uniqueKeys` is checked below instead: yaml compares every key with every earlier one,
  // quadratic in the size of a map (20,000 keys took 1.5 s; a 5 MB map would take hours).
  const composer = new Composer({ prettyErrors: false, uniqueKeys: false, strict: false, logLevel: 'error' });
  // A suppression comment names the tool: a file without the name has none, and skips the CST walk.
  const mayHaveSuppressions = text.includes(TOOL_MARKER);
  const mayBeTemplate = options.templates !== false && templateMarkers(text) !== undefined;
  // parseAllDocuments, split open so the CST can be measured before it is composed. The CST is
  // kept only when a template or suppression check walks it; otherwise each document is
  // composed as soon as its tokens are read, and the tokens are garbage at once (a rendered
  // batch of 80 KB: a third less garbage-collection time, BENCHMARKS.md).
  const tokens: CST.Token[] = [];
  const list: Document.Parsed[] = [];
  for (const token of new Parser(lineCounter.addNewLine).parse(text)) {
    if (mayHaveSuppressions || mayBeTemplate) tokens.push(token);
    for (const doc of composer.next(composable(token))) list.push(doc);
  }
  for (const doc of composer.end()) list.push(doc);
  const template = mayBeTemplate ? templateSyntaxOf(text, tokens, list) : undefined;
  if (template) {
    const offset = template.offset;
    return {
      documents: [],
      diagnostics: [
        {
          message: `${template.syntax} syntax (${template.syntax === 'Jinja' ? '{% … %}' : '{{ … }}'}) outside a Helm chart: this file is a template, not YAML, and is not linted; lint the manifests it renders to`,
          range: toRange(offset, offset + 2),
          severity: 'info',
        },
      ],
      suppressions: { directives: [], malformed: [] },
      template: template.syntax,
    };
  }
  const documents: ManifestDocument[] = [];
  const extents: YamlExtent[] = [];
  list.forEach((doc, index) => {
    if (mayHaveSuppressions) collectExtents(doc, extents);
    let value: unknown;
    let broken = false;
    const deepAt = tooDeep.get(doc.range[0]);
    if (deepAt !== undefined) {
      diagnostics.push({
        message: `collections nested more than ${MAX_NESTING} levels deep: the document is not read`,
        range: toRange(deepAt, lineEnd(text, deepAt)),
      });
      broken = true;
    }
    // One finding per document, at its first error: what follows a syntax error is mostly its echo.
    const error = doc.errors[0];
    if (error) {
      const more = doc.errors.length - 1;
      diagnostics.push({
        message: `${firstLine(error.message)}${more > 0 ? ` (${more} more error${more === 1 ? '' : 's'} after it in this document)` : ''}`,
        range: toRange(error.pos[0], error.pos[1]),
      });
      broken = true;
    }
    for (const { key, earlier } of duplicateKeys(doc)) {
      // kubectl decodes YAML with sigs.k8s.io/yaml (YAMLToJSON over go-yaml v2, not strict): a
      // repeated key overwrites the earlier one, as yaml's toJS does here; the document is kept.
      const line = lineCounter.linePos(earlier.range?.[0] ?? 0).line;
      diagnostics.push({
        message: `duplicate key "${String(key.value)}" (first at line ${line}): kubectl keeps the last value and drops the first; the API server may warn about it, or reject it under strict field validation`,
        range: toRange(key.range?.[0] ?? 0, key.range?.[1] ?? 0),
        severity: 'warning',
      });
    }
    if (!broken) {
      try {
        value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch (error) {
        const [start, end] = doc.contents?.range ?? [0, 0];
        diagnostics.push({ message: firstLine(error instanceof Error ? error.message : String(error)), range: toRange(start, end) });
      }
    }
    const start = doc.contents?.range?.[0] ?? doc.range[0];
    const docRange = toRange(start, lineEnd(text, start));
    const lines = (p: YamlPath): { line: number; endLine: number } => {
      const node = nodeAt(doc, p);
      const [s, e] = node?.range ?? doc.contents?.range ?? doc.range;
      return { line: lineCounter.linePos(s).line, endLine: lineCounter.linePos(Math.max(s, e - 1)).line };
    };
    documents.push({
      index,
      value,
      range: docRange,
      locate: (p) => locate(doc, p, text, toRange) ?? docRange,
      lines,
      pathAt: (line, column) => pathAt(doc, lineCounter, line, column),
    });
  });
  const suppressions = mayHaveSuppressions ? yamlSuppressions(tokens, extents, (offset) => lineCounter.linePos(offset)) : { directives: [], malformed: [] };
  return { documents, diagnostics, suppressions };
}

/** Extents a suppression comment can cover: every key with its value, every sequence item, every document. */
function collectExtents(doc: Document, out: YamlExtent[]): void {
  if (doc.contents?.range) out.push({ start: doc.contents.range[0], end: doc.contents.range[1] });
  visit(doc, {
    Pair(_key, pair) {
      const key = pair.key as Node | null;
      const value = pair.value as Node | null;
      if (key?.range) out.push({ start: key.range[0], end: value?.range?.[1] ?? key.range[1] });
    },
    Seq(_key, seq) {
      for (const item of seq.items as (Node | null)[]) if (item?.range) out.push({ start: item.range[0], end: item.range[1] });
    },
  });
}

/** The key path of the map key (or sequence item) that starts exactly at a line and column. */
export function pathAt(doc: Document, lineCounter: LineCounter, line: number, column: number): YamlPath | undefined {
  const startsAt = (node: Node | null | undefined): boolean => {
    if (!node?.range) return false;
    const pos = lineCounter.linePos(node.range[0]);
    return pos.line === line && pos.col === column;
  };
  const search = (node: Node | null | undefined, p: YamlPath): YamlPath | undefined => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const next = [...p, String(pair.key.value)];
        if (startsAt(pair.key)) return next;
        const found = search(pair.value as Node | null, next);
        if (found) return found;
      }
    } else if (isSeq(node)) {
      for (const [i, item] of (node.items as (Node | null)[]).entries()) {
        const found = search(item, [...p, i]);
        if (found) return found;
        if (startsAt(item)) return [...p, i];
      }
    }
    return undefined;
  };
  return search(doc.contents, []);
}

function nodeAt(doc: Document, yamlPath: YamlPath): Node | undefined {
  let node: Node | null | undefined = doc.contents;
  for (const segment of yamlPath) {
    if (isMap(node)) node = node.items.find((p: Pair) => isScalar(p.key) && String(p.key.value) === String(segment))?.value as Node | null;
    else if (isSeq(node) && typeof segment === 'number') node = node.items[segment] as Node | null;
    else return undefined;
  }
  return node ?? undefined;
}

/**
 * Repeated scalar keys of every map in a document, in linear time: one set per map, or for a
 * map of a few keys (nearly all of them), a comparison of each key with the earlier ones. Keys
 * are the same when their types and their texts are (what the set compared before). Walked
 * with a stack rather than yaml's `visit`, which builds a path for every node: the check took
 * 7 % of the time of 10,000 manifests.
 */
interface RepeatedKey {
  readonly key: Scalar;
  readonly earlier: Scalar;
}

function duplicateKeys(doc: Document): RepeatedKey[] {
  const repeated: RepeatedKey[] = [];
  // Children are pushed last first, so that maps are met in the order yaml's visit met them.
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      repeatedKeysOf(node.items, repeated);
      for (let i = node.items.length - 1; i >= 0; i--) {
        const pair = node.items[i];
        stack.push(pair?.value, pair?.key);
      }
    } else if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) {
        const item = node.items[i];
        if (isPair(item)) stack.push(item.value, item.key);
        else stack.push(item);
      }
    }
  }
  return repeated;
}

const FEW_KEYS = 16;

function repeatedKeysOf(pairs: readonly Pair[], repeated: RepeatedKey[]): void {
  if (pairs.length < 2) return;
  if (pairs.length <= FEW_KEYS) {
    for (let i = 1; i < pairs.length; i++) {
      const key = pairs[i]?.key;
      if (!isScalar(key)) continue;
      for (let j = 0; j < i; j++) {
        const earlier = pairs[j]?.key;
        if (isScalar(earlier) && sameKey(earlier.value, key.value)) {
          repeated.push({ key, earlier });
          break;
        }
      }
    }
    return;
  }
  const seen = new Map<string, Scalar>();
  for (const pair of pairs) {
    if (!isScalar(pair.key)) continue;
    const id = `${typeof pair.key.value}:${String(pair.key.value)}`;
    const earlier = seen.get(id);
    if (earlier) repeated.push({ key: pair.key, earlier });
    else seen.set(id, pair.key);
  }
}

function sameKey(a: unknown, b: unknown): boolean {
  return typeof a === typeof b && (a === b || String(a) === String(b));
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl;
}

/**
 * Walks the YAML tree along a path. A found map entry reports its key (where a
 * human looks); a missing one reports the deepest parent key that exists.
 */
function locate(doc: Document, yamlPath: YamlPath, text: string, toRange: (s: number, e: number) => SourceRange): SourceRange | undefined {
  let node: Node | null | undefined = doc.contents;
  let best: SourceRange | undefined = node?.range ? toRange(node.range[0], lineEnd(text, node.range[0])) : undefined;
  for (const segment of yamlPath) {
    if (isMap(node)) {
      const pair = node.items.find((p: Pair) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) return best;
      const key = pair.key as Node;
      if (key.range) best = toRange(key.range[0], key.range[1]);
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) return best;
      if (item.range) best = isMap(item) ? (firstKeyRange(item, toRange) ?? toRange(item.range[0], item.range[1])) : toRange(item.range[0], item.range[1]);
      node = item;
    } else {
      return best;
    }
  }
  return best;
}

function firstKeyRange(map: Node, toRange: (s: number, e: number) => SourceRange): SourceRange | undefined {
  if (!isMap(map)) return undefined;
  const first = map.items[0];
  if (!first || !isPair(first)) return undefined;
  const key = first.key as Node | null;
  if (!key?.range) return undefined;
  const value = first.value as Node | null;
  const end = value?.range && isScalar(value) ? value.range[1] : key.range[1];
  return toRange(key.range[0], end);
}

/** Where the text's first template marker (`{{ … }}`, `{% … %}`) opens, if it has one. */
function templateMarkers(text: string): number | undefined {
  const go = text.indexOf('{{');
  const jinja = text.indexOf('{%');
  const hasGo = go >= 0 && text.includes('}}', go);
  const hasJinja = jinja >= 0 && text.includes('%}', jinja);
  if (!hasGo && !hasJinja) return undefined;
  return hasGo && hasJinja ? Math.min(go, jinja) : hasGo ? go : jinja;
}

/**
 * Whether a file is a Go or Jinja template rather than YAML: template syntax that shapes the
 * YAML, not text inside a string. Template markers in a string (a Prometheus rule's
 * `{{ $labels.instance }}`, an Argo Workflows parameter) are data and the file is a manifest;
 * a file that only parses with errors and has markers, or whose markers open a flow mapping
 * (`image: {{ .Values.image }}` is YAML for a map in a map), is a template.
 */
function templateSyntaxOf(text: string, tokens: readonly CST.Token[], docs: readonly Document[]): { syntax: TemplateSyntax; offset: number } | undefined {
  const first = templateMarkers(text);
  if (first === undefined) return undefined;
  const found = (offset: number): { syntax: TemplateSyntax; offset: number } => ({ syntax: text.startsWith('{%', offset) ? 'Jinja' : 'Go template', offset });
  if (docs.some((d) => d.errors.length > 0)) return found(first);
  // Flow collections opening on a marker, found on the CST with a stack (no recursion).
  const stack: unknown[] = [...tokens];
  while (stack.length > 0) {
    const token = stack.pop() as CST.Token | CST.CollectionItem | undefined;
    if (!token || typeof token !== 'object') continue;
    if ('type' in token && token.type === 'flow-collection' && (text.startsWith('{{', token.offset) || text.startsWith('{%', token.offset)))
      return found(token.offset);
    if ('type' in token && token.type === 'document') stack.push(token.value);
    else if ('items' in token) for (const item of token.items) stack.push(item.key, item.value);
    else if ('key' in token || 'value' in token) stack.push(token.key, token.value);
  }
  return undefined;
}
