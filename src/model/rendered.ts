import { readFile } from 'node:fs';
import path from 'node:path';
import { isMap, isPair, isScalar, isSeq, LineCounter, parse, parseAllDocuments, Parser as YamlCstParser, type Document, type Node } from 'yaml';
import { displayPathOf } from '../discover/discover.js';
import type { RenderTarget } from '../discover/render.js';
import type { Finding } from '../engine/finding.js';
import { parseManifestText, type YamlPath } from '../parse/manifest.js';
import { WHOLE_FILE, type SourceRange } from './location.js';
import { isRecord } from './values.js';

/** Kustomize records where a resource came from here when the kustomization sets `buildMetadata: [originAnnotations]`. */
export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';

interface RenderedDocument {
  readonly line: number;
  readonly endLine: number;
  readonly doc: Document;
  /** Absolute path of the template or base file it came from, when the renderer says. */
  readonly source: string | undefined;
  /** Its position among the documents rendered from that source. */
  readonly nth: number;
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

function kustomizeSource(doc: Document, dir: string): string | undefined {
  const value: unknown = doc.toJS();
  const annotations = isRecord(value) && isRecord(value.metadata) && isRecord(value.metadata.annotations) ? value.metadata.annotations : undefined;
  const origin = annotations?.[ORIGIN_ANNOTATION];
  if (typeof origin !== 'string') return undefined;
  try {
    const parsed: unknown = parse(origin);
    return isRecord(parsed) && typeof parsed.path === 'string' && parsed.repo === undefined ? path.resolve(dir, parsed.path) : undefined;
  } catch {
    return undefined;
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

/**
 * Maps findings in a renderer's output back to the files a reviewer edits: the template
 * (Helm `# Source:`) or base file (Kustomize origin annotation), at the same key when it
 * can be found there; otherwise to the Chart.yaml or kustomization.yaml, naming the object.
 */
export function renderedOrigins(text: string, target: RenderTarget, command: string, cwd: string): (f: Finding) => Promise<Finding> {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, logLevel: 'error' });
  const helm = target.renderer === 'helm' ? helmSources(text, target.dir) : new Map<number, string>();
  const counts = new Map<string, number>();
  const rendered: RenderedDocument[] = (Array.isArray(docs) ? docs : [docs]).map((doc, i) => {
    const source = target.renderer === 'helm' ? helm.get(i) : kustomizeSource(doc, target.dir);
    const nth = source === undefined ? 0 : (counts.get(source) ?? 0);
    if (source !== undefined) counts.set(source, nth + 1);
    return { line: lineCounter.linePos(doc.range[0]).line, endLine: lineCounter.linePos(Math.max(doc.range[0], doc.range[2] - 1)).line, doc, source, nth };
  });
  const sourceTexts = new Map<string, Promise<string | undefined>>();
  const readSource = (file: string): Promise<string | undefined> => {
    let pending = sourceTexts.get(file);
    if (!pending) {
      pending = new Promise((resolve) => readFile(file, 'utf8', (error, text) => resolve(error ? undefined : text)));
      sourceTexts.set(file, pending);
    }
    return pending;
  };
  // The same base rendered by several overlays gives the same finding at the same place: one message, deduplicated.
  const via = `rendered by ${command}`;

  return async (f) => {
    const doc = rendered.find((d) => f.line >= d.line && f.line <= d.endLine);
    const value: unknown = doc?.doc.toJS();
    const object = isRecord(value) ? `${String(value.kind)} ${isRecord(value.metadata) ? String(value.metadata.name) : '(unnamed)'}` : 'output';
    const fallback: Finding = {
      ...f,
      file: target.entry.displayPath,
      ...WHOLE_FILE,
      message: `${f.message} (${object}, ${via} from ${target.entry.displayPath}; no source to map it back to)`,
      related: [],
    };
    if (!doc?.source) return fallback;
    const sourceText = await readSource(doc.source);
    if (sourceText === undefined) return fallback;
    const keyPath = pathAt(doc.doc, lineCounter, f.line, f.column);
    const sourceDoc = parseManifestText(sourceText).documents[doc.nth];
    const range: SourceRange = keyPath && sourceDoc ? sourceDoc.locate(keyPath) : WHOLE_FILE;
    return { ...f, file: displayPathOf(doc.source, cwd), ...range, message: `${f.message} (${via})`, related: [] };
  };
}
