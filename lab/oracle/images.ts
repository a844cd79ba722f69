/**
 * The lab images: root filesystems built without a registry (lab/oracle/rootfs.sh) and
 * imported into the oracle's own dockerd, and the public images each one stands in for.
 * A case's `FROM` is rewritten to the lab image whose `standsFor` matches it.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { must } from './exec.js';
import type { Docker } from './docker.js';

/** Root filesystems rootfs.sh writes under the cache directory. */
export type RootName = 'debian' | 'debian-apps' | 'debian-servers' | 'busybox' | 'scratch';

export interface LabImage {
  /** Tag in the oracle's dockerd. */
  readonly tag: string;
  readonly root: RootName;
  /** Public images (repository:tag, tag as a pattern) this image stands in for. */
  readonly standsFor: RegExp;
  /** What it shares with them and what it does not, for lab/README.md. */
  readonly note: string;
  /** Dockerfile lines for the image config of the public image that matters (PATH, CMD, STOPSIGNAL). */
  readonly config: readonly string[];
  /** Dockerfile steps applied on top of the imported root (no network: files from `files`). */
  readonly derive?: readonly string[];
  /** Files for the derive build context: name → host path. */
  readonly files?: Readonly<Record<string, string>>;
}

const DEBIAN_PATH = 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export const LAB_IMAGES: readonly LabImage[] = [
  {
    tag: 'lab/debian:bookworm',
    root: 'debian',
    standsFor: /^(docker\.io\/)?(library\/)?(debian:(12|bookworm)(-slim)?|ubuntu:\d+\.\d+)$/,
    note: 'Debian bookworm minbase (mmdebstrap): dash is /bin/sh, bash and coreutils present. Stands in for Ubuntu too: its /bin/sh is dash as well.',
    config: [DEBIAN_PATH, 'CMD ["bash"]'],
  },
  {
    tag: 'lab/python:slim',
    root: 'debian-apps',
    standsFor: /^(docker\.io\/)?(library\/)?python:3(\.\d+)*-slim(-bookworm)?$/,
    note: 'Debian bookworm minbase + python3 (3.11), with /usr/local/bin/python → python3 like the official image. Also has nodejs/npm (not used by the python cases).',
    config: [DEBIAN_PATH, 'CMD ["python3"]'],
    derive: ['RUN ln -s /usr/bin/python3 /usr/local/bin/python'],
  },
  {
    tag: 'lab/node:slim',
    root: 'debian-apps',
    standsFor: /^(docker\.io\/)?(library\/)?node:\d+(\.\d+)*-(slim|bookworm-slim|bookworm)$/,
    note: 'Debian bookworm minbase + nodejs 18 + npm 9.2 (dash is /bin/sh, as in node:*-slim), user node (uid 1000).',
    config: [DEBIAN_PATH, 'CMD ["node"]'],
    derive: ['RUN useradd --uid 1000 --create-home node'],
  },
  {
    tag: 'lab/node:alpine',
    root: 'debian-apps',
    standsFor: /^(docker\.io\/)?(library\/)?node:\d+(\.\d+)*-alpine[\d.]*$/,
    note: "The node:slim root with busybox ash as /bin/sh and bash removed (Alpine's shell shapes), user node (uid 1000). glibc, not musl: not for libc cases.",
    config: [DEBIAN_PATH, 'CMD ["node"]'],
    files: { busybox: '/bin/busybox' },
    derive: [
      'COPY busybox /bin/busybox',
      'RUN ["/bin/busybox", "sh", "-c", "ln -sf /bin/busybox /bin/sh && rm -f /bin/bash /usr/bin/bash && echo node:x:1000:1000::/home/node:/bin/sh >> /etc/passwd && echo node:x:1000: >> /etc/group && mkdir -p /home/node && chown 1000:1000 /home/node"]',
    ],
  },
  {
    tag: 'lab/alpine:busybox',
    root: 'busybox',
    standsFor: /^(docker\.io\/)?(library\/)?alpine(:[\w.]+)?$/,
    note: "busybox-static 1.35 and its applets: ash is /bin/sh, no bash, no package manager. Stands in for Alpine's shell and coreutils; a static busybox needs no libc.",
    config: ['ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'CMD ["/bin/sh"]'],
  },
  {
    tag: 'lab/nginx:debian',
    root: 'debian-servers',
    standsFor: /^(docker\.io\/)?(library\/)?nginx:[\d.]+(-bookworm)?$/,
    note: 'Debian bookworm minbase + nginx-light 1.22, with the official image\'s STOPSIGNAL SIGQUIT and CMD nginx -g "daemon off;".',
    config: [DEBIAN_PATH, 'STOPSIGNAL SIGQUIT', 'CMD ["nginx", "-g", "daemon off;"]'],
    derive: ['RUN mkdir -p /usr/share/nginx/html && rm -f /etc/nginx/sites-enabled/default'],
  },
  {
    tag: 'lab/nginx:alpine',
    root: 'debian-servers',
    standsFor: /^(docker\.io\/)?(library\/)?nginx:[\d.]+-alpine[\d.]*$/,
    note: 'lab/nginx:debian with busybox ash as /bin/sh and bash removed. glibc, not musl: not for libc cases.',
    config: [DEBIAN_PATH, 'STOPSIGNAL SIGQUIT', 'CMD ["nginx", "-g", "daemon off;"]'],
    files: { busybox: '/bin/busybox' },
    derive: [
      'COPY busybox /bin/busybox',
      'RUN ["/bin/busybox", "sh", "-c", "ln -sf /bin/busybox /bin/sh && rm -f /bin/bash /usr/bin/bash /etc/nginx/sites-enabled/default && mkdir -p /usr/share/nginx/html"]',
    ],
  },
  {
    tag: 'lab/redis:debian',
    root: 'debian-servers',
    standsFor: /^(docker\.io\/)?(library\/)?redis:[\d.]+(-bookworm)?$/,
    note: 'Debian bookworm minbase + redis-server 7.0. Without the official docker-entrypoint.sh (it only drops to the redis user).',
    config: [DEBIAN_PATH, 'CMD ["redis-server"]'],
  },
  {
    tag: 'lab/distroless:static',
    root: 'scratch',
    standsFor: /^gcr\.io\/distroless\/static(-debian\d+)?(:(latest|nonroot))?$/,
    note: 'An empty root with /etc/passwd (root, nonroot 65532): no shell, no sleep, no libc — what gcr.io/distroless/static holds besides CA certificates and tzdata.',
    config: ['ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
    files: { passwd: 'passwd' },
    derive: ['COPY passwd /etc/passwd'],
  },
  {
    tag: 'lab/pause:busybox',
    root: 'busybox',
    standsFor: /^registry\.k8s\.io\/pause(:[\w.]+)?$/,
    note: "The pod sandbox image of the oracle's containerd (CRI sandbox_image): busybox `sleep` as PID 1 does what pause does for a pod whose containers have their own PID namespaces.",
    config: ['ENTRYPOINT ["/bin/sleep", "2147483647"]'],
  },
  {
    tag: 'lab/scratch:empty',
    root: 'scratch',
    standsFor: /^scratch$/,
    note: 'Empty (docker import of an empty tar).',
    config: [],
  },
];

export function labImageFor(ref: string): LabImage | undefined {
  const normal = ref.includes(':') || ref === 'scratch' ? ref : `${ref}:latest`;
  return LAB_IMAGES.find((i) => i.standsFor.test(normal));
}

/** The real directory a root name points to (a Debian root's name carries its package-list hash). */
async function rootKey(cache: string, root: RootName): Promise<string> {
  try {
    return await readlink(join(cache, root));
  } catch {
    return root;
  }
}

/**
 * Imports each root once and builds the lab images on top of them in `docker`, skipping
 * what carries the same key (the oracle's docker data root persists in the cache).
 */
export async function ensureLabImages(docker: Docker, cache: string, log: (s: string) => void): Promise<void> {
  const bases = new Map<RootName, string>();
  const baseOf = async (root: RootName): Promise<string> => {
    const known = bases.get(root);
    if (known !== undefined) return known;
    const key = hash([await rootKey(cache, root)]);
    const tag = `lab/root-${root}:${key}`;
    if ((await docker.cli(['image', 'inspect', tag])).code !== 0) {
      const started = Date.now();
      // docker import reads the tar of the root directory from stdin.
      const script = `tar -C ${JSON.stringify(join(cache, root) + '/')} -c . | ${docker.command} import - ${tag}`;
      await must('bash', ['-o', 'pipefail', '-c', script], { env: docker.env });
      log(`lab oracle: imported root ${root} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    bases.set(root, tag);
    return tag;
  };
  for (const image of LAB_IMAGES) {
    const base = await baseOf(image.root);
    const key = hash([base, image.config, image.derive ?? [], image.files ?? {}]);
    const have = await docker.cli(['image', 'inspect', '-f', '{{index .Config.Labels "lab.key"}}', image.tag]);
    if (have.code === 0 && have.stdout.trim() === key) continue;
    const ctx = await mkdtemp(join(tmpdir(), 'lab-image-'));
    for (const [name, from] of Object.entries(image.files ?? {})) {
      if (name === 'passwd')
        await writeFile(join(ctx, name), 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n');
      else await must('cp', [from, join(ctx, name)]);
    }
    await writeFile(join(ctx, 'Dockerfile'), [`FROM ${base}`, ...image.config, ...(image.derive ?? []), `LABEL lab.key=${key}`, ''].join('\n'));
    await docker.build(ctx, image.tag);
    await rm(ctx, { recursive: true, force: true });
  }
}

const hash = (v: unknown): string => createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 12);
