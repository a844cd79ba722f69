import { defineRule } from '../src/engine/rule.js';
import { qosClass } from '../src/model/workload/qos.js';

export default defineRule({
  meta: {
    id: 'besteffort-qos',
    title: 'No requests or limits: BestEffort pod, first to be OOM-killed (137)',
    severity: 'warning',
    predicts: { exitCode: 137, reason: 'OOMKilled', phase: 'oom' },
    messages: {
      bestEffort: `{{kind}} {{name}}: no cpu or memory requests or limits on any container ({{names}}), so the pod is BestEffort with oom_score_adj 1000: under node memory pressure it is OOMKilled first (exit 137) and evicted first. Set resources.requests and limits.`,
    },
    doc: {
      whatItPredicts:
        'The pod gets QoS class BestEffort and oom_score_adj 1000, the highest there is: under node memory pressure its containers are the first the kernel OOM killer picks (reason OOMKilled, exit code 137) and the first the kubelet evicts.',
      why: 'The QoS class is computed from cpu and memory requests and limits of all containers, init containers included (pkg/apis/core/v1/helper/qos/qos.go): with none at all the pod is BestEffort. The kubelet sets oom_score_adj from the class (pkg/kubelet/qos/policy.go): Guaranteed −997, BestEffort 1000, Burstable 3…999 by memory request.',
      example: 'containers:\n- name: api\n  image: ghcr.io/acme/api:1.4.2   # no resources',
      fix: 'Set `resources.requests` (and ideally `limits`) for cpu and memory on every container; requests equal to limits give Guaranteed (oom_score_adj −997).',
      references: [
        'https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/',
        'https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/#node-out-of-memory-behavior',
      ],
    },
  },

  create: (context) => ({
    workload(workload) {
      if (workload.containers.length === 0) return;
      if (qosClass(workload) !== 'BestEffort') return;
      const names = [...workload.initContainers, ...workload.containers].map((c) => c.name).join(', ');
      context.report({
        at: workload.at([...workload.podSpecPath, 'containers']),
        messageId: 'bestEffort',
        data: { kind: workload.kind, name: workload.name, names },
      });
    },
  }),
});
