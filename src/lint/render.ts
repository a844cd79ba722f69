import path from 'node:path';
import { displayPathOf } from '../discover/discover.js';
import type { ChartRelease } from '../config/config.js';
import {
  renderChart,
  type HelmRelease,
  renderKustomizations,
  RenderCache,
  type KustomizeRoot,
  type Rendered,
  type RenderFailure,
  type RenderPlan,
  type Renderers,
  type RenderTarget,
} from '../discover/render.js';
import type { SourceFile } from '../discover/source-file.js';
import { compareFindings, uniqueSorted, type Finding } from '../engine/finding.js';
import type { RelatedLocation } from '../engine/rule.js';
import type { RuleRun } from '../engine/run.js';
import type { LintInput } from './shard.js';
import { modelManifest, type ModelledManifest } from '../pipeline/project.js';
import type { ManifestDocument } from '../parse/manifest.js';
import { at, WHOLE_FILE } from '../parse/location.js';
import { warmShellParser } from '../parse/shell.js';
import { kustomizeOrigins, renderedOrigins, RENDERED_THROUGH, RENDERED_WITH, type MapBack } from '../pipeline/rendered.js';

/** The related location's message for a chart rendered as a release of the config's `charts:` (`helm template release api-prod (namespace shop) with these values`, at its first values file, else at Chart.yaml). */
function renderedWith(release: HelmRelease & { readonly own: readonly string[] | undefined }, dirName: string): string {
  const values = release.own && release.own.length > 0 ? ' with these values' : '';
  return `${RENDERED_WITH} ${release.release ?? dirName}${release.namespace ? ` (namespace ${release.namespace})` : ''}${values}`;
}

/** What the summary says about rendering: how many renderings, how many of the user's files went through them, what was skipped and why. */
export interface RenderingSummary {
  /** Charts and kustomizations rendered. */
  readonly renderings: number;
  /** The user's files linted through a rendering (templates, bases, patches). */
  readonly files: number;
  readonly skipped: readonly { readonly reason: string; readonly files: number }[];
}

export const NO_RENDERING: RenderingSummary = { renderings: 0, files: 0, skipped: [] };

export interface RenderingResult {
  /** Rendered outputs, linted like manifests. */
  readonly inputs: LintInput[];
  /** Held files no rendering took in, linted as written. */
  readonly released: SourceFile[];
  /** By rendered output's display path: how its findings map back to the user's files. */
  readonly origins: Map<string, MapBack>;
  /** Each rendered output's model, made as soon as it was rendered (while other renders ran). */
  readonly modelled: Map<LintInput, Promise<ModelledManifest>>;
  readonly summary: RenderingSummary;
}

/** Rendered text modelled ahead at most (its models take 10–20 times its size). */
const MODEL_AHEAD_BYTES = 8 * 1024 * 1024;

/** Renders at most this many at once: one per core of the machines lint-k8s is measured on, the child being the busy one. */
const CONCURRENT_RENDERS = 2;

/** Runs tasks with at most `limit` in flight; tasks may add more while they run. */
class RenderQueue {
  private running = 0;
  private readonly waiting: (() => Promise<void>)[] = [];
  private readonly idle: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  add(task: () => Promise<void>): void {
    this.waiting.push(task);
    this.pump();
  }
  drained(): Promise<void> {
    return this.running === 0 && this.waiting.length === 0 ? Promise.resolve() : new Promise((resolve) => this.idle.push(resolve));
  }
  private pump(): void {
    while (this.running < this.limit && this.waiting.length > 0) {
      const task = this.waiting.shift() as () => Promise<void>;
      this.running++;
      void task().finally(() => {
        this.running--;
        this.pump();
        if (this.running === 0 && this.waiting.length === 0) this.idle.splice(0).forEach((resolve) => resolve());
      });
    }
  }
}

/** `rendering 3/12…` on stderr, only when it is a terminal; erased when done. */
function progress(total: number): { tick: () => void; done: () => void } {
  const tty = process.stderr.isTTY === true && total > 1;
  let finished = 0;
  const show = (): void => {
    if (tty) process.stderr.write(`\r\u001b[Klint-k8s: rendering ${finished}/${total}…`);
  };
  show();
  return {
    tick: () => {
      finished++;
      show();
    },
    done: () => {
      if (tty) process.stderr.write('\r\u001b[K');
    },
  };
}

/**
 * Models a rendered output as soon as the next turn of the event loop comes: while the other
 * renders run, this thread is otherwise idle (a render is a child process), so the parse and
 * model of the first output to arrive cost no wall time. The report does not change: the
 * model is the one lintInputs would make, fed to the rules in the same order.
 */
function modelAhead(file: SourceFile, text: string): Promise<ModelledManifest> {
  return new Promise((resolve) => setImmediate(() => resolve(modelManifest(file, { ok: true, text }))));
}

/** The documents a rendered output's model was made from: what its findings are mapped back through. */
function documentsOf(model: Promise<ModelledManifest> | undefined): Promise<readonly ManifestDocument[]> | undefined {
  return model?.then((m) => m.documents);
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/**
 * Renders the plan's charts and kustomizations, two at a time, in child processes: charts one
 * by one, kustomizations in batches (one process renders many; a batch that fails is split
 * until the failing kustomization is alone). Findings in the output are mapped back later. A
 * missing renderer is said once per renderer; a render that fails for a cause outside the
 * user's files is a note, one that fails on the user's files an error, at the Chart.yaml or
 * kustomization.yaml. Files only a failed rendering held are linted as written (objects) or
 * counted as skipped (patches, generator inputs).
 */
export async function renderPlan(
  plan: RenderPlan,
  renderers: Renderers,
  options: {
    readonly cwd: string;
    readonly helmValues?: readonly string[];
    readonly charts?: readonly ChartRelease[];
    /** Model outputs as they arrive (not when the run will be sharded: workers model their own). */
    readonly modelAhead?: boolean;
  },
  run: RuleRun,
): Promise<RenderingResult> {
  const inputs: LintInput[] = [];
  const origins = new Map<string, MapBack>();
  const modelled = new Map<LintInput, Promise<ModelledManifest>>();
  // Models made ahead are all alive until the inputs are linted (and their documents until the
  // findings are mapped back): bounded, so a repository of hundreds of charts does not hold
  // every one at once; past the bound an output is modelled in its turn, as without renderers.
  let aheadBytes = 0;
  const ahead = (input: LintInput, text: string): void => {
    if (options.modelAhead === false || aheadBytes + text.length > MODEL_AHEAD_BYTES) return;
    aheadBytes += text.length;
    modelled.set(input, modelAhead(input.file, text));
  };
  const skipped: { reason: string; files: number }[] = plan.skipped.map((s) => ({ reason: s.reason, files: s.files.length }));
  for (const note of plan.notes) run.problem({ at: at(note.file.displayPath, WHOLE_FILE), message: note.message, phase: 'admission', severity: 'info' });
  const rendered = new Set<RenderTarget>();
  const cache = new RenderCache();
  const failed = (target: RenderTarget, failure: RenderFailure): void => {
    run.problem({
      at: at(target.entry.displayPath, WHOLE_FILE),
      message: failure.external ? `${failure.message} (a cause outside this repository's files: not linted through this rendering)` : failure.message,
      phase: 'admission',
      severity: failure.external ? 'info' : undefined,
    });
  };
  const charts = plan.targets.filter((t) => t.renderer === 'helm');
  const roots = plan.targets.filter((t): t is KustomizeRoot => t.renderer === 'kustomize');
  const outputs: { key: string; add: () => void }[] = [];
  const releaseCount = charts.reduce((n, c) => n + Math.max(1, (options.charts ?? []).filter((r) => r.dir === c.dir).length), 0);
  const work = progress((renderers.helm ? releaseCount : 0) + (renderers.kustomize && roots.length > 0 ? Math.min(CONCURRENT_RENDERS, roots.length) : 0));
  const queue = new RenderQueue(CONCURRENT_RENDERS);

  const helm = renderers.helm;
  if (helm)
    for (const chart of charts) {
      // The config's entries for this chart, each its own release; `--values` files come after
      // the entry's own, so they win where both set a value (helm merges later files over earlier ones).
      const configured = (options.charts ?? []).filter((c) => c.dir === chart.dir);
      const releases: (HelmRelease & { readonly own: readonly string[] | undefined })[] = (configured.length > 0 ? configured : [undefined]).map((c) => ({
        release: c?.release,
        namespace: c?.namespace,
        values: [...(c?.values ?? []), ...(options.helmValues ?? [])],
        own: c?.values,
      }));
      releases.forEach((release, i) =>
        queue.add(async () => {
          const result: Rendered = await renderChart(chart, helm, release, cache);
          work.tick();
          if (!result.ok) return failed(chart, result);
          rendered.add(chart);
          const name = releases.length > 1 ? `${result.command} ${i + 1}` : result.command;
          const displayPath = `${path.posix.dirname(chart.entry.displayPath)}/(${name})`;
          // A finding of one release of several names the values it was rendered with (merged when the releases agree).
          const related: RelatedLocation[] = release.own
            ? [
                {
                  at: at(release.own[0] !== undefined ? displayPathOf(release.own[0], options.cwd) : chart.entry.displayPath, WHOLE_FILE),
                  message: renderedWith(release, path.basename(chart.dir)),
                },
              ]
            : [];
          const input: LintInput = {
            file: { absPath: path.join(chart.dir, `(${name})`), displayPath, kind: 'manifest', explicit: false },
            given: { ok: true, text: result.text },
          };
          ahead(input, result.text);
          outputs.push({
            key: `${chart.entry.displayPath}\0${i}`,
            add: () => {
              origins.set(displayPath, renderedOrigins(result.text, chart, result.command, options.cwd, related, documentsOf(modelled.get(input))));
              inputs.push(input);
            },
          });
        }),
      );
    }

  const kustomize = renderers.kustomize;
  if (kustomize && roots.length > 0) {
    const batch = (list: readonly KustomizeRoot[], first: boolean): void =>
      queue.add(async () => {
        const result = await renderKustomizations(list, kustomize, cache);
        if (first) work.tick();
        if (!result.ok) {
          if (list.length === 1) return failed(list[0] as KustomizeRoot, result);
          // One of them fails (or two give an object of the same identity): halves, until alone.
          const half = Math.ceil(list.length / 2);
          batch(list.slice(0, half), false);
          batch(list.slice(half), false);
          return;
        }
        list.forEach((r) => rendered.add(r));
        const name = path.posix.dirname((list[0] as KustomizeRoot).entry.displayPath);
        const displayPath = `${name}/(${result.command}${list.length > 1 ? ` of ${list.length} kustomizations` : ''})`;
        const input: LintInput = {
          file: { absPath: path.join((list[0] as KustomizeRoot).dir, `(${result.command})`), displayPath, kind: 'manifest', explicit: false },
          given: { ok: true, text: result.text },
        };
        ahead(input, result.text);
        outputs.push({
          key: (list[0] as KustomizeRoot).entry.displayPath,
          add: () => {
            origins.set(displayPath, kustomizeOrigins(result, options.cwd, documentsOf(modelled.get(input))));
            inputs.push(input);
          },
        });
      });
    const share = Math.ceil(roots.length / Math.min(CONCURRENT_RENDERS, roots.length));
    for (let i = 0; i < roots.length; i += share) batch(roots.slice(i, i + share), true);
  }
  // The renders are child processes: this thread is idle until they end, so the shell parser loads now.
  if (charts.length + roots.length > 0 && (renderers.helm || renderers.kustomize)) warmShellParser();
  await queue.drained();
  work.done();
  // Renders finish in any order; the inputs are added in a fixed one, so the report does not depend on timing.
  outputs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).forEach((o) => o.add());

  const missing = { helm: renderers.helm ? [] : charts, kustomize: renderers.kustomize ? [] : roots };
  const dirs = (list: readonly RenderTarget[]): string => list.map((t) => path.posix.dirname(t.entry.displayPath)).join(', ');
  const first = (list: readonly RenderTarget[]): string => list[0]?.entry.displayPath ?? '.';
  const templates = plan.skipped.find((s) => s.reason.startsWith('chart templates'))?.files.length ?? 0;
  if (missing.helm.length > 0)
    run.problem({
      at: at(first(missing.helm), WHOLE_FILE),
      message: `helm is not on PATH: ${plural(missing.helm.length, 'chart')} not rendered (${dirs(missing.helm)}), so ${plural(templates, 'template')} under templates/ ${templates === 1 ? 'is' : 'are'} not linted; the charts' other files are linted as usual; install helm to lint the rendered manifests`,
      phase: 'admission',
      severity: 'info',
    });
  if (missing.kustomize.length > 0)
    run.problem({
      at: at(first(missing.kustomize), WHOLE_FILE),
      message: `neither kustomize nor kubectl is on PATH: ${plural(missing.kustomize.length, 'kustomization')} not rendered (${dirs(missing.kustomize)}); ${missing.kustomize.length === 1 ? 'its' : 'their'} files are linted as written, except patches, which are not whole objects`,
      phase: 'admission',
      severity: 'info',
    });

  // Held files: linted through a rendering that took them in, else as written (objects) or skipped (patches).
  const released: SourceFile[] = [];
  let through = 0;
  let steering = 0;
  for (const h of plan.held) {
    if (h.roots.some((r) => rendered.has(r))) through++;
    else if (h.objects) released.push(h.file);
    else steering++;
  }
  if (steering > 0) skipped.push({ reason: 'kustomize patches and build inputs of kustomizations that were not rendered', files: steering });
  const summary: RenderingSummary = { renderings: rendered.size, files: through, skipped };
  return { inputs, released, origins, modelled, summary };
}

/**
 * Findings without repeats, in report order. A base rendered through several overlays gives
 * the same finding at the same place once per overlay: they are one finding, whose related
 * locations name every kustomization it was rendered through.
 */
export function oncePerPlace(findings: readonly Finding[]): Finding[] {
  const sorted = [...findings].sort(compareFindings);
  const out: Finding[] = [];
  for (const f of sorted) {
    const last = out[out.length - 1];
    if (!last || compareFindings(last, f) !== 0) {
      out.push(f);
      continue;
    }
    const through = f.related.filter((r) => mergeable(r) && !last.related.some((l) => l.message === r.message && l.at.file === r.at.file));
    if (through.length > 0) out[out.length - 1] = { ...last, related: [...last.related, ...through] };
  }
  return uniqueSorted(out.map(namedThrough));
}

/** Related locations that say what a finding was rendered through: merged when the same finding comes from several renderings. */
function mergeable(r: RelatedLocation): boolean {
  return r.message === RENDERED_THROUGH || r.message.startsWith(RENDERED_WITH);
}

/** The message says which kustomizations a base finding was rendered through (JSON has no related locations, and a message is what every format shows). */
function namedThrough(f: Finding): Finding {
  const through = f.related.filter((r: RelatedLocation) => r.message === RENDERED_THROUGH).map((r) => r.at.file);
  const suffix = f.message.lastIndexOf(' (rendered by ');
  if (through.length === 0 || suffix < 0 || !f.message.endsWith(')') || f.message.indexOf('(', suffix + 2) >= 0) return f;
  const names = through.length <= 3 ? through.join(', ') : `${through.slice(0, 3).join(', ')} and ${through.length - 3} more`;
  return { ...f, message: `${f.message.slice(0, -1)} through ${names})` };
}
