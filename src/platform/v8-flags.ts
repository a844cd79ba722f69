import { v8 } from './node-builtins.js';

/**
 * The V8 flags lint-k8s sets at run time, each when it starts to matter. Setting one loads
 * node:v8 (and with it Node's streams: ≈ 3 ms), which a one-file run without shell is spared.
 *
 * Flags are part of what V8 checks a code cache against, so they also decide which of the
 * bin's two caches fits (`src/bin/load-core.ts`): the main thread loads the core before any
 * flag is set, a worker after setting all of them (`forWorker`). The build's run that writes
 * the caches (LINT_K8S_BUILD_CODE_CACHE) leaves the flags alone until it writes the main
 * thread's cache, at exit.
 */
const set = new Set<string>();

function setFlag(flag: string, options: { readonly writingCodeCache?: boolean }): void {
  if (set.has(flag) || (process.env.LINT_K8S_BUILD_CODE_CACHE === '1' && !options.writingCodeCache)) return;
  v8().setFlagsFromString(flag);
  set.add(flag);
}

/**
 * Keeps WebAssembly on V8's baseline compiler (Liftoff). tree-sitter-bash's lexer is one huge
 * function that V8 tiers up with TurboFan on a background thread, and Node waits for
 * background compile jobs before it exits: a one-Dockerfile run with a RUN line took 0.7 s
 * instead of 0.2 s. The tier-up also cost more CPU than it saved on 1,000 Dockerfiles, and
 * about 50 MB of memory (BENCHMARKS.md). V8 reads the flag at each compilation, so it is set
 * before the first one (the shell parser's).
 */
export function keepWasmOnBaselineCompiler(options: { readonly writingCodeCache?: boolean } = {}): void {
  setFlag('--liftoff-only', options);
}

/**
 * Turns off V8's allocation-site pretenuring for a large run. When objects from one allocation
 * site survive young-generation collections for a while, V8 starts allocating that site's
 * objects in the old generation; in about half the runs over the bench corpus that happened to
 * short-lived parse objects, the old generation filled with garbage between full collections,
 * and peak RSS went from 160-180 MB to 250-290 MB (above 300 MB in earlier measurements).
 * Without it, six runs of six stayed at 160-169 MB, no slower (BENCHMARKS.md).
 */
export function keepShortLivedObjectsYoung(options: { readonly writingCodeCache?: boolean } = {}): void {
  setFlag('--no-allocation-site-pretenuring', options);
}

/** Inputs from which a run is large enough for keepShortLivedObjectsYoung. */
export const LARGE_RUN_INPUTS = 100;

/** Every flag a worker thread of `--jobs` loads the core with (its code cache is made with them). */
export function forWorker(options: { readonly writingCodeCache?: boolean } = {}): void {
  keepWasmOnBaselineCompiler(options);
  keepShortLivedObjectsYoung(options);
}
