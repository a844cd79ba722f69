import { defineRule } from '../src/engine/rule.js';
import { programByName } from '../src/knowledge/programs.js';
import type { JoinedContainer } from '../src/model/join.js';

/** Probe defaults (pkg/apis/core/v1/defaults.go SetDefaults_Probe). */
/** Below this, a JVM service (class loading, dependency injection, JIT warm-up) is often not listening yet. */
const SLOW_START_SECONDS = 30;

/** The container's PID 1 is a JVM: `java …`, directly or through an entrypoint that execs it (eclipse-temurin's). */
function runsJava(container: JoinedContainer): boolean {
  const argv = container.joined?.startup?.command?.argv ?? container.command;
  if (!argv || argv.length === 0) return false;
  const [first, second] = argv;
  if (first !== undefined && programByName(first)?.id === 'java') return true;
  return first === '/__cacert_entrypoint.sh' && second !== undefined && programByName(second)?.id === 'java';
}

export default defineRule({
  meta: {
    id: 'liveness-kills-slow-start',
    title: 'Liveness probe without a startup probe on a slow starter (JVM): killed before it is up, restart loop',
    severity: 'warning',
    predicts: { exitCode: 143, reason: 'Error', phase: 'run' },
    messages: {
      killedWhileStarting: `Container {{container}} runs a JVM with a livenessProbe and no startupProbe: probing starts at {{delay}} s and {{failures}} failures {{period}} s apart kill it about {{killedAfter}} s after start. If the application is not answering by then, the kubelet stops it (the JVM exits 143 on SIGTERM) and restarts it, every time: never Ready, then CrashLoopBackOff. Add a startupProbe (e.g. periodSeconds: 5, failureThreshold: 30) or raise initialDelaySeconds above the real start time.`,
    },
    doc: {
      whatItPredicts:
        'The liveness probe starts failing while the JVM is still starting; after `failureThreshold` failures the kubelet stops the container (event "Liveness probe failed … will be restarted"), the JVM exits 143 on SIGTERM, and the same happens on every restart: the pod never becomes Ready and ends in CrashLoopBackOff.',
      why: 'Without a startupProbe, liveness probing begins after initialDelaySeconds (default 0) and kills the container after failureThreshold (default 3) consecutive failures periodSeconds (default 10) apart, each failing after timeoutSeconds (default 1) (pkg/apis/core/v1/defaults.go, pkg/kubelet/prober/worker.go). A liveness failure stops the container with the normal stop sequence (pkg/kubelet/kuberuntime/kuberuntime_container.go `killContainer`, with the probe-level terminationGracePeriodSeconds if set) and the JVM handles SIGTERM and exits 128+15 = 143 (java.lang.Terminator, lab case "java"). A startupProbe holds liveness back until it succeeds.',
      example:
        'containers:\n- name: api\n  image: eclipse-temurin:21-jre\n  command: ["java", "-jar", "/app/api.jar"]\n  livenessProbe:\n    httpGet: {path: /actuator/health/liveness, port: 8080}',
      fix: 'Add a startupProbe on the same endpoint with enough budget (e.g. `periodSeconds: 5, failureThreshold: 30` = 150 s), or raise initialDelaySeconds above the real start time.',
      references: [
        'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#define-startup-probes',
        'https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/prober/worker.go',
      ],
    },
  },

  create: (context) => ({
    workload(workload) {
      for (const container of workload.containers) {
        const liveness = container.fields.livenessProbe;
        if (!liveness || container.fields.startupProbe || !runsJava(container)) continue;
        const delay = liveness.initialDelaySeconds.value;
        const period = liveness.periodSeconds.value;
        const failures = Math.max(1, liveness.failureThreshold.value);
        const timeout = liveness.timeoutSeconds.value;
        // The first probe runs at the initial delay; the last failure that kills comes (failures − 1) periods later.
        const killedAfter = delay + (failures - 1) * period + timeout;
        if (killedAfter >= SLOW_START_SECONDS) continue;
        const { initialDelaySeconds } = liveness;
        context.report({
          at: workload.at(initialDelaySeconds.set ? initialDelaySeconds.path : liveness.path),
          messageId: 'killedWhileStarting',
          data: { container: container.name, delay, failures, period, killedAfter },
        });
      }
    },
  }),
});
