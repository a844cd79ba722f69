import { loadCore } from './load-core.js';

/** A worker thread of a parallel run of the bundled bin (`dist/bin/lint-worker.cjs`). */
void loadCore(__dirname, { worker: true }).runWorker();
