import { readFileSync } from 'node:fs';
import path from 'node:path';
import { statIfAny } from '../discover/source-file.js';
import { parseDocument } from 'yaml';
import { parseImageRef } from '../knowledge/image-ref.js';
import { RUNTIMES, type RuntimeName } from '../knowledge/types.js';

/** How much a finding counts (ESLint's and hadolint's three levels). */
export type Severity = 'error' | 'warning' | 'info';

/** The file looked for at the root of the scanned tree. */
export const CONFIG_FILE_NAME = '.lint-k8s.yaml';

export type RuleSetting = Severity | 'off';
export type FailOn = Severity | 'none';

export const RULE_SETTINGS: readonly RuleSetting[] = ['off', 'error', 'warning', 'info'];
export const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'info', 'none'];

/** One `images:` entry: containers whose image has this repository run what this Dockerfile builds. */
export interface ImageMapping {
  /** Normalised repository (`ghcr.io/acme/api`; `docker.io/library/` removed). */
  readonly repository: string;
  /** As written in the file. */
  readonly target: string;
  /** Absolute path of the Dockerfile (a directory target names its `Dockerfile`). */
  readonly dockerfile: string;
}

/** One `charts:` entry: a chart rendered with `helm template` as this release, with these values files in order. */
export interface ChartRelease {
  /** Absolute path of the chart directory (the one holding Chart.yaml). */
  readonly dir: string;
  /** As written in the file. */
  readonly chart: string;
  /** Absolute paths of the values files, in the order helm merges them (a later file wins). */
  readonly values: readonly string[];
  /** `helm template NAME`; `undefined`: the chart directory's name. */
  readonly release: string | undefined;
  /** `helm template --namespace`; `undefined`: helm's default. */
  readonly namespace: string | undefined;
}

export interface KubernetesVersion {
  readonly major: number;
  readonly minor: number;
}

/** `.lint-k8s.yaml` after validation; every field has its default filled in. */
export interface LintConfig {
  /** Absolute path of the file read, `undefined` when there is none. */
  readonly file: string | undefined;
  /** Directory relative paths of the file are resolved against. */
  readonly root: string;
  readonly images: readonly ImageMapping[];
  /** Charts rendered with the values the user gives; a chart listed twice is rendered once per entry. */
  readonly charts: readonly ChartRelease[];
  readonly rules: Readonly<Record<string, RuleSetting>>;
  /** Path globs (.gitignore syntax) relative to `root`, left out of discovery. */
  readonly ignore: readonly string[];
  readonly runtime: RuntimeName | undefined;
  readonly failOn: FailOn | undefined;
  /** The cluster version feature-gated facts are judged against; `undefined`: not said. */
  readonly kubernetesVersion: KubernetesVersion | undefined;
  /** Whether ConfigMap/Secret references are checked against the input set. */
  readonly referencesCheck: boolean;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function defaultConfig(root: string): LintConfig {
  return {
    file: undefined,
    root,
    images: [],
    charts: [],
    rules: {},
    ignore: [],
    runtime: undefined,
    failOn: undefined,
    kubernetesVersion: undefined,
    referencesCheck: true,
  };
}

/** Whether a cluster of this version is at least `major.minor`; `undefined` when the config does not say. */
export function atLeast(version: KubernetesVersion | undefined, major: number, minor: number): boolean | undefined {
  if (!version) return undefined;
  return version.major > major || (version.major === major && version.minor >= minor);
}

type Issue = string;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (isRecord(value)) return 'a mapping';
  return `a ${typeof value}`;
}

const KEYS = ['images', 'charts', 'rules', 'ignore', 'runtime', 'failOn', 'kubernetesVersion', 'referencesCheck'] as const;

/**
 * Checks a parsed config against the format (schema/lint-k8s.schema.json says the same).
 * Returns the first problem as `key.path: what was expected`, or the validated values.
 */
export function validateConfig(
  value: unknown,
  knownRules: ReadonlySet<string>,
):
  | { ok: true; value: Omit<LintConfig, 'file' | 'root' | 'images' | 'charts'> & { images: Record<string, string>; charts: CheckedChart[] } }
  | { ok: false; issue: Issue } {
  if (value === undefined || value === null) value = {};
  if (!isRecord(value)) return { ok: false, issue: `(top level): expected a mapping, found ${typeName(value)}` };
  for (const key of Object.keys(value)) {
    if (!(KEYS as readonly string[]).includes(key)) return { ok: false, issue: `${key}: unknown key (expected one of ${KEYS.join(', ')})` };
  }
  const images: Record<string, string> = {};
  if (value.images !== undefined) {
    if (!isRecord(value.images))
      return { ok: false, issue: `images: expected a mapping of image repository to build context, found ${typeName(value.images)}` };
    for (const [repository, target] of Object.entries(value.images)) {
      const ref = parseImageRef(repository);
      if (!ref.ok || repository.includes('@') || ref.ref.raw.slice(ref.ref.raw.lastIndexOf('/') + 1).includes(':'))
        return { ok: false, issue: `images.${repository}: expected an image repository without tag or digest${ref.ok ? '' : ` (${ref.error})`}` };
      if (typeof target !== 'string' || target === '')
        return { ok: false, issue: `images.${repository}: expected a path to a build context directory or a Dockerfile, found ${typeName(target)}` };
      images[repository] = target;
    }
  }
  const charts = validateCharts(value.charts);
  if (typeof charts === 'string') return { ok: false, issue: charts };
  const rules: Record<string, RuleSetting> = {};
  if (value.rules !== undefined) {
    if (!isRecord(value.rules))
      return { ok: false, issue: `rules: expected a mapping of rule id to ${RULE_SETTINGS.join('|')}, found ${typeName(value.rules)}` };
    for (const [id, setting] of Object.entries(value.rules)) {
      if (!knownRules.has(id)) return { ok: false, issue: `rules.${id}: unknown rule (see --list-rules)` };
      if (typeof setting !== 'string' || !(RULE_SETTINGS as readonly string[]).includes(setting))
        return { ok: false, issue: `rules.${id}: expected ${RULE_SETTINGS.join('|')}` };
      rules[id] = setting as RuleSetting;
    }
  }
  let ignore: string[] = [];
  if (value.ignore !== undefined) {
    if (!Array.isArray(value.ignore)) return { ok: false, issue: `ignore: expected a list of path globs, found ${typeName(value.ignore)}` };
    const bad = value.ignore.findIndex((g) => typeof g !== 'string' || g === '');
    if (bad >= 0) return { ok: false, issue: `ignore.${bad}: expected a non-empty path glob` };
    ignore = value.ignore as string[];
  }
  if (value.runtime !== undefined && !(RUNTIMES as readonly unknown[]).includes(value.runtime))
    return { ok: false, issue: `runtime: expected ${RUNTIMES.join('|')}` };
  if (value.failOn !== undefined && !(FAIL_ON as readonly unknown[]).includes(value.failOn))
    return { ok: false, issue: `failOn: expected ${FAIL_ON.join('|')}` };
  let kubernetesVersion: KubernetesVersion | undefined;
  if (value.kubernetesVersion !== undefined) {
    // A YAML number would lose the version (1.30 reads as 1.3), so only a string is accepted.
    const match = typeof value.kubernetesVersion === 'string' ? /^v?(1)\.(\d{1,3})(?:\.\d{1,3})?$/.exec(value.kubernetesVersion) : null;
    if (!match) return { ok: false, issue: `kubernetesVersion: expected a quoted version string such as "1.31"` };
    kubernetesVersion = { major: Number(match[1]), minor: Number(match[2]) };
  }
  if (value.referencesCheck !== undefined && typeof value.referencesCheck !== 'boolean')
    return { ok: false, issue: `referencesCheck: expected true or false, found ${typeName(value.referencesCheck)}` };
  return {
    ok: true,
    value: {
      images,
      charts,
      rules,
      ignore,
      runtime: value.runtime as RuntimeName | undefined,
      failOn: value.failOn as FailOn | undefined,
      kubernetesVersion,
      referencesCheck: value.referencesCheck !== false,
    },
  };
}

/** A `charts:` entry as written, paths not yet resolved. */
interface CheckedChart {
  readonly chart: string;
  readonly values: readonly string[];
  readonly release: string | undefined;
  readonly namespace: string | undefined;
}

/** helm's release name pattern (pkg/chartutil validateReleaseName): DNS-1123 labels joined by dots. */
const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A Kubernetes namespace name: one DNS-1123 label. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const CHART_KEYS = ['chart', 'values', 'release', 'namespace'];

/** `charts:` is a list of `{chart, values, release, namespace}`; returns the entries or the first issue. */
function validateCharts(value: unknown): CheckedChart[] | Issue {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return `charts: expected a list of {chart, values, release, namespace}, found ${typeName(value)}`;
  const out: CheckedChart[] = [];
  for (const [i, entry] of value.entries()) {
    if (!isRecord(entry)) return `charts.${i}: expected a mapping with chart: (a chart directory), found ${typeName(entry)}`;
    const unknown = Object.keys(entry).find((k) => !CHART_KEYS.includes(k));
    if (unknown !== undefined) return `charts.${i}.${unknown}: unknown key (expected one of ${CHART_KEYS.join(', ')})`;
    if (typeof entry.chart !== 'string' || entry.chart === '')
      return `charts.${i}.chart: expected the path of a chart directory, found ${typeName(entry.chart)}`;
    const values: unknown = entry.values ?? [];
    if (!Array.isArray(values)) return `charts.${i}.values: expected a list of values files, found ${typeName(entry.values)}`;
    const bad = values.findIndex((v) => typeof v !== 'string' || v === '');
    if (bad >= 0) return `charts.${i}.values.${bad}: expected the path of a values file`;
    const shown = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : typeName(v));
    // Checked here so a typo is a config error, not a failed render: helm's ValidateReleaseName
    // (a DNS-1123 subdomain of at most 53 characters) and a namespace name (a DNS-1123 label).
    if (entry.release !== undefined && (typeof entry.release !== 'string' || !RELEASE_NAME.test(entry.release) || entry.release.length > 53))
      return `charts.${i}.release: expected a release name helm accepts (lower-case a-z, 0-9, - and dots between labels, at most 53 characters), found ${shown(entry.release)}`;
    if (entry.namespace !== undefined && (typeof entry.namespace !== 'string' || !DNS_LABEL.test(entry.namespace) || entry.namespace.length > 63))
      return `charts.${i}.namespace: expected a namespace name (lower-case a-z, 0-9 and -, at most 63 characters), found ${shown(entry.namespace)}`;
    out.push({
      chart: entry.chart,
      values: values as string[],
      release: entry.release,
      namespace: entry.namespace,
    });
  }
  return out;
}

function kindOf(p: string): 'file' | 'directory' | undefined {
  const info = statIfAny(p);
  return info?.isDirectory() ? 'directory' : info?.isFile() ? 'file' : undefined;
}

export interface LoadConfigOptions {
  readonly cwd: string;
  /** The paths given to lint: the first directory among them is the scanned root. */
  readonly paths: readonly string[];
  /** `--config FILE`: read this instead of looking for `.lint-k8s.yaml`. */
  readonly configFile?: string;
  readonly knownRules: ReadonlySet<string>;
}

/** The scanned root: the first directory argument, or the working directory. */
export function scannedRoot(cwd: string, paths: readonly string[]): string {
  for (const p of paths) {
    if (p === '-') continue;
    const abs = path.resolve(cwd, p);
    if (kindOf(abs) === 'directory') return abs;
  }
  return cwd;
}

/**
 * The `.lint-k8s.yaml` that applies, as ESLint and hadolint users expect: looked for in the
 * scanned root, then in each directory above it up to the repository root (the directory
 * holding `.git`), so `lint-k8s k8s/` run at the root of the repository finds the root's file.
 * Outside a repository the search stops at the working directory when the scanned root is
 * inside it, else at the file system root.
 */
export function findConfigFile(cwd: string, paths: readonly string[]): string | undefined {
  const start = scannedRoot(cwd, paths);
  const stop = repositoryRoot(start) ?? (isInside(start, cwd) ? cwd : start);
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    if (kindOf(candidate) === 'file') return candidate;
    if (dir === stop || path.dirname(dir) === dir) return undefined;
  }
}

/** The nearest directory at or above `dir` holding `.git` (a directory, or a file in a worktree). */
function repositoryRoot(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    if (statIfAny(path.join(d, '.git')) !== undefined) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

function isInside(dir: string, ancestor: string): boolean {
  const rel = path.relative(ancestor, dir);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Reads `--config FILE`, or the `.lint-k8s.yaml` that `findConfigFile` finds.
 * Throws ConfigError with a one-line `file: key.path: problem` message.
 */
export function loadConfig(options: LoadConfigOptions): LintConfig {
  const root = scannedRoot(options.cwd, options.paths);
  const explicit = options.configFile !== undefined;
  const found = explicit ? path.resolve(options.cwd, options.configFile) : findConfigFile(options.cwd, options.paths);
  if (found === undefined) return defaultConfig(root);
  const file = found;
  const shown = path.relative(options.cwd, file).split(path.sep).join('/') || file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!explicit && code === 'ENOENT') return defaultConfig(root);
    throw new ConfigError(`${shown}: cannot read the configuration file (${code ?? String(error)})`);
  }
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    throw new ConfigError(`${shown}: YAML: ${error?.message.split('\n')[0] ?? 'cannot parse'}`);
  }
  const checked = validateConfig(doc.toJS({ maxAliasCount: 100 }), options.knownRules);
  if (!checked.ok) throw new ConfigError(`${shown}: ${checked.issue}`);
  // Paths in the file are relative to the directory the file is in.
  const base = path.dirname(file);
  const images: ImageMapping[] = [];
  for (const [key, target] of Object.entries(checked.value.images)) {
    const abs = path.resolve(base, target);
    const kind = kindOf(abs);
    if (kind === undefined) throw new ConfigError(`${shown}: images.${key}: ${target} does not exist`);
    const dockerfile = kind === 'directory' ? path.join(abs, 'Dockerfile') : abs;
    if (kind === 'directory' && kindOf(dockerfile) !== 'file') throw new ConfigError(`${shown}: images.${key}: ${target} has no Dockerfile`);
    const ref = parseImageRef(key);
    images.push({ repository: ref.ok ? ref.ref.repository : key, target, dockerfile });
  }
  const charts: ChartRelease[] = checked.value.charts.map((c, i) => {
    const dir = path.resolve(base, c.chart);
    if (kindOf(path.join(dir, 'Chart.yaml')) !== 'file')
      throw new ConfigError(`${shown}: charts.${i}.chart: ${c.chart} is not a chart directory (no Chart.yaml)`);
    const values = c.values.map((v, j) => {
      const abs = path.resolve(base, v);
      if (kindOf(abs) !== 'file') throw new ConfigError(`${shown}: charts.${i}.values.${j}: ${v} does not exist`);
      return abs;
    });
    return { dir, chart: c.chart, values, release: c.release, namespace: c.namespace };
  });
  return { ...checked.value, file, root: base, images, charts };
}
