/**
 * Directories official images write to at start, so that a read-only root file system
 * (`readOnlyRootFilesystem: true`) makes the program exit unless a volume is mounted there.
 * A directory is covered only by a mount at one of `coveredBy`: a volume mounted higher up
 * hides the directories the image created below it, and the program creates only the last
 * path component (docker-library/docs nginx "Running nginx in read-only mode" mounts
 * /var/cache/nginx and /var/run exactly; mounting /var/cache fails with ENOENT).
 * Directories declared as image VOLUMEs (postgres' PGDATA) are left out: containerd's CRI
 * mounts a writable volume there (internal/cri/config `IgnoreImageDefinedVolumes: false`).
 */

export interface WritablePath {
  readonly dir: string;
  /** Mount paths that make it writable. */
  readonly coveredBy: readonly string[];
  /** What the program prints when it cannot write there. */
  readonly error: string;
}

export interface WritingImage {
  /** Repository of the image (or of the base image a Dockerfile builds on). */
  readonly repository: string;
  /** The program that writes; the container must run it for the prediction to hold. */
  readonly program: string;
  /** Paths in the order the program touches them: the first uncovered one stops it. */
  readonly paths: readonly WritablePath[];
  readonly exitCode: number;
  /** Files under this directory copied by a Dockerfile may move the paths: no prediction then. */
  readonly configDir: string;
  readonly source: string;
}

export const WRITING_IMAGES: readonly WritingImage[] = [
  {
    repository: 'nginx',
    program: 'nginx',
    paths: [
      {
        dir: '/var/cache/nginx',
        coveredBy: ['/var/cache/nginx'],
        error: 'nginx: [emerg] mkdir() "/var/cache/nginx/client_temp" failed (30: Read-only file system)',
      },
      {
        dir: '/var/run',
        coveredBy: ['/var/run', '/run'],
        error: 'nginx: [emerg] open() "/var/run/nginx.pid" failed (30: Read-only file system)',
      },
    ],
    exitCode: 1,
    configDir: '/etc/nginx',
    source:
      'nginxinc/docker-nginx: nginx built with --http-client-body-temp-path=/var/cache/nginx/client_temp (and proxy/fastcgi/uwsgi/scgi temp paths there), nginx.conf `pid /var/run/nginx.pid` (/var/run -> /run); ngx_init_cycle creates the temp paths, then the pid file, and exits 1 on failure; docker-library/docs nginx "Running nginx in read-only mode"; lab (manual, nginx 1.22.1 in a mount namespace with read-only tmpfs over the temp dir, then over the pid dir: both messages above, exit 1)',
  },
  {
    repository: 'postgres',
    program: 'postgres',
    paths: [
      {
        dir: '/var/run/postgresql',
        coveredBy: ['/var/run/postgresql', '/run/postgresql', '/var/run', '/run'],
        error: 'FATAL:  could not create lock file "/var/run/postgresql/.s.PGSQL.5432.lock": Read-only file system',
      },
    ],
    exitCode: 1,
    configDir: '/etc/postgresql',
    source:
      'docker-library/postgres Dockerfile: unix socket directory /var/run/postgresql, VOLUME /var/lib/postgresql/data (writable under containerd); src/backend/utils/init/miscinit.c CreateLockFile "could not create lock file"; lab (manual, PostgreSQL 15.18 with -k on a read-only tmpfs: that FATAL, exit 1); docker-entrypoint.sh runs under set -e, so the first-start temporary server fails the same way',
  },
];
