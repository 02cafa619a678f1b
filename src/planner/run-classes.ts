/**
 * Nodes grouped for the checks that follow placement: the fit check (node-fit.ts) and the host-port
 * clashes (port-clashes.ts) read only a node's profile (node-profiles.ts: its allocatable, whether
 * it runs DaemonSet pods, its OS) and which DaemonSets run on it. Nodes of one profile run the same
 * DaemonSets among those decided per profile, so a class is a profile, split by the run flags of
 * the DaemonSets decided node by node (a nodeName or `matchFields` rule), when there are any.
 * Nodes of a class get the same verdicts, worked out once for the class instead of once per node.
 */
import type { NodeProfiles } from './node-profiles';

/**
 * Per node, its class's number.
 *
 * @param byNode the run flags (per node) of the DaemonSets decided node by node
 */
export function runClasses(profiles: NodeProfiles, byNode: readonly Uint8Array[]): Int32Array {
  if (byNode.length === 0) return profiles.profileOf;
  const ids = new Map<string, number>();
  const classOf = new Int32Array(profiles.profileOf.length);
  for (let i = 0; i < classOf.length; i++) {
    let key = `${profiles.profileOf[i]}:`;
    for (const run of byNode) key += run[i];
    let id = ids.get(key);
    if (id === undefined) ids.set(key, id = ids.size);
    classOf[i] = id;
  }
  return classOf;
}
