import type { Report, RuleContext, RuleVisitors } from '../../src/engine/rule.js';
import { causesOf, type Cause, type CauseKind } from '../../src/predict/causes.js';
import { allContainers } from '../../src/predict/joined.js';
import { startupCauses } from '../../src/predict/startup-causes.js';
import type { Startup } from '../../src/model/process/startup.js';
import { signalNumber } from '../../src/model/process/pid1.js';
import { describeJoin, joinRelated } from './phrases.js';
import type { Location } from '../../src/parse/location.js';

/** Where a cause was found: the image's own ENTRYPOINT/CMD, or a container's `command`/`args` in a manifest. */
export interface StartupSite {
  readonly startup: Startup;
  readonly manifest: boolean;
  /** A Job's, CronJob's or init container's: it ends by itself, so a fix must not change what it runs. */
  readonly runsToCompletion?: boolean;
}

/**
 * The visitors of a rule that reports startup causes (kube-linter's template, one instance per
 * rule): every image built here, and every container whose `command`/`args` change how its image
 * starts. A cause located in the Dockerfile is reported there once, by the image visitor.
 */
export function startupVisitors<K extends CauseKind>(
  context: RuleContext,
  kinds: readonly K[],
  toReport: (cause: Extract<Cause, { kind: K }>, site: StartupSite) => Report | undefined,
): RuleVisitors {
  const stopRule = kinds.some((k) => STOP_CAUSES.has(k));
  const reports = (startup: Startup, manifest: boolean, runsToCompletion: boolean): Report[] => {
    const causes = startupCauses(startup, context.runtime);
    const out: Report[] = [];
    for (const kind of kinds)
      for (const cause of causesOf(causes, kind)) {
        const report = toReport(cause, { startup, manifest, runsToCompletion });
        if (report) out.push(report);
      }
    return out;
  };
  // Image findings that hold only while the process is the init of its PID namespace wait for the
  // workloads: a pod that runs the image with hostPID or shareProcessNamespace changes them.
  const pending: { image: string; report: Report }[] = [];
  const sharing: { image: string; at: Location; text: string; owner: string; all: boolean; killed: string }[] = [];
  const nsDependent = (cause: Cause): boolean =>
    cause.kind === 'shell-stays-pid1' || cause.kind === 'program-ignores-signal' || (cause.kind === 'script-stays-pid1' && !cause.trapped);
  return {
    image(image) {
      const startup = image.startup;
      if (!startup) return;
      const causes = startupCauses(startup, context.runtime);
      for (const kind of kinds)
        for (const cause of causesOf(causes, kind)) {
          const report = toReport(cause, { startup, manifest: false });
          if (!report) continue;
          if (stopRule && nsDependent(cause)) pending.push({ image: image.absPath, report });
          else context.report(report);
        }
    },
    workload(workload) {
      // A WebAssembly runtime class runs the module itself, not a Linux process under runc or crun.
      if (isWasmRuntimeClass(workload.pod.runtimeClassName)) return;
      const runsToCompletion = RUN_TO_COMPLETION.has(workload.kind);
      for (const container of allContainers(workload)) {
        const own = container.joined;
        // The image's own start (no command/args) in this pod: whether the pod gives it its own PID namespace.
        if (stopRule && own?.source === 'built' && own.image && own.stage === own.image.final && !own.overridden) {
          const ns = own.pidNamespace;
          // Not a namespace init, the process gets the stop signal's default action (STOPSIGNAL, else SIGTERM): 128 + its number.
          const signal = own.startup?.stop.signal ?? 'SIGTERM';
          const killed = `${signal} kills it (${128 + signalNumber(signal)})`;
          sharing.push({
            image: own.image.absPath,
            at: workload.at(ns.path ?? [...container.path, 'image']),
            text:
              ns.kind === 'container'
                ? `${workload.kind} ${workload.name} runs this image as PID 1 of its own PID namespace (container ${container.name})`
                : `${workload.kind} ${workload.name} sets ${ns.kind === 'host' ? 'hostPID' : 'shareProcessNamespace'}: true, so there the first process is not PID 1 of its namespace and ${killed}: this finding does not hold for container ${container.name}`,
            owner: `${workload.kind} ${workload.name}`,
            all: ns.kind !== 'container',
            killed,
          });
        }
        // An image lint-k8s does not know is followed only where the container's `command` decides what runs.
        const joined = container.joined ?? container.imageIndependent;
        if (!joined?.startup || !joined.overridden) continue;
        // A Job's or an init container's stop matters less than a server's: it is rarely stopped before it ends.
        const lower = runsToCompletion || container.role === 'init';
        for (const report of reports(joined.startup, true, lower)) {
          if (report.at.file !== workload.file) continue;
          const severity = lower && stopRule && (report.severity ?? 'error') === 'error' ? 'warning' : report.severity;
          context.report({
            ...report,
            ...(severity ? { severity } : {}),
            subject: { text: `Container ${container.name} (${describeJoin(container, joined)})`, key: container.name },
            related: [...joinRelated(joined), ...(report.related ?? [])],
          });
        }
      }
    },
    done() {
      for (const { image, report } of pending) {
        const uses = sharing.filter((u) => u.image === image);
        const notInit = uses.filter((u) => u.all);
        if (notInit.length === 0) {
          context.report(report);
          continue;
        }
        // Every pod of the input that runs the image shares a PID namespace: the 137 holds only elsewhere (docker run, other pods).
        const everywhere = notInit.length === uses.length;
        const severity = everywhere && (report.severity ?? 'error') === 'error' ? 'warning' : report.severity;
        const names = notInit.map((u) => u.owner).join(', ');
        context.report({
          ...report,
          ...(severity ? { severity } : {}),
          // Said before the message, so every format shows it; the empty key keeps the finding's fingerprint.
          subject: {
            text: `Where the image is PID 1 of its own PID namespace (docker run${everywhere ? '' : ', the other pods'}), not in ${names}, whose pod shares a PID namespace (${notInit[0]?.killed ?? 'SIGTERM kills it (143)'} there)`,
            key: '',
          },
          related: [...(report.related ?? []), ...notInit.map((u) => ({ at: u.at, message: u.text }))],
        });
      }
    },
    shardState: {
      save: () => ({ pending, sharing }),
      merge: (saved) => {
        const state = saved as { pending: typeof pending; sharing: typeof sharing };
        pending.push(...state.pending);
        sharing.push(...state.sharing);
      },
    },
  };
}

/** Causes that only matter when the container is stopped. */
const STOP_CAUSES: ReadonlySet<CauseKind> = new Set<CauseKind>(['shell-stays-pid1', 'script-stays-pid1', 'program-ignores-signal']);

/** Kinds whose pods run to completion. */
const RUN_TO_COMPLETION = new Set(['Job', 'CronJob']);

/** runwasi's and Spin's handlers (containerd-shim-wasmtime, -wasmedge, -spin, -slight): the usual runtime class names. */
function isWasmRuntimeClass(name: string | undefined): boolean {
  return name !== undefined && /wasm|spin|slight|lunatic/i.test(name);
}
