import type { YamlPath } from '../../parse/manifest.js';
import { isRecord } from '../common/values.js';
import type { ContainerModel, WorkloadModel } from './workload.js';

/** A security context field with the place it is set: the container's own, or inherited from the pod. */
export interface ContextField<T> {
  readonly value: T;
  readonly path: YamlPath;
}

/**
 * The container's effective value of a field present in both PodSecurityContext and
 * SecurityContext: the container's wins (pkg/securitycontext/util.go DetermineEffectiveSecurityContext).
 */
export function effectiveField(workload: WorkloadModel, container: ContainerModel, name: string): ContextField<unknown> | undefined {
  const own = container.spec.securityContext;
  if (isRecord(own) && own[name] !== undefined && own[name] !== null) return { value: own[name], path: [...container.path, 'securityContext', name] };
  const pod = workload.podSpec.securityContext;
  if (isRecord(pod) && pod[name] !== undefined && pod[name] !== null) return { value: pod[name], path: [...workload.podSpecPath, 'securityContext', name] };
  return undefined;
}

/** A container-only security context field (capabilities, readOnlyRootFilesystem, privileged, …). */
export function containerField(container: ContainerModel, name: string): ContextField<unknown> | undefined {
  const own = container.spec.securityContext;
  if (isRecord(own) && own[name] !== undefined && own[name] !== null) return { value: own[name], path: [...container.path, 'securityContext', name] };
  return undefined;
}
