import type { BinSh, SourceRef } from './types.js';

/**
 * What a Dockerfile shows about an image lint-k8s does not know, and which `/bin/sh` that
 * implies. Each package manager belongs to one family of distributions, and each family has
 * one `/bin/sh`; so does a tag that names a release. Used only when the base image is unknown.
 */
export interface ShellEvidence {
  readonly id: string;
  /** The family, shown in messages: `Debian-like`. */
  readonly family: string;
  readonly binSh: BinSh;
  /** Programs run by `RUN` that only this family has. */
  readonly packageManagers: readonly string[];
  /** Words of a tag (split on `-`, `_` and `.`) that name a release of this family. */
  readonly tagWords: readonly string[];
  readonly source: SourceRef;
}

export const SHELL_EVIDENCE: readonly ShellEvidence[] = [
  {
    id: 'debian-family',
    family: 'Debian-like (dpkg/apt)',
    binSh: 'dash',
    packageManagers: ['apt-get', 'apt', 'dpkg', 'apt-cache'],
    tagWords: ['bookworm', 'bullseye', 'buster', 'trixie', 'stretch', 'jammy', 'focal', 'noble', 'bionic', 'xenial'],
    source: {
      code: ['Debian Policy 10.4 (/bin/sh is dash since squeeze; dash is Essential, debuerreotype rootfs)', 'Ubuntu DashAsBinSh (since 6.10)'],
      lab: ['shell-exec dash alone'],
    },
  },
  {
    id: 'alpine',
    family: 'Alpine (apk)',
    binSh: 'busybox',
    packageManagers: ['apk'],
    tagWords: ['alpine'],
    source: { code: ['alpinelinux/docker-alpine: /bin/sh is busybox ash (busybox is in the minirootfs)'], lab: ['shell-exec busybox alone'] },
  },
  {
    id: 'rhel-family',
    family: 'Red Hat-like (dnf/yum/microdnf)',
    binSh: 'bash',
    packageManagers: ['dnf', 'yum', 'microdnf', 'rpm'],
    tagWords: ['ubi8', 'ubi9', 'ubi10', 'al2', 'al2023', 'amzn2', 'el8', 'el9', 'rockylinux', 'almalinux', 'fedora', 'centos', 'oraclelinux'],
    source: { code: ['src.fedoraproject.org/rpms/bash bash.spec (ln -sf bash …/sh)'], lab: ['shell-exec bash alone'] },
  },
];

/** The evidence a RUN's program gives, if any. */
export function evidenceOfPackageManager(program: string): ShellEvidence | undefined {
  const name = program.slice(program.lastIndexOf('/') + 1);
  return SHELL_EVIDENCE.find((e) => e.packageManagers.includes(name));
}

/** The evidence a tag gives (`3.12-bookworm`, `21-jre-alpine`), if one family is named. */
export function evidenceOfTag(tag: string): ShellEvidence | undefined {
  const words = tag.toLowerCase().split(/[-_.]/);
  const found = SHELL_EVIDENCE.filter((e) => e.tagWords.some((w) => words.includes(w)));
  return found.length === 1 ? found[0] : undefined;
}
