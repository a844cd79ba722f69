import { defineRule } from '../src/engine/rule.js';
import { parseImageRef } from '../src/knowledge/image-ref.js';
import { allContainers } from '../src/predict/joined.js';

export default defineRule({
  meta: {
    id: 'latest-if-not-present',
    title: ':latest or untagged image with imagePullPolicy IfNotPresent: stale image on nodes',
    severity: 'warning',
    predicts: { exitCode: null, reason: null, phase: 'pull' },
    messages: {
      mutableTag: `Container {{container}}: image {{image}} is {{part}} with imagePullPolicy IfNotPresent; nodes that already hold an older :latest keep running it, so pods run different code after a push. Use an immutable tag or digest, or drop imagePullPolicy (it defaults to Always for :latest).`,
    },
    doc: {
      whatItPredicts:
        'Nodes that already have some `:latest` keep running that old image: after a push, pods on different nodes run different code, and a rollout restart does not pick up the new image.',
      why: 'The kubelet pulls with IfNotPresent only when the image is absent from the node (pkg/kubelet/images/image_manager.go `shouldPullImage`). Kubernetes defaults imagePullPolicy to Always precisely for `:latest` or untagged images (pkg/apis/core/v1/defaults.go `SetDefaults_Container`), so setting IfNotPresent explicitly undoes that protection.',
      example: 'image: ghcr.io/acme/api:latest\nimagePullPolicy: IfNotPresent',
      fix: 'Deploy an immutable tag or a digest (`ghcr.io/acme/api:1.4.2`, `@sha256:…`), or drop imagePullPolicy so it defaults to Always for :latest.',
      references: [
        'https://kubernetes.io/docs/concepts/containers/images/#imagepullpolicy-defaulting',
        'https://kubernetes.io/docs/concepts/configuration/overview/#container-images',
      ],
    },
  },

  create: (context) => ({
    workload(workload) {
      for (const container of allContainers(workload)) {
        const pullPolicy = container.fields.imagePullPolicy;
        if (!pullPolicy.set || pullPolicy.value !== 'IfNotPresent' || container.image === undefined) continue;
        const parsed = parseImageRef(container.image.trim());
        if (!parsed.ok || parsed.ref.digest !== undefined || parsed.ref.tag !== 'latest') continue;
        context.report({
          at: workload.at(pullPolicy.path),
          messageId: 'mutableTag',
          data: { container: container.name, image: container.image, part: container.image.endsWith(':latest') ? ':latest' : 'untagged (:latest)' },
          related: [{ at: workload.at([...container.path, 'image']), message: 'mutable tag' }],
        });
      }
    },
  }),
});
