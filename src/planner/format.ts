/**
 * The `--json` document (exactly the documented keys), and the coverage figures the JSON, the
 * human report (text-report.ts) and the coverage gate share.
 */
import { outsideSelection } from './intended';
import type { CoveragePlan, DaemonSetPlan } from './result';

/**
 * Coverage as users mean it: the intended nodes (its own node selection admits them) where the pod
 * is created and does not stay Pending, in percent; 100 when it intends no node.
 */
export function coveragePercent(ds: DaemonSetPlan): number {
  return ds.intendedNodes === 0 ? 100 : (ds.runningNodes * 100) / ds.intendedNodes;
}

/** One DaemonSet in the `--json` shape. */
export function daemonSetJson(ds: DaemonSetPlan): any {
  return {
    name: ds.name,
    namespace: ds.namespace,
    coveredNodes: ds.coveredNodes,
    intendedNodes: ds.intendedNodes,
    runningNodes: ds.runningNodes,
    nodes: ds.nodes.map(n => ({
      node: n.node,
      shouldRun: n.shouldRun,
      shouldContinueRunning: n.shouldContinueRunning,
      reason: n.reason,
      message: n.message,
      intended: !outsideSelection(n),
    })),
    rollout: {
      desiredNumberScheduled: ds.rollout.desiredNumberScheduled,
      maxUnavailable: ds.rollout.maxUnavailable,
      maxSurge: ds.rollout.maxSurge,
      waves: ds.rollout.waves,
      minDurationSeconds: ds.rollout.minDurationSeconds,
    },
    warnings: ds.warnings.map(w => ({ kind: w.kind, node: w.node, message: w.message })),
    notices: ds.notices,
  };
}

/**
 * The `--json` document as text chunks, one DaemonSet per line, so a plan of a million node
 * entries is never one giant string.
 */
export function* jsonChunks(plan: CoveragePlan): Generator<string> {
  yield '{"daemonSets":[';
  for (let i = 0; i < plan.daemonSets.length; i++) {
    yield `${i === 0 ? '\n' : ',\n'}${JSON.stringify(daemonSetJson(plan.daemonSets[i]))}`;
  }
  yield '\n],"footprint":{"nodes":[';
  // A line per node as well: the footprint of a large fleet is not one string either.
  for (let i = 0; i < plan.footprint.nodes.length; i++) yield `${i === 0 ? '\n' : ',\n'}${JSON.stringify(plan.footprint.nodes[i])}`;
  yield `\n],"pools":${JSON.stringify(plan.footprint.pools)}}}\n`;
}

/** `80%`, `66.6%`: one decimal, rounded down so 99.96% never reads as 100%. */
export function formatPercent(p: number): string {
  const tenths = Math.floor(p * 10 + 1e-9) / 10;
  return `${Number.isInteger(tenths) ? tenths : tenths.toFixed(1)}%`;
}
