import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';
import { checkPatched, commanderSpawnsLazily, yamlWithoutDebugOutput } from './esbuild-patches.js';
import { CODE_CACHE_FILE, CORE_FILE, WORKER_CODE_CACHE_FILE } from './load-core.js';

/**
 * `npm run build:bin` (run by `prepare`): bundles the package's bin into dist/bin as
 * CommonJS, which Node 20 loads much faster than ES modules, in three files: the bin
 * (`lint-k8s.cjs`: `--version` and the loader), the worker of `--jobs`, and the core they
 * share. Then it runs the bin once over the demo to write V8's code cache for the core.
 * Run from the package root after `tsc`.
 */
const out = path.resolve('dist', 'bin');
const require = createRequire(import.meta.url);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const PATCHES = [commanderSpawnsLazily, ...yamlWithoutDebugOutput];
const entries = { 'lint-k8s-core': 'dist/src/bin/core.js', 'lint-k8s': 'dist/src/bin/lint-k8s.js', 'lint-worker': 'dist/src/bin/lint-worker.js' };
await build({
  entryPoints: entries,
  outdir: out,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // CommonJS has no import.meta.url: every module that looks beside itself gets the bundle's own URL.
  inject: ['dist/src/bin/import-meta-url.js'],
  define: { 'import.meta.url': 'importMetaUrl' },
  // The core runs through vm.Script, which has no dynamic import: every import() becomes
  // require(), and web-tree-sitter is taken in its CommonJS build (its ES build shadows
  // `require` with a variable it assigns after an `await import('module')`).
  supported: { 'dynamic-import': false },
  alias: { 'web-tree-sitter': require.resolve('web-tree-sitter') },
  legalComments: 'none',
  logLevel: 'warning',
  plugins: PATCHES,
});
checkPatched(PATCHES);
// web-tree-sitter and the shell grammar look for their WebAssembly beside the bundle.
copyFileSync(require.resolve('web-tree-sitter/tree-sitter.wasm'), path.join(out, 'tree-sitter.wasm'));
copyFileSync(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'), path.join(out, 'tree-sitter-bash.wasm'));
const bin = path.join(out, 'lint-k8s.cjs');
if (!readFileSync(bin, 'utf8').startsWith('#!')) throw new Error('the bin lost its #! line');
chmodSync(bin, 0o755);
const core = readFileSync(path.join(out, CORE_FILE), 'utf8');
if (/\bimport\(/.test(core)) throw new Error(`${CORE_FILE} still has a dynamic import()`);
// src/bin/load-core.ts reads the core as Latin-1, which is only the same text for ASCII (esbuild escapes non-ASCII in strings, not in the comments it keeps).
const nonAscii = /[^\0-\x7f]/.exec(core);
if (nonAscii)
  throw new Error(
    `${CORE_FILE} has a non-ASCII character (${JSON.stringify(core.slice(Math.max(0, nonAscii.index - 40), nonAscii.index + 1))}): write it in ASCII in the source`,
  );

const trained = spawnSync(process.execPath, [bin, 'fixtures/demo', '--format', 'json', '--fail-on', 'none'], {
  env: { ...process.env, LINT_K8S_BUILD_CODE_CACHE: '1' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (trained.status !== 0 || !existsSync(path.join(out, CODE_CACHE_FILE)) || !existsSync(path.join(out, WORKER_CODE_CACHE_FILE)))
  throw new Error(`writing the code cache failed (exit ${trained.status})`);
process.stdout.write(`bundled the bin into ${path.relative(process.cwd(), out)}\n`);
