import { defineRule } from '../src/engine/rule.js';
import { parseImageRef } from '../src/knowledge/image-ref.js';
import { allContainers } from '../src/predict/joined.js';

export default defineRule({
  meta: {
    id: 'invalid-image-name',
    title: 'Image reference the kubelet cannot parse: InvalidImageName',
    severity: 'error',
    predicts: { exitCode: null, reason: 'InvalidImageName', phase: 'pull' },
    messages: {
      invalid: `Container {{container}}: image "{{image}}" is not a valid reference ({{error}}); the kubelet cannot pull it and the container waits with reason InvalidImageName. Fix the reference (lower-case repository, name:tag or name@sha256:…).`,
    },
    doc: {
      whatItPredicts: 'The pod is admitted but the container never starts: it waits with reason InvalidImageName and the pod stays Pending.',
      why: 'The API server only checks that `image` is present and has no surrounding whitespace; the kubelet parses it with the distribution/reference grammar before pulling (pkg/kubelet/images/image_manager.go, `ErrInvalidImageName` → "InvalidImageName"). Repository path components must be lower case; tags are `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`; digests `algorithm:hex`. ../shared/FACTS.md §5.',
      example: 'image: ghcr.io/Acme/API:1.0   # upper case in the repository',
      fix: 'Write the repository in lower case and check the tag/digest syntax (`name:tag` or `name@sha256:<64 hex>`).',
      references: ['https://github.com/distribution/reference/blob/main/regexp.go', 'https://kubernetes.io/docs/concepts/containers/images/#image-names'],
    },
  },

  create: (context) => ({
    workload(workload) {
      for (const container of allContainers(workload)) {
        const image = container.image;
        if (image === undefined || image === '' || image !== image.trim()) continue;
        // Template placeholders (Helm, kustomize, envsubst) are not images yet.
        if (/[{}$]/.test(image)) continue;
        const parsed = parseImageRef(image);
        if (parsed.ok) continue;
        context.report({
          at: workload.at([...container.path, 'image']),
          messageId: 'invalid',
          data: { container: container.name, image, error: parsed.error },
        });
      }
    },
  }),
});
