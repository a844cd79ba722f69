import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { LARGE_RUN_INPUTS } from '../../src/platform/v8-flags.js';
import { CLI, REPO_ROOT, fixture, scratchDir } from '../harness.js';

/**
 * The package's bin as users get it: the CommonJS bundle in dist/bin that `npm run build:bin`
 * writes (and `npm test` runs first), with its worker and V8 code cache. Everything else in
 * the tests runs the tsc build; the bundle must say exactly what it says.
 */
const BIN = path.join(REPO_ROOT, 'dist', 'bin', 'lint-k8s.cjs');
const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };

function run(entry: string, args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [entry, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the bundled bin', () => {
  it('is the package.json bin, and was built (npm run build:bin)', () => {
    assert.equal(path.resolve(REPO_ROOT, pkg.bin['lint-k8s'] ?? ''), BIN);
    assert.ok(existsSync(BIN), 'dist/bin/lint-k8s.cjs is missing: run `npm run build:bin`');
  });

  it('--version prints the package version', () => {
    const { status, stdout } = run(BIN, ['--version']);
    assert.equal(status, 0);
    assert.equal(stdout, `${pkg.version}\n`);
  });

  it('gives the same JSON report as the tsc build on the demo, on one thread and with a worker', () => {
    const args = [fixture('demo'), '--format', 'json', '--fail-on', 'none'];
    const expected = run(CLI, [...args, '--jobs', '1']);
    assert.equal(expected.status, 0, expected.stderr);
    for (const jobs of ['1', '2']) {
      const actual = run(BIN, [...args, '--jobs', jobs]);
      assert.equal(actual.status, 0, actual.stderr);
      assert.equal(actual.stdout, expected.stdout, `--jobs ${jobs}`);
    }
  });

  it('parses shell with the bundled tree-sitter grammar, and V8 accepts the code cache it shipped with', () => {
    const { status, stdout, stderr } = run(BIN, [fixture('rules', 'shell-stays-pid1', 'bad-debian'), '--format', 'json'], { LINT_K8S_DEBUG_CODE_CACHE: '1' });
    assert.equal(status, 1, stderr);
    const report = JSON.parse(stdout) as { findings: { ruleId: string; exitCode?: number }[] };
    assert.deepEqual(
      report.findings.map((f) => [f.ruleId, f.exitCode]),
      [['shell-stays-pid1', 137]],
    );
    assert.equal(stderr, 'code cache: accepted\n');
  });

  it("keeps yaml's debug output (LOG_TOKENS, LOG_STREAM in the environment) out of the report", () => {
    const args = [fixture('demo'), '--format', 'json', '--fail-on', 'none'];
    const plain = run(BIN, args);
    const withDebugVariables = run(BIN, args, { LOG_TOKENS: '1', LOG_STREAM: '1' });
    assert.equal(withDebugVariables.status, 0, withDebugVariables.stderr);
    assert.equal(withDebugVariables.stdout, plain.stdout);
    assert.equal(withDebugVariables.stderr, '');
  });

  it('V8 accepts the code cache of the worker threads too (they load the core with other V8 flags), in small and large runs', () => {
    // A large run sets a V8 flag on the main thread before its workers start (src/platform/v8-flags.ts).
    const large = scratchDir('bin-large');
    for (let i = 0; i < LARGE_RUN_INPUTS; i++)
      writeFileSync(path.join(large, `cm-${i}.yaml`), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\ndata:\n  a: b\n`);
    for (const target of [fixture('demo'), large]) {
      const { status, stderr } = run(BIN, [target, '--jobs', '2', '--fail-on', 'none'], { LINT_K8S_DEBUG_CODE_CACHE: '1' });
      assert.equal(status, 0, stderr);
      assert.equal(stderr, 'code cache: accepted\ncode cache (worker): accepted\n', target);
    }
  });
});
