import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../harness.js';

/** Test files under test/, as paths relative to it (`rules/x.test.ts`). */
function testFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? testFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : e.name.endsWith('.test.ts') ? [`${prefix}${e.name}`] : [],
  );
}

/** Whether `node --test ARG` (ARG from the script, under dist/test/) runs the file compiled from `file`. */
function runs(arg: string, file: string): boolean {
  const compiled = `dist/test/${file.replace(/\.ts$/, '.js')}`;
  if (arg.endsWith('/')) return compiled.startsWith(arg);
  if (arg.endsWith('/*.test.js')) return path.posix.dirname(compiled) === arg.slice(0, -'/*.test.js'.length) && compiled.endsWith('.test.js');
  return compiled === arg;
}

describe('test suites', () => {
  it('every test file is run by exactly one of npm test and npm run test:e2e', () => {
    const scripts = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const args = (name: string): string[] => (scripts[name] ?? '').split(/\s+/).filter((a) => a.startsWith('dist/test/'));
    const fast = args('test');
    const e2e = args('test:e2e');
    assert.ok(fast.length > 0 && e2e.length > 0);
    const wrong = testFiles(path.join(REPO_ROOT, 'test'))
      .map((file) => ({ file, suites: [fast.some((a) => runs(a, file)) ? 'test' : '', e2e.some((a) => runs(a, file)) ? 'test:e2e' : ''].filter(Boolean) }))
      .filter(({ suites }) => suites.length !== 1);
    assert.deepEqual(wrong, [], 'add the file (or its folder) to the "test" or the "test:e2e" script of package.json');
  });
});
