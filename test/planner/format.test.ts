/**
 * The two renderings of a plan: the documented JSON shape, key for key, and the human report.
 */
import * as path from 'path';
import { daemonSet, node } from './builders';
import { CoveragePlanner, PlacementReason } from '../../src/planner';
import { formatPercent, jsonChunks } from '../../src/planner/format';

const FIXTURES = path.join(__dirname, 'fixtures');

describe('JSON', () => {
  const plan = CoveragePlanner.fromFiles([path.join(FIXTURES, 'daemonsets.yaml'), path.join(FIXTURES, 'folder')], path.join(FIXTURES, 'nodes.json'));
  const doc = CoveragePlanner.toJson(plan);

  test('has exactly the documented keys', () => {
    expect(Object.keys(doc)).toEqual(['daemonSets']);
    for (const ds of doc.daemonSets) {
      expect(Object.keys(ds)).toEqual(['name', 'namespace', 'nodes', 'rollout', 'warnings']);
      expect(Object.keys(ds.rollout)).toEqual(['desiredNumberScheduled', 'maxUnavailable', 'maxSurge', 'waves', 'minDurationSeconds']);
      for (const n of ds.nodes) expect(Object.keys(n)).toEqual(['node', 'shouldRun', 'shouldContinueRunning', 'reason', 'message']);
      for (const w of ds.warnings) expect(Object.keys(w)).toEqual(['kind', 'node', 'message']);
    }
  });

  test('the streamed text is the same document', () => {
    expect(JSON.parse([...jsonChunks(plan)].join(''))).toEqual(doc);
  });

  test('reasons are the documented strings', () => {
    const reasons = new Set<string>(doc.daemonSets.flatMap((d: any) => d.nodes.map((n: any) => n.reason)));
    const documented = ['Eligible', 'NodeNameMismatch', 'NodeSelectorMismatch', 'NodeAffinityMismatch', 'UntoleratedNoScheduleTaint', 'UntoleratedNoExecuteTaint'];
    expect([...reasons].every(r => documented.includes(r))).toBe(true);
    expect(Object.values(PlacementReason).sort()).toEqual([...documented].sort());
  });

  test('the fixture cluster, DaemonSet by DaemonSet', () => {
    const summary = doc.daemonSets.map((d: any) => [`${d.namespace}/${d.name}`, d.nodes.filter((n: any) => n.shouldRun).length, d.rollout, d.warnings.length]);
    expect(summary).toEqual([
      ['monitoring/node-exporter', 9, { desiredNumberScheduled: 9, maxUnavailable: 3, maxSurge: 0, waves: 3, minDurationSeconds: 30 }, 5],
      ['logging/fluent-bit', 4, { desiredNumberScheduled: 4, maxUnavailable: 1, maxSurge: 0, waves: 4, minDurationSeconds: 0 }, 1],
      ['default/legacy-exporter', 6, { desiredNumberScheduled: 6, maxUnavailable: 0, maxSurge: 0, waves: 0, minDurationSeconds: 0 }, 5],
      ['gpu/dcgm-exporter', 1, { desiredNumberScheduled: 1, maxUnavailable: 0, maxSurge: 1, waves: 1, minDurationSeconds: 0 }, 0],
    ]);
  });
});

describe('human report', () => {
  test('coverage, one line per skipped node, rollout', () => {
    const plan = CoveragePlanner.plan([daemonSet('agent', { nodeSelector: { 'kubernetes.io/os': 'linux' } }, { minReadySeconds: 15 }, 'monitoring')], [
      node('linux-1', { labels: { 'kubernetes.io/os': 'linux' } }),
      node('win-1', { labels: { 'kubernetes.io/os': 'windows' } }),
      node('cp-1', { labels: { 'kubernetes.io/os': 'linux' }, taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }),
    ]);
    expect(CoveragePlanner.formatText(plan).split('\n')).toEqual([
      'monitoring/agent',
      '  covers 1/3 nodes (33.3%)',
      '  skip win-1  NodeSelectorMismatch        nodeSelector kubernetes.io/os=linux: node has kubernetes.io/os=windows',
      '  skip cp-1   UntoleratedNoScheduleTaint  taint node-role.kubernetes.io/control-plane:NoSchedule is not tolerated; an existing pod is kept',
      '  rollout: RollingUpdate over 1 node, maxUnavailable 1: 1 wave, at least 15s (1 × minReadySeconds 15) plus image pull and start time',
      '',
    ]);
  });

  test('thousands of identical warnings become one line with a count and a few names', () => {
    const nodes = Array.from({ length: 2000 }, (_, i) => node(`small-${i}`, { allocatable: { cpu: '100m' } }));
    const plan = CoveragePlanner.plan([daemonSet('hungry', { containers: [{ name: 'c', resources: { requests: { cpu: '1' } } }] })], nodes);
    const warnings = CoveragePlanner.formatText(plan).split('\n').filter(l => l.includes('warning'));
    expect(warnings).toEqual([
      '  warning InsufficientResources on 2000 of 2000 covered nodes (small-0, small-1, small-2, and 1997 more): the pod requests cpu 1, more than the node\'s allocatable; it stays Pending',
    ]);
  });

  test('a single warning keeps its full message', () => {
    const plan = CoveragePlanner.plan([daemonSet('hungry', { containers: [{ name: 'c', resources: { requests: { cpu: '1' } } }] })], [node('tiny', { allocatable: { cpu: '500m' } }), node('big', { allocatable: { cpu: '8' } })]);
    expect(CoveragePlanner.formatText(plan)).toContain('warning InsufficientResources on 1 of 2 covered nodes (tiny): the pod requests cpu 1 but the node\'s allocatable is cpu 500m; it stays Pending');
  });

  test('OnDelete and surge rollouts', () => {
    const plan = CoveragePlanner.plan([
      daemonSet('manual', {}, { updateStrategy: { type: 'OnDelete' } }),
      daemonSet('surge', {}, { updateStrategy: { rollingUpdate: { maxUnavailable: 0, maxSurge: '50%' } } }),
    ], [node('a'), node('b'), node('c')]);
    const text = CoveragePlanner.formatText(plan);
    expect(text).toContain('rollout: OnDelete: pods are replaced only when someone deletes them');
    expect(text).toContain('rollout: RollingUpdate over 3 nodes, maxSurge 2 (new pods first): 2 waves');
  });

  test('colour only when asked', () => {
    const plan = CoveragePlanner.plan([daemonSet('a', { nodeSelector: { x: 'y' } })], [node('n')]);
    expect(CoveragePlanner.formatText(plan)).not.toContain('\u001b[');
    expect(CoveragePlanner.formatText(plan, { color: true })).toContain('\u001b[31mNodeSelectorMismatch\u001b[0m');
  });

  test.each([[100, '100%'], [0, '0%'], [33.333, '33.3%'], [99.96, '99.9%'], [50, '50%']])('percent %d → %s', (p, text) => {
    expect(formatPercent(p)).toBe(text);
  });

  test('coveragePercent', () => {
    const plan = CoveragePlanner.plan([daemonSet('a', { nodeSelector: { x: 'y' } })], [node('n', { labels: { x: 'y' } }), node('m'), node('o'), node('p')]);
    expect(CoveragePlanner.coveragePercent(plan.daemonSets[0])).toBe(25);
    expect(CoveragePlanner.coveragePercent(CoveragePlanner.plan([daemonSet('a')], []).daemonSets[0])).toBe(100);
  });
});
