/**
 * The plan's placement results, shared: a plan of a million pairs should not hold a million
 * objects. A node's eligible result is one object for every DaemonSet; a skipped result is one
 * object per node and distinct message (the message determines the reason), since DaemonSets tend
 * to be skipped for the same reasons. Results are frozen.
 */
import type { NodeView } from './node-view';
import { PlacementReason, type NodePlacement } from './result';
import { shouldContinueRunningFor } from './should-run';

interface Skip {
  readonly reason: PlacementReason;
  readonly message: string;
}

export class PlacementTable {
  private readonly eligible: readonly NodePlacement[];
  /** Per profile (node-profiles.ts): its distinct skip results, in the order first met. */
  private readonly profileSkips: Skip[][];
  /** Per node: its skip results, at their position in its profile's list. */
  private readonly nodeSkips: Array<NodePlacement[] | undefined>;
  /** Per node: skip results by message, for rules decided node by node. */
  private readonly nodeMessages: Array<Map<string, NodePlacement> | undefined>;

  constructor(private readonly views: readonly NodeView[], profiles: number) {
    this.eligible = views.map(v => Object.freeze({ node: v.name, shouldRun: true, shouldContinueRunning: true, reason: PlacementReason.ELIGIBLE, message: '' }));
    this.profileSkips = Array.from({ length: profiles }, () => []);
    this.nodeSkips = new Array(views.length);
    this.nodeMessages = new Array(views.length);
  }

  /** Node `i`'s eligible result. */
  public eligibleAt(i: number): NodePlacement {
    return this.eligible[i];
  }

  /** The position of a skip result in profile `p`'s list, added when new. */
  public skipIndex(p: number, reason: PlacementReason, message: string): number {
    const skips = this.profileSkips[p];
    for (let k = 0; k < skips.length; k++) if (skips[k].message === message) return k;
    return skips.push({ reason, message }) - 1;
  }

  /** The reason of skip `k` of profile `p`. */
  public skipReason(p: number, k: number): PlacementReason {
    return this.profileSkips[p][k].reason;
  }

  /** Node `i`'s result for skip `k` of its profile `p`. */
  public skippedAt(i: number, p: number, k: number): NodePlacement {
    let results = this.nodeSkips[i];
    if (results === undefined) this.nodeSkips[i] = results = [];
    let result = results[k];
    if (result === undefined) {
      const { reason, message } = this.profileSkips[p][k];
      results[k] = result = this.skipped(i, reason, message);
    }
    return result;
  }

  /** Node `i`'s result for a skip found on that node alone (a rule that reads the node's name). */
  public skippedWith(i: number, reason: PlacementReason, message: string): NodePlacement {
    let byMessage = this.nodeMessages[i];
    if (byMessage === undefined) this.nodeMessages[i] = byMessage = new Map();
    let result = byMessage.get(message);
    if (result === undefined) byMessage.set(message, result = this.skipped(i, reason, message));
    return result;
  }

  private skipped(i: number, reason: PlacementReason, message: string): NodePlacement {
    return Object.freeze({ node: this.views[i].name, shouldRun: false, shouldContinueRunning: shouldContinueRunningFor(reason), reason, message });
  }
}
