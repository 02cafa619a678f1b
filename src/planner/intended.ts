/**
 * A DaemonSet's intended nodes: those its own node selection admits (template `nodeName`,
 * `nodeSelector`, required node affinity). Coverage is counted against them only: a GPU monitor
 * that selects GPU nodes is not "missing" from the others. Taints do not narrow the intent: an
 * untolerated taint on a selected node is a gap the coverage gate must report.
 */
import { PlacementReason, type NodePlacement } from './result';

const SELECTION_REASONS = new Set<string>([
  PlacementReason.NODE_NAME_MISMATCH, PlacementReason.NODE_SELECTOR_MISMATCH, PlacementReason.NODE_AFFINITY_MISMATCH,
]);

/** Whether the node is outside the DaemonSet's own node selection. */
export function outsideSelection(p: NodePlacement): boolean {
  return selectionExcludes(p.reason);
}

/** Whether a skip for `reason` is the DaemonSet's own node selection leaving the node out. */
export function selectionExcludes(reason: PlacementReason): boolean {
  return SELECTION_REASONS.has(reason);
}
