import { isShellProgram } from '../../knowledge/shells.js';
import { forEachShellNode, parseShell, type ShellNode } from '../../parse/shell.js';
import type { YamlPath } from '../../parse/manifest.js';
import { isRecord } from '../common/values.js';
import { sleepArgumentSeconds } from '../process/shell-program.js';

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

/** What the stop timeline reads of a pod spec and of one of its containers. */
interface PodStopFields {
  readonly podSpec: Readonly<Record<string, unknown>>;
  readonly podSpecPath: YamlPath;
}
interface ContainerStopFields {
  readonly lifecycle: Record<string, unknown> | undefined;
  readonly path: YamlPath;
}

export async function stopTimelineOf(workload: PodStopFields, container: ContainerStopFields): Promise<StopTimeline> {
  const grace = workload.podSpec.terminationGracePeriodSeconds;
  const gracePeriodSeconds = typeof grace === 'number' && Number.isFinite(grace) && grace >= 0 ? grace : DEFAULT_GRACE_PERIOD_SECONDS;
  const gracePath = typeof grace === 'number' ? [...workload.podSpecPath, 'terminationGracePeriodSeconds'] : undefined;
  return { gracePeriodSeconds, gracePath, preStop: await preStopOf(container) };
}

async function preStopOf(container: ContainerStopFields): Promise<PreStopHook | undefined> {
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
