import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ensureCorpus } from '../../bench/corpus.js';
import { RULES } from '../../rules/index.js';
import { lint } from '../../src/lint/lint.js';
import { CLI, REPO_ROOT, scratchDir } from '../harness.js';

function report(cwd: string, target: string, format: string, jobs: number): string {
  const result = spawnSync(process.execPath, [CLI, target, '--format', format, '--fail-on', 'none', '--jobs', String(jobs)], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

/**
 * A generated repository of a few hundred files, plus what crosses shard boundaries: a
 * Namespace enforcing Pod Security in the first manifest and a privileged pod in the last,
 * and a workload in the first half joined (by .lint-k8s.yaml) to a Dockerfile in the second.
 */
async function corpus(): Promise<string> {
  const root = scratchDir('parallel');
  await ensureCorpus({ root, manifestFiles: 300, dockerfiles: 60, demoDir: path.join(REPO_ROOT, 'fixtures', 'demo') });
  const write = (rel: string, text: string): void => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  };
  write('.lint-k8s.yaml', 'images:\n  ghcr.io/acme/joined: services/part-2/zz-joined\n');
  write('services/part-2/zz-joined/Dockerfile', 'FROM python:3.12-slim\nCOPY app.py /app/\nCMD python /app/app.py\n');
  write('services/part-2/zz-joined/app.py', 'print("hi")\n');
  write(
    'manifests/aa/namespace.yaml',
    'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: locked\n  labels:\n    pod-security.kubernetes.io/enforce: restricted\n',
  );
  write(
    'manifests/aa/joined.yaml',
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: joined\nspec:\n  containers:\n    - name: app\n      image: ghcr.io/acme/joined:1.0\n      command: ["sh", "-c", "python /app/app.py"]\n',
  );
  write(
    'manifests/zz/privileged.yaml',
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: root\n  namespace: locked\nspec:\n  containers:\n    - name: app\n      image: busybox:1.36\n      securityContext:\n        privileged: true\n',
  );
  return root;
}

describe('parallel runs (--jobs)', () => {
  it('the demo: JSON and SARIF are byte-identical with --jobs 1 and --jobs 2', () => {
    for (const format of ['json', 'sarif']) assert.equal(report(REPO_ROOT, 'fixtures/demo', format, 2), report(REPO_ROOT, 'fixtures/demo', format, 1), format);
  });

  it('a generated repository: byte-identical reports, cross-file findings included', async () => {
    const root = await corpus();
    const single = report(root, '.', 'json', 1);
    assert.equal(report(root, '.', 'json', 2), single);
    assert.equal(report(root, '.', 'sarif', 2), report(root, '.', 'sarif', 1));
    const findings = (JSON.parse(single) as { findings: { ruleId: string; file: string }[] }).findings;
    // Each of these needs state or images from another shard.
    assert.ok(findings.some((f) => f.ruleId === 'missing-reference'));
    assert.ok(findings.some((f) => f.ruleId === 'pod-security-forbidden' && f.file === 'manifests/zz/privileged.yaml'));
    assert.ok(
      findings.some((f) => f.file === 'manifests/aa/joined.yaml'),
      'a finding of the joined workload',
    );
  });

  it('really shards: lint() runs on two threads and gives the same findings on one thread and two', async () => {
    const root = await corpus();
    const one = await lint(['.'], { cwd: root, runtime: 'containerd', rules: RULES, jobs: 1 });
    const two = await lint(['.'], { cwd: root, runtime: 'containerd', rules: RULES, jobs: 2 });
    assert.equal(one.threads, 1);
    assert.equal(two.threads, 2);
    assert.deepEqual(two.findings, one.findings);
  });
});
