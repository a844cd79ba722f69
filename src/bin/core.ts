import { findRule } from '../../rules/index.js';
import type { Rule } from '../engine/rule.js';
import { lintChunks, type ParallelTask, type WorkerMessage } from '../lint-parallel.js';
import { workerThreads } from '../node-builtins.js';

/** The linter, bundled into `dist/bin/lint-k8s-core.cjs` and loaded by the bin and its workers through `loadCore`. */
export { main } from '../main.js';

/** A worker thread of a parallel run (`--jobs`): lints chunks until none is left, posting each result, then says it is done. */
export async function runWorker(): Promise<void> {
  const threads = workerThreads();
  const task = threads.workerData as ParallelTask;
  const rules = task.ruleIds.map((id) => findRule(id)).filter((r): r is Rule => r !== undefined);
  const post = (message: WorkerMessage): void => threads.parentPort?.postMessage(message);
  await lintChunks(rules, task, (index, result) => post({ index, result }));
  post({ done: true });
}
