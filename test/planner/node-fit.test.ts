/**
 * "Would stay Pending" as kube-scheduler's NodeResourcesFit decides it: every DaemonSet pod planned
 * on a node counts against its allocatable together, a pod takes a pod slot, RuntimeClass overhead
 * is added, a node without allocatable has none; nodes that run no DaemonSet pods and pods of
 * another OS are reported for what they are. Coverage counts these as gaps.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { daemonSet, errorOf, node, requiredAffinity } from './builders';
import { CoveragePlanner, PlanWarningKind, type DaemonSetPlan } from '../../src/planner';

const requesting = (name: string, cpu: string, memory: string, extra: any = {}) =>
  daemonSet(name, { containers: [{ name: 'c', resources: { requests: { cpu, memory } } }], ...extra }, {}, 'agents');
const small = (name = 'small') => node(name, { allocatable: { cpu: '250m', memory: '256Mi', pods: '110' } });
const kinds = (ds: DaemonSetPlan) => ds.warnings.map(w => [w.node, w.kind]);

describe('DaemonSets that fit a node alone but not together', () => {
  // The example's flannel, node-exporter and Fluent Bit ask 302m/358Mi together.
  const three = [requesting('flannel', '100m', '50Mi'), requesting('node-exporter', '102m', '180Mi'), requesting('fluent-bit', '100m', '128Mi')];

  test('each of them is warned on the small node, naming the others and the sums; none on a large node', () => {
    const plan = CoveragePlanner.plan(three, [small(), node('large')]);
    for (const ds of plan.daemonSets) {
      expect(kinds(ds)).toEqual([['small', PlanWarningKind.NODE_OVERCOMMITTED]]);
      expect(ds.warnings[0].message).toBe('the 3 DaemonSet pods that fit here alone (agents/flannel, agents/node-exporter, agents/fluent-bit) request '
        + 'cpu 302m, memory 358Mi together, but the node\'s allocatable is cpu 250m, memory 256Mi; which of them stay Pending depends on the order they are created');
      expect([ds.intendedNodes, ds.runningNodes]).toEqual([2, 1]);
    }
  });

  test('a DaemonSet that requests none of the exhausted resources is not warned', () => {
    const cpuOnly = [requesting('a', '200m', '10Mi'), requesting('b', '200m', '10Mi'), daemonSet('free', {}, {}, 'agents')];
    const plan = CoveragePlanner.plan(cpuOnly, [small()]);
    expect(plan.daemonSets.map(kinds)).toEqual([[['small', 'NodeOvercommitted']], [['small', 'NodeOvercommitted']], []]);
  });

  test('one that does not fit alone is InsufficientResources, and the rest are summed without it', () => {
    const plan = CoveragePlanner.plan([requesting('huge', '1', '1Mi'), requesting('a', '100m', '10Mi'), requesting('b', '100m', '10Mi')], [small()]);
    expect(plan.daemonSets.map(kinds)).toEqual([[['small', 'InsufficientResources']], [], []]);
    expect(plan.footprint.nodes[0]).toMatchObject({ pods: 3, cpuMillis: 1200, overcommitted: true });
  });
});

describe('pod slots', () => {
  test('"Too many pods": more DaemonSets than allocatable pods, counting DaemonSet pods only', () => {
    const plan = CoveragePlanner.plan([daemonSet('a'), daemonSet('b'), daemonSet('c')], [node('tight', { allocatable: { cpu: '4', memory: '8Gi', pods: '2' } })]);
    for (const ds of plan.daemonSets) {
      expect(ds.warnings.map(w => w.message)).toEqual(['the 3 DaemonSet pods that fit here alone (default/a, default/b, default/c) request pods 3 together, '
        + 'but the node\'s allocatable is pods 2 (DaemonSet pods only: other pods on the node are not known to the plan); which of them stay Pending depends on the order they are created']);
    }
  });

  test('a node whose allocatable lists no pods has none, as for the scheduler', () => {
    const [ds] = CoveragePlanner.plan([daemonSet('a')], [node('n', { allocatable: { cpu: '4' } })]).daemonSets;
    expect(ds.warnings[0].message).toBe('the pod requests pods 1 but the node\'s allocatable is pods 0 (the node\'s allocatable lists no pods, which the scheduler counts as zero); it stays Pending');
  });
});

test('a node that reports no allocatable has zero of everything: every pod stays Pending', () => {
  const [ds] = CoveragePlanner.plan([requesting('a', '10m', '1Mi')], [node('bare', { allocatable: null })]).daemonSets;
  expect(ds.warnings.map(w => w.message)).toEqual(['the pod requests cpu 10m, memory 1Mi, pods 1 but the node\'s allocatable is cpu 0, memory 0, pods 0 '
    + '(the node reports no status.allocatable, which the scheduler counts as zero); it stays Pending']);
  expect(ds.runningNodes).toBe(0);
});

describe('RuntimeClass overhead', () => {
  const kata = { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'kata' }, handler: 'kata', overhead: { podFixed: { cpu: '200m', memory: '160Mi' } } };
  const sandboxed = requesting('sandboxed', '100m', '64Mi', { runtimeClassName: 'kata' });

  test('is added to the requests of the pods that name it', () => {
    const [ds] = CoveragePlanner.plan([sandboxed], [small()], [kata]).daemonSets;
    expect(ds.warnings.map(w => w.message)).toEqual(['the pod requests cpu 300m but the node\'s allocatable is cpu 250m; it stays Pending']);
    expect(CoveragePlanner.plan([sandboxed], [small()], [kata]).footprint.nodes[0]).toMatchObject({ cpuMillis: 300, memoryBytes: 224 * 2 ** 20 });
  });

  test('a RuntimeClass that is not among the inputs adds nothing', () => {
    expect(CoveragePlanner.plan([sandboxed], [small()]).daemonSets[0].warnings).toEqual([]);
  });

  test('CoveragePlanner.fromFiles reads RuntimeClasses beside the DaemonSets', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runtime-class-'));
    fs.writeFileSync(path.join(dir, 'app.yaml'), [kata, sandboxed].map(o => JSON.stringify(o)).join('\n---\n'));
    fs.writeFileSync(path.join(dir, 'nodes.json'), JSON.stringify([small()]));
    try {
      expect(CoveragePlanner.fromFiles([path.join(dir, 'app.yaml')], path.join(dir, 'nodes.json')).daemonSets[0].warnings).toHaveLength(1);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  test('rejects an overhead that is not a quantity, naming the RuntimeClass', () => {
    const bad = { ...kata, overhead: { podFixed: { cpu: 'lots' } } };
    expect(errorOf(() => CoveragePlanner.plan([sandboxed], [small()], [bad])))
      .toBe('RuntimeClass kata (input 0): overhead.podFixed.cpu: "lots" is not a non-negative Kubernetes quantity (e.g. 250m, 120Mi)');
  });

  test('rejects runtimeClasses that are not a list, naming the argument', () => {
    expect(errorOf(() => CoveragePlanner.plan([sandboxed], [small()], kata as any))).toContain('CoveragePlanner.plan: invalid runtimeClasses');
  });
});

describe('nodes that run no DaemonSet pods', () => {
  const cni = daemonSet('cni', { tolerations: [{ operator: 'Exists' }] }, {}, 'kube-system');

  test.each([
    ['EKS Fargate', { labels: { 'eks.amazonaws.com/compute-type': 'fargate' }, taints: [{ key: 'eks.amazonaws.com/compute-type', value: 'fargate', effect: 'NoSchedule' }] }, 'an EKS Fargate node'],
    ['virtual-kubelet by its label', { labels: { type: 'virtual-kubelet' } }, 'a virtual-kubelet node'],
    ['virtual-kubelet by its taint', { taints: [{ key: 'virtual-kubelet.io/provider', value: 'azure', effect: 'NoSchedule' }] }, 'a virtual-kubelet node'],
  ])('%s: the pod is created but stays Pending, and takes nothing from the node', (_d, opts, says) => {
    const plan = CoveragePlanner.plan([cni], [node('hostless', opts)]);
    const [ds] = plan.daemonSets;
    expect([ds.coveredNodes, ds.intendedNodes, ds.runningNodes]).toEqual([1, 1, 0]);
    expect(kinds(ds)).toEqual([['hostless', PlanWarningKind.NODE_RUNS_NO_DAEMON_PODS]]);
    expect(ds.warnings[0].message).toMatch(new RegExp(`^${says} .* runs no DaemonSet pods; the pod stays Pending$`));
    expect(plan.footprint.nodes[0].pods).toBe(0);
  });
});

describe('verdicts are worked out per group of alike nodes, never shared across a difference the check reads', () => {
  const pair = [requesting('a', '200m', '100Mi'), requesting('b', '200m', '100Mi')];

  test('nodes with the same labels but different allocatable get their own verdicts', () => {
    const twins = [node('large', { labels: { pool: 'web' } }), node('small', { labels: { pool: 'web' }, allocatable: { cpu: '250m', memory: '1Gi', pods: '110' } })];
    const plan = CoveragePlanner.plan(pair, twins);
    expect(plan.daemonSets.map(kinds)).toEqual([[['small', 'NodeOvercommitted']], [['small', 'NodeOvercommitted']]]);
    expect(plan.footprint.nodes.map(n => n.overcommitted)).toEqual([false, true]);
  });

  test('a Fargate node and a virtual-kubelet node with equal allocatable each get their own reason', () => {
    const [ds] = CoveragePlanner.plan([daemonSet('a')], [
      node('fargate', { labels: { 'eks.amazonaws.com/compute-type': 'fargate' } }), node('virtual', { labels: { type: 'virtual-kubelet' } }),
    ]).daemonSets;
    expect(ds.warnings.map(w => [w.node, w.message.split(' (')[0]])).toEqual([['fargate', 'an EKS Fargate node'], ['virtual', 'a virtual-kubelet node']]);
  });

  test('a node without allocatable and one with an empty allocatable get their own explanations', () => {
    const [ds] = CoveragePlanner.plan([daemonSet('a')], [node('none', { allocatable: null }), node('empty', { allocatable: {} })]).daemonSets;
    expect(ds.warnings.map(w => [w.node, w.message])).toEqual([
      ['none', 'the pod requests pods 1 but the node\'s allocatable is pods 0 (the node reports no status.allocatable, which the scheduler counts as zero); it stays Pending'],
      ['empty', 'the pod requests pods 1 but the node\'s allocatable is pods 0 (the node\'s allocatable lists no pods, which the scheduler counts as zero); it stays Pending'],
    ]);
  });

  test('the OS label counts though no rule reads it', () => {
    const [ds] = CoveragePlanner.plan([daemonSet('win-agent', { os: { name: 'windows' } })], [
      node('lin', { labels: { 'kubernetes.io/os': 'linux' } }), node('win', { labels: { 'kubernetes.io/os': 'windows' } }),
    ]).daemonSets;
    expect(kinds(ds)).toEqual([['lin', 'UnservedOperatingSystem']]);
  });

  test('nodes alike but for their names: a rule that reads names places a DaemonSet on one, and only that one is over-committed', () => {
    const twins = [small('twin-1'), small('twin-2')];
    const notOnTwin2 = requesting('c', '100m', '10Mi', requiredAffinity({ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['twin-2'] }] }));
    const plan = CoveragePlanner.plan([requesting('a', '100m', '10Mi'), requesting('b', '100m', '10Mi'), notOnTwin2], twins);
    expect(plan.daemonSets.map(kinds)).toEqual([[['twin-1', 'NodeOvercommitted']], [['twin-1', 'NodeOvercommitted']], [['twin-1', 'NodeOvercommitted']]]);
    expect(plan.daemonSets.map(ds => ds.runningNodes)).toEqual([1, 1, 0]);
    expect(plan.footprint.nodes.map(n => [n.node, n.pods, n.overcommitted])).toEqual([['twin-1', 3, true], ['twin-2', 2, false]]);
  });

  test('a warning with the same words for several DaemonSets on a node is one frozen object', () => {
    const plan = CoveragePlanner.plan(pair, [small()]);
    const [a, b] = plan.daemonSets.map(ds => ds.warnings[0]);
    expect(a).toBe(b);
    expect(Object.isFrozen(a)).toBe(true);
  });
});

test('a pod whose spec.os.name is not the node\'s OS is rejected by the kubelet', () => {
  const windowsAgent = daemonSet('win-agent', { os: { name: 'windows' } });
  const [ds] = CoveragePlanner.plan([windowsAgent], [node('lin', { labels: { 'kubernetes.io/os': 'linux' } }), node('win', { labels: { 'kubernetes.io/os': 'windows' } })]).daemonSets;
  expect(ds.warnings.map(w => [w.node, w.kind, w.message])).toEqual([
    ['lin', PlanWarningKind.UNSERVED_OPERATING_SYSTEM, 'the pod\'s spec.os.name is windows but the node\'s kubernetes.io/os is linux: the kubelet rejects it (PodOSNotSupported)'],
  ]);
});
