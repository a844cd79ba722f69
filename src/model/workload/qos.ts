import { addQuantities, compareQuantities, parseQuantity, quantityValue, type Quantity } from './quantity.js';
import type { ContainerModel, ResourceList, WorkloadModel } from './workload.js';

export type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

const COMPUTE = ['cpu', 'memory'] as const;

/** Requests default to limits where a limit is set without a request (API defaulting). */
function effectiveRequests(c: ContainerModel): ResourceList {
  const requests: Record<string, unknown> = { ...c.requests };
  for (const name of COMPUTE) if (requests[name] === undefined && c.limits[name] !== undefined) requests[name] = c.limits[name];
  return requests;
}

/**
 * The pod's QoS class, mirroring ComputePodQOS in pkg/apis/core/v1/helper/qos/qos.go:
 * only cpu and memory count; positive requests and limits are summed over all
 * containers, init containers (and sidecars) included; Guaranteed needs every
 * container to have both limits and the summed requests to equal the summed limits.
 */
export function qosClass(workload: WorkloadModel): QosClass {
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  for (const container of [...workload.initContainers, ...workload.containers]) {
    const containerRequests = effectiveRequests(container);
    for (const name of COMPUTE) {
      const request = parseQuantity(containerRequests[name]);
      if (request && request.numerator > 0n) requests.set(name, addQuantities(requests.get(name), request));
    }
    const limitsFound = new Set<string>();
    for (const name of COMPUTE) {
      const limit = parseQuantity(container.limits[name]);
      if (limit && limit.numerator > 0n) {
        limitsFound.add(name);
        limits.set(name, addQuantities(limits.get(name), limit));
      }
    }
    if (!limitsFound.has('cpu') || !limitsFound.has('memory')) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, request] of requests) {
      const limit = limits.get(name);
      if (!limit || compareQuantities(limit, request) !== 0) guaranteed = false;
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

/**
 * oom_score_adj the kubelet gives the pod's containers (pkg/kubelet/qos/policy.go):
 * Guaranteed −997, BestEffort 1000, Burstable 1000 − 1000·request/capacity clamped to [3, 999].
 */
export function oomScoreAdj(qos: QosClass, memoryRequestBytes: number, nodeMemoryBytes: number): number {
  if (qos === 'Guaranteed') return -997;
  if (qos === 'BestEffort') return 1000;
  const adj = 1000 - Math.trunc((1000 * memoryRequestBytes) / nodeMemoryBytes);
  return Math.min(999, Math.max(3, adj));
}

export function memoryRequestBytes(container: ContainerModel): number | undefined {
  const q = parseQuantity(effectiveRequests(container).memory);
  return q ? quantityValue(q) : undefined;
}
