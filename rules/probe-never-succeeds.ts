import { defineRule, type Severity } from '../src/engine/rule.js';
import type { YamlPath } from '../src/parse/manifest.js';
import { lacksProgram } from '../src/predict/exec-program.js';
import { allContainers } from '../src/predict/joined.js';
import { joinRelated, imageName } from './support/phrases.js';

type ProbeKind = 'livenessProbe' | 'readinessProbe' | 'startupProbe';
const PROBES: readonly ProbeKind[] = ['startupProbe', 'readinessProbe', 'livenessProbe'];

/** What an errored probe does: the kubelet throws the result away (pkg/kubelet/prober/worker.go). */
const OUTCOME: Record<ProbeKind, { severity: Severity; reason: string | null; text: string }> = {
  livenessProbe: {
    severity: 'warning',
    reason: null,
    text: 'liveness keeps its initial Success, so the container is never restarted, even when it hangs (events "Liveness probe errored")',
  },
  readinessProbe: {
    severity: 'error',
    reason: 'ContainersNotReady',
    text: 'readiness keeps its initial Failure, so the pod never becomes Ready: no Service traffic, and a Deployment rollout never progresses',
  },
  startupProbe: {
    severity: 'error',
    reason: 'ContainersNotReady',
    text: 'the container is never marked started, so liveness and readiness never run and the pod never becomes Ready',
  },
};

export default defineRule({
  meta: {
    id: 'probe-never-succeeds',
    title: 'Probe that errors every time (missing binary, unknown named port): never Ready, or liveness silently off',
    severity: 'error',
    predicts: { exitCode: null, reason: 'ContainersNotReady', phase: 'run' },
    messages: {
      neverSucceeds: `Container {{container}}: the {{kind}} {{cause}}; the kubelet discards errored probe results, so {{text}}. Use an httpGet/tcpSocket probe on a declared port.`,
    },
    doc: {
      whatItPredicts:
        'The probe can never run. A readiness or startup probe keeps the pod out of Ready forever (no traffic, rollout stuck); a liveness probe is silently disabled — the container is never restarted, even when it hangs.',
      why: 'An exec probe whose program is not in the image fails to start inside the runtime (runc: "executable file not found in $PATH"), which the CRI returns as an error rather than an exit code; an httpGet/tcpSocket probe on a port name the container does not declare fails to resolve ("port … not found"). Both make the prober return an error, and the kubelet\'s probe worker throws errored results away (pkg/kubelet/prober/worker.go `doProbe`: "Prober error, throw away the result"), so each probe keeps its initial value: liveness Success, readiness Failure, startup Unknown. Observed in kubernetes/kubernetes#106682 ("Liveness Probe with an invalid command doesn\'t trigger container restarts"). So such a liveness probe never restarts the container, even when the application hangs.',
      example: 'image: gcr.io/distroless/static-debian12\nreadinessProbe:\n  exec:\n    command: ["curl", "-f", "http://localhost:8080/ready"]',
      fix: 'Use an httpGet or tcpSocket probe (run by the kubelet, no binary needed) or grpc; name ports that probes refer to in `ports[].name`.',
      references: [
        'https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/prober/worker.go',
        'https://github.com/kubernetes/kubernetes/issues/106682',
        'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/',
      ],
    },
  },

  create: (context) => ({
    workload(workload) {
      for (const container of allContainers(workload)) {
        for (const kind of PROBES) {
          const probe = container.fields[kind];
          if (!probe) continue;
          const outcome = OUTCOME[kind];
          const report = (at: YamlPath, cause: string, related = [] as ReturnType<typeof joinRelated>): void =>
            context.report({
              at: workload.at(at),
              severity: outcome.severity,
              reason: outcome.reason,
              messageId: 'neverSucceeds',
              data: { container: container.name, kind, cause, text: outcome.text },
              related,
            });
          for (const { handler, name, path } of probe.portNames) {
            if (container.fields.portNames.has(name)) continue;
            report(path, `${handler} port "${name}" names no port of the container, so the probe errors with "port ${name} not found" every time`);
          }
          const joined = container.joined;
          const exec = joined?.execPrograms.find((e) => e.kind === kind);
          if (joined && exec && lacksProgram(joined, exec))
            report(
              exec.path,
              `runs ${exec.argv[0] ?? ''}, which ${imageName(joined)} does not contain, so the exec fails ("executable file not found") and the probe errors every time`,
              joinRelated(joined),
            );
        }
      }
    },
  }),
});
