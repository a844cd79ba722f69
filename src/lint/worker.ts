import { runWorker } from './parallel.js';

/** A worker thread of a parallel run (`--jobs`) from the tsc build; the bundled bin uses `dist/bin/lint-worker.cjs`. */
await runWorker();
