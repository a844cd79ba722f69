import { defineRule } from '../src/engine/rule.js';
import { BATCH_SCRIPT_FIX, loopFix, SHELL_BUILTINS } from './support/phrases.js';
import { startupVisitors } from './support/startup.js';

const GRACE = 'after the grace period (terminationGracePeriodSeconds, 30 s by default) the kubelet sends SIGKILL: exit 137';

export default defineRule({
  meta: {
    id: 'pid1-ignores-sigterm',
    title: 'PID 1 ignores the stop signal: SIGKILL (137) on every stop, or exit 2 for a Go binary',
    severity: 'error',
    predicts: { exitCode: 137, reason: 'Error', phase: 'stop' },
    claims: ['script-stays-pid1', 'program-ignores-signal', 'runner-drops-signal', 'program-reloads'],
    messages: {
      scriptNoExec: `On stop, {{script}} stays PID 1: it runs {{commands}} without exec, and a shell running a script file does not forward {{signal}} (PID 1 gets only signals it handles); ${GRACE}. {{fix}}.`,
      scriptTrapForeground: `On stop, {{script}} is PID 1 and traps {{signal}}, but runs {{command}} in the foreground: the trap waits for that command, which never gets the signal, so ${GRACE}. Run it in the background and \`wait\` (\`{{server}} & wait $!\`), or better \`exec\` it.`,
      goNoHandler:
        'On stop, the Go binary {{program}} is PID 1 without a {{signal}} handler{{readNote}}: the Go runtime re-raises the signal, which the kernel drops for PID 1, and then exits 2. Handle it: signal.NotifyContext(ctx, syscall.SIGTERM) and shut down cleanly.',
      runnerDropsSignal:
        'On stop, {{program}} is PID 1 and forwards {{signal}} to the `sh -c` that runs the package script; /bin/sh is dash, which dies of it without passing it on, so {{program}} exits {{exitCode}} within a second and the application never receives {{signal}} (no graceful shutdown; in-flight requests fail). Run the application itself in exec form, e.g. CMD ["node", "server.js"].',
      programReloads: `On stop, {{program}} is PID 1 and treats {{signal}} as "reload" (uWSGI 2.0 without die-on-term), so it keeps running; ${GRACE}. Add --die-on-term (or die-on-term = true in its ini).`,
      noHandler: `On stop, {{program}} is PID 1 and installs no {{signal}} handler{{readNote}}; the kernel drops signals PID 1 does not handle, so ${GRACE}. {{fix}}.`,
    },
    doc: {
      whatItPredicts:
        'Every stop of the container (rollout, scale-down, node drain, `docker stop`) waits the whole grace period and ends in SIGKILL: exit code 137 — also for a shell given a script file (`CMD ["bash", "/app/run.sh"]`, or a pod\'s `command: ["/bin/sh", "/scripts/run.sh"]` whose script is a key of a ConfigMap in the same file, mounted as a volume) that never execs — a script that `exec`s a known program gets that program\'s outcome — `python -m flask run` without its reloader, and uWSGI without die-on-term (it reloads on SIGTERM). npm, yarn or pnpm as PID 1 exit 1 within a second instead: they forward SIGTERM to their `sh -c` child, which (dash) dies without passing it on, so the application never drains. A Go binary without a SIGTERM handler exits 2 instead. Errors when certain (an entrypoint script that never execs, `sleep`/`tail` as PID 1); warnings when the prediction rests on the application\'s source showing no handler (Node, Python, Go).',
      why: 'The init process of a PID namespace receives only the signals it installed a handler for (pid_namespaces(7), kernel/signal.c `sig_task_ignored`). A script run as PID 1 (exec-form `ENTRYPOINT ["/entrypoint.sh"]`) that starts the server without `exec` keeps its shell as PID 1: no shell execs the last line of a script file (lab cases "script-no-exec-*"), and a shell installs no SIGTERM handler unless it `trap`s it — and even then the trap runs only after the foreground command returns (lab "script-trap-foreground-*"). `sleep`/`tail`, Python (no default handler) and Node.js (its handler re-raises, which is dropped for PID 1: src/node.cc `SignalExit`) ignore SIGTERM as PID 1; the Go runtime re-raises, survives, then calls exit(2) (runtime/signal_unix.go `dieFromSignal`). npm, yarn and pnpm run the package script with `sh -c` and forward SIGTERM to it; dash dies of it and the runner exits 1 (lab case "npm-start", and yarn 1.22, pnpm 9.15 measured the same way). uWSGI 2.0 “brutally reloads” on SIGTERM unless die-on-term (uWSGI docs, Managing uWSGI). Django `runserver` and werkzeug\'s reloader install a SIGTERM handler that exits 0 (django/utils/autoreload.py, werkzeug/_reloader.py); Flask `run` without the reloader does not. A container that is not the init of its PID namespace (`shareProcessNamespace`, `hostPID`) gets the default action instead: 143. The kubelet honours the image\'s STOPSIGNAL (containerd internal/cri/server/container_stop.go). The Dockerfile finding describes the image run as PID 1 of its own PID namespace (`docker run`, a pod without `hostPID`/`shareProcessNamespace`). When pods of the input run the image (its own command) with `hostPID: true` or `shareProcessNamespace: true`, the finding names them, since there the first process is not a namespace init and SIGTERM kills it (143); when every such pod shares a namespace, it is lowered to a warning. A pod that sets `command`/`args` is predicted on its own.',
      example: 'COPY entrypoint.sh /entrypoint.sh   # ends with: node server.js\nENTRYPOINT ["/entrypoint.sh"]',
      fix: 'End the entrypoint script with `exec "$@"` (or `exec node server.js`); make the application handle SIGTERM (process.on("SIGTERM"), signal.signal, signal.NotifyContext); or run an init that forwards signals: `ENTRYPOINT ["tini", "--", …]`.',
      references: [
        'https://man7.org/linux/man-pages/man7/pid_namespaces.7.html',
        'https://github.com/krallin/tini#why-tini',
        'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination',
      ],
    },
  },

  create: (context) =>
    startupVisitors(context, ['script-stays-pid1', 'program-ignores-signal', 'runner-drops-signal', 'program-reloads'], (cause, site) => {
      const { stop } = cause;
      const severity = stop.certainty === 'certain' ? 'error' : 'warning';
      if (cause.kind === 'runner-drops-signal')
        return {
          at: cause.at,
          severity,
          exitCode: stop.exitCode ?? null,
          messageId: 'runnerDropsSignal',
          data: { program: cause.step.argv[0] ?? 'npm', signal: stop.signal, exitCode: stop.exitCode ?? '' },
        };
      if (cause.kind === 'program-reloads')
        return { at: cause.at, severity, exitCode: 137, messageId: 'programReloads', data: { program: cause.step.argv[0] ?? 'uwsgi', signal: stop.signal } };
      if (cause.kind === 'script-stays-pid1') {
        const { content, argv, runBy, scriptFile } = cause.step;
        const last = content.body.last;
        // A last line the shell runs itself (`exit $CODE`, `echo done`, a function of the script) is no program to exec.
        const lastName = last?.words?.[0]?.literal;
        const noProgram = lastName !== undefined && (SHELL_BUILTINS.has(lastName) || content.body.functions.includes(lastName));
        const lastText = noProgram ? undefined : last?.words?.map((w) => w.text).join(' ');
        // `bash /run.sh`: name the script, and the shell it is given to.
        const script = runBy === 'argument' ? `${scriptFile?.argv0 ?? 'the script'} (run by ${argv[0] ?? 'a shell'})` : (argv[0] ?? 'the entrypoint script');
        return {
          at: cause.at,
          severity,
          exitCode: 137,
          ...(cause.trapped
            ? {
                messageId: 'scriptTrapForeground',
                data: { script, signal: stop.signal, command: lastText ? `\`${lastText}\`` : 'its last command', server: lastText ?? 'server' },
              }
            : {
                messageId: 'scriptNoExec',
                data: {
                  script,
                  signal: stop.signal,
                  commands: content.body.final.kind === 'loop' ? 'a loop' : lastText ? `\`${lastText}\`` : 'its commands',
                  fix:
                    content.body.final.kind === 'loop'
                      ? loopFix(content.body.final.boundedSeconds, site.runsToCompletion)
                      : site.runsToCompletion || noProgram
                        ? BATCH_SCRIPT_FIX
                        : lastText
                          ? `End the script with \`exec ${lastText}\``
                          : 'End the script with `exec` of its long-running command (`exec "$@"` when it runs its arguments)',
                },
              }),
          related: [
            ...(last ? [{ at: last.at, message: 'runs without exec' }] : []),
            ...(content.shebang ? [{ at: content.shebang.at, message: 'script shell' }] : []),
          ],
        };
      }
      const pid1 = cause.step;
      const program = pid1.argv[0] ?? 'the program';
      const handler = pid1.handler;
      const launcher = stop.cause.kind === 'launcher' ? stop.cause.launcher : undefined;
      const readNote = launcher
        ? launcher === 'flask-run'
          ? ' (flask run installs one only with its reloader, --debug or FLASK_DEBUG=1)'
          : ` (${launcher} installs none)`
        : handler !== 'unknown' && !handler.found
          ? pid1.go
            ? ` (no signal.Notify in the ${handler.files} Go file${handler.files === 1 ? '' : 's'} of the build context; a library could still install one)`
            : ' (its entry file registers no SIGTERM handler; a module it imports could still do so)'
          : '';
      if (stop.exitCode === 2 && pid1.go)
        return {
          at: cause.at,
          severity,
          exitCode: 2,
          messageId: 'goNoHandler',
          data: { program, signal: stop.signal, readNote },
          related: [{ at: pid1.go.at, message: 'built here' }],
        };
      const fix =
        pid1.facts?.id === 'node'
          ? "Add process.on('SIGTERM', …) that closes the server and exits, or run it under an init (tini, `docker run --init`)"
          : pid1.facts?.id === 'python'
            ? 'Install a handler (signal.signal(signal.SIGTERM, …)) or run it under an init (tini)'
            : `Run it under an init that forwards signals (ENTRYPOINT ["tini", "--"]), or use a program that handles ${stop.signal}`;
      return { at: cause.at, severity, exitCode: stop.exitCode ?? 137, messageId: 'noHandler', data: { program, signal: stop.signal, readNote, fix } };
    }),
});
