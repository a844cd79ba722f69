import { readFile } from 'node:fs';
import path from 'node:path';
import { LineCounter, parse, parseDocument, Parser as YamlCstParser } from 'yaml';
import { displayPathOf } from '../discover/discover.js';
import { RENDERED_FROM_ANNOTATION, type KustomizeBatch, type KustomizeRoot, type RenderTarget } from '../discover/render.js';
import type { Finding } from '../engine/finding.js';
import type { RelatedLocation } from '../engine/rule.js';
import { parseManifestText, pathAt, type ManifestDocument, type YamlPath } from '../parse/manifest.js';
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
  readonly value: unknown;
  /** The key path at a line and column of the whole output. */
  readonly pathAt: (line: number, column: number) => YamlPath | undefined;
  /** Absolute path of the template or base file it came from, when the renderer says. */
  readonly source: string | undefined;
  readonly origin: Origin | undefined;
  /** Its position among the documents one rendering made from that source. */
  readonly nth: number;
  /** The kustomization it was rendered through (a batch renders several). */
  readonly root: RenderTarget | undefined;
}

/**
 * Where `helm template` says each document came from: the `# Source: CHART/templates/x.yaml`
 * comment it writes after each `---` (helm pkg/action/action.go), relative to the chart's
 * parent; the chart's name comes first, so it is replaced by the chart's directory. Read from
 * the comment lines that open each document, by position among the document starts.
 */
function helmSources(text: string, starts: readonly number[], chartDir: string): (string | undefined)[] {
  return starts.map((start, i) => {
    const end = starts[i + 1] ?? text.length;
    for (let at = start; at < end;) {
      const next = text.indexOf('\n', at);
      const line = text.slice(at, next < 0 || next > end ? end : next).trim();
      at = next < 0 ? end : next + 1;
      if (line === '' || line === '---') continue;
      if (!line.startsWith('#')) return undefined;
      if (line.startsWith('# Source: ')) return path.join(chartDir, ...line.slice('# Source: '.length).trim().split('/').slice(1));
    }
    return undefined;
  });
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

export type MapBack = (f: Finding) => Promise<Finding>;

/** One location mapped back: the finding as placed in the user's file, and whether a source was found (else it is the fallback at the entry file). */
type MapOne = (f: Finding) => Promise<{ readonly finding: Finding; readonly placed: boolean }>;

/**
 * Maps a finding, then its related locations that point into the same rendered output (the
 * memory limit of the same container, the image field) to where the user's files have them;
 * related locations in the user's files (the Dockerfile an image is built from, the skaffold
 * artifact that joins it) are kept as they are. One that cannot be placed is left out: a
 * location in text the user never sees helps nobody.
 */
function withRelated(one: MapOne): MapBack {
  return async (f) => {
    const { finding } = await one(f);
    const own: RelatedLocation[] = [];
    for (const r of f.related) {
      if (r.at.file !== f.file) {
        own.push(r);
        continue;
      }
      const mapped = await one({ ...f, line: r.at.line, column: r.at.column, endLine: r.at.endLine, endColumn: r.at.endColumn, related: [] });
      if (mapped.placed) own.push({ at: at(mapped.finding.file, mapped.finding), message: r.message });
    }
    // What it was rendered through first: it says where the finding comes from before the details.
    return own.length === 0 ? finding : { ...finding, related: [...finding.related, ...own] };
  };
}

function objectName(value: unknown): string {
  return isRecord(value) ? `${String(value.kind)} ${isRecord(value.metadata) ? String(value.metadata.name) : '(unnamed)'}` : 'output';
}

/**
 * Maps findings in `helm template` output back to the template named by `# Source:`, at the
 * same key when it can be found there; otherwise to the Chart.yaml, naming the object.
 */
export function renderedOrigins(
  text: string,
  target: RenderTarget,
  command: string,
  cwd: string,
  related: readonly RelatedLocation[] = [],
  parsed?: Promise<readonly ManifestDocument[] | undefined>,
): MapBack {
  const index = documentStarts(text);
  const helm = helmSources(text, index.starts, target.dir);
  const nths: number[] = [];
  const counts = new Map<string, number>();
  for (const source of helm) {
    const nth = source === undefined ? 0 : (counts.get(source) ?? 0);
    if (source !== undefined) counts.set(source, nth + 1);
    nths.push(nth);
  }
  const documents = (parsed ?? Promise.resolve(undefined)).then((docs) =>
    renderedDocuments(text, index, (_value, i) => ({ source: helm[i], origin: undefined, nth: nths[i] ?? 0, root: target }), docs),
  );
  const sources = new SourceFiles();
  const via = `rendered by ${command}`;
  return withRelated(async (f) => {
    const doc = (await documents)(f.line);
    const fallback: Finding = {
      ...f,
      file: target.entry.displayPath,
      ...WHOLE_FILE,
      message: `${f.message} (${objectName(doc?.value)}, ${via} from ${target.entry.displayPath}; no source to map it back to)`,
      related: [...related],
    };
    if (!doc?.source) return { finding: fallback, placed: false };
    const sourceDocs = await sources.documents(doc.source);
    if (sourceDocs === undefined) return { finding: fallback, placed: false };
    const keyPath = doc.pathAt(f.line, f.column);
    const sourceDoc = sourceDocs[doc.nth];
    const range: SourceRange = keyPath && sourceDoc ? sourceDoc.locate(keyPath) : WHOLE_FILE;
    return { finding: { ...f, file: displayPathOf(doc.source, cwd), ...range, message: `${f.message} (${via})`, related: [...related] }, placed: true };
  });
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

/** Starts a related location that names the values file (and release) a chart was rendered with, from the config's `charts:`. */
export const RENDERED_WITH = 'helm template release';

/** Marks a related location that names the kustomization a base finding was rendered through. */
export const RENDERED_THROUGH = 'rendered through this kustomization';

/**
 * Maps findings in a batch of kustomize output back to the base file and key a reviewer
 * edits: the file the origin annotation names, else the file of the root's tree that holds an
 * object of the same identity (kind, namespace, name, allowing kustomize's name prefix and
 * suffix); a generated object goes to the kustomization that configures its generator. Each
 * mapped finding names the kustomization it was rendered through as a related location.
 */
export function kustomizeOrigins(batch: KustomizeBatch, cwd: string, parsed?: Promise<readonly ManifestDocument[] | undefined>): MapBack {
  const describe = (value: unknown): Pick<RenderedDocument, 'source' | 'origin' | 'nth' | 'root'> => {
    const index = annotationsOf(value)?.[RENDERED_FROM_ANNOTATION];
    const root = typeof index === 'string' ? batch.roots[Number(index)] : batch.roots.length === 1 ? batch.roots[0] : undefined;
    const origin = originOf(value);
    let source: string | undefined;
    if (origin?.kind === 'file') source = path.resolve(batch.originBase, origin.path);
    else if (origin?.kind === 'generated') source = path.resolve(batch.originBase, origin.configuredIn);
    return { source, origin, nth: 0, root };
  };
  const documents = (parsed ?? Promise.resolve(undefined)).then((docs) => renderedDocuments(batch.text, documentStarts(batch.text), describe, docs));
  return kustomizeMapBack(batch, cwd, documents, new SourceFiles());
}

/**
 * Where each document of a renderer's output starts (offset and 1-based line). YAML allows
 * `---` at the start of a line only as a document marker (it is a forbidden line start inside
 * any scalar, YAML 1.2 §9.1.4 c-forbidden), so a line scan finds what the CST would, without
 * lexing a text the linter has parsed already; output with directives or `...` markers, which
 * kustomize and helm never write, goes through the CST.
 */
export function documentStarts(text: string): { starts: number[]; startLines: number[] } {
  if (/^(?:%|\.\.\.(?:[ \t\r]|$))/m.test(text)) {
    const lines = new LineCounter();
    const starts: number[] = [];
    for (const token of new YamlCstParser(lines.addNewLine).parse(text)) if (token.type === 'document') starts.push(token.offset);
    return { starts, startLines: starts.map((offset) => lines.linePos(offset).line) };
  }
  if (text === '') return { starts: [], startLines: [] };
  const starts = [0];
  const startLines = [1];
  let line = 1;
  for (let at = text.indexOf('\n'); at >= 0 && at < text.length - 1; at = text.indexOf('\n', at + 1)) {
    line++;
    if (text.startsWith('---', at + 1) && /^---(?:[ \t\r\n]|$)/.test(text.slice(at + 1, at + 5))) {
      starts.push(at + 1);
      startLines.push(line);
    }
  }
  // A marker on the first line opens the first document (offset 0), as in the CST.
  return { starts, startLines };
}

/**
 * The documents of a renderer's output, by line. The linter parsed the output already (its
 * model was made as soon as it was rendered): those documents are used when they are the
 * output's documents one for one. Otherwise (a model that failed, a test without one), only a
 * document a finding falls in is composed, from its own text: the document starts give where
 * each one is (a batch of a hundred overlays has thousands of objects and a few findings).
 */
function renderedDocuments(
  text: string,
  index: { readonly starts: readonly number[]; readonly startLines: readonly number[] },
  describe: (value: unknown, i: number) => Pick<RenderedDocument, 'source' | 'origin' | 'nth' | 'root'>,
  parsed: readonly ManifestDocument[] | undefined,
): (line: number) => RenderedDocument | undefined {
  const { starts, startLines } = index;
  const made = new Map<number, RenderedDocument>();
  const make = (i: number): RenderedDocument => {
    const own = parsed?.length === starts.length ? parsed[i] : undefined;
    if (own) return { value: own.value, pathAt: (line, column) => own.pathAt(line, column), ...describe(own.value, i) };
    const start = starts[i] as number;
    const end = starts[i + 1] ?? text.length;
    const lineCounter = new LineCounter();
    const doc = parseDocument(text.slice(start, end), { lineCounter, logLevel: 'error' });
    const value: unknown = doc.toJS();
    const firstLine = startLines[i] as number;
    return { value, pathAt: (line, column) => pathAt(doc, lineCounter, line - firstLine + 1, column), ...describe(value, i) };
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
    let doc = made.get(found);
    if (!doc) made.set(found, (doc = make(found)));
    return doc;
  };
}

function kustomizeMapBack(batch: KustomizeBatch, cwd: string, documents: Promise<ReturnType<typeof renderedDocuments>>, sources: SourceFiles): MapBack {
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

  return withRelated(async (f) => {
    const doc = (await documents)(f.line);
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
    if (!doc) return { finding: fallback, placed: false };
    const keyPath = doc.pathAt(f.line, f.column);
    if (doc.origin?.kind === 'generated' && doc.source) {
      // The generator's entry in its kustomization is what a reviewer edits.
      const docs = await sources.documents(doc.source);
      const field =
        doc.origin.generator === 'SecretGenerator' ? 'secretGenerator' : doc.origin.generator === 'ConfigMapGenerator' ? 'configMapGenerator' : undefined;
      const range = field && docs?.[0] ? docs[0].locate([field]) : WHOLE_FILE;
      return {
        finding: { ...f, file: displayPathOf(doc.source, cwd), ...range, message: `${f.message} (${objectName(doc.value)}, ${via})`, related },
        placed: true,
      };
    }
    let located: { file: string; doc: ManifestDocument } | undefined;
    if (doc.source) {
      const sourceDoc = await sourceDocument(doc.source, doc);
      if (sourceDoc) located = { file: doc.source, doc: sourceDoc };
    }
    if (!located && root && doc.origin?.kind !== 'remote') located = await byIdentity(root, doc);
    if (!located) return { finding: fallback, placed: false };
    const range: SourceRange = keyPath ? located.doc.locate(keyPath) : located.doc.range;
    const finding: Finding = {
      ...f,
      file: displayPathOf(located.file, cwd),
      ...range,
      message: `${asInBase(f.message, doc.value, located.doc.value)} (${via})`,
      identity: identityInBase(f.identity, doc.value, located.doc.value),
      related,
    };
    return { finding, placed: true };
  });
}
