import { defineRule } from '../src/engine/rule.js';
import { joinedReports } from '../src/predict/joined.js';
import { shellStaysPid1Reports } from '../src/predict/shell-pid1.js';

export default defineRule({
  meta: {
    id: 'shell-stays-pid1',
    title: 'Shell-form command keeps the shell as PID 1: SIGKILL (137) on every stop',
    severity: 'error',
    predicts: { exitCode: 137, reason: 'Error', phase: 'stop' },
    doc: {
      whatItPredicts:
        'Every stop of the container (rollout, scale-down, node drain, `docker stop`) waits the whole grace period and ends in SIGKILL: exit code 137.',
      why: 'A shell-form `CMD`/`ENTRYPOINT` runs as `/bin/sh -c "…"`. The init process of a PID namespace receives only the signals it installed a handler for (pid_namespaces(7), kernel/signal.c `sig_task_ignored`), and a shell running `-c` installs none for SIGTERM. Whether the shell stays PID 1 depends on the image\'s `/bin/sh` (lab-verified, ../shared/FACTS.md §2): dash (Debian, Ubuntu) never replaces itself; bash 5.2 execs the last simple command of a `;`/`&&` list; busybox ash (Alpine) also execs it inside `( … )` and `if … fi`; none of them execs a command in a pipeline or one followed by another. When the shell stays, SIGTERM is dropped, the app never hears it, and after `terminationGracePeriodSeconds` (30 s by default) the kubelet sends SIGKILL.',
      example: 'FROM python:3.12-slim\nCMD python app.py          # dash stays PID 1',
      fix: 'Use the exec form, `CMD ["python", "app.py"]`, or put `exec` before the last command (`CMD cd /app && exec python app.py`), or run an init such as tini that forwards signals. Make sure the program itself then handles SIGTERM (see `pid1-ignores-sigterm`).',
      references: [
        'https://man7.org/linux/man-pages/man7/pid_namespaces.7.html',
        'https://docs.docker.com/reference/dockerfile/#shell-and-exec-form',
        'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination',
      ],
    },
  },

  create: (context) => ({
    image(image) {
      for (const report of shellStaysPid1Reports(image.startup)) context.report(report);
    },
    workload(workload) {
      for (const report of joinedReports(workload, (startup) => shellStaysPid1Reports(startup, { manifest: true }))) context.report(report);
    },
  }),
});
