/**
 * A GPU agent that misses the inventory's GPU nodes: its node selection reads a GPU node label
 * (src/base/gpu-node-labels.ts: the labels the platforms and NVIDIA's tooling put on GPU nodes)
 * but admits none of the nodes that have `nvidia.com/gpu` allocatable. The plan is then "fully
 * covered" (it intends no node) while no GPU is monitored: usually the GPU nodes carry another
 * platform's label than the one selected on, or none the agent knows.
 */
import { outsideSelection } from './intended';
import type { NodeView } from './node-view';
import type { NodePlacement } from './result';
import { GPU_NODE_LABELS } from '../base/gpu-node-labels';

const GPU_LABEL_KEYS = new Set(GPU_NODE_LABELS.map(l => l.key));
const GPU_RESOURCE = 'nvidia.com/gpu';
/** GPU nodes named in the notice before "and N more". */
const NAMED = 3;

/** The positions of the nodes with `nvidia.com/gpu` allocatable. */
export function gpuNodes(views: readonly NodeView[]): number[] {
  const found: number[] = [];
  views.forEach((v, i) => {
    if ((v.allocatable?.get(GPU_RESOURCE) ?? 0) > 0) found.push(i);
  });
  return found;
}

/** The notice for a DaemonSet whose selection reads `labelKeys`, or undefined when it reaches a GPU node or is no GPU agent. */
export function gpuReachNotice(labelKeys: readonly string[], placements: readonly NodePlacement[], gpu: readonly number[]): string | undefined {
  if (gpu.length === 0) return undefined;
  const keys = labelKeys.filter(k => GPU_LABEL_KEYS.has(k));
  if (keys.length === 0) return undefined;
  if (gpu.some(i => !outsideSelection(placements[i]))) return undefined;
  const names = gpu.slice(0, NAMED).map(i => placements[i].node).join(', ');
  const more = gpu.length > NAMED ? `, and ${gpu.length - NAMED} more` : '';
  return `its node selection reads GPU node labels (${[...new Set(keys)].join(', ')}) but admits none of the ${gpu.length} nodes with ${GPU_RESOURCE} allocatable `
    + `(${names}${more}): label those nodes as it selects, or select on the labels they carry`;
}
