import { defineRule } from '../src/engine/rule.js';
import { lacksProgram } from '../src/predict/exec-program.js';
import { allContainers } from '../src/predict/joined.js';
import { joinRelated, imageName } from './support/phrases.js';

export default defineRule({
  meta: {
    id: 'exec-hook-binary-missing',
    title: 'Exec lifecycle hook runs a program the image lacks: the hook fails',
    severity: 'warning',
    predicts: { exitCode: null, reason: 'FailedPreStopHook', phase: 'stop' },
    messages: {
      preStopMissing: `Container {{container}}: the preStop hook runs {{program}}, which {{part}} does not contain; the hook fails at once (FailedPreStopHook) and the kubelet sends SIGTERM without the delay, so in-flight and new requests fail during rollouts. Use {{nativeSleep}}.`,
      postStartMissing: `Container {{container}}: the postStart hook runs {{program}}, which {{part}} does not contain; the hook fails, the kubelet kills the container (FailedPostStartHook) and restarts it, then CrashLoopBackOff. Remove the hook or run it with a program the image has.`,
    },
    doc: {
      whatItPredicts:
        'A preStop exec hook (typically `sleep 5` to let endpoints drain) fails at once with event FailedPreStopHook; the kubelet goes straight to SIGTERM, so the drain delay is lost and requests fail during rollouts. A failing postStart hook gets the container killed (FailedPostStartHook) and restarted.',
      why: 'Exec hooks run inside the container like `kubectl exec` (pkg/kubelet/lifecycle/handlers.go); there is no shell and no kubelet-side fallback, so a program missing from the image (distroless and scratch have no sleep, curl or wget) fails. The kubelet logs the preStop failure and continues killing the container (pkg/kubelet/kuberuntime/kuberuntime_container.go `executePreStopHook`); a postStart failure kills the container ("FailedPostStartHook"). The native `sleep` action runs in the kubelet and needs no binary (feature gate PodLifecycleSleepAction in pkg/features/kube_features.go: beta, on by default, since 1.30; GA 1.34).',
      example: 'image: gcr.io/distroless/java21-debian12\nlifecycle:\n  preStop:\n    exec:\n      command: ["sleep", "5"]',
      fix: 'Use the native action `lifecycle.preStop.sleep.seconds: 5` (Kubernetes 1.30+), or an httpGet hook served by the app.',
      references: [
        'https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/',
        'https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/kuberuntime/kuberuntime_container.go',
      ],
    },
  },

  create: (context) => ({
    workload(workload) {
      const version = context.project.config?.kubernetesVersion;
      // PodLifecycleSleepAction: alpha (off) in 1.29, beta (on) from 1.30, GA in 1.34 (pkg/features/kube_features.go PodLifecycleSleepAction).
      const nativeSleep =
        version === undefined || version.minor >= 34
          ? 'lifecycle.preStop.sleep.seconds (runs in the kubelet, GA since 1.34)'
          : version.minor >= 30
            ? `lifecycle.preStop.sleep.seconds (runs in the kubelet; beta, on by default in ${version.major}.${version.minor})`
            : version.minor === 29
              ? 'an httpGet hook (the native sleep action is alpha in 1.29: feature gate PodLifecycleSleepAction, off by default)'
              : `an httpGet hook (the native sleep action needs Kubernetes 1.30; this cluster is ${version.major}.${version.minor})`;
      for (const container of allContainers(workload)) {
        const joined = container.joined;
        if (!joined) continue;
        for (const exec of joined.execPrograms) {
          if ((exec.kind !== 'preStop' && exec.kind !== 'postStart') || !lacksProgram(joined, exec)) continue;
          const program = exec.argv[0] ?? '';
          if (exec.kind === 'preStop')
            context.report({
              at: workload.at(exec.path),
              messageId: 'preStopMissing',
              data: { container: container.name, program, part: imageName(joined), nativeSleep },
              related: joinRelated(joined),
            });
          else
            context.report({
              at: workload.at(exec.path),
              severity: 'error',
              reason: 'FailedPostStartHook',
              phase: 'start',
              messageId: 'postStartMissing',
              data: { container: container.name, program, part: imageName(joined) },
              related: joinRelated(joined),
            });
        }
      }
    },
  }),
});
