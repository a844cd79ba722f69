import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RULES } from '../rules/index.js';
import type { Finding } from '../src/engine/finding.js';
import type { RuntimeName } from '../src/knowledge/types.js';
import { lint } from '../src/lint/lint.js';

/** The repository root (tests run from dist/test/). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = path.join(REPO_ROOT, 'dist', 'src', 'cli.js');

const scratchDirs: string[] = [];
process.once('exit', () => scratchDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A new directory in the temp directory, removed when the test file's process exits. */
export function scratchDir(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `lint-k8s-${name}-`));
  scratchDirs.push(dir);
  return dir;
}

export function fixture(...parts: string[]): string {
  return path.posix.join('fixtures', ...parts);
}

/** What a user reads off a finding: rule, file, line, severity and predicted exit code. */
export interface Brief {
  readonly rule: string;
  readonly file: string;
  readonly line: number;
  readonly severity?: Finding['severity'];
  readonly exitCode: number | null;
  readonly reason?: string | null;
}

export async function lintFixture(paths: string | string[], runtime: RuntimeName = 'containerd'): Promise<Finding[]> {
  const { findings } = await lint(Array.isArray(paths) ? paths : [paths], { cwd: REPO_ROOT, runtime, rules: RULES });
  return findings;
}

export function brief(findings: readonly Finding[], keys: readonly (keyof Brief)[] = ['rule', 'file', 'line', 'exitCode']): Partial<Brief>[] {
  return findings.map((f) => {
    const full: Brief = { rule: f.ruleId, file: f.file, line: f.line, severity: f.severity, exitCode: f.exitCode, reason: f.reason };
    return Object.fromEntries(keys.map((k) => [k, full[k]]));
  });
}
