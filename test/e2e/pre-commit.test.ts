import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { REPO_ROOT, scratchDir } from '../harness.js';

const hasPreCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;
// CI installs pre-commit (.ci/run); on a developer machine without it the test says why it did not run.
const skip = !hasPreCommit && !process.env.CI ? 'pre-commit is not installed (apt-get install pre-commit)' : false;

const BAD = `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: api
      image: ghcr.io/acme/api:1.4.2
      lifecycle:
        preStop:
          exec:
            command: ["sleep", "40"]
      resources:
        requests: { cpu: 100m, memory: 128Mi }
`;
const GOOD = BAD.replace('"40"', '"5"');

interface HookDefinition {
  id: string;
  language: string;
  files: string;
  entry: string;
}

describe('pre-commit hook', () => {
  it('.pre-commit-hooks.yaml: id lint-k8s, language node, matches Dockerfiles and YAML/JSON manifests only', () => {
    const hooks = parse(readFileSync(path.join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as HookDefinition[];
    assert.equal(hooks.length, 1);
    const hook = hooks[0] as HookDefinition;
    assert.deepEqual([hook.id, hook.language, hook.entry], ['lint-k8s', 'node', 'lint-k8s']);
    // pre-commit matches `files` with Python's re.search; this pattern means the same in JavaScript.
    const files = new RegExp(hook.files);
    for (const name of [
      'Dockerfile',
      'api/Dockerfile',
      'Dockerfile.prod',
      'build/api.Dockerfile',
      'Containerfile',
      'k8s/deploy.yaml',
      'k8s/list.yml',
      'k8s/pod.json',
    ])
      assert.ok(files.test(name), name);
    for (const name of ['README.md', 'src/app.py', 'Dockerfile-notes/readme.txt', 'api/dockerfile.txt']) assert.ok(!files.test(name), name);
  });

  it('pre-commit try-repo: fails on a bad manifest, passes on a good one', { skip, timeout: 600_000 }, () => {
    const scratch = scratchDir('pre-commit');
    const repo = path.join(scratch, 'repo');
    mkdirSync(repo);
    mkdirSync(path.join(scratch, 'home'));
    writeFileSync(path.join(repo, 'bad.yaml'), BAD);
    writeFileSync(path.join(repo, 'good.yaml'), GOOD);
    const env = {
      ...process.env,
      // Hermetic: pre-commit's own store and HOME are fresh; npm keeps its download cache.
      HOME: path.join(scratch, 'home'),
      PRE_COMMIT_HOME: path.join(scratch, 'pre-commit'),
      npm_config_cache: process.env.npm_config_cache ?? path.join(homedir(), '.npm'),
      GIT_AUTHOR_NAME: 'test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
    };
    const git = spawnSync('sh', ['-c', 'git init -q && git add -A'], { cwd: repo, env, encoding: 'utf8' });
    assert.equal(git.status, 0, git.stderr);
    const tryRepo = (file: string): { status: number | null; output: string } => {
      const r = spawnSync('pre-commit', ['try-repo', REPO_ROOT, 'lint-k8s', '--files', file], { cwd: repo, env, encoding: 'utf8', timeout: 280_000 });
      return { status: r.status, output: `${r.stdout}${r.stderr}` };
    };
    const bad = tryRepo('bad.yaml');
    assert.equal(bad.status, 1, bad.output);
    assert.match(bad.output, /lint-k8s\.+Failed/);
    assert.match(bad.output, /bad\.yaml\n {2}12:13 +error +exit 137 on stop +prestop-exceeds-grace\n +Container api: preStop sleeps 40 s/);
    const good = tryRepo('good.yaml');
    assert.equal(good.status, 0, good.output);
    assert.match(good.output, /lint-k8s\.+Passed/);
  });
});
