import type { EntrypointArgumentCheck, ProgramFacts, PythonLauncher, SignalReaction } from './types.js';

const ignored = (source: string): SignalReaction => ({ kind: 'ignored-as-pid1', source });
const exits = (exitCode: number, source: string): SignalReaction => ({ kind: 'exits', exitCode, source });
const forwards = (source: string): SignalReaction => ({ kind: 'forwards', source });
const handles = (source: string): SignalReaction => ({ kind: 'handles', source });

const PID1_RULE = 'pid_namespaces(7), kernel/signal.c sig_task_ignored: the init of a PID namespace receives only signals it has a handler for';

/**
 * Programs as PID 1 of a container and their reaction to stop signals
 * (each verified by the lab, `npm run lab`; lab/cases.ts names the case).
 */
export const PROGRAMS: readonly ProgramFacts[] = [
  {
    id: 'sleep',
    names: ['sleep'],
    kind: 'utility',
    asPid1: { SIGTERM: ignored(`${PID1_RULE}; lab case "sleep"`) },
    source: 'coreutils/busybox sleep installs no SIGTERM handler; lab case "sleep"',
  },
  {
    id: 'tail',
    names: ['tail'],
    kind: 'utility',
    asPid1: { SIGTERM: ignored(`${PID1_RULE}; lab case "tail-f"`) },
    source: 'tail -f installs no SIGTERM handler; lab case "tail-f"',
  },
  {
    id: 'python',
    names: ['python', 'python3', 'python2'],
    namePattern: /^python[23](\.\d+)?$/,
    kind: 'interpreter',
    asPid1: { SIGTERM: ignored(`CPython installs no SIGTERM handler (signal module docs); ${PID1_RULE}; lab case "python"`) },
    appCanHandle: true,
    source: 'CPython signal docs: only SIGINT gets a default handler; lab case "python"',
  },
  {
    id: 'node',
    names: ['node', 'nodejs'],
    kind: 'interpreter',
    asPid1: { SIGTERM: ignored(`node src/node.cc SignalExit re-raises the signal, dropped for PID 1; lab case "node"`) },
    appCanHandle: true,
    source: 'node src/node.cc SignalExit; lab case "node"',
  },
  {
    id: 'java',
    names: ['java'],
    kind: 'interpreter',
    asPid1: { SIGTERM: exits(143, 'java.lang.Terminator: the JVM handles TERM, runs shutdown hooks, exits 128+15; lab case "java"') },
    appCanHandle: true,
    source: 'java.lang.Terminator (-Xrs disables the handler); lab case "java"',
  },
  {
    id: 'nginx',
    names: ['nginx'],
    kind: 'server',
    asPid1: {
      SIGTERM: exits(0, 'nginx: TERM is fast shutdown, master exits 0; lab case "nginx" (nginx 1.22)'),
      SIGQUIT: exits(0, 'nginx: QUIT is graceful shutdown, master exits 0; lab case "nginx-quit"'),
    },
    shutsDownWithin: {
      seconds: 2,
      source:
        'lab cases "nginx", "nginx-quit": stopped with a 2 s grace period (the least the kubelet grants after a preStop hook), the master exits 0 before SIGKILL',
    },
    source: 'nginx docs "Controlling nginx"; lab cases "nginx", "nginx-quit"',
  },
  {
    id: 'tini',
    names: ['tini', 'docker-init', 'tini-static'],
    kind: 'init',
    asPid1: {
      SIGTERM: forwards('tini forwards signals to its child, exits 128+signal if the child died of it; lab case "tini"'),
      SIGQUIT: forwards('tini forwards signals'),
      SIGINT: forwards('tini forwards signals'),
    },
    childCommand: 'after-double-dash-or-options',
    childExecFailure: {
      notFound: 127,
      notExecutable: 126,
      source:
        'krallin/tini src/tini.c spawn(): exit 127 when execvp fails with ENOENT, 126 otherwise; lab cases "tini-missing-child", "tini-not-executable-child"',
    },
    source: 'krallin/tini src/tini.c',
  },
  {
    id: 'dumb-init',
    names: ['dumb-init'],
    kind: 'init',
    asPid1: {
      SIGTERM: forwards('dumb-init forwards signals to the child process group; lab case "dumb-init"'),
      SIGQUIT: forwards('dumb-init forwards signals'),
      SIGINT: forwards('dumb-init forwards signals'),
    },
    childCommand: 'after-double-dash-or-options',
    childExecFailure: {
      notFound: 2,
      notExecutable: 2,
      source: 'Yelp/dumb-init dumb-init.c: exit 2 when execvp of the child fails; lab case "dumb-init-missing-child"',
    },
    source: 'Yelp/dumb-init dumb-init.c',
  },
  {
    id: 'gosu',
    names: ['gosu', 'su-exec'],
    kind: 'exec-wrapper',
    asPid1: {},
    childCommand: 'after-user-arg',
    source: 'tianon/gosu and ncopa/su-exec: drop privileges then execve the command, so the command keeps PID 1',
  },
  {
    id: 'npm',
    names: ['npm', 'npm-cli.js'],
    kind: 'utility',
    asPid1: {
      SIGTERM: {
        kind: 'forwards-to-script-shell',
        exitCode: 1,
        source:
          'lab case "npm-start" and lab/oracle case "npm-start-debian"; lab: `CMD ["npm","start"]` (start script `node server.js` with a SIGTERM handler) on runc, crun, docker and containerd with npm 9.2, and in a PID namespace with npm 10.9 and 11.19: npm forwards SIGTERM to its `sh -c` child, dash dies of it, npm exits 1 about 0.6 s later and node never receives SIGTERM; @npmcli/run-script lib/signal-manager.js forwards SIGINT/SIGTERM to the child',
      },
    },
    source: '@npmcli/run-script lib/run-script-pkg.js runs the script with `sh -c` (lib/make-spawn-args.js), lib/signal-manager.js; lab "npm as PID 1"',
  },
  {
    id: 'yarn',
    names: ['yarn', 'yarnpkg', 'yarn.js', 'yarn.cjs'],
    kind: 'utility',
    asPid1: {
      SIGTERM: {
        kind: 'forwards-to-script-shell',
        exitCode: 1,
        source:
          'lab: yarn 1.22.22 `yarn start` (start script `node server.js` with a SIGTERM handler) as PID 1 of a PID namespace, /bin/sh dash: exit 1, the handler never runs (2026-12-01); yarn 1 runs scripts with `sh -c` (src/util/execute-lifecycle-script.js)',
      },
    },
    source: 'yarnpkg/yarn src/util/execute-lifecycle-script.js (sh -c); lab "yarn 1.22 as PID 1"; unverified: Yarn 2+ (berry)',
  },
  {
    id: 'pnpm',
    names: ['pnpm', 'pnpm.cjs'],
    kind: 'utility',
    asPid1: {
      SIGTERM: {
        kind: 'forwards-to-script-shell',
        exitCode: 1,
        source:
          'lab: pnpm 9.15.9 `pnpm start` (start script `node server.js` with a SIGTERM handler) as PID 1 of a PID namespace, /bin/sh dash: exit 1, the handler never runs (2026-12-01); pnpm runs scripts with `sh -c` (@pnpm/npm-lifecycle)',
      },
    },
    source: 'pnpm @pnpm/npm-lifecycle (sh -c); lab "pnpm 9.15 as PID 1"',
  },
  {
    id: 'uwsgi',
    names: ['uwsgi'],
    kind: 'server',
    asPid1: {
      SIGTERM: {
        kind: 'reloads',
        source: 'uWSGI 2.0 docs, Managing uWSGI, signals table: SIGTERM "brutally reloads" the workers and the master unless die-on-term is set',
      },
      SIGINT: handles('uWSGI docs, Managing uWSGI: SIGINT kills the stack'),
      SIGQUIT: handles('uWSGI docs, Managing uWSGI: SIGQUIT kills the stack'),
    },
    reactionSwitches: [
      {
        signal: 'SIGTERM',
        options: ['--die-on-term'],
        env: ['UWSGI_DIE_ON_TERM'],
        configKey: 'die-on-term',
        configOptions: ['--ini', '--yaml', '--yml', '--json', '--xml'],
        reaction: handles('uWSGI docs, Options: die-on-term "exit instead of brutal reload on SIGTERM"'),
      },
    ],
    source: 'uWSGI 2.0 docs (Managing uWSGI; Options die-on-term); uWSGI 2.1 makes die-on-term the default (its version is not known from the command)',
  },
  {
    id: 'gunicorn',
    names: ['gunicorn'],
    kind: 'server',
    asPid1: { SIGTERM: handles('gunicorn docs, Signal Handling: TERM is a graceful shutdown of the master and workers (gunicorn/arbiter.py handle_term)') },
    source: 'gunicorn docs, Signal Handling; gunicorn/arbiter.py',
  },
  {
    id: 'uvicorn',
    names: ['uvicorn'],
    kind: 'server',
    asPid1: { SIGTERM: handles('uvicorn/server.py install_signal_handlers: SIGINT and SIGTERM set should_exit (graceful shutdown)') },
    source: 'uvicorn/server.py HANDLED_SIGNALS',
  },
  {
    id: 'postgres',
    names: ['postgres'],
    kind: 'server',
    asPid1: { SIGINT: handles('PostgreSQL docs, Shutting Down the Server: SIGINT is Fast Shutdown (the official image sets STOPSIGNAL SIGINT)') },
    refusesRoot: {
      exitCode: 1,
      error: '"root" execution of the PostgreSQL server is not permitted.',
      source: 'postgres src/backend/main/main.c check_root(): when geteuid() is 0 it writes the error above and calls exit(1)',
    },
    source: 'PostgreSQL docs, Shutting Down the Server; src/backend/main/main.c',
  },
  {
    id: 'exec-wrappers',
    names: ['exec', 'env', 'nice', 'chpst', 'setpriv', 'runuser'],
    kind: 'exec-wrapper',
    asPid1: {},
    source: 'these execve their argument in place; no PID change',
  },
];

/** Go binaries (built in a `golang` stage): without signal.Notify the runtime re-raises, survives, then exit(2). */
export const GO_BINARY: ProgramFacts = {
  id: 'go-binary',
  names: [],
  kind: 'native',
  asPid1: { SIGTERM: exits(2, 'Go runtime/signal_unix.go dieFromSignal: re-raise dropped for PID 1, then exit(2); lab case "go"') },
  appCanHandle: true,
  source: 'Go runtime/signal_unix.go dieFromSignal; lab cases "go", "go-notify"',
};

/**
 * Python entry points whose stop behaviour the framework decides (from their sources:
 * django/utils/autoreload.py, flask/cli.py): Flask's `run` installs a SIGTERM handler only with its reloader, Django's
 * `runserver` has the autoreloader on unless `--noreload`.
 */
export const PYTHON_LAUNCHERS: readonly PythonLauncher[] = [
  {
    id: 'flask-run',
    module: 'flask',
    script: 'flask',
    subcommand: 'run',
    handler: { byDefault: false, onWith: ['--reload', '--debug'], offWith: ['--no-reload'], onEnv: ['FLASK_DEBUG', 'FLASK_RUN_RELOAD'] },
    withHandler: exits(0, 'werkzeug/_reloader.py run_with_reloader: signal.signal(SIGTERM, lambda *args: sys.exit(0))'),
    withoutHandler: ignored(
      `flask/cli.py run_command → werkzeug serving.run_simple installs no SIGTERM handler without the reloader; CPython has no default one; ${PID1_RULE}`,
    ),
    runsAppCode: true,
    source: 'pallets/flask src/flask/cli.py (run_command: reload defaults to debug mode, FLASK_DEBUG); pallets/werkzeug src/werkzeug/_reloader.py',
  },
  {
    id: 'django-runserver',
    module: undefined,
    script: 'manage.py',
    subcommand: 'runserver',
    handler: { byDefault: true, onWith: [], offWith: ['--noreload'], onEnv: [] },
    withHandler: exits(0, 'django/utils/autoreload.py run_with_reloader: signal.signal(signal.SIGTERM, lambda *args: sys.exit(0))'),
    withoutHandler: ignored(`django runserver --noreload installs no SIGTERM handler; CPython has no default one; ${PID1_RULE}`),
    runsAppCode: true,
    source: 'django/django django/core/management/commands/runserver.py (use_reloader unless --noreload), django/utils/autoreload.py',
  },
  {
    id: 'http-server',
    module: 'http.server',
    script: undefined,
    subcommand: undefined,
    handler: { byDefault: false, onWith: [], offWith: [], onEnv: [] },
    withHandler: ignored(PID1_RULE),
    withoutHandler: ignored(`CPython Lib/http/server.py test(): serve_forever with only a KeyboardInterrupt handler; ${PID1_RULE}; lab case "python"`),
    runsAppCode: false,
    source: 'CPython Lib/http/server.py',
  },
  {
    id: 'gunicorn-module',
    module: 'gunicorn',
    script: undefined,
    subcommand: undefined,
    handler: { byDefault: true, onWith: [], offWith: [], onEnv: [] },
    withHandler: handles('gunicorn docs, Signal Handling: TERM is a graceful shutdown'),
    withoutHandler: handles('gunicorn docs, Signal Handling'),
    runsAppCode: true,
    source: 'gunicorn/__main__.py runs the gunicorn command',
  },
  {
    id: 'uvicorn-module',
    module: 'uvicorn',
    script: undefined,
    subcommand: undefined,
    handler: { byDefault: true, onWith: [], offWith: [], onEnv: [] },
    withHandler: handles('uvicorn/server.py install_signal_handlers (SIGINT, SIGTERM)'),
    withoutHandler: handles('uvicorn/server.py'),
    runsAppCode: true,
    source: 'uvicorn/__main__.py runs the uvicorn command',
  },
];

export function programByName(argv0: string): ProgramFacts | undefined {
  const base = argv0.slice(argv0.lastIndexOf('/') + 1);
  return PROGRAMS.find((p) => p.names.includes(base) || (p.namePattern?.test(base) ?? false));
}

/**
 * Entrypoint scripts of official images that end with `exec "$@"`: their arguments (the CMD)
 * become PID 1. Matched by path, and only for the base image's own file (a project's
 * docker-entrypoint.sh is read and analysed instead).
 */
export const OFFICIAL_ENTRYPOINTS: ProgramFacts = {
  id: 'official-entrypoint',
  names: ['/usr/local/bin/docker-entrypoint.sh', '/docker-entrypoint.sh', '/__cacert_entrypoint.sh'],
  kind: 'exec-wrapper',
  asPid1: {},
  source:
    'docker-library node/*/docker-entrypoint.sh, redis/*/docker-entrypoint.sh, postgres/*/docker-entrypoint.sh, nginxinc/docker-nginx entrypoint/docker-entrypoint.sh, adoptium/containers __cacert_entrypoint.sh: each ends with exec "$@"',
};

/**
 * Official entrypoints that look at their first argument: the postgres one initialises the data
 * directory and steps down to the postgres user only when it is `postgres` or an option. A
 * shell-form CMD makes the first argument `/bin/sh`, so the script just execs `/bin/sh -c …`
 * as root, and the server refuses to start (docker-library/postgres docker-entrypoint.sh, postgres src/backend/main/main.c).
 */
export const ENTRYPOINT_ARGUMENT_CHECKS: readonly EntrypointArgumentCheck[] = [
  {
    id: 'postgres-entrypoint',
    repository: 'postgres',
    paths: ['/usr/local/bin/docker-entrypoint.sh'],
    setupFor: { programs: ['postgres'], options: true },
    program: 'postgres',
    source: {
      code: [
        'docker-library/postgres docker-entrypoint.sh _main: `if [ "${1:0:1}" = \'-\' ]; then set -- postgres "$@"; fi`, then `if [ "$1" = \'postgres\' ] && ! _pg_want_help "$@"` … `exec gosu postgres "$BASH_SOURCE" "$@"`; finally `exec "$@"`',
      ],
    },
  },
];

export function entrypointArgumentCheck(repository: string | undefined, imagePath: string | undefined): EntrypointArgumentCheck | undefined {
  if (repository === undefined || imagePath === undefined) return undefined;
  return ENTRYPOINT_ARGUMENT_CHECKS.find((c) => c.repository === repository && c.paths.includes(imagePath));
}
