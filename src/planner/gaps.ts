/**
 * Where a DaemonSet falls short of its intent: each intended node (intended.ts) where its pod is
 * not created (the skip reason) or would stay Pending (the first warning there), in node order.
 * The coverage gate names these.
 */
import { outsideSelection } from './intended';
import type { DaemonSetPlan } from './result';

export interface CoverageGap {
  readonly node: string;
  /** The skip reason or the warning kind. */
  readonly reason: string;
  readonly message: string;
}

export function coverageGaps(ds: DaemonSetPlan): CoverageGap[] {
  const firstWarning = new Map<string, CoverageGap>();
  for (const w of ds.warnings) if (!firstWarning.has(w.node)) firstWarning.set(w.node, { node: w.node, reason: w.kind, message: w.message });
  const gaps: CoverageGap[] = [];
  for (const n of ds.nodes) {
    if (outsideSelection(n)) continue;
    if (!n.shouldRun) gaps.push({ node: n.node, reason: n.reason, message: n.message });
    else if (firstWarning.has(n.node)) gaps.push(firstWarning.get(n.node)!);
  }
  return gaps;
}
