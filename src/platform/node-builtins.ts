import type * as ChildProcess from 'node:child_process';
import type * as Crypto from 'node:crypto';
import { createRequire } from 'node:module';
import type * as Os from 'node:os';
import type * as Tty from 'node:tty';
import type * as V8 from 'node:v8';
import { promisify } from 'node:util';
import type * as WorkerThreads from 'node:worker_threads';

/**
 * Node built-ins that only some runs need, loaded on first use. A one-file run (a pre-commit
 * hook, an editor) needs none of them, and loading them up front (their JavaScript is not in
 * Node's start-up snapshot) cost a one-file run a tenth of its time.
 */
const load = createRequire(import.meta.url);

/** Spawning git, helm and kustomize. */
export const childProcess = (): typeof ChildProcess => load('node:child_process') as typeof ChildProcess;
/** Worker threads of `--jobs`. */
export const workerThreads = (): typeof WorkerThreads => load('node:worker_threads') as typeof WorkerThreads;
/** Asking whether standard output is a terminal (it loads net and the streams: ≈ 5 ms). */
export const tty = (): typeof Tty => load('node:tty') as typeof Tty;
/** Setting a V8 flag before WebAssembly is compiled (node:v8 loads Node's streams: ≈ 2 ms). */
export const v8 = (): typeof V8 => load('node:v8') as typeof V8;
/** Counting the cores for `--jobs auto`. */
export const os = (): typeof Os => load('node:os') as typeof Os;
/** SARIF fingerprints. */
export const crypto = (): typeof Crypto => load('node:crypto') as typeof Crypto;

/** `execFile` with text output, as `promisify(execFile)` gives it (a failed run rejects with `code`, `stdout`, `stderr`). */
export function execFileText(file: string, args: readonly string[], options: ChildProcess.ExecFileOptions = {}): Promise<{ stdout: string; stderr: string }> {
  return promisify(childProcess().execFile)(file, args, { ...options, encoding: 'utf8' });
}
