/**
 * Programs that packages installed by `RUN apt-get install` / `apk add` put into the image,
 * at the path each distribution installs them. A package not listed here may install
 * anything (bash as a dependency, say), so after it nothing is claimed absent.
 */

export type PackageManager = 'apt' | 'apk' | 'dnf' | 'pip' | 'npm';

export interface PackageFacts {
  readonly name: string;
  /** Absolute paths of the programs it installs, per package manager (`[]`: none of interest, and no shell pulled in). */
  readonly binaries: Partial<Record<PackageManager, readonly string[]>>;
  readonly source: string;
}

const DEBIAN = 'Debian 12 `dpkg -L <package>` (file list of the installed package)';

export const PACKAGES: readonly PackageFacts[] = [
  {
    name: 'bash',
    binaries: { apt: ['/bin/bash'], apk: ['/bin/bash'] },
    source: `${DEBIAN}; alpine aports main/bash/APKBUILD (--bindir=/bin)`,
  },
  {
    name: 'tini',
    binaries: { apt: ['/usr/bin/tini', '/usr/bin/tini-static'], apk: ['/sbin/tini'] },
    source: `${DEBIAN}; krallin/tini README.md "Alpine Linux Package": apk add tini, ENTRYPOINT ["/sbin/tini", "--"]`,
  },
  {
    name: 'dumb-init',
    binaries: { apt: ['/usr/bin/dumb-init'], apk: ['/usr/bin/dumb-init'] },
    source: `${DEBIAN}; alpine aports community/dumb-init/APKBUILD`,
  },
  { name: 'gosu', binaries: { apt: ['/usr/sbin/gosu'] }, source: 'Debian gosu package file list (/usr/sbin/gosu)' },
  { name: 'su-exec', binaries: { apk: ['/sbin/su-exec'] }, source: 'alpine aports main/su-exec/APKBUILD (install -D su-exec "$pkgdir"/sbin/su-exec)' },
  { name: 'curl', binaries: { apt: ['/usr/bin/curl'], apk: ['/usr/bin/curl'] }, source: `${DEBIAN}; alpine aports main/curl` },
  { name: 'wget', binaries: { apt: ['/usr/bin/wget'], apk: ['/usr/bin/wget'] }, source: `${DEBIAN}; alpine aports main/wget` },
  { name: 'nginx', binaries: { apt: ['/usr/sbin/nginx'], apk: ['/usr/sbin/nginx'] }, source: `${DEBIAN}; alpine aports main/nginx` },
  { name: 'ca-certificates', binaries: { apt: [], apk: [] }, source: 'certificates and update-ca-certificates only' },
  { name: 'tzdata', binaries: { apt: [], apk: [] }, source: 'zone files only' },
];

export function packageFacts(name: string): PackageFacts | undefined {
  return PACKAGES.find((p) => p.name === name);
}

/**
 * Program names a Linux distribution ships and distroless leaves out, checked in any
 * directory (distroless README: no shells, no package managers, no other programs).
 */
export const DISTRIBUTION_PROGRAMS: ReadonlySet<string> = new Set([
  'sh',
  'bash',
  'dash',
  'ash',
  'busybox',
  'sleep',
  'tail',
  'cat',
  'env',
  'ls',
  'echo',
  'true',
  'curl',
  'wget',
  'nc',
  'ps',
  'kill',
  'timeout',
  'su',
  'gosu',
  'su-exec',
  'tini',
  'dumb-init',
  'apt-get',
  'apk',
]);
