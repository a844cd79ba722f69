import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CLI, scratchDir } from './harness.js';

function lintIn(cwd: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('--baseline', () => {
  it('records the current findings, then reports only new ones, even after lines move', () => {
    const repo = scratchDir('baseline');
    mkdirSync(path.join(repo, 'api'));
    mkdirSync(path.join(repo, 'worker'));
    writeFileSync(path.join(repo, 'api', 'Dockerfile'), 'FROM debian:12\nCMD sleep infinity\n');

    const missing = lintIn(repo, ['.', '--baseline', 'lint-k8s-baseline.json']);
    assert.equal(missing.status, 2);
    assert.match(
      missing.stderr,
      /^lint-k8s: baseline lint-k8s-baseline.json does not exist; create it with --baseline lint-k8s-baseline.json --write-baseline\n$/,
    );

    const written = lintIn(repo, ['.', '--baseline', 'lint-k8s-baseline.json', '--write-baseline']);
    assert.equal(written.status, 0, written.stdout);
    const baseline = JSON.parse(readFileSync(path.join(repo, 'lint-k8s-baseline.json'), 'utf8')) as { findings: { ruleId: string; file: string }[] };
    assert.deepEqual(
      baseline.findings.map((f) => [f.ruleId, f.file]),
      [['shell-stays-pid1', 'api/Dockerfile']],
    );

    // The accepted finding moves down two lines; a new service brings a new one.
    writeFileSync(path.join(repo, 'api', 'Dockerfile'), 'FROM debian:12\nWORKDIR /srv\nENV MODE=prod\nCMD sleep infinity\n');
    writeFileSync(path.join(repo, 'worker', 'Dockerfile'), 'FROM debian:12\nCMD sleep 3600\n');
    const later = lintIn(repo, ['.', '--baseline', 'lint-k8s-baseline.json', '--format', 'json']);
    assert.equal(later.status, 1);
    const report = JSON.parse(later.stdout) as { findings: { ruleId: string; file: string; line: number }[]; summary: { errors: number; suppressed: number } };
    assert.deepEqual(
      report.findings.map((f) => [f.ruleId, f.file, f.line]),
      [['shell-stays-pid1', 'worker/Dockerfile', 2]],
    );
    assert.equal(report.summary.suppressed, 1);

    // In SARIF the accepted finding stays, as an external suppression (code scanning shows it dismissed).
    const sarif = JSON.parse(lintIn(repo, ['.', '--baseline', 'lint-k8s-baseline.json', '--format', 'sarif']).stdout) as {
      runs: { results: { suppressions?: { kind: string; justification: string }[] }[] }[];
    };
    assert.deepEqual(
      sarif.runs[0]?.results.map((r) => r.suppressions),
      [[{ kind: 'external', status: 'accepted', justification: 'accepted in baseline lint-k8s-baseline.json' }], undefined],
    );
  });

  it('a file that is not a baseline is a usage error', () => {
    const repo = scratchDir('baseline');
    writeFileSync(path.join(repo, 'b.json'), '{"findings": 3}');
    const r = lintIn(repo, ['.', '--baseline', 'b.json']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /is not a lint-k8s baseline/);
    assert.equal(lintIn(repo, ['.', '--write-baseline']).status, 2);
  });
});
