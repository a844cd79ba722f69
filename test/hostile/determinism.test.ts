import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CLI, REPO_ROOT, scratchDir } from '../harness.js';

/** Copies a tree file by file in the given order, so directory entries are created (and listed by some file systems) in that order. */
function copyInOrder(from: string, to: string, order: 'forward' | 'reverse'): void {
  mkdirSync(to, { recursive: true });
  const entries = readdirSync(from, { withFileTypes: true });
  if (order === 'reverse') entries.reverse();
  for (const entry of entries) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) copyInOrder(src, dst, order);
    else cpSync(src, dst, { preserveTimestamps: false });
  }
}

function report(cwd: string, format: string): string {
  const result = spawnSync(process.execPath, [CLI, '.', '--format', format, '--fail-on', 'none'], { cwd, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

describe('determinism', () => {
  it('the same input gives byte-identical reports whatever order the file system lists it in', () => {
    const base = scratchDir('determinism');
    const forward = path.join(base, 'repo');
    copyInOrder(path.join(REPO_ROOT, 'fixtures', 'demo'), forward, 'forward');
    writeFileSync(path.join(forward, 'k8s', 'broken.yaml'), 'a: [\n');
    const first = ['stylish', 'json', 'sarif'].map((f) => report(forward, f));
    rmSync(forward, { recursive: true });
    copyInOrder(path.join(REPO_ROOT, 'fixtures', 'demo'), forward, 'reverse');
    writeFileSync(path.join(forward, 'k8s', 'broken.yaml'), 'a: [\n');
    const second = ['stylish', 'json', 'sarif'].map((f) => report(forward, f));
    assert.deepEqual(second, first);
    assert.ok(first[1]?.includes('"ruleId"'));
    assert.ok(readFileSync(path.join(forward, 'k8s', 'broken.yaml')).length > 0);
  });
});
