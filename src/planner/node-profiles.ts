/**
 * Nodes grouped as placement sees them. A DaemonSet's rule reads a few label keys and the node's
 * blocking taints (should-run.ts); nodes equal on those get the same decision and the same
 * explanation from it. A fleet has few such profiles (pools × zones × states) against thousands
 * of nodes, so the planner decides once per profile and DaemonSet, and each further pair is an
 * array lookup. Rules that read the node's name (nodeName, `matchFields`) are decided per node.
 */
import type { Taint } from './k8s-types';
import type { NodeView } from './node-view';

export class NodeProfiles {
  /**
   * @param labelKeys the label keys any rule reads
   */
  public static of(views: readonly NodeView[], labelKeys: Iterable<string>): NodeProfiles {
    const keys = [...new Set(labelKeys)];
    const taintIds = new Map<Taint, number>();
    const ids = new Map<string, number>();
    const profileOf = new Int32Array(views.length);
    for (let i = 0; i < views.length; i++) {
      // The values of the keys, each with its length (no separator a value could contain), then
      // the blocking taints in order (equal taints are one object: node-view.ts).
      let signature = '';
      for (const k of keys) {
        const value = views[i].labels.get(k);
        signature += value === undefined ? '-' : `${value.length}:${value}`;
      }
      for (const t of views[i].blockingTaints) {
        let id = taintIds.get(t);
        if (id === undefined) taintIds.set(t, id = taintIds.size);
        signature += `#${id}`;
      }
      let id = ids.get(signature);
      if (id === undefined) ids.set(signature, id = ids.size);
      profileOf[i] = id;
    }
    return new NodeProfiles(profileOf, ids.size);
  }

  private constructor(
    /** Per node, its profile's number. */
    public readonly profileOf: Int32Array,
    /** How many profiles there are, numbered from 0. */
    public readonly count: number,
  ) {}
}
