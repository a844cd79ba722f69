import path from 'node:path';
import { execFileText } from '../platform/node-builtins.js';
import { statIfAny } from './source-file.js';

export interface FileMode {
  /** Permission bits, e.g. 0o755. */
  readonly mode: number;
  readonly isDirectory: boolean;
  /** `git`: the mode recorded in the git index (what a CI checkout reproduces); `fs`: the file system. */
  readonly from: 'git' | 'fs';
}

/**
 * File modes of build-context files. A tracked file's mode comes from the git index
 * (100755 / 100644), because that is what a CI checkout produces whatever the local
 * file system says; untracked files fall back to the file system.
 */
export class FileModes {
  private readonly repos = new Map<string, Promise<Map<string, number> | undefined>>();
  /** Directory -> its repository's top level: thousands of build-context files share a few. */
  private readonly topLevels = new Map<string, string | undefined>();

  /** Modes by path: one image is looked at from several angles (launch, PID 1 chain, probes, joins). */
  private readonly modes = new Map<string, Promise<FileMode | undefined>>();

  modeOf(absPath: string): Promise<FileMode | undefined> {
    let mode = this.modes.get(absPath);
    if (!mode) {
      mode = this.read(absPath);
      this.modes.set(absPath, mode);
    }
    return mode;
  }

  private async read(absPath: string): Promise<FileMode | undefined> {
    const info = statIfAny(absPath);
    if (!info) return undefined;
    if (info.isDirectory()) return { mode: info.mode & 0o7777, isDirectory: true, from: 'fs' };
    const index = await this.indexFor(path.dirname(absPath));
    const gitMode = index?.get(absPath);
    if (gitMode !== undefined) return { mode: gitMode, isDirectory: false, from: 'git' };
    return { mode: info.mode & 0o7777, isDirectory: false, from: 'fs' };
  }

  private async indexFor(dir: string): Promise<Map<string, number> | undefined> {
    const top = this.topLevel(dir);
    if (top === undefined) return undefined;
    let pending = this.repos.get(top);
    if (!pending) {
      pending = readGitIndex(top);
      this.repos.set(top, pending);
    }
    return pending;
  }

  /** The nearest ancestor holding a `.git` entry (found without running git). */
  private topLevel(dir: string): string | undefined {
    if (this.topLevels.has(dir)) return this.topLevels.get(dir);
    let top: string | undefined;
    if (statIfAny(path.join(dir, '.git'))) top = dir;
    else {
      const parent = path.dirname(dir);
      top = parent === dir ? undefined : this.topLevel(parent);
    }
    this.topLevels.set(dir, top);
    return top;
  }
}

/** `git ls-files --stage` of a repository; fsmonitor off so nothing of the repository runs. */
async function readGitIndex(top: string): Promise<Map<string, number> | undefined> {
  const args = ['-c', 'core.fsmonitor=false', '-c', 'safe.directory=*', '-C', top];
  try {
    const { stdout } = await execFileText('git', [...args, 'ls-files', '--stage', '-z', '--full-name', ':/'], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    const modes = new Map<string, number>();
    for (const record of stdout.split('\0')) {
      // "<mode> <object> <stage>\t<path>"
      const tab = record.indexOf('\t');
      if (tab < 0) continue;
      const mode = Number.parseInt(record.slice(0, 6), 8);
      modes.set(path.join(top, record.slice(tab + 1)), mode & 0o777);
    }
    return modes;
  } catch {
    return undefined;
  }
}
