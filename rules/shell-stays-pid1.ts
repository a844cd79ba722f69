import { defineRule } from '../src/engine/rule.js';
import { binShEvidence } from '../src/model/process/command.js';
import type { ShellWord } from '../src/parse/shell.js';
import { describeShell, execFormSuggestion, keywordOf, loopFix } from './support/phrases.js';
import { startupVisitors } from './support/startup.js';

export default defineRule({
  meta: {
    id: 'shell-stays-pid1',
    title: 'Shell-form command keeps the shell as PID 1: SIGKILL (137) on every stop',
    severity: 'error',
    predicts: { exitCode: 137, reason: 'Error', phase: 'stop' },
    claims: ['shell-stays-pid1', 'shell-trap-too-late'],
    messages: {
      stays: 'On stop, {{shell}} stays PID 1 and does not forward SIGTERM; after the grace period the kubelet sends SIGKILL: exit 137. {{fix}}.',
      staysAnyShell:
        'On stop, {{shell}} stays PID 1 whatever shell the image has ({{why}}) and does not forward SIGTERM; after the grace period the kubelet sends SIGKILL: exit 137. {{fix}}.',
      staysIfShell:
        'The base image {{image}} is not known to lint-k8s; if its {{shell}} is {{shells}}{{entrypoint}}, the shell stays PID 1 and does not forward SIGTERM, so every stop ends in SIGKILL: exit 137. {{fix}}.',
      staysUnknownEntrypoint:
        'On stop, {{shell}} stays PID 1{{why}} and does not forward SIGTERM, unless the ENTRYPOINT of {{image}} (not known to lint-k8s) is an init that forwards signals; after the grace period the kubelet sends SIGKILL: exit 137. {{fix}}.',
      trapForeground:
        'On stop, {{shell}} stays PID 1 and traps {{signal}}, but runs `{{command}}` in the foreground: a trap runs only after the foreground command returns, and that command never gets the signal, so after the grace period the kubelet sends SIGKILL: exit 137. Run it in the background and `wait` (`{{command}} & wait $!`), or `exec` it.',
      trapNoExit:
        'On stop, {{shell}} stays PID 1 and traps {{signal}}, but the trap does not exit, so the loop goes on; after the grace period the kubelet sends SIGKILL: exit 137. End the trap with `exit 0`.',
      staysBehindEntrypoint:
        'On stop, {{shell}} stays PID 1: the entrypoint {{entrypoint}} execs the {{source}} as `{{shellArgv0}} -c …`, and the shell does not forward {{signal}}, so the application never hears it; after the grace period the kubelet sends SIGKILL: exit 137. {{fix}}.',
    },
    doc: {
      whatItPredicts:
        'Every stop of the container (rollout, scale-down, node drain, `docker stop`) waits the whole grace period and ends in SIGKILL: exit code 137. Also when an image entrypoint that execs "$@" (node, redis, postgres, nginx, eclipse-temurin) is given a shell-form CMD or `args: ["/bin/sh", "-c", …]`; for a `while`/`until`/`for` loop under any shell; and for a `trap … TERM` whose foreground command never returns. A warning when the base image (and so its ENTRYPOINT) is not known.',
      why: 'A shell-form `CMD`/`ENTRYPOINT` runs as `/bin/sh -c "…"`. The init process of a PID namespace receives only the signals it installed a handler for (pid_namespaces(7), kernel/signal.c `sig_task_ignored`), and a shell running `-c` installs none for SIGTERM. Whether the shell stays PID 1 depends on the image\'s `/bin/sh` (lab cases "shell-exec <shell> <shape>"): dash (Debian, Ubuntu) never replaces itself; bash 5.2 execs the last simple command of a `;`/`&&` list; busybox ash (Alpine) also execs it inside `( … )` and `if … fi`; none of them execs a command in a pipeline, a loop, or one followed by another, nor anything once a trap is set (lab cases "shell-exec <shell> inLoop|afterTrap"). A trap runs only when the foreground command returns (POSIX 2.11): `trap \'exit 0\' TERM; tail -f /dev/null` still ends in SIGKILL, `trap \'exit 0\' TERM; while true; do sleep 2; done` exits 0 within the sleep (lab cases "trap-loop-*"). For an image lint-k8s does not know, `RUN apt-get` (dash), `apk` (busybox) or `dnf`/`microdnf`/`yum` (bash), or a release in the tag or the image name (`ubi9/openjdk-21`), settles its `/bin/sh`: on a Red Hat-like image bash execs a single command, so `CMD java -jar app.jar` leaves the JVM as PID 1 (143 on SIGTERM), not 137. When the shell stays, SIGTERM is dropped, the app never hears it, and after `terminationGracePeriodSeconds` (30 s by default) the kubelet sends SIGKILL. The Dockerfile finding describes the image run as PID 1 of its own PID namespace (`docker run`, a pod without `hostPID`/`shareProcessNamespace`). When pods of the input run the image (its own command) with `hostPID: true` or `shareProcessNamespace: true`, the finding names them, since there the first process is not a namespace init and SIGTERM kills it (143); when every such pod shares a namespace, it is lowered to a warning. A pod that sets `command`/`args` is predicted on its own.',
      example: 'FROM python:3.12-slim\nCMD python app.py          # dash stays PID 1',
      fix: "Use the exec form, `CMD [\"python\", \"app.py\"]`, or put `exec` before the last command (`CMD cd /app && exec python app.py`), or run an init such as tini that forwards signals. A loop cannot be exec'd: `exec` the long-running program instead, or put `trap 'exit 0' TERM` before a loop whose commands return within seconds (`trap 'exit 0' TERM; while true; do work; sleep 5; done`). Make sure the program itself then handles SIGTERM (see `pid1-ignores-sigterm`).",
      references: [
        'https://man7.org/linux/man-pages/man7/pid_namespaces.7.html',
        'https://docs.docker.com/reference/dockerfile/#shell-and-exec-form',
        'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination',
      ],
    },
  },

  create: (context) =>
    startupVisitors(context, ['shell-stays-pid1', 'shell-trap-too-late'], (cause, { startup, manifest, runsToCompletion }) => {
      if (cause.kind === 'shell-trap-too-late') {
        const severity = cause.stop.certainty === 'certain' ? 'error' : 'warning';
        const shell = cause.step.shellArgv0;
        return cause.foreground
          ? { at: cause.at, severity, messageId: 'trapForeground', data: { shell, signal: cause.stop.signal, command: cause.foreground } }
          : { at: cause.at, severity, messageId: 'trapNoExit', data: { shell, signal: cause.stop.signal } };
      }
      const { step, behind } = cause;
      const { analysis, shellArgv0 } = step;
      const stage = startup.stage;
      const words = analysis.shape === 'alone' ? analysis.last : undefined;
      const suggestion = behind
        ? argsSuggestion(manifest ? 'args:' : 'CMD', words)
        : manifest
          ? commandSuggestion(words)
          : execFormSuggestion(keywordOf(stage), words);
      const fix = suggestion
        ? `Use exec form: ${suggestion}`
        : analysis.shape === 'inLoop'
          ? loopFix(analysis.final.kind === 'loop' ? analysis.final.boundedSeconds : undefined, runsToCompletion)
          : 'Put `exec` before the long-running command, or use exec form';
      const evidence = binShEvidence(stage);
      const related = stage.base
        ? [{ at: stage.at, message: `${stage.from ?? ''}: /bin/sh is ${stage.base.binSh}` }]
        : evidence
          ? [
              {
                at: evidence.at,
                message: `${evidence.by === 'tag' ? 'the tag names' : evidence.by === 'name' ? 'the image name names' : 'this RUN shows'} a ${evidence.evidence.family} image: /bin/sh is ${evidence.evidence.binSh}`,
              },
            ]
          : [];
      const [only] = cause.shells;
      const why =
        analysis.shape === 'inPipeline'
          ? 'the command is in a pipeline'
          : analysis.shape === 'inLoop'
            ? 'no shell execs a loop'
            : 'no shell execs this command';
      if (cause.entrypointUnknown && (cause.certain || step.shellKind !== 'unknown'))
        return {
          at: cause.at,
          severity: 'warning',
          messageId: 'staysUnknownEntrypoint',
          data: {
            shell: step.shellKind !== 'unknown' && only ? describeShell(shellArgv0, only, stage) : shellArgv0,
            why: step.shellKind === 'unknown' ? ` whatever shell the image has (${why})` : analysis.shape === 'inLoop' ? ' (no shell execs a loop)' : '',
            image: stage.from ?? stage.fromRaw,
            fix,
          },
          related,
        };
      if (behind && only)
        return {
          at: cause.at,
          messageId: 'staysBehindEntrypoint',
          data: {
            shell: describeShell(shellArgv0, only, stage),
            entrypoint: behind.argv[0] ?? 'script',
            source: manifest ? 'container args' : 'shell-form CMD',
            signal: startup.stop.signal,
            shellArgv0,
            fix,
          },
          related: [...related, ...(stage.entrypoint?.at ? [{ at: stage.entrypoint.at, message: 'the entrypoint is set here' }] : [])],
        };
      if (step.shellKind !== 'unknown' && only)
        return { at: cause.at, messageId: 'stays', data: { shell: describeShell(shellArgv0, only, stage), fix }, related };
      if (cause.certain)
        return {
          at: cause.at,
          messageId: 'staysAnyShell',
          data: { shell: shellArgv0, why, fix },
        };
      return {
        at: cause.at,
        severity: 'warning',
        messageId: 'staysIfShell',
        data: {
          image: stage.from ?? stage.fromRaw,
          shell: shellArgv0,
          shells: cause.shells.map((k) => (k === 'busybox' ? 'busybox ash' : k)).join(' or '),
          entrypoint: cause.entrypointUnknown ? ' and its ENTRYPOINT (also not known) is not an init that forwards signals' : '',
          fix,
        },
      };
    }),
});

function commandSuggestion(words: readonly ShellWord[] | undefined): string | undefined {
  const cmd = execFormSuggestion('CMD', words);
  return cmd === undefined ? undefined : `command: ${cmd.slice('CMD '.length)}`;
}

/** Behind an entrypoint that execs "$@", the command stays in CMD (or `args`), in exec form. */
function argsSuggestion(keyword: 'CMD' | 'args:', words: readonly ShellWord[] | undefined): string | undefined {
  const cmd = execFormSuggestion('CMD', words);
  return cmd === undefined ? undefined : `${keyword} ${cmd.slice('CMD '.length)}`;
}
