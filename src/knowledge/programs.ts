import type { ProgramFacts, SignalReaction } from './types.js';

const ignored = (source: string): SignalReaction => ({ kind: 'ignored-as-pid1', source });
const exits = (exitCode: number, source: string): SignalReaction => ({ kind: 'exits', exitCode, source });
const forwards = (source: string): SignalReaction => ({ kind: 'forwards', source });

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
