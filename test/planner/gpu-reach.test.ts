/**
 * A GPU agent whose node selection reads GPU node labels but admits none of the inventory's nodes
 * with nvidia.com/gpu allocatable gets a notice: "fully covered" would otherwise hide that no GPU
 * is monitored.
 */
import { daemonSet, node } from './builders';
import { CoveragePlanner } from '../../src/planner';

const gpuNode = (name: string, labels: Record<string, string>) => node(name, { labels, allocatable: { 'cpu': '8', 'memory': '32Gi', 'pods': '110', 'nvidia.com/gpu': '1' } });
const selectingOperatorLabel = daemonSet('dcgm-exporter', { nodeSelector: { 'nvidia.com/gpu.present': 'true' } }, {}, 'gpu');

describe('GPU agent reach', () => {
  test('a notice when no node with nvidia.com/gpu allocatable carries the labels it selects on', () => {
    const plan = CoveragePlanner.plan([selectingOperatorLabel], [gpuNode('gke-gpu-1', { 'cloud.google.com/gke-accelerator': 'nvidia-tesla-t4' }), node('cpu-1')]);
    const [ds] = plan.daemonSets;
    expect(ds.notices).toEqual(['its node selection reads GPU node labels (nvidia.com/gpu.present) but admits none of the 1 nodes with nvidia.com/gpu allocatable '
      + '(gke-gpu-1): label those nodes as it selects, or select on the labels they carry']);
    expect(CoveragePlanner.formatText(plan)).toContain(`  notice ${ds.notices[0]}\n`);
    expect(CoveragePlanner.toJson(plan).daemonSets[0].notices).toEqual(ds.notices);
  });

  test('no notice when it selects a GPU node, even a tainted one it does not tolerate', () => {
    const tainted = { ...gpuNode('gpu-1', { 'nvidia.com/gpu.present': 'true' }) };
    tainted.spec = { taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }] };
    expect(CoveragePlanner.plan([selectingOperatorLabel], [tainted]).daemonSets[0].notices).toEqual([]);
  });

  test('no notice for an inventory without GPUs, nor for a DaemonSet that reads no GPU label', () => {
    expect(CoveragePlanner.plan([selectingOperatorLabel], [node('cpu-1')]).daemonSets[0].notices).toEqual([]);
    const linuxOnly = daemonSet('agent', { nodeSelector: { 'kubernetes.io/os': 'linux' } });
    expect(CoveragePlanner.plan([linuxOnly], [gpuNode('gpu-1', {})]).daemonSets[0].notices).toEqual([]);
  });

  test('names the first 3 GPU nodes and counts the rest', () => {
    const gpus = Array.from({ length: 5 }, (_, i) => gpuNode(`g${i}`, {}));
    expect(CoveragePlanner.plan([selectingOperatorLabel], gpus).daemonSets[0].notices[0]).toContain('none of the 5 nodes with nvidia.com/gpu allocatable (g0, g1, g2, and 2 more)');
  });
});
