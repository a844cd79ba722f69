import path from 'node:path';
import { findRule } from '../../rules/index.js';
import { configuredRules } from '../engine/configured.js';
import { loadConfig, type LintConfig } from '../config/config.js';
import { classify, discover, displayPathOf } from '../discover/discover.js';
import { decodeText, statIfAny } from '../discover/source-file.js';
import type { Finding } from '../engine/finding.js';
import type { Rule } from '../engine/rule.js';
import { RuleRun } from '../engine/run.js';
import type { RuntimeName } from '../knowledge/types.js';
import type { ImageModel } from '../model/image.js';
import { buildSourcesOf } from '../pipeline/build-sources.js';
import type { ModelledDockerfile } from '../pipeline/project.js';
import { type BuildSource } from '../model/join.js';
import { WHOLE_FILE, at } from '../parse/location.js';
import { lintInputs, modelDockerfilesAhead, newThreadCaches, readInput, type LintInput, type ShardSettings } from './shard.js';
import { canShard, jobsFor, lintShards } from './parallel.js';
import { findRenderers, needsRenderer, planRendering, withEnclosingCharts } from '../discover/render.js';
import { oncePerPlace, renderPlan, type RenderingSummary } from './render.js';
import { keepShortLivedObjectsYoung, LARGE_RUN_INPUTS } from '../platform/v8-flags.js';

export interface LintOptions {
  readonly cwd: string;
  readonly runtime: RuntimeName;
  readonly rules: readonly Rule[];
  readonly maxFileSize?: number;
  /** Text read from standard input for the path `-`. */
  readonly stdin?: { readonly text: Buffer; readonly filename: string };
  /** The configuration; when absent, `.lint-k8s.yaml` at the scanned root is read (a ConfigError is thrown for a bad one). */
  readonly config?: LintConfig;
  /** Values files for `helm template` (`--values`). */
  readonly helmValues?: readonly string[];
  /** Threads (`--jobs`); `auto` (the default) uses every core once the input is large. The report is the same either way. */
  readonly jobs?: number | 'auto';
  /** `--exclude`: `.gitignore`-syntax globs relative to `cwd`, left out whether walked or named. */
  readonly exclude?: readonly string[];
}

/** Files that may say which Dockerfile builds which image (confirmed by their content). */
const BUILD_FILE = /^(?:skaffold[\w.-]*|(?:docker-)?compose(?:\.[\w-]+)?)\.ya?ml$/;

export interface LintResult {
  readonly findings: Finding[];
  readonly fileCount: number;
  /** Threads the inputs were linted on (1 unless the input is large or `jobs` says so). */
  readonly threads: number;
  /** Charts and kustomizations rendered, the files linted through them, and what was skipped. */
  readonly rendering: RenderingSummary;
}

/**
 * The whole pipeline: discover → parse → model → predict. Dockerfiles are modelled
 * first (workloads may be joined to the images they build), then manifests stream
 * through the rules one file at a time, so memory does not grow with their number.
 */
export async function lint(paths: readonly string[], options: LintOptions): Promise<LintResult> {
  const files = paths.filter((p) => p !== '-');
  const rules = options.rules;
  const config = options.config ?? loadConfig({ cwd: options.cwd, paths: files, knownRules: new Set(rules.map((r) => r.meta.id)) });
  const ignore = [
    { root: config.root, patterns: config.ignore },
    { root: options.cwd, patterns: options.exclude ?? [] },
  ];
  const discovery = files.length > 0 || !options.stdin ? await discover(files.length > 0 ? files : ['.'], options.cwd, ignore) : { files: [], problems: [] };
  const candidates = withEnclosingCharts(discovery.files, options.cwd);
  // PATH is searched for helm and kustomize only when there is a chart or kustomization to render.
  const renderers = needsRenderer(candidates) ? findRenderers() : { helm: undefined, kustomize: undefined };
  const plan = planRendering(candidates, { helm: renderers.helm !== undefined, kustomize: renderers.kustomize !== undefined });

  const images: ImageModel[] = [];
  const run = new RuleRun(configuredRules(rules, config), options.runtime, { images, config });
  for (const problem of discovery.problems)
    run.problem({ at: at(problem.displayPath, WHOLE_FILE), message: problem.message, phase: 'build', severity: problem.severity });
  const thread = newThreadCaches();
  const plain: LintInput[] = plan.files.map((file) => ({ file }));
  // While the renderers run, this thread models the Dockerfiles and the outputs that have
  // arrived, unless the run is sure to be sharded (workers model their own): a run that is
  // sharded only once the rendered outputs are counted models those twice, which costs time, not findings.
  const sharded = jobsFor(options.jobs ?? 'auto', plain.length) > 1;
  const rendered = renderPlan(plan, renderers, { ...options, charts: config.charts, modelAhead: !sharded }, run);
  const waits = plan.targets.length > 0 && (renderers.helm !== undefined || renderers.kustomize !== undefined);
  const dockerfilesAhead = waits && !sharded ? modelDockerfilesAhead(plain, thread.fs, options.maxFileSize) : new Map<LintInput, Promise<ModelledDockerfile>>();
  const rendering = await rendered;
  const inputs: LintInput[] = [...plain, ...rendering.released.map((file) => ({ file }))];
  if (inputs.length >= LARGE_RUN_INPUTS) keepShortLivedObjectsYoung();
  if (options.stdin && paths.includes('-')) {
    const { filename, text } = options.stdin;
    inputs.push({
      file: {
        absPath: path.resolve(options.cwd, filename),
        displayPath: filename.split('\\').join('/'),
        kind: classify(filename) ?? 'manifest',
        explicit: true,
      },
      given: decodeText(text),
    });
  }
  const origins = rendering.origins;
  inputs.push(...rendering.inputs);

  // Which image each Dockerfile builds: read before Dockerfiles are modelled, since a
  // Dockerfile named there but outside the scanned paths must be modelled too.
  const sources: BuildSource[] = config.images.map((m) => ({
    repository: m.repository,
    dockerfile: m.dockerfile,
    target: undefined,
    origin: 'config',
    at: undefined,
    shown: config.file ? displayPathOf(config.file, options.cwd) : '.lint-k8s.yaml',
  }));
  for (const input of inputs) {
    if (input.file.kind !== 'manifest' || !BUILD_FILE.test(path.basename(input.file.absPath))) continue;
    const found = buildSourcesOf(input.file, await readInput(input, options.maxFileSize));
    sources.push(...found.sources);
    found.problems.forEach((p) => run.problem(p));
  }
  const known = new Set(inputs.map((i) => i.file.absPath));
  // Dockerfiles read only to join workloads to the images they build: linted (their findings feed
  // the join), but not reported, since they were not among the paths asked for.
  const joinOnly = new Set<string>();
  for (const source of sources) {
    if (known.has(source.dockerfile)) continue;
    known.add(source.dockerfile);
    const info = statIfAny(source.dockerfile);
    if (!info?.isFile()) {
      if (source.at)
        run.problem({
          at: source.at,
          message: `${source.origin}: the Dockerfile ${displayPathOf(source.dockerfile, options.cwd)} does not exist`,
          phase: 'build',
          severity: 'warning',
        });
      continue;
    }
    const displayPath = displayPathOf(source.dockerfile, options.cwd);
    joinOnly.add(displayPath);
    inputs.push({ file: { absPath: source.dockerfile, displayPath, kind: 'dockerfile', explicit: true } });
  }

  // Large inputs are linted in chunks on several threads; chunks merge in input order, so the report is the one a single thread gives.
  const settings: ShardSettings = { runtime: options.runtime, config, maxFileSize: options.maxFileSize, sources };
  const jobs = jobsFor(options.jobs ?? 'auto', inputs.length);
  const shards = jobs > 1 && canShard(rules, findRule, run) ? await lintShards(rules, inputs, settings, jobs) : undefined;
  if (shards) shards.forEach((shard) => run.mergeShard(shard));
  else await lintInputs(inputs, [], settings, run, images, { ...thread, ahead: { dockerfiles: dockerfilesAhead, manifests: rendering.modelled } });
  const finished = joinOnly.size === 0 ? run.finish() : run.finish().filter((f) => !joinOnly.has(f.file));
  // Files the user has: rendered outputs count as the files they were rendered from.
  const fileCount = inputs.length - joinOnly.size - rendering.inputs.length + rendering.summary.files;
  const result = { fileCount, threads: shards ? jobs : 1, rendering: rendering.summary };
  if (origins.size === 0) return { findings: finished, ...result };
  const mapped = await Promise.all(finished.map((f) => origins.get(f.file)?.(f) ?? Promise.resolve(f)));
  // Mapped back, a base rendered through several overlays gives one finding, naming them.
  return { findings: oncePerPlace(mapped), ...result };
}
