import { isShellProgram } from '../knowledge/shells.js';
import { forEachShellNode, parseShell, type ShellNode } from '../parse/shell.js';
import type { YamlPath } from '../parse/manifest.js';
import { isRecord } from './values.js';
import type { ContainerModel, WorkloadModel } from './workload.js';

/** Default terminationGracePeriodSeconds (pkg/apis/core/v1/defaults.go, DefaultTerminationGracePeriodSeconds). */
export const DEFAULT_GRACE_PERIOD_SECONDS = 30;
/** The kubelet grants at least this much after the stop signal (kuberuntime_container.go, minimumGracePeriodInSeconds). */
export const MINIMUM_GRACE_PERIOD_SECONDS = 2;

export interface PreStopHook {
  readonly kind: 'exec' | 'sleep' | 'httpGet' | 'tcpSocket' | 'unknown';
  readonly path: YamlPath;
  /** How long the hook takes at least, when it can be told (the sleeps it runs). */
  readonly seconds: number | undefined;
  /** The field that says the duration (`sleep.seconds`, or the exec `command`). */
  readonly durationPath: YamlPath | undefined;
  /** For exec hooks: the command. */
  readonly command: readonly string[] | undefined;
}

/** How the grace period of one container is spent when the pod is stopped. */
export interface StopTimeline {
  readonly gracePeriodSeconds: number;
  /** Where the grace period comes from: the pod spec field, or the default. */
  readonly gracePath: YamlPath | undefined;
  readonly preStop: PreStopHook | undefined;
}

export async function stopTimelineOf(
  workload: Pick<WorkloadModel, 'podSpec' | 'podSpecPath'>,
  container: Pick<ContainerModel, 'lifecycle' | 'path'>,
): Promise<StopTimeline> {
  const grace = workload.podSpec.terminationGracePeriodSeconds;
  const gracePeriodSeconds = typeof grace === 'number' && Number.isFinite(grace) && grace >= 0 ? grace : DEFAULT_GRACE_PERIOD_SECONDS;
  const gracePath = typeof grace === 'number' ? [...workload.podSpecPath, 'terminationGracePeriodSeconds'] : undefined;
  return { gracePeriodSeconds, gracePath, preStop: await preStopOf(container) };
}

async function preStopOf(container: Pick<ContainerModel, 'lifecycle' | 'path'>): Promise<PreStopHook | undefined> {
  const hook = container.lifecycle?.preStop;
  if (!isRecord(hook)) return undefined;
  const path: YamlPath = [...container.path, 'lifecycle', 'preStop'];
  if (isRecord(hook.sleep)) {
    const seconds = typeof hook.sleep.seconds === 'number' ? hook.sleep.seconds : undefined;
    return { kind: 'sleep', path, seconds, durationPath: [...path, 'sleep', 'seconds'], command: undefined };
  }
  if (isRecord(hook.exec)) {
    const command = Array.isArray(hook.exec.command) ? hook.exec.command.map(String) : undefined;
    const seconds = command ? await sleepSecondsOf(command) : undefined;
    return { kind: 'exec', path, seconds, durationPath: [...path, 'exec', 'command'], command };
  }
  if (isRecord(hook.httpGet)) return { kind: 'httpGet', path, seconds: undefined, durationPath: undefined, command: undefined };
  if (isRecord(hook.tcpSocket)) return { kind: 'tcpSocket', path, seconds: undefined, durationPath: undefined, command: undefined };
  return { kind: 'unknown', path, seconds: undefined, durationPath: undefined, command: undefined };
}

/** Duration of `sleep` arguments as GNU coreutils and busybox read them: numbers with s/m/h/d suffixes, summed. */
export function sleepArgumentSeconds(args: readonly (string | undefined)[]): number | undefined {
  let total = 0;
  for (const arg of args) {
    const match = arg === undefined ? null : /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(arg);
    if (!match) return undefined;
    const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
    total += Number(match[1]) * unit;
  }
  return args.length > 0 ? total : undefined;
}

/** The seconds an exec hook sleeps at least: `sleep N`, or the sleeps of a `sh -c` string run in sequence. */
export async function sleepSecondsOf(command: readonly string[]): Promise<number | undefined> {
  const name = (command[0] ?? '').replace(/^.*\//, '');
  if (name === 'sleep') return sleepArgumentSeconds(command.slice(1));
  if (isShellProgram(name) && command[1] === '-c' && command[2] !== undefined) {
    const script = await parseShell(command[2]);
    let total = 0;
    let found = false;
    const inSequence: ShellNode[] = [];
    // Only sleeps that run one after the other count (top-level statements and && lists), not those in branches.
    const collect = (node: ShellNode): void => {
      if (node.kind === 'list' && node.op === '&&') {
        collect(node.left);
        collect(node.right);
      } else if (node.kind === 'command' || node.kind === 'redirected') inSequence.push(node);
    };
    script.statements.forEach(collect);
    forEachShellNode(inSequence, (node) => {
      if (node.kind !== 'command' || node.words[0]?.literal?.replace(/^.*\//, '') !== 'sleep') return;
      const seconds = sleepArgumentSeconds(node.words.slice(1).map((w) => w.literal));
      if (seconds !== undefined) {
        total += seconds;
        found = true;
      }
    });
    return found ? total : undefined;
  }
  return undefined;
}
