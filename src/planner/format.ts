/**
 * The `--json` document (exactly the documented keys), and the coverage figures the JSON, the
 * human report (text-report.ts) and the coverage gate share.
 */
import type { CoveragePlan, DaemonSetPlan } from './result';

/** Covered nodes in percent (100 for an empty inventory: nothing is left uncovered). */
export function coveragePercent(ds: DaemonSetPlan): number {
  return ds.totalNodes === 0 ? 100 : (ds.coveredNodes * 100) / ds.totalNodes;
}

/** One DaemonSet in the `--json` shape. */
export function daemonSetJson(ds: DaemonSetPlan): any {
  return {
    name: ds.name,
    namespace: ds.namespace,
    nodes: ds.nodes.map(n => ({
      node: n.node, shouldRun: n.shouldRun, shouldContinueRunning: n.shouldContinueRunning, reason: n.reason, message: n.message,
    })),
    rollout: {
      desiredNumberScheduled: ds.rollout.desiredNumberScheduled,
      maxUnavailable: ds.rollout.maxUnavailable,
      maxSurge: ds.rollout.maxSurge,
      waves: ds.rollout.waves,
      minDurationSeconds: ds.rollout.minDurationSeconds,
    },
    warnings: ds.warnings.map(w => ({ kind: w.kind, node: w.node, message: w.message })),
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
  yield '\n]}\n';
}

/** `80%`, `66.6%`: one decimal, rounded down so 99.96% never reads as 100%. */
export function formatPercent(p: number): string {
  const tenths = Math.floor(p * 10 + 1e-9) / 10;
  return `${Number.isInteger(tenths) ? tenths : tenths.toFixed(1)}%`;
}
