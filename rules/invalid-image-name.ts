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
      placeholder: `Container {{container}}: image "{{image}}" looks like an unsubstituted placeholder ({{token}}); applied as written, the kubelet cannot parse it ({{error}}) and the container waits with reason InvalidImageName. Substitute it before applying (kustomize images:, envsubst, your CI's deploy step).`,
    },
    doc: {
      whatItPredicts: 'The pod is admitted but the container never starts: it waits with reason InvalidImageName and the pod stays Pending.',
      why: 'The API server only checks that `image` is present and has no surrounding whitespace; the kubelet parses it with the distribution/reference grammar before pulling (pkg/kubelet/images/image_manager.go, `ErrInvalidImageName` → "InvalidImageName"). Repository path components must be lower case; tags are `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`; digests `algorithm:hex`.',
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
        const token = placeholderIn(image);
        context.report({
          at: workload.at([...container.path, 'image']),
          ...(token
            ? { severity: 'warning' as const, messageId: 'placeholder', data: { container: container.name, image, token, error: parsed.error } }
            : { messageId: 'invalid', data: { container: container.name, image, error: parsed.error } }),
        });
      }
    },
  }),
});

/**
 * A part of a reference that reads as a value meant to be filled in by a deploy step rather
 * than a name: `<DOCKER_REPO>`, `PROJECT_ID`, `REGION-docker.pkg.dev`, `CONTAINER_IMAGE`
 * (upper case is never valid in a repository path, so these never pull as written).
 */
function placeholderIn(image: string): string | undefined {
  const angle = /<[^<>]+>/.exec(image);
  if (angle) return angle[0];
  for (const word of image.split(/[/:.@-]/)) if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(word) || PLACEHOLDER_WORDS.has(word)) return word;
  return undefined;
}

/** Upper-case words that stand for a value in deployment docs and templates (`REGION-docker.pkg.dev/PROJECT/…`). */
const PLACEHOLDER_WORDS = new Set(['REGION', 'PROJECT', 'REGISTRY', 'REPO', 'REPOSITORY', 'IMAGE', 'TAG', 'VERSION', 'ACCOUNT', 'OWNER', 'ORG', 'NAMESPACE']);
