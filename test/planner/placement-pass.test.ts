/**
 * The placement pass walks the nodes in blocks of 2,048, deciding every DaemonSet for a block
 * before the next, and the coverage counts read run and warning flags, not the results. A fleet
 * over several blocks, with profiles and a rule that reads node names spanning them, must plan
 * each node as it plans alone, and count what its results and warnings say.
 */
import { daemonSet, node, requiredAffinity } from './builders';
import { CoveragePlanner, PlacementReason, type DaemonSetPlan } from '../../src/planner';

const requests = (cpu: string) => ({ containers: [{ name: 'c', resources: { requests: { cpu } } }] });
const SMALL = { cpu: '250m', memory: '1Gi', pods: '110' };
const POOLS = ['web', 'db', 'gpu'];

const fleet = Array.from({ length: 5000 }, (_, i) => node(`n${i}`, {
  labels: { pool: POOLS[i % 3] },
  taints: i % 7 === 0 ? [{ key: 'dedicated', effect: 'NoSchedule' }] : undefined,
  allocatable: i % 5 === 0 ? SMALL : undefined,
}));
const daemonSets = [
  daemonSet('web', { nodeSelector: { pool: 'web' }, ...requests('100m') }),
  daemonSet('named', requiredAffinity({ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['n2048'] }] })),
  daemonSet('everywhere', { tolerations: [{ operator: 'Exists' }], ...requests('200m') }),
  daemonSet('gpu', requiredAffinity({ matchExpressions: [{ key: 'pool', operator: 'In', values: ['gpu'] }] })),
];
const plan = CoveragePlanner.plan(daemonSets, fleet);

const SELECTION = new Set<string>([
  PlacementReason.NODE_NAME_MISMATCH, PlacementReason.NODE_SELECTOR_MISMATCH, PlacementReason.NODE_AFFINITY_MISMATCH,
]);

/** The counts as the results and warnings give them, node by node. */
function countsFromResults(ds: DaemonSetPlan): number[] {
  const warned = new Set(ds.warnings.map(w => w.node));
  const intended = ds.nodes.filter(n => !SELECTION.has(n.reason));
  return [ds.nodes.filter(n => n.shouldRun).length, intended.length, intended.filter(n => n.shouldRun && !warned.has(n.node)).length];
}

test('every node, around the block edges and across the fleet, plans as it plans alone', () => {
  const sample = [0, 10, 2046, 2047, 2048, 2049, 4095, 4096, 4097, 4999, ...Array.from({ length: 50 }, (_, k) => 37 + 97 * k)];
  for (const i of sample) {
    const alone = CoveragePlanner.plan(daemonSets, [fleet[i]]);
    alone.daemonSets.forEach((ds, d) => {
      expect(plan.daemonSets[d].nodes[i]).toEqual(ds.nodes[0]);
      expect(plan.daemonSets[d].warnings.filter(w => w.node === `n${i}`)).toEqual(ds.warnings);
    });
    expect(plan.footprint.nodes[i]).toEqual(alone.footprint.nodes[0]);
  }
});

test('the coverage counts are those of the results and warnings', () => {
  for (const ds of plan.daemonSets) expect([ds.coveredNodes, ds.intendedNodes, ds.runningNodes]).toEqual(countsFromResults(ds));
  // web: 1,667 web nodes, 239 of them tainted; 286 of the rest small, where web and everywhere
  // together ask 300m of 250m. named: every node but n2048 intended, the 715 tainted skipped.
  // everywhere: warned on those 286. gpu: 1,666 gpu nodes, 238 tainted.
  expect(plan.daemonSets.map(countsFromResults)).toEqual([
    [1428, 1667, 1142], [4284, 4999, 4284], [5000, 5000, 4714], [1428, 1666, 1428],
  ]);
});
