import { defineRule } from '../src/engine/rule.js';
import { startupVisitors } from '../src/predict/joined.js';
import { commandDaemonizes } from '../src/predict/daemon.js';

export default defineRule({
  meta: {
    id: 'cmd-daemonizes',
    title: 'The command daemonizes: PID 1 exits 0 at once, Completed then CrashLoopBackOff',
    severity: 'error',
    predicts: { exitCode: 0, reason: 'Completed', phase: 'run' },
    doc: {
      whatItPredicts:
        'The container exits 0 right after it starts: `lastState.terminated.reason: Completed, exitCode: 0`. In a Deployment (`restartPolicy: Always`, the only value allowed) the kubelet restarts it again and again: `CrashLoopBackOff`.',
      why: 'A container lives as long as its PID 1. `nginx` without `daemon off;` forks a master into the background and the foreground process exits 0 (lab case "nginx-daemonizes"); `service NAME start` and `/etc/init.d/NAME start` run an init script that starts the daemon and returns; `apachectl start` is `httpd -k start`, which detaches; `redis-server --daemonize yes` forks. ../shared/FACTS.md §2.',
      example: 'FROM nginx:1.27\nCMD ["nginx"]',
      fix: 'Run the server in the foreground: `CMD ["nginx", "-g", "daemon off;"]`, `CMD ["httpd-foreground"]`, `redis-server` without `--daemonize yes`, or the program itself instead of its init script.',
      references: [
        'https://nginx.org/en/docs/ngx_core_module.html#daemon',
        'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-restarts',
      ],
    },
  },

  create: (context) => startupVisitors(context, commandDaemonizes),
});
