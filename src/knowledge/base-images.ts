import { parseImageRef } from './image-ref.js';
import type { BaseImageFacts } from './types.js';

const DEBIAN_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * What the common base images contain. Order matters: the first entry whose
 * repository matches and whose `tags` matches the tag wins. An image or tag not
 * listed is unknown, never guessed.
 */
export const BASE_IMAGES: readonly BaseImageFacts[] = [
  {
    repository: 'debian',
    tags: /^(latest|bookworm|bullseye|trixie|12|11|13)(-slim)?(\.\d+)*$/,
    variant: 'Debian',
    binSh: 'dash',
    bash: true,
    libc: 'glibc',
    path: DEBIAN_PATH,
    user: '',
    entrypoint: null,
    cmd: ['bash'],
    stopSignal: null,
    binaries: ['/bin/sh', '/bin/dash', '/bin/bash', '/bin/sleep', '/usr/bin/tail', '/usr/bin/env'],
    source: 'docker-library/official-images library/debian; debuerreotype rootfs: /bin/sh -> dash',
  },
];

/** The facts for an image reference, or `undefined` when the image or tag is not known. */
export function findBaseImage(reference: string): BaseImageFacts | undefined {
  const parsed = parseImageRef(reference);
  if (!parsed.ok) return undefined;
  const { repository, tag } = parsed.ref;
  return BASE_IMAGES.find((entry) => entry.repository === repository && entry.tags.test(tag ?? 'latest'));
}
