import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { dockerfileName } from '../discover/discover.js';
import { execFileText } from '../platform/node-builtins.js';


/** What changed in the pull request (or push), as paths relative to the working directory. */
export type ChangedFiles = { readonly ok: true; readonly base: string; readonly files: ReadonlySet<string> } | { readonly ok: false; readonly problem: string };

interface GithubEvent {
  readonly pull_request?: { readonly base?: { readonly sha?: string } };
  readonly before?: string;
}

/** The commit to compare with: the pull request's base, the commit before a push, or the base branch. */
async function baseCommit(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (env.GITHUB_EVENT_PATH) {
    try {
      const event = JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8')) as GithubEvent;
      const sha = event.pull_request?.base?.sha ?? event.before;
      // A push that creates a branch has no previous commit: `before` is all zeros.
      if (sha && !/^0+$/.test(sha)) return sha;
    } catch {
      // no readable event payload: fall back to the base branch name
    }
  }
  return env.GITHUB_BASE_REF ? `origin/${env.GITHUB_BASE_REF}` : undefined;
}

export async function changedFiles(env: NodeJS.ProcessEnv, cwd: string): Promise<ChangedFiles> {
  const base = await baseCommit(env);
  if (!base) return { ok: false, problem: 'changed-only: no pull request base or previous commit in the event' };
  try {
    // `base...HEAD` diffs from the merge base, as a pull request's "Files changed" does; fsmonitor
    // off so nothing configured in the repository runs.
    const { stdout } = await execFileText('git', ['-c', 'core.fsmonitor=false', 'diff', '--name-only', '-z', '--relative', `${base}...HEAD`], {
      cwd,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    return { ok: true, base, files: new Set(stdout.split('\0').filter((f) => f !== '')) };
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr?.trim().split('\n')[0] ?? String(error);
    return { ok: false, problem: `changed-only: cannot diff against ${base} (${detail}); check out with fetch-depth: 0` };
  }
}

/**
 * Whether a finding concerns the change: it is in a changed file, points at one (related
 * locations: the Dockerfile a workload runs), or is in a Dockerfile whose build context
 * (its directory) holds a changed file — a changed entrypoint script re-checks its image.
 */
export function touchesChange(file: string, related: readonly string[], changed: ReadonlySet<string>): boolean {
  if (changed.has(file) || related.some((r) => changed.has(r))) return true;
  if (!dockerfileName(path.posix.basename(file))) return false;
  const context = path.posix.dirname(file);
  const prefix = context === '.' ? '' : `${context}/`;
  for (const f of changed) if (f.startsWith(prefix)) return true;
  return false;
}
