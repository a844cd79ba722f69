import { defineRule } from '../src/engine/rule.js';
import type { ShellKind } from '../src/knowledge/types.js';
import { shellStaysPid1 } from '../src/model/process.js';
import { describeShell, execFormSuggestion, keywordOf } from '../src/predict/describe.js';

const ALL_SHELLS: readonly ShellKind[] = ['dash', 'bash', 'busybox'];

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
      const startup = image.startup;
      const shellForm = startup?.shellForm;
      if (!startup || !shellForm || shellForm.shellKind === 'none') return;
      const { analysis } = shellForm;
      // A trap installs a handler, and a broken parse tells nothing: no prediction.
      if (analysis.trap || analysis.hasErrors) return;
      // A command that daemonizes ends the shell at once (cmd-daemonizes): it never gets to a stop.
      if (startup.chain.daemonizes) return;
      const stopSignal = startup.stage.stopSignal?.value.toUpperCase();
      if (stopSignal === 'SIGKILL' || stopSignal === 'KILL' || stopSignal === '9') return;

      // A command that cannot even start is reported by entrypoint-not-executable; its stop does not matter.
      if (shellForm.lastProgram?.file.state === 'file' && shellForm.lastProgram.file.executable === false) return;
      // FROM names an open build argument: the image could be anything, so nothing is said.
      if (shellForm.shellKind === 'unknown' && startup.stage.from === undefined) return;
      const candidates = shellForm.shellKind === 'unknown' ? ALL_SHELLS : [shellForm.shellKind];
      const stays = candidates.map((kind) => ({ kind, stays: shellStaysPid1(kind, analysis) }));
      if (!stays.some((s) => s.stays === true)) return;
      const certain = stays.every((s) => s.stays === true);
      const shellArgv0 = shellForm.shellArgv[0] ?? '/bin/sh';
      const keyword = keywordOf(startup.stage);
      const suggestion = analysis.shape === 'alone' ? execFormSuggestion(keyword, analysis.last) : undefined;
      const fix = suggestion ? `Use exec form: ${suggestion}` : 'Put `exec` before the long-running command, or use exec form';
      const related = startup.stage.base ? [{ at: startup.stage.at, message: `${startup.stage.from ?? ''}: /bin/sh is ${startup.stage.base.binSh}` }] : [];

      if (shellForm.shellKind !== 'unknown') {
        if (!certain) return;
        const shell = describeShell(shellArgv0, shellForm.shellKind, startup.stage);
        context.report({
          at: shellForm.at,
          message: `On stop, ${shell} stays PID 1 and does not forward SIGTERM; after the grace period the kubelet sends SIGKILL: exit 137. ${fix}.`,
          related,
        });
        return;
      }
      const keeping = stays.filter((s) => s.stays === true).map((s) => (s.kind === 'busybox' ? 'busybox ash' : s.kind));
      context.report({
        at: shellForm.at,
        severity: certain ? 'error' : 'warning',
        message: certain
          ? `On stop, ${shellArgv0} stays PID 1 whatever shell the image has (${analysis.shape === 'inPipeline' ? 'the command is in a pipeline' : 'no shell execs this command'}) and does not forward SIGTERM; after the grace period the kubelet sends SIGKILL: exit 137. ${fix}.`
          : `The base image ${startup.stage.from ?? startup.stage.fromRaw} is not known to lint-k8s; if its ${shellArgv0} is ${keeping.join(' or ')}, the shell stays PID 1 and does not forward SIGTERM, so every stop ends in SIGKILL: exit 137. ${fix}.`,
      });
    },
  }),
});
