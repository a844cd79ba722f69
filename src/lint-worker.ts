import { parentPort, workerData } from 'node:worker_threads';
import { findRule } from '../rules/index.js';
import type { Rule } from './engine/rule.js';
import { lintShard, type ShardTask } from './lint-parallel.js';

/** A worker thread of a parallel run (`--jobs`): lints one shard and posts its result. */
const task = workerData as ShardTask;
const rules = task.ruleIds.map((id) => findRule(id)).filter((r): r is Rule => r !== undefined);
parentPort?.postMessage(await lintShard(rules, task));
