/**
 * The footprint table of the human report: one row per node pool (footprint.ts), the DaemonSet
 * pods' requests against the pool's allocatable. A row per pool, not per node, keeps it short for
 * any fleet; `--json` has every node.
 */
import type { Footprint, PoolFootprint } from './result';

const GI = 2 ** 30;
const MI = 2 ** 20;

/** Both figures of a pair in one unit, chosen by the larger: `302m/250m`, `1.2/48`. */
function cpu(a: number, b: number): string[] {
  return Math.max(a, b) < 10_000 ? [`${a}m`, `${b}m`] : [a, b].map(n => String(Math.round(n / 100) / 10));
}

function memory(a: number, b: number): string[] {
  return Math.max(a, b) < 10 * GI ? [a, b].map(n => `${Math.round(n / MI)}Mi`) : [a, b].map(n => `${Math.round((n * 10) / GI) / 10}Gi`);
}

/** `used/allocatable (share)`; a share above 100% is the over-commitment. */
function share(used: number, allocatable: number, unit: (a: number, b: number) => string[]): string {
  const pct = allocatable === 0 ? (used === 0 ? '0%' : 'no allocatable') : `${Math.round((used * 1000) / allocatable) / 10}%`;
  const [u, a] = unit(used, allocatable);
  return `${u}/${a} (${pct})`;
}

function poolName(p: PoolFootprint): string {
  return p.poolLabel === '' ? '(no pool label)' : `${p.pool} (${p.poolLabel})`;
}

/** The table's lines, each ending with a newline; nothing when there are no nodes. */
export function footprintText(footprint: Footprint): string {
  if (footprint.pools.length === 0) return '';
  const rows = footprint.pools.map(p => [
    poolName(p),
    String(p.nodes),
    share(p.pods, p.allocatablePods, (a, b) => [String(a), String(b)]),
    share(p.cpuMillis, p.allocatableCpuMillis, cpu),
    share(p.memoryBytes, p.allocatableMemoryBytes, memory),
    p.overcommittedNodes === 0 ? '-' : String(p.overcommittedNodes),
  ]);
  const header = ['POOL', 'NODES', 'PODS', 'CPU', 'MEMORY', 'OVERCOMMITTED NODES'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map(r => r[c].length)));
  const line = (cells: string[]) => `  ${cells.map((cell, c) => (c === cells.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ')}`;
  return [
    'DaemonSet footprint per node pool: what the planned DaemonSet pods request, against allocatable (sums over the pool\'s nodes)',
    line(header),
    ...rows.map(line),
    '',
  ].join('\n');
}
