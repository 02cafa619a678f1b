/**
 * The DaemonSet footprint ("DaemonSet tax"): what all planned DaemonSet pods request of each node
 * and, summed, of each node pool, against allocatable; in the plan, in --json and as a table.
 */
import { daemonSet, node } from './builders';
import { CoveragePlanner } from '../../src/planner';

const agent = (name: string, cpu: string, memory: string, podSpec: any = {}) =>
  daemonSet(name, { containers: [{ name: 'c', resources: { requests: { cpu, memory } } }], ...podSpec });
const sized = (name: string, labels: Record<string, string>, cpu = '2', memory = '8Gi', pods = '110') => node(name, { labels, allocatable: { cpu, memory, pods } });

describe('DaemonSet footprint', () => {
  const nodes = [
    sized('ng-1', { 'eks.amazonaws.com/nodegroup': 'general', 'node.kubernetes.io/instance-type': 'm5.large' }),
    sized('ng-2', { 'eks.amazonaws.com/nodegroup': 'general', 'node.kubernetes.io/instance-type': 'm5.large' }),
    sized('kp-1', { 'karpenter.sh/nodepool': 'default' }),
    sized('gke-1', { 'cloud.google.com/gke-nodepool': 'pool-a' }),
    sized('aks-1', { 'kubernetes.azure.com/agentpool': 'system' }),
    sized('typed-1', { 'node.kubernetes.io/instance-type': 'c5.xlarge' }),
    sized('tiny', {}, '250m', '256Mi', '4'),
  ];
  const plan = CoveragePlanner.plan([agent('a', '100m', '50Mi'), agent('b', '200m', '100Mi'), agent('gpu', '50m', '10Mi', { nodeSelector: { gpu: 'yes' } })], nodes);

  test('per node: the requests of the DaemonSet pods planned there, against allocatable', () => {
    expect(plan.footprint.nodes[0]).toEqual({
      node: 'ng-1',
      pool: 'general',
      pods: 2,
      cpuMillis: 300,
      memoryBytes: 150 * 2 ** 20,
      allocatablePods: 110,
      allocatableCpuMillis: 2000,
      allocatableMemoryBytes: 8 * 2 ** 30,
      overcommitted: false,
    });
    expect(plan.footprint.nodes[6]).toMatchObject({ node: 'tiny', pool: '', cpuMillis: 300, allocatableCpuMillis: 250, overcommitted: true });
  });

  test('per pool: grouped by the platform\'s pool label, else the instance type, in order of first appearance', () => {
    expect(plan.footprint.pools.map(p => [p.poolLabel, p.pool, p.nodes, p.pods, p.cpuMillis, p.allocatableCpuMillis, p.overcommittedNodes])).toEqual([
      ['eks.amazonaws.com/nodegroup', 'general', 2, 4, 600, 4000, 0],
      ['karpenter.sh/nodepool', 'default', 1, 2, 300, 2000, 0],
      ['cloud.google.com/gke-nodepool', 'pool-a', 1, 2, 300, 2000, 0],
      ['kubernetes.azure.com/agentpool', 'system', 1, 2, 300, 2000, 0],
      ['node.kubernetes.io/instance-type', 'c5.xlarge', 1, 2, 300, 2000, 0],
      ['', '', 1, 2, 300, 250, 1],
    ]);
  });

  test('the report ends with a table of pools, figures aligned, over-commitment visible', () => {
    const table = CoveragePlanner.formatText(plan).split('\nDaemonSet footprint')[1].split('\n');
    expect(table).toEqual([
      ' per node pool: what the planned DaemonSet pods request, against allocatable (sums over the pool\'s nodes)',
      '  POOL                                          NODES  PODS          CPU               MEMORY               OVERCOMMITTED NODES',
      '  general (eks.amazonaws.com/nodegroup)         2      4/220 (1.8%)  600m/4000m (15%)  0.3Gi/16Gi (1.8%)    -',
      '  default (karpenter.sh/nodepool)               1      2/110 (1.8%)  300m/2000m (15%)  150Mi/8192Mi (1.8%)  -',
      '  pool-a (cloud.google.com/gke-nodepool)        1      2/110 (1.8%)  300m/2000m (15%)  150Mi/8192Mi (1.8%)  -',
      '  system (kubernetes.azure.com/agentpool)       1      2/110 (1.8%)  300m/2000m (15%)  150Mi/8192Mi (1.8%)  -',
      '  c5.xlarge (node.kubernetes.io/instance-type)  1      2/110 (1.8%)  300m/2000m (15%)  150Mi/8192Mi (1.8%)  -',
      '  (no pool label)                               1      2/4 (50%)     300m/250m (120%)  150Mi/256Mi (58.6%)  1',
      '',
    ]);
  });
});
