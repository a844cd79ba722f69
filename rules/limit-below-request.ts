import { defineRule } from '../src/engine/rule.js';
import { compareQuantities, parseQuantity } from '../src/model/workload/quantity.js';
import { allContainers } from '../src/predict/joined.js';

export default defineRule({
  meta: {
    id: 'limit-below-request',
    title: 'Resource limit below its request: rejected by the API server',
    severity: 'error',
    predicts: { exitCode: null, reason: 'Invalid', phase: 'admission' },
    messages: {
      requestAboveLimit: `Container {{container}}: {{name}} request {{text}} is more than its limit {{text2}}; the API server rejects the {{kind}} ("must be less than or equal to {{name}} limit"). Raise the limit or lower the request.`,
    },
    doc: {
      whatItPredicts:
        'The API server rejects the object (HTTP 422 Invalid, "must be less than or equal to memory limit"); for a Deployment nothing is created, the apply fails.',
      why: 'Validation of ResourceRequirements requires every request to be at most its limit (pkg/apis/core/validation/validation.go `ValidateResourceRequirements`: "must be less than or equal to %s limit of %s"). Quantities are compared exactly (1Gi = 1073741824 > 1G = 1000000000).',
      example: 'resources:\n  requests:\n    memory: 1Gi\n  limits:\n    memory: 1G    # 1e9 < 1Gi',
      fix: 'Raise the limit to at least the request (mind Gi vs G), or lower the request.',
      references: [
        'https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go',
        'https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/',
      ],
    },
  },

  create: (context) => ({
    workload(workload) {
      for (const container of allContainers(workload)) {
        for (const [name, requestValue] of Object.entries(container.requests)) {
          const request = parseQuantity(requestValue);
          const limit = parseQuantity(container.limits[name]);
          if (!request || !limit || compareQuantities(request, limit) <= 0) continue;
          context.report({
            at: workload.at([...container.path, 'resources', 'requests', name]),
            messageId: 'requestAboveLimit',
            data: { container: container.name, name, text: request.text, text2: limit.text, kind: workload.kind },
            related: [{ at: workload.at([...container.path, 'resources', 'limits', name]), message: `${name} limit ${limit.text}` }],
          });
        }
      }
    },
  }),
});
