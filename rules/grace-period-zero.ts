import { defineRule } from '../src/engine/rule.js';
import { MINIMUM_GRACE_PERIOD_SECONDS } from '../src/model/workload/stop-timeline.js';

export default defineRule({
  meta: {
    id: 'grace-period-zero',
    title: 'terminationGracePeriodSeconds: 0: SIGKILL about 2 s after SIGTERM (137), pod removed from the API at once',
    severity: 'warning',
    predicts: { exitCode: 137, reason: 'Error', phase: 'stop' },
    messages: {
      zeroGrace: `{{kind}} {{name}}: terminationGracePeriodSeconds is 0: on delete the API server removes the pod at once, and the kubelet sends SIGTERM and then SIGKILL {{MINIMUM_GRACE_PERIOD_SECONDS}} s later, so a program that takes longer to shut down dies with exit 137.{{hookText}}{{statefulText}} Remove the field (default 30 s) or set the time shutdown really needs.`,
    },
    doc: {
      whatItPredicts:
        'On every delete, rollout or scale-down the pod object disappears from the API server at once (no Terminating state, so Services and controllers forget it immediately) while the kubelet still stops the containers: SIGTERM, then SIGKILL about 2 s later. A program that needs longer to drain or flush dies with exit 137; a preStop hook is skipped or cut to 1 s. For a StatefulSet the replacement pod with the same identity can start while the old one still runs.',
      why: 'A grace period of 0 means "delete immediately": the API server removes the pod without waiting for the kubelet (DeleteOptions.gracePeriodSeconds: "The value zero indicates delete immediately"). The kubelet never stops a pod with less than 1 s (pkg/kubelet/pod_workers.go `calculateEffectiveGracePeriod`: "no matter what, we always supply a grace period of 1") and grants at least 2 s after the stop signal (pkg/kubelet/kuberuntime/kuberuntime_container.go `killContainer`, `minimumGracePeriodInSeconds = 2`); the preStop hook only runs when the grace period is above 0 (skipped by kubelets that apply the pod\'s 0, limited to the 1 s override by newer ones). The Kubernetes docs call a terminationGracePeriodSeconds of 0 "unsafe and strongly discouraged for StatefulSet Pods" (Force Delete StatefulSet Pods).',
      example: 'spec:\n  terminationGracePeriodSeconds: 0\n  containers:\n  - name: db\n    image: postgres:16',
      fix: 'Remove the field (default 30 s) or set the time the program really needs to shut down; to stop fast, make the program handle SIGTERM rather than skip the grace period.',
      references: [
        'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination',
        'https://kubernetes.io/docs/tasks/run-application/force-delete-stateful-set-pod/',
        'https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/pod_workers.go',
        'https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/kuberuntime/kuberuntime_container.go',
      ],
    },
  },

  create: (context) => ({
    workload(workload) {
      if (workload.kind === 'PodTemplate') return;
      const first = workload.containers[0];
      if (!first || first.stop.gracePeriodSeconds !== 0 || !first.stop.gracePath) return;
      const hooks = [...workload.containers, ...workload.initContainers].filter((c) => c.stop.preStop).map((c) => c.name);
      const hookText = hooks.length > 0 ? ` The preStop hook of ${hooks.join(', ')} is skipped or cut to 1 s, so its drain delay is lost.` : '';
      const statefulText =
        workload.kind === 'StatefulSet'
          ? ' For a StatefulSet this is unsafe: the replacement pod with the same name and volumes can start while the old one is still running.'
          : '';
      context.report({
        at: workload.at(first.stop.gracePath),
        severity: workload.kind === 'StatefulSet' ? 'error' : 'warning',
        messageId: 'zeroGrace',
        data: { kind: workload.kind, name: workload.name, MINIMUM_GRACE_PERIOD_SECONDS, hookText, statefulText },
      });
    },
  }),
});
