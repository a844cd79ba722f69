#!/usr/bin/env node
// `--version` alone is answered before the linter (commander, yaml, dockerfile-ast, the rules)
// is loaded: pre-commit hooks and editors ask it often, and loading costs more than node itself.
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  const { toolVersion } = await import('./platform/version.js');
  process.stdout.write(`${toolVersion()}\n`);
} else {
  const { main } = await import('./main.js');
  process.exitCode = await main(argv);
}
