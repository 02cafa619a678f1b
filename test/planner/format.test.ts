/**
 * The documented JSON shape, key for key, and the coverage figures (the human report is tested in
 * text-report.test.ts).
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
    expect(Object.keys(doc)).toEqual(['daemonSets', 'footprint']);
    for (const ds of doc.daemonSets) {
      expect(Object.keys(ds)).toEqual(['name', 'namespace', 'coveredNodes', 'intendedNodes', 'runningNodes', 'nodes', 'rollout', 'warnings', 'notices']);
      expect(Object.keys(ds.rollout)).toEqual(['desiredNumberScheduled', 'maxUnavailable', 'maxSurge', 'waves', 'minDurationSeconds']);
      for (const n of ds.nodes) expect(Object.keys(n)).toEqual(['node', 'shouldRun', 'shouldContinueRunning', 'reason', 'message', 'intended']);
      for (const w of ds.warnings) expect(Object.keys(w)).toEqual(['kind', 'node', 'message']);
    }
    expect(Object.keys(doc.footprint)).toEqual(['nodes', 'pools']);
    const figures = ['pods', 'cpuMillis', 'memoryBytes', 'allocatablePods', 'allocatableCpuMillis', 'allocatableMemoryBytes'];
    for (const n of doc.footprint.nodes) expect(Object.keys(n)).toEqual(['node', 'pool', ...figures, 'overcommitted']);
    for (const p of doc.footprint.pools) expect(Object.keys(p)).toEqual(['pool', 'poolLabel', 'nodes', ...figures, 'overcommittedNodes']);
  });

  test('the streamed text is the same document', () => {
    expect(JSON.parse([...jsonChunks(plan)].join(''))).toEqual(doc);
  });

  test('the streamed text is each DaemonSet as JSON.stringify writes it, one per line', () => {
    const nodes = doc.footprint.nodes.map((n: any) => JSON.stringify(n)).join(',\n');
    expect([...jsonChunks(plan)].join('')).toBe(`{"daemonSets":[\n${doc.daemonSets.map((d: any) => JSON.stringify(d)).join(',\n')}\n],`
      + `"footprint":{"nodes":[\n${nodes}\n],"pools":${JSON.stringify(doc.footprint.pools)}}}\n`);
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

describe('coverage figures', () => {
  test.each([[100, '100%'], [0, '0%'], [33.333, '33.3%'], [99.96, '99.9%'], [50, '50%']])('percent %d → %s', (p, text) => {
    expect(formatPercent(p)).toBe(text);
  });

  test('coveragePercent', () => {
    // Of the intended nodes only: one selected and running, one selected and tainted, two outside.
    const tainted = { labels: { x: 'y' }, taints: [{ key: 'k', effect: 'NoSchedule' }] };
    const plan = CoveragePlanner.plan([daemonSet('a', { nodeSelector: { x: 'y' } })], [node('n', { labels: { x: 'y' } }), node('t', tainted), node('o'), node('p')]);
    expect(CoveragePlanner.coveragePercent(plan.daemonSets[0])).toBe(50);
    expect(CoveragePlanner.coveragePercent(CoveragePlanner.plan([daemonSet('a')], []).daemonSets[0])).toBe(100);
  });
});
