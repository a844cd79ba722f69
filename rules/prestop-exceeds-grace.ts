import { defineRule } from '../src/engine/rule.js';
import { MINIMUM_GRACE_PERIOD_SECONDS } from '../src/model/workload/stop-timeline.js';

export default defineRule({
  meta: {
    id: 'prestop-exceeds-grace',
    title: 'preStop hook outlasts terminationGracePeriodSeconds: SIGKILL (137)',
    severity: 'error',
    predicts: { exitCode: 137, reason: 'Error', phase: 'stop' },
    messages: {
      sleepNotLessThanGrace: `Container {{container}}: preStop sleep of {{seconds}} s is not less than the grace period ({{graceText}}); the API server rejects the object (Invalid). Lower sleep.seconds or raise terminationGracePeriodSeconds.`,
      outlastsGrace: `Container {{container}}: preStop sleeps {{seconds}} s but {{graceText}}: the kubelet sends SIGTERM {{part}} with only {{MINIMUM_GRACE_PERIOD_SECONDS}} s left, then SIGKILL: exit 137. Shorten the sleep or raise terminationGracePeriodSeconds.`,
    },
    doc: {
      whatItPredicts:
        'The preStop hook uses up the grace period: the app gets SIGTERM with only 2 s left and is SIGKILLed (exit 137) unless it exits within them. A native `sleep` action not shorter than the grace period is rejected by the API server (phase admission).',
      why: 'terminationGracePeriodSeconds (default 30) covers the preStop hook and the stop: the kubelet runs the hook with the grace period as timeout, subtracts the time it took, and grants at least 2 s after the stop signal before SIGKILL (pkg/kubelet/kuberuntime/kuberuntime_container.go `killContainer`, `minimumGracePeriodInSeconds = 2`). Validation rejects `lifecycle.preStop.sleep.seconds` not less than the grace period (pkg/apis/core/validation/validation.go, validateSleepAction).',
      example: 'terminationGracePeriodSeconds: 30\ncontainers:\n- name: web\n  lifecycle:\n    preStop:\n      exec:\n        command: ["sleep", "45"]',
      fix: 'Keep the preStop delay well below the grace period (leave the app time to shut down), or raise terminationGracePeriodSeconds; prefer the native `sleep` action (Kubernetes 1.30+), which needs no sleep binary in the image.',
      references: [
        'https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#hook-handler-execution',
        'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination',
        'https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/kuberuntime/kuberuntime_container.go',
      ],
    },
  },

  create: (context) => ({
    workload(workload) {
      for (const container of [...workload.containers, ...workload.initContainers.filter((c) => c.role === 'sidecar')]) {
        const { preStop, gracePeriodSeconds, gracePath } = container.stop;
        if (!preStop || preStop.seconds === undefined || !preStop.durationPath) continue;
        // With a grace period of 0 the kubelet skips the hook altogether.
        if (gracePeriodSeconds === 0) continue;
        const graceText = `terminationGracePeriodSeconds is ${gracePeriodSeconds}${gracePath ? '' : ' (default)'}`;
        const related = gracePath ? [{ at: workload.at(gracePath), message: `grace period ${gracePeriodSeconds} s` }] : [];
        if (preStop.kind === 'sleep') {
          if (preStop.seconds < gracePeriodSeconds) continue;
          context.report({
            at: workload.at(preStop.durationPath),
            exitCode: null,
            reason: 'Invalid',
            phase: 'admission',
            messageId: 'sleepNotLessThanGrace',
            data: { container: container.name, seconds: preStop.seconds, graceText },
            related,
          });
          continue;
        }
        const left = gracePeriodSeconds - preStop.seconds;
        if (left >= MINIMUM_GRACE_PERIOD_SECONDS) continue;
        // A program that stops within the seconds it still gets (nginx) ends cleanly anyway.
        const pid1 = container.joined?.startup?.stop.pid1;
        const within = pid1?.kind === 'program' ? pid1.facts?.shutsDownWithin : undefined;
        if (within && within.seconds <= MINIMUM_GRACE_PERIOD_SECONDS) continue;
        context.report({
          at: workload.at(preStop.durationPath),
          messageId: 'outlastsGrace',
          data: {
            container: container.name,
            seconds: preStop.seconds,
            graceText,
            part: preStop.seconds >= gracePeriodSeconds ? `at ${gracePeriodSeconds} s` : `after ${preStop.seconds} s`,
            MINIMUM_GRACE_PERIOD_SECONDS,
          },
          related,
        });
      }
    },
  }),
});
