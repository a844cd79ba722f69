import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { configuredRules } from './config/apply.js';
import type { Finding } from './engine/finding.js';
import type { Rule } from './engine/rule.js';
import { RuleRun } from './engine/run.js';
import type { FileSuppressions } from './engine/suppress.js';
import type { ImageModel } from './model/image.js';
import { lintInputs, type LintInput, type ShardSettings } from './lint-shard.js';
import { workerThreads } from './node-builtins.js';

/**
 * Below this many inputs one thread is faster: a worker costs its own start-up (loading the
 * linter and the shell grammar, ~150 ms) before it lints anything.
 */
export const PARALLEL_MIN_INPUTS = 400;

/** Threads for a run: `--jobs N` as given; `auto` uses every core once the input is large. */
export function jobsFor(jobs: number | 'auto', inputCount: number): number {
  if (jobs !== 'auto') return Math.max(1, Math.floor(jobs));
  return inputCount < PARALLEL_MIN_INPUTS ? 1 : Math.max(1, Math.min(availableParallelism(), 8));
}

/** What a worker is given: its share of the inputs, and the rules by id (functions do not cross threads). */
export interface ShardTask extends ShardSettings {
  readonly ruleIds: readonly string[];
  readonly inputs: readonly LintInput[];
  readonly joinOnly: readonly LintInput[];
}

export interface ShardResult {
  readonly findings: Finding[];
  readonly suppressions: FileSuppressions[];
  readonly states: unknown[];
}

/**
 * The worker's script: beside the bundled bin (`dist/bin/lint-worker.cjs`), or the compiled
 * module beside this one. A bundle shipped without it (the GitHub Action) lints on one thread.
 */
function workerScript(): string | undefined {
  for (const name of ['lint-worker.cjs', 'lint-worker.js']) {
    const candidate = fileURLToPath(new URL(name, import.meta.url));
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Whether a run can be sharded: a worker thread to start, and rules it can rebuild by id whose
 * cross-file state can be merged (see `RuleVisitors.shardState`).
 */
export function canShard(rules: readonly Rule[], registry: (id: string) => Rule | undefined, main: RuleRun): boolean {
  return workerScript() !== undefined && rules.every((r) => registry(r.meta.id) === r) && main.shardable();
}

/**
 * Contiguous slices of the inputs, Dockerfiles and manifests each split evenly, so that shard
 * after shard is the order one thread would visit them in. Every shard also models the
 * Dockerfiles a build source names (when another shard lints them): joins need their images.
 */
export function shardInputs(inputs: readonly LintInput[], shards: number, sources: ShardSettings['sources']): { inputs: LintInput[]; joinOnly: LintInput[] }[] {
  const slices = (list: readonly LintInput[]): LintInput[][] =>
    Array.from({ length: shards }, (_, i) => list.slice(Math.floor((list.length * i) / shards), Math.floor((list.length * (i + 1)) / shards)));
  const dockerfiles = slices(inputs.filter((i) => i.file.kind === 'dockerfile'));
  const manifests = slices(inputs.filter((i) => i.file.kind === 'manifest'));
  const joined = new Set(sources.map((s) => s.dockerfile));
  return dockerfiles.map((own, i) => {
    const mine = new Set(own.map((d) => d.file.absPath));
    const joinOnly = inputs.filter((d) => d.file.kind === 'dockerfile' && joined.has(d.file.absPath) && !mine.has(d.file.absPath));
    return { inputs: [...own, ...(manifests[i] ?? [])], joinOnly };
  });
}

function runWorker(script: string, task: ShardTask): Promise<ShardResult> {
  return new Promise((resolve, reject) => {
    const worker = new (workerThreads().Worker)(script, { workerData: task });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`lint worker exited with ${code} before reporting`)));
  });
}

/** Lints one shard in this thread, exactly as a worker would. */
export async function lintShard(rules: readonly Rule[], task: ShardTask): Promise<ShardResult> {
  const images: ImageModel[] = [];
  const run = new RuleRun(configuredRules(rules, task.config), task.runtime, { images, config: task.config });
  await lintInputs(task.inputs, task.joinOnly, task, run, images);
  return run.shardResult();
}

/**
 * Lints the inputs in `jobs` shards: the first on this thread, the others on worker threads,
 * all at once. The results come back in shard order; `undefined` when a worker failed (the
 * caller then lints on one thread, so a failure costs time, never findings).
 */
export async function lintShards(
  rules: readonly Rule[],
  inputs: readonly LintInput[],
  settings: ShardSettings,
  jobs: number,
): Promise<ShardResult[] | undefined> {
  const script = workerScript();
  if (!script) return undefined;
  const ruleIds = rules.map((r) => r.meta.id);
  const tasks: ShardTask[] = shardInputs(inputs, jobs, settings.sources).map((shard) => ({ ...settings, ruleIds, ...shard }));
  const [first, ...others] = tasks;
  if (!first) return [];
  const running = others.map((task) => runWorker(script, task).catch(() => undefined));
  const results = [await lintShard(rules, first), ...(await Promise.all(running))];
  return results.every((r): r is ShardResult => r !== undefined) ? results : undefined;
}
