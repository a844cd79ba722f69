import { defineRule } from '../src/engine/rule.js';
import { selectorIsEmpty, selectorMatches } from '../src/model/workload/labels.js';

const SELECTED = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

/** Workload API versions no longer served, and the release that removed them (Kubernetes deprecated API migration guide, v1.16). */
const REMOVED_APIS: Readonly<Record<string, string>> = { 'extensions/v1beta1': '1.16', 'apps/v1beta1': '1.16', 'apps/v1beta2': '1.16' };

export default defineRule({
  meta: {
    id: 'selector-mismatch',
    title: 'Selector does not match the pod template labels: rejected by the API server',
    severity: 'error',
    predicts: { exitCode: null, reason: 'Invalid', phase: 'admission' },
    messages: {
      apiNotServed: `{{kind}} {{name}}: {{apiVersion}} is no longer served (removed in Kubernetes {{removedIn}}); nothing is created (kubectl: no matches for kind "{{kind}}" in version "{{apiVersion}}"). Use apps/v1, where spec.selector is required and must match the template labels.`,
      selectorMissing: `{{kind}} {{name}}: apps/v1 requires a non-empty spec.selector; the API server rejects it (Required value). Add selector.matchLabels equal to the template labels.`,
      selectorMismatch: `{{kind}} {{name}}: spec.selector does not match the pod template labels; the API server rejects it ("selector does not match template labels"). Make the template labels include every selector label.`,
    },
    doc: {
      whatItPredicts:
        'The API server rejects the Deployment, StatefulSet, DaemonSet or ReplicaSet (422 Invalid, "`selector` does not match template `labels`"); in apps/v1 a missing selector is rejected too ("Required value").',
      why: 'pkg/apis/apps/validation/validation.go (ValidateDeploymentSpec, ValidateStatefulSetSpec, ValidateDaemonSetSpec, ValidateReplicaSetSpec): the selector must be non-empty and `selector.Matches(labels.Set(template.Labels))`, else "selector does not match template labels". A controller must own exactly the pods it creates.',
      example: 'selector:\n  matchLabels: {app: api}\ntemplate:\n  metadata:\n    labels: {app: api-server}',
      fix: 'Make the template labels include every matchLabels pair (and satisfy matchExpressions). Note the selector of an existing Deployment is immutable.',
      references: [
        'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#selector',
        'https://kubernetes.io/docs/reference/using-api/deprecation-guide/#v1-16',
        'https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/apps/validation/validation.go',
      ],
    },
  },

  create: (context) => ({
    workload(workload) {
      if (!SELECTED.has(workload.kind)) return;
      const removedIn = REMOVED_APIS[workload.apiVersion];
      if (removedIn !== undefined) {
        // These versions defaulted the selector from the template labels; they are not served at all any more.
        context.report({
          at: workload.at([...workload.objectPath, 'apiVersion']),
          messageId: 'apiNotServed',
          reason: null,
          data: { kind: workload.kind, name: workload.name, apiVersion: workload.apiVersion, removedIn },
        });
        return;
      }
      if (workload.apiVersion !== 'apps/v1') return;
      const selector = workload.selector;
      if (selector === undefined || selectorIsEmpty(selector)) {
        context.report({
          at: workload.at(selector ? selector.path : [...workload.objectPath, 'spec']),
          messageId: 'selectorMissing',
          data: { kind: workload.kind, name: workload.name },
        });
        return;
      }
      if (selectorMatches(selector, workload.templateLabels.value) !== false) return;
      context.report({
        at: workload.at(selector.path),
        messageId: 'selectorMismatch',
        data: { kind: workload.kind, name: workload.name },
        related: [{ at: workload.at(workload.templateLabels.path), message: 'template labels' }],
      });
    },
  }),
});
