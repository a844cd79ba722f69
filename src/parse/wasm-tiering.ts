import v8 from 'node:v8';

let set = false;

/**
 * Keeps WebAssembly on V8's baseline compiler (Liftoff). tree-sitter-bash's lexer is one huge
 * function that V8 tiers up with TurboFan on a background thread, and Node waits for
 * background compile jobs before it exits: a one-Dockerfile run with a RUN line took 0.7 s
 * instead of 0.2 s. The tier-up also cost more CPU than it saved on 1,000 Dockerfiles, and
 * about 50 MB of memory (BENCHMARKS.md). V8 reads the flag at each compilation, so it is set
 * before the first one; it is part of the flags V8's code cache is checked against, so the
 * bin sets it before loading its core too (`src/bin/load-core.ts`).
 */
export function keepWasmOnBaselineCompiler(): void {
  if (set) return;
  v8.setFlagsFromString('--liftoff-only');
  set = true;
}
