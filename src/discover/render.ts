import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { displayPathOf } from './discover.js';
import { statIfAny, type SourceFile } from './source-file.js';
import { execFileText } from '../node-builtins.js';

/** A directory whose manifests exist only once a renderer has run: a Helm chart or a Kustomize kustomization. */
export interface RenderTarget {
  readonly renderer: 'helm' | 'kustomize';
  readonly dir: string;
  /** The Chart.yaml or kustomization.yaml, as shown in reports. */
  readonly entry: SourceFile;
}

const KUSTOMIZATION_NAMES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

function inside(dir: string, file: string): boolean {
  return file.startsWith(dir + path.sep);
}

/**
 * Finds charts and kustomizations among the discovered files. Everything under a chart is
 * left out of plain linting: templates are Go templates, not manifests, and values files
 * are not objects (subcharts are rendered by helm with their parent). Files under a
 * kustomization are left out only when kustomize can render them, since patches are
 * partial objects that would be judged as whole ones.
 */
/** A chart or kustomization is among the files: something may have to be rendered. */
export function needsRenderer(files: readonly SourceFile[]): boolean {
  return files.some((f) => {
    const base = path.basename(f.absPath);
    return base === 'Chart.yaml' || KUSTOMIZATION_NAMES.has(base);
  });
}

export function planRendering(files: readonly SourceFile[], kustomizeAvailable: boolean): { targets: RenderTarget[]; files: SourceFile[] } {
  const charts = files.filter((f) => path.basename(f.absPath) === 'Chart.yaml');
  const outermost = charts.filter((c) => !charts.some((o) => o !== c && inside(path.dirname(o.absPath), c.absPath)));
  const kustomizations = files.filter((f) => KUSTOMIZATION_NAMES.has(path.basename(f.absPath)));
  const targets: RenderTarget[] = [
    ...outermost.map((entry) => ({ renderer: 'helm' as const, dir: path.dirname(entry.absPath), entry })),
    ...kustomizations
      .filter((k) => !charts.some((c) => inside(path.dirname(c.absPath), k.absPath)))
      .map((entry) => ({ renderer: 'kustomize' as const, dir: path.dirname(entry.absPath), entry })),
  ];
  const hidden = targets.filter((t) => t.renderer === 'helm' || kustomizeAvailable).map((t) => t.dir);
  return { targets, files: files.filter((f) => !hidden.some((dir) => inside(dir, f.absPath))) };
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

export type Rendered = { readonly ok: true; readonly text: string; readonly command: string } | { readonly ok: false; readonly message: string };

/** Rendering must not hang the lint: a chart that needs the network (dependencies) fails instead. */
const RENDER_TIMEOUT_MS = 60_000;

/**
 * Runs the renderer. `helm template` renders locally (no cluster, no hooks run); kustomize
 * runs with its defaults, which keep exec and container KRM functions, legacy exec plugins
 * and Helm inflation disabled (they need --enable-alpha-plugins / --enable-exec /
 * --enable-helm): nothing from the scanned repository is executed.
 */
export async function render(target: RenderTarget, renderers: Renderers, helmValues: readonly string[]): Promise<Rendered> {
  let program: string;
  let args: string[];
  if (target.renderer === 'helm') {
    if (!renderers.helm) return { ok: false, message: 'helm is not on PATH' };
    program = renderers.helm;
    args = ['template', path.basename(target.dir), target.dir, ...helmValues.flatMap((v) => ['--values', v])];
  } else {
    if (!renderers.kustomize) return { ok: false, message: 'neither kustomize nor kubectl is on PATH' };
    program = renderers.kustomize.program;
    args = [...renderers.kustomize.args, target.dir];
  }
  const command = `${path.basename(program)} ${args.slice(0, target.renderer === 'helm' ? 1 : renderers.kustomize?.args.length).join(' ')}`;
  try {
    const { stdout } = await execFileText(program, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: RENDER_TIMEOUT_MS });
    return { ok: true, text: stdout, command };
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    const detail = stderr ? stderr.split('\n')[0] : error instanceof Error ? error.message : String(error);
    return { ok: false, message: `${command} failed: ${detail}` };
  }
}
