import { defineRule } from '../src/engine/rule.js';
import { startupVisitors } from './support/startup.js';

export default defineRule({
  meta: {
    id: 'cmd-daemonizes',
    title: 'The command daemonizes: PID 1 exits 0 at once, Completed then CrashLoopBackOff',
    severity: 'error',
    predicts: { exitCode: 0, reason: 'Completed', phase: 'run' },
    claims: ['daemonizes'],
    messages: {
      daemonizes:
        "`{{command}}` starts the service in the background and returns{{config}}: the container's main process exits 0 right after start, so the container ends Completed and a Deployment restarts it over and over (CrashLoopBackOff). {{fix}}.",
    },
    doc: {
      whatItPredicts:
        'The container exits 0 right after it starts: `lastState.terminated.reason: Completed, exitCode: 0`. In a Deployment (`restartPolicy: Always`, the only value allowed) the kubelet restarts it again and again: `CrashLoopBackOff`.',
      why: 'A container lives as long as its PID 1. `nginx` without `daemon off;` forks a master into the background and the foreground process exits 0 (lab case "nginx-daemonizes"); `service NAME start` and `/etc/init.d/NAME start` run an init script that starts the daemon and returns; `apachectl start` is `httpd -k start`, which detaches; `redis-server --daemonize yes` forks.',
      example: 'FROM nginx:1.27\nCMD ["nginx"]',
      fix: 'Run the server in the foreground: `CMD ["nginx", "-g", "daemon off;"]`, `CMD ["httpd-foreground"]`, `redis-server` without `--daemonize yes`, or the program itself instead of its init script.',
      references: [
        'https://nginx.org/en/docs/ngx_core_module.html#daemon',
        'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-restarts',
      ],
    },
  },

  create: (context) =>
    startupVisitors(context, ['daemonizes'], ({ at, daemon }) => ({
      at,
      severity: daemon.certainty === 'certain' ? 'error' : 'warning',
      messageId: 'daemonizes',
      data: {
        command: daemon.argv.join(' '),
        config: daemon.certainty === 'config-unknown' ? ' unless its configuration says `daemon off;` (the configuration could not be read)' : '',
        fix: daemon.command.fix,
      },
      related: daemon.configAt ? [{ at: daemon.configAt, message: 'configuration placed here' }] : [],
    })),
});
