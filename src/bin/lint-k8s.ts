#!/usr/bin/env node
import { toolVersion } from '../platform/version.js';
import { loadCore } from './load-core.js';

/**
 * The package's bin (bundled into `dist/bin/lint-k8s.cjs`). `--version` alone is answered
 * before the linter is loaded: pre-commit hooks and editors ask it often. Everything else
 * loads the core bundle with its code cache.
 */
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  process.stdout.write(`${toolVersion()}\n`);
} else {
  void loadCore(__dirname, { writeCache: process.env.LINT_K8S_BUILD_CODE_CACHE === '1' })
    .main(argv)
    .then((code) => {
      process.exitCode = code;
    });
}
