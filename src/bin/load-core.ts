import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { forWorker } from '../platform/v8-flags.js';

/** What the core bundle exports (`src/bin/core.ts`). */
export interface Core {
  main(argv: string[]): Promise<number>;
  runWorker(): Promise<void>;
}

export const CORE_FILE = 'lint-k8s-core.cjs';
/** V8's code cache for the core bundle as the bin's main thread loads it: V8's default flags. */
export const CODE_CACHE_FILE = 'lint-k8s-core.cjs.v8-cache';
/** The same for the worker threads of `--jobs`, which load it with the flags of `forWorker` set (`src/platform/v8-flags.ts`). */
export const WORKER_CODE_CACHE_FILE = 'lint-k8s-core.cjs.worker.v8-cache';

/**
 * Loads the core bundle with V8's code cache. Node 20 has no compile cache of its own
 * (module.enableCompileCache came in Node 22), and compiling the 1 MB bundle was most of
 * what a one-file run cost beyond `node -e 0`. V8 checks a cache against its version, every
 * flag set and the source; a cache it rejects (another Node version) only means a normal
 * compile.
 *
 * The main thread loads the core with no flag set: each V8 flag is set when it starts to
 * matter (`src/platform/v8-flags.ts`; loading node:v8 for them costs a one-file run ≈ 4 ms). A worker
 * sets them all before loading, since the main thread may or may not have set them by then,
 * and has its own cache, made with them. Both are written by one run at build time
 * (`writeCache`), at exit, when the core holds every function the run compiled: first the
 * main thread's, then, with the flags set, the workers'.
 */
export function loadCore(dir: string, options: { readonly worker?: boolean; readonly writeCache?: boolean } = {}): Core {
  const filename = path.join(dir, CORE_FILE);
  if (options.worker) forWorker();
  const cacheFile = path.join(dir, options.worker ? WORKER_CODE_CACHE_FILE : CODE_CACHE_FILE);
  // The build keeps the core pure ASCII (src/bin/bundle.ts), and Latin-1 is read without UTF-8's decoding pass.
  const source = readFileSync(filename, 'latin1');
  let cachedData: Buffer | undefined;
  try {
    cachedData = options.writeCache ? undefined : readFileSync(cacheFile);
  } catch {
    cachedData = undefined; // no cache: compile
  }
  // The CommonJS wrapper Node itself puts around a module, on the source's first line so line numbers stay true.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename, cachedData });
  const module = { exports: {} as Core };
  (script.runInThisContext() as (e: object, r: NodeJS.Require, m: object, f: string, d: string) => void)(
    module.exports,
    createRequire(filename),
    module,
    filename,
    dir,
  );
  if (process.env.LINT_K8S_DEBUG_CODE_CACHE === '1')
    process.stderr.write(`code cache${options.worker ? ' (worker)' : ''}: ${cachedData ? (script.cachedDataRejected ? 'rejected' : 'accepted') : 'none'}\n`);
  if (options.writeCache)
    process.once('exit', () => {
      writeFileSync(path.join(dir, CODE_CACHE_FILE), script.createCachedData());
      forWorker({ writingCodeCache: true });
      writeFileSync(path.join(dir, WORKER_CODE_CACHE_FILE), script.createCachedData());
    });
  return module.exports;
}
