import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

/**
 * Runs one other Dockerfile linter in-process over a list of Dockerfiles (its library API,
 * the same code its CLI calls), so process start-up does not dominate the comparison.
 * Usage: competitors.js <dockerfilelint|dockerfile-utils> <list-file>
 */
const require = createRequire(import.meta.url);
const [tool, listFile] = process.argv.slice(2);
const files = (await readFile(listFile as string, 'utf8')).split('\n').filter(Boolean);
let problems = 0;
const started = performance.now();
if (tool === 'dockerfilelint') {
  const linter = require('dockerfilelint') as { run(configPath: string, content: string): unknown[] };
  for (const file of files) problems += linter.run(process.cwd(), await readFile(file, 'utf8')).length;
} else if (tool === 'dockerfile-utils') {
  const utils = require('dockerfile-utils') as { validate(content: string, settings?: object): unknown[] };
  for (const file of files) problems += utils.validate(await readFile(file, 'utf8')).length;
} else {
  throw new Error(`unknown tool ${String(tool)}`);
}
process.stdout.write(`${JSON.stringify({ files: files.length, problems, ms: performance.now() - started })}\n`);
