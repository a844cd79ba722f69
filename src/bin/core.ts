/** The linter, bundled into `dist/bin/lint-k8s-core.cjs` and loaded by the bin and its workers through `loadCore`. */
export { main } from '../main.js';

export { runWorker } from '../lint/parallel.js';
