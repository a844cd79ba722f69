import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { displayPathOf } from './discover.js';
import { readSourceTextSync, statIfAny, type SourceFile } from './source-file.js';
import { crypto, execFileText } from '../platform/node-builtins.js';
import { parseManifestText } from '../parse/manifest.js';

/** A directory whose manifests exist only once a renderer has run: a Helm chart or a Kustomize kustomization. */
export interface RenderTarget {
  readonly renderer: 'helm' | 'kustomize';
  readonly dir: string;
  /** The Chart.yaml or kustomization.yaml, as shown in reports. */
  readonly entry: SourceFile;
}

export const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const KUSTOMIZATION_SET = new Set(KUSTOMIZATION_NAMES);

function inside(dir: string, file: string): boolean {
  return file.startsWith(dir + path.sep);
}

/** A chart or kustomization is among the files: something may have to be rendered. */
export function needsRenderer(files: readonly SourceFile[]): boolean {
  return files.some((f) => {
    const base = path.basename(f.absPath);
    return base === 'Chart.yaml' || KUSTOMIZATION_SET.has(base);
  });
}

/**
 * What a kustomization file says about the files around it (kustomize's `types.Kustomization`
 * fields that name paths): the kustomizations it builds on, the files it takes objects from,
 * and the files that only steer the build (patches, generator inputs, transformer configs),
 * which are partial objects or no objects at all.
 */
export interface Kustomization {
  readonly file: string;
  readonly dir: string;
  readonly component: boolean;
  /** Directories of kustomizations it builds on (`resources`, `bases`, `components`, transformer kustomizations). */
  readonly nested: readonly string[];
  /** Files whose objects it emits (`resources` files, `crds`). */
  readonly resources: readonly string[];
  /** Files that steer the build: patches, replacements, generator and transformer inputs. */
  readonly steering: readonly string[];
  /** Entries that are not local paths (remote bases, `https://`, `git@`). */
  readonly remote: readonly string[];
}

export function kustomizationFileIn(dir: string): string | undefined {
  for (const name of KUSTOMIZATION_NAMES) {
    const file = path.join(dir, name);
    if (statIfAny(file)?.isFile()) return file;
  }
  return undefined;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const records = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value) ? value.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)) : [];

export function readKustomization(file: string): Kustomization | undefined {
  const read = readSourceTextSync(file);
  if (!read.ok) return undefined;
  const value = parseManifestText(read.text).documents[0]?.value;
  const dir = path.dirname(file);
  const k = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const nested: string[] = [];
  const resources: string[] = [];
  const steering: string[] = [];
  const remote: string[] = [];
  // A path entry is local when it names something on disk; anything else kustomize would fetch (or reject).
  const local = (entry: string, asResource: boolean): void => {
    if (entry.includes('\n')) return; // an inline patch or transformer config
    const abs = path.resolve(dir, entry);
    const info = statIfAny(abs);
    if (info?.isDirectory()) nested.push(abs);
    else if (info?.isFile()) (asResource ? resources : steering).push(abs);
    else if (asResource && /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/|gitlab\.com\/|bitbucket\.org\/)|\?ref=|\/\//i.test(entry)) remote.push(entry);
  };
  for (const entry of [...strings(k.resources), ...strings(k.bases), ...strings(k.components)]) local(entry, true);
  for (const entry of strings(k.crds)) local(entry, true);
  for (const entry of [...strings(k.transformers), ...strings(k.generators), ...strings(k.validators), ...strings(k.configurations)]) local(entry, false);
  // `patches` entries are objects (path, patch, target); older kustomizations list bare paths there, which are patches too.
  for (const entry of [...strings(k.patchesStrategicMerge), ...strings(k.patches)]) local(entry, false);
  for (const p of [...records(k.patches), ...records(k.patchesJson6902), ...records(k.replacements)]) if (typeof p.path === 'string') local(p.path, false);
  for (const g of [...records(k.configMapGenerator), ...records(k.secretGenerator)]) {
    for (const f of strings(g.files)) local(f.includes('=') ? f.slice(f.indexOf('=') + 1) : f, false);
    for (const f of [...strings(g.envs), ...(typeof g.env === 'string' ? [g.env] : [])]) local(f, false);
  }
  for (const h of records(k.helmCharts)) if (typeof h.valuesFile === 'string') local(h.valuesFile, false);
  const openapi = k.openapi as { path?: unknown } | undefined;
  if (typeof openapi?.path === 'string') local(openapi.path, false);
  return { file, dir, component: k.kind === 'Component', nested, resources, steering, remote };
}

/** A kustomization rendered on its own: one the scanned tree has that no other kustomization builds on. */
export interface KustomizeRoot extends RenderTarget {
  readonly renderer: 'kustomize';
  /** Every kustomization it builds on, itself first (for finding a base by an object's identity). */
  readonly tree: readonly Kustomization[];
}

/** Files linted only through renderings: shown as written when no rendering that holds them succeeds. */
export interface HeldFile {
  readonly file: SourceFile;
  readonly roots: readonly RenderTarget[];
  /** Objects (a base's Deployment) are linted as written if no rendering takes them in; steering files never are. */
  readonly objects: boolean;
}

export interface SkippedFiles {
  readonly reason: string;
  readonly files: readonly SourceFile[];
}

export interface RenderPlan {
  readonly targets: RenderTarget[];
  /** Files linted as written. */
  readonly files: SourceFile[];
  readonly held: HeldFile[];
  /** Chart templates with helm absent, files of Components no kustomization uses (linted as written otherwise). */
  readonly skipped: SkippedFiles[];
  /** Notes about the plan itself (an unused Component). */
  readonly notes: { readonly file: SourceFile; readonly message: string }[];
}

/** Files under a chart's `templates/` (its subcharts' too): Go templates, not YAML. */
function isTemplate(file: string, chartDir: string): boolean {
  const segments = path.relative(chartDir, file).split(path.sep);
  for (let i = 0; i < segments.length - 1; i++) {
    if (segments[i] !== 'templates') continue;
    if (statIfAny(path.join(chartDir, ...segments.slice(0, i), 'Chart.yaml'))?.isFile()) return true;
  }
  return false;
}

/**
 * Decides what is rendered and what is linted as written. Nothing is left out silently: a
 * chart's templates are rendered by helm (or counted as skipped without it), its other files
 * and Dockerfiles are linted as usual; the files a kustomization names are linted through its
 * rendering, every other file beside it as usual. Kustomizations that another one builds on
 * and Components are rendered only through the kustomizations that use them, so a base is
 * rendered once per overlay, never again on its own.
 */
export function planRendering(files: readonly SourceFile[], renderers: { readonly helm: boolean; readonly kustomize: boolean }): RenderPlan {
  const charts = files.filter((f) => path.basename(f.absPath) === 'Chart.yaml');
  const outermost = charts.filter((c) => !charts.some((o) => o !== c && inside(path.dirname(o.absPath), c.absPath)));
  const chartDirs = outermost.map((c) => path.dirname(c.absPath));
  const targets: RenderTarget[] = outermost.map((entry) => ({ renderer: 'helm' as const, dir: path.dirname(entry.absPath), entry }));
  const byPath = new Map(files.map((f) => [f.absPath, f]));
  const held = new Map<string, { file: SourceFile; roots: RenderTarget[]; objects: boolean }>();
  const hold = (abs: string, root: RenderTarget | undefined, objects: boolean): void => {
    const file = byPath.get(abs);
    if (!file) return;
    let entry = held.get(abs);
    if (!entry) held.set(abs, (entry = { file, roots: [], objects }));
    // A file one kustomization patches with and another takes objects from holds objects.
    if (objects) entry.objects = true;
    if (root && !entry.roots.includes(root)) entry.roots.push(root);
  };
  const skipped: SkippedFiles[] = [];
  const notes: RenderPlan['notes'] = [];

  const templates: SourceFile[] = [];
  for (const file of files) {
    const chart = chartDirs.find((dir) => inside(dir, file.absPath));
    if (chart && isTemplate(file.absPath, chart)) templates.push(file);
  }
  const templateSet = new Set(templates);
  if (renderers.helm)
    for (const t of templates)
      hold(
        t.absPath,
        targets.find((c) => inside(c.dir, t.absPath)),
        false,
      );
  else if (templates.length > 0) skipped.push({ reason: 'chart templates not rendered (helm is not on PATH)', files: templates });

  // Kustomizations are read whether or not a renderer is on PATH: the files they take as
  // patches and build inputs are never whole objects, so they are not linted as manifests.
  const kustomizations = files.filter((f) => KUSTOMIZATION_SET.has(path.basename(f.absPath)));
  const inChart = (f: SourceFile): string | undefined => chartDirs.find((dir) => inside(dir, f.absPath));
  const entries = kustomizations.filter((f) => inChart(f) === undefined);
  const cache = new Map<string, Kustomization | undefined>();
  const load = (dir: string): Kustomization | undefined => {
    if (!cache.has(dir)) {
      const file = kustomizationFileIn(dir);
      cache.set(dir, file ? readKustomization(file) : undefined);
    }
    return cache.get(dir);
  };
  const treeOf = (dir: string): Kustomization[] => {
    const seen = new Set<string>();
    const out: Kustomization[] = [];
    const visit = (d: string): void => {
      if (seen.has(d)) return;
      seen.add(d);
      const k = load(d);
      if (!k) return;
      out.push(k);
      k.nested.forEach(visit);
    };
    visit(dir);
    return out;
  };
  const own = entries.map((e) => load(path.dirname(e.absPath))).filter((k): k is Kustomization => k !== undefined);
  const builtOn = new Set(
    own.flatMap((k) =>
      treeOf(k.dir)
        .slice(1)
        .map((n) => n.dir),
    ),
  );
  const roots: KustomizeRoot[] = [];
  for (const k of own) {
    if (builtOn.has(k.dir)) continue;
    const entry = byPath.get(k.file) as SourceFile;
    if (k.component) {
      if (renderers.kustomize)
        notes.push({
          file: entry,
          message:
            'kustomize Component: not rendered on its own (kustomize builds a Component only into a kustomization that lists it under components:, and none in the scanned paths does); its resource files are linted as written',
        });
      continue;
    }
    roots.push({ renderer: 'kustomize', dir: k.dir, entry, tree: treeOf(k.dir) });
  }
  // Without a renderer, the kustomization files and the objects they list are linted as
  // written, in the order of the walk (nothing holds them); only patches and build inputs are held.
  const objectFiles = new Set([...cache.values()].flatMap((k) => k?.resources ?? []));
  const holdSteering = (abs: string, root: RenderTarget | undefined): void => {
    if (renderers.kustomize || !objectFiles.has(abs)) hold(abs, root, false);
  };
  for (const root of roots)
    for (const k of root.tree) {
      if (renderers.kustomize) {
        hold(k.file, root, false);
        k.resources.forEach((r) => hold(r, root, true));
      }
      k.steering.forEach((s) => holdSteering(s, root));
    }
  // An unused Component's files: no rendering holds them.
  for (const k of own)
    if (k.component && !builtOn.has(k.dir)) {
      if (renderers.kustomize) {
        hold(k.file, undefined, false);
        k.resources.forEach((r) => hold(r, undefined, true));
      }
      k.steering.forEach((s) => holdSteering(s, undefined));
    }
  // A kustomization inside a chart runs on helm's output (a post-renderer, or a plugin such as
  // Argo CD's that writes the chart's output to a file the kustomization lists): it is not
  // rendered on its own, and its patches are not read as manifests.
  for (const entry of kustomizations) {
    const chart = inChart(entry);
    const k = chart === undefined ? undefined : load(path.dirname(entry.absPath));
    if (!k || chart === undefined) continue;
    for (const s of k.steering) if (!objectFiles.has(s) && !templateSet.has(byPath.get(s) as SourceFile)) hold(s, undefined, false);
    notes.push({
      file: entry,
      message: `a kustomization inside the Helm chart ${path.posix.dirname(byPath.get(path.join(chart, 'Chart.yaml'))?.displayPath ?? entry.displayPath)} (kustomize run on the chart's rendered output): not rendered on its own; its resource files are linted as written, its patches and build inputs are not read as manifests`,
    });
  }
  if (renderers.kustomize) targets.push(...roots);
  // Without a renderer, every kustomization is named in the note that says it was not rendered.
  else for (const entry of entries) targets.push({ renderer: 'kustomize', dir: path.dirname(entry.absPath), entry, tree: [] } as KustomizeRoot);
  const plain = files.filter((f) => !held.has(f.absPath) && !templateSet.has(f));
  return { targets, files: plain, held: [...held.values()], skipped, notes };
}

/**
 * Files named one by one (a pre-commit hook passes a changed template) may sit inside a
 * chart whose Chart.yaml was not named: the chart is added, so that it is rendered and the
 * template is not read as a manifest.
 */
export function withEnclosingCharts(files: readonly SourceFile[], cwd: string): SourceFile[] {
  const out = [...files];
  const known = new Set(files.map((f) => f.absPath));
  for (const file of files) {
    if (!file.explicit || file.kind !== 'manifest') continue;
    for (let dir = path.dirname(file.absPath); ;) {
      const chart = path.join(dir, 'Chart.yaml');
      if (statIfAny(chart)?.isFile()) {
        if (!known.has(chart)) {
          known.add(chart);
          out.push({ absPath: chart, displayPath: displayPathOf(chart, cwd), kind: 'manifest', explicit: false });
        }
        break;
      }
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return out;
}

/** An executable on PATH, found without running a shell. */
export function onPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

export interface Renderers {
  readonly helm: string | undefined;
  /** `kustomize build`, or `kubectl kustomize` (kubectl embeds kustomize). */
  readonly kustomize: { readonly program: string; readonly args: readonly string[] } | undefined;
}

export function findRenderers(): Renderers {
  const kustomize = onPath('kustomize');
  const kubectl = kustomize ? undefined : onPath('kubectl');
  return {
    helm: onPath('helm'),
    kustomize: kustomize ? { program: kustomize, args: ['build'] } : kubectl ? { program: kubectl, args: ['kustomize'] } : undefined,
  };
}

/** A render that failed: `external` when the cause is outside the user's files (network, a plugin kustomize keeps disabled, a timeout). */
export interface RenderFailure {
  readonly ok: false;
  readonly message: string;
  readonly external: boolean;
}

export type Rendered = { readonly ok: true; readonly text: string; readonly command: string } | RenderFailure;

/** Rendering must not hang the lint: a chart that needs the network (dependencies) fails instead. */
const RENDER_TIMEOUT_MS = 60_000;

/**
 * klog's header (`E1201 20:30:17.972050 18302 run.go:72] `, k8s.io/klog `formatHeader`:
 * severity, date, time, thread id, file:line) and kubectl's structured wrapper around the
 * error (`"command failed" err="…"` or `err=<` … `>` for a multi-line one): the user needs
 * the error, not the log line.
 */
export function rendererMessage(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.replace(/^[IWEF]\d{4} \d{2}:\d{2}:\d{2}\.\d+\s+\d+ [^\s\]]+:\d+\] /, ''))
    .map((line) => line.trim())
    .filter((line) => line !== '' && line !== '>');
  let text = lines.join(' ');
  const wrapped = /^"command failed" err=(?:<\s*(.*)|(".*"))$/s.exec(text);
  if (wrapped?.[1] !== undefined) text = wrapped[1];
  else if (wrapped?.[2] !== undefined) {
    try {
      text = JSON.parse(wrapped[2]) as string;
    } catch {
      text = wrapped[2].slice(1, -1);
    }
  }
  text = text.replace(/\s+/g, ' ').trim();
  return text;
}

/**
 * Failures whose cause lies outside the scanned files: fetching a remote base or chart
 * (no network on this runner), a generator or plugin kustomize keeps disabled unless a flag
 * enables it (`--enable-helm`, `--enable-alpha-plugins`, `--enable-exec`), a chart whose
 * dependencies were not fetched (`helm dependency build`), a timeout.
 */
const EXTERNAL_CAUSE =
  /dial tcp|no such host|could not resolve host|network is unreachable|i\/o timeout|tls handshake|connection refused|git (?:fetch|clone)|accumulating resources from '(?:https?|ssh|git)[:@]|must specify --enable-helm|--enable-alpha-plugins|--enable-exec|unable to load external plugin|external plugins? (?:is |are )?disabled|missing in charts\/ directory|helm dependency (?:build|update)|timed out/i;

export function isExternalCause(message: string): boolean {
  return EXTERNAL_CAUSE.test(message);
}

/** One run of a renderer: its output, or its failure with the cause classified. */
async function runRenderer(program: string, args: readonly string[], command: string, cwd?: string): Promise<Rendered> {
  try {
    const { stdout } = await execFileText(program, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: RENDER_TIMEOUT_MS, cwd });
    return { ok: true, text: stdout, command };
  } catch (error) {
    const e = error as { stderr?: string; killed?: boolean; signal?: string | null };
    if (e.killed) return { ok: false, message: `${command} timed out after ${RENDER_TIMEOUT_MS / 1000} s`, external: true };
    const stderr = e.stderr?.trim();
    const detail = stderr ? rendererMessage(stderr) : error instanceof Error ? error.message : String(error);
    return { ok: false, message: `${command} failed: ${detail.length > 1500 ? `${detail.slice(0, 1500)}…` : detail}`, external: isExternalCause(detail) };
  }
}

/** Renders identical inputs once per run: the key is a digest of everything the renderer reads. */
export class RenderCache {
  private readonly results = new Map<string, Promise<Rendered>>();
  get(key: string, run: () => Promise<Rendered>): Promise<Rendered> {
    let pending = this.results.get(key);
    if (!pending) this.results.set(key, (pending = run()));
    return pending;
  }
}

/** A digest of a directory's files (names and contents), for the render cache. */
function digestTree(dir: string, extra: readonly string[]): string {
  const hash = crypto().createHash('sha256');
  for (const e of extra) hash.update(`${e}\0`);
  const visit = (d: string, rel: string): void => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch {
      return;
    }
    for (const entry of entries) {
      const abs = path.join(d, entry.name);
      if (entry.isDirectory()) visit(abs, `${rel}${entry.name}/`);
      else if (entry.isFile()) {
        hash.update(`${rel}${entry.name}\0`);
        try {
          hash.update(readFileSync(abs));
        } catch {
          hash.update('\0unreadable');
        }
        hash.update('\0');
      }
    }
  };
  visit(dir, '');
  return hash.digest('hex');
}

/** How one chart is rendered: `helm template RELEASE DIR [--namespace NS] [--values FILE]...`. */
export interface HelmRelease {
  /** `undefined`: the chart directory's name. */
  readonly release: string | undefined;
  readonly namespace: string | undefined;
  /** In the order given (a later file wins, as helm merges them). */
  readonly values: readonly string[];
}

/** The arguments `helm template` gets for a release of a chart. */
export function helmTemplateArgs(target: RenderTarget, release: HelmRelease): string[] {
  return [
    'template',
    release.release ?? path.basename(target.dir),
    target.dir,
    ...(release.namespace !== undefined ? ['--namespace', release.namespace] : []),
    ...release.values.flatMap((v) => ['--values', v]),
  ];
}

/**
 * `helm template` renders locally (no cluster, no hooks run). Charts are cached by content:
 * helm names templates by chart name (`# Source: api/templates/x.yaml`), so two copies of a
 * chart give the same output and each maps it back to its own directory.
 */
export function renderChart(target: RenderTarget, helm: string, release: HelmRelease, cache: RenderCache): Promise<Rendered> {
  const args = helmTemplateArgs(target, release);
  const values = release.values.map((v) => {
    try {
      return readFileSync(v, 'utf8');
    } catch {
      return `unreadable ${v}`;
    }
  });
  const key = `helm\0${args[1] ?? ''}\0${release.namespace ?? ''}\0${digestTree(target.dir, values)}`;
  return cache.get(key, () => runRenderer(helm, args, 'helm template'));
}

/**
 * Where a wrapper's throwaway tree goes: the temporary directory the user chose (TMPDIR, TMP
 * or TEMP, as Node's tmpdir() reads them), else a RAM file system where the machine has a
 * writable one (Linux's /dev/shm), else the system's temporary directory. A batch's wrapper is
 * a directory and a file per root: on this project's test machine (a VM disk) creating 75 of
 * each took 35–70 ms before the renderer could start, on /dev/shm 5 ms (BENCHMARKS.md).
 */
function scratchRoots(): string[] {
  const chosen = process.env.TMPDIR || process.env.TMP || process.env.TEMP;
  if (!chosen && process.platform === 'linux') {
    try {
      accessSync('/dev/shm', constants.W_OK);
      const shm = realpathSync('/dev/shm');
      if (statSync(shm).isDirectory()) return [shm, tmpdir()];
    } catch {
      // none, or not writable: the system's temporary directory
    }
  }
  return [tmpdir()];
}

/** A new wrapper tree, written by `write`: on the first scratch root that takes it (a full /dev/shm falls back to the temporary directory). */
function writeWrapper(write: (dir: string) => void): string {
  const candidates = scratchRoots();
  for (const [i, root] of candidates.entries()) {
    const dir = mkdtempSync(path.join(realpathSync(root), 'lint-k8s-kustomize-'));
    try {
      write(dir);
      return dir;
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      if (i === candidates.length - 1) throw error;
    }
  }
  throw new Error('no scratch directory');
}

/** Marks which root of a batch each rendered object came from. */
export const RENDERED_FROM_ANNOTATION = 'render.lintk8s.internal/root';

/** The output of a batch of kustomizations rendered together, with what maps it back. */
export interface KustomizeBatch {
  readonly ok: true;
  readonly text: string;
  readonly command: string;
  readonly roots: readonly KustomizeRoot[];
  /** Origin paths in the output are relative to this directory (the wrapper's). */
  readonly originBase: string;
}

/**
 * Renders kustomizations through a wrapper built in a temporary directory, never in the
 * user's tree: the wrapper sets `buildMetadata: [originAnnotations]` (so every object says
 * which base file it came from) and lists one small kustomization per root, whose only
 * (inline) transformer annotates the objects' metadata with the root's index (so a base reached through
 * several overlays names them). Roots are batched: one process renders many, which is most
 * of the speed (a kubectl start costs more than a kustomization's build). Kustomize runs with
 * its defaults, which keep exec and container KRM functions, legacy exec plugins and Helm
 * inflation disabled: nothing from the scanned repository is executed.
 */
export async function renderKustomizations(
  roots: readonly KustomizeRoot[],
  kustomize: NonNullable<Renderers['kustomize']>,
  cache: RenderCache,
): Promise<KustomizeBatch | RenderFailure> {
  const command = `${path.basename(kustomize.program)} ${kustomize.args.join(' ')}`;
  const tmp = writeWrapper((tmp) => {
    const wrapper: string[] = ['buildMetadata: [originAnnotations]', 'resources:'];
    roots.forEach((root, i) => {
      const sub = path.join(tmp, String(i));
      mkdirSync(sub);
      const target = path.relative(sub, root.dir).split(path.sep).join('/');
      // The transformer's configuration inline (kustomize 4+), not in a file of its own: half
      // the files to write, which is most of the wrapper's cost on a slow disk.
      writeFileSync(
        path.join(sub, 'kustomization.yaml'),
        [
          'resources:',
          `- ${JSON.stringify(target)}`,
          'transformers:',
          '- |-',
          '  apiVersion: builtin',
          '  kind: AnnotationsTransformer',
          '  metadata:',
          '    name: lint-k8s-rendered-from',
          '  annotations:',
          `    ${RENDERED_FROM_ANNOTATION}: "${i}"`,
          '  fieldSpecs:',
          '  - path: metadata/annotations',
          '    create: true',
          '',
        ].join('\n'),
      );
      wrapper.push(`- "${i}"`);
    });
    writeFileSync(path.join(tmp, 'kustomization.yaml'), `${wrapper.join('\n')}\n`);
  });
  try {
    const key = `kustomize\0${roots.map((r) => r.dir).join('\0')}`;
    const rendered = await cache.get(key, () => runRenderer(kustomize.program, [...kustomize.args, tmp], command));
    if (!rendered.ok)
      return roots.length === 1 ? { ...rendered, message: withoutWrapper(rendered.message, command, (roots[0] as KustomizeRoot).dir) } : rendered;
    return { ok: true, text: rendered.text, command, roots, originBase: tmp };
  } finally {
    // Removed in the background: a hundred small files cost a second of unlink calls on a busy disk.
    void rm(tmp, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** A failure as the user's kustomization gives it: kustomize's account of the wrapper's layers around it left out. */
function withoutWrapper(message: string, command: string, dir: string): string {
  const marker = `recursed accumulation of path '${dir}': `;
  const at = message.lastIndexOf(marker);
  if (at < 0) return message;
  // The wrapper's layers each close a quote the user's error is inside of: `…'` at the end.
  let detail = message.slice(at + marker.length);
  for (let layers = 2; layers > 0 && detail.endsWith("'"); layers--) detail = detail.slice(0, -1);
  return `${command} failed: ${detail}`;
}
