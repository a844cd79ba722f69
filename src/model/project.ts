import { FileModes } from '../discover/file-modes.js';
import { classify, discover } from '../discover/discover.js';
import { DEFAULT_MAX_FILE_SIZE, decodeText, readSourceText, type InputKind, type ReadResult, type SourceFile } from '../discover/source-file.js';
import type { Severity } from '../engine/rule.js';
import type { Phase } from '../knowledge/types.js';
import { parseDockerfileText } from '../parse/dockerfile.js';
import { parseManifestText } from '../parse/manifest.js';
import { ImageFileSystem } from './image-fs.js';
import { buildImageModel, type ImageModel } from './image.js';
import { at, WHOLE_FILE, type Location } from './location.js';
import { kubernetesObjects, workloadOf, type KubernetesObject, type WorkloadModel } from './workload.js';

/** Input the user gave that could not be read or parsed: becomes a `parse-error` finding. */
export interface InputProblem {
  readonly at: Location;
  readonly message: string;
  readonly phase: Phase;
  /** Defaults to the rule's severity; an empty file is only worth a note. */
  readonly severity?: Severity;
}

/** Everything the rules see: all inputs as one graph. */
export interface ProjectModel {
  readonly images: readonly ImageModel[];
  readonly objects: readonly KubernetesObject[];
  readonly workloads: readonly WorkloadModel[];
  readonly problems: readonly InputProblem[];
  /** Files read. */
  readonly fileCount: number;
}

export interface LoadOptions {
  readonly cwd: string;
  readonly maxFileSize?: number;
  /** Text read from standard input for the path `-`. */
  readonly stdin?: { readonly text: Buffer; readonly filename: string };
}

export async function loadProject(inputs: readonly string[], options: LoadOptions): Promise<ProjectModel> {
  const paths = inputs.filter((p) => p !== '-');
  const discovery = paths.length > 0 || !options.stdin ? await discover(paths.length > 0 ? paths : ['.'], options.cwd) : { files: [], problems: [] };
  const fs = new ImageFileSystem(new FileModes());
  const images: ImageModel[] = [];
  const objects: KubernetesObject[] = [];
  const workloads: WorkloadModel[] = [];
  const problems: InputProblem[] = discovery.problems.map((p) => ({ at: at(p.displayPath, WHOLE_FILE), message: p.message, phase: 'build' }));

  const addText = async (file: SourceFile, read: ReadResult): Promise<void> => {
    const phase: Phase = file.kind === 'dockerfile' ? 'build' : 'admission';
    if (!read.ok) {
      problems.push({ at: at(file.displayPath, WHOLE_FILE), message: `${describe(read.problem)}: ${read.detail}`, phase });
      return;
    }
    if (read.text.trim() === '') {
      problems.push({ at: at(file.displayPath, WHOLE_FILE), message: 'empty file: nothing to lint', phase, severity: 'info' });
      return;
    }
    if (file.kind === 'dockerfile') {
      const parsed = parseDockerfileText(read.text);
      for (const d of parsed.diagnostics) problems.push({ at: at(file.displayPath, d.range), message: d.message, phase });
      images.push(await buildImageModel({ file: file.displayPath, absPath: file.absPath, parsed, fs }));
      return;
    }
    const parsed = parseManifestText(read.text);
    for (const d of parsed.diagnostics) problems.push({ at: at(file.displayPath, d.range), message: `YAML: ${d.message}`, phase });
    for (const doc of parsed.documents) {
      for (const object of kubernetesObjects(file.displayPath, doc)) {
        objects.push(object);
        const workload = await workloadOf(object);
        if (workload) workloads.push(workload);
      }
    }
  };

  for (const file of discovery.files) await addText(file, await readSourceText(file.absPath, options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE));
  let fileCount = discovery.files.length;
  if (options.stdin && inputs.includes('-')) {
    const { filename, text } = options.stdin;
    const kind: InputKind = classify(filename) ?? 'manifest';
    const absPath = `${options.cwd}/${filename}`;
    await addText({ absPath, displayPath: filename.split('\\').join('/'), kind, explicit: true }, decodeText(text));
    fileCount++;
  }
  return { images, objects, workloads, problems, fileCount };
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
