import { defineRule } from '../src/engine/rule.js';
import { startupVisitors } from '../src/predict/joined.js';
import { pid1IgnoresStopSignal } from '../src/predict/stop.js';

export default defineRule({
  meta: {
    id: 'pid1-ignores-sigterm',
    title: 'PID 1 ignores the stop signal: SIGKILL (137) on every stop, or exit 2 for a Go binary',
    severity: 'error',
    predicts: { exitCode: 137, reason: 'Error', phase: 'stop' },
    doc: {
      whatItPredicts:
        "Every stop of the container (rollout, scale-down, node drain, `docker stop`) waits the whole grace period and ends in SIGKILL: exit code 137. A Go binary without a SIGTERM handler exits 2 instead. Errors when certain (an entrypoint script that never execs, `sleep`/`tail` as PID 1); warnings when the prediction rests on the application's source showing no handler (Node, Python, Go).",
      why: 'The init process of a PID namespace receives only the signals it installed a handler for (pid_namespaces(7), kernel/signal.c `sig_task_ignored`). A script run as PID 1 (exec-form `ENTRYPOINT ["/entrypoint.sh"]`) that starts the server without `exec` keeps its shell as PID 1: no shell execs the last line of a script file (lab cases "script-no-exec-*"), and a shell installs no SIGTERM handler unless it `trap`s it — and even then the trap runs only after the foreground command returns (lab "script-trap-foreground-*"). `sleep`/`tail`, Python (no default handler) and Node.js (its handler re-raises, which is dropped for PID 1: src/node.cc `SignalExit`) ignore SIGTERM as PID 1; the Go runtime re-raises, survives, then calls exit(2) (runtime/signal_unix.go `dieFromSignal`). The kubelet honours the image\'s STOPSIGNAL (containerd internal/cri/server/container_stop.go). ../shared/FACTS.md §2–3.',
      example: 'COPY entrypoint.sh /entrypoint.sh   # ends with: node server.js\nENTRYPOINT ["/entrypoint.sh"]',
      fix: 'End the entrypoint script with `exec "$@"` (or `exec node server.js`); make the application handle SIGTERM (process.on("SIGTERM"), signal.signal, signal.NotifyContext); or run an init that forwards signals: `ENTRYPOINT ["tini", "--", …]`.',
      references: [
        'https://man7.org/linux/man-pages/man7/pid_namespaces.7.html',
        'https://github.com/krallin/tini#why-tini',
        'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination',
      ],
    },
  },

  create: (context) => startupVisitors(context, pid1IgnoresStopSignal),
});
