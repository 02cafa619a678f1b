import { Node, NodeLabelQuery } from 'cdk8s-plus-28';
import { agent, podSpecOf } from './fixtures';
import { NodeRequirement, NodeSelection, NodeSelectorOperator } from '../../src';
import { newChart, synth } from '../support/manifests';

/** gpuNodes()'s alternatives, in order (src/base/gpu-node-labels.ts cites each). */
const GPU_TERMS = [
  { key: 'nvidia.com/gpu.present', operator: 'In', values: ['true'] },
  { key: 'feature.node.kubernetes.io/pci-10de.present', operator: 'In', values: ['true'] },
  { key: 'feature.node.kubernetes.io/pci-0300_10de.present', operator: 'In', values: ['true'] },
  { key: 'feature.node.kubernetes.io/pci-0302_10de.present', operator: 'In', values: ['true'] },
  { key: 'cloud.google.com/gke-accelerator', operator: 'Exists' },
  { key: 'k8s.amazonaws.com/accelerator', operator: 'Exists' },
  { key: 'karpenter.k8s.aws/instance-gpu-manufacturer', operator: 'In', values: ['nvidia'] },
  { key: 'eks.amazonaws.com/instance-gpu-manufacturer', operator: 'In', values: ['nvidia'] },
  { key: 'kubernetes.azure.com/accelerator', operator: 'In', values: ['nvidia'] },
];

describe('NodeSelection', () => {
  test('all() sets neither nodeSelector nor affinity', () => {
    const chart = newChart();
    agent(chart, { nodeSelection: NodeSelection.all() });
    const pod = podSpecOf(chart);
    expect(pod.nodeSelector).toBeUndefined();
    expect(pod.affinity).toBeUndefined();
  });

  test('labels() is a real nodeSelector', () => {
    const chart = newChart();
    agent(chart, { nodeSelection: NodeSelection.labels({ 'node.kubernetes.io/pool': 'system', 'disk': 'ssd' }) });
    expect(podSpecOf(chart).nodeSelector).toEqual({ 'node.kubernetes.io/pool': 'system', 'disk': 'ssd' });
  });

  test('linux() selects kubernetes.io/os=linux', () => {
    const chart = newChart();
    agent(chart, { nodeSelection: NodeSelection.linux() });
    expect(podSpecOf(chart).nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
  });

  test('excludeVirtualNodes() is one term with NotIn fargate and NotIn virtual-kubelet', () => {
    const chart = newChart();
    agent(chart, { nodeSelection: NodeSelection.excludeVirtualNodes() });
    expect(podSpecOf(chart).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([{
      matchExpressions: [
        { key: 'eks.amazonaws.com/compute-type', operator: 'NotIn', values: ['fargate'] },
        { key: 'type', operator: 'NotIn', values: ['virtual-kubelet'] },
      ],
    }]);
  });

  test('gpuNodes() ORs the GPU Operator label, the NFD PCI labels and the GKE, EKS, Karpenter and AKS GPU labels', () => {
    const chart = newChart();
    agent(chart, { nodeSelection: NodeSelection.gpuNodes() });
    expect(podSpecOf(chart).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms)
      .toEqual(GPU_TERMS.map(expression => ({ matchExpressions: [expression] })));
  });

  test('nodePool() selects a named pool label', () => {
    const chart = newChart();
    agent(chart, { nodeSelection: NodeSelection.nodePool('cloud.google.com/gke-nodepool', 'system') });
    expect(podSpecOf(chart).nodeSelector).toEqual({ 'cloud.google.com/gke-nodepool': 'system' });
  });

  test('and() keeps the nodeSelector and distributes ORed terms over ANDed ones', () => {
    const selection = NodeSelection.linux().and(NodeSelection.excludeVirtualNodes(), NodeSelection.gpuNodes());
    expect(selection.toNodeSelector()).toEqual({ 'kubernetes.io/os': 'linux' });
    const notVirtual = [
      { key: 'eks.amazonaws.com/compute-type', operator: 'NotIn', values: ['fargate'] },
      { key: 'type', operator: 'NotIn', values: ['virtual-kubelet'] },
    ];
    expect(selection.toNodeSelectorTerms()).toEqual(GPU_TERMS.map(expression => ({ matchExpressions: [...notVirtual, expression] })));
  });

  test('anyOf() turns labels into In requirements, since a nodeSelector cannot be ORed', () => {
    const selection = NodeSelection.anyOf(NodeSelection.labels({ pool: 'a' }), NodeSelection.labels({ pool: 'b' }));
    expect(selection.toNodeSelector()).toBeUndefined();
    expect(selection.toNodeSelectorTerms()).toEqual([
      { matchExpressions: [{ key: 'pool', operator: 'In', values: ['a'] }] },
      { matchExpressions: [{ key: 'pool', operator: 'In', values: ['b'] }] },
    ]);
  });

  test('all() ANDed with a selection is that selection, either way round', () => {
    const linux = NodeSelection.linux();
    expect(NodeSelection.all().and(linux)).toBe(linux);
    expect(linux.and(NodeSelection.all())).toBe(linux);
  });

  test('a selection reports the same problems at every call, whatever a caller did to an earlier list', () => {
    const none = NodeSelection.anyOf();
    const first = none._problems('nodeSelection');
    expect(first).toEqual([expect.objectContaining({ property: 'nodeSelection.terms' })]);
    first.push({ property: 'x', value: 1, expected: 'y' });
    first.length = 0;
    expect(none._problems('nodeSelection')).toEqual([expect.objectContaining({ property: 'nodeSelection.terms' })]);
    expect(none._problems('other')).toEqual([expect.objectContaining({ property: 'other.terms' })]);
  });

  test('anyOf() with all() among its choices selects every node', () => {
    const selection = NodeSelection.anyOf(NodeSelection.labels({ pool: 'a' }), NodeSelection.all());
    expect(selection.toNodeSelector()).toBeUndefined();
    expect(selection.toNodeSelectorTerms()).toBeUndefined();
  });

  test('every operator renders with its values', () => {
    const selection = NodeSelection.matching(
      NodeRequirement.in('a', 'x', 'y'), NodeRequirement.notIn('b', 'z'), NodeRequirement.exists('c'),
      NodeRequirement.doesNotExist('d'), NodeRequirement.gt('cores', 4), NodeRequirement.lt('cores', 64),
    );
    expect(selection.toNodeSelectorTerms()![0].matchExpressions).toEqual([
      { key: 'a', operator: 'In', values: ['x', 'y'] },
      { key: 'b', operator: 'NotIn', values: ['z'] },
      { key: 'c', operator: 'Exists' },
      { key: 'd', operator: 'DoesNotExist' },
      { key: 'cores', operator: 'Gt', values: ['4'] },
      { key: 'cores', operator: 'Lt', values: ['64'] },
    ]);
  });

  test('selectNodes() ANDs a further restriction onto the props selection', () => {
    const chart = newChart();
    const a = agent(chart, { nodeSelection: NodeSelection.linux() });
    a.selectNodes(NodeSelection.labels({ pool: 'system' }));
    expect(podSpecOf(chart).nodeSelector).toEqual({ 'kubernetes.io/os': 'linux', 'pool': 'system' });
  });

  test('the agent terms are ANDed with cdk8s-plus scheduling terms', () => {
    const chart = newChart();
    const a = agent(chart, { nodeSelection: NodeSelection.excludeVirtualNodes() });
    a.scheduling.attract(Node.labeled(NodeLabelQuery.is('zone', 'a')));
    const terms = podSpecOf(chart).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
    expect(terms).toHaveLength(1);
    expect(terms[0].matchExpressions.map((e: any) => e.key)).toEqual(['zone', 'eks.amazonaws.com/compute-type', 'type']);
  });

  describe('rejects', () => {
    test('rejects In without values', () => {
      expect(() => agent(newChart(), { nodeSelection: NodeSelection.matching(NodeRequirement.in('pool')) }))
        .toThrow(/test\/agent: invalid nodeSelection\.terms\[0\]\[0\]\.values: \[\]\. In needs at least one value/);
    });
    test('rejects Exists with values', () => {
      expect(() => agent(newChart(), { nodeSelection: NodeSelection.matching(NodeRequirement.of({ key: 'gpu', operator: NodeSelectorOperator.EXISTS, values: ['x'] })) }))
        .toThrow(/invalid nodeSelection\.terms\[0\]\[0\]\.values: \["x"\]\. Exists takes no values/);
    });
    test('rejects Gt with a non-integer value', () => {
      expect(() => agent(newChart(), { nodeSelection: NodeSelection.matching(NodeRequirement.of({ key: 'cores', operator: NodeSelectorOperator.GT, values: ['four'] })) }))
        .toThrow(/invalid nodeSelection\.terms\[0\]\[0\]\.values: \["four"\]\. Gt takes exactly one integer value/);
    });
    test('rejects Lt with two values', () => {
      expect(() => agent(newChart(), { nodeSelection: NodeSelection.matching(NodeRequirement.of({ key: 'cores', operator: NodeSelectorOperator.LT, values: ['1', '2'] })) }))
        .toThrow(/Lt takes exactly one integer value/);
    });
    test('rejects an unknown operator where the requirement is made', () => {
      expect(() => agent(newChart(), { nodeSelection: NodeSelection.matching(NodeRequirement.of({ key: 'a', operator: 'Near' as NodeSelectorOperator })) }))
        .toThrow(/^NodeRequirement\.of: invalid operator: "Near"\. Give one of NodeSelectorOperator: "In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"/);
    });
    test('rejects an invalid label key', () => {
      expect(() => agent(newChart(), { nodeSelection: NodeSelection.labels({ 'bad key!': 'x' }) }))
        .toThrow(/invalid nodeSelection\.nodeSelector key: "bad key!"\. Use a qualified name/);
    });
    test('rejects an invalid label value', () => {
      expect(() => agent(newChart(), { nodeSelection: NodeSelection.labels({ pool: 'no spaces' }) }))
        .toThrow(/invalid nodeSelection\.nodeSelector\[pool\]: "no spaces"\. Use at most 63 characters/);
    });
    test('rejects an empty term, which Kubernetes skips', () => {
      expect(() => agent(newChart(), { nodeSelection: NodeSelection.matching() }))
        .toThrow(/invalid nodeSelection\.terms\[0\]: \[\]\. An empty term is skipped/);
    });
    test('rejects two values for one nodeSelector label', () => {
      expect(() => agent(newChart(), { nodeSelection: NodeSelection.linux().and(NodeSelection.labels({ 'kubernetes.io/os': 'windows' })) }))
        .toThrow(/invalid nodeSelection \(kubernetes\.io\/os\): \["linux","windows"\]\. A node has one value per label/);
    });
  });
});

describe('NodeSelection that no node can match', () => {
  const rejects = (selection: () => NodeSelection) => () => agent(newChart(), { nodeSelection: selection() });

  test('rejects In and DoesNotExist on one key', () => {
    expect(rejects(() => NodeSelection.matching(NodeRequirement.in('pool', 'a'), NodeRequirement.doesNotExist('pool'))))
      .toThrow(/^test\/agent: invalid nodeSelection: .*No node can match it \(pool must both exist and not exist\), so the agent would run nowhere/);
  });

  test('rejects a label and NotIn of its value', () => {
    expect(rejects(() => NodeSelection.labels({ pool: 'x' }).and(NodeSelection.matching(NodeRequirement.notIn('pool', 'x')))))
      .toThrow(/No node can match it \(no value of pool is allowed by every requirement\)/);
  });

  test('rejects Gt and Lt with no integer between them, and In values outside them', () => {
    expect(rejects(() => NodeSelection.matching(NodeRequirement.gt('cpus', 8), NodeRequirement.lt('cpus', 9))))
      .toThrow(/no integer value of cpus lies between the Gt and Lt bounds/);
    expect(rejects(() => NodeSelection.matching(NodeRequirement.in('cpus', '4', 'x'), NodeRequirement.gt('cpus', 8))))
      .toThrow(/no value of cpus is allowed by every requirement/);
  });

  test('rejects an anyOf whose every alternative contradicts the nodeSelector', () => {
    expect(rejects(() => NodeSelection.labels({ pool: 'a' }).and(NodeSelection.anyOf(NodeSelection.labels({ pool: 'b' }), NodeSelection.labels({ pool: 'c' })))))
      .toThrow(/No node can match it/);
  });

  test('rejects an anyOf alternative that contradicts itself (it is not silently rewritten)', () => {
    expect(rejects(() => NodeSelection.anyOf(NodeSelection.labels({ pool: 'a' }).and(NodeSelection.labels({ pool: 'b' })), NodeSelection.linux())))
      .toThrow(/invalid nodeSelection \(pool\): \["a","b"\]/);
  });

  test('accepts what some node can match, and drops only pairs that can never match', () => {
    const chart = newChart();
    agent(chart, {
      nodeSelection: NodeSelection.anyOf(NodeSelection.labels({ pool: 'a' }), NodeSelection.labels({ pool: 'b' }))
        .and(NodeSelection.anyOf(NodeSelection.labels({ pool: 'a' }), NodeSelection.labels({ zone: 'x' }))),
    });
    const terms = podSpecOf(chart).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
    // pool=a & pool=a, pool=a & zone=x, pool=b & zone=x; pool=b & pool=a can never match.
    expect(terms).toHaveLength(3);
    expect(JSON.stringify(terms)).not.toMatch(/"values":\["b"\]\},\{"key":"pool","operator":"In","values":\["a"\]/);
  });

  test('accepts NotIn with a value other than the label, Gt and Lt with room, Exists with In', () => {
    for (const selection of [
      NodeSelection.labels({ pool: 'x' }).and(NodeSelection.matching(NodeRequirement.notIn('pool', 'y'))),
      NodeSelection.matching(NodeRequirement.gt('cpus', 8), NodeRequirement.lt('cpus', 10)),
      NodeSelection.matching(NodeRequirement.exists('pool'), NodeRequirement.in('pool', 'a')),
      NodeSelection.matching(NodeRequirement.notIn('pool', 'a'), NodeRequirement.doesNotExist('pool')),
    ]) {
      expect(() => synth(((c) => { agent(c, { nodeSelection: selection }); return c; })(newChart()))).not.toThrow();
    }
  });
});
