import type { Report } from '../engine/rule.js';
import type { ShellKind } from '../knowledge/types.js';
import { shellStaysPid1 } from '../model/process.js';
import type { Startup } from '../model/startup.js';
import { describeShell, execFormSuggestion, keywordOf } from './describe.js';

const ALL_SHELLS: readonly ShellKind[] = ['dash', 'bash', 'busybox'];

/**
 * The shell-stays-PID-1 prediction for one way of starting an image. `manifest`: the
 * shell string comes from a Kubernetes `command`, so the fix is written for the manifest.
 */
export function shellStaysPid1Reports(startup: Startup | undefined, options: { readonly manifest?: boolean } = {}): Report[] {
  const shellForm = startup?.shellForm;
  if (!startup || !shellForm || shellForm.shellKind === 'none') return [];
  const { analysis } = shellForm;
  // A trap installs a handler, and a broken parse tells nothing: no prediction.
  if (analysis.trap || analysis.hasErrors) return [];
  // A command that daemonizes ends the shell at once (cmd-daemonizes): it never gets to a stop.
  if (startup.chain.daemonizes) return [];
  const stopSignal = startup.stage.stopSignal?.value.toUpperCase();
  if (stopSignal === 'SIGKILL' || stopSignal === 'KILL' || stopSignal === '9') return [];

  // A command that cannot even start is reported by entrypoint-not-executable; its stop does not matter.
  if (shellForm.lastProgram?.file.state === 'file' && shellForm.lastProgram.file.executable === false) return [];
  // FROM names an open build argument: the image could be anything, so nothing is said.
  if (shellForm.shellKind === 'unknown' && startup.stage.from === undefined) return [];
  const candidates = shellForm.shellKind === 'unknown' ? ALL_SHELLS : [shellForm.shellKind];
  const stays = candidates.map((kind) => ({ kind, stays: shellStaysPid1(kind, analysis) }));
  if (!stays.some((s) => s.stays === true)) return [];
  const certain = stays.every((s) => s.stays === true);
  const shellArgv0 = shellForm.shellArgv[0] ?? '/bin/sh';
  const suggestion =
    analysis.shape === 'alone'
      ? options.manifest
        ? commandSuggestion(analysis.last)
        : execFormSuggestion(keywordOf(startup.stage), analysis.last)
      : undefined;
  const fix = suggestion ? `Use exec form: ${suggestion}` : 'Put `exec` before the long-running command, or use exec form';
  const related = startup.stage.base ? [{ at: startup.stage.at, message: `${startup.stage.from ?? ''}: /bin/sh is ${startup.stage.base.binSh}` }] : [];

  if (shellForm.shellKind !== 'unknown') {
    if (!certain) return [];
    const shell = describeShell(shellArgv0, shellForm.shellKind, startup.stage);
    return [
      {
        at: shellForm.at,
        message: `On stop, ${shell} stays PID 1 and does not forward SIGTERM; after the grace period the kubelet sends SIGKILL: exit 137. ${fix}.`,
        related,
      },
    ];
  }
  const keeping = stays.filter((s) => s.stays === true).map((s) => (s.kind === 'busybox' ? 'busybox ash' : s.kind));
  return [
    {
      at: shellForm.at,
      severity: certain ? 'error' : 'warning',
      message: certain
        ? `On stop, ${shellArgv0} stays PID 1 whatever shell the image has (${analysis.shape === 'inPipeline' ? 'the command is in a pipeline' : 'no shell execs this command'}) and does not forward SIGTERM; after the grace period the kubelet sends SIGKILL: exit 137. ${fix}.`
        : `The base image ${startup.stage.from ?? startup.stage.fromRaw} is not known to lint-k8s; if its ${shellArgv0} is ${keeping.join(' or ')}, the shell stays PID 1 and does not forward SIGTERM, so every stop ends in SIGKILL: exit 137. ${fix}.`,
    },
  ];
}

function commandSuggestion(words: Parameters<typeof execFormSuggestion>[1]): string | undefined {
  const cmd = execFormSuggestion('CMD', words);
  return cmd === undefined ? undefined : `command: ${cmd.slice('CMD '.length)}`;
}
