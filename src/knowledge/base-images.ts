import { parseImageRef } from './image-ref.js';
import type { BaseImageFacts } from './types.js';

/*
 * What `FROM <image>` brings into an image: which /bin/sh, which libc, the default
 * PATH/USER/WORKDIR/ENTRYPOINT/CMD/STOPSIGNAL of the image config, and notable programs.
 *
 * Every value was read from the file named in the entry's `source` (a Dockerfile, a
 * Bazel rule or an image config in a public repository). Where a value could not be
 * read, the source says `unverified: …` and the value is the conservative one.
 *
 * What an image holds is stated both ways: `binaries` are present, `lacks` are absent.
 * A program in neither is not known, and no finding rests on it.
 *
 * Two Dockerfile rules shape these values:
 * - `ENV PATH x:$PATH` expands the base image's PATH at build time.
 * - Setting ENTRYPOINT in a Dockerfile resets a CMD inherited from the base image
 *   (Dockerfile reference, ENTRYPOINT: "If CMD is defined from the base image, setting
 *   ENTRYPOINT will reset CMD to an empty value"); an image that sets neither keeps
 *   its base image's CMD (golang keeps debian's `bash`).
 *
 * Binaries are listed at the path their package installs them (Debian `coreutils`:
 * /bin/sleep, /usr/bin/tail, /usr/bin/env), which exists with and without merged /usr.
 */

/** Docker's default PATH, set by debuerreotype, docker-alpine, docker-brew-ubuntu-core, busybox and distroless. */
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Builds an anchored tag pattern from alternatives (each linear: no nested unbounded quantifiers). */
function tagPattern(...alternatives: readonly string[]): RegExp {
  return new RegExp(`^(?:${alternatives.join('|')})$`);
}

// Tag fragments. Only `?` wraps groups that contain `\d+`, so matching stays linear.
const DEBIAN_SUITE = '(?:trixie|bookworm|bullseye|buster)';
const ALPINE = String.raw`alpine(?:3\.\d+)?`;
/** 1, 1.2, 1.2.3 */
const VERSION = String.raw`\d+(?:\.\d+)?(?:\.\d+)?`;
/** Python 3 versions, with pre-releases: 3, 3.12, 3.12.1, 3.14.0rc1, 3.14-rc */
const PYTHON_VERSION = String.raw`3(?:\.\d+)?(?:\.\d+)?(?:(?:a|b|rc)\d+)?(?:-rc)?`;
/** Node.js versions and release-line aliases (codenames from nodejs/Release) */
const NODE_VERSION = `(?:${VERSION}|lts|current|argon|boron|carbon|dubnium|erbium|fermium|gallium|hydrogen|iron|jod|krypton)`;
/** Go versions: 1, 1.23, 1.23.3, 1.24rc1 */
const GO_VERSION = String.raw`1(?:\.\d+)?(?:\.\d+)?(?:(?:rc|beta)\d+)?`;
/** Java 11 and later (8 has no jshell; its CMD is not verified): 21, 21.0.5, 21.0.5_11, 17.0.4.1_1 */
const JAVA_VERSION = String.raw`(?:1[1-9]|[2-9]\d)(?:\.\d+)?(?:\.\d+)?(?:\.\d+)?(?:_\d+)?`;

const DEBIAN_SHELL_BINARIES = ['/bin/sh', '/bin/dash', '/bin/bash', '/bin/sleep', '/usr/bin/tail', '/usr/bin/env'] as const;
/** A debuerreotype root filesystem (Debian, Ubuntu, the -slim images) has no curl, wget or netcat: none is Priority required or important. */
const DEBIAN_LACKS = ['curl', 'wget', 'nc'] as const;
/** buildpack-deps:*-curl (and -scm, and the full images on top) add curl and wget, not netcat. */
const BUILDPACK_LACKS = ['nc'] as const;
/** buildpack-deps:*-curl adds curl and wget; *-scm (and the full image) add git on top. */
const BUILDPACK_CURL_BINARIES = ['/usr/bin/curl', '/usr/bin/wget'] as const;
const BUILDPACK_SCM_BINARIES = [...BUILDPACK_CURL_BINARIES, '/usr/bin/git'] as const;
/**
 * Alpine's /bin/sh is busybox ash; the applets are links at the directory each applet
 * declares (busybox source `//applet:` lines: sleep BB_DIR_BIN, tail/wget/nc BB_DIR_USR_BIN).
 */
const ALPINE_BINARIES = ['/bin/sh', '/bin/busybox', '/bin/sleep', '/usr/bin/tail', '/usr/bin/wget', '/usr/bin/nc', '/usr/bin/env'] as const;
/** The Alpine minirootfs is busybox and apk: no bash, no curl (wget and nc are busybox applets). */
const ALPINE_LACKS = ['bash', 'curl'] as const;
/** A busybox image (and distroless :debug's /busybox) has the applets only: no bash, no curl. */
const BUSYBOX_LACKS = ['bash', 'curl'] as const;

const DEBIAN_SH = 'debuerreotype rootfs: /bin/sh -> dash (dash is Essential), bash installed';
const ALPINE_SH =
  'alpinelinux/docker-alpine <arch>/Dockerfile (FROM scratch, ADD minirootfs, CMD ["/bin/sh"]); /bin/sh is busybox ash, no bash; busybox applet dirs from busybox sources (coreutils/sleep.c BB_DIR_BIN, tail.c/wget.c/nc.c BB_DIR_USR_BIN)';

// ---------------------------------------------------------------------------------
// Operating-system bases
// ---------------------------------------------------------------------------------

const DEBIAN_TAG = '(?:trixie|bookworm|bullseye|buster|forky|sid|stable|oldstable|oldoldstable|testing|unstable)';
const DEBIAN_RELEASE = String.raw`1[0-4](?:\.\d+)?`;

const OS_BASES: readonly BaseImageFacts[] = [
  {
    repository: 'debian',
    tags: tagPattern('latest', String.raw`${DEBIAN_TAG}(?:-\d{8})?`, DEBIAN_RELEASE),
    variant: 'Debian',
    binSh: 'dash',
    bash: true,
    libc: 'glibc',
    path: DEFAULT_PATH,
    user: '',
    entrypoint: null,
    cmd: ['bash'],
    stopSignal: null,
    binaries: DEBIAN_SHELL_BINARIES,
    lacks: DEBIAN_LACKS,
    source: `docker-library/official-images library/debian (tags); ${DEBIAN_SH}; no curl/wget (buildpack-deps adds them)`,
  },
  {
    repository: 'debian',
    tags: tagPattern(String.raw`${DEBIAN_TAG}(?:-\d{8})?-slim`, `${DEBIAN_RELEASE}-slim`),
    variant: 'Debian slim',
    binSh: 'dash',
    bash: true,
    libc: 'glibc',
    path: DEFAULT_PATH,
    user: '',
    entrypoint: null,
    cmd: ['bash'],
    stopSignal: null,
    binaries: DEBIAN_SHELL_BINARIES,
    lacks: DEBIAN_LACKS,
    source: `docker-library/official-images library/debian (tags *-slim); ${DEBIAN_SH}; slim only drops docs/locales, no curl/wget`,
  },
  {
    repository: 'ubuntu',
    tags: tagPattern(
      'latest',
      'rolling',
      'devel',
      String.raw`\d{2}\.(?:04|10)(?:\.\d+)?`,
      String.raw`(?:xenial|bionic|focal|jammy|noble|oracular|plucky|questing)(?:-\d{8})?`,
    ),
    variant: 'Ubuntu',
    binSh: 'dash',
    bash: true,
    libc: 'glibc',
    path: DEFAULT_PATH,
    user: '',
    entrypoint: null,
    cmd: ['bash'],
    stopSignal: null,
    binaries: DEBIAN_SHELL_BINARIES,
    lacks: DEBIAN_LACKS,
    source:
      'tianon/docker-brew-ubuntu-core jammy/Dockerfile (FROM scratch, CMD ["bash"]) and jammy/ubuntu-jammy-oci-amd64.manifest (dash, bash, coreutils; no curl, no wget); unverified: CMD of other releases (older ones used ["/bin/bash"])',
  },
  {
    repository: 'alpine',
    tags: tagPattern('latest', 'edge', String.raw`3(?:\.\d+)?(?:\.\d+)?`, String.raw`\d{8}`),
    variant: 'Alpine',
    binSh: 'busybox',
    bash: false,
    libc: 'musl',
    path: DEFAULT_PATH,
    user: '',
    entrypoint: null,
    cmd: ['/bin/sh'],
    stopSignal: null,
    binaries: ALPINE_BINARIES,
    lacks: ALPINE_LACKS,
    source: ALPINE_SH,
  },
  ...busyboxEntries(),
  {
    repository: 'scratch',
    tags: /^latest$/,
    variant: 'scratch (empty image)',
    binSh: 'none',
    bash: false,
    libc: 'none',
    path: '',
    user: '',
    entrypoint: null,
    cmd: null,
    stopSignal: null,
    binaries: [],
    lacks: [],
    source: 'Dockerfile reference, FROM scratch: an explicitly empty image, no files and no config (no PATH is set by the image)',
  },
];

/** busybox: /bin/sh is busybox, no bash; the libc variant decides whether a libc is present. */
function busyboxEntries(): BaseImageFacts[] {
  const common = {
    repository: 'busybox',
    binSh: 'busybox',
    bash: false,
    path: DEFAULT_PATH,
    user: '',
    entrypoint: null,
    cmd: ['sh'],
    stopSignal: null,
    // `busybox --install /bin` links every applet into /bin; /usr/bin/env is a symlink to it.
    binaries: ['/bin/sh', '/bin/busybox', '/bin/sleep', '/bin/tail', '/bin/wget', '/bin/nc', '/bin/env', '/usr/bin/env'],
    lacks: BUSYBOX_LACKS,
  } as const;
  const config = 'docker-library/busybox latest/<variant>/amd64/image-config.json (Cmd ["sh"], PATH)';
  const version = String.raw`(?:1(?:\.\d+)?(?:\.\d+)?|stable|unstable)`;
  return [
    {
      ...common,
      tags: tagPattern(`(?:${version}-)?glibc`),
      variant: 'BusyBox (glibc)',
      libc: 'glibc',
      source: `${config}; latest/glibc/Dockerfile.builder: dynamic busybox plus libc/libnss copied from Debian, applets via busybox --install /bin`,
    },
    {
      ...common,
      tags: tagPattern(`(?:${version}-)?musl`),
      variant: 'BusyBox (musl, static)',
      libc: 'none',
      source: `${config}; latest/musl/Dockerfile.builder: CONFIG_STATIC=y, no musl loader in the image`,
    },
    {
      ...common,
      tags: tagPattern(`(?:${version}-)?uclibc`),
      variant: 'BusyBox (uClibc, static)',
      libc: 'none',
      source: `${config}; latest/uclibc/Dockerfile.builder: CONFIG_STATIC=y, BR2_STATIC_LIBS=y`,
    },
    {
      ...common,
      tags: tagPattern('latest', version),
      variant: 'BusyBox',
      // The default tag is uclibc on amd64/arm64 but glibc on ppc64le/s390x: assume no libc.
      libc: 'none',
      libcUnverified: 'latest/1.x map to a different libc per architecture',
      source: `${config}; docker-library/official-images library/busybox: latest/1.x map to uclibc (static) on amd64, arm64v8, arm32v7, i386, glibc on ppc64le/s390x, musl on arm32v6; unverified: per-arch mapping of current releases, libc taken as none`,
    },
  ];
}

// ---------------------------------------------------------------------------------
// Language runtimes and servers (Docker official images)
// ---------------------------------------------------------------------------------

const PYTHON_PATH = `/usr/local/bin:${DEFAULT_PATH}`;
const PYTHON_BINARIES = ['/usr/local/bin/python3', '/usr/local/bin/python', '/usr/local/bin/pip3', '/usr/local/bin/pip'] as const;

const PYTHON: readonly BaseImageFacts[] = [
  {
    repository: 'python',
    tags: tagPattern(`(?:${PYTHON_VERSION}-)?slim(?:-${DEBIAN_SUITE})?`),
    variant: 'Debian slim',
    binSh: 'dash',
    bash: true,
    libc: 'glibc',
    path: PYTHON_PATH,
    user: '',
    entrypoint: null,
    cmd: ['python3'],
    stopSignal: null,
    binaries: [...DEBIAN_SHELL_BINARIES, ...PYTHON_BINARIES],
    lacks: DEBIAN_LACKS,
    source:
      'docker-library/python 3.12/slim-bookworm/Dockerfile: FROM debian:bookworm-slim, ENV PATH /usr/local/bin:$PATH, CMD ["python3"]; wget is a build dependency purged by apt-get purge --auto-remove (no curl, no wget)',
  },
  {
    repository: 'python',
    tags: tagPattern('latest', PYTHON_VERSION, `(?:${PYTHON_VERSION}-)?${DEBIAN_SUITE}`),
    variant: 'Debian (buildpack-deps)',
    binSh: 'dash',
    bash: true,
    libc: 'glibc',
    path: PYTHON_PATH,
    user: '',
    entrypoint: null,
    cmd: ['python3'],
    stopSignal: null,
    binaries: [...DEBIAN_SHELL_BINARIES, ...BUILDPACK_SCM_BINARIES, ...PYTHON_BINARIES],
    lacks: BUILDPACK_LACKS,
    source:
      'docker-library/python 3.12/bookworm/Dockerfile: FROM buildpack-deps:bookworm, ENV PATH /usr/local/bin:$PATH, CMD ["python3"]; docker-library/buildpack-deps debian/bookworm/curl/Dockerfile (curl, wget)',
  },
  {
    repository: 'python',
    tags: tagPattern(`(?:${PYTHON_VERSION}-)?${ALPINE}`),
    variant: 'Alpine',
    binSh: 'busybox',
    bash: false,
    libc: 'musl',
    path: PYTHON_PATH,
    user: '',
    entrypoint: null,
    cmd: ['python3'],
    stopSignal: null,
    binaries: [...ALPINE_BINARIES, ...PYTHON_BINARIES],
    lacks: ALPINE_LACKS,
    source: `docker-library/python 3.12/alpine3.20/Dockerfile: FROM alpine:3.20, ENV PATH /usr/local/bin:$PATH, only ca-certificates/tzdata added (no bash), CMD ["python3"]; ${ALPINE_SH}`,
  },
];

const NODE_BINARIES = ['/usr/local/bin/node', '/usr/local/bin/npm', '/usr/local/bin/npx', '/usr/local/bin/docker-entrypoint.sh'] as const;

const NODE: readonly BaseImageFacts[] = [
  {
    repository: 'node',
    tags: tagPattern(`(?:${NODE_VERSION}-)?slim`, `(?:${NODE_VERSION}-)?${DEBIAN_SUITE}-slim`),
    variant: 'Debian slim',
    binSh: 'dash',
    bash: true,
    libc: 'glibc',
    path: DEFAULT_PATH,
    user: '',
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['node'],
    stopSignal: null,
    binaries: [...DEBIAN_SHELL_BINARIES, ...NODE_BINARIES],
    lacks: DEBIAN_LACKS,
    source:
      'nodejs/docker-node 20/bookworm-slim/Dockerfile: FROM debian:bookworm-slim, curl/wget installed then removed by apt-mark auto + apt-get purge --auto-remove, ENTRYPOINT ["docker-entrypoint.sh"], CMD [ "node" ]; user node (1000) is created but USER is not set',
  },
  {
    repository: 'node',
    tags: tagPattern('latest', NODE_VERSION, `(?:${NODE_VERSION}-)?${DEBIAN_SUITE}`),
    variant: 'Debian (buildpack-deps)',
    binSh: 'dash',
    bash: true,
    libc: 'glibc',
    path: DEFAULT_PATH,
    user: '',
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['node'],
    stopSignal: null,
    binaries: [...DEBIAN_SHELL_BINARIES, ...BUILDPACK_SCM_BINARIES, ...NODE_BINARIES],
    lacks: BUILDPACK_LACKS,
    source:
      'nodejs/docker-node 20/bookworm/Dockerfile: FROM buildpack-deps:bookworm, COPY docker-entrypoint.sh /usr/local/bin/, ENTRYPOINT ["docker-entrypoint.sh"], CMD [ "node" ]; docker-library/buildpack-deps debian/bookworm/curl/Dockerfile (curl, wget)',
  },
  {
    repository: 'node',
    tags: tagPattern(`(?:${NODE_VERSION}-)?${ALPINE}`),
    variant: 'Alpine',
    binSh: 'busybox',
    bash: false,
    libc: 'musl',
    path: DEFAULT_PATH,
    user: '',
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['node'],
    stopSignal: null,
    binaries: [...ALPINE_BINARIES, ...NODE_BINARIES],
    lacks: ALPINE_LACKS,
    source: `nodejs/docker-node 20/alpine3.20/Dockerfile: FROM alpine:3.20, adds libstdc++ only (curl is a removed .build-deps, no bash), ENTRYPOINT ["docker-entrypoint.sh"], CMD [ "node" ]; ${ALPINE_SH}`,
  },
];

const GO_PATH = `/go/bin:/usr/local/go/bin:${DEFAULT_PATH}`;
const GO_BINARIES = ['/usr/local/go/bin/go', '/usr/local/go/bin/gofmt'] as const;

const GOLANG: readonly BaseImageFacts[] = [
  {
    repository: 'golang',
    tags: tagPattern('latest', GO_VERSION, `(?:${GO_VERSION}-)?${DEBIAN_SUITE}`),
    variant: 'Debian (buildpack-deps scm)',
    binSh: 'dash',
    bash: true,
    libc: 'glibc',
    path: GO_PATH,
    user: '',
    workdir: '/go',
    entrypoint: null,
    cmd: ['bash'],
    stopSignal: null,
    binaries: [...DEBIAN_SHELL_BINARIES, ...BUILDPACK_SCM_BINARIES, ...GO_BINARIES],
    lacks: BUILDPACK_LACKS,
    source:
      'docker-library/golang 1.23/bookworm/Dockerfile: FROM buildpack-deps:bookworm-scm, gcc/libc6-dev installed (cgo on), ENV GOPATH /go, ENV PATH $GOPATH/bin:/usr/local/go/bin:$PATH, WORKDIR $GOPATH, no ENTRYPOINT/CMD so debian CMD ["bash"] is inherited',
  },
  {
    repository: 'golang',
    tags: tagPattern(`(?:${GO_VERSION}-)?${ALPINE}`),
    variant: 'Alpine',
    binSh: 'busybox',
    bash: false,
    libc: 'musl',
    path: GO_PATH,
    user: '',
    workdir: '/go',
    entrypoint: null,
    cmd: ['/bin/sh'],
    stopSignal: null,
    binaries: [...ALPINE_BINARIES, ...GO_BINARIES],
    lacks: ALPINE_LACKS,
    source: `docker-library/golang 1.23/alpine3.20/Dockerfile: FROM alpine:3.20, only ca-certificates added (no gcc: cgo builds fail), ENV PATH $GOPATH/bin:/usr/local/go/bin:$PATH, WORKDIR $GOPATH, alpine CMD ["/bin/sh"] inherited; ${ALPINE_SH}`,
  },
];

/** Java runtimes: eclipse-temurin (Ubuntu, Alpine) and the deprecated openjdk (Debian). */
const TEMURIN_PATH = `/opt/java/openjdk/bin:${DEFAULT_PATH}`;
const UBUNTU_RELEASE = '(?:noble|jammy|focal)';
const TEMURIN_ENTRYPOINT = ['/__cacert_entrypoint.sh'] as const;

const JAVA: readonly BaseImageFacts[] = [
  {
    repository: 'eclipse-temurin',
    tags: tagPattern('latest', `${JAVA_VERSION}(?:-jdk)?(?:-${UBUNTU_RELEASE})?`),
    variant: 'Ubuntu JDK',
    binSh: 'dash',
    bash: true,
    libc: 'glibc',
    path: TEMURIN_PATH,
    user: '',
    entrypoint: TEMURIN_ENTRYPOINT,
    cmd: ['jshell'],
    stopSignal: null,
    binaries: [...DEBIAN_SHELL_BINARIES, ...BUILDPACK_CURL_BINARIES, '/opt/java/openjdk/bin/java', '/opt/java/openjdk/bin/jshell', '/__cacert_entrypoint.sh'],
    lacks: BUILDPACK_LACKS,
    source:
      'adoptium/containers 21/jdk/ubuntu/noble/Dockerfile: FROM ubuntu:24.04, ENV JAVA_HOME=/opt/java/openjdk, ENV PATH=$JAVA_HOME/bin:$PATH, apt-get install curl wget, ENTRYPOINT ["/__cacert_entrypoint.sh"], CMD ["jshell"]; unverified: images built before the cacert entrypoint was added had no ENTRYPOINT',
  },
  {
    repository: 'eclipse-temurin',
    tags: tagPattern(`${JAVA_VERSION}-jre(?:-${UBUNTU_RELEASE})?`),
    variant: 'Ubuntu JRE',
    binSh: 'dash',
    bash: true,
    libc: 'glibc',
    path: TEMURIN_PATH,
    user: '',
    entrypoint: TEMURIN_ENTRYPOINT,
    cmd: null,
    stopSignal: null,
    binaries: [...DEBIAN_SHELL_BINARIES, ...BUILDPACK_CURL_BINARIES, '/opt/java/openjdk/bin/java', '/__cacert_entrypoint.sh'],
    lacks: BUILDPACK_LACKS,
    source:
      'adoptium/containers 21/jre/ubuntu/noble/Dockerfile: FROM ubuntu:24.04, ENV PATH=$JAVA_HOME/bin:$PATH (JAVA_HOME=/opt/java/openjdk), curl and wget installed, ENTRYPOINT ["/__cacert_entrypoint.sh"] and no CMD (the ubuntu CMD is reset by ENTRYPOINT)',
  },
  {
    repository: 'eclipse-temurin',
    tags: tagPattern(String.raw`${JAVA_VERSION}(?:-jdk)?-alpine(?:-?3\.\d+)?`),
    variant: 'Alpine JDK',
    binSh: 'busybox',
    bash: false,
    libc: 'musl',
    path: TEMURIN_PATH,
    user: '',
    entrypoint: TEMURIN_ENTRYPOINT,
    cmd: ['jshell'],
    stopSignal: null,
    binaries: [...ALPINE_BINARIES, '/opt/java/openjdk/bin/java', '/opt/java/openjdk/bin/jshell', '/__cacert_entrypoint.sh'],
    lacks: ALPINE_LACKS,
    source: `adoptium/containers 21/jdk/alpine/<3.x>/Dockerfile (same template as 21/jre/alpine/3.21/Dockerfile: FROM alpine, no bash, no curl, ENTRYPOINT ["/__cacert_entrypoint.sh"]) with CMD ["jshell"] as in the JDK Ubuntu file; entrypoint.sh starts with #!/usr/bin/env sh; unverified: alpine JDK CMD read from the Ubuntu JDK template; ${ALPINE_SH}`,
  },
  {
    repository: 'eclipse-temurin',
    tags: tagPattern(String.raw`${JAVA_VERSION}-jre-alpine(?:-?3\.\d+)?`),
    variant: 'Alpine JRE',
    binSh: 'busybox',
    bash: false,
    libc: 'musl',
    path: TEMURIN_PATH,
    user: '',
    entrypoint: TEMURIN_ENTRYPOINT,
    cmd: null,
    stopSignal: null,
    binaries: [...ALPINE_BINARIES, '/opt/java/openjdk/bin/java', '/__cacert_entrypoint.sh'],
    lacks: ALPINE_LACKS,
    source: `adoptium/containers 21/jre/alpine/3.21/Dockerfile: FROM alpine:3.21, ENV PATH=$JAVA_HOME/bin:$PATH, no bash/curl (wget is busybox), ENTRYPOINT ["/__cacert_entrypoint.sh"], no CMD; 21/jre/alpine/3.23/entrypoint.sh: #!/usr/bin/env sh ... exec "$@"; ${ALPINE_SH}`,
  },
  ...openjdkEntries(),
];

/**
 * openjdk (deprecated). Only Debian tags are covered: from 12 on, the bare `N`/`N-jdk`
 * tags pointed at an Oracle Linux image (library/openjdk SharedTags), whose /bin/sh is
 * bash, so a bare tag above 11 is left unknown.
 */
function openjdkEntries(): BaseImageFacts[] {
  const entries: BaseImageFacts[] = [];
  for (let major = 11; major <= 26; major += 1) {
    const home = `/usr/local/openjdk-${major}`;
    const version = String.raw`${major}(?:\.\d+)?(?:\.\d+)?(?:-ea(?:-\d+)?)?`;
    const common = {
      repository: 'openjdk',
      binSh: 'dash',
      bash: true,
      libc: 'glibc',
      path: `${home}/bin:${DEFAULT_PATH}`,
      user: '',
      entrypoint: null,
      cmd: ['jshell'],
      stopSignal: null,
    } as const;
    entries.push(
      {
        ...common,
        tags: tagPattern(`${version}(?:-jdk)?-slim(?:-${DEBIAN_SUITE})?`),
        variant: `Debian slim (JDK ${major})`,
        binaries: [...DEBIAN_SHELL_BINARIES, `${home}/bin/java`, `${home}/bin/jshell`],
        lacks: DEBIAN_LACKS,
        source: `docker-library/openjdk 21/jdk/slim-bookworm/Dockerfile: FROM debian:bookworm-slim, ENV JAVA_HOME /usr/local/openjdk-${major}, ENV PATH $JAVA_HOME/bin:$PATH, wget purged after download, CMD ["jshell"]`,
      },
      {
        ...common,
        // Bare `11` / `11-jdk` were Debian (library/openjdk: 11-jdk-stretch SharedTags 11-jdk, 11).
        tags: major === 11 ? tagPattern(`${version}(?:-jdk)?(?:-${DEBIAN_SUITE})?`) : tagPattern(`${version}(?:-jdk)?-${DEBIAN_SUITE}`),
        variant: `Debian (JDK ${major})`,
        binaries: [...DEBIAN_SHELL_BINARIES, ...BUILDPACK_SCM_BINARIES, `${home}/bin/java`, `${home}/bin/jshell`],
        lacks: BUILDPACK_LACKS,
        source: `docker-library/openjdk 21/jdk/bookworm/Dockerfile: FROM buildpack-deps:bookworm-scm, ENV JAVA_HOME /usr/local/openjdk-${major}, ENV PATH $JAVA_HOME/bin:$PATH, CMD ["jshell"]; docker-library/official-images library/openjdk (tag layout)`,
      },
    );
  }
  return entries;
}

/** nginx: ENTRYPOINT/CMD/STOPSIGNAL are the same on every variant. */
const NGINX_CONFIG = {
  repository: 'nginx',
  path: DEFAULT_PATH,
  user: '',
  entrypoint: ['/docker-entrypoint.sh'],
  cmd: ['nginx', '-g', 'daemon off;'],
  stopSignal: 'SIGQUIT',
} as const;
const NGINX_LINE = '(?:mainline|stable)';
const NGINX_PREFIX = `(?:${VERSION}|${NGINX_LINE})`;
const NGINX_MODULES = '(?:-perl|-otel)?';

const NGINX: readonly BaseImageFacts[] = [
  {
    ...NGINX_CONFIG,
    tags: tagPattern('latest', 'perl', 'otel', `${NGINX_PREFIX}(?:-${DEBIAN_SUITE})?${NGINX_MODULES}`, `${DEBIAN_SUITE}${NGINX_MODULES}`),
    variant: 'Debian slim',
    binSh: 'dash',
    bash: true,
    libc: 'glibc',
    binaries: [...DEBIAN_SHELL_BINARIES, '/usr/bin/curl', '/usr/sbin/nginx', '/usr/bin/envsubst', '/docker-entrypoint.sh'],
    lacks: ['wget', 'nc'],
    source:
      'nginxinc/docker-nginx mainline/debian/Dockerfile: FROM debian:bookworm-slim, apt-get install nginx gettext-base curl (no wget), ENTRYPOINT ["/docker-entrypoint.sh"], STOPSIGNAL SIGQUIT, CMD ["nginx", "-g", "daemon off;"]; the nginx user (101) is only used by worker processes',
  },
  {
    ...NGINX_CONFIG,
    tags: tagPattern(`(?:${NGINX_PREFIX}-)?${ALPINE}-slim`),
    variant: 'Alpine slim',
    binSh: 'busybox',
    bash: false,
    libc: 'musl',
    binaries: [...ALPINE_BINARIES, '/usr/sbin/nginx', '/usr/local/bin/envsubst', '/docker-entrypoint.sh'],
    lacks: ALPINE_LACKS,
    source: `nginxinc/docker-nginx mainline/alpine-slim/Dockerfile: FROM alpine, envsubst moved to /usr/local/bin, no curl, ENTRYPOINT ["/docker-entrypoint.sh"], STOPSIGNAL SIGQUIT, CMD ["nginx", "-g", "daemon off;"]; ${ALPINE_SH}`,
  },
  {
    ...NGINX_CONFIG,
    tags: tagPattern(`(?:${NGINX_PREFIX}-)?${ALPINE}${NGINX_MODULES}`),
    variant: 'Alpine',
    binSh: 'busybox',
    bash: false,
    libc: 'musl',
    binaries: [...ALPINE_BINARIES, '/usr/bin/curl', '/usr/sbin/nginx', '/usr/local/bin/envsubst', '/docker-entrypoint.sh'],
    lacks: ['bash'],
    source: `nginxinc/docker-nginx mainline/alpine/Dockerfile (FROM nginx:*-alpine-slim, "apk add --no-cache curl ca-certificates"), entrypoint/CMD/STOPSIGNAL from alpine-slim; ${ALPINE_SH}`,
  },
];

const REDIS_CONFIG = {
  repository: 'redis',
  path: DEFAULT_PATH,
  user: '',
  workdir: '/data',
  entrypoint: ['docker-entrypoint.sh'],
  cmd: ['redis-server'],
  stopSignal: null,
} as const;
const REDIS_BINARIES = ['/usr/local/bin/redis-server', '/usr/local/bin/redis-cli', '/usr/local/bin/docker-entrypoint.sh'] as const;
/** Redis 8 and later (and the version-less tags); 7.x below. */
const REDIS8_VERSION = String.raw`(?:[8-9]|[1-9]\d)(?:\.\d+)?(?:\.\d+)?`;
const REDIS7_VERSION = String.raw`7(?:\.\d+)?(?:\.\d+)?`;

const REDIS: readonly BaseImageFacts[] = [
  {
    ...REDIS_CONFIG,
    tags: tagPattern('latest', REDIS8_VERSION, `(?:${REDIS8_VERSION}-)?${DEBIAN_SUITE}`),
    variant: 'Debian slim',
    binSh: 'dash',
    bash: true,
    libc: 'glibc',
    binaries: [...DEBIAN_SHELL_BINARIES, ...REDIS_BINARIES],
    lacks: DEBIAN_LACKS,
    source:
      'redis/docker-library-redis debian/Dockerfile (8.x): FROM debian:bookworm-slim, wget purged, WORKDIR /data, ENTRYPOINT ["docker-entrypoint.sh"], CMD ["redis-server"]; 8.x drops privileges with setpriv instead of gosu; unverified: whether latest is 8.x at the time of use',
  },
  {
    ...REDIS_CONFIG,
    tags: tagPattern(`(?:${REDIS8_VERSION}-)?${ALPINE}`),
    variant: 'Alpine',
    binSh: 'busybox',
    bash: false,
    libc: 'musl',
    binaries: [...ALPINE_BINARIES, ...REDIS_BINARIES, '/bin/setpriv'],
    lacks: ALPINE_LACKS,
    source: `redis/docker-library-redis alpine/Dockerfile (8.x): FROM alpine:3.22, apk add tzdata setpriv, bash only in removed .module-build-deps, WORKDIR /data, ENTRYPOINT ["docker-entrypoint.sh"], CMD ["redis-server"]; alpine/docker-entrypoint.sh (#!/bin/sh, SETPRIV=/bin/setpriv); ${ALPINE_SH}`,
  },
  {
    ...REDIS_CONFIG,
    tags: tagPattern(REDIS7_VERSION, `${REDIS7_VERSION}-${DEBIAN_SUITE}`),
    variant: 'Debian slim',
    binSh: 'dash',
    bash: true,
    libc: 'glibc',
    binaries: [...DEBIAN_SHELL_BINARIES, ...REDIS_BINARIES, '/usr/local/bin/gosu'],
    lacks: DEBIAN_LACKS,
    source:
      'redis/docker-library-redis 7.4/debian/Dockerfile: FROM debian:bookworm-slim, gosu 1.17 in /usr/local/bin, wget purged, WORKDIR /data, ENTRYPOINT ["docker-entrypoint.sh"], CMD ["redis-server"]',
  },
  {
    ...REDIS_CONFIG,
    tags: tagPattern(`${REDIS7_VERSION}-${ALPINE}`),
    variant: 'Alpine',
    binSh: 'busybox',
    bash: false,
    libc: 'musl',
    binaries: [...ALPINE_BINARIES, ...REDIS_BINARIES],
    lacks: ALPINE_LACKS,
    source: `redis/docker-library-redis 7.4/alpine/Dockerfile: FROM alpine:3.21, WORKDIR /data, ENTRYPOINT ["docker-entrypoint.sh"], CMD ["redis-server"]; 7.4 ships gosu, older 7.x used su-exec; unverified: the step-down tool of 7.0/7.2, so neither is listed; ${ALPINE_SH}`,
  },
];

/** postgres: the Debian PATH names the major version, so each major gets its own entry. */
function postgresEntries(): BaseImageFacts[] {
  const config = {
    repository: 'postgres',
    user: '',
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['postgres'],
    stopSignal: 'SIGINT',
  } as const;
  const entries: BaseImageFacts[] = [];
  const latestMajor = 18;
  for (let major = 12; major <= latestMajor; major += 1) {
    const version = String.raw`${major}(?:\.\d+)?`;
    const debianTags =
      major === latestMajor ? tagPattern('latest', DEBIAN_SUITE, `${version}(?:-${DEBIAN_SUITE})?`) : tagPattern(`${version}(?:-${DEBIAN_SUITE})?`);
    entries.push({
      ...config,
      tags: debianTags,
      variant: `Debian (PostgreSQL ${major})`,
      binSh: 'dash',
      bash: true,
      libc: 'glibc',
      path: `${DEFAULT_PATH}:/usr/lib/postgresql/${major}/bin`,
      binaries: [...DEBIAN_SHELL_BINARIES, `/usr/lib/postgresql/${major}/bin/postgres`, '/usr/local/bin/gosu', '/usr/local/bin/docker-entrypoint.sh'],
      lacks: DEBIAN_LACKS,
      source: `docker-library/postgres 16/bookworm/Dockerfile and 18/trixie/Dockerfile: FROM debian:*-slim, ENV PATH $PATH:/usr/lib/postgresql/$PG_MAJOR/bin, gosu in /usr/local/bin, wget purged, ENTRYPOINT ["docker-entrypoint.sh"], STOPSIGNAL SIGINT, CMD ["postgres"]${major === latestMajor ? '; unverified: that latest/bookworm/trixie still mean 18' : ''}`,
    });
    const suExec = major <= 16;
    entries.push({
      ...config,
      tags: major === latestMajor ? tagPattern(ALPINE, `${version}-${ALPINE}`) : tagPattern(`${version}-${ALPINE}`),
      variant: `Alpine (PostgreSQL ${major})`,
      binSh: 'busybox',
      // The entrypoint script is bash, so the alpine image installs bash.
      bash: true,
      libc: 'musl',
      path: DEFAULT_PATH,
      binaries: [
        ...ALPINE_BINARIES,
        '/bin/bash',
        '/usr/local/bin/postgres',
        '/usr/local/bin/gosu',
        ...(suExec ? ['/usr/local/bin/su-exec'] : []),
        '/usr/local/bin/docker-entrypoint.sh',
      ],
      lacks: ['curl'],
      source: `docker-library/postgres 16/alpine3.20/Dockerfile: FROM alpine:3.20, apk add .postgresql-rundeps bash tzdata zstd, gosu in /usr/local/bin${suExec ? ', su-exec -> gosu symlink (removed in 17+)' : ''}, prefix /usr/local, ENTRYPOINT ["docker-entrypoint.sh"], STOPSIGNAL SIGINT, CMD ["postgres"]; ${ALPINE_SH}`,
    });
  }
  return entries;
}

const HTTPD_CONFIG = {
  repository: 'httpd',
  path: `/usr/local/apache2/bin:${DEFAULT_PATH}`,
  user: '',
  workdir: '/usr/local/apache2',
  entrypoint: null,
  cmd: ['httpd-foreground'],
  stopSignal: 'SIGWINCH',
} as const;
const HTTPD_VERSION = String.raw`2(?:\.\d+)?(?:\.\d+)?`;
const HTTPD_BINARIES = ['/usr/local/apache2/bin/httpd', '/usr/local/apache2/bin/apachectl', '/usr/local/bin/httpd-foreground'] as const;

const HTTPD: readonly BaseImageFacts[] = [
  {
    ...HTTPD_CONFIG,
    tags: tagPattern('latest', HTTPD_VERSION, `(?:${HTTPD_VERSION}-)?${DEBIAN_SUITE}`),
    variant: 'Debian slim',
    binSh: 'dash',
    bash: true,
    libc: 'glibc',
    binaries: [...DEBIAN_SHELL_BINARIES, ...HTTPD_BINARIES],
    lacks: DEBIAN_LACKS,
    source:
      'docker-library/httpd 2.4/Dockerfile: FROM debian:*-slim, ENV HTTPD_PREFIX /usr/local/apache2, ENV PATH $HTTPD_PREFIX/bin:$PATH, WORKDIR $HTTPD_PREFIX, wget purged, STOPSIGNAL SIGWINCH (graceful stop), CMD ["httpd-foreground"]',
  },
  {
    ...HTTPD_CONFIG,
    tags: tagPattern(`(?:${HTTPD_VERSION}-)?${ALPINE}`),
    variant: 'Alpine',
    binSh: 'busybox',
    bash: false,
    libc: 'musl',
    binaries: [...ALPINE_BINARIES, ...HTTPD_BINARIES],
    lacks: ALPINE_LACKS,
    source: `docker-library/httpd 2.4/alpine/Dockerfile: ENV PATH $HTTPD_PREFIX/bin:$PATH, WORKDIR $HTTPD_PREFIX, CMD ["httpd-foreground"]; unverified: STOPSIGNAL SIGWINCH on alpine (read from the Debian Dockerfile; the stored alpine file predates it); ${ALPINE_SH}`,
  },
];

// ---------------------------------------------------------------------------------
// Distroless (gcr.io/distroless)
// ---------------------------------------------------------------------------------

/** Architecture suffixes on distroless tags (`latest-amd64`), per the distroless README. */
const DISTROLESS_ARCH = '(?:-(?:amd64|arm64|arm|s390x|ppc64le|riscv64))?';
/** distroless `USER_VARIANTS`: root is "0" with WORKDIR /, nonroot is "65532" with WORKDIR /home/nonroot. */
const NONROOT_UID = '65532';

interface DistrolessFamily {
  /** Image name without the distro suffix: `static`, `java21`. */
  readonly name: string;
  readonly distros: readonly string[];
  readonly libc: 'glibc' | 'none';
  readonly entrypoint: readonly string[] | null;
  readonly binaries: readonly string[];
  /** Name without the -debianNN suffix is still pushed (it follows the current default distro). */
  readonly unsuffixed: boolean;
  readonly source: string;
}

const DISTROLESS_BASE_SOURCE =
  'GoogleContainerTools/distroless base/base.bzl (rules_oci): static_<user> sets PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin, user = "%d" % uid, workdir / or /home/nonroot (NONROOT = 65532 in common/variables.bzl); no shell';

const DISTROLESS_FAMILIES: readonly DistrolessFamily[] = [
  {
    name: 'static',
    distros: ['debian11', 'debian12', 'debian13'],
    libc: 'none',
    entrypoint: null,
    binaries: [],
    unsuffixed: true,
    source: `${DISTROLESS_BASE_SOURCE}; static has base-files, netbase, tzdata, ca-certificates and no libc`,
  },
  {
    name: 'base',
    distros: ['debian11', 'debian12', 'debian13'],
    libc: 'glibc',
    entrypoint: null,
    binaries: [],
    unsuffixed: true,
    source: `${DISTROLESS_BASE_SOURCE}; base adds libc6 and libssl3 (base/config.bzl)`,
  },
  {
    name: 'base-nossl',
    distros: ['debian12', 'debian13'],
    libc: 'glibc',
    entrypoint: null,
    binaries: [],
    unsuffixed: false,
    source: `${DISTROLESS_BASE_SOURCE}; base_nossl adds libc6 only`,
  },
  {
    name: 'cc',
    distros: ['debian11', 'debian12', 'debian13'],
    libc: 'glibc',
    entrypoint: null,
    binaries: [],
    unsuffixed: true,
    source: `${DISTROLESS_BASE_SOURCE}; cc/cc.bzl: cc = base + libstdc++/libgcc packages, no entrypoint`,
  },
  ...['11', '17', '21', '25'].map((version): DistrolessFamily => ({
    name: `java${version}`,
    distros: version === '11' ? ['debian11'] : version === '17' ? ['debian11', 'debian12'] : version === '21' ? ['debian12', 'debian13'] : ['debian13'],
    libc: 'glibc',
    entrypoint: ['/usr/bin/java', '-jar'],
    binaries: ['/usr/bin/java'],
    unsuffixed: false,
    source: `GoogleContainerTools/distroless java/java.bzl and java/BUILD: java images set entrypoint = ["/usr/bin/java", "-jar"] and symlink /usr/bin/java into the JRE; built on base_nossl; unverified: -debian11 images were built by the older rules_docker java/BUILD; ${DISTROLESS_BASE_SOURCE}`,
  })),
  ...['18', '20', '22', '24'].map((version): DistrolessFamily => ({
    name: `nodejs${version}`,
    distros: version === '18' ? ['debian11', 'debian12'] : ['debian12', 'debian13'],
    libc: 'glibc',
    entrypoint: ['/nodejs/bin/node'],
    binaries: ['/nodejs/bin/node'],
    unsuffixed: false,
    source: `GoogleContainerTools/distroless nodejs/nodejs.bzl: base = //cc, entrypoint = ["/nodejs/bin/node"] (node is not on PATH); unverified: -debian11 images were built by the older rules_docker nodejs/BUILD; ${DISTROLESS_BASE_SOURCE}`,
  })),
];

/** python3 pins its interpreter per Debian release (python3/python.bzl DISTRO_VERSION). */
const DISTROLESS_PYTHON: Readonly<Record<string, string>> = { debian12: '3.11', debian13: '3.13' };

/** What the non-debug distroless images leave out (the `:debug` ones add busybox under /busybox). */
const DISTROLESS_NO_PROGRAMS =
  'GoogleContainerTools/distroless README.md: "Distroless images contain only your application and its runtime dependencies. They do not contain package managers, shells or any other programs you would expect to find in a standard Linux distribution."';

function distrolessEntries(): BaseImageFacts[] {
  const families: DistrolessFamily[] = [
    ...DISTROLESS_FAMILIES,
    ...Object.entries(DISTROLESS_PYTHON).map(([distro, version]): DistrolessFamily => ({
      name: 'python3',
      distros: [distro],
      libc: 'glibc',
      entrypoint: [`/usr/bin/python${version}`],
      binaries: [`/usr/bin/python${version}`, '/usr/bin/python3', '/usr/bin/python'],
      unsuffixed: false,
      source: `GoogleContainerTools/distroless python3/python.bzl: base = //cc, entrypoint = ["/usr/bin/python" + DISTRO_VERSION] (${distro}: ${version}), /usr/bin/python and /usr/bin/python3 symlinks; unverified: python3-debian11 (not listed); ${DISTROLESS_BASE_SOURCE}`,
    })),
  ];
  const entries: BaseImageFacts[] = [];
  for (const family of families) {
    const repositories = family.distros.map((distro) => `gcr.io/distroless/${family.name}-${distro}`);
    if (family.unsuffixed) repositories.push(`gcr.io/distroless/${family.name}`);
    for (const repository of repositories) {
      for (const nonroot of [false, true]) {
        const user = nonroot ? NONROOT_UID : '0';
        const workdir = nonroot ? '/home/nonroot' : '/';
        const release = repository.endsWith(family.name) ? 'current default Debian' : repository.slice(repository.lastIndexOf('-') + 1);
        entries.push({
          repository,
          tags: nonroot ? tagPattern(`nonroot${DISTROLESS_ARCH}`) : tagPattern(`latest${DISTROLESS_ARCH}`),
          variant: `distroless ${family.name} (${release}${nonroot ? ', nonroot' : ''})`,
          binSh: 'none',
          bash: false,
          libc: family.libc,
          path: DEFAULT_PATH,
          user,
          workdir,
          entrypoint: family.entrypoint,
          cmd: null,
          stopSignal: null,
          binaries: family.binaries,
          // withoutDistributionPrograms already says every distribution program is absent.
          lacks: [],
          withoutDistributionPrograms: DISTROLESS_NO_PROGRAMS,
          source: family.source,
        });
        // :debug adds busybox at /busybox (PATH=$PATH:/busybox, entrypoint /busybox/sh unless the runtime sets its own).
        entries.push({
          repository,
          tags: nonroot ? tagPattern(`debug-nonroot${DISTROLESS_ARCH}`) : tagPattern(`debug${DISTROLESS_ARCH}`),
          variant: `distroless ${family.name} (${release}, debug${nonroot ? ', nonroot' : ''})`,
          // There is no /bin/sh even in :debug; the busybox shell is /busybox/sh.
          binSh: 'none',
          bash: false,
          libc: family.libc,
          path: `${DEFAULT_PATH}:/busybox`,
          user,
          workdir,
          entrypoint: family.entrypoint ?? ['/busybox/sh'],
          cmd: null,
          stopSignal: null,
          binaries: [...family.binaries, '/busybox/busybox', '/busybox/sh', '/busybox/sleep', '/busybox/tail', '/busybox/wget', '/busybox/nc', '/busybox/env'],
          lacks: BUSYBOX_LACKS,
          source: `${family.source}; base/base.bzl debug_/static_debug_/base_nossl_debug_: entrypoint ["/busybox/sh"], env PATH "$PATH:/busybox", tars //experimental/busybox; experimental/busybox/commands.bzl busybox_layer puts busybox and every applet (sh, sleep, tail, wget, nc, env, …) only under /busybox/, so there is no /bin/sh`,
        });
      }
    }
  }
  return entries;
}

// ---------------------------------------------------------------------------------
// RHEL family (Amazon Linux, Fedora, UBI, Rocky, Alma, Oracle Linux, Amazon Corretto)
// ---------------------------------------------------------------------------------

/**
 * In every RPM distribution of the Red Hat family /bin/sh is bash: the bash package itself
 * installs the `sh` symlink (Fedora/RHEL bash.spec `ln -sf bash %{buildroot}%{_bindir}/sh`), so
 * bash 5 execs a single simple command of a `-c` string and the program is PID 1.
 */
const RHEL_SH =
  'src.fedoraproject.org/rpms/bash bash.spec (%install: ln -sf bash …/sh, shared by RHEL, CentOS Stream, Rocky, Alma, Oracle Linux, Amazon Linux)';
const RHEL_BINARIES = ['/bin/sh', '/bin/bash', '/usr/bin/bash', '/usr/bin/sh', '/usr/bin/sleep', '/usr/bin/tail', '/usr/bin/env'] as const;
/**
 * Nothing is stated absent for the RHEL family: Fedora, UBI and Amazon Linux 2023 ship curl
 * (curl-minimal) in some images and not in others, and wget or netcat per image; not verified here.
 */
const RHEL_LACKS = [] as const;

function rhelEntry(repository: string, tags: RegExp, variant: string, source: string, extra: Partial<BaseImageFacts> = {}): BaseImageFacts {
  return {
    repository,
    tags,
    variant,
    binSh: 'bash',
    bash: true,
    libc: 'glibc',
    path: DEFAULT_PATH,
    user: '',
    entrypoint: null,
    cmd: ['/bin/bash'],
    stopSignal: null,
    binaries: RHEL_BINARIES,
    lacks: RHEL_LACKS,
    source: `${source}; ${RHEL_SH}`,
    ...extra,
  };
}

const UBI_VERSION = String.raw`(?:latest|[89](?:\.\d+)?(?:-\d+(?:\.\d+)?)?|10(?:\.\d+)?(?:-\d+(?:\.\d+)?)?)`;

const RHEL_FAMILY: readonly BaseImageFacts[] = [
  rhelEntry(
    'amazonlinux',
    tagPattern('latest', '2', '2023', String.raw`2(?:023)?(?:\.\d+)+`),
    'Amazon Linux',
    'amazonlinux/container-images Dockerfile (FROM scratch, ADD the rootfs tarball, CMD ["/bin/bash"])',
  ),
  rhelEntry(
    'fedora',
    tagPattern('latest', 'rawhide', String.raw`\d{2}`),
    'Fedora',
    'fedora-cloud/docker-brew-fedora <release>/x86_64/Dockerfile (FROM scratch, ADD the rootfs, CMD ["/bin/bash"])',
  ),
  rhelEntry(
    'registry.fedoraproject.org/fedora',
    tagPattern('latest', 'rawhide', String.raw`\d{2}`),
    'Fedora',
    'registry.fedoraproject.org/fedora: the same images as library/fedora',
  ),
  ...['rockylinux', 'rockylinux/rockylinux'].map((repository) =>
    rhelEntry(
      repository,
      tagPattern('latest', String.raw`[89](?:\.\d+)?(?:\.\d+)?(?:-minimal)?`),
      'Rocky Linux',
      'rocky-linux/sig-cloud-instance-images Dockerfile (FROM scratch, ADD the rootfs, CMD ["/bin/bash"])',
    ),
  ),
  ...['almalinux', 'almalinux/almalinux'].map((repository) =>
    rhelEntry(
      repository,
      tagPattern('latest', String.raw`[89](?:\.\d+)?(?:-minimal)?`, String.raw`10(?:\.\d+)?(?:-minimal)?`),
      'AlmaLinux',
      'AlmaLinux/docker-images Dockerfile (FROM scratch, ADD the rootfs, CMD ["/bin/bash"])',
    ),
  ),
  rhelEntry(
    'oraclelinux',
    tagPattern(String.raw`[789](?:\.\d+)?(?:-slim)?`),
    'Oracle Linux',
    'oracle/container-images oraclelinux <release>/Dockerfile (FROM scratch, ADD the rootfs, CMD ["/bin/bash"])',
  ),
  ...['8', '9', '10'].flatMap((release) =>
    ['ubi', 'ubi-minimal', 'ubi-init'].flatMap((flavour) =>
      [
        `registry.access.redhat.com/ubi${release}/${flavour}`,
        `registry.access.redhat.com/ubi${release}`,
        `redhat/ubi${release}${flavour === 'ubi' ? '' : flavour.slice(3)}`,
      ]
        .filter((repository, i) => i !== 1 || flavour === 'ubi')
        .map((repository) =>
          rhelEntry(
            repository,
            tagPattern(UBI_VERSION),
            `Red Hat UBI ${release}${flavour === 'ubi' ? '' : ` (${flavour.slice(4)})`}`,
            `Red Hat Universal Base Image ${release} (${flavour}) image config: CMD ${flavour === 'ubi-init' ? '["/sbin/init"]' : '["/bin/bash"]'}; unverified: CMD read from the catalog, not a Dockerfile`,
            flavour === 'ubi-init' ? { cmd: ['/sbin/init'] } : {},
          ),
        ),
    ),
  ),
  rhelEntry(
    'amazoncorretto',
    tagPattern(String.raw`(?:8|11|17|21|25)(?:\.\d+)*(?:-al2(?:023)?)?(?:-(?:jdk|headless|headful|generic))?(?:-al2(?:023)?)?`),
    'Amazon Linux (Corretto JDK)',
    'corretto/corretto-docker 21/jdk/al2023/Dockerfile: FROM amazonlinux:2023, dnf install java-21-amazon-corretto (java on PATH through /usr/bin/java alternatives), no ENTRYPOINT/CMD so amazonlinux CMD ["/bin/bash"] is inherited; unverified: which Amazon Linux the bare version tags name (both have bash as /bin/sh)',
    { binaries: [...RHEL_BINARIES, '/usr/bin/java'] },
  ),
];

/**
 * What the common base images contain. Order matters: the first entry whose
 * repository matches and whose `tags` matches the tag wins. An image or tag not
 * listed is unknown, never guessed.
 */
export const BASE_IMAGES: readonly BaseImageFacts[] = [
  ...OS_BASES,
  ...PYTHON,
  ...NODE,
  ...GOLANG,
  ...JAVA,
  ...NGINX,
  ...REDIS,
  ...postgresEntries(),
  ...HTTPD,
  ...distrolessEntries(),
  ...RHEL_FAMILY,
];

/** The facts for an image reference, or `undefined` when the image or tag is not known. */
export function findBaseImage(reference: string): BaseImageFacts | undefined {
  const parsed = parseImageRef(reference);
  if (!parsed.ok) return undefined;
  const { repository, tag } = parsed.ref;
  // A digest alone names no tag: what it points to is not known.
  if (tag === undefined) return undefined;
  return BASE_IMAGES.find((entry) => entry.repository === repository && entry.tags.test(tag));
}
