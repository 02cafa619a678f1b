/**
 * Whether a plan fits in this process's heap, asked before planning. A plan holds a placement per
 * node × DaemonSet pair, and when V8 runs out of heap it aborts the whole process with a fatal
 * error, no exception to catch: past its capacity the planner must refuse up front, saying what
 * to do, rather than die half-way.
 */
import { getHeapStatistics } from 'v8';
import { PlannerInputError } from './errors';

/**
 * Heap a plan needs per node × DaemonSet pair, at its peak: the pair's entry in the DaemonSet's
 * placement list and run flags, its share of warnings and of the per-node caches, and the garbage
 * planning leaves for the collector. 500,000 nodes × 100 DaemonSets peaked at about 27 bytes a
 * pair (1.7 GiB resident; bench/RESULTS.md, section (f)); 32 leaves a margin.
 */
export const HEAP_BYTES_PER_PAIR = 32;

/** The heap figures the check reads (`v8.getHeapStatistics()`). */
export interface HeapFigures {
  readonly heap_size_limit: number;
  readonly used_heap_size: number;
}

const mebibytes = (bytes: number) => Math.round(bytes / 2 ** 20).toLocaleString('en-US');

/**
 * Throws a PlannerInputError when planning `daemonSets` against `nodes` would need more heap than
 * the process has left.
 */
export function checkCapacity(nodes: number, daemonSets: number, heap: HeapFigures = getHeapStatistics()): void {
  const pairs = nodes * daemonSets;
  const needed = pairs * HEAP_BYTES_PER_PAIR;
  const available = heap.heap_size_limit - heap.used_heap_size;
  if (needed <= available) return;
  const enough = Math.ceil((heap.used_heap_size + needed) / 2 ** 30) * 1024;
  throw new PlannerInputError(`${nodes.toLocaleString('en-US')} nodes × ${daemonSets} DaemonSets make ${pairs.toLocaleString('en-US')} placements, `
    + `which need about ${mebibytes(needed)} MiB of heap, more than the ${mebibytes(available)} MiB left of this process's ${mebibytes(heap.heap_size_limit)} MiB; `
    + `plan fewer DaemonSets at a time (e.g. a folder each), or give Node.js more heap (NODE_OPTIONS=--max-old-space-size=${enough})`);
}
