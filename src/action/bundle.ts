import { chmod, copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';
import { checkPatched, yamlWithoutDebugOutput } from '../bin/esbuild-patches.js';

/**
 * `npm run build:action`: bundles the GitHub Action into action/index.js (committed; CI
 * rebuilds it and fails on any difference) with the two WebAssembly files web-tree-sitter
 * loads beside it, since an action runs from its checkout without node_modules.
 */
const out = path.resolve(process.argv[2] ?? 'action');
const require = createRequire(import.meta.url);
await mkdir(out, { recursive: true });
await build({
  entryPoints: ['src/action/index.ts'],
  outfile: path.join(out, 'index.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  legalComments: 'none',
  logLevel: 'warning',
  plugins: yamlWithoutDebugOutput,
  // CommonJS packages inside an ES module bundle still call require() for Node built-ins.
  banner: { js: "import { createRequire as __lintK8sCreateRequire } from 'node:module';\nconst require = __lintK8sCreateRequire(import.meta.url);" },
});
checkPatched(yamlWithoutDebugOutput);
await copyFile(require.resolve('web-tree-sitter/tree-sitter.wasm'), path.join(out, 'tree-sitter.wasm'));
await copyFile(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'), path.join(out, 'tree-sitter-bash.wasm'));
for (const file of ['index.js', 'tree-sitter.wasm', 'tree-sitter-bash.wasm']) await chmod(path.join(out, file), 0o644);
process.stdout.write(`bundled the action into ${path.relative(process.cwd(), out) || '.'}\n`);
