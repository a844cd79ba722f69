import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
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

/** Directories never walked: version control metadata and package trees. */
const SKIPPED_DIRS = new Set(['.git', '.hg', '.svn', 'node_modules']);

export interface DiscoveryProblem {
  readonly displayPath: string;
  readonly message: string;
}

export interface Discovery {
  readonly files: SourceFile[];
  readonly problems: DiscoveryProblem[];
}

export function displayPathOf(absPath: string, cwd: string): string {
  const rel = path.relative(cwd, absPath);
  return (rel === '' ? '.' : rel).split(path.sep).join('/');
}

/**
 * Finds the Dockerfiles and manifests under the given paths. Directories are walked
 * honouring every `.gitignore` met on the way; symbolic links to directories are not
 * followed, links to files only when they stay inside the scanned root.
 */
export async function discover(
  inputs: readonly string[],
  cwd: string,
  ignoreConfig?: { readonly root: string; readonly patterns: readonly string[] },
): Promise<Discovery> {
  const files: SourceFile[] = [];
  const problems: DiscoveryProblem[] = [];
  const seen = new Set<string>();

  const add = (absPath: string, kind: InputKind, explicit: boolean): void => {
    if (seen.has(absPath)) return;
    seen.add(absPath);
    files.push({ absPath, displayPath: displayPathOf(absPath, cwd), kind, explicit });
  };

  for (const input of inputs) {
    const absPath = path.resolve(cwd, input);
    let info;
    try {
      info = await stat(absPath);
    } catch (error) {
      problems.push({ displayPath: displayPathOf(absPath, cwd), message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}` });
      continue;
    }
    if (info.isDirectory()) {
      const root = await realpath(absPath);
      // `ignore:` of .lint-k8s.yaml: .gitignore syntax relative to the config file's directory.
      const configScope = ignoreConfig && ignoreConfig.patterns.length > 0 ? [{ dir: ignoreConfig.root, rules: ignore().add([...ignoreConfig.patterns]) }] : [];
      await walk(absPath, root, configScope, add, problems, cwd);
    } else {
      // A file named explicitly is linted whatever its name; YAML is assumed for unknown names.
      add(absPath, classify(absPath) ?? 'manifest', true);
    }
  }
  files.sort((a, b) => (a.displayPath < b.displayPath ? -1 : a.displayPath > b.displayPath ? 1 : 0));
  return { files, problems };
}

interface IgnoreScope {
  readonly dir: string;
  readonly rules: Ignore;
}

async function loadGitignore(dir: string): Promise<IgnoreScope | undefined> {
  try {
    const text = await readFile(path.join(dir, '.gitignore'), 'utf8');
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

async function walk(
  dir: string,
  root: string,
  parentScopes: readonly IgnoreScope[],
  add: (absPath: string, kind: InputKind, explicit: boolean) => void,
  problems: DiscoveryProblem[],
  cwd: string,
): Promise<void> {
  const own = await loadGitignore(dir);
  const scopes = own ? [...parentScopes, own] : parentScopes;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    problems.push({ displayPath: displayPathOf(dir, cwd), message: `cannot read directory: ${(error as NodeJS.ErrnoException).code ?? String(error)}` });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const absPath = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (SKIPPED_DIRS.has(entry.name) || ignored(scopes, absPath, true)) continue;
      await walk(absPath, root, scopes, add, problems, cwd);
      continue;
    }
    const kind = classify(entry.name);
    if (kind === undefined || ignored(scopes, absPath, false)) continue;
    if (entry.isSymbolicLink()) {
      const target = await realpath(absPath).catch(() => undefined);
      if (target === undefined) continue; // dangling link: nothing to lint
      const inside = target === root || target.startsWith(root + path.sep);
      const targetInfo = await lstat(target).catch(() => undefined);
      if (!inside || !targetInfo?.isFile()) continue;
    } else if (!entry.isFile()) {
      continue;
    }
    add(absPath, kind, false);
  }
}
