import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_IMAGES, findBaseImage } from '../../src/knowledge/base-images.js';
import type { BaseImageFacts } from '../../src/knowledge/types.js';

function find(reference: string): BaseImageFacts {
  const facts = findBaseImage(reference);
  assert.ok(facts, `expected facts for ${reference}`);
  return facts;
}

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

void describe('findBaseImage: operating-system bases', () => {
  void it('debian uses dash as /bin/sh, has bash, no curl or wget', () => {
    for (const reference of [
      'debian',
      'debian:bookworm',
      'debian:12',
      'debian:12.5',
      'debian:bookworm-20240110',
      'debian:bookworm-slim',
      'debian:12-slim',
      'debian:trixie-20260202-slim',
    ]) {
      const facts = find(reference);
      assert.equal(facts.binSh, 'dash', reference);
      assert.equal(facts.bash, true, reference);
      assert.equal(facts.libc, 'glibc', reference);
      assert.ok(!facts.binaries.includes('/usr/bin/curl'), reference);
      assert.ok(!facts.binaries.includes('/usr/bin/wget'), reference);
    }
    assert.equal(find('debian:bookworm-slim').variant, 'Debian slim');
  });

  void it('ubuntu (via docker.io/library) is dash and glibc', () => {
    const facts = find('docker.io/library/ubuntu:22.04');
    assert.equal(facts.repository, 'ubuntu');
    assert.equal(facts.binSh, 'dash');
    assert.equal(facts.libc, 'glibc');
    assert.deepEqual(facts.cmd, ['bash']);
    assert.equal(find('ubuntu:noble').binSh, 'dash');
    assert.equal(find('ubuntu:jammy-20240911').binSh, 'dash');
  });

  void it('alpine is busybox and musl, with busybox applets for sleep, wget and nc', () => {
    const facts = find('alpine:3.20');
    assert.equal(facts.binSh, 'busybox');
    assert.equal(facts.bash, false);
    assert.equal(facts.libc, 'musl');
    assert.deepEqual(facts.cmd, ['/bin/sh']);
    for (const binary of ['/bin/sleep', '/usr/bin/wget', '/usr/bin/nc', '/usr/bin/tail']) assert.ok(facts.binaries.includes(binary), binary);
    assert.ok(!facts.binaries.includes('/bin/bash'));
    assert.equal(find('alpine').repository, 'alpine');
  });

  void it('busybox variants: busybox shell, no bash; static variants carry no libc', () => {
    assert.equal(find('busybox').binSh, 'busybox');
    assert.equal(find('busybox').bash, false);
    assert.equal(find('busybox:1.36-glibc').libc, 'glibc');
    assert.equal(find('busybox:musl').libc, 'none');
    assert.equal(find('busybox:1.36.1-uclibc').libc, 'none');
    assert.deepEqual(find('busybox:1.36').cmd, ['sh']);
  });

  void it('scratch has nothing: no shell, no libc, no binaries, no PATH', () => {
    const facts = find('scratch');
    assert.equal(facts.binSh, 'none');
    assert.equal(facts.libc, 'none');
    assert.deepEqual(facts.binaries, []);
    assert.equal(facts.path, '');
    assert.equal(facts.cmd, null);
  });
});

void describe('findBaseImage: official language and server images', () => {
  void it('python slim is Debian (dash, glibc) without curl/wget; CMD python3', () => {
    for (const reference of ['python:3.12-slim', 'python:3.12-slim-bookworm', 'python:slim', 'python:3.12.1-slim-bookworm', 'python:3.14-rc-slim']) {
      const facts = find(reference);
      assert.equal(facts.binSh, 'dash', reference);
      assert.equal(facts.libc, 'glibc', reference);
      assert.deepEqual(facts.cmd, ['python3'], reference);
      assert.ok(!facts.binaries.includes('/usr/bin/curl'), reference);
      assert.ok(!facts.binaries.includes('/usr/bin/wget'), reference);
    }
    assert.equal(find('python:3.12-slim').path, `/usr/local/bin:${DEFAULT_PATH}`);
  });

  void it('full python (buildpack-deps) has curl and wget', () => {
    const facts = find('python:3.12');
    assert.equal(facts.variant, 'Debian (buildpack-deps)');
    assert.ok(facts.binaries.includes('/usr/bin/curl'));
    assert.ok(facts.binaries.includes('/usr/bin/wget'));
    assert.ok(facts.binaries.includes('/usr/local/bin/python3'));
    assert.equal(find('python').variant, 'Debian (buildpack-deps)');
    assert.equal(find('python:3.12.1-bookworm').variant, 'Debian (buildpack-deps)');
  });

  void it('python alpine is busybox and musl', () => {
    for (const reference of ['python:3.12-alpine', 'python:3.12-alpine3.20', 'python:alpine']) {
      const facts = find(reference);
      assert.equal(facts.binSh, 'busybox', reference);
      assert.equal(facts.libc, 'musl', reference);
      assert.equal(facts.bash, false, reference);
    }
  });

  void it('node has ENTRYPOINT docker-entrypoint.sh and CMD node on every variant', () => {
    for (const reference of [
      'node:20',
      'node',
      'node:lts',
      'node:20-bookworm-slim',
      'node:20-slim',
      'node:iron-alpine',
      'node:20-alpine3.20',
      'node:22.11.0-bookworm',
    ]) {
      const facts = find(reference);
      assert.deepEqual(facts.entrypoint, ['docker-entrypoint.sh'], reference);
      assert.deepEqual(facts.cmd, ['node'], reference);
      assert.equal(facts.user, '', reference);
    }
    assert.ok(find('node:20').binaries.includes('/usr/bin/curl'));
    assert.ok(!find('node:20-slim').binaries.includes('/usr/bin/curl'));
    assert.equal(find('node:20-alpine').bash, false);
  });

  void it('golang puts Go on PATH, works in /go and keeps the base CMD', () => {
    const facts = find('golang:1.23-bookworm');
    assert.equal(facts.path, `/go/bin:/usr/local/go/bin:${DEFAULT_PATH}`);
    assert.equal(facts.workdir, '/go');
    assert.deepEqual(facts.cmd, ['bash']);
    assert.ok(facts.binaries.includes('/usr/local/go/bin/go'));
    assert.equal(find('golang:1.23.3-alpine3.20').libc, 'musl');
    assert.deepEqual(find('golang:alpine').cmd, ['/bin/sh']);
  });

  void it('eclipse-temurin: JAVA_HOME on PATH, cacert entrypoint, jshell only for the JDK', () => {
    const jdk = find('eclipse-temurin:21');
    assert.equal(jdk.binSh, 'dash');
    assert.equal(jdk.path, `/opt/java/openjdk/bin:${DEFAULT_PATH}`);
    assert.deepEqual(jdk.entrypoint, ['/__cacert_entrypoint.sh']);
    assert.deepEqual(jdk.cmd, ['jshell']);
    assert.ok(jdk.binaries.includes('/opt/java/openjdk/bin/java'));
    assert.equal(find('eclipse-temurin:21-jdk-jammy').variant, 'Ubuntu JDK');
    const jre = find('eclipse-temurin:21-jre');
    assert.equal(jre.cmd, null);
    assert.equal(find('eclipse-temurin:21-jre-alpine').libc, 'musl');
    assert.equal(find('eclipse-temurin:21.0.5_11-jdk-noble').variant, 'Ubuntu JDK');
  });

  void it('openjdk: only Debian tags are known (bare tags above 11 were Oracle Linux)', () => {
    const facts = find('openjdk:17-jdk-slim');
    assert.equal(facts.path, `/usr/local/openjdk-17/bin:${DEFAULT_PATH}`);
    assert.equal(facts.binSh, 'dash');
    assert.equal(find('openjdk:21-slim-bookworm').variant, 'Debian slim (JDK 21)');
    assert.equal(find('openjdk:11').variant, 'Debian (JDK 11)');
    assert.equal(findBaseImage('openjdk:17'), undefined);
    assert.equal(findBaseImage('openjdk:8-jre'), undefined);
  });

  void it('nginx: SIGQUIT, /docker-entrypoint.sh, daemon off', () => {
    for (const reference of [
      'nginx',
      'nginx:1.27',
      'nginx:mainline',
      'nginx:stable-perl',
      'nginx:1.27-alpine',
      'nginx:mainline-alpine-slim',
      'nginx:1.27.2-bookworm',
      'nginx:alpine3.20-perl',
    ]) {
      const facts = find(reference);
      assert.equal(facts.stopSignal, 'SIGQUIT', reference);
      assert.deepEqual(facts.entrypoint, ['/docker-entrypoint.sh'], reference);
      assert.deepEqual(facts.cmd, ['nginx', '-g', 'daemon off;'], reference);
    }
    assert.ok(find('nginx').binaries.includes('/usr/sbin/nginx'));
    assert.ok(!find('nginx:alpine-slim').binaries.includes('/usr/bin/curl'));
    assert.ok(find('nginx:alpine').binaries.includes('/usr/bin/curl'));
  });

  void it('postgres: SIGINT, entrypoint, versioned PATH; alpine installs bash', () => {
    const facts = find('postgres:16');
    assert.equal(facts.stopSignal, 'SIGINT');
    assert.deepEqual(facts.entrypoint, ['docker-entrypoint.sh']);
    assert.deepEqual(facts.cmd, ['postgres']);
    assert.equal(facts.path, `${DEFAULT_PATH}:/usr/lib/postgresql/16/bin`);
    const alpine = find('postgres:16-alpine');
    assert.equal(alpine.binSh, 'busybox');
    assert.equal(alpine.bash, true);
    assert.ok(alpine.binaries.includes('/usr/local/bin/su-exec'));
    assert.ok(!find('postgres:17-alpine3.20').binaries.includes('/usr/local/bin/su-exec'));
    assert.equal(find('postgres').stopSignal, 'SIGINT');
    assert.equal(find('postgres:16.4-bookworm').variant, 'Debian (PostgreSQL 16)');
  });

  void it('redis: entrypoint, redis-server, /data', () => {
    for (const reference of ['redis', 'redis:7.4', 'redis:7.4-alpine', 'redis:8.2-bookworm', 'redis:alpine']) {
      const facts = find(reference);
      assert.deepEqual(facts.entrypoint, ['docker-entrypoint.sh'], reference);
      assert.deepEqual(facts.cmd, ['redis-server'], reference);
      assert.equal(facts.workdir, '/data', reference);
    }
    assert.ok(find('redis:7.4').binaries.includes('/usr/local/bin/gosu'));
  });

  void it('httpd: SIGWINCH and httpd-foreground', () => {
    const facts = find('httpd:2.4');
    assert.equal(facts.stopSignal, 'SIGWINCH');
    assert.deepEqual(facts.cmd, ['httpd-foreground']);
    assert.equal(facts.entrypoint, null);
    assert.equal(facts.path, `/usr/local/apache2/bin:${DEFAULT_PATH}`);
    assert.equal(find('httpd:alpine').libc, 'musl');
  });
});

void describe('findBaseImage: distroless', () => {
  void it('static:nonroot has no shell, no libc, uid 65532', () => {
    const facts = find('gcr.io/distroless/static-debian12:nonroot');
    assert.equal(facts.binSh, 'none');
    assert.equal(facts.bash, false);
    assert.equal(facts.libc, 'none');
    assert.equal(facts.user, '65532');
    assert.equal(facts.workdir, '/home/nonroot');
    assert.deepEqual(facts.binaries, []);
  });

  void it('root variants run as uid 0 in /', () => {
    const facts = find('gcr.io/distroless/base-debian12');
    assert.equal(facts.user, '0');
    assert.equal(facts.workdir, '/');
    assert.equal(facts.libc, 'glibc');
    assert.equal(facts.entrypoint, null);
    assert.equal(find('gcr.io/distroless/static:nonroot').user, '65532');
    assert.equal(find('gcr.io/distroless/static-debian12:latest-amd64').user, '0');
  });

  void it(':debug has busybox under /busybox, on PATH, but still no /bin/sh', () => {
    const facts = find('gcr.io/distroless/base-debian12:debug');
    assert.equal(facts.binSh, 'none');
    assert.deepEqual(facts.entrypoint, ['/busybox/sh']);
    assert.ok(facts.path.split(':').includes('/busybox'));
    assert.ok(facts.binaries.includes('/busybox/sh'));
    assert.ok(facts.binaries.includes('/busybox/sleep'));
    assert.equal(find('gcr.io/distroless/static-debian12:debug-nonroot').user, '65532');
    assert.equal(find('gcr.io/distroless/cc-debian12:debug-nonroot-arm64').user, '65532');
  });

  void it('language images keep their runtime entrypoint, also in :debug', () => {
    assert.deepEqual(find('gcr.io/distroless/java21-debian12').entrypoint, ['/usr/bin/java', '-jar']);
    assert.deepEqual(find('gcr.io/distroless/java17-debian12:debug').entrypoint, ['/usr/bin/java', '-jar']);
    assert.deepEqual(find('gcr.io/distroless/nodejs20-debian12:nonroot').entrypoint, ['/nodejs/bin/node']);
    assert.deepEqual(find('gcr.io/distroless/python3-debian12').entrypoint, ['/usr/bin/python3.11']);
    assert.equal(find('gcr.io/distroless/nodejs22-debian12:debug').binSh, 'none');
  });
});

void describe('findBaseImage: unknown images and tags', () => {
  void it('returns undefined for images and tags it does not cover', () => {
    for (const reference of [
      'mycorp/app:1',
      'python:3.12-windowsservercore-ltsc2022',
      'python:3.12-nanoserver',
      'node:22-windows-2022',
      'golang:1.23-windowsservercore',
      'golang:1.23-nanoserver-ltsc2022',
      'eclipse-temurin:21-jdk-windowsservercore-ltsc2022',
      'eclipse-temurin:21-jdk-ubi9-minimal',
      'eclipse-temurin:8-jdk',
      'python:2.7-slim',
      'redis:6.2',
      'debian:bookworm-backports',
      'nginx:latest-foo',
      'gcr.io/distroless/static-debian12:debug-root',
      'gcr.io/distroless/unknown-debian12',
      'ghcr.io/library/python:3.12',
      'INVALID:ref',
    ]) {
      assert.equal(findBaseImage(reference), undefined, reference);
    }
  });

  void it('a tag pinned with a digest is looked up by its tag', () => {
    assert.equal(find(`python:3.12-alpine@sha256:${'a'.repeat(64)}`).libc, 'musl');
  });
});

void describe('BASE_IMAGES invariants', () => {
  void it('every entry is anchored, cites a source, and lists absolute binaries', () => {
    for (const entry of BASE_IMAGES) {
      assert.ok(entry.tags.source.startsWith('^') && entry.tags.source.endsWith('$'), `${entry.repository} ${entry.tags.source}`);
      assert.ok(entry.source.length > 0, entry.repository);
      for (const binary of entry.binaries) assert.ok(binary.startsWith('/'), `${entry.repository}: ${binary}`);
      if (entry.binSh !== 'none') assert.ok(entry.binaries.includes('/bin/sh'), `${entry.repository} ${entry.variant}`);
      if (entry.bash) assert.ok(entry.binaries.includes('/bin/bash'), `${entry.repository} ${entry.variant}`);
    }
  });

  void it('no tag pattern backtracks catastrophically on long hostile tags', () => {
    const hostile = ['1.'.repeat(60) + 'x', `${'9'.repeat(120)}-`, `3${'.1'.repeat(60)}-slim-x`, `latest${'-amd64'.repeat(20)}`];
    const started = process.hrtime.bigint();
    for (const entry of BASE_IMAGES) for (const tag of hostile) entry.tags.test(tag);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    assert.ok(elapsedMs < 500, `tag matching took ${elapsedMs} ms`);
  });
});

void describe('base images state what they hold both ways', () => {
  void it('no program is both present (binaries) and absent (lacks)', () => {
    const both = BASE_IMAGES.flatMap((b) => {
      const present = new Set(b.binaries.map((p) => p.slice(p.lastIndexOf('/') + 1)));
      return b.lacks.filter((name) => present.has(name)).map((name) => `${b.repository} ${b.variant}: ${name}`);
    });
    assert.deepEqual(both, []);
  });

  void it('absence is stated, never inferred from a short list: Debian slim lacks curl, buildpack-deps does not, RHEL says nothing', () => {
    assert.deepEqual([...find('python:3.12-slim').lacks].sort(), ['curl', 'nc', 'wget']);
    assert.deepEqual([...find('python:3.12').lacks], ['nc']);
    assert.deepEqual([...find('alpine:3.20').lacks].sort(), ['bash', 'curl']);
    assert.deepEqual([...find('registry.access.redhat.com/ubi9/ubi:9.4').lacks], []);
  });
});
