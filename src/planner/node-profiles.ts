/**
 * Nodes grouped as placement and the fit check see them. A DaemonSet's rule reads a few label keys
 * and the node's blocking taints (should-run.ts); nodes equal on those get the same decision and
 * the same explanation from it. The fit check (node-fit.ts) reads the node's allocatable, whether
 * it runs DaemonSet pods and its OS, besides the DaemonSets placed there; nodes equal on all of
 * these, with the same DaemonSets placed, get the same verdicts (run-classes.ts). A fleet has few
 * such profiles (pools × zones × states) against thousands of nodes, so the planner decides once
 * per profile and DaemonSet, and each further pair is an array lookup. Rules that read the node's
 * name (nodeName, `matchFields`) are decided per node.
 */
import type { NodeView } from './node-view';

/**
 * A trie of the values nodes are compared on, one level per value: nodes with equal values, in the
 * same order, pass through the same vertices, and the vertex where a group's values end numbers
 * the group. Values are Map keys (a label value, a shared taint object, an amount, compared as Map
 * keys are), so no signature string is built per node.
 */
class Vertex {
  /** The number of the group whose values end here (fit inputs or a whole profile), once met. */
  public id = -1;
  private readonly next = new Map<unknown, Vertex>();

  public then(value: unknown): Vertex {
    let v = this.next.get(value);
    if (v === undefined) this.next.set(value, v = new Vertex());
    return v;
  }
}

/** Ends a part whose length varies (the allocatable, the taints). */
const END = Symbol('end');
/** Stands for a node that reports no allocatable (zero of everything), unlike an empty one. */
const NO_ALLOCATABLE = Symbol('no allocatable');

export class NodeProfiles {
  /**
   * @param labelKeys the label keys any rule reads
   */
  public static of(views: readonly NodeView[], labelKeys: Iterable<string>): NodeProfiles {
    const keys = [...new Set(labelKeys)];
    const root = new Vertex();
    let count = 0;
    let fits = 0;
    const profileOf = new Int32Array(views.length);
    const fitOf = new Int32Array(views.length);
    for (let i = 0; i < views.length; i++) {
      // What the fit check reads, the blocking taints in order (equal taints are one object:
      // node-view.ts), then the values of the keys: what splits a fleet least comes first, so the
      // vertices most nodes pass through stay few (and in the CPU cache).
      const view = views[i];
      let v = root.then(view.hostless).then(view.os);
      if (view.allocatable === undefined) v = v.then(NO_ALLOCATABLE);
      else for (const [name, amount] of view.allocatable) v = v.then(name).then(amount);
      v = v.then(END);
      if (v.id < 0) v.id = fits++;
      fitOf[i] = v.id;
      for (const t of view.blockingTaints) v = v.then(t);
      v = v.then(END);
      for (const k of keys) v = v.then(view.labels.get(k));
      if (v.id < 0) v.id = count++;
      profileOf[i] = v.id;
    }
    return new NodeProfiles(profileOf, count, fitOf);
  }

  private constructor(
    /** Per node, its profile's number. */
    public readonly profileOf: Int32Array,
    /** How many profiles there are, numbered from 0. */
    public readonly count: number,
    /**
     * Per node, the number of what the fit check reads of it (allocatable, hostless reason, OS):
     * nodes of different profiles may share it.
     */
    public readonly fitOf: Int32Array,
  ) {}
}
