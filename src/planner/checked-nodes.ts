/**
 * Node lists checked once. The CLI reads an inventory with loadNodes, which checks its nodes, then
 * plans it, and the planner checks the nodes it is given (about 140 ms for 10,000 nodes). The
 * reader marks the lists it checked and hands to no caller that could change them; the planner
 * skips the check for those only. A list from code (CoveragePlanner.plan) is always checked,
 * including one CoveragePlanner.loadNodes returned, which is a copy of the marked list.
 */
import type { NodeManifest } from './k8s-types';
import { checkNodes } from './validate';

const CHECKED = new WeakSet<readonly unknown[]>();

/** Checks `nodes` (checkNodes) and marks the list as checked: only for a list no caller may change before it is planned. */
export function checkNodesOnce(nodes: readonly unknown[], where: string): NodeManifest[] {
  const checked = checkNodes(nodes, where);
  CHECKED.add(checked);
  return checked;
}

/** `nodes`, checked: by checkNodesOnce already, or now. */
export function checkedNodes(nodes: readonly unknown[], where: string): NodeManifest[] {
  return CHECKED.has(nodes) ? (nodes as NodeManifest[]) : checkNodes(nodes, where);
}
