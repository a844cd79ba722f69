import type { Report } from '../engine/rule.js';
import type { RuntimeName } from '../knowledge/types.js';
import type { Startup } from '../model/startup.js';
import { startFails } from './start.js';

/**
 * PID 1 does not end on the stop signal: SIGKILL at grace end (137), or a Go binary's
 * exit(2). The `-c` shell case is `shell-stays-pid1`'s; clean outcomes (143 JVM, 0 with a
 * handler, nginx on its STOPSIGNAL, an init forwarding) are not reported.
 */
export function pid1IgnoresStopSignal(startup: Startup, runtime: RuntimeName): Report[] {
  const { stop, at } = startup;
  const pid1 = stop.pid1;
  if (!at || !pid1 || stop.clean || stop.certainty === 'unknown' || stop.exitCode === undefined) return [];
  if (pid1.kind === 'shell' || startFails(startup, runtime)) return [];
  const severity = stop.certainty === 'certain' ? 'error' : 'warning';
  const grace = 'after the grace period (terminationGracePeriodSeconds, 30 s by default) the kubelet sends SIGKILL: exit 137';
  if (pid1.kind === 'script') {
    const body = pid1.content.body;
    const last = body.last;
    const lastText = last?.words?.map((w) => w.text).join(' ');
    const trapped = body.traps.some((t) => t.installsHandler && t.signals.includes(stop.signal));
    return [
      {
        at,
        severity,
        exitCode: 137,
        message: trapped
          ? `On stop, ${pid1.argv[0] ?? 'the entrypoint script'} is PID 1 and traps ${stop.signal}, but runs ${lastText ? `\`${lastText}\`` : 'its last command'} in the foreground: the trap waits for that command, which never gets the signal, so ${grace}. Run it in the background and \`wait\` (\`${lastText ?? 'server'} & wait $!\`), or better \`exec\` it.`
          : `On stop, ${pid1.argv[0] ?? 'the entrypoint script'} stays PID 1: it runs ${lastText ? `\`${lastText}\`` : 'its commands'} without exec, and a shell running a script file does not forward ${stop.signal} (PID 1 gets only signals it handles); ${grace}. ${lastText ? `End the script with \`exec ${lastText}\`` : 'End the script with `exec "$@"`'}.`,
        related: [
          ...(last ? [{ at: last.at, message: 'runs without exec' }] : []),
          ...(pid1.content.shebang ? [{ at: pid1.content.shebang.at, message: 'script shell' }] : []),
        ],
      },
    ];
  }
  if (pid1.kind !== 'program') return [];
  const name = pid1.argv[0] ?? 'the program';
  const handler = pid1.handler;
  const readNote =
    handler !== 'unknown' && !handler.found
      ? pid1.go
        ? ` (no signal.Notify in the ${handler.files} Go file${handler.files === 1 ? '' : 's'} of the build context; a library could still install one)`
        : ' (its entry file registers no SIGTERM handler; a module it imports could still do so)'
      : '';
  if (stop.exitCode === 2 && pid1.go) {
    return [
      {
        at,
        severity,
        exitCode: 2,
        message: `On stop, the Go binary ${name} is PID 1 without a ${stop.signal} handler${readNote}: the Go runtime re-raises the signal, which the kernel drops for PID 1, and then exits 2. Handle it: signal.NotifyContext(ctx, syscall.SIGTERM) and shut down cleanly.`,
        related: [{ at: pid1.go.at, message: 'built here' }],
      },
    ];
  }
  const appFix =
    pid1.facts?.id === 'node'
      ? "Add process.on('SIGTERM', …) that closes the server and exits, or run it under an init (tini, `docker run --init`)"
      : pid1.facts?.id === 'python'
        ? 'Install a handler (signal.signal(signal.SIGTERM, …)) or run it under an init (tini)'
        : `Run it under an init that forwards signals (ENTRYPOINT ["tini", "--"]), or use a program that handles ${stop.signal}`;
  return [
    {
      at,
      severity,
      exitCode: stop.exitCode,
      message: `On stop, ${name} is PID 1 and installs no ${stop.signal} handler${readNote}; the kernel drops signals PID 1 does not handle, so ${grace}. ${appFix}.`,
    },
  ];
}
