import type { SourceFile, ReadResult } from '../discover/source-file.js';
import type { InputProblem } from '../model/common/problem.js';
import type { Phase } from '../knowledge/types.js';
import { parseDockerfileText } from '../parse/dockerfile.js';
import { dockerfileTemplate } from '../parse/template.js';
import { parseManifestText, type ManifestDocument } from '../parse/manifest.js';
import { dockerfileSuppressions, KUBE_LINTER_IGNORE_PREFIX, KUBE_LINTER_TWINS, parseIgnoreAnnotation, type SuppressionTable } from '../parse/suppressions.js';
import type { FileSuppressions } from '../engine/suppress.js';
import type { ImageFileSystem } from '../model/image/image-fs.js';
import { buildImageModel, type ImageModel } from '../model/image.js';
import { at, WHOLE_FILE } from '../parse/location.js';
import { get, kubernetesObjects, workloadOf, type KubernetesObject } from '../model/workload/workload.js';
import { type JoinedWorkload } from '../model/join.js';

/** Input the user gave that could not be read or parsed: becomes a `parse-error` finding. */
export interface ModelledDockerfile {
  readonly image: ImageModel | undefined;
  readonly problems: InputProblem[];
  readonly suppressions?: FileSuppressions;
}

export interface ModelledManifest {
  /** The file's parsed documents (none when it could not be read or parsed). */
  readonly documents: readonly ManifestDocument[];
  readonly objects: KubernetesObject[];
  readonly workloads: JoinedWorkload[];
  readonly problems: InputProblem[];
  readonly suppressions?: FileSuppressions;
}

/** Where generated manifests (Helm, Kustomize) that lose comments say which rules to silence for an object. */
export const IGNORE_ANNOTATION = 'lint-k8s.io/ignore';

function unreadable(file: SourceFile, read: Extract<ReadResult, { ok: false }>, phase: Phase): InputProblem {
  // A file over --max-file-size was skipped on purpose (the limit is the user's): worth a warning, not an error of the input.
  return {
    at: at(file.displayPath, WHOLE_FILE),
    message: `${describe(read.problem)}: ${read.detail}`,
    phase,
    severity: read.problem === 'too-large' ? 'warning' : undefined,
  };
}

function empty(file: SourceFile, phase: Phase): InputProblem {
  return { at: at(file.displayPath, WHOLE_FILE), message: 'empty file: nothing to lint', phase, severity: 'info' };
}

/**
 * A bug met on hostile input must not end the run: the file's predictions are lost, the
 * rest goes on, and the user is told which file (`parse-error` is what the engine raises
 * for input it could not take in).
 */
function modellingFailed(file: SourceFile, error: unknown, phase: Phase): InputProblem {
  const detail = error instanceof Error ? error.message : String(error);
  return { at: at(file.displayPath, WHOLE_FILE), message: `lint-k8s could not model this file (${detail}); its predictions are missing`, phase };
}

export async function modelDockerfile(file: SourceFile, read: ReadResult, fs: ImageFileSystem): Promise<ModelledDockerfile> {
  try {
    return await modelDockerfileUnguarded(file, read, fs);
  } catch (error) {
    return { image: undefined, problems: [modellingFailed(file, error, 'build')] };
  }
}

export async function modelManifest(file: SourceFile, read: ReadResult): Promise<ModelledManifest> {
  try {
    return await modelManifestUnguarded(file, read);
  } catch (error) {
    return { documents: [], objects: [], workloads: [], problems: [modellingFailed(file, error, 'admission')] };
  }
}

async function modelDockerfileUnguarded(file: SourceFile, read: ReadResult, fs: ImageFileSystem): Promise<ModelledDockerfile> {
  if (!read.ok) return { image: undefined, problems: [unreadable(file, read, 'build')] };
  if (read.text.trim() === '') return { image: undefined, problems: [empty(file, 'build')] };
  const template = dockerfileTemplate(file.absPath, read.text);
  if (template) {
    const range = { line: template.line, column: 1, endLine: template.line, endColumn: 1 };
    const message = `a Dockerfile template (${template.why}), not a Dockerfile: not linted; lint the Dockerfile it renders to`;
    return { image: undefined, problems: [{ at: at(file.displayPath, range), message, phase: 'build', severity: 'info' }] };
  }
  const parsed = parseDockerfileText(read.text);
  const problems = parsed.diagnostics.map((d) => ({ at: at(file.displayPath, d.range), message: d.message, phase: 'build' as const }));
  const suppressions = { file: file.displayPath, ...dockerfileSuppressions(parsed.ast, read.text) };
  return { image: await buildImageModel({ file: file.displayPath, absPath: file.absPath, parsed, fs }), problems, suppressions };
}

async function modelManifestUnguarded(file: SourceFile, read: ReadResult): Promise<ModelledManifest> {
  if (!read.ok) return { documents: [], objects: [], workloads: [], problems: [unreadable(file, read, 'admission')] };
  if (read.text.trim() === '') return { documents: [], objects: [], workloads: [], problems: [empty(file, 'admission')] };
  // Every Kubernetes object names its apiVersion and kind: a file found by walking a directory
  // that mentions neither (package.json, tsconfig.json, CI configs, Helm values) holds none, and
  // is skipped without being parsed. A file named on the command line is always parsed.
  if (!file.explicit && !(read.text.includes('apiVersion') && read.text.includes('kind'))) return { documents: [], objects: [], workloads: [], problems: [] };
  const parsed = parseManifestText(read.text);
  const problems = parsed.diagnostics.map((d) => ({
    at: at(file.displayPath, d.range),
    message: parsed.template ? d.message : `YAML: ${d.message}`,
    phase: 'admission' as const,
    severity: d.severity,
  }));
  const objects: KubernetesObject[] = [];
  const workloads: JoinedWorkload[] = [];
  const table: SuppressionTable = { directives: [...parsed.suppressions.directives], malformed: [...parsed.suppressions.malformed] };
  for (const doc of parsed.documents) {
    for (const object of kubernetesObjects(file.displayPath, doc)) {
      objects.push(object);
      const workload = await workloadOf(object);
      if (workload) workloads.push(workload);
      annotationSuppressions(object, workload, doc, table);
    }
  }
  return { documents: parsed.documents, objects, workloads, problems, suppressions: { file: file.displayPath, ...table } };
}

/**
 * `lint-k8s.io/ignore: RULE[,RULE] -- reason` on the object or on its pod template covers the
 * whole object; so does kube-linter's `ignore-check.kube-linter.io/<check>: reason` for the
 * rules that are twins of that check (KUBE_LINTER_TWINS).
 */
function annotationSuppressions(object: KubernetesObject, workload: JoinedWorkload | undefined, doc: ManifestDocument, table: SuppressionTable): void {
  const metadataPaths = [[...object.objectPath, 'metadata']];
  // A Pod's pod spec is its own spec: its template metadata is the object's metadata.
  if (workload && workload.podSpecPath.length > object.objectPath.length + 1) metadataPaths.push([...workload.podSpecPath.slice(0, -1), 'metadata']);
  for (const metadataPath of metadataPaths) {
    const annotations = get(doc.value, [...metadataPath, 'annotations']);
    if (typeof annotations !== 'object' || annotations === null || Array.isArray(annotations)) continue;
    for (const [key, value] of Object.entries(annotations as Record<string, unknown>)) {
      const twins = key.startsWith(KUBE_LINTER_IGNORE_PREFIX) ? KUBE_LINTER_TWINS[key.slice(KUBE_LINTER_IGNORE_PREFIX.length)] : undefined;
      if (key !== IGNORE_ANNOTATION && twins === undefined) continue;
      const annotationPath = [...metadataPath, 'annotations', key];
      const range = doc.locate(annotationPath);
      if (twins !== undefined) {
        const reason = typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
        table.directives.push({ rules: twins, reason, range, covers: doc.lines(object.objectPath), via: 'kube-linter' });
        continue;
      }
      const parsed = typeof value === 'string' ? parseIgnoreAnnotation(value) : undefined;
      if (!parsed) {
        table.malformed.push({
          message: `annotation ${IGNORE_ANNOTATION} must be a comma-separated list of rule ids (then -- reason), found ${JSON.stringify(value)}`,
          range,
        });
        continue;
      }
      table.directives.push({ rules: parsed.rules, reason: parsed.reason, range, covers: doc.lines(object.objectPath), via: 'annotation' });
    }
  }
}

function describe(problem: Extract<ReadResult, { ok: false }>['problem']): string {
  switch (problem) {
    case 'unreadable':
      return 'cannot read the file';
    case 'binary':
      return 'binary file, not a Dockerfile or manifest';
    case 'not-utf8':
      return 'not UTF-8 text';
    case 'too-large':
      return 'file skipped, larger than --max-file-size';
  }
}
