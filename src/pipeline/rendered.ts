import { readFile } from 'node:fs';
import path from 'node:path';
import { isMap, isPair, isScalar, isSeq, LineCounter, parse, parseAllDocuments, parseDocument, Parser as YamlCstParser, type Document, type Node } from 'yaml';
import { displayPathOf } from '../discover/discover.js';
import { RENDERED_FROM_ANNOTATION, type KustomizeBatch, type KustomizeRoot, type RenderTarget } from '../discover/render.js';
import type { Finding } from '../engine/finding.js';
import type { RelatedLocation } from '../engine/rule.js';
import { parseManifestText, type ManifestDocument, type YamlPath } from '../parse/manifest.js';
import { at, WHOLE_FILE, type SourceRange } from '../parse/location.js';
import { isRecord } from '../model/common/values.js';

/** Kustomize records where a resource came from here when the kustomization sets `buildMetadata: [originAnnotations]`. */
export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';

/** Where kustomize says an object came from (`config.kubernetes.io/origin`, kustomize api/resource/origin.go). */
type Origin =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'generated'; readonly configuredIn: string; readonly generator: string }
  | { readonly kind: 'remote'; readonly repo: string };

interface RenderedDocument {
  readonly line: number;
  readonly endLine: number;
  readonly doc: Document;
  readonly value: unknown;
  /** Absolute path of the template or base file it came from, when the renderer says. */
  readonly source: string | undefined;
  readonly origin: Origin | undefined;
  /** Its position among the documents one rendering made from that source. */
  readonly nth: number;
  /** The kustomization it was rendered through (a batch renders several). */
  readonly root: RenderTarget | undefined;
}

/**
 * Where `helm template` says a document came from: the `# Source: CHART/templates/x.yaml`
 * comment it writes before each one (helm pkg/action/action.go), relative to the chart's
 * parent; the chart's name comes first, so it is replaced by the chart's directory.
 */
function helmSources(text: string, chartDir: string): Map<number, string> {
  const sources = new Map<number, string>();
  let index = -1;
  for (const token of new YamlCstParser().parse(text)) {
    if (token.type !== 'document') continue;
    index++;
    const comments: string[] = [];
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (typeof value === 'object' && value !== null) {
        const t = value as { type?: string; source?: string };
        if (t.type === 'comment' && typeof t.source === 'string') comments.push(t.source);
        for (const [k, child] of Object.entries(value)) if (k !== 'source' && typeof child === 'object') walk(child);
      }
    };
    walk(token);
    const source = comments.find((c) => c.startsWith('# Source: '));
    if (!source) continue;
    const segments = source.slice('# Source: '.length).trim().split('/');
    sources.set(index, path.join(chartDir, ...segments.slice(1)));
  }
  return sources;
}

function annotationsOf(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) && isRecord(value.metadata) && isRecord(value.metadata.annotations) ? value.metadata.annotations : undefined;
}

function originOf(value: unknown): Origin | undefined {
  const origin = annotationsOf(value)?.[ORIGIN_ANNOTATION];
  if (typeof origin !== 'string') return undefined;
  try {
    const parsed: unknown = parse(origin);
    if (!isRecord(parsed)) return undefined;
    if (typeof parsed.repo === 'string') return { kind: 'remote', repo: parsed.repo };
    if (typeof parsed.path === 'string') return { kind: 'file', path: parsed.path };
    if (typeof parsed.configuredIn === 'string')
      return {
        kind: 'generated',
        configuredIn: parsed.configuredIn,
        generator: isRecord(parsed.configuredBy) ? String(parsed.configuredBy.kind) : 'generator',
      };
  } catch {
    // not YAML: as if there were none
  }
  return undefined;
}

interface Identity {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
}

function identityOf(value: unknown): Identity | undefined {
  if (!isRecord(value) || typeof value.kind !== 'string' || !isRecord(value.metadata) || typeof value.metadata.name !== 'string') return undefined;
  return { kind: value.kind, name: value.metadata.name, namespace: typeof value.metadata.namespace === 'string' ? value.metadata.namespace : undefined };
}

/**
 * How well an object of a base matches a rendered one: kustomize keeps the kind, may set the
 * namespace and add a prefix and suffix to the name (`namespace`, `namePrefix`, `nameSuffix`).
 * 0 when it cannot be the same object.
 */
function match(base: Identity, rendered: Identity): number {
  if (base.kind !== rendered.kind) return 0;
  const sameNamespace = base.namespace === undefined || base.namespace === rendered.namespace;
  if (base.name === rendered.name) return sameNamespace ? 3 : 2;
  return rendered.name.includes(base.name) ? 1 : 0;
}

/** The documents of a source file, parsed once per run. */
class SourceFiles {
  private readonly texts = new Map<string, Promise<ManifestDocument[] | undefined>>();
  documents(file: string): Promise<ManifestDocument[] | undefined> {
    let pending = this.texts.get(file);
    if (!pending) {
      pending = new Promise((resolve) =>
        readFile(file, 'utf8', (error, text) => resolve(error ? undefined : parseManifestText(text, { templates: false }).documents)),
      );
      this.texts.set(file, pending);
    }
    return pending;
  }
}

/** The key path of the map key (or sequence item) that starts exactly at a line and column. */
function pathAt(doc: Document, lineCounter: LineCounter, line: number, column: number): YamlPath | undefined {
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

export type MapBack = (f: Finding) => Promise<Finding>;

/** Parses a renderer's output into documents, each with the line range it spans. */
function renderedDocuments(
  text: string,
  describe: (doc: Document, value: unknown, index: number) => Omit<RenderedDocument, 'line' | 'endLine' | 'doc' | 'value'>,
) {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, logLevel: 'error' });
  const list = Array.isArray(docs) ? docs : [docs];
  const rendered: RenderedDocument[] = list.map((doc, i) => {
    const value: unknown = doc.toJS();
    return {
      line: lineCounter.linePos(doc.range[0]).line,
      endLine: lineCounter.linePos(Math.max(doc.range[0], doc.range[2] - 1)).line,
      doc,
      value,
      ...describe(doc, value, i),
    };
  });
  /** The document a line falls in (documents are in line order). */
  const find = (line: number): RenderedDocument | undefined => {
    let lo = 0;
    let hi = rendered.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const d = rendered[mid] as RenderedDocument;
      if (line < d.line) hi = mid - 1;
      else if (line > d.endLine) lo = mid + 1;
      else return d;
    }
    return undefined;
  };
  return { lineCounter, find };
}

function objectName(value: unknown): string {
  return isRecord(value) ? `${String(value.kind)} ${isRecord(value.metadata) ? String(value.metadata.name) : '(unnamed)'}` : 'output';
}

/**
 * Maps findings in `helm template` output back to the template named by `# Source:`, at the
 * same key when it can be found there; otherwise to the Chart.yaml, naming the object.
 */
export function renderedOrigins(text: string, target: RenderTarget, command: string, cwd: string): MapBack {
  const helm = helmSources(text, target.dir);
  const counts = new Map<string, number>();
  const { lineCounter, find } = renderedDocuments(text, (_doc, _value, i) => {
    const source = helm.get(i);
    const nth = source === undefined ? 0 : (counts.get(source) ?? 0);
    if (source !== undefined) counts.set(source, nth + 1);
    return { source, origin: undefined, nth, root: target };
  });
  const sources = new SourceFiles();
  const via = `rendered by ${command}`;
  return async (f) => {
    const doc = find(f.line);
    const fallback: Finding = {
      ...f,
      file: target.entry.displayPath,
      ...WHOLE_FILE,
      message: `${f.message} (${objectName(doc?.value)}, ${via} from ${target.entry.displayPath}; no source to map it back to)`,
      related: [],
    };
    if (!doc?.source) return fallback;
    const sourceDocs = await sources.documents(doc.source);
    if (sourceDocs === undefined) return fallback;
    const keyPath = pathAt(doc.doc, lineCounter, f.line, f.column);
    const sourceDoc = sourceDocs[doc.nth];
    const range: SourceRange = keyPath && sourceDoc ? sourceDoc.locate(keyPath) : WHOLE_FILE;
    return { ...f, file: displayPathOf(doc.source, cwd), ...range, message: `${f.message} (${via})`, related: [] };
  };
}

/**
 * The message with the object named as the base names it (`Deployment worker`, not the
 * overlay's `Deployment prod-worker`): one base finding reached through several overlays
 * then reads the same from each, and is reported once.
 */
function asInBase(message: string, rendered: unknown, base: unknown): string {
  const r = identityOf(rendered);
  const b = identityOf(base);
  if (!r || !b || r.name === b.name) return message;
  return message.split(`${r.kind} ${r.name}`).join(`${b.kind} ${b.name}`);
}

/** The finding's identity (what its fingerprint hashes) with the object's name as the base has it, like its message. */
function identityInBase(identity: string, rendered: unknown, base: unknown): string {
  const r = identityOf(rendered);
  const b = identityOf(base);
  if (!r || !b || r.name === b.name) return identity;
  return identity
    .split('\u0000')
    .map((field) => (field === `name=${r.name}` ? `name=${b.name}` : field))
    .join('\u0000');
}

/** Marks a related location that names the kustomization a base finding was rendered through. */
export const RENDERED_THROUGH = 'rendered through this kustomization';

/**
 * Maps findings in a batch of kustomize output back to the base file and key a reviewer
 * edits: the file the origin annotation names, else the file of the root's tree that holds an
 * object of the same identity (kind, namespace, name, allowing kustomize's name prefix and
 * suffix); a generated object goes to the kustomization that configures its generator. Each
 * mapped finding names the kustomization it was rendered through as a related location.
 */
export function kustomizeOrigins(batch: KustomizeBatch, cwd: string): MapBack {
  return kustomizeMapBack(batch, cwd, lazyDocuments(batch), new SourceFiles());
}

/**
 * The documents of a batch, composed only when a finding falls in one (a batch of a hundred
 * overlays has thousands of objects and a few findings): the CST pass alone gives where each
 * document starts, and the document holding a finding is composed from its own text.
 */
function lazyDocuments(
  batch: KustomizeBatch,
): (line: number) => (RenderedDocument & { readonly lineCounter: LineCounter; readonly firstLine: number }) | undefined {
  const lines = new LineCounter();
  const starts: number[] = [];
  for (const token of new YamlCstParser(lines.addNewLine).parse(batch.text)) if (token.type === 'document') starts.push(token.offset);
  const startLines = starts.map((offset) => lines.linePos(offset).line);
  const composed = new Map<number, ReturnType<ReturnType<typeof lazyDocuments>>>();
  const compose = (i: number): ReturnType<ReturnType<typeof lazyDocuments>> => {
    const start = starts[i] as number;
    const end = starts[i + 1] ?? batch.text.length;
    const lineCounter = new LineCounter();
    const doc = parseDocument(batch.text.slice(start, end), { lineCounter, logLevel: 'error' });
    const value: unknown = doc.toJS();
    const index = annotationsOf(value)?.[RENDERED_FROM_ANNOTATION];
    const root = typeof index === 'string' ? batch.roots[Number(index)] : batch.roots.length === 1 ? batch.roots[0] : undefined;
    const origin = originOf(value);
    let source: string | undefined;
    if (origin?.kind === 'file') source = path.resolve(batch.originBase, origin.path);
    else if (origin?.kind === 'generated') source = path.resolve(batch.originBase, origin.configuredIn);
    const firstLine = startLines[i] as number;
    return { line: firstLine, endLine: (startLines[i + 1] ?? Number.MAX_SAFE_INTEGER) - 1, doc, value, source, origin, nth: 0, root, lineCounter, firstLine };
  };
  return (line) => {
    let lo = 0;
    let hi = startLines.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((startLines[mid] as number) <= line) [found, lo] = [mid, mid + 1];
      else hi = mid - 1;
    }
    if (found < 0) return undefined;
    if (!composed.has(found)) composed.set(found, compose(found));
    return composed.get(found);
  };
}

function kustomizeMapBack(batch: KustomizeBatch, cwd: string, find: ReturnType<typeof lazyDocuments>, sources: SourceFiles): MapBack {
  const via = `rendered by ${batch.command}`;

  /** The document of a file that is the rendered object: by identity, else by position. */
  const sourceDocument = async (file: string, rendered: RenderedDocument): Promise<ManifestDocument | undefined> => {
    const docs = await sources.documents(file);
    if (!docs) return undefined;
    const id = identityOf(rendered.value);
    if (docs.length === 1 || !id) return docs[0];
    let best: ManifestDocument | undefined;
    let score = 0;
    for (const d of docs) {
      const candidate = identityOf(d.value);
      const s = candidate ? match(candidate, id) : 0;
      if (s > score) [best, score] = [d, s];
    }
    return best;
  };

  /** Without an origin: the resource file of the root's tree holding the same object. */
  const byIdentity = async (root: KustomizeRoot, rendered: RenderedDocument): Promise<{ file: string; doc: ManifestDocument } | undefined> => {
    const id = identityOf(rendered.value);
    if (!id) return undefined;
    let best: { file: string; doc: ManifestDocument } | undefined;
    let score = 0;
    for (const k of root.tree)
      for (const file of k.resources) {
        for (const d of (await sources.documents(file)) ?? []) {
          const candidate = identityOf(d.value);
          const s = candidate ? match(candidate, id) : 0;
          if (s > score) [best, score] = [{ file, doc: d }, s];
        }
      }
    return best;
  };

  return async (f) => {
    const doc = find(f.line);
    const root = doc?.root as KustomizeRoot | undefined;
    const entry = root?.entry ?? batch.roots[0]?.entry;
    const related: RelatedLocation[] = root ? [{ at: at(root.entry.displayPath, WHOLE_FILE), message: RENDERED_THROUGH }] : [];
    const fallback: Finding = {
      ...f,
      file: entry?.displayPath ?? f.file,
      ...WHOLE_FILE,
      message: `${f.message} (${objectName(doc?.value)}, ${via}${doc?.origin?.kind === 'remote' ? ` from the remote base ${doc.origin.repo}` : ''}; no local source to map it back to)`,
      related,
    };
    if (!doc) return fallback;
    const keyPath = pathAt(doc.doc, doc.lineCounter, f.line - doc.firstLine + 1, f.column);
    if (doc.origin?.kind === 'generated' && doc.source) {
      // The generator's entry in its kustomization is what a reviewer edits.
      const docs = await sources.documents(doc.source);
      const field =
        doc.origin.generator === 'SecretGenerator' ? 'secretGenerator' : doc.origin.generator === 'ConfigMapGenerator' ? 'configMapGenerator' : undefined;
      const range = field && docs?.[0] ? docs[0].locate([field]) : WHOLE_FILE;
      return { ...f, file: displayPathOf(doc.source, cwd), ...range, message: `${f.message} (${objectName(doc.value)}, ${via})`, related };
    }
    let located: { file: string; doc: ManifestDocument } | undefined;
    if (doc.source) {
      const sourceDoc = await sourceDocument(doc.source, doc);
      if (sourceDoc) located = { file: doc.source, doc: sourceDoc };
    }
    if (!located && root && doc.origin?.kind !== 'remote') located = await byIdentity(root, doc);
    if (!located) return fallback;
    const range: SourceRange = keyPath ? located.doc.locate(keyPath) : located.doc.range;
    return {
      ...f,
      file: displayPathOf(located.file, cwd),
      ...range,
      message: `${asInBase(f.message, doc.value, located.doc.value)} (${via})`,
      identity: identityInBase(f.identity, doc.value, located.doc.value),
      related,
    };
  };
}
