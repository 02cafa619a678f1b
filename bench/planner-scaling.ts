/**
 * (e) The coverage planner on growing fleets × 100 DaemonSets, from bench/synthetic.ts: planner
 * time (`CoveragePlanner.plan` on objects in memory, in its own process per size so that one
 * size's heap does not slow the next), and the whole compiled CLI on files, as a user runs it:
 * `node lib/cli/main.js plan --nodes NODES.json DIR > report`.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import type { PlannerTimes } from './apps/planner-time';
import { ROOT } from './build';
import { measure, Measurement, Repeat, Stats, stats } from './measure';
import { syntheticDaemonSets, syntheticNodes } from './synthetic';

export const PLANNER_DAEMONSETS = 100;
export const CLI = path.join(ROOT, 'lib', 'cli', 'main.js');

export interface PlannerRow {
  readonly nodes: number;
  readonly pairs: number;
  /** In-process planner time of the timed runs. */
  readonly plannerMs: Stats;
  /** Garbage collection within those runs. */
  readonly gcMs: Stats;
  /** The first call in the process, with a cold JIT. */
  readonly firstMs: number;
  readonly cli: Measurement;
  readonly inputMb: number;
  readonly reportMb: number;
}

export function plannerScaling(sizes: readonly number[], plannerTimeBundle: string, repeat: Repeat, dir: string): PlannerRow[] {
  fs.mkdirSync(path.join(dir, 'daemonsets'), { recursive: true });
  const daemonSetsDir = path.join(dir, 'daemonsets');
  fs.writeFileSync(path.join(daemonSetsDir, 'daemonsets.yaml'), syntheticDaemonSets(PLANNER_DAEMONSETS).map(d => stringify(d)).join('---\n'));
  return sizes.map(nodes => {
    const times = plannerTimes(plannerTimeBundle, nodes, repeat);
    // `kubectl get nodes -o json` output: a List.
    const nodesFile = path.join(dir, `nodes-${nodes}.json`);
    fs.writeFileSync(nodesFile, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: syntheticNodes(nodes) }));
    const report = path.join(dir, `plan-${nodes}.txt`);
    const cli = measure([process.execPath, CLI, 'plan', '--nodes', nodesFile, daemonSetsDir], repeat, { scratch: dir, stdoutFile: report });
    const mb = (file: string) => fs.statSync(file).size / 2 ** 20;
    return {
      nodes,
      pairs: nodes * PLANNER_DAEMONSETS,
      plannerMs: stats(times.runsMs),
      gcMs: stats(times.gcMs),
      firstMs: times.firstMs,
      cli,
      inputMb: mb(nodesFile),
      reportMb: mb(report),
    };
  });
}

/** In-process runs are cheap next to a whole process: two warm-ups. */
export function plannerWarmups(repeat: Repeat): number {
  return repeat.warmups === 0 ? 0 : 2;
}

function plannerTimes(bundle: string, nodes: number, repeat: Repeat): PlannerTimes {
  const warmups = plannerWarmups(repeat);
  const result = spawnSync(process.execPath, [bundle, String(nodes), String(PLANNER_DAEMONSETS), String(warmups), String(repeat.runs)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`planner time at ${nodes} nodes failed:\n${result.stderr.slice(-4000)}`);
  return JSON.parse(result.stdout);
}

/**
 * How planner time grows between consecutive sizes: the exponent k in time ∝ nodes^k (1 is
 * linear, 2 quadratic). The fleets keep 100 DaemonSets, so nodes is the work's only variable.
 */
export function growthExponents(rows: readonly PlannerRow[], time: (r: PlannerRow) => number): number[] {
  return rows.slice(1).map((r, i) => Math.log(time(r) / time(rows[i])) / Math.log(r.nodes / rows[i].nodes));
}
