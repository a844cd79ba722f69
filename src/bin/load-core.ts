import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { keepWasmOnBaselineCompiler } from '../parse/wasm-tiering.js';

/** What the core bundle exports (`src/bin/core.ts`). */
export interface Core {
  main(argv: string[]): Promise<number>;
  runWorker(): Promise<void>;
}

export const CORE_FILE = 'lint-k8s-core.cjs';
/** V8's code cache for the core bundle, written by `npm run build:bin` after a run over the demo. */
export const CODE_CACHE_FILE = 'lint-k8s-core.cjs.v8-cache';

/**
 * Loads the core bundle with V8's code cache. Node 20 has no compile cache of its own
 * (module.enableCompileCache came in Node 22), and compiling the 1 MB bundle was most of
 * what a one-file run cost beyond `node -e 0`. V8 checks the cache against its version,
 * flags and the source; a cache it rejects (another Node version) only means a normal
 * compile. `writeCache` (the build) saves the cache at exit, when it also holds every
 * function the run compiled.
 */
export function loadCore(dir: string, writeCache = false): Core {
  const filename = path.join(dir, CORE_FILE);
  const cacheFile = path.join(dir, CODE_CACHE_FILE);
  keepWasmOnBaselineCompiler();
  const source = readFileSync(filename, 'utf8');
  let cachedData: Buffer | undefined;
  try {
    cachedData = writeCache ? undefined : readFileSync(cacheFile);
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
    process.stderr.write(`code cache: ${cachedData ? (script.cachedDataRejected ? 'rejected' : 'accepted') : 'none'}\n`);
  if (writeCache) process.once('exit', () => writeFileSync(cacheFile, script.createCachedData()));
  return module.exports;
}
