/**
 * The planner's two renderings: the `--json` document (exactly the documented keys) and the human
 * report (per DaemonSet: coverage, one line per skipped node, the rollout, warnings grouped so that
 * 10,000 identical warnings read as one line with a count).
 */
import type { CoveragePlan, DaemonSetPlan, PlanWarning } from './result';

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

interface Palette {
  bold(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
}

const ansi = (code: number) => (s: string) => `\u001b[${code}m${s}\u001b[0m`;
const COLOR: Palette = { bold: ansi(1), red: ansi(31), green: ansi(32), yellow: ansi(33), dim: ansi(2) };
const PLAIN: Palette = { bold: s => s, red: s => s, green: s => s, yellow: s => s, dim: s => s };

/** `80%`, `66.6%`: one decimal, rounded down so 99.96% never reads as 100%. */
export function formatPercent(p: number): string {
  const tenths = Math.floor(p * 10 + 1e-9) / 10;
  return `${Number.isInteger(tenths) ? tenths : tenths.toFixed(1)}%`;
}

function plural(n: number, word: string): string {
  return `${n} ${n === 1 ? word : `${word}s`}`;
}

function rolloutLine(ds: DaemonSetPlan): string {
  const r = ds.rollout;
  if (r.strategy === 'OnDelete') return 'rollout: OnDelete: pods are replaced only when someone deletes them';
  const limit = r.maxSurge > 0 ? `maxSurge ${r.maxSurge} (new pods first)` : `maxUnavailable ${r.maxUnavailable}`;
  const floor = r.minReadySeconds > 0
    ? `, at least ${r.minDurationSeconds}s (${r.waves} × minReadySeconds ${r.minReadySeconds}) plus image pull and start time`
    : '';
  return `rollout: RollingUpdate over ${plural(r.desiredNumberScheduled, 'node')}, ${limit}: ${plural(r.waves, 'wave')}${floor}`;
}

const SHOWN_NODES = 3;

function warningLines(warnings: readonly PlanWarning[], covered: number): string[] {
  const groups = new Map<string, PlanWarning[]>();
  for (const w of warnings) {
    const key = `${w.kind}\u0000${w.summary}`;
    const group = groups.get(key);
    if (group) group.push(w);
    else groups.set(key, [w]);
  }
  return [...groups.values()].map(group => {
    const names = group.slice(0, SHOWN_NODES).map(w => w.node).join(', ');
    const more = group.length > SHOWN_NODES ? `, and ${group.length - SHOWN_NODES} more` : '';
    const detail = group.length === 1 ? group[0].message : group[0].summary;
    return `${group[0].kind} on ${group.length} of ${covered} covered nodes (${names}${more}): ${detail}`;
  });
}

/** The human report. */
export function formatPlanText(plan: CoveragePlan, color: boolean): string {
  const c = color ? COLOR : PLAIN;
  const out: string[] = [];
  for (const ds of plan.daemonSets) {
    const pct = coveragePercent(ds);
    const paint = ds.coveredNodes === ds.totalNodes ? c.green : ds.coveredNodes === 0 ? c.red : c.yellow;
    out.push(`${c.bold(`${ds.namespace}/${ds.name}`)}${ds.source ? `  ${c.dim(ds.source)}` : ''}`);
    out.push(`  covers ${paint(`${ds.coveredNodes}/${ds.totalNodes}`)} nodes (${formatPercent(pct)})`);
    const skipped = ds.nodes.filter(n => !n.shouldRun);
    const nameWidth = Math.min(40, Math.max(0, ...skipped.map(n => n.node.length)));
    const reasonWidth = Math.max(0, ...skipped.map(n => n.reason.length));
    for (const n of skipped) {
      out.push(`  skip ${n.node.padEnd(nameWidth)}  ${c.red(n.reason.padEnd(reasonWidth))}  ${n.message}`);
    }
    out.push(`  ${rolloutLine(ds)}`);
    for (const line of warningLines(ds.warnings, ds.coveredNodes)) out.push(`  ${c.yellow('warning')} ${line}`);
    out.push('');
  }
  return out.join('\n');
}
