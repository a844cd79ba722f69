import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { RULES } from '../../rules/index.js';
import { loadConfig } from '../../src/config/config.js';
import { answer } from '../../src/why/command.js';
import { parsePods } from '../../src/why/pod-status.js';
import type { ContainerAnswer, WhyReport } from '../../src/why/report.js';
import { fixture, REPO_ROOT } from '../harness.js';
import { listDoc, podDoc, running, terminated, waiting, type PodDoc } from './pods.js';

const SHOP = fixture('why', 'shop');
const DEMO = fixture('demo');
/** A repository with one clean workload that none of the pods below belongs to. */
const UNRELATED = fixture('why', 'unrelated');

async function why(pods: readonly Record<string, unknown>[], paths: string[], runtime?: 'containerd' | 'cri-o' | 'docker'): Promise<WhyReport> {
  const read = parsePods(JSON.stringify(listDoc(pods)), 'test');
  assert.ok(read.ok);
  const observed = read.pods;
  const config = loadConfig({ cwd: REPO_ROOT, paths, knownRules: new Set(RULES.map((r) => r.meta.id)) });
  return answer(observed, paths, { cwd: REPO_ROOT, config, runtime });
}

/** The answer for one container state of a pod: by name, or by its place in the report. */
function find(report: WhyReport, pod: string | number, field: 'state' | 'lastState' = 'lastState'): ContainerAnswer {
  const p = typeof pod === 'number' ? report.pods[pod] : report.pods.find((x) => x.name === pod);
  assert.ok(p, `pod ${pod} in the report`);
  const a = p.containers.find((c) => c.observed.field === field);
  assert.ok(a, `${pod} ${field} in the report: ${JSON.stringify(p.containers.map((c) => c.observed))}`);
  return a;
}

/** What a user reads off the first explaining finding. */
function first(a: ContainerAnswer): string {
  const e = a.explainedBy[0];
  return e ? `${e.finding.ruleId} ${e.finding.file}:${e.finding.line} ${e.match}` : 'none';
}

const T0 = '2026-11-30T09:15:03Z';
const T1 = '2026-11-30T09:15:04Z';

interface Seed {
  /** What the seed is about, for the test name. */
  readonly title: string;
  readonly pod: PodDoc;
  readonly field?: 'state' | 'lastState';
  /** `rule file:line match` of the first explaining finding in the shop (or demo) repository; absent where no static cause exists. */
  readonly joined?: string;
  /** Text the meaning (or a note, or the timing) must contain. */
  readonly means: RegExp;
  /** The field the first check of the unjoined answer is tied to. */
  readonly firstCheck: RegExp;
}

const deployment = (name: string, hash: string): Pick<PodDoc, 'name' | 'namespace' | 'owner' | 'labels'> => ({
  name: `${name}-${hash}-x2x4q`,
  namespace: 'shop',
  owner: `ReplicaSet/${name}-${hash}`,
  labels: { app: name, 'pod-template-hash': hash },
});

const crashLooping = (exit: StateReturn, restarts = 4): Pick<PodDoc['containers'][number], 'state' | 'lastState' | 'restartCount'> => ({
  state: waiting('CrashLoopBackOff', 'back-off 1m20s restarting failed container'),
  lastState: exit,
  restartCount: restarts,
});
type StateReturn = ReturnType<typeof terminated>;

/** Every seed exit code and waiting reason, as a pod of the shop (or demo) repository shows it. */
const SEEDS: readonly Seed[] = [
  {
    title: '0 Completed, restarted by a Deployment: the command daemonizes',
    pod: {
      ...deployment('web', '5d8f7b6c9'),
      containers: [{ name: 'web', image: 'ghcr.io/acme/web:3.1.0', ...crashLooping(terminated(0, 'Completed', T0, T0), 5) }],
    },
    joined: 'cmd-daemonizes fixtures/why/shop/web/Dockerfile:4 exact',
    means: /restartPolicy Always and 5 restarts: the command ends \(or daemonizes/,
    firstCheck: /spec\.restartPolicy/,
  },
  {
    title: '1 Error: the program failed at start',
    pod: {
      ...deployment('proxy', '6c7d9f8b4'),
      containers: [{ name: 'proxy', image: 'nginx:1.27', ...crashLooping(terminated(1, 'Error', T0, T1)) }],
    },
    joined: 'read-only-root-writes fixtures/why/shop/k8s/proxy.yaml:19 exact',
    means: /general error/,
    firstCheck: /lastState\.terminated/,
  },
  {
    title: '2 Error during the grace period: a Go PID 1 without signal.Notify',
    pod: {
      ...deployment('gateway', '7f6e5d4c3'),
      deletion: { at: '2026-11-30T14:02:41Z', grace: 30 },
      containers: [{ name: 'gateway', image: 'ghcr.io/acme/gateway:1.8.0', state: terminated(2, 'Error', T0, '2026-11-30T14:02:12Z') }],
    },
    field: 'state',
    joined: 'pid1-ignores-sigterm fixtures/why/shop/gateway/Dockerfile:8 exact',
    means: /1 s into it, before the SIGKILL/,
    firstCheck: /metadata\.deletionTimestamp/,
  },
  {
    title: '125: not set by the kubelet, a wrapper’s own failure',
    pod: {
      ...deployment('web', '5d8f7b6c9'),
      containers: [{ name: 'web', image: 'ghcr.io/acme/web:3.1.0', ...crashLooping(terminated(125, 'Error', T0, T1)) }],
    },
    means: /`docker run` exits 125 when the daemon itself fails/,
    firstCheck: /command/,
  },
  {
    title: '126 Error: a script without its execute bit, run by the shell',
    pod: {
      ...deployment('tasks', '8a7b6c5d4'),
      containers: [{ name: 'tasks', image: 'ghcr.io/acme/tasks:2.2.0', ...crashLooping(terminated(126, 'Error', T0, T0)) }],
    },
    joined: 'entrypoint-not-executable fixtures/why/shop/tasks/Dockerfile:4 exact',
    means: /could not be executed/,
    firstCheck: /command/,
  },
  {
    title: '127 Error: tini cannot find its child',
    pod: {
      ...deployment('runner', '9b8c7d6e5'),
      containers: [{ name: 'runner', image: 'ghcr.io/acme/runner:0.9.2', ...crashLooping(terminated(127, 'Error', T0, T0)) }],
    },
    joined: 'program-not-found fixtures/why/shop/runner/Dockerfile:5 exact',
    means: /a command was not found/,
    firstCheck: /command/,
  },
  {
    title: '128 StartError (containerd): no /bin/sh for a shell-form CMD',
    pod: {
      ...deployment('notify', '4c3b2a1f0'),
      containers: [
        {
          name: 'notify',
          image: 'ghcr.io/acme/notify:0.3.1',
          ...crashLooping(
            terminated(128, 'StartError', '1970-01-01T00:00:00Z', T0, {
              message:
                'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "/bin/sh": stat /bin/sh: no such file or directory: unknown',
            }),
          ),
        },
      ],
    },
    joined: 'shell-form-without-shell fixtures/why/shop/notify/Dockerfile:9 exact',
    means: /a path the container starts with does not exist in the image/,
    firstCheck: /lastState\.terminated\.message/,
  },
  {
    title: '134: SIGABRT',
    pod: {
      ...deployment('gateway', '7f6e5d4c3'),
      containers: [{ name: 'gateway', image: 'ghcr.io/acme/gateway:1.8.0', ...crashLooping(terminated(134, 'Error', T0, '2026-11-30T09:21:44Z')) }],
    },
    means: /exit code 134 = 128 \+ 6: the process was killed by SIGABRT/,
    firstCheck: /lastState\.terminated/,
  },
  {
    title: '137 OOMKilled: a JVM heap as large as the limit (CronJob → Job → pod)',
    pod: {
      name: 'reports-29400180-7kq2p',
      namespace: 'shop',
      owner: 'Job/reports-29400180',
      labels: { 'job-name': 'reports-29400180' },
      restartPolicy: 'OnFailure',
      containers: [
        {
          name: 'reports',
          image: 'eclipse-temurin:21-jre',
          args: ['java', '-Xmx1g', '-jar', '/app/reports.jar'],
          ...crashLooping(terminated(137, 'OOMKilled', T0, '2026-11-30T09:31:17Z'), 2),
        },
      ],
    },
    joined: 'heap-exceeds-memory-limit fixtures/why/shop/k8s/orders.yaml:48 exact',
    means: /the kernel’s OOM killer killed a process of the container/,
    firstCheck: /lastState\.terminated\.reason/,
  },
  {
    title: '137 Error at the end of the grace period: dash stays PID 1 (the demo)',
    pod: {
      ...deployment('api', '7c9d8f6b5'),
      deletion: { at: '2026-11-30T14:02:41Z', grace: 30 },
      containers: [{ name: 'api', image: 'ghcr.io/acme/api:1.4.2', state: terminated(137, 'Error', T0, '2026-11-30T14:02:41Z') }],
    },
    field: 'state',
    joined: 'shell-stays-pid1 fixtures/demo/api/Dockerfile:16 exact',
    means: /a SIGKILL at the end of the grace period, not an OOM kill/,
    firstCheck: /^state\.terminated\.reason$/,
  },
  {
    title: '139: SIGSEGV',
    pod: {
      ...deployment('sync', '3e2d1c0b9'),
      containers: [{ name: 'sync', image: 'ghcr.io/acme/sync:1.0.4', ...crashLooping(terminated(139, 'Error', T0, '2026-11-30T10:02:09Z')) }],
    },
    means: /SIGSEGV, an invalid memory access/,
    firstCheck: /lastState\.terminated/,
  },
  {
    title: '143 Error while not deleted: liveness killed a slow JVM',
    pod: {
      ...deployment('orders', '2d1c0b9a8'),
      containers: [
        {
          name: 'orders',
          image: 'eclipse-temurin:21-jre',
          command: ['java', '-jar', '/app/orders.jar'],
          ...crashLooping(terminated(143, 'Error', T0, '2026-11-30T09:15:25Z'), 6),
        },
      ],
    },
    joined: 'liveness-kills-slow-start fixtures/why/shop/k8s/orders.yaml:22 exact',
    means: /exit code 143 = 128 \+ 15: the process died of SIGTERM/,
    firstCheck: /metadata\.deletionTimestamp/,
  },
  {
    title: '255 Error (runc ≥ 1.2): the #! interpreter is missing',
    pod: {
      ...deployment('sync', '3e2d1c0b9'),
      containers: [{ name: 'sync', image: 'ghcr.io/acme/sync:1.0.4', ...crashLooping(terminated(255, 'Error', T0, T0)) }],
    },
    joined: 'interpreter-missing fixtures/why/shop/sync/Dockerfile:3 exact',
    means: /could not be executed after the container started/,
    firstCheck: /lastState\.terminated/,
  },
  {
    title: 'waiting CrashLoopBackOff: a liveness probe that can never pass',
    pod: {
      name: 'api-0',
      namespace: 'shop',
      owner: 'StatefulSet/api',
      labels: { app: 'api', 'statefulset.kubernetes.io/pod-name': 'api-0' },
      containers: [
        { name: 'api', image: 'python:3.12-slim', command: ['python', '-m', 'api'], ...crashLooping(terminated(137, 'Error', T0, '2026-11-30T09:16:04Z'), 3) },
      ],
    },
    field: 'state',
    joined: 'exec-shell-command-not-found fixtures/why/shop/k8s/api.yaml:23 exact',
    means: /the kubelet waits before starting it again/,
    firstCheck: /lastState\.terminated\.exitCode/,
  },
  {
    title: 'waiting CreateContainerConfigError: runAsNonRoot with USER node (the demo)',
    pod: {
      ...deployment('worker', '6b5a4c3d2'),
      containers: [
        {
          name: 'worker',
          image: 'ghcr.io/acme/worker:2.0.1',
          state: waiting(
            'CreateContainerConfigError',
            'container has runAsNonRoot and image has non-numeric user (node), cannot verify user is non-root (pod: "worker-6b5a4c3d2-x2x4q_shop(6f1d3c2a)", container: worker)',
          ),
        },
      ],
    },
    field: 'state',
    joined: 'run-as-non-root-image-root fixtures/demo/k8s/worker.yaml:18 exact',
    means: /could not assemble the container’s configuration/,
    firstCheck: /state\.waiting\.message/,
  },
  {
    title: 'waiting CreateContainerError (CRI-O, never created): no /bin/sh',
    pod: {
      ...deployment('notify', '4c3b2a1f0'),
      containers: [
        {
          name: 'notify',
          image: 'ghcr.io/acme/notify:0.3.1',
          state: waiting('CreateContainerError', 'container create failed: executable file `/bin/sh` not found in $PATH: No such file or directory'),
          runtime: undefined,
        },
      ],
    },
    field: 'state',
    joined: 'shell-form-without-shell fixtures/why/shop/notify/Dockerfile:9 exact',
    means: /Under CRI-O this is also how a missing or non-executable program shows/,
    firstCheck: /state\.waiting\.message/,
  },
  {
    title: 'waiting ImagePullBackOff: nothing in a repository predicts a registry',
    pod: {
      ...deployment('web', '5d8f7b6c9'),
      containers: [
        {
          name: 'web',
          image: 'ghcr.io/acme/web:3.1.0',
          state: waiting('ImagePullBackOff', 'Back-off pulling image "ghcr.io/acme/web:3.1.0"'),
          runtime: undefined,
        },
      ],
    },
    field: 'state',
    means: /pulls of the image failed/,
    firstCheck: /spec\.containers\[\]\.image/,
  },
  {
    title: 'waiting InvalidImageName: an upper-case repository',
    pod: {
      name: 'ui',
      namespace: 'shop',
      containers: [
        {
          name: 'ui',
          image: 'ghcr.io/Acme/UI:1.0',
          state: waiting(
            'InvalidImageName',
            'Failed to apply default image tag "ghcr.io/Acme/UI:1.0": couldn\'t parse image name "ghcr.io/Acme/UI:1.0": invalid reference format: repository name (Acme/UI) must be lowercase',
          ),
          runtime: undefined,
        },
      ],
    },
    field: 'state',
    joined: 'invalid-image-name fixtures/why/shop/k8s/ui.yaml:9 exact',
    means: /cannot parse the image reference/,
    firstCheck: /spec\.containers\[\]\.image/,
  },
];

const text = (a: ContainerAnswer): string => [...a.meaning, ...a.notes].map((m) => m.text).join('\n') + (a.timing ? `\n${a.timing.text}` : '');

describe('lint-k8s why: every seed exit code and waiting reason', () => {
  const isCrio = (s: Seed): boolean => /CreateContainerError/.test(s.title);
  const onContainerd = SEEDS.filter((s) => !isCrio(s));
  const onCrio = SEEDS.filter(isCrio);
  let joined: WhyReport;
  let joinedCrio: WhyReport;
  let unjoined: WhyReport;
  before(async () => {
    joined = await why(
      onContainerd.map((s) => podDoc(s.pod)),
      [SHOP, DEMO],
    );
    joinedCrio = await why(
      onCrio.map((s) => podDoc(s.pod)),
      [SHOP, DEMO],
    );
    unjoined = await why(
      SEEDS.map((s) => podDoc(s.pod)),
      [UNRELATED],
    );
  });

  SEEDS.forEach((seed, i) => {
    it(`${seed.title}: joined`, () => {
      const a = isCrio(seed) ? find(joinedCrio, onCrio.indexOf(seed), seed.field) : find(joined, onContainerd.indexOf(seed), seed.field);
      assert.match(text(a), seed.means);
      if (seed.joined) {
        assert.equal(first(a), seed.joined);
        assert.deepEqual(a.checks, [], 'no checklist when a finding explains it');
      } else {
        assert.equal(first(a), 'none', 'no finding predicts this code');
        assert.ok(a.joined, 'the container is still joined to the repository');
        assert.match(a.checks[0]?.field ?? '', seed.firstCheck);
      }
    });
    it(`${seed.title}: unjoined`, () => {
      const a = find(unjoined, i, seed.field);
      assert.match(text(a), seed.means);
      assert.equal(first(a), 'none');
      assert.equal(a.joined, null);
      assert.ok(a.checks.length >= 1);
      assert.match(a.checks[0]?.field ?? '', seed.firstCheck);
      for (const m of a.meaning) assert.ok(m.sources.length > 0, `a source for "${m.text}"`);
    });
  });

  it('the CRI-O run was told apart from the containerID-less create error', () => {
    const p = joinedCrio.pods[0];
    assert.equal(p?.runtime, 'cri-o');
    assert.equal(p?.runtimeFrom, 'CreateContainerError without a containerID');
  });
});

describe('lint-k8s why: timing and joins', () => {
  it('a 137 that ended 9 s into the grace period is not the grace-end SIGKILL: stop predictions do not explain it', async () => {
    const pod = podDoc({
      ...deployment('api', '7c9d8f6b5'),
      deletion: { at: '2026-11-30T14:02:41Z', grace: 30 },
      containers: [{ name: 'api', image: 'ghcr.io/acme/api:1.4.2', state: terminated(137, 'Error', T0, '2026-11-30T14:02:20Z') }],
    });
    const a = find(await why([pod], [DEMO]), 'api-7c9d8f6b5-x2x4q', 'state');
    assert.equal(a.timing?.verdict, 'during-grace');
    assert.equal(first(a), 'none');
  });

  it('a container whose command replaces the image CMD is not explained by the Dockerfile’s CMD finding (the demo’s migrate Job)', async () => {
    const pod = podDoc({
      name: 'migrate-8xk2p',
      namespace: 'shop',
      owner: 'Job/migrate',
      labels: { 'job-name': 'migrate' },
      restartPolicy: 'Never',
      deletion: { at: '2026-11-30T14:02:41Z', grace: 30 },
      containers: [
        {
          name: 'migrate',
          image: 'ghcr.io/acme/api:1.4.2',
          command: ['python', '-m', 'flask', 'db', 'upgrade'],
          state: terminated(137, 'Error', T0, '2026-11-30T14:02:41Z'),
        },
      ],
    });
    const report = await why([pod], [DEMO]);
    assert.equal(report.pods[0]?.workload?.file, 'fixtures/demo/k8s/migrate-job.yaml');
    const a = find(report, 0, 'state');
    assert.equal(a.timing?.verdict, 'grace-end');
    assert.equal(first(a), 'none');
    assert.deepEqual(a.checks[0], { step: 'the reason: OOMKilled is the memory limit, Error is a kill from outside', field: 'state.terminated.reason' });
  });

  it('a 143 while the pod was being deleted is the stop it asked for, not the liveness prediction', async () => {
    const pod = podDoc({
      ...deployment('orders', '2d1c0b9a8'),
      deletion: { at: '2026-11-30T14:02:41Z', grace: 30 },
      containers: [
        {
          name: 'orders',
          image: 'eclipse-temurin:21-jre',
          command: ['java', '-jar', '/app/orders.jar'],
          state: terminated(143, 'Error', T0, '2026-11-30T14:02:13Z'),
        },
      ],
    });
    const a = find(await why([pod], [SHOP]), 0, 'state');
    assert.equal(a.timing?.verdict, 'during-grace');
    assert.equal(first(a), 'none');
    assert.match(text(a), /it exited on its stop signal within the grace period \(the default action of SIGTERM\): the expected end of a deletion/);
  });

  it('CrashLoopBackOff is explained by what explains the run before it; a 137 after a liveness restart by the probe finding', async () => {
    const web = podDoc({
      ...deployment('web', '5d8f7b6c9'),
      containers: [{ name: 'web', image: 'ghcr.io/acme/web:3.1.0', ...crashLooping(terminated(0, 'Completed', T0, T0), 5) }],
    });
    const api = podDoc({
      name: 'api-0',
      namespace: 'shop',
      owner: 'StatefulSet/api',
      containers: [
        { name: 'api', image: 'python:3.12-slim', command: ['python', '-m', 'api'], ...crashLooping(terminated(137, 'Error', T0, '2026-11-30T09:16:04Z'), 3) },
      ],
    });
    const report = await why([web, api], [SHOP]);
    assert.equal(first(find(report, 0, 'state')), 'cmd-daemonizes fixtures/why/shop/web/Dockerfile:4 exact');
    assert.equal(first(find(report, 1, 'lastState')), 'exec-shell-command-not-found fixtures/why/shop/k8s/api.yaml:23 restart');
    // The same 137 while the pod is deleted is the deletion's stop, not the probe's.
    const deleted = podDoc({
      name: 'api-0',
      namespace: 'shop',
      owner: 'StatefulSet/api',
      deletion: { at: '2026-11-30T14:02:41Z', grace: 30 },
      containers: [{ name: 'api', image: 'python:3.12-slim', command: ['python', '-m', 'api'], state: terminated(137, 'Error', T0, '2026-11-30T14:02:41Z') }],
    });
    assert.equal(first(find(await why([deleted], [SHOP]), 0, 'state')), 'none');
  });

  it('OOMKilled with exit 0: a child was the victim; OOM predictions match by reason', async () => {
    const pod = podDoc({
      ...deployment('worker', '6b5a4c3d2'),
      containers: [
        {
          name: 'worker',
          image: 'ghcr.io/acme/worker:2.0.1',
          state: running('2026-11-30T09:40:00Z'),
          lastState: terminated(0, 'OOMKilled', T0, '2026-11-30T09:39:58Z'),
          restartCount: 1,
        },
      ],
    });
    const a = find(await why([pod], [DEMO]), 'worker-6b5a4c3d2-x2x4q');
    assert.match(text(a), /OOMKilled with exit code 0: a child process was the OOM victim; PID 1 survived/);
    assert.equal(first(a), 'besteffort-qos fixtures/demo/k8s/worker.yaml:19 reason');
  });

  it('exit 1 is the 255 that runc ≥ 1.2 gives for a missing #! interpreter: runc ≤ 1.1 under containerd, crun under CRI-O', async () => {
    const pod = (runtime: 'containerd' | 'cri-o'): Record<string, unknown> =>
      podDoc({
        ...deployment('sync', '3e2d1c0b9'),
        containers: [{ name: 'sync', image: 'ghcr.io/acme/sync:1.0.4', runtime, ...crashLooping(terminated(1, 'Error', T0, T0, { runtime })) }],
      });
    const containerd = await why([pod('containerd')], [SHOP]);
    assert.equal(containerd.pods[0]?.runtime, 'containerd');
    assert.equal(first(find(containerd, 0)), 'interpreter-missing fixtures/why/shop/sync/Dockerfile:3 runtime-version');
    const crio = await why([pod('cri-o')], [SHOP]);
    assert.equal(crio.pods[0]?.runtime, 'cri-o');
    assert.equal(first(find(crio, 0)), 'interpreter-missing fixtures/why/shop/sync/Dockerfile:3 exact');
  });

  it('a pod whose workload is not in the paths joins through another container running the same image the same way', async () => {
    const pod = podDoc({
      name: 'web-canary',
      namespace: 'staging',
      containers: [{ name: 'web', image: 'ghcr.io/acme/web:3.2.0-rc1', ...crashLooping(terminated(0, 'Completed', T0, T0)) }],
    });
    const a = find(await why([pod], [SHOP]), 'web-canary');
    assert.equal(first(a), 'cmd-daemonizes fixtures/why/shop/web/Dockerfile:4 exact');
    assert.match(a.joined?.via ?? '', /another container runs the same image the same way/);
  });

  it('an init container is explained as well; a running container beside it is not', async () => {
    const pod = podDoc({
      name: 'ui',
      namespace: 'shop',
      phase: 'Pending',
      containers: [
        { name: 'migrate', image: 'ghcr.io/acme/runner:0.9.2', init: true, ...crashLooping(terminated(127, 'Error', T0, T0)) },
        { name: 'ui', image: 'ghcr.io/Acme/UI:1.0', state: waiting('PodInitializing'), runtime: undefined },
      ],
    });
    const report = await why([pod], [SHOP]);
    const p = report.pods[0];
    assert.deepEqual(
      p?.containers.map((c) => `${c.container} ${c.role} ${c.observed.field} ${c.observed.reason}`),
      ['migrate init state CrashLoopBackOff', 'migrate init lastState Error'],
    );
  });

  it('the workload of a ReplicaSet is found by the pod-template-hash label, with the namespace', async () => {
    const pod = podDoc({
      ...deployment('api', '7c9d8f6b5'),
      containers: [{ name: 'api', image: 'ghcr.io/acme/api:1.4.2', ...crashLooping(terminated(2, 'Error', T0, T1)) }],
    });
    const report = await why([pod], [DEMO]);
    assert.deepEqual(report.pods[0]?.workload, {
      kind: 'Deployment',
      name: 'api',
      namespace: 'shop',
      file: 'fixtures/demo/k8s/api.yaml',
      line: 1,
      by: 'metadata.ownerReferences: ReplicaSet api-7c9d8f6b5 → Deployment api',
    });
    const other = await why(
      [
        podDoc({
          ...deployment('api', '7c9d8f6b5'),
          namespace: 'payments',
          containers: [{ name: 'api', image: 'example.org/api:1', state: terminated(2, 'Error', T0, T1) }],
        }),
      ],
      [DEMO],
    );
    assert.equal(other.pods[0]?.workload, null);
  });
});
