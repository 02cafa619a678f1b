/**
 * Node profiles: the planner decides a DaemonSet once per group of nodes its rules and the fit
 * check see alike (the label keys they read, the blocking taints, allocatable, hostless, OS), and
 * node by node when a rule reads the node's name. Grouping must never merge nodes a rule or the
 * fit check tells apart.
 */
import { daemonSet, node, requiredAffinity } from './builders';
import { CoveragePlanner } from '../../src/planner';
import { NodeProfiles } from '../../src/planner/node-profiles';
import { nodeView } from '../../src/planner/node-view';

const views = (...nodes: any[]) => {
  const taints = new Map();
  return nodes.map(n => nodeView(n, undefined, taints));
};

describe('NodeProfiles', () => {
  test('nodes equal on the keys read and on their blocking taints share a profile; other labels do not split them', () => {
    const cp = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };
    const profiles = NodeProfiles.of(views(
      node('a', { labels: { pool: 'web', zone: 'a' } }),
      node('b', { labels: { pool: 'web', zone: 'b' } }),
      node('c', { labels: { pool: 'db' } }),
      node('d', { labels: { pool: 'web' }, taints: [cp] }),
      node('e', { labels: { pool: 'web' }, taints: [cp, { key: 'x', effect: 'PreferNoSchedule' }] }),
    ), ['pool']);
    expect([...profiles.profileOf]).toEqual([0, 0, 1, 2, 2]);
    expect(profiles.count).toBe(3);
  });

  test('what the fit check reads splits profiles: allocatable (none is not empty), a node that runs no DaemonSet pods, the OS label', () => {
    const profiles = NodeProfiles.of([
      nodeView(node('a'), new Map([['cpu', 4000]]), new Map()),
      nodeView(node('b'), new Map([['cpu', 4000]]), new Map()),
      nodeView(node('c'), new Map([['cpu', 2000]]), new Map()),
      nodeView(node('d'), undefined, new Map()),
      nodeView(node('e'), new Map(), new Map()),
      nodeView(node('f', { labels: { type: 'virtual-kubelet' } }), new Map([['cpu', 4000]]), new Map()),
      nodeView(node('g', { labels: { 'kubernetes.io/os': 'windows' } }), new Map([['cpu', 4000]]), new Map()),
    ], []);
    expect([...profiles.profileOf]).toEqual([0, 0, 1, 2, 3, 4, 5]);
  });

  test('values are told apart whatever characters they hold', () => {
    const profiles = NodeProfiles.of(views(
      node('a', { labels: { x: 'a', y: 'b' } }),
      node('b', { labels: { x: 'ab', y: '' } }),
      node('c', { labels: { x: 'ab' } }),
    ), ['x', 'y']);
    expect(new Set(profiles.profileOf).size).toBe(3);
  });
});

describe('planning by profile', () => {
  const twins = [node('twin-1', { labels: { pool: 'web' } }), node('twin-2', { labels: { pool: 'web' } })];

  test('a matchFields term is decided node by node, though the nodes share a profile', () => {
    const ds = daemonSet('ds', requiredAffinity({ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['twin-1'] }] }));
    const [plan] = CoveragePlanner.plan([ds], twins).daemonSets;
    expect(plan.nodes.map(n => [n.node, n.shouldRun])).toEqual([['twin-1', false], ['twin-2', true]]);
    expect(plan.nodes[0].message).toBe('required node affinity: term 1: metadata.name NotIn [twin-1]: node is twin-1');
  });

  test('a template nodeName is decided node by node', () => {
    const [plan] = CoveragePlanner.plan([daemonSet('ds', { nodeName: 'twin-2' })], twins).daemonSets;
    expect(plan.nodes.map(n => [n.node, n.shouldRun, n.reason])).toEqual([['twin-1', false, 'NodeNameMismatch'], ['twin-2', true, 'Eligible']]);
  });

  test('each node of a profile gets its own result, with its own name', () => {
    const [plan] = CoveragePlanner.plan([daemonSet('ds', { nodeSelector: { pool: 'db' } })], twins).daemonSets;
    expect(plan.nodes.map(n => [n.node, n.message])).toEqual([
      ['twin-1', 'nodeSelector pool=db: node has pool=web'], ['twin-2', 'nodeSelector pool=db: node has pool=web'],
    ]);
  });
});
