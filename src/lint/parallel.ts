import { existsSync } from 'node:fs';
import { findRule } from '../../rules/index.js';
import { fileURLToPath } from 'node:url';
import { configuredRules } from '../engine/configured.js';
import type { Finding } from '../engine/finding.js';
import type { Rule } from '../engine/rule.js';
import { RuleRun } from '../engine/run.js';
import type { FileSuppressions } from '../engine/suppress.js';
import type { ImageModel } from '../model/image.js';
import { lintInputs, newThreadCaches, type LintInput, type ShardSettings } from './shard.js';
import { os, workerThreads } from '../platform/node-builtins.js';

/**
 * Below this many inputs one thread is faster: a worker repeats the start-up (the shell
 * grammar, JIT warm-up: 0.3–0.4 s of CPU) before it lints anything. Measured (BENCHMARKS.md):
 * 1,000 Dockerfiles or 1,200 mixed files took longer on two threads than on one; the
 * 12,000-file corpus was 1.28–1.46× faster.
 */
export const PARALLEL_MIN_INPUTS = 2000;

/** Threads for a run: `--jobs N` as given; `auto` uses every core once the input is large. */
export function jobsFor(jobs: number | 'auto', inputCount: number): number {
  if (jobs !== 'auto') return Math.max(1, Math.floor(jobs));
  return inputCount < PARALLEL_MIN_INPUTS ? 1 : Math.max(1, Math.min(os().availableParallelism(), 8));
}

/**
 * What every thread of a parallel run is given: the settings, the rules by id (functions do
 * not cross threads), every chunk, and the shared counter the threads take chunks by.
 */
export interface ParallelTask extends ShardSettings {
  readonly ruleIds: readonly string[];
  readonly chunks: readonly Chunk[];
  /** One Int32 on a SharedArrayBuffer: the index of the next chunk to take. */
  readonly next: Int32Array;
}

/** A contiguous run of inputs, and the Dockerfiles its workloads may be joined to that other chunks lint. */
export interface Chunk {
  readonly inputs: readonly LintInput[];
  readonly joinOnly: readonly LintInput[];
}

export interface ShardResult {
  readonly findings: Finding[];
  readonly suppressions: FileSuppressions[];
  readonly states: unknown[];
}

/** What a worker posts: a chunk's result, or that there is no chunk left. */
export type WorkerMessage = { readonly index: number; readonly result: ShardResult } | { readonly done: true };

/**
 * The worker's script: beside the bundled bin (`dist/bin/lint-worker.cjs`), or the compiled
 * module beside this one (src/lint/worker.ts). A bundle shipped without it (the GitHub Action) lints on one thread.
 */
function workerScript(): string | undefined {
  for (const name of ['lint-worker.cjs', 'worker.js']) {
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
 * Chunks per thread. Threads take chunks one after another until none is left, so a thread
 * that started late (a worker loads the linter first) or drew slow files takes fewer: with
 * one fixed share per thread, the main thread, which also discovered the files, finished last.
 */
const CHUNKS_PER_THREAD = 8;

/**
 * Contiguous chunks of the inputs: the Dockerfiles, then the manifests, each cut into even
 * pieces, so chunk after chunk is the order one thread visits them in. A chunk of manifests
 * also models the Dockerfiles a build source names: its workloads are joined to their images.
 */
export function chunkInputs(inputs: readonly LintInput[], threads: number, sources: ShardSettings['sources']): Chunk[] {
  const pieces = threads * CHUNKS_PER_THREAD;
  const cut = (list: readonly LintInput[]): LintInput[][] => {
    const n = Math.min(pieces, list.length);
    return Array.from({ length: n }, (_, i) => list.slice(Math.floor((list.length * i) / n), Math.floor((list.length * (i + 1)) / n)));
  };
  const joined = new Set(sources.map((s) => s.dockerfile));
  const joinOnly = inputs.filter((d) => d.file.kind === 'dockerfile' && joined.has(d.file.absPath));
  return [
    ...cut(inputs.filter((i) => i.file.kind === 'dockerfile')).map((own) => ({ inputs: own, joinOnly: [] })),
    ...cut(inputs.filter((i) => i.file.kind === 'manifest')).map((own) => ({ inputs: own, joinOnly })),
  ];
}

/**
 * One thread's part of a parallel run: takes the next chunk until none is left. The image
 * file system (git index modes, .dockerignore files) and the images modelled for joins are
 * kept from chunk to chunk.
 */
export async function lintChunks(rules: readonly Rule[], task: ParallelTask, onResult: (index: number, result: ShardResult) => void): Promise<void> {
  const thread = newThreadCaches();
  for (;;) {
    const index = Atomics.add(task.next, 0, 1);
    const chunk = task.chunks[index];
    if (!chunk) return;
    const images: ImageModel[] = [];
    const run = new RuleRun(configuredRules(rules, task.config), task.runtime, { images, config: task.config });
    await lintInputs(chunk.inputs, chunk.joinOnly, task, run, images, thread);
    onResult(index, run.shardResult());
  }
}

function startWorker(script: string, task: ParallelTask, results: (ShardResult | undefined)[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new (workerThreads().Worker)(script, { workerData: task });
    worker.on('message', (message: WorkerMessage) => {
      if ('done' in message) resolve();
      else results[message.index] = message.result;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`lint worker exited with ${code} before it was done`)));
  });
}

/**
 * Lints the inputs on `jobs` threads, this one and `jobs - 1` workers, all taking chunks from
 * one counter. Results come back in chunk order, which is input order; `undefined` when a
 * worker failed (the caller then lints on one thread, so a failure costs time, never findings).
 */
export async function lintShards(
  rules: readonly Rule[],
  inputs: readonly LintInput[],
  settings: ShardSettings,
  jobs: number,
): Promise<ShardResult[] | undefined> {
  const script = workerScript();
  if (!script) return undefined;
  const task: ParallelTask = {
    ...settings,
    ruleIds: rules.map((r) => r.meta.id),
    chunks: chunkInputs(inputs, jobs, settings.sources),
    next: new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)),
  };
  const results: (ShardResult | undefined)[] = new Array<ShardResult | undefined>(task.chunks.length).fill(undefined);
  const workers = Array.from({ length: jobs - 1 }, () =>
    startWorker(script, task, results).then(
      () => true,
      () => false,
    ),
  );
  await lintChunks(rules, task, (index, result) => {
    results[index] = result;
  });
  const finished = await Promise.all(workers);
  return finished.every(Boolean) && results.every((r) => r !== undefined) ? results : undefined;
}

/** A worker thread of a parallel run (`--jobs`): lints chunks until none is left, posting each result, then says it is done. */
export async function runWorker(): Promise<void> {
  const threads = workerThreads();
  const task = threads.workerData as ParallelTask;
  const rules = task.ruleIds.map((id) => findRule(id)).filter((r): r is Rule => r !== undefined);
  const post = (message: WorkerMessage): void => threads.parentPort?.postMessage(message);
  await lintChunks(rules, task, (index, result) => post({ index, result }));
  post({ done: true });
}
