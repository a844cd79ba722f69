import type { Report, RuleContext, RuleVisitors } from '../../src/engine/rule.js';
import { causesOf, type Cause, type CauseKind } from '../../src/predict/causes.js';
import { allContainers } from '../../src/predict/joined.js';
import { startupCauses } from '../../src/predict/startup-causes.js';
import type { Startup } from '../../src/model/process/startup.js';
import { describeJoin, joinRelated } from './phrases.js';

/** Where a cause was found: the image's own ENTRYPOINT/CMD, or a container's `command`/`args` in a manifest. */
export interface StartupSite {
  readonly startup: Startup;
  readonly manifest: boolean;
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
  const reports = (startup: Startup, manifest: boolean): Report[] => {
    const causes = startupCauses(startup, context.runtime);
    const out: Report[] = [];
    for (const kind of kinds)
      for (const cause of causesOf(causes, kind)) {
        const report = toReport(cause, { startup, manifest });
        if (report) out.push(report);
      }
    return out;
  };
  return {
    image(image) {
      if (image.startup) for (const report of reports(image.startup, false)) context.report(report);
    },
    workload(workload) {
      // A WebAssembly runtime class runs the module itself, not a Linux process under runc or crun.
      if (isWasmRuntimeClass(workload.pod.runtimeClassName)) return;
      const runsToCompletion = RUN_TO_COMPLETION.has(workload.kind);
      for (const container of allContainers(workload)) {
        // An image lint-k8s does not know is followed only where the container's `command` decides what runs.
        const joined = container.joined ?? container.imageIndependent;
        if (!joined?.startup || !joined.overridden) continue;
        // A Job's or an init container's stop matters less than a server's: it is rarely stopped before it ends.
        const lower = runsToCompletion || container.role === 'init';
        for (const report of reports(joined.startup, true)) {
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
