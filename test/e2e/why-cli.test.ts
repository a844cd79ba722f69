import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { CLI, fixture, REPO_ROOT } from '../harness.js';
import { listDoc, podDoc, running, terminated, waiting } from '../why/pods.js';

function run(args: string[], input?: string, cwd = REPO_ROOT): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'why', ...args], { cwd, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const API_POD = readFileSync(path.join(REPO_ROOT, fixture('why', 'pods', 'api-7c9.json')), 'utf8');

describe('lint-k8s why (CLI)', () => {
  it('the README example: kubectl get pod api-7c9 -o json | lint-k8s why . --pod - in the demo names its Dockerfile line', () => {
    const { status, stdout, stderr } = run(['.', '--pod', '-'], API_POD, path.join(REPO_ROOT, 'fixtures', 'demo'));
    assert.equal(stderr, '');
    assert.equal(status, 0);
    const lines = stdout.split('\n');
    assert.equal(lines[0], 'shop/api-7c9d8f6b5-x2x4q: Deployment api (k8s/api.yaml:1), runtime containerd (containerID)');
    assert.equal(lines[1], '  container api: state.terminated, exit 137, reason Error, restarts 0');
    assert.ok(lines.some((l) => l.startsWith('    this 137 is predicted by api/Dockerfile:16:1 (shell-stays-pid1): On stop, /bin/sh (dash')));
    assert.ok(lines.some((l) => l.startsWith('    this 137 is predicted by k8s/api.yaml:32:17 (prestop-exceeds-grace): ')));
    assert.ok(lines.some((l) => l.includes("when the grace period ran out: the kubelet's SIGKILL")));
    assert.equal(lines.at(-2), "1 of 1 container state explained by the repository's findings (1 pod)");
    // The README shows this very answer.
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const shown = readme.split('$ kubectl get pod api-7c9d8f6b5-x2x4q -n shop -o json | lint-k8s why . --pod -\n')[1]?.split('\n```\n')[0];
    assert.equal(`${shown ?? ''}\n`, stdout);
  });

  it('--format json: the documented keys', () => {
    const { status, stdout } = run([fixture('demo'), '--pod', fixture('why', 'pods', 'api-7c9.json'), '--format', 'json']);
    assert.equal(status, 0);
    const report = JSON.parse(stdout) as {
      tool: { name: string };
      pods: { workload: Record<string, unknown>; containers: Record<string, unknown>[] }[];
      summary: Record<string, number>;
    };
    assert.equal(report.tool.name, 'lint-k8s');
    assert.deepEqual(Object.keys(report.pods[0] ?? {}), ['namespace', 'name', 'runtime', 'runtimeFrom', 'workload', 'containers']);
    const c = report.pods[0]?.containers[0] ?? {};
    assert.deepEqual(Object.keys(c), ['container', 'role', 'restartCount', 'observed', 'meaning', 'timing', 'notes', 'joined', 'explainedBy', 'checks']);
    assert.deepEqual(c.observed, {
      field: 'state',
      state: 'terminated',
      exitCode: 137,
      signal: null,
      reason: 'Error',
      message: null,
      startedAt: '2026-11-30T09:15:03Z',
      finishedAt: '2026-11-30T14:02:41Z',
    });
    assert.deepEqual((c.timing as { verdict: string }).verdict, 'grace-end');
    const by = c.explainedBy as Record<string, unknown>[];
    assert.deepEqual(Object.keys(by[0] ?? {}), [
      'ruleId',
      'messageId',
      'severity',
      'message',
      'file',
      'line',
      'column',
      'endLine',
      'endColumn',
      'exitCode',
      'reason',
      'phase',
      'match',
      'scope',
    ]);
    assert.deepEqual(
      by.map((f) => `${String(f.ruleId)} ${String(f.file)}:${String(f.line)} ${String(f.scope)}`),
      ['shell-stays-pid1 fixtures/demo/api/Dockerfile:16 dockerfile', 'prestop-exceeds-grace fixtures/demo/k8s/api.yaml:32 container'],
    );
    assert.deepEqual(report.summary, { pods: 1, observations: 1, explained: 1 });
  });

  it('--format markdown: headings, the finding as code, a checklist when nothing explains it', () => {
    const pod = podDoc({
      name: 'billing-0',
      namespace: 'finance',
      containers: [
        {
          name: 'billing',
          image: 'eclipse-temurin:21-jre',
          state: running('2026-11-30T10:00:00Z'),
          lastState: terminated(139, 'Error', '2026-11-30T09:00:00Z', '2026-11-30T09:59:58Z'),
          restartCount: 1,
        },
      ],
    });
    const { status, stdout } = run([fixture('demo'), '--pod', '-', '--format', 'markdown'], JSON.stringify(pod));
    assert.equal(status, 0);
    assert.match(stdout, /^### `finance\/billing-0`\n/);
    assert.match(stdout, /#### Container `billing`: lastState\.terminated, exit 139, reason Error, restarts 1/);
    assert.match(
      stdout,
      /\*\*Nothing in the repository explains it\.\*\* Check, in order:\n\n1\. read the last lines the process wrote .* \(`lastState\.terminated`\)/,
    );
    const demo = run([fixture('demo'), '--pod', fixture('why', 'pods', 'api-7c9.json'), '--format', 'markdown']);
    assert.match(demo.stdout, /- this 137 is predicted by `fixtures\/demo\/api\/Dockerfile:16:1` \(`shell-stays-pid1`\): On stop/);
  });

  it('reads YAML (kubectl get pod -o yaml) and a List of pods (kubectl get pods -A -o json)', () => {
    const yaml = run([fixture('demo'), '--pod', '-'], stringify(JSON.parse(API_POD)));
    assert.equal(yaml.status, 0);
    assert.match(yaml.stdout, /this 137 is predicted by fixtures\/demo\/api\/Dockerfile:16:1 \(shell-stays-pid1\)/);
    const worker = podDoc({
      name: 'worker-6b5a4c3d2-p9z7k',
      namespace: 'shop',
      owner: 'ReplicaSet/worker-6b5a4c3d2',
      labels: { 'pod-template-hash': '6b5a4c3d2' },
      containers: [
        {
          name: 'worker',
          image: 'ghcr.io/acme/worker:2.0.1',
          state: waiting('CreateContainerConfigError', 'container has runAsNonRoot and image has non-numeric user (node), cannot verify user is non-root'),
          runtime: undefined,
        },
      ],
    });
    const list = run([fixture('demo'), '--pod', '-'], JSON.stringify(listDoc([JSON.parse(API_POD) as Record<string, unknown>, worker])));
    assert.equal(list.status, 0);
    assert.match(list.stdout, /this CreateContainerConfigError is predicted by fixtures\/demo\/k8s\/worker\.yaml:18:9 \(run-as-non-root-image-root\)/);
    assert.match(list.stdout, /2 of 2 container states explained by the repository's findings \(2 pods\)/);
  });

  it('a pod with nothing terminated or waiting: "nothing to explain", exit 0', () => {
    const pod = podDoc({
      name: 'api-1',
      namespace: 'shop',
      containers: [{ name: 'api', image: 'ghcr.io/acme/api:1.4.2', state: running('2026-11-30T10:00:00Z') }],
    });
    const { status, stdout } = run([fixture('demo'), '--pod', '-'], JSON.stringify(pod));
    assert.equal(status, 0);
    assert.equal(stdout, 'nothing to explain: no container of pod shop/api-1 is terminated or waiting\n');
  });

  it('bad input: one line on stderr, exit 2', () => {
    const cases: [string[], string | undefined, RegExp][] = [
      [
        ['--pod', '-'],
        '{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "api"}}',
        /^lint-k8s why: standard input: the document is a Deployment, expected a Pod or a List of Pods$/,
      ],
      [['--pod', '-'], '{"kind": "Pod", "metadata": {', /^lint-k8s why: standard input: not JSON or YAML \(/],
      [['--pod', '-'], '', /^lint-k8s why: standard input: empty input, expected the output of kubectl get pod NAME -o json$/],
      [['--pod', '-'], '[1, 2]', /^lint-k8s why: standard input: the document is not a Kubernetes object/],
      [['--pod', '-'], '{"apiVersion": "v1", "kind": "List", "items": []}', /^lint-k8s why: standard input: no Pod in the input$/],
      [['--pod', '-'], `${'['.repeat(100000)}${']'.repeat(100000)}`, /^lint-k8s why: standard input: the document is not a Kubernetes object/],
      [
        ['--pod', '-'],
        `a: &a [x, x, x, x, x, x, x, x, x]\n${Array.from(
          { length: 11 },
          (_, i) =>
            `a${i + 1}: &a${i + 1} [${Array(9)
              .fill(i === 0 ? '*a' : `*a${i}`)
              .join(', ')}]`,
        ).join('\n')}\nkind: Pod\n`,
        /^lint-k8s why: standard input: not JSON or YAML \(Excessive alias count/,
      ],
      [['--pod', '-'], `${'{"kind": "List", "items": ['.repeat(50000)}${']}'.repeat(50000)}`, /^lint-k8s why: standard input: no Pod in the input$/],
      [['--pod', 'no/such/file.json'], undefined, /^lint-k8s why: cannot read no\/such\/file\.json: ENOENT$/],
      [[fixture('demo')], undefined, /^lint-k8s why: --pod FILE is required/],
      [['-', '--pod', '-'], API_POD, /^lint-k8s why: - is not a path here/],
      [['--pod', '-', '--format', 'sarif'], API_POD, /^lint-k8s why: option '-f, --format <format>' argument 'sarif' is invalid/],
    ];
    for (const [args, input, message] of cases) {
      const { status, stderr, stdout } = run(args, input);
      assert.equal(status, 2, `${args.join(' ')}: ${stderr}`);
      assert.equal(stdout, '');
      assert.equal(stderr.trim().split('\n').length, 1, stderr);
      assert.match(stderr.trim(), message);
    }
  });
});
