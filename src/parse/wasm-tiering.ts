import { v8 } from '../node-builtins.js';

let set = false;

/**
 * Keeps WebAssembly on V8's baseline compiler (Liftoff). tree-sitter-bash's lexer is one huge
 * function that V8 tiers up with TurboFan on a background thread, and Node waits for
 * background compile jobs before it exits: a one-Dockerfile run with a RUN line took 0.7 s
 * instead of 0.2 s. The tier-up also cost more CPU than it saved on 1,000 Dockerfiles, and
 * about 50 MB of memory (BENCHMARKS.md). V8 reads the flag at each compilation, so it is set
 * before the first one (the shell parser's).
 *
 * Flags are part of what V8 checks a code cache against, which is why the bin's core has two
 * caches (`src/bin/load-core.ts`). The build's run that writes them (LINT_K8S_BUILD_CODE_CACHE)
 * leaves the flags alone until it writes the cache for V8's default flags, at exit.
 */
export function keepWasmOnBaselineCompiler(options: { readonly writingCodeCache?: boolean } = {}): void {
  if (set || (process.env.LINT_K8S_BUILD_CODE_CACHE === '1' && !options.writingCodeCache)) return;
  v8().setFlagsFromString('--liftoff-only');
  set = true;
}
