import path from 'node:path';
import { classify, discover } from './discover/discover.js';
import { FileModes } from './discover/file-modes.js';
import { DEFAULT_MAX_FILE_SIZE, decodeText, readSourceText, type ReadResult, type SourceFile } from './discover/source-file.js';
import type { Finding } from './engine/finding.js';
import type { Rule } from './engine/rule.js';
import { RuleRun } from './engine/run.js';
import type { RuntimeName } from './knowledge/types.js';
import { ImageFileSystem } from './model/image-fs.js';
import type { ImageModel } from './model/image.js';
import { WHOLE_FILE, at } from './model/location.js';
import { modelDockerfile, modelManifest } from './model/project.js';

export interface LintOptions {
  readonly cwd: string;
  readonly runtime: RuntimeName;
  readonly rules: readonly Rule[];
  readonly maxFileSize?: number;
  /** Text read from standard input for the path `-`. */
  readonly stdin?: { readonly text: Buffer; readonly filename: string };
}

export interface LintResult {
  readonly findings: Finding[];
  readonly fileCount: number;
}

/**
 * The whole pipeline: discover → parse → model → predict. Dockerfiles are modelled
 * first (workloads may be joined to the images they build), then manifests stream
 * through the rules one file at a time, so memory does not grow with their number.
 */
export async function lint(paths: readonly string[], options: LintOptions): Promise<LintResult> {
  const files = paths.filter((p) => p !== '-');
  const discovery = files.length > 0 || !options.stdin ? await discover(files.length > 0 ? files : ['.'], options.cwd) : { files: [], problems: [] };
  const inputs: { file: SourceFile; read: () => Promise<ReadResult> }[] = discovery.files.map((file) => ({
    file,
    read: () => readSourceText(file.absPath, options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE),
  }));
  if (options.stdin && paths.includes('-')) {
    const { filename, text } = options.stdin;
    inputs.push({
      file: {
        absPath: path.resolve(options.cwd, filename),
        displayPath: filename.split('\\').join('/'),
        kind: classify(filename) ?? 'manifest',
        explicit: true,
      },
      read: () => Promise.resolve(decodeText(text)),
    });
  }

  const images: ImageModel[] = [];
  const run = new RuleRun(options.rules, options.runtime, { images });
  for (const problem of discovery.problems)
    run.problem({ at: at(problem.displayPath, WHOLE_FILE), message: problem.message, phase: 'build', severity: problem.severity });

  const fs = new ImageFileSystem(new FileModes());
  for (const { file, read } of inputs) {
    if (file.kind !== 'dockerfile') continue;
    const { image, problems } = await modelDockerfile(file, await read(), fs);
    problems.forEach((p) => run.problem(p));
    if (image) images.push(image);
  }
  for (const image of images) run.image(image);

  for (const { file, read } of inputs) {
    if (file.kind !== 'manifest') continue;
    const { objects, workloads, problems } = await modelManifest(file, await read());
    problems.forEach((p) => run.problem(p));
    objects.forEach((o) => run.object(o));
    workloads.forEach((w) => run.workload(w));
  }
  return { findings: run.finish(), fileCount: inputs.length };
}
