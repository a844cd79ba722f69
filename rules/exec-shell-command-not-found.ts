import { defineRule, type Severity } from '../src/engine/rule.js';
import type { ExecProgram } from '../src/model/join.js';
import { hasResolved, lacksResolved } from '../src/predict/exec-program.js';
import { allContainers } from '../src/predict/joined.js';
import { joinRelated, imageName } from './support/phrases.js';

/** What a probe or hook whose command exits 127 every time leads to. */
const OUTCOME: Record<ExecProgram['kind'], { severity: Severity; reason: string | null; exitCode: number | null; text: string }> = {
  livenessProbe: {
    severity: 'error',
    reason: 'CrashLoopBackOff',
    exitCode: null,
    text: 'every liveness probe fails, so after failureThreshold failures the kubelet kills the container ("Liveness probe failed … will be restarted") and does so after every restart: CrashLoopBackOff',
  },
  readinessProbe: {
    severity: 'error',
    reason: 'ContainersNotReady',
    exitCode: null,
    text: 'every readiness probe fails, so the pod never becomes Ready: no Service traffic, and a rollout never progresses',
  },
  startupProbe: {
    severity: 'error',
    reason: 'CrashLoopBackOff',
    exitCode: null,
    text: 'the startup probe never succeeds, so after failureThreshold failures the kubelet kills the container and restarts it: CrashLoopBackOff',
  },
  preStop: {
    severity: 'warning',
    reason: 'FailedPreStopHook',
    exitCode: null,
    text: 'the preStop hook fails at once (FailedPreStopHook) and the kubelet sends the stop signal without the intended delay',
  },
  postStart: {
    severity: 'error',
    reason: 'FailedPostStartHook',
    exitCode: null,
    text: 'the postStart hook fails, so the kubelet kills the container (FailedPostStartHook) and restarts it: CrashLoopBackOff',
  },
};

export default defineRule({
  meta: {
    id: 'exec-shell-command-not-found',
    title: 'sh -c probe or hook runs a program the image lacks: the shell exits 127, a real failure',
    severity: 'error',
    predicts: { exitCode: null, reason: 'CrashLoopBackOff', phase: 'run' },
    messages: {
      notFound: `Container {{container}}: the {{kind}} runs {{part}} -c with {{argv0}}, which {{part2}} does not contain; the shell prints "{{argv0}}: not found" and exits 127 every time, and {{text}}. Use an httpGet/tcpSocket probe or a program the image has.`,
    },
    doc: {
      whatItPredicts:
        'An exec probe or hook written as `sh -c "curl …"` in an image that has a shell but not the tool: the shell prints "curl: not found" and exits 127 every time. Unlike a missing program in the exec itself (an error the kubelet throws away, see probe-never-succeeds), this is a failed probe: a liveness or startup probe gets the container killed and restarted forever (CrashLoopBackOff), a readiness probe keeps the pod out of Ready, a preStop hook loses its delay, a postStart hook kills the container.',
      why: 'The exec runs the shell, which exists, so the CRI returns its exit status instead of an error; POSIX shells (dash, bash, busybox ash) exit 127 for a command not found. The kubelet counts any non-zero exit of an exec probe as Failure (pkg/kubelet/prober/prober.go, pkg/probe/exec/exec.go), and a liveness or startup probe that reaches failureThreshold kills the container (pkg/kubelet/prober/worker.go). Only programs the string runs unconditionally are checked (top-level commands and `&&` lists), and only when the image certainly lacks them (known base image contents, Dockerfile model).',
      example:
        'image: python:3.12-slim   # has /bin/sh, no curl\nlivenessProbe:\n  exec:\n    command: ["sh", "-c", "curl -fsS http://localhost:8000/healthz"]',
      fix: 'Use an httpGet or tcpSocket probe (run by the kubelet, no tool needed), install the tool in the image, or call a program the image has (e.g. `python -c …`).',
      references: [
        'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/',
        'https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html#tag_19_08_02',
        'https://github.com/kubernetes/kubernetes/blob/master/pkg/probe/exec/exec.go',
      ],
    },
  },

  create: (context) => ({
    workload(workload) {
      for (const container of allContainers(workload)) {
        const joined = container.joined;
        if (!joined) continue;
        for (const exec of joined.execPrograms) {
          if (!exec.shellPrograms || !hasResolved(exec.program)) continue;
          const missing = exec.shellPrograms.find((p) => lacksResolved(joined, p));
          if (!missing) continue;
          const outcome = OUTCOME[exec.kind];
          context.report({
            at: workload.at(exec.path),
            severity: outcome.severity,
            reason: outcome.reason,
            exitCode: outcome.exitCode,
            messageId: 'notFound',
            data: {
              container: container.name,
              kind: exec.kind,
              part: exec.argv[0] ?? 'sh',
              argv0: missing.argv0,
              part2: imageName(joined),
              text: outcome.text,
            },
            related: joinRelated(joined),
          });
        }
      }
    },
  }),
});
