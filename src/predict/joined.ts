import type { RelatedLocation, Report, RuleContext, RuleVisitors } from '../engine/rule.js';
import type { RuntimeName } from '../knowledge/types.js';
import type { JoinedImage } from '../model/join.js';
import type { Startup } from '../model/startup.js';
import type { ContainerModel, WorkloadModel } from '../model/workload.js';

/** Every container of a pod spec, sidecars and init containers included. */
export function allContainers(workload: WorkloadModel): ContainerModel[] {
  return [...workload.initContainers, ...workload.containers];
}

/** `image ghcr.io/acme/api is built by services/api/Dockerfile (skaffold.yaml)`, for messages. */
export function describeJoin(container: ContainerModel, joined: JoinedImage): string {
  if (joined.source === 'built' && joined.image)
    return `image ${container.image ?? ''} is built from ${joined.image.file} (joined by ${joined.via?.shown ?? 'config'})`;
  return `image ${container.image ?? ''} is ${joined.stage.base?.variant ?? 'a known image'}`;
}

/** Related locations that show where a joined container's image comes from. */
export function joinRelated(joined: JoinedImage): RelatedLocation[] {
  const out: RelatedLocation[] = [];
  if (joined.source === 'built' && joined.image) out.push({ at: joined.stage.at, message: `the image is built here (${joined.image.file})` });
  if (joined.via?.at) out.push({ at: joined.via.at, message: `${joined.via.shown} maps the image to ${joined.image?.file ?? 'this Dockerfile'}` });
  return out;
}

/**
 * Runs an image-side prediction on how each joined container starts (its `command`/`args`
 * over the image's ENTRYPOINT/CMD) and keeps what the manifest causes: a finding located in
 * the Dockerfile is already reported there by the image visitor.
 */
export function joinedReports(workload: WorkloadModel, check: (startup: Startup) => readonly Report[]): Report[] {
  const out: Report[] = [];
  for (const container of allContainers(workload)) {
    const joined = container.joined;
    if (!joined?.startup || !joined.overridden) continue;
    for (const report of check(joined.startup)) {
      if (report.at.file !== workload.file) continue;
      const related = [...joinRelated(joined), ...(report.related ?? [])];
      out.push({ ...report, message: `Container ${container.name} (${describeJoin(container, joined)}): ${report.message}`, related });
    }
  }
  return out;
}

/**
 * The visitors of a rule that is one startup prediction: run on every image built here,
 * and on every container whose `command`/`args` change how its image starts.
 */
export function startupVisitors(context: RuleContext, check: (startup: Startup, runtime: RuntimeName) => readonly Report[]): RuleVisitors {
  return {
    image(image) {
      if (image.startup) for (const report of check(image.startup, context.runtime)) context.report(report);
    },
    workload(workload) {
      for (const report of joinedReports(workload, (startup) => check(startup, context.runtime))) context.report(report);
    },
  };
}
