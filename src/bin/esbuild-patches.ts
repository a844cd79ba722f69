import { readFileSync } from 'node:fs';
import type { Plugin } from 'esbuild';

/**
 * Source changes the bundles (the bin's, `src/bin/bundle.ts`, and the GitHub Action's,
 * `src/action/bundle.ts`) make to their dependencies. Each names the exact text it replaces,
 * and the build fails when the dependency no longer has it.
 */
const applied = new Set<string>();

function patch(name: string, file: RegExp, replacements: readonly (readonly [string, string])[]): Plugin {
  return {
    name,
    setup(build) {
      build.onLoad({ filter: file }, (args) => {
        let source = readFileSync(args.path, 'utf8');
        for (const [from, to] of replacements) {
          if (!source.includes(from)) throw new Error(`${args.path}: ${JSON.stringify(from)} is gone; update the ${name} patch in src/bin/esbuild-patches.ts`);
          source = source.split(from).join(to);
        }
        applied.add(name);
        return { contents: source, loader: 'js' };
      });
    },
  };
}

/**
 * commander loads child_process (and with it net, dgram and the streams) at start-up, for
 * subcommands run as separate programs, which lint-k8s has none of: about 3 ms of every run.
 * Its one use is deferred to the moment it is called.
 */
export const commanderSpawnsLazily = patch('commander-spawns-lazily', /[\\/]commander[\\/]lib[\\/]command\.js$/, [
  ["const childProcess = require('node:child_process');", "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };"],
]);

/**
 * yaml reads `process.env.LOG_TOKENS` for every token its parser meets and
 * `process.env.LOG_STREAM` for every token its composer meets, to print them for its own
 * debugging. Each read is a call into the C++ environment (≈ 0.1 µs): a quarter of the time
 * lint-k8s spent on 10,000 manifests (BENCHMARKS.md). And a user whose environment has either
 * set got yaml's tokens mixed into the report on standard output.
 */
export const yamlWithoutDebugOutput = [
  patch('yaml-parser-without-debug-output', /[\\/]yaml[\\/]dist[\\/]parse[\\/]parser\.js$/, [['if (node_process.env.LOG_TOKENS)', 'if (false)']]),
  patch('yaml-composer-without-debug-output', /[\\/]yaml[\\/]dist[\\/]compose[\\/]composer\.js$/, [['if (node_process.env.LOG_STREAM)', 'if (false)']]),
];

/** After a build: every patch found its file (a dependency that moved a file would otherwise be bundled unpatched, silently). */
export function checkPatched(plugins: readonly Plugin[]): void {
  const missed = plugins.filter((p) => !applied.has(p.name)).map((p) => p.name);
  if (missed.length > 0) throw new Error(`these patches found no file to change: ${missed.join(', ')}; update src/bin/esbuild-patches.ts`);
}
