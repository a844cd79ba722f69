import { findRule } from '../../rules/index.js';
import type { Rule } from '../engine/rule.js';
import { lintShard, type ShardTask } from '../lint-parallel.js';
import { workerThreads } from '../node-builtins.js';

/** The linter, bundled into `dist/bin/lint-k8s-core.cjs` and loaded by the bin and its workers through `loadCore`. */
export { main } from '../main.js';

/** A worker thread of a parallel run (`--jobs`): lints the shard it was given and posts the result. */
export async function runWorker(): Promise<void> {
  const threads = workerThreads();
  const task = threads.workerData as ShardTask;
  const rules = task.ruleIds.map((id) => findRule(id)).filter((r): r is Rule => r !== undefined);
  threads.parentPort?.postMessage(await lintShard(rules, task));
}
