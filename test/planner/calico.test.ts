/**
 * The Calico example (examples/calico/dist) planned against the kubeadm inventory
 * (test/fixtures/inventories/kubeadm.json): calico-node must run on every Linux node, the node
 * NotReady before its CNI first of all, since calico-node is what makes it Ready.
 */
import * as path from 'path';
import { CoveragePlanner, PlacementReason, type CoveragePlan } from '../../src/planner';
import { loadNodes } from '../../src/planner/load';

const DIST = path.join(__dirname, '..', '..', 'examples', 'calico', 'dist');
const nodes: any[] = loadNodes(path.join(__dirname, '..', 'fixtures', 'inventories', 'kubeadm.json'));

function runsOn(plan: CoveragePlan, agent: string): string[] {
  const ds = plan.daemonSets.find(d => `${d.namespace}/${d.name}` === agent)!;
  const pending = new Set(ds.warnings.map(w => w.node));
  return ds.nodes.filter(n => n.shouldRun && n.reason === PlacementReason.ELIGIBLE && !pending.has(n.node)).map(n => n.node);
}

describe('calico-node on the kubeadm cluster', () => {
  const plan = CoveragePlanner.plan(CoveragePlanner.loadDaemonSets([DIST]), nodes);

  test('the example\'s only DaemonSet is calico-node in kube-system', () => {
    expect(plan.daemonSets.map(d => `${d.namespace}/${d.name}`)).toEqual(['kube-system/calico-node']);
  });

  test('runs on the node NotReady before its CNI', () => {
    const notReady = nodes.filter(n => n.status.conditions.some((c: any) => c.type === 'Ready' && c.status === 'False'));
    expect(notReady.map(n => n.metadata.name)).toEqual(['worker-5']);
    expect(notReady[0].spec.taints).toEqual([{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]);
    expect(runsOn(plan, 'kube-system/calico-node')).toContain('worker-5');
  });

  test('runs on every node: control plane, cordoned, arm64 and GPU nodes included', () => {
    expect(runsOn(plan, 'kube-system/calico-node').sort()).toEqual(nodes.map(n => n.metadata.name).sort());
  });
});
