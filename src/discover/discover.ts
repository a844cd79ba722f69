import { lstatSync, readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { InputKind, SourceFile } from './source-file.js';

/** Names that are Dockerfiles (the names docker, buildah and hadolint recognise). */
export function dockerfileName(base: string): boolean {
  return (
    base === 'Dockerfile' ||
    base === 'Containerfile' ||
    base.startsWith('Dockerfile.') ||
    base.startsWith('Containerfile.') ||
    base.endsWith('.Dockerfile') ||
    base.endsWith('.dockerfile')
  );
}

export function classify(filePath: string): InputKind | undefined {
  const base = path.basename(filePath);
  if (dockerfileName(base)) return 'dockerfile';
  const ext = path.extname(base).toLowerCase();
  if (ext === '.yaml' || ext === '.yml' || ext === '.json') return 'manifest';
  return undefined;
}

/**
 * Files a walk passes over although they end in .json or .yaml: package managers' manifests
 * and lock files, compiler and tool settings, all with schemas of their own that are never
 * Kubernetes objects (lock files run to megabytes, and every service directory of a monorepo
 * has a package.json). Named on the command line, they are still read.
 */
const NOT_KUBERNETES = new Set([
  'package.json',
  'package-lock.json',
  'npm-shrinkwrap.json',
  'pnpm-lock.yaml',
  'composer.json',
  'tsconfig.json',
  'jsconfig.json',
  'deno.json',
  'lerna.json',
  'nx.json',
  'turbo.json',
  'renovate.json',
  '.eslintrc.json',
  '.prettierrc.json',
  '.babelrc.json',
  '.pre-commit-config.yaml',
  '.pre-commit-hooks.yaml',
]);

/** Directories never walked: version control metadata and package trees. */
const SKIPPED_DIRS = new Set(['.git', '.hg', '.svn', 'node_modules']);

export interface DiscoveryProblem {
  readonly displayPath: string;
  readonly message: string;
  /** A link not followed is worth a note, not an error. */
  readonly severity?: 'info';
}

export interface Discovery {
  readonly files: SourceFile[];
  readonly problems: DiscoveryProblem[];
}

/** What a file met while walking a directory is read as: `classify`, less the files above. */
export function walkedKind(name: string): InputKind | undefined {
  return NOT_KUBERNETES.has(name) ? undefined : classify(name);
}

export function displayPathOf(absPath: string, cwd: string): string {
  const rel = path.relative(cwd, absPath);
  return (rel === '' ? '.' : rel).split(path.sep).join('/');
}

/** A path given to lint that does not exist, or a glob that matches nothing: a usage error (exit 2), not a finding. */
export class MissingPathError extends Error {
  override readonly name = 'MissingPathError';
}

/** Patterns that leave files out: `.gitignore` syntax relative to `root` (the config's `ignore:`, `--exclude` relative to the working directory). */
export interface IgnorePatterns {
  readonly root: string;
  readonly patterns: readonly string[];
}

/** Characters that make an argument a glob: the shell did not expand it (quoted, or given by the Action's `paths`). */
const GLOB_CHARS = /[*?[]/;

export function isGlob(input: string): boolean {
  return GLOB_CHARS.test(input);
}

/**
 * A glob as gitignore syntax anchored at its base directory (the segments before the first
 * one with a glob character): `k8s/*.yaml` → base `k8s`, pattern `/*.yaml`. `**` spans
 * directories as in the shell's globstar; a matched directory is walked.
 */
function splitGlob(input: string): { base: string; pattern: string } {
  const segments = input.split(/[\\/]/);
  const first = segments.findIndex((s) => isGlob(s));
  const base = segments.slice(0, first).join('/');
  return { base: base === '' ? (input.startsWith('/') ? '/' : '.') : base, pattern: `/${segments.slice(first).join('/')}` };
}

/**
 * Finds the Dockerfiles and manifests under the given paths. Directories are walked
 * honouring every `.gitignore` met on the way; symbolic links to directories are not
 * followed, links to files only when they stay inside the scanned root. A path that does
 * not exist is a MissingPathError; a glob (`'k8s/*.yaml'`, `'**\/Dockerfile'`) is expanded
 * by walking its base directory. Files left out by `ignore` (the config's `ignore:`,
 * `--exclude`) are left out whether walked or named.
 *
 * File system calls are synchronous on purpose: a walk is thousands of tiny calls made one
 * after another, and each promise round trip through libuv's thread pool cost more than the
 * call itself (the bench measured half the run idle).
 */
export function discover(inputs: readonly string[], cwd: string, ignoreConfig?: IgnorePatterns | readonly IgnorePatterns[]): Promise<Discovery> {
  return Promise.resolve(discoverSync(inputs, cwd, ignoreConfig));
}

export function discoverSync(inputs: readonly string[], cwd: string, ignoreConfig?: IgnorePatterns | readonly IgnorePatterns[]): Discovery {
  const files: SourceFile[] = [];
  const problems: DiscoveryProblem[] = [];
  const seen = new Set<string>();
  const ignores: readonly IgnorePatterns[] = ignoreConfig === undefined ? [] : 'root' in ignoreConfig ? [ignoreConfig] : ignoreConfig;
  const configScopes: IgnoreScope[] = ignores.filter((i) => i.patterns.length > 0).map((i) => ({ dir: i.root, rules: ignore().add([...i.patterns]) }));

  const add = (absPath: string, kind: InputKind, explicit: boolean): void => {
    if (seen.has(absPath)) return;
    seen.add(absPath);
    files.push({ absPath, displayPath: displayPathOf(absPath, cwd), kind, explicit });
  };

  for (const input of inputs) {
    const absPath = path.resolve(cwd, input);
    let info;
    try {
      info = statSync(absPath);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (isGlob(input) && (code === 'ENOENT' || code === 'ENOTDIR')) {
        if (!expandGlob(input, cwd, configScopes, add, problems)) throw new MissingPathError(`no file matches ${input}`);
        continue;
      }
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new MissingPathError(`${input}: no such file or directory`);
      problems.push({ displayPath: displayPathOf(absPath, cwd), message: `cannot read: ${code ?? String(error)}` });
      continue;
    }
    if (info.isDirectory()) {
      walk(absPath, realpathSync(absPath), configScopes, add, problems, cwd);
    } else if (!ignored(configScopes, absPath, false)) {
      // A file named explicitly is linted whatever its name (YAML is assumed for unknown names), unless the config's `ignore:` or `--exclude` leaves it out:
      // a pre-commit hook names every staged file.
      add(absPath, classify(absPath) ?? 'manifest', true);
    }
  }
  files.sort((a, b) => (a.displayPath < b.displayPath ? -1 : a.displayPath > b.displayPath ? 1 : 0));
  return { files, problems };
}

/** Walks a glob's base directory and adds what the glob matches (directories matched are walked whole); whether anything matched. */
function expandGlob(
  input: string,
  cwd: string,
  scopes: readonly IgnoreScope[],
  add: (absPath: string, kind: InputKind, explicit: boolean) => void,
  problems: DiscoveryProblem[],
): boolean {
  const { base, pattern } = splitGlob(input);
  const baseDir = path.resolve(cwd, base);
  if (statIfDirectory(baseDir) === undefined) return false;
  const matcher = ignore().add(pattern);
  let matched = false;
  const addMatched = (absPath: string, kind: InputKind, explicit: boolean): void => {
    if (!matcher.ignores(path.relative(baseDir, absPath).split(path.sep).join('/'))) return;
    matched = true;
    add(absPath, kind, explicit);
  };
  walk(baseDir, realpathSync(baseDir), scopes, addMatched, problems, cwd);
  return matched;
}

function statIfDirectory(p: string): true | undefined {
  return tryFs(() => statSync(p).isDirectory()) === true ? true : undefined;
}

interface IgnoreScope {
  readonly dir: string;
  readonly rules: Ignore;
}

function loadGitignore(dir: string, names: ReadonlySet<string>): IgnoreScope | undefined {
  if (!names.has('.gitignore')) return undefined;
  try {
    const text = readFileSync(path.join(dir, '.gitignore'), 'utf8');
    return { dir, rules: ignore().add(text) };
  } catch {
    return undefined;
  }
}

function ignored(scopes: readonly IgnoreScope[], absPath: string, isDir: boolean): boolean {
  for (const scope of scopes) {
    const rel = path.relative(scope.dir, absPath).split(path.sep).join('/');
    if (rel === '' || rel.startsWith('..')) continue;
    if (scope.rules.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}

function walk(
  dir: string,
  root: string,
  parentScopes: readonly IgnoreScope[],
  add: (absPath: string, kind: InputKind, explicit: boolean) => void,
  problems: DiscoveryProblem[],
  cwd: string,
): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    problems.push({ displayPath: displayPathOf(dir, cwd), message: `cannot read directory: ${(error as NodeJS.ErrnoException).code ?? String(error)}` });
    return;
  }
  const own = loadGitignore(dir, new Set(entries.map((e) => e.name)));
  const scopes = own ? [...parentScopes, own] : parentScopes;
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const absPath = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (SKIPPED_DIRS.has(entry.name) || ignored(scopes, absPath, true)) continue;
      walk(absPath, root, scopes, add, problems, cwd);
      continue;
    }
    const kind = walkedKind(entry.name);
    if (entry.isSymbolicLink()) {
      if (ignored(scopes, absPath, false)) continue;
      // Links are where a walk loops or leaves the tree it was given; one not followed is
      // reported, so nothing the user pointed at disappears silently.
      const skipped = (why: string): void => {
        problems.push({ displayPath: displayPathOf(absPath, cwd), message: `symbolic link not followed: ${why}`, severity: 'info' });
      };
      const target = tryFs(() => realpathSync(absPath));
      const targetInfo = target === undefined ? undefined : tryFs(() => lstatSync(target));
      if (target === undefined || targetInfo === undefined) {
        if (kind !== undefined) skipped(`its target cannot be resolved (${linkError(absPath)})`);
        continue;
      }
      const inside = target === root || target.startsWith(root + path.sep);
      if (targetInfo.isDirectory()) {
        skipped(
          inside
            ? 'it points to a directory inside the scanned tree (a loop or a second path to the same files)'
            : 'it points to a directory outside the scanned tree',
        );
        continue;
      }
      if (kind === undefined) continue;
      if (!inside) {
        skipped('it points outside the scanned tree');
        continue;
      }
      if (!targetInfo.isFile()) continue;
    } else if (kind === undefined || !entry.isFile() || ignored(scopes, absPath, false)) {
      continue;
    }
    add(absPath, kind, false);
  }
}

function tryFs<T>(call: () => T): T | undefined {
  try {
    return call();
  } catch {
    return undefined;
  }
}

function linkError(absPath: string): string {
  try {
    realpathSync(absPath);
    return 'unknown';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? String(error);
  }
}
