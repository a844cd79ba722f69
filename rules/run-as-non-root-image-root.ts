import { defineRule } from '../src/engine/rule.js';
import { effectiveField } from '../src/model/workload/security-context.js';
import { imageUser } from '../src/model/image/stage.js';
import { allContainers } from '../src/predict/joined.js';
import { describeJoin, joinRelated } from './support/phrases.js';

export default defineRule({
  meta: {
    id: 'run-as-non-root-image-root',
    title: 'runAsNonRoot with an image that runs as root or as a user name: CreateContainerConfigError',
    severity: 'error',
    predicts: { exitCode: null, reason: 'CreateContainerConfigError', phase: 'create' },
    messages: {
      runAsUserZero: `Container {{container}}: runAsUser 0 contradicts runAsNonRoot: true; the kubelet refuses to create the container ("container's runAsUser breaks non-root policy"): CreateContainerConfigError. Use a non-zero runAsUser.`,
      imageRunsAsRoot: `Container {{container}}: runAsNonRoot is true but the {{image}} and {{why}}; the kubelet refuses to create the container ("image will run as root"): CreateContainerConfigError. Set a numeric non-root USER in the image or runAsUser: 10001.`,
      nonNumericUser: `Container {{container}}: runAsNonRoot is true and the {{image}} with the non-numeric USER {{name}}, which the kubelet cannot verify is non-root ("image has non-numeric user ({{name}}), cannot verify user is non-root"): CreateContainerConfigError. Use a numeric USER (e.g. USER 10001) or set runAsUser.`,
    },
    doc: {
      whatItPredicts:
        'The container is never created: it waits with reason CreateContainerConfigError ("container has runAsNonRoot and image will run as root", or "image has non-numeric user (app), cannot verify user is non-root"), and the pod never becomes Ready.',
      why: "Before creating each container the kubelet checks runAsNonRoot against the user it will run as (pkg/kubelet/kuberuntime/security_context_others.go `verifyRunAsNonRoot`): with no `runAsUser`, the image's USER decides; no USER means root (uid 0); a user name that is not a number cannot be verified and is refused too. `runAsUser: 0` itself breaks the policy. The error surfaces as the waiting reason CreateContainerConfigError.",
      example: 'securityContext:\n  runAsNonRoot: true\ncontainers:\n- name: api\n  image: python:3.12-slim   # runs as root',
      fix: 'Set a numeric non-root `USER 10001` in the Dockerfile (a name such as `USER app` is not enough), or set `runAsUser: 10001` next to `runAsNonRoot: true`.',
      references: [
        'https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/kuberuntime/security_context_others.go',
        'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
      ],
    },
  },

  create: (context) => ({
    workload(workload) {
      for (const container of allContainers(workload)) {
        const nonRoot = effectiveField(workload, container, 'runAsNonRoot');
        if (nonRoot?.value !== true) continue;
        const runAsUser = effectiveField(workload, container, 'runAsUser');
        if (runAsUser !== undefined) {
          if (runAsUser.value === 0)
            context.report({
              at: workload.at(runAsUser.path),
              messageId: 'runAsUserZero',
              data: { container: container.name },
              related: [{ at: workload.at(nonRoot.path), message: 'runAsNonRoot is set here' }],
            });
          continue;
        }
        const joined = container.joined;
        if (!joined) continue;
        const user = joined.stage.user;
        const { uid, name } = imageUser(user?.value);
        const userAt = user?.at ? [{ at: user.at, message: `USER ${user.value}` }] : [];
        const related = [...userAt, ...joinRelated(joined)];
        const image = describeJoin(container, joined);
        if (uid === 0) {
          const why = user === undefined || user.value === '' ? 'it sets no USER, so it runs as root' : `its user ${user.value} is root`;
          context.report({
            at: workload.at(nonRoot.path),
            messageId: 'imageRunsAsRoot',
            data: { container: container.name, image, why },
            related,
          });
        } else if (uid === undefined) {
          context.report({
            at: workload.at(nonRoot.path),
            messageId: 'nonNumericUser',
            data: { container: container.name, image, name },
            related,
          });
        }
      }
    },
  }),
});
