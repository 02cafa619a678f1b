/**
 * The example app in dist/ planned against node inventories written from the clouds' documented
 * node labels and taints (test/fixtures/inventories, with a README citing the source of each one):
 * EKS (managed node groups, Bottlerocket, Karpenter, Fargate, Windows, GPU), GKE (node pools, Spot,
 * the GPU taint GKE adds, Windows), AKS (system and user pools, Spot, GPU, Windows, the ACI virtual
 * node) and a kubeadm cluster (control plane, a cordoned node, a node NotReady before its CNI).
 *
 * Each test states a fact about where node agents must and must not run. "Runs on" means what a
 * user means: the controller creates the pod and nothing the planner knows of leaves it Pending.
 */
import * as path from 'path';
import { CoveragePlanner, PlacementReason, type CoveragePlan } from '../../src/planner';
import { loadNodes } from '../../src/planner/load';

const INVENTORIES = path.join(__dirname, '..', 'fixtures', 'inventories');
const DIST = path.join(__dirname, '..', '..', 'dist');

// The example app's agents, by namespace/name (examples/main.ts).
const CNI = 'kube-flannel/flannel';
const NODE_EXPORTER = 'monitoring/node-exporter';
const LOG_COLLECTOR = 'logging/fluent-bit';
const GPU_MONITOR = 'gpu-monitoring/dcgm-exporter';
const SECURITY = 'falco/falco';
const STORAGE = 'storage/aws-ebs-csi-driver';
const AGENTS = [CNI, NODE_EXPORTER, LOG_COLLECTOR, GPU_MONITOR, SECURITY, STORAGE];

const CLOUDS = ['eks', 'gke', 'aks', 'kubeadm'] as const;
type Cloud = typeof CLOUDS[number];

const nodesOf = (cloud: Cloud): any[] => loadNodes(path.join(INVENTORIES, `${cloud}.json`));
const daemonSets = (): any[] => CoveragePlanner.loadDaemonSets([DIST]);

function planFor(nodes: any[], manifests: any[] = daemonSets()): CoveragePlan {
  return CoveragePlanner.plan(manifests, nodes);
}

/** The nodes where the DaemonSet's pod is created and no warning says it would stay Pending. */
function runsOn(plan: CoveragePlan, agent: string): Set<string> {
  const ds = plan.daemonSets.find(d => `${d.namespace}/${d.name}` === agent);
  if (ds === undefined) throw new Error(`${agent} is not among the planned DaemonSets`);
  const pending = new Set(ds.warnings.map(w => w.node));
  return new Set(ds.nodes.filter(n => n.shouldRun && n.reason === PlacementReason.ELIGIBLE && !pending.has(n.node)).map(n => n.node));
}

const names = (nodes: readonly any[]): string[] => nodes.map(n => n.metadata.name);
const label = (n: any, key: string): string | undefined => n.metadata.labels?.[key];
const taintKeys = (n: any): string[] => (n.spec.taints ?? []).map((t: any) => t.key);

const isWindows = (n: any) => label(n, 'kubernetes.io/os') === 'windows';
const isGpu = (n: any) => Number(n.status.allocatable?.['nvidia.com/gpu'] ?? 0) > 0;
// Nodes that run no DaemonSet pod at all: Fargate runs one pod per micro-VM, chosen by a Fargate
// profile, and a virtual-kubelet node hands pods to ACI, which has no host to share.
const isFargate = (n: any) => label(n, 'eks.amazonaws.com/compute-type') === 'fargate';
const isVirtualKubelet = (n: any) => label(n, 'type') === 'virtual-kubelet';
const isControlPlane = (n: any) => taintKeys(n).includes('node-role.kubernetes.io/control-plane');

/** The manifest with its node selection removed, to see what its tolerations alone admit. */
function withoutNodeSelection(manifest: any): any {
  const copy = JSON.parse(JSON.stringify(manifest));
  const spec = copy.spec.template.spec;
  delete spec.nodeSelector;
  if (spec.affinity) delete spec.affinity.nodeAffinity;
  return copy;
}

describe.each(CLOUDS)('%s inventory', cloud => {
  const nodes = nodesOf(cloud);
  const plan = planFor(nodes);

  test('loads as kubectl prints it, 6 to 20 nodes, and plans every agent of the example app', () => {
    expect(nodes.length).toBeGreaterThanOrEqual(6);
    expect(nodes.length).toBeLessThanOrEqual(20);
    expect(plan.daemonSets.map(d => `${d.namespace}/${d.name}`).sort()).toEqual([...AGENTS].sort());
  });

  test('the Linux agents never run on Windows nodes', () => {
    const windows = names(nodes.filter(isWindows));
    for (const agent of AGENTS) {
      expect([...runsOn(plan, agent)].filter(n => windows.includes(n))).toEqual([]);
    }
  });

  test('the GPU monitor runs only on nodes with GPUs', () => {
    const gpu = names(nodes.filter(isGpu));
    expect([...runsOn(plan, GPU_MONITOR)].filter(n => !gpu.includes(n))).toEqual([]);
  });

  test('the GPU monitor selects every GPU node the NVIDIA GPU Operator has labelled', () => {
    // nvidia.com/gpu.present is the operator's own label (NVIDIA/gpu-operator controllers/state_manager.go);
    // GKE's managed GPU stack sets neither it nor NFD's PCI labels, so the GKE inventory has none.
    // Whether the pod then lands depends on the node's taints: see the EKS and AKS tests.
    const labelled = new Set(names(nodes.filter(n => label(n, 'nvidia.com/gpu.present') === 'true')));
    const gpuMonitor = plan.daemonSets.find(d => `${d.namespace}/${d.name}` === GPU_MONITOR)!;
    const unselected = gpuMonitor.nodes.filter(p => labelled.has(p.node)
      && (p.reason === PlacementReason.NODE_SELECTOR_MISMATCH || p.reason === PlacementReason.NODE_AFFINITY_MISMATCH));
    expect(unselected).toEqual([]);
  });

  test('node-exporter, Fluent Bit, Falco and the EBS CSI node plugin never run on Fargate or virtual-kubelet nodes', () => {
    const hostless = names(nodes.filter(n => isFargate(n) || isVirtualKubelet(n)));
    for (const agent of [NODE_EXPORTER, LOG_COLLECTOR, SECURITY, STORAGE]) {
      expect([...runsOn(plan, agent)].filter(n => hostless.includes(n))).toEqual([]);
    }
  });

  test('every Linux node that can host pods gets the CNI, node-exporter, Fluent Bit and Falco, whatever its taints', () => {
    // Spot, system-pool, GPU, cordoned, disrupted and NotReady nodes all need their network and
    // their node agents; only Windows and host-less nodes are outside the agents' selection.
    const linux = names(nodes.filter(n => !isWindows(n) && !isFargate(n) && !isVirtualKubelet(n)));
    for (const agent of [CNI, NODE_EXPORTER, LOG_COLLECTOR, SECURITY]) {
      expect(linux.filter(n => !runsOn(plan, agent).has(n))).toEqual([]);
    }
  });
});

describe('EKS', () => {
  const nodes = nodesOf('eks');
  const plan = planFor(nodes);
  const fargate = names(nodes.filter(isFargate));

  test('the EBS CSI node plugin runs on every Linux EC2 node, tainted ones included, and on no Fargate node', () => {
    const runs = runsOn(plan, STORAGE);
    expect(names(nodes.filter(n => !isWindows(n) && !isFargate(n))).filter(n => !runs.has(n))).toEqual([]);
    expect(fargate.filter(n => runs.has(n))).toEqual([]);
  });

  test('the inventory has Fargate nodes, tainted as EKS taints them', () => {
    expect(fargate).toHaveLength(2);
    for (const n of nodes.filter(isFargate)) {
      expect(n.spec.taints).toEqual([{ key: 'eks.amazonaws.com/compute-type', value: 'fargate', effect: 'NoSchedule' }]);
    }
  });

  // The CNI tolerates every taint, so only its selection keeps it off Fargate nodes, which run no
  // DaemonSet pods: they are outside its intended nodes, not gaps in its coverage.
  test('the CNI never runs on Fargate nodes: its selection leaves them out', () => {
    expect([...runsOn(plan, CNI)].filter(n => fargate.includes(n))).toEqual([]);
    const cni = plan.daemonSets.find(d => `${d.namespace}/${d.name}` === CNI)!;
    for (const name of fargate) expect(cni.nodes.find(p => p.node === name)!.reason).toBe(PlacementReason.NODE_AFFINITY_MISMATCH);
    expect(cni.warnings.filter(w => fargate.includes(w.node))).toEqual([]);
  });

  test('Karpenter nodes, Bottlerocket arm64 nodes and the tainted GPU NodePool get the Linux agents', () => {
    const wanted = names(nodes.filter(n => label(n, 'karpenter.sh/nodepool') !== undefined
      || label(n, 'eks.amazonaws.com/nodegroup') === 'bottlerocket-arm'));
    expect(wanted).toHaveLength(5);
    for (const agent of [CNI, NODE_EXPORTER, LOG_COLLECTOR]) {
      expect(wanted.filter(n => !runsOn(plan, agent).has(n))).toEqual([]);
    }
  });

  test('the GPU monitor runs on the managed node group GPU node and the tainted Karpenter GPU node', () => {
    expect([...runsOn(plan, GPU_MONITOR)].sort()).toEqual(names(nodes.filter(isGpu)).sort());
  });
});

describe('GKE', () => {
  const nodes = nodesOf('gke');
  const plan = planFor(nodes);

  test('the Windows pool is tainted node.kubernetes.io/os=windows and gets no Linux agent', () => {
    const windows = nodes.filter(isWindows);
    expect(windows).toHaveLength(2);
    for (const n of windows) expect(n.spec.taints).toContainEqual({ key: 'node.kubernetes.io/os', value: 'windows', effect: 'NoSchedule' });
    for (const agent of AGENTS) expect([...runsOn(plan, agent)].filter(n => names(windows).includes(n))).toEqual([]);
  });

  test('the GPU monitor tolerates the nvidia.com/gpu=present taint GKE puts on GPU node pools', () => {
    // GKE labels its GPU nodes cloud.google.com/gke-accelerator, which the GPU monitor's default
    // selection does not read; with the selection removed, its tolerations alone admit the GPU pool.
    const gpu = names(nodes.filter(isGpu));
    expect(gpu).toHaveLength(2);
    const unselected = daemonSets().map(d => (`${d.metadata.namespace}/${d.metadata.name}` === GPU_MONITOR ? withoutNodeSelection(d) : d));
    const reach = runsOn(planFor(nodes, unselected), GPU_MONITOR);
    expect(gpu.filter(n => !reach.has(n))).toEqual([]);
  });
});

describe('AKS', () => {
  const nodes = nodesOf('aks');
  const plan = planFor(nodes);
  const virtual = nodes.filter(isVirtualKubelet);

  test('the system pool carries CriticalAddonsOnly and still gets every Linux agent', () => {
    const system = nodes.filter(n => label(n, 'kubernetes.azure.com/mode') === 'system');
    expect(system).toHaveLength(3);
    for (const n of system) expect(taintKeys(n)).toEqual(['CriticalAddonsOnly']);
    for (const agent of [CNI, NODE_EXPORTER, LOG_COLLECTOR]) {
      expect(names(system).filter(n => !runsOn(plan, agent).has(n))).toEqual([]);
    }
  });

  test('the GPU monitor covers the GPU pool AKS documents with sku=gpu:NoSchedule: it tolerates that taint', () => {
    // Every GPU node pool example in AKS's documentation taints the pool sku=gpu:NoSchedule.
    const gpu = nodes.filter(isGpu);
    expect(gpu).toHaveLength(2);
    const gpuMonitor = plan.daemonSets.find(d => `${d.namespace}/${d.name}` === GPU_MONITOR)!;
    for (const n of gpu) {
      expect(n.spec.taints).toEqual([{ key: 'sku', value: 'gpu', effect: 'NoSchedule' }]);
      expect(gpuMonitor.nodes.find(p => p.node === n.metadata.name)!.reason).toBe(PlacementReason.ELIGIBLE);
      expect(runsOn(plan, GPU_MONITOR).has(n.metadata.name)).toBe(true);
    }
  });

  test('the ACI virtual node gets no agent: it is tainted virtual-kubelet.io/provider and has no kubernetes.io/os label', () => {
    expect(virtual).toHaveLength(1);
    expect(virtual[0].spec.taints).toEqual([{ key: 'virtual-kubelet.io/provider', value: 'azure', effect: 'NoSchedule' }]);
    for (const agent of AGENTS) expect(runsOn(plan, agent).has(virtual[0].metadata.name)).toBe(false);
  });

  // Issue 12, item 4: AKS's reserved-label table (articles/aks/use-labels.md) lists kubernetes.io/os as
  // set on virtual nodes too; a virtual node that carries it matches flannel's nodeSelector, and
  // flannel tolerates the virtual-kubelet taint, so the controller creates a pod ACI never runs.
  test('the CNI never runs on a virtual-kubelet node, even one labelled kubernetes.io/os=linux', () => {
    const labelled = JSON.parse(JSON.stringify(virtual[0]));
    labelled.metadata.labels['kubernetes.io/os'] = 'linux';
    expect(runsOn(planFor([labelled]), CNI).has(labelled.metadata.name)).toBe(false);
  });
});

describe('kubeadm', () => {
  const nodes = nodesOf('kubeadm');
  const plan = planFor(nodes);
  const controlPlane = names(nodes.filter(isControlPlane));

  test('every agent tolerates the control-plane taint', () => {
    expect(controlPlane).toEqual(['cp-1', 'cp-2', 'cp-3']);
    // The GPU monitor's node selection keeps it off these (GPU-less) nodes; its tolerations alone
    // must still admit them, for the single-node and small clusters whose control plane has the GPU.
    const unselected = daemonSets().map(withoutNodeSelection);
    const planned = planFor(nodes, unselected);
    for (const agent of AGENTS) {
      expect(controlPlane.filter(n => !runsOn(planned, agent).has(n))).toEqual([]);
    }
  });

  test('the node NotReady before its CNI gets the CNI', () => {
    const notReady = nodes.filter(n => n.status.conditions.some((c: any) => c.type === 'Ready' && c.status === 'False'));
    expect(names(notReady)).toEqual(['worker-5']);
    expect(notReady[0].spec.taints).toEqual([{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]);
    expect(runsOn(plan, CNI).has('worker-5')).toBe(true);
  });

  test('the GPU monitor runs on the GPU worker and nowhere else', () => {
    expect([...runsOn(plan, GPU_MONITOR)]).toEqual(['gpu-1']);
  });

  test('the cordoned node keeps its agents', () => {
    expect(nodes.find(n => n.metadata.name === 'worker-4').spec.unschedulable).toBe(true);
    for (const agent of [CNI, NODE_EXPORTER, LOG_COLLECTOR]) expect(runsOn(plan, agent).has('worker-4')).toBe(true);
  });
});
