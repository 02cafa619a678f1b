/**
 * RuntimeClass pod overhead (node.k8s.io/v1 `overhead.podFixed`): the RuntimeClass admission
 * plugin writes it into the pod's `spec.overhead`, and the scheduler adds it to the pod's requests
 * (reference §6, NodeResourcesFit; pkg/api/v1/resource/helpers.go PodRequests at v1.33.0). Only
 * RuntimeClasses among the planner's inputs are known; a template naming another gets no overhead.
 */
import { PlannerInputError } from './errors';
import { isObject } from './k8s-types';
import { toSchedulerUnits } from './quantity';
import type { ResourceAmounts } from './resources';

/** RuntimeClass name → its fixed pod overhead, in scheduler units. */
export function runtimeClassOverheads(objects: readonly unknown[]): Map<string, ResourceAmounts> {
  const out = new Map<string, ResourceAmounts>();
  objects.forEach((obj, i) => {
    if (!isObject(obj) || obj.kind !== 'RuntimeClass') return;
    const name = isObject(obj.metadata) ? obj.metadata.name : undefined;
    const podFixed = isObject(obj.overhead) ? obj.overhead.podFixed : undefined;
    if (typeof name !== 'string' || !isObject(podFixed)) return;
    const amounts: ResourceAmounts = new Map();
    for (const [resource, value] of Object.entries(podFixed)) {
      const units = typeof value === 'string' || typeof value === 'number' ? toSchedulerUnits(resource, value) : undefined;
      if (units === undefined) {
        throw new PlannerInputError(`RuntimeClass ${name} (input ${i}): overhead.podFixed.${resource}: ${JSON.stringify(value)} is not a non-negative Kubernetes quantity (e.g. 250m, 120Mi)`);
      }
      amounts.set(resource, units);
    }
    out.set(name, amounts);
  });
  return out;
}

/** The requests plus the overhead (a new map; the requests are shared). */
export function withOverhead(requests: ResourceAmounts, overhead: ResourceAmounts | undefined): ResourceAmounts {
  if (overhead === undefined || overhead.size === 0) return requests;
  const sum = new Map(requests);
  for (const [k, v] of overhead) if (v > 0) sum.set(k, (sum.get(k) ?? 0) + v);
  return sum;
}
