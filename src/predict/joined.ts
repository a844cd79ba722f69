import type { ContainerModel, WorkloadModel } from '../model/workload.js';

/** Every container of a pod spec, sidecars and init containers included. */
export function allContainers(workload: WorkloadModel): ContainerModel[] {
  return [...workload.initContainers, ...workload.containers];
}
