/**
 * (e) and (f) planner time: `CoveragePlanner.plan` on objects already in memory, several runs
 * after warm-up in one process, with the garbage collection
 * inside each run: the plan keeps a result per node × DaemonSet pair, so the heap, and the cost
 * of collecting it, grow with the fleet. Prints one JSON line. FLEET is `synthetic` (bench/synthetic.ts,
 * the default) or `cloud` (bench/cloud-fleet.ts's nodes, bench/cloud-daemonsets.ts's 100 DaemonSets).
 *
 *   node planner-time.js NODES DAEMONSETS WARMUPS RUNS [FLEET]
 */
import { performance, PerformanceEntry, PerformanceObserver } from 'perf_hooks';
import { CoveragePlanner } from '../../src/planner';
import { cloudDaemonSets } from '../cloud-daemonsets';
import { cloudNodes } from '../cloud-fleet';
import { syntheticDaemonSets, syntheticNodes } from '../synthetic';

/** What one planner-time process reports. */
export interface PlannerTimes {
  /** The very first call, with a cold JIT, as in a one-shot CLI process. */
  readonly firstMs: number;
  /** The timed runs after the warm-up. */
  readonly runsMs: number[];
  /** Garbage collection during each timed run. */
  readonly gcMs: number[];
  /**
   * CPU time (user and system, every thread) of the first call and of the timed runs: on a
   * machine busy with other work, wall time grows with the load and CPU time much less.
   */
  readonly firstCpuMs: number;
  readonly runsCpuMs: number[];
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

async function main(): Promise<void> {
  const [nodeCount, daemonSetCount, warmups, runs] = process.argv.slice(2, 6).map(Number);
  const cloud = process.argv[6] === 'cloud';
  const nodes = cloud ? cloudNodes(nodeCount) : syntheticNodes(nodeCount);
  const daemonSets = cloud ? cloudDaemonSets() : syntheticDaemonSets(daemonSetCount);
  if (daemonSets.length !== daemonSetCount) throw new Error(`the ${process.argv[6]} fleet has ${daemonSets.length} DaemonSets, not ${daemonSetCount}`);
  const gc: PerformanceEntry[] = [];
  const observer = new PerformanceObserver(list => gc.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  const windows = Array.from({ length: warmups + runs }, () => {
    const start = performance.now();
    const cpu = cpuMs();
    CoveragePlanner.plan(daemonSets, nodes);
    return { start, end: performance.now(), cpu: cpuMs() - cpu };
  });
  // GC entries reach the observer asynchronously, a few event-loop turns later.
  await new Promise(resolve => setTimeout(resolve, 100));
  observer.disconnect();
  const timed = windows.slice(warmups);
  const result: PlannerTimes = {
    firstMs: windows[0].end - windows[0].start,
    runsMs: timed.map(w => w.end - w.start),
    gcMs: timed.map(w => gc.filter(e => e.startTime >= w.start && e.startTime < w.end).reduce((sum, e) => sum + e.duration, 0)),
    firstCpuMs: windows[0].cpu,
    runsCpuMs: timed.map(w => w.cpu),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

void main();
