import { defineRule } from '../src/engine/rule.js';

const ALWAYS_ONLY = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController']);
const JOBS = new Set(['Job', 'CronJob']);

export default defineRule({
  meta: {
    id: 'restart-policy-invalid',
    title: 'restartPolicy the workload kind does not allow: rejected by the API server',
    severity: 'error',
    predicts: { exitCode: null, reason: 'Invalid', phase: 'admission' },
    messages: {
      jobDefaultsToAlways:
        '{{kind}} {{name}}: no restartPolicy, so the pod template defaults to Always, which a Job does not allow; the API server rejects it (Required value: "OnFailure", "Never"). Set restartPolicy: Never or OnFailure.',
      jobPolicyInvalid:
        '{{kind}} {{name}}: restartPolicy {{policy}} is not allowed for a Job; the API server rejects it (valid values: "OnFailure", "Never"). Set restartPolicy: Never or OnFailure.',
      notAlways: `{{kind}} {{name}}: restartPolicy {{part}} is not allowed; the API server rejects it (supported values: "Always"). Remove restartPolicy; use a Job for run-to-completion work.`,
    },
    doc: {
      whatItPredicts:
        'The API server rejects the object (422 Invalid). A Job or CronJob needs `restartPolicy: Never` or `OnFailure` — leaving it out is rejected too, since the pod template defaults it to Always; Deployments, StatefulSets, DaemonSets and ReplicaSets allow only `Always`.',
      why: 'pkg/apis/batch/validation/validation.go `validateJobSpec`: "spec.template.spec.restartPolicy: Required value: valid values: \\"OnFailure\\", \\"Never\\""; pkg/apis/apps/validation/validation.go (ValidatePodTemplateSpecForReplicaSet/StatefulSet/DaemonSet): "Unsupported value: \\"OnFailure\\": supported values: \\"Always\\"". The pod template defaults restartPolicy to Always (pkg/apis/core/v1/defaults.go).',
      example: 'kind: Job\nspec:\n  template:\n    spec:\n      containers: [...]   # no restartPolicy → Always → rejected',
      fix: 'Jobs: `restartPolicy: Never` (failed pods are kept for inspection) or `OnFailure`. Long-running workloads: remove restartPolicy or set Always.',
      references: [
        'https://kubernetes.io/docs/concepts/workloads/controllers/job/#pod-template',
        'https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/batch/validation/validation.go',
      ],
    },
  },

  create: (context) => ({
    workload(workload) {
      const { restartPolicy } = workload.pod;
      const policy = restartPolicy.set ? restartPolicy.value : undefined;
      const policyPath = restartPolicy.path;
      if (JOBS.has(workload.kind) && workload.apiVersion.startsWith('batch/')) {
        if (policy === 'Never' || policy === 'OnFailure') return;
        context.report({
          at: workload.at(policy === undefined ? workload.podSpecPath : policyPath),
          messageId: policy === undefined ? 'jobDefaultsToAlways' : 'jobPolicyInvalid',
          data: { kind: workload.kind, name: workload.name, policy: JSON.stringify(policy) },
        });
      } else if (ALWAYS_ONLY.has(workload.kind) && policy !== undefined && policy !== 'Always') {
        context.report({
          at: workload.at(policyPath),
          messageId: 'notAlways',
          data: { kind: workload.kind, name: workload.name, part: JSON.stringify(policy) },
        });
      }
    },
  }),
});
