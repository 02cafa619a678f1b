/**
 * `NodeShouldRunDaemonPod` (reference §1): per DaemonSet, the template's node name, node affinity
 * and tolerations are compiled once; `decide` then runs per node without allocating, and `explain`
 * builds the message only for skipped nodes.
 */
import type { PodSpec, Taint, Toleration } from './k8s-types';
import { NodeAffinityMatcher } from './node-affinity';
import { formatTaint, type NodeView } from './node-view';
import { PlacementReason } from './result';
import { daemonPodTolerations, firstUntoleratedTaint } from './tolerations';

/** shouldContinueRunning for a reason: an existing pod survives only an untolerated NoSchedule taint. */
export function shouldContinueRunningFor(reason: PlacementReason): boolean {
  return reason === PlacementReason.ELIGIBLE || reason === PlacementReason.UNTOLERATED_NO_SCHEDULE_TAINT;
}

export class PlacementRule {
  public static compile(spec: PodSpec): PlacementRule {
    return new PlacementRule(
      spec.nodeName || undefined,
      NodeAffinityMatcher.compile(spec),
      daemonPodTolerations(spec.tolerations, spec.hostNetwork === true),
    );
  }

  /** Taint messages by (shared) taint object: one string per distinct taint, not per node. */
  private readonly taintMessages = new Map<Taint, string>();
  private readonly nodeNameMessage: string;

  private constructor(
    private readonly nodeName: string | undefined,
    private readonly affinity: NodeAffinityMatcher,
    private readonly tolerations: readonly Toleration[],
  ) {
    this.nodeNameMessage = `spec.template.spec.nodeName is ${nodeName}, not this node`;
  }

  /** The node's label keys `decide` and `explain` read. */
  public labelKeys(): string[] {
    return this.affinity.labelKeys();
  }

  /**
   * Whether `decide` or `explain` reads the node's name (a template nodeName or a `matchFields`
   * term); otherwise they read only the labels of `labelKeys()` and the blocking taints.
   */
  public readsNodeName(): boolean {
    return this.nodeName !== undefined || this.affinity.readsNodeName();
  }

  /** The controller's checks in its order; the first that fails names the reason. */
  public decide(node: NodeView): PlacementReason {
    if (this.nodeName !== undefined && this.nodeName !== node.name) return PlacementReason.NODE_NAME_MISMATCH;
    if (!this.affinity.selectorMatches(node)) return PlacementReason.NODE_SELECTOR_MISMATCH;
    if (!this.affinity.affinityMatches(node)) return PlacementReason.NODE_AFFINITY_MISMATCH;
    const taints = node.blockingTaints;
    if (taints.length === 0) return PlacementReason.ELIGIBLE;
    if (firstUntoleratedTaint(taints, this.tolerations, false) === undefined) return PlacementReason.ELIGIBLE;
    return firstUntoleratedTaint(taints, this.tolerations, true) !== undefined
      ? PlacementReason.UNTOLERATED_NO_EXECUTE_TAINT
      : PlacementReason.UNTOLERATED_NO_SCHEDULE_TAINT;
  }

  /** The one-line explanation for a node that `decide` did not find eligible. */
  public explain(node: NodeView, reason: PlacementReason): string {
    switch (reason) {
      case PlacementReason.ELIGIBLE:
        return '';
      case PlacementReason.NODE_NAME_MISMATCH:
        return this.nodeNameMessage;
      case PlacementReason.NODE_SELECTOR_MISMATCH:
        return this.affinity.explainSelector(node);
      case PlacementReason.NODE_AFFINITY_MISMATCH:
        return this.affinity.explainAffinity(node);
      case PlacementReason.UNTOLERATED_NO_EXECUTE_TAINT:
        return this.taintMessage(firstUntoleratedTaint(node.blockingTaints, this.tolerations, true)!);
      case PlacementReason.UNTOLERATED_NO_SCHEDULE_TAINT:
        return this.taintMessage(firstUntoleratedTaint(node.blockingTaints, this.tolerations, false)!);
    }
  }

  private taintMessage(taint: Taint): string {
    let message = this.taintMessages.get(taint);
    if (message === undefined) {
      message = taintMessage(taint, taint.effect === 'NoExecute' ? 'an existing pod is deleted' : 'an existing pod is kept');
      this.taintMessages.set(taint, message);
    }
    return message;
  }
}

// Taints the lifecycle controller sets in NoSchedule form whose NoExecute form is a default toleration:
// the combination surprises people, so the message says it.
const NOEXECUTE_ONLY_DEFAULTS = new Set(['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']);

function taintMessage(taint: Taint, consequence: string): string {
  const hint = taint.effect === 'NoSchedule' && NOEXECUTE_ONLY_DEFAULTS.has(taint.key ?? '')
    ? '; the default DaemonSet tolerations cover it only as NoExecute'
    : '';
  return `taint ${formatTaint(taint)} is not tolerated${hint}; ${consequence}`;
}
