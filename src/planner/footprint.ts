/**
 * The DaemonSet footprint ("DaemonSet tax"): what the planned DaemonSet pods request of each node,
 * against its allocatable, and the sums per node pool (pools.ts), which is how platform teams size
 * nodes. Allocatable not reported counts as zero, as for the scheduler (node-fit.ts).
 */
import type { NodeManifest } from './k8s-types';
import type { NodeLoad } from './node-fit';
import { poolOf } from './pools';
import type { Footprint, NodeFootprint, PoolFootprint } from './result';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function footprintOf(
  nodes: readonly NodeManifest[], allocatables: ReadonlyArray<ReadonlyMap<string, number> | undefined>, loads: readonly NodeLoad[],
): Footprint {
  const pools = new Map<string, Mutable<PoolFootprint>>();
  const perNode: NodeFootprint[] = nodes.map((n, i) => {
    const { label, pool } = poolOf(n);
    const alloc = allocatables[i];
    const load = loads[i];
    const entry: NodeFootprint = {
      node: n.metadata!.name!,
      pool,
      pods: load.pods,
      cpuMillis: load.cpuMillis,
      memoryBytes: load.memoryBytes,
      allocatablePods: alloc?.get('pods') ?? 0,
      allocatableCpuMillis: alloc?.get('cpu') ?? 0,
      allocatableMemoryBytes: alloc?.get('memory') ?? 0,
      overcommitted: load.overcommitted,
    };
    const id = `${label}\u0000${pool}`;
    let sum = pools.get(id);
    if (sum === undefined) {
      pools.set(id, sum = {
        pool,
        poolLabel: label,
        nodes: 0,
        pods: 0,
        cpuMillis: 0,
        memoryBytes: 0,
        allocatablePods: 0,
        allocatableCpuMillis: 0,
        allocatableMemoryBytes: 0,
        overcommittedNodes: 0,
      });
    }
    sum.nodes++;
    sum.pods += entry.pods;
    sum.cpuMillis += entry.cpuMillis;
    sum.memoryBytes += entry.memoryBytes;
    sum.allocatablePods += entry.allocatablePods;
    sum.allocatableCpuMillis += entry.allocatableCpuMillis;
    sum.allocatableMemoryBytes += entry.allocatableMemoryBytes;
    if (entry.overcommitted) sum.overcommittedNodes++;
    return entry;
  });
  return { nodes: perNode, pools: [...pools.values()] };
}
