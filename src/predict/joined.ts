import type { JoinedContainer, JoinedWorkload } from '../model/join.js';

/** Every container of a pod spec, sidecars and init containers included. */
export function allContainers(workload: JoinedWorkload): JoinedContainer[] {
  return [...workload.initContainers, ...workload.containers];
}
