/**
 * (e) planner time: `CoveragePlanner.plan` on synthetic objects already in memory, several runs
 * after warm-up in one process, with the garbage collection
 * inside each run: the plan keeps a result per node × DaemonSet pair, so the heap, and the cost
 * of collecting it, grow with the fleet. Prints one JSON line.
 *
 *   node planner-time.js NODES DAEMONSETS WARMUPS RUNS
 */
import { performance, PerformanceEntry, PerformanceObserver } from 'perf_hooks';
import { CoveragePlanner } from '../../src/planner';
import { syntheticDaemonSets, syntheticNodes } from '../synthetic';

/** What one planner-time process reports. */
export interface PlannerTimes {
  /** The very first call, with a cold JIT, as in a one-shot CLI process. */
  readonly firstMs: number;
  /** The timed runs after the warm-up. */
  readonly runsMs: number[];
  /** Garbage collection during each timed run. */
  readonly gcMs: number[];
}

async function main(): Promise<void> {
  const [nodeCount, daemonSetCount, warmups, runs] = process.argv.slice(2, 6).map(Number);
  const nodes = syntheticNodes(nodeCount);
  const daemonSets = syntheticDaemonSets(daemonSetCount);
  const gc: PerformanceEntry[] = [];
  const observer = new PerformanceObserver(list => gc.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  const windows = Array.from({ length: warmups + runs }, () => {
    const start = performance.now();
    CoveragePlanner.plan(daemonSets, nodes);
    return { start, end: performance.now() };
  });
  // GC entries reach the observer asynchronously, a few event-loop turns later.
  await new Promise(resolve => setTimeout(resolve, 100));
  observer.disconnect();
  const timed = windows.slice(warmups);
  const result: PlannerTimes = {
    firstMs: windows[0].end - windows[0].start,
    runsMs: timed.map(w => w.end - w.start),
    gcMs: timed.map(w => gc.filter(e => e.startTime >= w.start && e.startTime < w.end).reduce((sum, e) => sum + e.duration, 0)),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

void main();
